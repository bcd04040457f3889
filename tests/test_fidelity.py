"""Behaviours code written for scikit-learn's MLP relies on."""

import warnings

import numpy as np
import pytest
from _data import iris
from sklearn.datasets import load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import NumpyMLPClassifier, NumpyMLPRegressor, _solvers


def set_weights_by_hand(model, rng, n_outputs, out_activation):
    """The attributes scikit-learn's worked backpropagation example assigns."""
    model.coefs_ = [rng.normal(scale=0.5, size=(4, 5)), rng.normal(size=(5, n_outputs))]
    model.intercepts_ = [np.zeros(5), np.zeros(n_outputs)]
    model.n_outputs_, model.n_layers_ = n_outputs, 3
    model.out_activation_ = out_activation
    model.n_iter_, model.t_ = 0, 0
    model.best_loss_, model.loss_curve_ = np.inf, []
    model.n_features_in_ = 4


@pytest.mark.parametrize("method", ["partial_fit", "fit"])
@pytest.mark.parametrize("task", ["classifier", "regressor"])
def test_training_from_weights_set_by_hand_follows_sklearn(task, method):
    X, y = iris()
    if task == "classifier":
        estimators, n_outputs, out = (MLPClassifier, NumpyMLPClassifier), 3, "softmax"
        fit_args = {"classes": [0, 1, 2]} if method == "partial_fit" else {}
    else:
        estimators, n_outputs, out = (MLPRegressor, NumpyMLPRegressor), 1, "identity"
        fit_args = {}
    models = []
    for Estimator in estimators:
        model = Estimator(
            hidden_layer_sizes=(5,),
            solver="sgd",
            learning_rate_init=0.01,
            shuffle=False,
            max_iter=3,
            warm_start=True,
        )
        set_weights_by_hand(model, np.random.RandomState(0), n_outputs, out)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            for _ in range(2):
                getattr(model, method)(X, y, **fit_args)
        models.append(model)
    theirs, ours = models
    assert ours.n_iter_ == theirs.n_iter_
    np.testing.assert_allclose(ours.loss_curve_, theirs.loss_curve_, rtol=1e-10)
    for mine, reference in zip(ours.coefs_, theirs.coefs_):
        np.testing.assert_allclose(mine, reference, rtol=1e-10)


def test_divergence_with_early_stopping_keeps_the_best_validated_weights():
    X, y = load_iris(return_X_y=True)
    reg = NumpyMLPRegressor(
        activation="identity",
        solver="sgd",
        learning_rate_init=1,
        early_stopping=True,
        random_state=0,
    )
    with pytest.warns(ConvergenceWarning, match="diverged") as record:
        reg.fit(X, y)
    message = str(record[0].message)
    # It says what happened in training and what to do, and does not blame
    # the data as a message about predicting would.
    assert "best validation score" in message and "learning_rate_init" in message
    assert "features are too large" not in message
    assert np.isnan(reg.validation_scores_[-1])
    assert reg.best_validation_score_ == np.nanmax(reg.validation_scores_)
    assert np.isfinite(reg.predict(X)).all()
    assert reg.n_iter_ == len(reg.validation_scores_) < reg.max_iter


def test_a_callback_stops_lbfgs():
    pytest.importorskip("sklearn.callback")

    class StopAfterTwo:
        def setup(self, estimator, context):
            self.iterations = 0

        def on_fit_task_begin(self, estimator, context):
            pass

        def on_fit_task_end(self, estimator, context):
            if context.task_name == "lbfgs-iteration":
                self.iterations += 1
            return self.iterations >= 2

        def teardown(self, estimator, context):
            pass

    X, y = iris()
    clf = NumpyMLPClassifier(hidden_layer_sizes=(8,), solver="lbfgs", random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)  # stopping is not failing
        clf.set_callbacks(StopAfterTwo()).fit(X, y)
    assert clf.n_iter_ == 2 and len(clf.loss_curve_) == 2


def test_training_goes_on_after_a_divergence_with_a_fresh_optimizer():
    X, y = iris()
    reg = NumpyMLPRegressor(solver="sgd", momentum=0.9, random_state=0)
    reg.partial_fit(X, y)
    kept = [w.copy() for w in reg.coefs_]
    with pytest.warns(ConvergenceWarning, match="diverged"):
        reg.partial_fit(X * 1e100, y * 1e100)  # overflows; the weights are kept
    for before, after in zip(kept, reg.coefs_):
        np.testing.assert_array_equal(before, after)
    # The diverged call's momentum went with its weights: the next call trains
    # from the kept weights with a fresh optimizer (a stale velocity would
    # overflow again and leave the weights where they were).
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        reg.partial_fit(X, y)
    assert not np.array_equal(kept[0], reg.coefs_[0])
    assert np.isfinite(reg.loss_) and np.isfinite(reg.predict(X)).all()


def test_a_warm_start_that_stops_monitoring_held_out_data():
    X, y = iris()
    clf = NumpyMLPClassifier(
        hidden_layer_sizes=(8,), early_stopping=True, max_iter=30, random_state=0
    ).fit(X, y)
    # Now watched: the training loss, not the held-out accuracy of before.
    clf.set_params(early_stopping=False, warm_start=True, max_iter=15)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X, y)
    assert clf.n_iter_ == 15  # not stopped by comparing a loss to an accuracy
    assert clf.best_loss_ == pytest.approx(min(clf.loss_curve_[-15:]))


def test_a_last_update_that_overflows_is_not_returned():
    # Four unscaled rows, one batch per epoch: the loss of epoch 3 is finite,
    # its update makes the network overflow on the training data.
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(4, 2)) * 1e8, rng.normal(size=4)
    reg = NumpyMLPRegressor(
        hidden_layer_sizes=(3,),
        activation="identity",
        solver="sgd",
        max_iter=3,
        random_state=0,
    )
    with pytest.warns(ConvergenceWarning, match="diverged in epoch 3"):
        reg.fit(X, y)
    assert np.isfinite(reg.predict(X)).all()
    assert all(np.isfinite(c).all() for c in reg.coefs_)


SKLEARNS_SENTENCE = (
    "The input data may contain large values and need to be preprocessed."
)


def diverging_fit(path, monkeypatch):
    """A fit that ends on divergence message ``path`` (one per place it is made)."""
    X, y = iris()
    rng = np.random.RandomState(0)
    identity_sgd = dict(activation="identity", solver="sgd", random_state=0)
    if path == "stochastic error":
        reg = NumpyMLPRegressor(solver="adam", max_iter=50)
        return lambda: reg.fit(X * 1e155, y * 1e155)
    if path == "lbfgs error":
        reg = NumpyMLPRegressor(solver="lbfgs", max_iter=50)
        return lambda: reg.fit(X * 1e155, y * 1e155)
    if path == "early stopping warning":
        reg = NumpyMLPRegressor(
            learning_rate_init=1, early_stopping=True, **identity_sgd
        )
        return lambda: reg.fit(load_iris(return_X_y=True)[0], y)
    if path == "last update warning":
        X4, y4 = rng.normal(size=(4, 2)) * 1e8, rng.normal(size=4)
        reg = NumpyMLPRegressor(hidden_layer_sizes=(3,), max_iter=3, **identity_sgd)
        return lambda: reg.fit(X4, y4)
    # The fallback weights overflow too: rare in practice, so pretend.
    monkeypatch.setattr(_solvers, "outputs_are_finite", lambda *args: False)
    reg = NumpyMLPRegressor(solver="sgd", max_iter=1, random_state=0)
    return lambda: reg.fit(X, y)


@pytest.mark.parametrize(
    "path",
    [
        "stochastic error",
        "lbfgs error",
        "early stopping warning",
        "last update warning",
        "overflowing fallback error",
    ],
)
def test_every_divergence_message_has_sklearns_sentence(path, monkeypatch):
    # Code written for scikit-learn matches on its sentence; ours stays beside it.
    fit = diverging_fit(path, monkeypatch)
    if path.endswith("error"):
        with pytest.raises(ValueError) as caught:
            fit()
        message = str(caught.value)
        # scikit-learn's whole message, as it raises it, opens ours.
        assert message.startswith(
            f"Solver produced non-finite parameter weights. {SKLEARNS_SENTENCE}"
        )
    else:
        with pytest.warns(ConvergenceWarning, match="diverged") as caught:
            fit()
        message = str(caught[0].message)
    assert SKLEARNS_SENTENCE in message
    assert "StandardScaler" in message  # and our advice


def test_warnings_point_at_the_callers_line():
    X, y = iris()
    clf = NumpyMLPClassifier(hidden_layer_sizes=(4,), max_iter=2, batch_size=500)
    pipe = make_pipeline(StandardScaler(), NumpyMLPClassifier(max_iter=2))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        clf.fit(X, y)
        pipe.fit(X, y)
        NumpyMLPClassifier(solver="lbfgs", max_iter=2).fit(X, y)
    kinds = {(w.category, str(w.message).split(" ")[0]) for w in caught}
    assert (UserWarning, "batch_size=500") in kinds
    assert (ConvergenceWarning, "Stochastic") in kinds
    assert (ConvergenceWarning, "lbfgs") in kinds
    assert {w.filename for w in caught} == {__file__}
