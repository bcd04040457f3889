"""Periodic embeddings of the numeric columns (PL, PLR): gradients, forward,
the estimators' fit and predict paths, persistence and warm starts."""

import io

import joblib
import numpy as np
import pandas as pd
import pytest
from sklearn import config_context
from test_gradients import (
    N_SAMPLES,
    assert_gradient_matches_finite_differences,
    make_problem,
)
from test_tabular import frame, labels

from sklearn_mlp_np import TabularMLPClassifier, TabularMLPRegressor
from sklearn_mlp_np._activations import make_activation
from sklearn_mlp_np._embeddings import (
    EmbeddingBuffers,
    EmbeddingSettings,
    EmbeddingShape,
    PeriodicEmbedding,
    frequency_scales,
    initial_embedding,
)
from sklearn_mlp_np._inference import _proved_finite, forward_in_chunks
from sklearn_mlp_np._network import Objective, ObjectiveSpec, ParameterLayout
from sklearn_mlp_np._parametrization import rate_groups

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

SMALL = dict(hidden_layer_sizes=(16, 16), max_iter=20, random_state=0)


def settings(kind, n_numeric, n_frequencies=3, dim=2, passthrough=False):
    shape = EmbeddingShape(n_numeric, n_frequencies, dim, passthrough)
    return EmbeddingSettings(kind, shape, 1.0)


def direct_embedding(X, frequencies, weights, intercepts, kind, passthrough=False):
    """The embedding written out column by column: the paper's formula."""
    units = []
    for j in range(frequencies.shape[0]):
        angles = 2 * np.pi * np.outer(X[:, j], frequencies[j])
        v = np.hstack([np.sin(angles), np.cos(angles)])
        e = v @ weights[j] + intercepts[j]
        units.append(np.maximum(e, 0) if kind == "plr" else e)
    # Passed through, every column follows the units; else the others only.
    return np.hstack([*units, X[:, 0 if passthrough else frequencies.shape[0] :]])


# ---- the objective's gradient ----------------------------------------------------

# A few of each: smooth and kinked activations, every kind of loss and penalty.
CASES = [
    ("tanh", "squared_error", "l2"),
    ("relu", "log_loss", "all"),
    ("gelu", "huber", "elasticnet"),
    ("selu", "poisson", "features"),
    ("mish", "binary_log_loss", "none"),
    ("softplus", "quantile", "l1"),
]


@pytest.mark.parametrize("passthrough", [False, True], ids=["", "passthrough"])
@pytest.mark.parametrize("input_scaling", [False, True], ids=["", "scaled"])
@pytest.mark.parametrize("n_numeric", [5, 3], ids=["numeric", "with_others"])
@pytest.mark.parametrize("kind", ["pl", "plr"])
@pytest.mark.parametrize("activation, loss_name, penalty", CASES)
def test_gradient_with_an_embedding_matches_finite_differences(
    activation, loss_name, penalty, kind, n_numeric, input_scaling, passthrough
):
    objective, X, Y, sample_weight = make_problem(
        loss_name,
        [activation] * 2,
        penalty,
        seed=11,
        input_scaling=input_scaling,
        embedding=settings(kind, n_numeric, passthrough=passthrough),
    )
    assert_gradient_matches_finite_differences(objective, X, Y, sample_weight)
    # Every part of the embedding gets a gradient.
    for grads in objective.embedding_grads:
        assert np.abs(grads).max() > 0


@pytest.mark.parametrize("kind", ["pl", "plr"])
def test_gradient_without_sample_weights_and_over_batches_of_other_sizes(kind):
    objective, X, Y, _ = make_problem(
        "log_loss", ["tanh"] * 2, "l2", seed=12, embedding=settings(kind, 4, 5, 3)
    )
    # A smaller batch first: the workspace's views for 3 rows, then for all.
    objective.loss_and_gradient(X[:3], Y[:3])
    assert_gradient_matches_finite_differences(objective, X, Y, None)


@pytest.mark.parametrize("passthrough", [False, True])
def test_the_objective_is_the_plain_network_on_the_embedded_columns(passthrough):
    embedded, X, Y, sample_weight = make_problem(
        "squared_error",
        ["tanh"] * 2,
        "l2",
        seed=13,
        input_scaling=True,
        embedding=settings("plr", 3, passthrough=passthrough),
    )
    parameters = embedded.layout.embedding_views(embedded.params)
    E = direct_embedding(X, *parameters, "plr", passthrough)
    assert E.shape[1] == 3 * 2 + (5 if passthrough else 2)
    layout = ParameterLayout(embedded.layout.layer_units, input_scaling=True)
    spec = ObjectiveSpec(
        layout,
        tuple(embedded.network.activations),
        embedded.output_loss,
        embedded.penalty,
    )
    plain = Objective(spec, embedded.params[: layout.size].copy(), N_SAMPLES)
    loss = embedded.loss_and_gradient(X, Y, sample_weight)
    expected = plain.loss_and_gradient(E, Y, sample_weight)
    assert loss == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(embedded.grad[: layout.size], plain.grad, rtol=1e-10)


# ---- the forward pass ---------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("kind", ["pl", "plr"])
@pytest.mark.parametrize("n_others", [0, 3])
@pytest.mark.parametrize("passthrough", [False, True])
def test_the_forward_pass_is_the_papers_formula(kind, n_others, dtype, passthrough):
    rng = np.random.RandomState(0)
    shape = EmbeddingShape(n_numeric=4, n_frequencies=5, dim=3, passthrough=passthrough)
    parameters = initial_embedding(shape, sigma=0.5, rng=rng, dtype=dtype)
    parameters[2] = rng.normal(size=parameters[2].shape).astype(dtype)
    embedding = PeriodicEmbedding.of(parameters, kind, passthrough)
    assert embedding.shape == shape
    X = rng.normal(size=(9, 4 + n_others)).astype(dtype)
    width = shape.width(4 + n_others)
    assert width == shape.n_outputs + n_others + (4 if passthrough else 0)
    buffers = EmbeddingBuffers(shape, width, 12, dtype)
    rows = buffers.rows(9)
    E = embedding.inplace_forward(X, rows)
    assert E is rows.inputs and np.shares_memory(rows.units, rows.inputs)
    expected = direct_embedding(X.astype(np.float64), *parameters, kind, passthrough)
    np.testing.assert_allclose(E, expected, rtol=1e-4 if dtype == np.float32 else 1e-12)
    if kind == "plr":
        assert (E[:, : shape.n_outputs] == 0).any()


def test_the_initial_draw():
    rng = np.random.RandomState(0)
    shape = EmbeddingShape(n_numeric=50, n_frequencies=40, dim=30)
    frequencies, weights, intercepts = initial_embedding(shape, 0.3, rng, np.float32)
    assert frequencies.dtype == weights.dtype == np.float32
    assert frequencies.std() == pytest.approx(0.3, rel=0.05)
    assert weights.std() == pytest.approx(np.sqrt(1 / 80), rel=0.05)
    assert not intercepts.any()


def test_a_spread_of_frequency_scales():
    np.testing.assert_allclose(frequency_scales(0.3, 4), [0.3] * 4)
    np.testing.assert_allclose(
        frequency_scales((0.1, 10.0), 5), [0.1, 0.1**0.5, 1, 10**0.5, 10]
    )
    np.testing.assert_allclose(frequency_scales((2.0, 2.0), 3), [2.0] * 3)
    # Each frequency of every column is drawn at its own scale.
    shape = EmbeddingShape(n_numeric=4000, n_frequencies=3, dim=2)
    rng = np.random.RandomState(0)
    frequencies = initial_embedding(shape, (0.1, 10.0), rng, np.float64)[0]
    np.testing.assert_allclose(frequencies.std(axis=0), [0.1, 1.0, 10.0], rtol=0.05)
    # One sigma draws what the paper's N(0, sigma**2) draws.
    one = initial_embedding(shape, 0.5, np.random.RandomState(0), np.float64)[0]
    expected = np.random.RandomState(0).normal(0.0, 0.5, (4000, 3))
    np.testing.assert_array_equal(one, expected)


def fitted_frequencies(n_rows, embedding_sigma):
    rng = np.random.RandomState(0)
    X = rng.normal(size=(n_rows, 2))
    params = dict(SMALL, max_iter=1, hidden_layer_sizes=(4,), embedding_lr_factor=0.0)
    reg = TabularMLPRegressor(embedding_sigma=embedding_sigma, **params)
    return reg.fit(X, X[:, 0]).embedding_frequencies_


@pytest.mark.parametrize("n_rows, resolved", [(999, 0.1), (1000, (0.1, 10.0))])
def test_auto_sigma_spreads_the_frequencies_from_a_thousand_rows(n_rows, resolved):
    auto = fitted_frequencies(n_rows, "auto")
    np.testing.assert_array_equal(auto, fitted_frequencies(n_rows, resolved))
    other = 0.1 if resolved != 0.1 else (0.1, 10.0)
    assert not np.array_equal(auto, fitted_frequencies(n_rows, other))
    assert TabularMLPRegressor().embedding_sigma == "auto"
    assert TabularMLPClassifier().embedding_sigma == 0.1


def test_a_search_over_the_frequency_scales():
    from sklearn.base import clone
    from sklearn.model_selection import GridSearchCV

    rng = np.random.RandomState(0)
    X = rng.uniform(-2, 2, size=(120, 2))
    y = np.sin(3 * X[:, 0]) + X[:, 1]
    grid = {"embedding_sigma": [0.1, (0.1, 10.0), "auto"]}
    params = dict(SMALL, max_iter=3, hidden_layer_sizes=(8,))
    search = GridSearchCV(TabularMLPRegressor(**params), grid, cv=2).fit(X, y)
    assert search.best_params_["embedding_sigma"] in grid["embedding_sigma"]
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    # A clone keeps the pair, and its fit spreads the frequencies.
    spread = clone(TabularMLPRegressor(embedding_sigma=(0.1, 10.0), **params))
    assert spread.embedding_sigma == (0.1, 10.0)
    frequencies = np.abs(spread.fit(X, y).embedding_frequencies_)
    assert frequencies[:, -1].mean() > 10 * frequencies[:, 0].mean()


def test_rate_groups_of_the_embedding():
    shape = EmbeddingShape(n_numeric=2, n_frequencies=8, dim=4)
    layout = ParameterLayout([3, 5, 1], input_scaling=True, embedding=shape)
    assert layout.layer_units == [2 * 4 + 1, 5, 1]
    passed = ParameterLayout([3, 5, 1], embedding=EmbeddingShape(2, 8, 4, True))
    assert passed.layer_units == [2 * 4 + 3, 5, 1]
    for solver, divisor in [("adam", 4.0), ("sgd", 16.0)]:
        groups = rate_groups(layout, solver, np.float64, ntk=True, embedding_factor=0.1)
        frequencies, weights, intercepts = layout.embedding_views(groups.rates)
        np.testing.assert_allclose(frequencies, 0.1)
        np.testing.assert_allclose(weights, 0.1 / divisor)
        np.testing.assert_allclose(intercepts, 0.1)
        _, weight_epsilons, intercept_epsilons = layout.embedding_views(groups.epsilons)
        np.testing.assert_allclose(weight_epsilons, 4.0)
        np.testing.assert_allclose(intercept_epsilons, 1.0)
        np.testing.assert_allclose(groups.rates[layout.scale_slice], 1.0)
    standard = rate_groups(layout, "adam", np.float64, embedding_factor=0.5)
    np.testing.assert_allclose(standard.rates[layout.embedding_slice], 0.5)
    np.testing.assert_allclose(standard.rates[: layout.scale_slice.start], 1.0)


# ---- the estimators ------------------------------------------------------------------


def direct_regression(reg, X):
    """The fitted regressor's prediction, written out: embedding, then layers."""
    X_encoded = reg.encoder_.transform(X).astype(np.float64)
    parameters = [
        reg.embedding_frequencies_,
        reg.embedding_weights_,
        reg.embedding_intercepts_,
    ]
    A = direct_embedding(
        X_encoded, *parameters, reg.numeric_embedding, reg.embedding_passthrough
    )
    A = A * reg.input_scale_
    for i, (W, b) in enumerate(zip(reg.coefs_, reg.intercepts_)):
        A = A @ W + b
        if i < len(reg.coefs_) - 1:
            make_activation(reg.activation).inplace_forward(A)
    return A[:, 0] * reg.target_scale_[0] + reg.target_mean_[0]


@pytest.mark.parametrize("kind", ["pl", "plr"])
def test_a_dataframe_with_categories_fits_and_predicts_as_the_formula(kind):
    X, signal = frame()
    reg = TabularMLPRegressor(
        numeric_embedding=kind, embedding_passthrough=False, dtype="float64", **SMALL
    )
    reg.fit(X, signal)
    # Two numeric columns of 16 frequencies and 8 units, then 1 + 3 encodings.
    assert reg.embedding_frequencies_.shape == (2, 16)
    assert reg.embedding_weights_.shape == (2, 32, 8)
    assert reg.embedding_intercepts_.shape == (2, 8)
    assert reg.coefs_[0].shape[0] == 2 * 8 + 4 == reg.input_scale_.size
    assert reg.feature_importances_.shape == (6,)
    np.testing.assert_allclose(reg.predict(X), direct_regression(reg, X), rtol=1e-10)
    assert reg.score(X, signal) > 0.8
    unseen = X.head(3).assign(colour=["purple", None, "red"], heavy=np.nan)
    assert np.isfinite(reg.predict(unseen)).all()


@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_passthrough_feeds_the_numeric_columns_to_the_first_layer(dtype):
    X, signal = frame()
    reg = TabularMLPRegressor(
        numeric_embedding="pl", embedding_passthrough=True, dtype=dtype, **SMALL
    ).fit(X, signal)
    # 2 * 8 embedded units, then the 2 numeric columns and the 4 encodings.
    assert reg.coefs_[0].shape[0] == 2 * 8 + 6 == reg.input_scale_.size
    rtol = 1e-10 if dtype == "float64" else 1e-4
    np.testing.assert_allclose(reg.predict(X), direct_regression(reg, X), rtol=rtol)
    # A numeric column's importance gathers its units' rows and its own row.
    norms = np.linalg.norm(reg.coefs_[0] * reg.input_scale_[:, np.newaxis], axis=1)
    numeric = [
        np.sqrt((norms[8 * j : 8 * (j + 1)] ** 2).sum() + norms[16 + j] ** 2)
        for j in range(2)
    ]
    expected = np.concatenate([numeric, norms[18:]])
    np.testing.assert_allclose(
        reg.feature_importances_, expected / expected.sum(), rtol=rtol
    )
    # The fitted shapes, not the parameter, say how to predict.
    before = reg.predict(X)
    np.testing.assert_array_equal(
        reg.set_params(embedding_passthrough=False).predict(X), before
    )


def test_the_embedding_trains_and_views_the_trained_vector():
    X, signal = frame()
    reg = TabularMLPRegressor(numeric_embedding="plr", **SMALL)
    drawn = TabularMLPRegressor(numeric_embedding="plr", **dict(SMALL, max_iter=1))
    drawn.set_params(embedding_lr_factor=0.0).fit(X, signal)
    reg.fit(X, signal)
    # The same seed draws the same embedding; training moved it.
    assert not np.allclose(reg.embedding_frequencies_, drawn.embedding_frequencies_)
    assert reg.embedding_weights_.dtype == np.float32
    flat = reg.coefs_[0].base
    for name in ("embedding_frequencies_", "embedding_weights_"):
        assert np.shares_memory(getattr(reg, name), flat)


def test_validation_scores_from_the_training_path_equal_the_predictions():
    # The held-out score is computed in the training workspace (batches of
    # 256 rows); score() predicts in chunks of a few rows here.
    X, signal = frame(400)
    X_val, y_val = frame(300, seed=1)
    clf = TabularMLPClassifier(numeric_embedding="plr", dtype="float64", **SMALL)
    clf.fit(X, labels(signal), X_val=X_val, y_val=labels(y_val))
    with config_context(working_memory=0.05):
        score = clf.score(X_val, labels(y_val))
        proba = clf.predict_proba(X_val)
    assert clf.best_validation_score_ == pytest.approx(score, rel=1e-12)
    np.testing.assert_allclose(proba, clf.predict_proba(X_val), rtol=1e-12)


def test_all_categorical_columns_train_without_an_embedding():
    X, signal = frame()
    X = X[["sex", "colour"]]
    clf = TabularMLPClassifier(numeric_embedding="plr", **SMALL).fit(X, labels(signal))
    assert not hasattr(clf, "embedding_weights_")
    assert clf.coefs_[0].shape[0] == 4


def test_joblib_round_trip():
    X, signal = frame()
    clf = TabularMLPClassifier(numeric_embedding="pl", **SMALL).fit(X, labels(signal))
    buffer = io.BytesIO()
    joblib.dump(clf, buffer)
    buffer.seek(0)
    loaded = joblib.load(buffer)
    np.testing.assert_array_equal(loaded.predict_proba(X), clf.predict_proba(X))
    np.testing.assert_array_equal(loaded.embedding_weights_, clf.embedding_weights_)


def test_to_sklearn_refuses_an_embedding():
    X, signal = frame()
    clf = TabularMLPClassifier(numeric_embedding="plr", activation="relu", **SMALL)
    clf.fit(X, labels(signal))
    with pytest.raises(ValueError, match=r"numeric_embedding='plr'.*no such layer"):
        clf.to_sklearn()


def test_warm_start_continues_the_embedding():
    X, signal = frame()
    reg = TabularMLPRegressor(numeric_embedding="plr", warm_start=True, **SMALL)
    reg.fit(X, signal)
    fitted = [reg.embedding_frequencies_.copy(), reg.embedding_weights_.copy()]
    # At a zero rate the embedding stays where the first fit left it.
    reg.set_params(embedding_lr_factor=0.0, random_state=1).fit(X, signal)
    np.testing.assert_array_equal(reg.embedding_frequencies_, fitted[0])
    np.testing.assert_array_equal(reg.embedding_weights_, fitted[1])
    # 'pl' and 'plr' share their parameters: the switch continues too.
    reg.set_params(numeric_embedding="pl").fit(X, signal)
    np.testing.assert_array_equal(reg.embedding_weights_, fitted[1])
    # Without warm_start, a new draw.
    reg.set_params(warm_start=False).fit(X, signal)
    assert not np.allclose(reg.embedding_frequencies_, fitted[0])


@pytest.mark.parametrize(
    "change",
    [
        {"embedding_dim": 4},
        {"embedding_frequencies": 8},
        {"embedding_passthrough": False},
        {"numeric_embedding": None},
    ],
)
def test_warm_start_refuses_a_changed_embedding(change):
    X, signal = frame()
    reg = TabularMLPRegressor(numeric_embedding="plr", warm_start=True, **SMALL)
    reg.fit(X, signal)
    before = reg.predict(X)
    refusal = r"(numeric embedding|embedding_passthrough need).*warm_start=False"
    with pytest.raises(ValueError, match=refusal):
        reg.set_params(**change).fit(X, signal)
    if change != {"numeric_embedding": None}:
        np.testing.assert_array_equal(reg.predict(X), before)  # nothing was lost


def test_warm_start_refuses_an_embedding_added_later():
    X, signal = frame()
    reg = TabularMLPRegressor(numeric_embedding=None, warm_start=True, **SMALL)
    reg.fit(X, signal)
    with pytest.raises(ValueError, match=r"no numeric embedding.*warm_start=False"):
        reg.set_params(numeric_embedding="pl").fit(X, signal)


def test_predicting_after_setting_the_embedding_to_none_is_refused():
    X, signal = frame()
    reg = TabularMLPRegressor(numeric_embedding="pl", **SMALL).fit(X, signal)
    with pytest.raises(ValueError, match="set it back"):
        reg.set_params(numeric_embedding=None).predict(X)


def test_overflowing_frequencies_are_refused_in_prediction():
    X, signal = frame()
    reg = TabularMLPRegressor(numeric_embedding="plr", **SMALL).fit(X, signal)
    network = reg._network()
    X_encoded = reg.encoder_.transform(X)
    assert _proved_finite(network, reg._output_loss(), X_encoded)
    # A float32 network on float64 data runs on a float64 copy of it.
    as_float64 = forward_in_chunks(network, X_encoded.astype(np.float64), [2])[0]
    np.testing.assert_allclose(
        as_float64[:, 0] * reg.target_scale_[0] + reg.target_mean_[0],
        reg.predict(X),
        rtol=1e-4,
    )
    reg.embedding_frequencies_[0, 0] = np.finfo(np.float32).max / 2
    assert not _proved_finite(reg._network(), reg._output_loss(), X_encoded)
    with pytest.raises(ValueError, match="not finite"):
        reg.predict(X)


def test_parameters_are_validated():
    X, signal = frame()
    for bad in (
        {"numeric_embedding": "periodic"},
        {"embedding_frequencies": 0},
        {"embedding_dim": 1.5},
        {"embedding_sigma": 0.0},
        {"embedding_sigma": "wide"},
        {"embedding_sigma": [0.1, 1.0]},
        {"embedding_sigma": (0.0, 1.0)},
        {"embedding_sigma": (2.0, 1.0)},
        {"embedding_sigma": (1.0,)},
        {"embedding_sigma": (0.1, np.inf)},
        {"embedding_sigma": ("a", 1.0)},
        {"embedding_lr_factor": -1.0},
        {"embedding_passthrough": "yes"},
    ):
        with pytest.raises(ValueError, match=next(iter(bad))):
            TabularMLPRegressor(**bad, **SMALL).fit(X, signal)


def test_both_estimators_document_the_embedding_alike():
    import inspect
    import re

    def entries(cls):
        doc = inspect.getdoc(cls)
        section = doc.split("Parameters\n----------\n")[1].split("Attributes\n")[0]
        found = re.split(r"\n(?=\w+ : )", "\n" + section)
        return {e.split(" : ")[0].strip(): e.strip() for e in found if e.strip()}

    classifier, regressor = entries(TabularMLPClassifier), entries(TabularMLPRegressor)
    for name in (
        "numeric_embedding",
        "embedding_frequencies",
        "embedding_dim",
        "embedding_sigma",
        "embedding_lr_factor",
        "embedding_passthrough",
    ):
        # The same words; only the default line may differ (the regressor's
        # embedding passes the columns through, the classifier's does not).
        assert classifier[name].split("\n", 1)[1] == regressor[name].split("\n", 1)[1]
    defaults = ((classifier, "False", "0.1"), (regressor, "True", "'auto'"))
    for entries_of, passthrough, sigma in defaults:
        assert entries_of["numeric_embedding"].split("\n")[0].endswith("default='pl'")
        header = entries_of["embedding_passthrough"].split("\n")[0]
        assert header.endswith(f"default={passthrough}")
        assert entries_of["embedding_sigma"].split("\n")[0].endswith(f"default={sigma}")
    for cls in (TabularMLPClassifier, TabularMLPRegressor):
        assert list(entries(cls)) == list(inspect.signature(cls).parameters)
        doc = inspect.getdoc(cls)
        for attribute in (
            "embedding_frequencies_",
            "embedding_weights_",
            "embedding_intercepts_",
        ):
            assert f"\n{attribute} : " in doc, attribute


def test_a_pandas_frame_of_numbers_only():
    rng = np.random.RandomState(0)
    X = pd.DataFrame(rng.normal(size=(200, 3)), columns=["a", "b", "c"])
    y = np.sin(3 * X["a"]) + X["b"] ** 2
    plain = TabularMLPRegressor(numeric_embedding=None, **SMALL).fit(X, y)
    embedded = TabularMLPRegressor(numeric_embedding="plr", **SMALL).fit(X, y)
    assert embedded.coefs_[0].shape[0] == 3 * 8 + 3  # the columns pass through
    assert embedded.score(X, y) > 0.5 and plain.score(X, y) > 0.5


def test_lbfgs_partial_fit_and_transform_run_through_the_embedding():
    X, signal = frame()
    reg = TabularMLPRegressor(
        hidden_layer_sizes=(16,),
        solver="lbfgs",
        learning_rate_schedule=None,
        numeric_embedding="plr",
        dtype="float64",
        max_iter=50,
        random_state=0,
    ).fit(X, signal)
    assert reg.score(X, signal) > 0.95
    clf = TabularMLPClassifier(
        numeric_embedding="pl", early_stopping=False, **dict(SMALL, max_iter=5)
    )
    y = labels(signal)
    clf.partial_fit(X, y, classes=["no", "yes"]).partial_fit(X, y)
    assert clf.t_ == 2 * len(y)
    *_, hidden, output = clf.layer_activations(X)
    np.testing.assert_array_equal(clf.transform(X), hidden)
    np.testing.assert_allclose(output, clf.predict_proba(X)[:, 1:], rtol=1e-6)
