"""The robust regression losses: absolute error, Huber and quantiles (pinball)."""

import warnings

import numpy as np
import pytest
from sklearn.metrics import (
    d2_pinball_score,
    mean_absolute_error,
    mean_pinball_loss,
    r2_score,
)
from sklearn.model_selection import train_test_split

from sklearn_mlp_np import NumpyMLPRegressor
from sklearn_mlp_np._losses import make_loss, weighted_quantile

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

ROBUST_LOSSES = ["absolute_error", "huber", "quantile"]


def heteroscedastic(n_samples, seed, n_features=1):
    """y = a sine of u plus noise whose scale grows with u, about 100.

    The features are standardised, as a user would scale them; the first is
    ``u`` (uniform on [0, 1]) standardised.
    """
    rng = np.random.RandomState(seed)
    u = rng.uniform(0, 1, size=(n_samples, n_features))
    y = (
        10 * np.sin(3 * u[:, 0])
        + 100
        + (0.5 + 2 * u[:, 0]) * rng.normal(size=n_samples)
    )
    return (u - 0.5) * np.sqrt(12), y


def small_regressor(**params):
    defaults = dict(
        hidden_layer_sizes=(16,), learning_rate_init=0.02, max_iter=30, random_state=0
    )
    return NumpyMLPRegressor(**{**defaults, **params})


def loss_and_delta(name, Z, Y, sample_weight=None, **params):
    output_loss = make_loss(name, **params)
    delta = np.empty_like(Z)
    value = output_loss.inplace_output_loss_delta(Z.copy(), Y, delta, sample_weight)
    return value, delta


# ---- the losses' values and kinks --------------------------------------------


@pytest.mark.parametrize("weighted", [False, True])
def test_loss_values_are_scikit_learns_metrics_times_the_weight(weighted):
    rng = np.random.RandomState(0)
    Y, Z = rng.normal(size=(50, 1)), rng.normal(size=(50, 1))
    w = rng.uniform(0.1, 3, size=50) if weighted else None
    total = 50 if w is None else w.sum()
    value, _ = loss_and_delta("absolute_error", Z, Y, w)
    assert value == pytest.approx(total * mean_absolute_error(Y, Z, sample_weight=w))
    for level in (0.1, 0.5, 0.83):
        value, _ = loss_and_delta("quantile", Z, Y, w, quantile=level)
        expected = mean_pinball_loss(Y, Z, alpha=level, sample_weight=w)
        assert value == pytest.approx(total * expected)
    d, threshold = np.abs(Z - Y).ravel(), 0.7
    huber = np.where(d <= threshold, d**2 / 2, threshold * (d - threshold / 2))
    value, _ = loss_and_delta("huber", Z, Y, w, delta=threshold)
    assert value == pytest.approx(np.average(huber, weights=w) * total)
    assert (d > threshold).any() and (d <= threshold).any()


def test_the_subgradient_at_a_kink_is_the_midpoint_of_the_subdifferential():
    Y = np.array([[1.0], [2.0], [3.0]])
    Z = np.array([[0.0], [2.0], [5.0]])  # below, at and above the target
    _, delta = loss_and_delta("absolute_error", Z, Y)
    np.testing.assert_array_equal(delta.ravel(), [-1.0, 0.0, 1.0])
    _, delta = loss_and_delta("quantile", Z, Y, quantile=0.2)
    np.testing.assert_allclose(delta.ravel(), [-0.2, 0.5 - 0.2, 1 - 0.2])


def test_absolute_error_is_twice_the_pinball_loss_of_the_median():
    rng = np.random.RandomState(1)
    Y = rng.normal(size=(20, 2))
    Z = np.where(rng.uniform(size=(20, 2)) < 0.3, Y, rng.normal(size=(20, 2)))
    absolute, absolute_delta = loss_and_delta("absolute_error", Z, Y)
    pinball, pinball_delta = loss_and_delta("quantile", Z, Y, quantile=0.5)
    assert absolute == pytest.approx(2 * pinball, rel=1e-14)
    np.testing.assert_array_equal(absolute_delta, 2 * pinball_delta)


def test_several_quantiles_are_one_column_each_of_the_repeated_targets():
    rng = np.random.RandomState(2)
    levels = [0.1, 0.5, 0.9]
    output_loss = make_loss("quantile", quantile=levels)
    Y = output_loss.expand_targets(rng.normal(size=(30, 2)))
    Z = rng.normal(size=(30, 6))
    value, delta = loss_and_delta("quantile", Z, Y, quantile=levels)
    # Column j * 3 + k is target j at level k.
    expected, expected_delta = 0.0, np.empty_like(Z)
    for column in range(6):
        level = levels[column % 3]
        part, expected_delta[:, [column]] = loss_and_delta(
            "quantile", Z[:, [column]], Y[:, [column]], quantile=level
        )
        expected += part
    assert value == pytest.approx(expected, rel=1e-12)
    np.testing.assert_array_equal(delta, expected_delta)


def test_the_losses_keep_float32():
    rng = np.random.RandomState(3)
    Y = rng.normal(size=(10, 2)).astype(np.float32)
    Z = rng.normal(size=(10, 2)).astype(np.float32)
    for name, params in [
        ("absolute_error", {}),
        ("huber", {"delta": np.array([0.5, 1.0])}),
        ("quantile", {"quantile": [0.3, 0.7]}),
    ]:
        Yk = make_loss(name, **params).expand_targets(Y)
        Zk = np.repeat(Z, Yk.shape[1] // Z.shape[1], axis=1)
        _, delta = loss_and_delta(name, Zk, Yk, **params)
        assert delta.dtype == np.float32, name


# ---- weighted quantiles and the starting bias ------------------------------


def test_weighted_quantile_counts_an_integer_weight_as_repeated_rows():
    rng = np.random.RandomState(4)
    Y = rng.normal(size=(30, 2))
    weights = rng.randint(0, 4, size=30)
    repeated = np.repeat(Y, weights, axis=0)
    for level in (0.05, 0.5, 0.9):
        np.testing.assert_array_equal(
            weighted_quantile(Y, level, weights.astype(float)),
            weighted_quantile(repeated, level),
        )
        np.testing.assert_array_equal(
            weighted_quantile(repeated, level),
            np.quantile(repeated, level, axis=0, method="inverted_cdf"),
        )


@pytest.mark.parametrize(
    "loss, params, expected",
    [
        ("absolute_error", {}, lambda y: [np.median(y)]),
        ("quantile", {"quantile": [0.1, 0.9]}, lambda y: np.quantile(y, [0.1, 0.9])),
        (
            "huber",
            {"huber_delta": 2.0},
            # The median, then a step of Friedman's update.
            lambda y: [
                np.median(y) + np.mean(np.clip(y - np.median(y), -2.0, 2.0)),
            ],
        ),
    ],
)
def test_the_output_bias_starts_at_the_targets_baseline(loss, params, expected):
    X, y = heteroscedastic(501, seed=0)
    # A rate so small that the bias stays where it started.
    reg = small_regressor(
        loss=loss, solver="sgd", learning_rate_init=1e-12, max_iter=1, **params
    ).fit(X, y)
    np.testing.assert_allclose(reg.intercepts_[-1], expected(y), rtol=1e-6)
    # The drawn bias is scikit-learn's for the losses it has.
    plain = small_regressor(solver="sgd", learning_rate_init=1e-12, max_iter=1)
    assert np.abs(plain.fit(X, y).intercepts_[-1]).max() < 1


def test_the_bias_start_is_a_large_speed_up_for_quantiles():
    # On targets far from 0 (about 100), five epochs from the baseline beat
    # the constant quantiles (D² > 0); from a bias near 0 they are still far
    # worse than that constant.
    X, y = heteroscedastic(2000, seed=1)
    reg = small_regressor(loss="quantile", quantile=[0.1, 0.9], max_iter=5).fit(X, y)
    start = reg.get_params()
    scores = {"baseline": reg.score(X, y)}
    # Hand-set weights drawn as usual but with a bias near 0: the old start.
    drawn = small_regressor(**{**start, "max_iter": 1, "learning_rate_init": 1e-12})
    drawn.fit(X, y)
    drawn.intercepts_[-1] = np.zeros(2)
    drawn.set_params(warm_start=True, max_iter=5, learning_rate_init=0.02)
    scores["drawn"] = drawn.fit(X, y).score(X, y)
    assert scores["baseline"] > 0 and scores["drawn"] < -1, scores


# ---- Huber -----------------------------------------------------------------


@pytest.mark.parametrize("threshold", [1e6, np.inf])
def test_huber_with_a_threshold_beyond_every_residual_is_squared_error(threshold):
    X, y = heteroscedastic(300, seed=2)
    y = (y - y.mean()) / y.std()
    rng = np.random.RandomState(0)
    coefs = [rng.normal(scale=0.3, size=(1, 8)), rng.normal(scale=0.3, size=(8, 1))]
    intercepts = [rng.normal(size=8), rng.normal(size=1)]
    curves, weights = [], []
    for loss in ("squared_error", "huber"):
        reg = small_regressor(
            loss=loss, huber_delta=threshold, solver="sgd", hidden_layer_sizes=(8,)
        )
        reg.set_params(warm_start=True, max_iter=8)
        reg.coefs_, reg.intercepts_ = list(coefs), list(intercepts)
        reg.fit(X, y)
        curves.append(reg.loss_curve_)
        weights.append(np.concatenate([c.ravel() for c in reg.coefs_]))
    assert curves[0] == curves[1]
    np.testing.assert_array_equal(weights[0], weights[1])


def test_huber_auto_threshold_is_gradient_boostings_rule_per_output():
    X, y = heteroscedastic(400, seed=3)
    Y = np.c_[y, 1000 * y, np.full_like(y, 5.0)]
    reg = small_regressor(loss="huber", max_iter=2).fit(X, Y)
    spread = np.quantile(
        np.abs(Y - np.quantile(Y, 0.5, axis=0, method="inverted_cdf")),
        0.9,
        axis=0,
        method="inverted_cdf",
    )
    # A constant target has no spread: the threshold is then 1.
    np.testing.assert_allclose(reg.huber_delta_, [spread[0], spread[1], 1.0])
    assert (
        reg.set_params(huber_delta=0.25).fit(X, Y).huber_delta_.tolist() == [0.25] * 3
    )
    assert not hasattr(reg.set_params(loss="absolute_error").fit(X, y), "huber_delta_")


def test_huber_auto_threshold_counts_integer_weights_as_repeated_rows():
    X, y = heteroscedastic(300, seed=16)
    weights = np.random.RandomState(0).randint(0, 4, size=300)
    weighted = small_regressor(loss="huber", max_iter=1)
    weighted.fit(X, y, sample_weight=weights)
    repeated = small_regressor(loss="huber", max_iter=1)
    repeated.fit(np.repeat(X, weights, axis=0), np.repeat(y, weights))
    unweighted = small_regressor(loss="huber", max_iter=1).fit(X, y)
    assert weighted.huber_delta_ == repeated.huber_delta_
    assert weighted.huber_delta_ != unweighted.huber_delta_


def test_huber_and_absolute_error_resist_outliers_that_pull_squared_error():
    X, y = heteroscedastic(1000, seed=4)
    y_clean = 10 * np.sin(3 * (X[:, 0] / np.sqrt(12) + 0.5)) + 100
    y_dirty = y.copy()
    y_dirty[::10] += 60  # one sample in ten is an outlier far above
    errors = {}
    for loss in ("squared_error", "huber", "absolute_error"):
        reg = small_regressor(loss=loss, hidden_layer_sizes=(32,), max_iter=60)
        if loss == "squared_error":
            # Same baseline as the others, for a fair comparison.
            reg.set_params(learning_rate_init=0.05)
        reg.fit(X, y_dirty)
        errors[loss] = np.mean(np.abs(reg.predict(X) - y_clean))
    assert errors["huber"] < errors["squared_error"] / 2, errors
    assert errors["absolute_error"] < errors["squared_error"] / 2, errors


# ---- quantiles: shapes, crossing, coverage -----------------------------------


@pytest.mark.parametrize(
    "quantile, two_d, shape",
    [
        (0.3, False, (40,)),
        ([0.1, 0.5, 0.9], False, (40, 3)),
        (0.3, True, (40, 2)),
        ([0.1, 0.9], True, (40, 2, 2)),
    ],
)
def test_quantile_predictions_have_the_documented_shape(quantile, two_d, shape):
    X, y = heteroscedastic(40, seed=5)
    target = np.c_[y, -y] if two_d else y
    reg = small_regressor(loss="quantile", quantile=quantile, max_iter=2)
    assert reg.fit(X, target).predict(X).shape == shape
    n_levels = np.size(quantile)
    assert reg.n_outputs_ == (2 if two_d else 1) * n_levels


def test_predicted_quantiles_never_cross_and_keep_the_users_order():
    X, y = heteroscedastic(300, seed=6)
    levels = [0.9, 0.1, 0.5]
    reg = small_regressor(loss="quantile", quantile=levels, max_iter=3).fit(X, y)
    # Swap the output columns of 0.9 and 0.1: the raw outputs now cross.
    for array in (reg.coefs_[-1].T, reg.intercepts_[-1]):
        array[[0, 1]] = array[[1, 0]]
    raw = reg.layer_activations(X)[-1]
    assert (raw[:, 0] < raw[:, 1]).any()
    predicted = reg.predict(X)
    # Each row is the sorted raw outputs, given back in the order of `levels`.
    np.testing.assert_array_equal(predicted[:, [1, 2, 0]], np.sort(raw, axis=1))
    assert (predicted[:, 1] <= predicted[:, 2]).all()
    assert (predicted[:, 2] <= predicted[:, 0]).all()


@pytest.mark.parametrize("seed", range(5))
def test_a_fitted_10_90_pair_covers_80_percent_of_new_data(seed):
    X, y = heteroscedastic(40_000, seed=seed)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.5, random_state=seed
    )
    reg = NumpyMLPRegressor(
        loss="quantile",
        quantile=[0.1, 0.9],
        hidden_layer_sizes=(16,),
        learning_rate_init=0.003,
        batch_size=256,
        max_iter=15,
        random_state=seed,
    ).fit(X_train, y_train)
    low, high = reg.predict(X_test).T
    coverage = np.mean((low <= y_test) & (y_test <= high))
    assert abs(coverage - 0.80) <= 0.03, coverage


def test_quantile_levels_are_checked():
    X, y = heteroscedastic(20, seed=7)
    for bad in ([0.1, 0.1], [], [0.2, 1.0], [[0.1, 0.2]]):
        with pytest.raises(ValueError, match="different floats in \\(0, 1\\)"):
            NumpyMLPRegressor(loss="quantile", quantile=bad).fit(X, y)


# ---- score and held-out scoring --------------------------------------------


def test_quantile_score_is_the_mean_d2_pinball_score():
    X, y = heteroscedastic(300, seed=8)
    levels = [0.2, 0.6]
    reg = small_regressor(loss="quantile", quantile=levels).fit(X, y)
    predicted = reg.predict(X)
    expected = np.mean(
        [d2_pinball_score(y, predicted[:, k], alpha=a) for k, a in enumerate(levels)]
    )
    assert reg.score(X, y) == pytest.approx(expected)
    assert reg.score(X, y) != pytest.approx(r2_score(y, predicted[:, 1]))


@pytest.mark.parametrize("loss", ["absolute_error", "huber"])
def test_the_other_robust_losses_score_r2(loss):
    X, y = heteroscedastic(300, seed=9)
    reg = small_regressor(loss=loss).fit(X, y)
    assert reg.score(X, y) == pytest.approx(r2_score(y, reg.predict(X)))


def test_held_out_scores_follow_score_and_loss_is_the_pinball_loss():
    X, y = heteroscedastic(600, seed=10)
    X_train, X_val, y_train, y_val = train_test_split(X, y, random_state=0)
    levels = [0.25, 0.75]
    reg = small_regressor(loss="quantile", quantile=levels, max_iter=5)
    reg.fit(X_train, y_train, X_val=X_val, y_val=y_val)
    assert reg.validation_scores_[-1] == pytest.approx(reg.score(X_val, y_val))
    raw = reg.layer_activations(X_val)[-1]
    pinball = sum(
        mean_pinball_loss(y_val, raw[:, k], alpha=a) for k, a in enumerate(levels)
    )
    assert reg.validation_loss_curve_[-1] == pytest.approx(pinball)
    reg.set_params(scoring="loss", early_stopping=True).fit(
        X_train, y_train, X_val=X_val, y_val=y_val
    )
    assert reg.validation_scores_ == [-v for v in reg.validation_loss_curve_]


# ---- every solver, or a refusal --------------------------------------------


@pytest.mark.parametrize("loss", ["absolute_error", "quantile"])
def test_lbfgs_is_refused_for_the_losses_with_kinks(loss):
    X, y = heteroscedastic(50, seed=11)
    with pytest.raises(ValueError, match="solver='adam' or 'sgd'"):
        NumpyMLPRegressor(loss=loss, solver="lbfgs").fit(X, y)


def test_lbfgs_trains_huber():
    X, y = heteroscedastic(400, seed=12)
    reg = small_regressor(loss="huber", solver="lbfgs", max_iter=200).fit(X, y)
    assert reg.loss_curve_[-1] < reg.loss_curve_[0] / 2
    assert reg.score(X, y) > 0.7


OPTIONS = {
    "l1": dict(alpha=0.3, l1_ratio=1.0),
    "elasticnet": dict(alpha=0.05, l1_ratio=0.5),
    "features": dict(alpha_features=0.05),
    "dropout": dict(dropout=0.1),
    "sample_weight": {},
    "X_val": {},
    "float32": {},
}


@pytest.mark.parametrize("option", OPTIONS)
@pytest.mark.parametrize("solver", ["sgd", "adam"])
@pytest.mark.parametrize("loss", ROBUST_LOSSES)
def test_the_robust_losses_train_with_every_option(loss, solver, option):
    X, y = heteroscedastic(400, seed=13, n_features=3)
    X_train, X_val, y_train, y_val = train_test_split(X, y, random_state=0)
    fit_params = {}
    if option == "sample_weight":
        fit_params["sample_weight"] = np.random.RandomState(0).uniform(
            0.5, 2, size=len(y_train)
        )
    if option == "X_val":
        fit_params.update(X_val=X_val, y_val=y_val)
    if option == "float32":
        X_train, X_val = X_train.astype(np.float32), X_val.astype(np.float32)
    reg = small_regressor(
        loss=loss, solver=solver, quantile=[0.2, 0.8], batch_size=32, **OPTIONS[option]
    )
    if solver == "sgd":
        reg.set_params(learning_rate_init=0.05)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        reg.fit(X_train, y_train, **fit_params)
    assert reg.loss_curve_[-1] < reg.loss_curve_[0]
    assert reg.score(X_val, y_val) > 0.2
    dtype = np.float32 if option == "float32" else np.float64
    assert reg.predict(X_val).dtype == dtype
    if option == "l1":
        assert (reg.coefs_[0] == 0).any()
    if option == "X_val":
        assert len(reg.validation_loss_curve_) == reg.n_iter_


def test_partial_fit_trains_quantiles():
    X, y = heteroscedastic(500, seed=14)
    reg = small_regressor(loss="quantile", quantile=[0.1, 0.9])
    for _ in range(10):
        reg.partial_fit(X, y)
    low, high = reg.predict(X).T
    assert 0.6 < np.mean((low <= y) & (y <= high)) < 0.95


# ---- export ------------------------------------------------------------------


@pytest.mark.parametrize("loss", ROBUST_LOSSES)
def test_to_sklearn_refuses_the_losses_scikit_learn_has_not(loss):
    X, y = heteroscedastic(50, seed=15)
    reg = small_regressor(loss=loss, max_iter=2).fit(X, y)
    with pytest.raises(ValueError, match="in any version") as error:
        reg.to_sklearn()
    assert "upgrade" not in str(error.value)
