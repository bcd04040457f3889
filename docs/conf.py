"""Sphinx configuration: numpydoc API pages, sphinx-gallery examples, no network."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("MPLBACKEND", "Agg")

import sklearn_mlp_np

project = "sklearn-mlp-np"
author = "The sklearn-mlp-np developers"
copyright = "2026, The sklearn-mlp-np developers"
release = version = sklearn_mlp_np.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]

autosummary_generate = True
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
autodoc_default_options = {"members": True}
# Offline build: no intersphinx inventories are fetched.
nitpicky = False

sphinx_gallery_conf = {
    "examples_dirs": "examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "within_subsection_order": "FileNameSortKey",
    "download_all_examples": False,
    "reference_url": {"sklearn_mlp_np": None},
    "matplotlib_animations": False,
}

html_theme = "pydata_sphinx_theme"
html_theme_options = {"navigation_with_keys": False, "show_toc_level": 2}
html_title = "sklearn-mlp-np"
templates_path = ["_templates"]


def skip_inherited(app, what, name, obj, skip, options):
    """Document our own methods only: scikit-learn's link into its own docs."""
    module = getattr(obj, "__module__", "") or ""
    return skip or not module.startswith("sklearn_mlp_np")


def setup(app):
    app.connect("autodoc-skip-member", skip_inherited)


exclude_patterns = ["_build", "examples", "auto_examples/*.ipynb", "auto_examples/*.py"]
