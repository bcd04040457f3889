"""Sphinx configuration: numpydoc API pages, a sphinx-gallery, no network.

The build reads nothing from the network and the pages it writes load
nothing from it: the intersphinx inventories of scikit-learn, Python, NumPy
and joblib are written from the installed packages at build time
(``sphinxext/offline_inventories.py``) and MathJax comes from the
``sphinx-mathjax-offline`` package (``docs`` extra), copied into
``_static/mathjax``. The build is nitpicky: with ``-W``, a cross-reference
that resolves nowhere fails it. ``test_built_docs.py`` checks the built
pages, after the build.
"""

import os
import re
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))
sys.path.insert(0, str(DOCS / "sphinxext"))
os.environ.setdefault("MPLBACKEND", "Agg")
# The examples are small, and run fastest on one BLAS thread: with more,
# NumPy's and SciPy's two OpenBLAS thread pools wait on each other in L-BFGS
# fits (tips.rst, "L-BFGS and BLAS threads"). Set before NumPy is imported;
# the grid search's worker processes inherit it.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
if "numpy" in sys.modules:  # too late for the variables: limit the loaded pools
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)

import gallery_order  # noqa: E402

import sklearn_mlp_np  # noqa: E402

project = "sklearn-mlp-np"
author = "The sklearn-mlp-np developers"
copyright = "2026, The sklearn-mlp-np developers"
release = version = sklearn_mlp_np.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",  # [source] links to the highlighted code, offline
    "sphinx-mathjax-offline",  # sets mathjax_path to a copy shipped with the build
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "matplotlib.sphinxext.plot_directive",
    "benchmark_report",  # sphinxext/: the benchmarks page, from benchmarks/results
    "offline_inventories",  # sphinxext/: intersphinx inventories, no network
]

# Every cross-reference must resolve: with -W, one that does not fails the
# build (a link to another project needs its object in offline_inventories).
nitpicky = True

exclude_patterns = [
    "_build",
    "examples",
    "sphinxext",
    "auto_examples/*.ipynb",
    "auto_examples/*.py",
    "auto_examples/*/*.ipynb",
    "auto_examples/*/*.py",
]
templates_path = ["_templates"]

# ---- API pages -----------------------------------------------------------------
# Every public method is documented, inherited ones included (fit lives in the
# base class, get_params / set_params / score / set_*_request in scikit-learn's),
# and numpydoc puts a methods table at the top of each class page. Nothing is
# listed by hand: a method added to an estimator appears on its page.
autosummary_generate = True
autodoc_default_options = {"members": True, "inherited-members": True}
numpydoc_show_class_members = True
numpydoc_show_inherited_class_members = True
numpydoc_class_members_toctree = False
# "predict()" rather than "NumpyMLPClassifier.predict()" in the page contents.
toc_object_entries_show_parents = "hide"

# The user-guide section each public class is explained in ("Read more in the
# User Guide", inserted after the docstring's summary as scikit-learn does).
USER_GUIDE_SECTIONS = {
    "sklearn_mlp_np.NumpyMLPClassifier": "model",
    "sklearn_mlp_np.NumpyMLPRegressor": "model",
    "sklearn_mlp_np.LossCurveDisplay": "stopping",
}

# ---- links to scikit-learn's, Python's, NumPy's and joblib's documentation -----
# offline_inventories fills the mapping with inventories it writes from the
# installed packages, so the build never fetches one.
intersphinx_mapping = {}

# ---- the gallery ---------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    # From a first network to the advanced uses: sections in this order, and
    # within each the order of gallery_order.EXAMPLE_ORDER.
    "subsection_order": [f"examples/{name}" for name in gallery_order.SECTIONS],
    "within_subsection_order": "gallery_order.ExampleOrder",
    # "Gallery examples" on each API page.
    "backreferences_dir": "generated/backreferences",
    "doc_module": ("sklearn_mlp_np",),
    "download_all_examples": False,
    # The computation-times page loads its table's scripts from CDNs.
    "write_computation_times": False,
    "matplotlib_animations": False,
    "thumbnail_size": (400, 280),
    # "# sphinx_gallery_thumbnail_number = 2" is for the gallery, not the reader.
    "remove_config_comments": True,
}

# ---- the benchmarks plot (.. plot:: in benchmarks.rst) -----------------------
plot_include_source = False
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 100)]

# ---- HTML --------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = "sklearn-mlp-np"  # the version is shown next to it (_templates/)
html_static_path = ["_static"]
html_css_files = ["custom.css"]
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "header_links_before_dropdown": 7,
    "navbar_start": ["navbar-logo", "version"],
    "navbar_persistent": ["search-button"],
    "footer_start": ["copyright"],
    "footer_end": [],
}
html_sidebars = {
    # Pages with no section navigation get the full width.
    "index": [],
    "install": [],
    "getting_started": [],
    "benchmarks": [],
    "changelog": [],
}
html_show_sourcelink = False


def _repository_url():
    """The ``Repository`` URL of the package metadata (pyproject's [project.urls])."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("sklearn-mlp-np").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in {"repository", "source", "source code"}:
            return url.strip()
    return None


_repository = _repository_url()
if _repository:
    html_theme_options["icon_links"] = [
        {
            "name": "Repository",
            "url": _repository,
            "icon": "fa-brands fa-github"
            if "github.com" in _repository
            else "fa-solid fa-code-branch",
        }
    ]


def add_user_guide_link(app, what, name, obj, options, lines):
    """Insert "Read more in the User Guide" after the summary of a class docstring."""
    label = USER_GUIDE_SECTIONS.get(name) if what == "class" else None
    if label is None:
        return
    end_of_summary = lines.index("") if "" in lines else len(lines)
    lines[end_of_summary:end_of_summary] = [
        "",
        f"Read more in the :ref:`User Guide <{label}>`.",
    ]


_VERSION_DIRECTIVE = re.compile(
    r"^(?P<indent>\s*)\.\. (?P<kind>versionadded|versionchanged|deprecated"
    r"|versionremoved)::\s*(?P<version>\S+)\s*(?P<text>.*)$"
)
_VERSION_WORDS = {
    "versionadded": "Added in",
    "versionchanged": "Changed in",
    "deprecated": "Deprecated since",
    "versionremoved": "Removed in",
}


def name_scikit_learn_versions(app, what, name, obj, options, lines):
    """Say "scikit-learn 1.3" in the version notes of inherited docstrings.

    The methods this package inherits from scikit-learn (``set_output``,
    ``set_fit_request``, ...) carry notes such as ``.. versionadded:: 1.3``,
    which Sphinx shows as "Added in version 1.3": on our pages, that reads
    as a version of this package. Each note becomes a sentence that names
    scikit-learn ("Added in scikit-learn 1.3."), its text kept.
    """
    module = getattr(obj, "__module__", None) or ""
    if module.split(".")[0] != "sklearn":
        return
    i = 0
    while i < len(lines):
        match = _VERSION_DIRECTIVE.match(lines[i])
        if not match:
            i += 1
            continue
        indent = match["indent"]
        # The directive's content: the lines after it indented deeper.
        end = i + 1
        while end < len(lines) and (
            not lines[end].strip()
            or len(lines[end]) - len(lines[end].lstrip()) > len(indent)
        ):
            end += 1
        while end > i + 1 and not lines[end - 1].strip():
            end -= 1
        body = [match["text"]] + [line.strip() for line in lines[i + 1 : end]]
        body = [line for line in body if line]
        words = f"{_VERSION_WORDS[match['kind']]} scikit-learn {match['version']}"
        sentence = (
            [f"{indent}*{words}:* " + body[0]] if body else [f"{indent}*{words}.*"]
        )
        sentence += [indent + line for line in body[1:]]
        lines[i:end] = sentence
        i += len(sentence)


def setup(app):
    # Before numpydoc (priority 500) turns the docstring's sections into reST.
    app.connect("autodoc-process-docstring", add_user_guide_link, priority=400)
    app.connect("autodoc-process-docstring", name_scikit_learn_versions, priority=400)
