"""Intersphinx inventories written from the installed packages, at build time.

The documentation builds offline, so intersphinx cannot fetch the
``objects.inv`` of scikit-learn, Python, NumPy or joblib. This extension
writes one for each, before intersphinx reads them, holding the objects
these docs link to (the pages, the docstrings, the docstrings inherited from
scikit-learn and the gallery). Every entry is checked against the installed
package: an object that is not there stops the build, so a link can only
point at an object of the installed version. The URLs follow each site's
own scheme:

- scikit-learn: an API object ``sklearn.x.Name`` has the page
  ``modules/generated/sklearn.x.Name.html``, anchored at its full name,
  and so is each public method of a class (scikit-learn documents
  inherited methods too), at ``#sklearn.x.Name.method``; a label is the
  anchor Sphinx gives it on its page, a glossary term ``#term-<term>``;
- Python: a module ``library/<module>.html#module-<module>``;
- NumPy: ``reference/generated/numpy.<name>.html#numpy.<name>``;
- joblib: ``generated/joblib.<name>.html#joblib.<name>``.

The build is nitpicky (``conf.py``): a reference to an object missing here
is an error, and the fix is to add the object to the lists below.
``test_built_docs.py`` checks the links of the built pages against the
installed packages.
"""

import importlib
import inspect
import zlib
from pathlib import Path

# Public scikit-learn objects that the docs name, each on its own page of
# scikit-learn's API reference.
SKLEARN_API = [
    "sklearn.base.BaseEstimator",
    "sklearn.base.ClassifierMixin",
    "sklearn.base.RegressorMixin",
    "sklearn.base.clone",
    "sklearn.compose.TransformedTargetRegressor",
    "sklearn.config_context",
    "sklearn.datasets.load_breast_cancer",
    "sklearn.datasets.load_diabetes",
    "sklearn.datasets.load_digits",
    "sklearn.datasets.load_iris",
    "sklearn.datasets.load_wine",
    "sklearn.datasets.make_classification",
    "sklearn.datasets.make_moons",
    "sklearn.datasets.make_multilabel_classification",
    "sklearn.datasets.make_regression",
    "sklearn.ensemble.GradientBoostingRegressor",
    "sklearn.ensemble.HistGradientBoostingClassifier",
    "sklearn.ensemble.HistGradientBoostingRegressor",
    "sklearn.exceptions.ConvergenceWarning",
    "sklearn.exceptions.NotFittedError",
    "sklearn.feature_selection.SelectFromModel",
    "sklearn.get_config",
    "sklearn.inspection.DecisionBoundaryDisplay",
    "sklearn.linear_model.LogisticRegression",
    "sklearn.linear_model.PoissonRegressor",
    "sklearn.metrics.ConfusionMatrixDisplay",
    "sklearn.metrics.accuracy_score",
    "sklearn.metrics.check_scoring",
    "sklearn.metrics.classification_report",
    "sklearn.metrics.d2_pinball_score",
    "sklearn.metrics.mean_absolute_error",
    "sklearn.metrics.mean_pinball_loss",
    "sklearn.metrics.mean_poisson_deviance",
    "sklearn.metrics.mean_squared_error",
    "sklearn.metrics.r2_score",
    "sklearn.model_selection.GridSearchCV",
    "sklearn.model_selection.RandomizedSearchCV",
    "sklearn.model_selection.cross_val_score",
    "sklearn.model_selection.train_test_split",
    "sklearn.multiclass.OneVsRestClassifier",
    "sklearn.multioutput.MultiOutputRegressor",
    "sklearn.neural_network.MLPClassifier",
    "sklearn.neural_network.MLPRegressor",
    "sklearn.pipeline.Pipeline",
    "sklearn.pipeline.make_pipeline",
    "sklearn.preprocessing.MinMaxScaler",
    "sklearn.preprocessing.RobustScaler",
    "sklearn.preprocessing.StandardScaler",
    "sklearn.set_config",
    "sklearn.utils.check_random_state",
    "sklearn.utils.metadata_routing.MetadataRequest",
]

# Labels of scikit-learn's pages: (label, page, title). Sphinx anchors a
# label at the label with "-" for "_" and ".".
SKLEARN_LABELS = [
    ("accuracy_score", "modules/model_evaluation.html", "Accuracy score"),
    (
        "df_output_transform",
        "modules/df_output_transform.html",
        "Pandas/Polars Output for Transformers with set_output API",
    ),
    ("glossary", "glossary.html", "Glossary of Common Terms and API Elements"),
    (
        "grid_search",
        "modules/grid_search.html",
        "Tuning the hyper-parameters of an estimator",
    ),
    ("metadata_routing", "metadata_routing.html", "Metadata Routing"),
    ("model_persistence", "model_persistence.html", "Model persistence"),
    (
        "neural_networks_supervised",
        "modules/neural_networks_supervised.html",
        "Neural network models (supervised)",
    ),
    (
        "preprocessing_scaler",
        "modules/preprocessing.html",
        "Standardization, or mean removal and variance scaling",
    ),
    ("r2_score", "modules/model_evaluation.html", "R² score"),
    (
        "sphx_glr_auto_examples_miscellaneous_plot_set_output.py",
        "auto_examples/miscellaneous/plot_set_output.html",
        "Introducing the set_output API",
    ),
]

# Glossary terms of scikit-learn's docstrings of the inherited methods.
SKLEARN_TERMS = ["estimator", "meta-estimator", "metadata routing", "sample_weight"]

PYTHON_MODULES = ["pickle"]
NUMPY_API = ["numpy.ndarray"]
JOBLIB_API = ["joblib.dump", "joblib.load"]

# Each inventory: its file, the site it describes and the package that says
# which version that is.
INVENTORIES = {
    "sklearn": ("https://scikit-learn.org/stable/", "sklearn"),
    "python": ("https://docs.python.org/3/", "sys"),
    "numpy": ("https://numpy.org/doc/stable/", "numpy"),
    "joblib": ("https://joblib.readthedocs.io/en/stable/", "joblib"),
}


def resolve(fullname):
    """The object ``fullname`` names in the installed packages (ImportError if none)."""
    module_name, _, attribute = fullname.rpartition(".")
    try:
        return importlib.import_module(fullname)
    except ImportError:
        if not module_name:
            raise
    try:
        return getattr(importlib.import_module(module_name), attribute)
    except AttributeError as error:
        raise ImportError(f"{fullname} is not in the installed packages") from error


def _api_entries(fullname, page):
    """Entries of one API object, documented at ``page``, with its methods."""
    obj = resolve(fullname)
    if inspect.isclass(obj):
        role = "py:exception" if issubclass(obj, BaseException) else "py:class"
        yield fullname, role, 1, f"{page}#$", "-"
        for member in dir(obj):
            if not member.startswith("_") and callable(getattr(obj, member, None)):
                yield f"{fullname}.{member}", "py:method", 1, f"{page}#$", "-"
    elif inspect.ismodule(obj):
        yield fullname, "py:module", 1, f"{page}#module-$", "-"
    else:
        yield fullname, "py:function", 1, f"{page}#$", "-"


def entries(project):
    """The inventory lines of ``project``: (name, role, priority, uri, title)."""
    if project == "sklearn":
        for fullname in SKLEARN_API:
            yield from _api_entries(fullname, f"modules/generated/{fullname}.html")
        for label, page, title in SKLEARN_LABELS:
            anchor = label.replace("_", "-").replace(".", "-")
            yield label, "std:label", -1, f"{page}#{anchor}", title
        for term in SKLEARN_TERMS:
            anchor = "term-" + term.replace(" ", "-")  # Sphinx keeps "_" in terms
            yield term, "std:term", -1, f"glossary.html#{anchor}", term
    elif project == "python":
        for module in PYTHON_MODULES:
            yield from _api_entries(module, f"library/{module}.html")
    elif project == "numpy":
        for fullname in NUMPY_API:
            page = f"reference/generated/{fullname}.html"
            yield from _api_entries(fullname, page)
    elif project == "joblib":
        for fullname in JOBLIB_API:
            yield from _api_entries(fullname, f"generated/{fullname}.html")


def _version(package):
    if package == "sys":
        import sys

        return f"{sys.version_info.major}.{sys.version_info.minor}"
    return ".".join(importlib.import_module(package).__version__.split(".")[:2])


def write_inventory(project, path):
    """Write the inventory of ``project`` to ``path`` (Sphinx's format 2)."""
    _, package = INVENTORIES[project]
    lines = [" ".join(map(str, entry)) for entry in entries(project)]
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        f"# Version: {_version(package)}\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    body = zlib.compress(("\n".join(lines) + "\n").encode())
    Path(path).write_bytes(header.encode() + body)


def _write_inventories(app, config):
    folder = Path(app.doctreedir) / "intersphinx"
    folder.mkdir(parents=True, exist_ok=True)
    for project, (url, _) in INVENTORIES.items():
        path = folder / f"{project}-objects.inv"
        write_inventory(project, path)
        config.intersphinx_mapping[project] = (url, str(path))


def setup(app):
    # Before intersphinx checks its mapping (config-inited, priority 800) and
    # reads the inventories (builder-inited).
    app.connect("config-inited", _write_inventories, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
