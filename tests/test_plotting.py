"""LossCurveDisplay, and scikit-learn's DecisionBoundaryDisplay on our classifier."""

import builtins

import numpy as np
import pytest
from sklearn.datasets import load_iris, make_moons
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import LossCurveDisplay, NumpyMLPClassifier

plt = pytest.importorskip("matplotlib.pyplot")
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_loss_curve_from_a_pipeline():
    X, y = load_iris(return_X_y=True)
    pipe = make_pipeline(
        StandardScaler(), NumpyMLPClassifier(max_iter=12, random_state=0)
    )
    pipe.fit(X, y)
    display = LossCurveDisplay.from_estimator(pipe)
    np.testing.assert_array_equal(display.line_.get_ydata(), pipe[-1].loss_curve_)
    np.testing.assert_array_equal(display.line_.get_xdata(), np.arange(1, 13))
    assert display.validation_line_ is None and display.validation_loss_line_ is None
    assert display.ax_.get_xlabel() == "epoch"
    assert "NumpyMLPClassifier" in display.line_.get_label()


def test_held_out_loss_on_the_same_axes_and_scores_on_a_second_one():
    X, y = load_iris(return_X_y=True)
    clf = NumpyMLPClassifier(
        early_stopping=True, max_iter=15, learning_rate_init=0.01, random_state=0
    ).fit(StandardScaler().fit_transform(X), y)
    _, ax = plt.subplots()
    display = LossCurveDisplay.from_estimator(clf, ax=ax, name="mine", color="red")
    assert display.ax_ is ax and display.figure_ is ax.figure
    assert display.validation_loss_line_.axes is ax
    np.testing.assert_array_equal(
        display.validation_loss_line_.get_ydata(), clf.validation_loss_curve_
    )
    assert display.validation_line_ is None  # scores only when asked for
    assert display.line_.get_color() == "red"
    assert display.line_.get_label() == "mine training loss"
    assert display.validation_loss_line_.get_label() == "mine held-out loss"

    with_scores = LossCurveDisplay.from_estimator(clf, show_scores=True)
    assert with_scores.validation_ax_ is not with_scores.ax_
    np.testing.assert_array_equal(
        with_scores.validation_line_.get_ydata(), clf.validation_scores_
    )
    labels = [t.get_text() for t in with_scores.validation_ax_.get_legend().texts]
    assert labels == [
        "NumpyMLPClassifier training loss",
        "NumpyMLPClassifier held-out loss",
        "NumpyMLPClassifier held-out score",
    ]


def test_unfitted_estimator_is_refused():
    with pytest.raises(NotFittedError):
        LossCurveDisplay.from_estimator(NumpyMLPClassifier())


def test_missing_matplotlib_gives_a_clear_error(monkeypatch):
    real_import = builtins.__import__

    def no_matplotlib(name, *args, **kwargs):
        if name.startswith("matplotlib"):
            raise ImportError("no matplotlib here")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    with pytest.raises(ImportError, match=r"sklearn-mlp-np\[plot\]"):
        LossCurveDisplay(loss_curve=[1.0, 0.5]).plot()


def test_decision_boundary_display_works_with_our_classifier():
    from sklearn.inspection import DecisionBoundaryDisplay

    X, y = make_moons(n_samples=200, noise=0.2, random_state=0)
    clf = NumpyMLPClassifier(hidden_layer_sizes=(16,), solver="lbfgs", random_state=0)
    clf.fit(X, y)
    for method in ("predict", "predict_proba"):
        display = DecisionBoundaryDisplay.from_estimator(clf, X, response_method=method)
        assert display.response.shape == display.xx0.shape
