"""Held-out data: validation-loss curves, explicit validation sets, scoring."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
import sklearn
from sklearn.datasets import (
    load_breast_cancer,
    load_diabetes,
    load_digits,
    load_iris,
    load_wine,
)
from sklearn.metrics import get_scorer, log_loss, mean_squared_error
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import NumpyMLPClassifier, NumpyMLPRegressor

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def digits_split():
    X, y = load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    return train_test_split(X, y, test_size=0.3, random_state=0)


def small_classifier(**params):
    defaults = dict(hidden_layer_sizes=(16,), learning_rate_init=0.01, random_state=0)
    return NumpyMLPClassifier(**{**defaults, **params})


def test_validation_loss_curve_is_the_held_out_data_loss():
    X_train, X_val, y_train, y_val = digits_split()
    clf = small_classifier(max_iter=4, alpha=1e-2)
    clf.fit(X_train, y_train, X_val=X_val, y_val=y_val)
    # One value per epoch, without the penalty: the loss of the final model.
    assert len(clf.validation_loss_curve_) == len(clf.validation_scores_) == 4
    expected = log_loss(y_val, clf.predict_proba(X_val))
    assert clf.validation_loss_curve_[-1] == pytest.approx(expected, rel=1e-10)
    # Scores are the estimator's score by default (accuracy).
    assert clf.validation_scores_[-1] == pytest.approx(clf.score(X_val, y_val))
    assert clf.best_validation_score_ == max(clf.validation_scores_)
    # Held-out data is not trained on.
    assert clf.t_ == 4 * len(X_train)


def test_held_out_loss_is_scored_as_predicted_without_dropout():
    X_train, X_val, y_train, y_val = digits_split()
    clf = small_classifier(max_iter=3, dropout=0.5)
    clf.fit(X_train, y_train, X_val=X_val, y_val=y_val)
    expected = log_loss(y_val, clf.predict_proba(X_val))
    assert clf.validation_loss_curve_[-1] == pytest.approx(expected, rel=1e-10)
    stopped = small_classifier(max_iter=3, dropout=0.5, early_stopping=True)
    assert len(stopped.fit(X_train, y_train).validation_loss_curve_) == 3


def test_regression_validation_loss_is_half_the_squared_error():
    X, y = load_diabetes(return_X_y=True)
    X, y = StandardScaler().fit_transform(X), y / 100
    reg = NumpyMLPRegressor(hidden_layer_sizes=(8,), max_iter=5, random_state=0)
    reg.fit(X[:300], y[:300], X_val=X[300:], y_val=y[300:])
    expected = 0.5 * mean_squared_error(y[300:], reg.predict(X[300:]))
    assert reg.validation_loss_curve_[-1] == pytest.approx(expected, rel=1e-10)


def test_early_stopping_uses_the_given_validation_set_instead_of_a_split():
    X_train, X_val, y_train, y_val = digits_split()
    clf = small_classifier(early_stopping=True, n_iter_no_change=2, max_iter=100)
    clf.fit(X_train, y_train, X_val=X_val, y_val=y_val)
    assert clf.n_iter_ < 100
    assert clf.t_ == clf.n_iter_ * len(X_train)  # nothing held out of X
    # The kept weights are those of the best epoch.
    assert clf.score(X_val, y_val) == pytest.approx(clf.best_validation_score_)
    # An internal split gives a curve too.
    split = small_classifier(early_stopping=True, max_iter=3).fit(X_train, y_train)
    assert len(split.validation_loss_curve_) == 3
    assert split.t_ == 3 * (len(X_train) - np.ceil(0.1 * len(X_train)))


def test_held_out_curves_with_lbfgs():
    X_train, X_val, y_train, y_val = digits_split()
    clf = small_classifier(solver="lbfgs", max_iter=15)
    clf.fit(X_train, y_train, X_val=X_val, y_val=y_val)
    assert len(clf.validation_loss_curve_) == clf.n_iter_ == len(clf.loss_curve_)
    expected = log_loss(y_val, clf.predict_proba(X_val))
    assert clf.validation_loss_curve_[-1] == pytest.approx(expected, rel=1e-8)


def test_no_held_out_data_no_curves():
    X_train, _, y_train, _ = digits_split()
    clf = small_classifier(max_iter=2).fit(X_train, y_train)
    assert clf.validation_loss_curve_ is None and clf.validation_scores_ is None


def test_scoring_loss_stops_on_the_held_out_loss():
    X_train, X_val, y_train, y_val = digits_split()
    clf = small_classifier(
        scoring="loss",
        early_stopping=True,
        n_iter_no_change=3,
        hidden_layer_sizes=(64,),
        alpha=0.0,
        max_iter=300,
    )
    clf.fit(X_train[:300], y_train[:300], X_val=X_val, y_val=y_val)
    np.testing.assert_array_equal(
        clf.validation_scores_, -np.asarray(clf.validation_loss_curve_)
    )
    best = int(np.argmax(clf.validation_scores_))
    # Stopped early on the held-out loss, and kept the weights of the epoch
    # with the lowest held-out loss.
    assert clf.n_iter_ < 300
    assert log_loss(y_val, clf.predict_proba(X_val)) == pytest.approx(
        clf.validation_loss_curve_[best], rel=1e-10
    )


def binary_cross_entropy(Y, P):
    """Summed over outputs, averaged over samples, as ``loss_curve_``."""
    Y, P = Y.reshape(len(Y), -1), P.reshape(len(P), -1)
    return np.mean(np.sum(-Y * np.log(P) - (1 - Y) * np.log1p(-P), axis=1))


@pytest.mark.parametrize("task", ["binary", "multilabel"])
def test_held_out_loss_and_score_of_binary_and_multilabel_classifiers(task):
    X_train, X_val, y_train, y_val = digits_split()
    if task == "binary":
        y_train, y_val = y_train % 2, y_val % 2
    else:
        y_train = np.c_[y_train % 2, y_train > 4, y_train == 0]
        y_val = np.c_[y_val % 2, y_val > 4, y_val == 0]
    clf = small_classifier(max_iter=3, alpha=1e-2)
    clf.fit(X_train, y_train, X_val=X_val, y_val=y_val)
    probabilities = clf.predict_proba(X_val)
    if task == "binary":
        probabilities = probabilities[:, 1]
    expected = binary_cross_entropy(y_val, probabilities)
    assert clf.validation_loss_curve_[-1] == pytest.approx(expected, rel=1e-10)
    # Accuracy (subset accuracy for multilabel), as the estimator's score.
    assert clf.validation_scores_[-1] == pytest.approx(clf.score(X_val, y_val))


@pytest.mark.parametrize(
    "labels, named",
    [
        (["False", "False", "False", "True"], r"\['True'\]"),
        (["cat", "cat", "dog", "dog", "dog", "eel"], r"\['eel'\]"),
        # scikit-learn names its encoding here (['True']); we name the label.
        ([0, 0, 0, 1], r"\[1\]"),
    ],
)
def test_a_class_too_small_to_stratify_is_named_as_the_user_gave_it(labels, named):
    X = np.arange(2 * len(labels), dtype=float).reshape(-1, 2)
    clf = small_classifier(early_stopping=True)
    with pytest.raises(
        ValueError,
        match=r"The least populated classes in y have only 1 member.*Classes with "
        rf"too few members are: {named}.*early_stopping=False",
    ):
        clf.fit(X, labels)


def test_an_unknown_scoring_name_is_refused():
    X_train, _, y_train, _ = digits_split()
    with pytest.raises(ValueError, match="'scoring' parameter"):
        small_classifier(scoring="accurracy").fit(X_train, y_train)


def test_bad_held_out_data_leaves_a_fitted_estimator_untouched():
    X_train, X_val, y_train, y_val = digits_split()
    clf = small_classifier(max_iter=2, warm_start=True).fit(X_train, y_train)
    before = [w.copy() for w in clf.coefs_ + clf.intercepts_]
    state = (clf.n_iter_, clf.t_, list(clf.loss_curve_))
    with pytest.raises(ValueError, match="X has 3 features"):
        clf.fit(X_train, y_train, X_val=X_val[:, :3], y_val=y_val)
    for old, new in zip(before, clf.coefs_ + clf.intercepts_):
        np.testing.assert_array_equal(old, new)
    assert (clf.n_iter_, clf.t_, clf.loss_curve_) == state


@pytest.mark.parametrize("scoring", ["neg_log_loss", "balanced_accuracy", "callable"])
def test_scoring_with_any_scorer(scoring):
    X_train, X_val, y_train, y_val = digits_split()
    scorer = get_scorer("f1_macro") if scoring == "callable" else scoring
    clf = small_classifier(scoring=scorer, max_iter=3)
    clf.fit(X_train, y_train, X_val=X_val, y_val=y_val)
    expected = get_scorer("f1_macro" if scoring == "callable" else scoring)
    assert clf.validation_scores_[-1] == pytest.approx(expected(clf, X_val, y_val))


@pytest.mark.parametrize(
    "params, method",
    [
        (dict(scoring="accuracy"), "fit"),
        (dict(scoring="loss", solver="sgd"), "fit"),
        (dict(scoring=get_scorer("f1_macro")), "fit"),
        # L-BFGS holds nothing out for early stopping.
        (dict(scoring="accuracy", solver="lbfgs", early_stopping=True), "fit"),
        (dict(scoring="accuracy"), "partial_fit"),
    ],
)
def test_scoring_with_nothing_to_score_warns(params, method):
    # scikit-learn's HistGradientBoosting ignores it silently; we say so.
    X_train, _, y_train, _ = digits_split()
    clf = small_classifier(max_iter=2, **params)
    fit_params = {"classes": np.unique(y_train)} if method == "partial_fit" else {}
    with pytest.warns(
        UserWarning, match=r"scoring=.* is not used.*early_stopping=True.*X_val"
    ):
        getattr(clf, method)(X_train, y_train, **fit_params)
    assert clf.validation_scores_ is None


@pytest.mark.parametrize(
    "params, held_out",
    [
        (dict(), False),  # the default scoring
        (dict(scoring="accuracy", early_stopping=True), False),
        (dict(scoring="accuracy"), True),
        (dict(scoring="accuracy", solver="lbfgs"), True),
    ],
)
def test_scoring_with_something_to_score_does_not_warn(params, held_out):
    X_train, X_val, y_train, y_val = digits_split()
    fit_params = dict(X_val=X_val, y_val=y_val) if held_out else {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        small_classifier(max_iter=2, **params).fit(X_train, y_train, **fit_params)
    assert not [w for w in caught if "scoring" in str(w.message)]


@pytest.mark.parametrize(
    "fit_params, message",
    [
        (dict(X_val="X"), "X_val is given, but y_val is not"),
        (dict(y_val="y"), "y_val is given, but X_val is not"),
        (dict(X_val="X3", y_val="y"), "X has 3 features, but NumpyMLPClassifier"),
        (dict(X_val="X", y_val="y_unseen"), r"not in the training data: \[99\]"),
        (dict(X_val="X", y_val="y_short"), "X_val has 30 samples but y_val has 29"),
        (dict(sample_weight_val="w"), "sample_weight_val is given without"),
    ],
)
def test_held_out_data_is_checked_like_the_training_data(fit_params, message):
    X_train, X_val, y_train, y_val = digits_split()
    values = {
        "X": X_val[:30],
        "X3": X_val[:30, :3],
        "y": y_val[:30],
        "y_unseen": np.r_[y_val[:29], 99],
        "y_short": y_val[:29],
        "w": np.ones(30),
    }
    kwargs = {name: values[key] for name, key in fit_params.items()}
    with pytest.raises(ValueError, match=message):
        small_classifier(max_iter=1).fit(X_train, y_train, **kwargs)


def test_held_out_data_keeps_float32():
    X_train, X_val, y_train, y_val = digits_split()
    clf = small_classifier(max_iter=2)
    clf.fit(
        X_train.astype(np.float32),
        y_train,
        X_val=X_val.astype(np.float32),
        y_val=y_val,
        sample_weight_val=np.linspace(1, 2, len(y_val)),
    )
    assert clf.coefs_[0].dtype == np.float32
    assert all(np.isfinite(clf.validation_loss_curve_))


@pytest.fixture
def metadata_routing():
    with sklearn.config_context(enable_metadata_routing=True):
        yield


def test_validation_set_through_a_pipeline_and_a_search(metadata_routing):
    X_train, X_val, y_train, y_val = digits_split()
    X_train, X_val = X_train * 10 + 3, X_val * 10 + 3  # unscaled
    mlp = small_classifier(max_iter=3).set_fit_request(X_val=True, y_val=True)
    pipe = Pipeline(
        [("scale", StandardScaler()), ("mlp", mlp)], transform_input=["X_val"]
    )
    pipe.fit(X_train, y_train, X_val=X_val, y_val=y_val)
    fitted = pipe.named_steps["mlp"]
    # X_val went through the fitted scaler before reaching the network.
    scaled = pipe.named_steps["scale"].transform(X_val)
    expected = log_loss(y_val, fitted.predict_proba(scaled))
    assert fitted.validation_loss_curve_[-1] == pytest.approx(expected, rel=1e-10)

    search = GridSearchCV(pipe, {"mlp__alpha": [1e-4, 1e-1]}, cv=2)
    search.fit(X_train, y_train, X_val=X_val, y_val=y_val)
    assert len(search.best_estimator_[-1].validation_loss_curve_) == 3


# ---- X_val far outside the range of X ------------------------------------------


def _fit_recording_warnings(model, *args, **kwargs):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(*args, **kwargs)
    return [w for w in caught if w.category is UserWarning]


LOADERS = [load_iris, load_digits, load_wine, load_breast_cancer]


@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
def test_unscaled_x_val_after_a_scaled_x_warns_at_the_callers_line(
    loader, solver, metadata_routing
):
    X, y = loader(return_X_y=True)
    X_train, X_val, y_train, y_val = train_test_split(X, y, random_state=0)
    mlp = small_classifier(max_iter=3, solver=solver)
    mlp.set_fit_request(X_val=True, y_val=True)
    # No transform_input: the scaler scales X, and X_val reaches the network
    # as given.
    pipe = Pipeline([("scale", StandardScaler()), ("mlp", mlp)])
    caught = _fit_recording_warnings(pipe, X_train, y_train, X_val=X_val, y_val=y_val)
    assert len(caught) == 1  # once per fit, not once per epoch
    message = str(caught[0].message)
    assert "lie far outside the range of the training X" in message
    assert 'transform_input=["X_val"]' in message
    assert caught[0].filename == __file__
    # The held-out curve is that of the unscaled X_val, as the warning says
    # (its cross-entropy from the logits: log_loss would clip it).
    fitted = pipe.named_steps["mlp"]
    log_proba = fitted.predict_log_proba(X_val)
    expected = -log_proba[
        np.arange(len(y_val)), np.searchsorted(fitted.classes_, y_val)
    ]
    expected = expected.mean()
    assert fitted.validation_loss_curve_[-1] == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
def test_x_val_scaled_by_transform_input_does_not_warn(loader, metadata_routing):
    # The user guide's recipe.
    X, y = loader(return_X_y=True)
    X_train, X_val, y_train, y_val = train_test_split(X, y, random_state=0)
    mlp = small_classifier(max_iter=1).set_fit_request(X_val=True, y_val=True)
    pipe = Pipeline(
        [("scale", StandardScaler()), ("mlp", mlp)], transform_input=["X_val"]
    )
    assert not _fit_recording_warnings(pipe, X_train, y_train, X_val=X_val, y_val=y_val)
    fitted = pipe.named_steps["mlp"]
    scaled = pipe.named_steps["scale"].transform(X_val)
    expected = log_loss(y_val, fitted.predict_proba(scaled), labels=fitted.classes_)
    assert fitted.validation_loss_curve_[-1] == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize(
    "loader", [*LOADERS, load_diabetes], ids=lambda loader: loader.__name__
)
@pytest.mark.parametrize("scale", [False, True], ids=["raw", "scaled"])
def test_a_random_split_does_not_warn(loader, scale):
    X, y = loader(return_X_y=True)
    model_class = NumpyMLPRegressor if loader is load_diabetes else NumpyMLPClassifier
    for seed in range(5):
        X_train, X_val, y_train, y_val = train_test_split(
            X, y, test_size=0.2, random_state=seed
        )
        if scale:
            scaler = StandardScaler().fit(X_train)
            X_train, X_val = scaler.transform(X_train), scaler.transform(X_val)
        model = model_class(hidden_layer_sizes=(4,), max_iter=1, random_state=0)
        assert not _fit_recording_warnings(
            model, X_train, y_train, X_val=X_val, y_val=y_val
        )


def test_far_out_x_val_is_found_in_sparse_data_too():
    rng = np.random.RandomState(0)
    X = sp.random(200, 6, density=0.3, random_state=rng, format="csr")
    y = rng.randint(2, size=200)
    X_val = X[:50].copy()
    clf = small_classifier(max_iter=1)
    assert not _fit_recording_warnings(clf, X, y, X_val=X_val, y_val=y[:50])
    # Column 2 a hundred times larger, column 4 shifted (its zeros too).
    X_val = X_val.toarray()
    X_val[:, 2] *= 100
    X_val[X_val[:, 2] == 0, 2] = 100
    X_val[:, 4] += 10
    for given in (X_val, sp.csr_matrix(X_val)):
        caught = _fit_recording_warnings(clf, X, y, X_val=given, y_val=y[:50])
        assert len(caught) == 1
        assert "2 of the 6 features of X_val (columns 2, 4)" in str(caught[0].message)


def test_a_feature_constant_in_x_is_far_out_where_x_val_differs_from_it():
    rng = np.random.RandomState(0)
    X = np.c_[rng.normal(size=(100, 2)), np.zeros(100)]
    y = rng.randint(2, size=100)
    clf = small_classifier(max_iter=1)
    X_val = X[:20].copy()
    X_val[:9, 2] = 1.0  # fewer than half differ
    assert not _fit_recording_warnings(clf, X, y, X_val=X_val, y_val=y[:20])
    X_val[:11, 2] = 1.0  # more than half
    caught = _fit_recording_warnings(clf, X, y, X_val=X_val, y_val=y[:20])
    assert "1 of the 3 features of X_val (column 2)" in str(caught[0].message)
