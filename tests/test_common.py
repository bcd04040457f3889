"""scikit-learn's estimator checks over both estimators in several configurations."""

import pytest
from sklearn.utils.estimator_checks import (
    check_param_validation,
    parametrize_with_checks,
)

from sklearn_mlp_np import NumpyMLPClassifier, NumpyMLPRegressor

# Small networks and few iterations keep the checks fast; each solver family
# runs the whole battery.
ESTIMATORS = [
    NumpyMLPClassifier(
        hidden_layer_sizes=(8,), solver="lbfgs", max_iter=200, random_state=0
    ),
    NumpyMLPClassifier(
        hidden_layer_sizes=(8,),
        solver="adam",
        learning_rate_init=0.01,
        max_iter=100,
        random_state=0,
    ),
    NumpyMLPClassifier(
        hidden_layer_sizes=(8, 4),
        solver="sgd",
        activation="tanh",
        alpha=1e-3,
        l1_ratio=0.5,
        learning_rate_init=0.05,
        max_iter=100,
        random_state=0,
    ),
    NumpyMLPRegressor(
        hidden_layer_sizes=(8,), solver="lbfgs", max_iter=200, random_state=0
    ),
    NumpyMLPRegressor(
        hidden_layer_sizes=(8,),
        solver="adam",
        learning_rate_init=0.01,
        max_iter=100,
        random_state=0,
    ),
    NumpyMLPRegressor(
        hidden_layer_sizes=(8,),
        solver="sgd",
        activation="logistic",
        alpha=1e-3,
        l1_ratio=1.0,
        learning_rate_init=0.05,
        max_iter=100,
        random_state=0,
    ),
]


# Every check passes, including sample-weight equivalence under shuffled
# minibatches: no expected failures are listed.
@parametrize_with_checks(ESTIMATORS)
def test_sklearn_compatible_estimator(estimator, check):
    check(estimator)


@pytest.mark.parametrize("Estimator", [NumpyMLPClassifier, NumpyMLPRegressor])
def test_param_validation(Estimator):
    # parametrize_with_checks does not run this check.
    check_param_validation(Estimator.__name__, Estimator())
