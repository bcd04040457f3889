"""Write ``sklearn-objects.inv``: the part of scikit-learn's inventory we link to.

The documentation builds offline, so intersphinx reads a cached inventory
from this folder instead of fetching scikit-learn's ``objects.inv``. The real
file could not be downloaded where this was written (no network to
scikit-learn.org), so this script builds one for the scikit-learn objects the
docs, the docstrings and the gallery use. Every target is a page of
scikit-learn's stable documentation, with the anchors Sphinx gives them:

- an API object ``sklearn.x.Name`` is documented on
  ``modules/generated/sklearn.x.Name.html`` at the anchor ``#sklearn.x.Name``,
  and each public method (scikit-learn documents inherited methods too) at
  ``#sklearn.x.Name.method``;
- a label is the anchor of the section it names.

To use scikit-learn's real inventory instead, save it over
``sklearn-objects.inv``: nothing else changes. Run this script with the
project's environment when the docs link a new scikit-learn object::

    python docs/_intersphinx/make_sklearn_inventory.py
"""

import importlib
import inspect
import zlib
from pathlib import Path

import sklearn

# Everything public that the docs, our docstrings (scikit-learn's inherited
# methods included) and the gallery examples name.
API = [
    "sklearn.base.BaseEstimator",
    "sklearn.base.ClassifierMixin",
    "sklearn.base.RegressorMixin",
    "sklearn.base.clone",
    "sklearn.compose.TransformedTargetRegressor",
    "sklearn.set_config",
    "sklearn.config_context",
    "sklearn.datasets.load_breast_cancer",
    "sklearn.datasets.load_digits",
    "sklearn.datasets.load_iris",
    "sklearn.datasets.make_classification",
    "sklearn.datasets.make_moons",
    "sklearn.datasets.make_regression",
    "sklearn.exceptions.ConvergenceWarning",
    "sklearn.exceptions.NotFittedError",
    "sklearn.feature_selection.SelectFromModel",
    "sklearn.inspection.DecisionBoundaryDisplay",
    "sklearn.linear_model.LogisticRegression",
    "sklearn.linear_model.PoissonRegressor",
    "sklearn.metrics.ConfusionMatrixDisplay",
    "sklearn.metrics.accuracy_score",
    "sklearn.metrics.mean_absolute_error",
    "sklearn.metrics.classification_report",
    "sklearn.metrics.mean_poisson_deviance",
    "sklearn.metrics.mean_squared_error",
    "sklearn.metrics.r2_score",
    "sklearn.model_selection.GridSearchCV",
    "sklearn.model_selection.RandomizedSearchCV",
    "sklearn.model_selection.cross_val_score",
    "sklearn.model_selection.train_test_split",
    "sklearn.neural_network.MLPClassifier",
    "sklearn.neural_network.MLPRegressor",
    "sklearn.pipeline.Pipeline",
    "sklearn.pipeline.make_pipeline",
    "sklearn.preprocessing.StandardScaler",
    "sklearn.preprocessing.MinMaxScaler",
    "sklearn.utils.check_random_state",
]

# Labels of scikit-learn's pages, (label, page, title): a label's anchor is
# the label with "-" for "_" and ".", an id the section it names always carries.
LABELS = [
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

# Glossary terms used by scikit-learn's docstrings of inherited methods.
TERMS = ["estimator", "meta-estimator", "metadata routing", "sample_weight"]


def _entries():
    for fullname in API:
        module_name, name = fullname.rsplit(".", 1)
        obj = getattr(importlib.import_module(module_name), name)
        page = f"modules/generated/{fullname}.html"
        if inspect.isclass(obj):
            role = "exception" if issubclass(obj, BaseException) else "class"
            yield fullname, f"py:{role}", 1, f"{page}#$", "-"
            for member in dir(obj):
                if member.startswith("_") or not callable(getattr(obj, member)):
                    continue
                yield f"{fullname}.{member}", "py:method", 1, f"{page}#$", "-"
        else:
            yield fullname, "py:function", 1, f"{page}#$", "-"
    for label, page, title in LABELS:
        anchor = label.replace("_", "-").replace(".", "-")
        yield label, "std:label", -1, f"{page}#{anchor}", title
    for term in TERMS:
        anchor = "term-" + term.replace(" ", "-")  # Sphinx keeps "_" in term ids
        yield term, "std:term", -1, f"glossary.html#{anchor}", term


def main():
    # One line per object: name, domain:role, priority, URI ("$" stands for
    # the name) and display name ("-" for the name itself).
    lines = [" ".join(map(str, entry)) for entry in _entries()]
    header = (
        "# Sphinx inventory version 2\n"
        "# Project: scikit-learn\n"
        f"# Version: {'.'.join(sklearn.__version__.split('.')[:2])}\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    body = zlib.compress(("\n".join(lines) + "\n").encode())
    path = Path(__file__).with_name("sklearn-objects.inv")
    path.write_bytes(header.encode() + body)
    print(f"wrote {len(lines)} entries to {path}")


if __name__ == "__main__":
    main()
