"""Feature selection by the group penalty on the inputs (alpha_features)."""

import numpy as np
import pytest
from sklearn.feature_selection import SelectFromModel
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline

from sklearn_mlp_np import NumpyMLPClassifier, NumpyMLPRegressor

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

N_INFORMATIVE = 4


def informative_and_noise(n_features=30):
    """The first 4 features decide the class (all of them), the others are noise."""
    rng = np.random.RandomState(0)
    X = rng.normal(size=(800, n_features))
    y = X[:, 0] + X[:, 1] + X[:, 2] - X[:, 3] + 0.5 * X[:, 0] * X[:, 1] > 0
    return X, y.astype(int)


SOLVERS = {
    "adam": dict(solver="adam", learning_rate_init=0.003, alpha_features=16.0),
    # The proximal step is by the learning rate, which momentum outgrows.
    "sgd": dict(
        solver="sgd", momentum=0.0, learning_rate_init=0.1, alpha_features=32.0
    ),
}


@pytest.mark.parametrize("solver", list(SOLVERS))
def test_the_group_penalty_drops_the_noise_features(solver):
    X, y = informative_and_noise()
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    clf = NumpyMLPClassifier(
        hidden_layer_sizes=(16,), max_iter=200, random_state=0, **SOLVERS[solver]
    ).fit(X_train, y_train)
    dropped = np.all(clf.coefs_[0] == 0.0, axis=1)  # whole rows are exactly 0
    assert not dropped[:N_INFORMATIVE].any()
    assert dropped[N_INFORMATIVE:].mean() > 0.9
    importances = clf.feature_importances_
    assert importances.sum() == pytest.approx(1.0)
    np.testing.assert_array_equal(importances == 0, dropped)
    assert clf.score(X_test, y_test) > 0.9


def test_without_the_group_penalty_no_row_is_dropped():
    X, y = informative_and_noise()
    clf = NumpyMLPClassifier(hidden_layer_sizes=(16,), max_iter=20, random_state=0)
    clf.fit(X, y)
    assert (clf.feature_importances_ > 0).all()


def test_select_from_model_in_a_pipeline():
    X, y = informative_and_noise(n_features=40)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    selector = SelectFromModel(
        NumpyMLPClassifier(
            hidden_layer_sizes=(16,), max_iter=200, random_state=0, **SOLVERS["adam"]
        ),
        threshold=1e-6,
    )
    pipe = make_pipeline(selector, LogisticRegression()).fit(X_train, y_train)
    support = pipe[0].get_support()
    assert support[:N_INFORMATIVE].all() and support.sum() < 10
    assert pipe.score(X_test, y_test) > 0.9


def test_the_group_penalty_is_refused_by_lbfgs():
    X, y = informative_and_noise()
    with pytest.raises(ValueError, match=r"alpha_features=0\.5 is applied as a"):
        NumpyMLPRegressor(solver="lbfgs", alpha_features=0.5).fit(X, y)
