"""Training trajectories equal scikit-learn's where the math is the same.

Same initial weights (set as a user would, then ``fit`` with ``warm_start``),
same data order, ``l1_ratio=0``: the loss curves and the final weights must
agree to float rounding.
"""

import warnings
from itertools import pairwise

import numpy as np
import pytest
from sklearn.datasets import load_diabetes, load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import NumpyMLPClassifier, NumpyMLPRegressor

SOLVERS = {
    "sgd-plain": dict(solver="sgd", momentum=0.0, learning_rate_init=0.05),
    "sgd-momentum": dict(
        solver="sgd", momentum=0.9, nesterovs_momentum=False, learning_rate_init=0.01
    ),
    "sgd-nesterov": dict(
        solver="sgd", momentum=0.9, nesterovs_momentum=True, learning_rate_init=0.01
    ),
    "sgd-invscaling": dict(
        solver="sgd", learning_rate="invscaling", learning_rate_init=0.2, power_t=0.25
    ),
    "adam": dict(solver="adam", learning_rate_init=0.01),
}


def digits(n_classes):
    X, y = load_digits(n_class=n_classes, return_X_y=True)
    return StandardScaler().fit_transform(X[:300]), y[:300]


def diabetes():
    X, y = load_diabetes(return_X_y=True)
    return StandardScaler().fit_transform(X), y / 100


def problems():
    X2, y2 = digits(2)
    X10, y10 = digits(10)
    Xr, yr = diabetes()
    yield "binary", MLPClassifier, NumpyMLPClassifier, {}, X2, y2
    yield "multiclass", MLPClassifier, NumpyMLPClassifier, {}, X10, y10
    yield (
        "multilabel",
        MLPClassifier,
        NumpyMLPClassifier,
        {},
        X10,
        np.c_[y10 % 2, y10 > 4],
    )
    yield "squared_error", MLPRegressor, NumpyMLPRegressor, {}, Xr, yr
    yield "poisson", MLPRegressor, NumpyMLPRegressor, {"loss": "poisson"}, Xr, yr


PROBLEMS = {name: rest for name, *rest in problems()}

# scikit-learn's MLPRegressor has had loss='poisson' since 1.7.
SKLEARN_HAS_POISSON = "loss" in MLPRegressor().get_params()


def skip_without_counterpart(problem):
    if problem == "poisson" and not SKLEARN_HAS_POISSON:
        pytest.skip("the installed scikit-learn's MLPRegressor has no loss='poisson'")


def relative_difference(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.max(np.abs(a - b)) / np.max(np.abs(b))


def fit_from_weights(Estimator, params, X, y, coefs, intercepts, max_iter):
    """Fit once to set the model up, load the weights, continue with warm_start."""
    estimator = Estimator(**params, max_iter=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        estimator.fit(X, y)
        estimator.coefs_ = [c.copy() for c in coefs]
        estimator.intercepts_ = [b.copy() for b in intercepts]
        estimator.set_params(warm_start=True, max_iter=max_iter)
        estimator.fit(X, y)
    return estimator


def common_params(extra, solver_params, shuffle=False):
    return dict(
        hidden_layer_sizes=(12, 7),
        activation="tanh",
        alpha=1e-3,
        batch_size=32,
        shuffle=shuffle,
        random_state=0,
        n_iter_no_change=100,
        **extra,
        **solver_params,
    )


@pytest.mark.parametrize("solver", list(SOLVERS))
@pytest.mark.parametrize("problem", list(PROBLEMS))
def test_stochastic_trajectory_matches_sklearn(problem, solver):
    skip_without_counterpart(problem)
    SkEstimator, OurEstimator, extra, X, y = PROBLEMS[problem]
    params = common_params(extra, SOLVERS[solver])
    rng = np.random.RandomState(42)
    units = [X.shape[1], 12, 7, {"multiclass": 10, "multilabel": 2}.get(problem, 1)]
    coefs = [rng.uniform(-0.3, 0.3, s) for s in pairwise(units)]
    intercepts = [rng.uniform(-0.3, 0.3, n) for n in units[1:]]

    theirs = fit_from_weights(SkEstimator, params, X, y, coefs, intercepts, max_iter=6)
    ours = fit_from_weights(OurEstimator, params, X, y, coefs, intercepts, max_iter=6)

    assert ours.n_iter_ == theirs.n_iter_ == 6
    # Our squared error sums over outputs where scikit-learn's averages them;
    # with one output the two are the same.
    assert relative_difference(ours.loss_curve_, theirs.loss_curve_) <= 1e-9
    for mine, reference in zip(
        ours.coefs_ + ours.intercepts_, theirs.coefs_ + theirs.intercepts_
    ):
        assert relative_difference(mine, reference) <= 1e-9
    if problem in ("squared_error", "poisson"):
        assert relative_difference(ours.predict(X), theirs.predict(X)) <= 1e-9
    else:
        np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))


@pytest.mark.parametrize("problem", ["multiclass", "squared_error"])
def test_seeded_shuffled_fit_matches_sklearn(problem):
    # The same seed draws the same initial weights and the same shuffles.
    SkEstimator, OurEstimator, extra, X, y = PROBLEMS[problem]
    params = common_params(extra, SOLVERS["adam"], shuffle=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        theirs = SkEstimator(**params, max_iter=5).fit(X, y)
        ours = OurEstimator(**params, max_iter=5).fit(X, y)
    assert relative_difference(ours.loss_curve_, theirs.loss_curve_) <= 1e-9
    for mine, reference in zip(ours.coefs_, theirs.coefs_):
        assert relative_difference(mine, reference) <= 1e-9


@pytest.mark.parametrize("problem", list(PROBLEMS))
def test_lbfgs_matches_sklearn(problem):
    skip_without_counterpart(problem)
    SkEstimator, OurEstimator, extra, X, y = PROBLEMS[problem]
    params = dict(
        hidden_layer_sizes=(12,),
        activation="relu",
        alpha=1e-3,
        solver="lbfgs",
        random_state=0,
        max_iter=20,
        **extra,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        theirs = SkEstimator(**params).fit(X, y)
        ours = OurEstimator(**params).fit(X, y)
    assert ours.n_iter_ == theirs.n_iter_
    assert ours.loss_ == pytest.approx(theirs.loss_, rel=1e-6)
    for mine, reference in zip(
        ours.coefs_ + ours.intercepts_, theirs.coefs_ + theirs.intercepts_
    ):
        assert relative_difference(mine, reference) <= 1e-6


def test_early_stopping_keeps_sklearn_best_weights_regression():
    # Regression splits like scikit-learn (no stratification), so early
    # stopping follows the same validation scores and restores the same weights.
    SkEstimator, OurEstimator, extra, X, y = PROBLEMS["squared_error"]
    params = common_params(extra, SOLVERS["sgd-nesterov"])
    params.update(early_stopping=True, n_iter_no_change=3, tol=1e-2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        theirs = SkEstimator(**params, max_iter=40).fit(X, y)
        ours = OurEstimator(**params, max_iter=40).fit(X, y)
    assert ours.n_iter_ == theirs.n_iter_ < 40
    assert (
        relative_difference(ours.validation_scores_, theirs.validation_scores_) <= 1e-9
    )
    for mine, reference in zip(ours.coefs_, theirs.coefs_):
        assert relative_difference(mine, reference) <= 1e-9


@pytest.mark.parametrize("problem", ["multiclass", "squared_error"])
def test_adaptive_schedule_matches_sklearn(problem):
    # A large tol makes every epoch "no improvement": the rate is divided by 5
    # every n_iter_no_change + 1 epochs until it is below 1e-6, then training stops.
    SkEstimator, OurEstimator, extra, X, y = PROBLEMS[problem]
    params = common_params(
        extra, dict(solver="sgd", learning_rate="adaptive", learning_rate_init=0.01)
    )
    params.update(tol=10.0, n_iter_no_change=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        theirs = SkEstimator(**params, max_iter=50).fit(X, y)
        ours = OurEstimator(**params, max_iter=50).fit(X, y)
    assert ours.n_iter_ == theirs.n_iter_ < 50
    assert relative_difference(ours.loss_curve_, theirs.loss_curve_) <= 1e-9
