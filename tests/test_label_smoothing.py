"""label_smoothing: the classifier trained on targets moved towards uniform."""

import numpy as np
import pytest
from sklearn.datasets import make_classification, make_multilabel_classification
from sklearn.preprocessing import LabelBinarizer

from sklearn_mlp_np import NumpyMLPClassifier

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def smoothed_cross_entropy(proba, Y, epsilon, kind):
    """The mean loss to the targets y' = (1 - e) y + e / K, K classes per unit."""
    if kind == "multiclass":  # one softmax over the K columns
        target = (1 - epsilon) * Y + epsilon / Y.shape[1]
        return -(target * np.log(proba)).sum(axis=1).mean()
    # One logistic unit per label (the positive class's column when binary).
    units = proba[:, 1:] if kind == "binary" else proba
    target = (1 - epsilon) * Y + epsilon / 2
    per_unit = target * np.log(units) + (1 - target) * np.log1p(-units)
    return -per_unit.sum(axis=1).mean()


@pytest.mark.parametrize(
    "kind, n_classes", [("multiclass", 3), ("binary", 2), ("multilabel", None)]
)
def test_the_training_loss_is_the_cross_entropy_to_the_smoothed_targets(
    kind, n_classes
):
    if kind == "multilabel":
        X, Y = make_multilabel_classification(
            n_samples=120, n_classes=3, random_state=0
        )
        y = Y
    else:
        X, y = make_classification(
            n_samples=120, n_informative=4, n_classes=n_classes, random_state=0
        )
        Y = LabelBinarizer().fit_transform(y)
    clf = NumpyMLPClassifier(
        hidden_layer_sizes=(8,),
        alpha=0.0,
        label_smoothing=0.2,
        solver="lbfgs",
        max_iter=30,
        random_state=0,
    ).fit(X, y)
    proba = clf.predict_proba(X)
    expected = smoothed_cross_entropy(proba, Y, 0.2, kind)
    assert clf.loss_ == pytest.approx(expected, rel=1e-6)


def test_smoothing_bounds_the_confidence_on_separable_data():
    X, y = make_classification(
        n_samples=200, n_informative=4, n_classes=3, class_sep=4, random_state=1
    )
    params = dict(hidden_layer_sizes=(16,), alpha=0.0, solver="lbfgs", max_iter=500)
    sharp = NumpyMLPClassifier(**params, random_state=0).fit(X, y)
    smooth = NumpyMLPClassifier(**params, label_smoothing=0.3, random_state=0)
    smooth.fit(X, y)
    # The smoothed optimum gives the true class 1 - 0.3 + 0.3 / 3 = 0.8.
    true_class = np.arange(len(y)), y
    assert sharp.predict_proba(X)[true_class].mean() > 0.999
    assert smooth.predict_proba(X)[true_class].mean() == pytest.approx(0.8, abs=0.01)
    assert smooth.predict_proba(X).max() < 0.9
    assert smooth.score(X, y) == sharp.score(X, y) == 1.0


def test_held_out_loss_uses_the_smoothed_targets_and_zero_changes_nothing():
    X, y = make_classification(
        n_samples=200, n_classes=3, n_informative=4, random_state=2
    )
    X_train, X_val, y_train, y_val = X[:150], X[150:], y[:150], y[150:]
    params = dict(hidden_layer_sizes=(8,), max_iter=5, random_state=0)
    clf = NumpyMLPClassifier(**params, label_smoothing=0.1)
    clf.fit(X_train, y_train, X_val=X_val, y_val=y_val)
    Y_val = LabelBinarizer().fit(y).transform(y_val)
    expected = smoothed_cross_entropy(
        clf.predict_proba(X_val), Y_val, 0.1, "multiclass"
    )
    assert clf.validation_loss_curve_[-1] == pytest.approx(expected, rel=1e-6)
    plain = NumpyMLPClassifier(**params).fit(X_train, y_train)
    zero = NumpyMLPClassifier(**params, label_smoothing=0.0).fit(X_train, y_train)
    np.testing.assert_array_equal(plain.coefs_[0], zero.coefs_[0])
    assert not np.array_equal(clf.coefs_[0], plain.coefs_[0])
