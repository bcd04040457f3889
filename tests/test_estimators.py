"""Behaviour of the estimators as a scikit-learn user sees it."""

import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from _data import iris
from sklearn.datasets import load_digits, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import recall_score
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import NumpyMLPClassifier, NumpyMLPRegressor

SOLVERS = {
    "sgd": dict(solver="sgd", learning_rate_init=0.05),
    "adam": dict(solver="adam", learning_rate_init=0.01),
    "lbfgs": dict(solver="lbfgs"),
}


# Short fits end at max_iter on purpose.
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def sparse_problem():
    # 3 informative features first (no shuffling), then 37 of noise.
    X, y = make_classification(
        n_samples=600,
        n_features=40,
        n_informative=3,
        n_redundant=0,
        n_clusters_per_class=1,
        class_sep=1.5,
        shuffle=False,
        random_state=0,
    )
    return StandardScaler().fit_transform(X), y


@pytest.mark.parametrize("solver", list(SOLVERS))
def test_l1_zeros_grow_with_alpha_and_accuracy_stays(solver):
    X, y = sparse_problem()
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    zero_fractions, scores = [], []
    for alpha in [0.0, 1.0, 3.0]:
        clf = NumpyMLPClassifier(
            hidden_layer_sizes=(16,),
            alpha=alpha,
            l1_ratio=1.0,
            max_iter=60,
            random_state=0,
            **SOLVERS[solver],
        ).fit(X_train, y_train)
        zero_fractions.append(np.mean(clf.coefs_[0] == 0.0))
        scores.append(clf.score(X_test, y_test))
    assert zero_fractions[0] == 0.0
    assert zero_fractions[0] < zero_fractions[1] < zero_fractions[2]
    assert zero_fractions[2] > 0.5
    assert min(scores) > 0.85


def test_l1_zero_weights_prune_irrelevant_inputs():
    X, y = sparse_problem()
    clf = NumpyMLPClassifier(
        hidden_layer_sizes=(16,),
        alpha=10.0,
        l1_ratio=1.0,
        solver="lbfgs",
        max_iter=60,
        random_state=0,
    ).fit(X, y)
    pruned = np.all(clf.coefs_[0] == 0.0, axis=1)  # every outgoing weight is 0
    assert not pruned[:3].any()
    assert pruned[3:].mean() > 0.4
    assert clf.score(X, y) > 0.9


@pytest.mark.parametrize("solver", list(SOLVERS))
def test_balanced_class_weight_raises_minority_recall(solver):
    X, y = make_classification(
        n_samples=600,
        n_features=6,
        weights=[0.92],
        flip_y=0.05,
        class_sep=0.6,
        random_state=1,
    )
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, stratify=y, random_state=0
    )
    recalls = {}
    for class_weight in (None, "balanced"):
        clf = NumpyMLPClassifier(
            hidden_layer_sizes=(8,),
            class_weight=class_weight,
            max_iter=100,
            random_state=0,
            **SOLVERS[solver],
        ).fit(X_train, y_train)
        recalls[class_weight] = recall_score(y_test, clf.predict(X_test))
    assert recalls["balanced"] > recalls[None] + 0.1


def test_class_weight_dict_equals_sample_weight():
    X, y = iris()
    weights = {0: 1.0, 1: 3.0, 2: 0.5}
    params = dict(hidden_layer_sizes=(5,), solver="lbfgs", max_iter=30, random_state=0)
    by_class = NumpyMLPClassifier(class_weight=weights, **params).fit(X, y)
    by_sample = NumpyMLPClassifier(**params).fit(
        X, y, sample_weight=[weights[c] for c in y]
    )
    for a, b in zip(by_class.coefs_, by_sample.coefs_):
        np.testing.assert_allclose(a, b, rtol=1e-12)


@pytest.mark.parametrize(
    "class_weight, sample_weight, message",
    [
        ({0: -1.0, 1: 1.0, 2: 1.0}, None, "has negative weights"),
        ({0: 0.0, 1: 0.0, 2: 0.0}, None, "every sample has weight zero"),
        # Non-zero class weights, but each sample's product is zero.
        ({0: 1.0, 1: 0.0, 2: 0.0}, "zero for class 0", "every sample has weight zero"),
    ],
)
def test_class_weights_that_leave_nothing_to_learn_are_refused(
    class_weight, sample_weight, message
):
    X, y = iris()
    if sample_weight is not None:
        sample_weight = (y != 0).astype(float)
    clf = NumpyMLPClassifier(class_weight=class_weight, max_iter=2)
    with pytest.raises(ValueError, match=message):
        clf.fit(X, y, sample_weight=sample_weight)


def test_class_weight_balanced_is_refused_by_partial_fit():
    X, y = iris()
    clf = NumpyMLPClassifier(class_weight="balanced")
    with pytest.raises(ValueError, match="compute_class_weight"):
        clf.partial_fit(X, y, classes=[0, 1, 2])


def test_pipeline_grid_search_with_two_jobs():
    X, y = iris()
    pipe = make_pipeline(
        StandardScaler(),
        NumpyMLPClassifier(
            hidden_layer_sizes=(8,), alpha=1e-3, solver="lbfgs", random_state=0
        ),
    )
    grid = {"numpymlpclassifier__l1_ratio": [0, 0.5, 1]}
    search = GridSearchCV(pipe, grid, n_jobs=2, cv=3).fit(X, y)
    assert search.best_score_ > 0.8
    assert len(search.cv_results_["mean_test_score"]) == 3


def test_sklearn_param_grid_works_unchanged():
    X, y = iris()
    grid = {
        "hidden_layer_sizes": [(5,), (5, 3)],
        "activation": ["relu", "tanh"],
        "solver": ["lbfgs", "adam"],
        "alpha": [1e-4, 1e-2],
        "learning_rate": ["constant", "adaptive"],
    }
    search = GridSearchCV(NumpyMLPClassifier(max_iter=20, random_state=0), grid, cv=2)
    search.fit(X, y)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()


def test_partial_fit_over_chunks_learns():
    X, y = load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    clf = NumpyMLPClassifier(
        hidden_layer_sizes=(32,), learning_rate_init=0.01, random_state=0
    )
    scores = []
    for _ in range(3):
        for chunk in np.array_split(np.arange(len(y)), 6):
            clf.partial_fit(X[chunk], y[chunk], classes=np.arange(10))
        scores.append(clf.score(X, y))
    assert scores[0] > 0.8
    assert scores[-1] > scores[0]
    assert clf.t_ == 3 * len(y)


@pytest.mark.parametrize("Estimator", [NumpyMLPClassifier, NumpyMLPRegressor])
def test_partial_fit_is_not_available_with_lbfgs(Estimator):
    assert hasattr(Estimator(solver="adam"), "partial_fit")
    assert not hasattr(Estimator(solver="lbfgs"), "partial_fit")


def test_partial_fit_needs_classes_first_and_refuses_unseen_labels():
    X, y = iris()
    clf = NumpyMLPClassifier(hidden_layer_sizes=(4,))
    with pytest.raises(ValueError, match="classes must be passed"):
        clf.partial_fit(X, y)
    clf.partial_fit(X[y < 2], y[y < 2], classes=[0, 1])
    with pytest.raises(ValueError, match=r"not in `self.classes_`: \[2\]"):
        clf.partial_fit(X, y)


@pytest.mark.parametrize("solver", list(SOLVERS))
@pytest.mark.parametrize("Estimator", [NumpyMLPClassifier, NumpyMLPRegressor])
def test_float32_stays_float32(Estimator, solver):
    X, y = iris()
    X = X.astype(np.float32)
    est = Estimator(
        hidden_layer_sizes=(6,), max_iter=10, random_state=0, **SOLVERS[solver]
    )
    est.fit(X, y)
    assert all(p.dtype == np.float32 for p in est.coefs_ + est.intercepts_)
    outputs = (
        [est.predict(X)]
        if Estimator is NumpyMLPRegressor
        else [est.predict_proba(X), est.predict_log_proba(X)]
    )
    assert all(out.dtype == np.float32 for out in outputs)


@pytest.mark.parametrize("fmt", ["csr", "csc"])
@pytest.mark.parametrize("solver", list(SOLVERS))
def test_sparse_input_gives_the_dense_model(fmt, solver):
    X, y = iris()
    X[np.abs(X) < 0.5] = 0
    params = dict(
        hidden_layer_sizes=(6,), max_iter=15, random_state=0, **SOLVERS[solver]
    )
    dense = NumpyMLPClassifier(**params).fit(X, y)
    sparse = NumpyMLPClassifier(**params).fit(sp.csr_matrix(X).asformat(fmt), y)
    for a, b in zip(dense.coefs_, sparse.coefs_):
        np.testing.assert_allclose(a, b, rtol=1e-7, atol=1e-10)
    np.testing.assert_allclose(
        dense.predict_proba(X), sparse.predict_proba(sp.csr_matrix(X))
    )


def test_string_labels_binary_multiclass_and_multilabel():
    X, y = iris()
    names = np.array(["setosa", "versicolor", "virginica"])[y]
    clf = NumpyMLPClassifier(hidden_layer_sizes=(8,), solver="lbfgs", random_state=0)
    assert set(clf.fit(X, names).predict(X)) <= set(names)
    assert clf.out_activation_ == "softmax" and clf.n_outputs_ == 3

    clf.fit(X, names == "setosa")
    assert clf.out_activation_ == "logistic" and clf.n_outputs_ == 1
    assert clf.predict_proba(X).shape == (150, 2)

    Y = np.c_[y == 0, y == 2, X[:, 0] > 0].astype(int)
    clf.fit(X, Y)
    assert clf.predict(X).shape == Y.shape and clf.predict_proba(X).shape == Y.shape
    assert clf.score(X, Y) > 0.7


def test_multi_output_regression():
    X, _ = iris()
    Y = np.c_[X[:, 0] + X[:, 1], X[:, 2] * X[:, 3]]
    reg = NumpyMLPRegressor(
        hidden_layer_sizes=(16,), solver="lbfgs", random_state=0
    ).fit(X, Y)
    assert reg.predict(X).shape == Y.shape and reg.n_outputs_ == 2
    assert reg.score(X, Y) > 0.9
    assert reg.__sklearn_tags__().target_tags.multi_output


def test_poisson_regression_predicts_positive_counts():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(1000, 3))
    y = rng.poisson(np.exp(0.8 * X[:, 0] - 0.5 * X[:, 1]))
    reg = NumpyMLPRegressor(
        loss="poisson", hidden_layer_sizes=(8,), solver="lbfgs", random_state=0
    )
    reg.fit(X, y)
    assert reg.out_activation_ == "exp" and (reg.predict(X) > 0).all()
    assert (
        np.corrcoef(reg.predict(X), np.exp(0.8 * X[:, 0] - 0.5 * X[:, 1]))[0, 1] > 0.9
    )


def test_zero_weight_minibatches_are_skipped():
    # With aligned, unshuffled batches, zero-weight samples are the same as absent ones.
    X, y = iris()
    order = np.random.RandomState(0).permutation(len(y))
    X, y = X[order], y[order]
    weights = np.ones(len(y))
    weights[:20] = 0.0
    params = dict(
        hidden_layer_sizes=(5,),
        solver="sgd",
        batch_size=10,
        shuffle=False,
        max_iter=5,
        random_state=0,
    )
    weighted = NumpyMLPClassifier(**params).fit(X, y, sample_weight=weights)
    subset = NumpyMLPClassifier(**params)
    subset.fit(X[20:], y[20:])
    subset.set_params(max_iter=5)
    # Same initial weights: both draw them from the same seed and shapes.
    for a, b in zip(weighted.coefs_, subset.coefs_):
        np.testing.assert_allclose(a, b, rtol=1e-12)
    assert weighted.loss_ == pytest.approx(subset.loss_, rel=1e-12)


def test_all_zero_sample_weight_is_refused():
    X, y = iris()
    with pytest.raises(ValueError, match="at least one non-zero"):
        NumpyMLPClassifier().fit(X, y, sample_weight=np.zeros(len(y)))


@pytest.mark.parametrize("n_classes", [2, 3])
def test_saturated_logits_give_finite_log_proba_without_warnings(n_classes):
    X, y = iris()
    X, y = X[y < n_classes], y[y < n_classes]
    clf = NumpyMLPClassifier(
        hidden_layer_sizes=(4,), solver="lbfgs", random_state=0
    ).fit(X, y)
    clf.coefs_[-1] *= 1e4  # logits of the order of 1e4
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        log_proba = clf.predict_log_proba(X)
        proba = clf.predict_proba(X)
    assert np.isfinite(log_proba).all()
    assert log_proba.min() < -100  # not clipped: log(p) far below log(eps)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_max_iter_gives_convergence_warning():
    X, y = iris()
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        with pytest.raises(ConvergenceWarning, match="max_iter"):
            NumpyMLPClassifier(hidden_layer_sizes=(4,), max_iter=3).fit(X, y)


def test_verbose_prints_one_line_per_epoch(capsys):
    X, y = iris()
    NumpyMLPClassifier(hidden_layer_sizes=(4,), max_iter=4, verbose=True).fit(X, y)
    lines = [
        line
        for line in capsys.readouterr().out.splitlines()
        if line.startswith("Iteration")
    ]
    assert [line.split(",")[0] for line in lines] == [
        f"Iteration {i}" for i in range(1, 5)
    ]


def test_early_stopping_restores_the_best_validation_weights():
    X, y = load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    clf = NumpyMLPClassifier(
        hidden_layer_sizes=(16,),
        early_stopping=True,
        n_iter_no_change=3,
        learning_rate_init=0.05,
        max_iter=100,
        random_state=0,
    ).fit(X, y)
    assert clf.n_iter_ < 100
    assert clf.best_validation_score_ == max(clf.validation_scores_)
    assert clf.best_loss_ is None
    # The split is seeded: refitting for the best epoch's count reproduces the weights.
    best_epoch = int(np.argmax(clf.validation_scores_)) + 1
    again = NumpyMLPClassifier(
        **{
            **clf.get_params(),
            "early_stopping": True,
            "max_iter": best_epoch,
            "n_iter_no_change": 1000,
        }
    ).fit(X, y)
    for a, b in zip(clf.coefs_, again.coefs_):
        np.testing.assert_array_equal(a, b)


def test_warm_start_refuses_a_different_architecture():
    X, y = iris()
    clf = NumpyMLPClassifier(hidden_layer_sizes=(4,), max_iter=2, warm_start=True).fit(
        X, y
    )
    clf.set_params(hidden_layer_sizes=(5,))
    with pytest.raises(ValueError, match="warm_start=False"):
        clf.fit(X, y)
