"""Bad input, numerical trouble, concurrency, reproducibility, persistence, memory."""

import gc
import itertools
import pickle
import threading
import tracemalloc
import warnings
from concurrent.futures import ThreadPoolExecutor

import joblib
import numpy as np
import pytest
import scipy.sparse as sp
import sklearn
from _data import iris
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV
from sklearn.utils._param_validation import InvalidParameterError

from sklearn_mlp_np import NumpyMLPClassifier, NumpyMLPRegressor
from sklearn_mlp_np._activations import ACTIVATIONS, make_activation
from sklearn_mlp_np._inference import outputs_are_finite
from sklearn_mlp_np._losses import LOSSES, make_loss
from sklearn_mlp_np._network import Network, forward

ESTIMATORS = [NumpyMLPClassifier, NumpyMLPRegressor]


# Short fits end at max_iter on purpose.
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def small(Estimator, **params):
    return Estimator(hidden_layer_sizes=(4,), max_iter=5, random_state=0, **params)


# ---- bad input: each case, its exception and a message naming the problem -----

with_nan = np.array([[0.0, 1.0], [np.nan, 2.0], [1.0, 0.0]])
with_inf = np.array([[0.0, 1.0], [np.inf, 2.0], [1.0, 0.0]])
X3, y3 = np.array([[0.0, 1.0], [1.0, 2.0], [2.0, 0.0]]), np.array([0, 1, 0])

BAD_FIT_INPUTS = {
    "nan in X": (with_nan, y3, ValueError, "Input X contains NaN"),
    "inf in X": (with_inf, y3, ValueError, "Input X contains infinity"),
    "nan in y": (X3, np.array([0.0, np.nan, 1.0]), ValueError, "Input y contains NaN"),
    "1-D X": (np.arange(3.0), y3, ValueError, "Expected 2D array, got 1D array"),
    "3-D X": (np.zeros((3, 2, 2)), y3, ValueError, "dim 3"),
    "X and y lengths": (X3, y3[:2], ValueError, "inconsistent numbers of samples"),
    "string X": (np.array([["a", "b"]] * 3), y3, ValueError, "could not convert"),
    "complex X": (X3 + 1j, y3, ValueError, "Complex data not supported"),
    "empty X": (np.empty((0, 2)), np.empty(0), ValueError, "0 sample"),
}


@pytest.mark.parametrize("case", list(BAD_FIT_INPUTS))
@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_bad_fit_input_is_refused_with_a_clear_message(Estimator, case):
    X, y, error, message = BAD_FIT_INPUTS[case]
    with pytest.raises(error, match=message):
        small(Estimator).fit(X, y)


def test_object_X_of_numbers_is_converted_but_objects_are_refused():
    X, y = iris()
    small(NumpyMLPClassifier).fit(X.astype(object), y)
    with pytest.raises(TypeError, match="float"):
        small(NumpyMLPClassifier).fit(np.array([[{}, 1]] * 3, dtype=object), y3)


def test_a_single_sample():
    X, y = iris()
    with pytest.raises(ValueError, match="only 1 class"):
        small(NumpyMLPClassifier).fit(X[:1], y[:1])
    reg = small(NumpyMLPRegressor).fit(X[:1], [3.0])
    assert reg.predict(X[:2]).shape == (2,)


def test_one_class_in_y():
    X, y = iris()
    with pytest.raises(ValueError, match=r"at least 2 classes.*only 1 class: \[0\]"):
        small(NumpyMLPClassifier).fit(X[:50], y[:50])


def test_wrong_number_of_features_at_predict():
    X, y = iris()
    clf = small(NumpyMLPClassifier).fit(X, y)
    with pytest.raises(ValueError, match=r"X has 3 features.*expecting 4 features"):
        clf.predict(X[:, :3])


@pytest.mark.parametrize(
    "weights, message",
    [
        (-np.ones(150), "Negative values in data passed to `sample_weight`"),
        (np.r_[np.nan, np.ones(149)], "sample_weight contains NaN"),
        (np.ones(149), r"sample_weight.shape == \(149,\), expected \(150,\)"),
    ],
)
def test_bad_sample_weight(weights, message):
    X, y = iris()
    with pytest.raises(ValueError, match=message):
        small(NumpyMLPClassifier).fit(X, y, sample_weight=weights)


def test_poisson_needs_non_negative_targets():
    X, y = iris()
    with pytest.raises(ValueError, match="loss='poisson' needs non-negative targets"):
        small(NumpyMLPRegressor, loss="poisson").fit(X, y - 1.0)


@pytest.mark.parametrize(
    "params, error, message",
    [
        (dict(hidden_layer_sizes=(0,)), ValueError, "must hold positive integers"),
        (dict(hidden_layer_sizes=(3, -1)), ValueError, "must hold positive integers"),
        (dict(batch_size=0), InvalidParameterError, "'batch_size' parameter"),
        (dict(validation_fraction=1.0), InvalidParameterError, "validation_fraction"),
        (dict(learning_rate_init=0), InvalidParameterError, "learning_rate_init"),
        (dict(l1_ratio=1.5), InvalidParameterError, "'l1_ratio' parameter"),
        (dict(activation="softmax"), InvalidParameterError, "'activation' parameter"),
        (dict(momentum=2.0), InvalidParameterError, "'momentum' parameter"),
    ],
)
@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_absurd_parameters(Estimator, params, error, message):
    X, y = iris()
    with pytest.raises(error, match=message):
        Estimator(**params).fit(X, y)


TOO_FEW = r"The validation set is too small: it has fewer than 2 samples\. Increase"
NOT_EVERY_CLASS = (
    r"The validation set is too small to hold out for early stopping \(.*number "
    r"of classes = 3\)\. Increase validation_fraction.*or set early_stopping=False"
)


@pytest.mark.parametrize(
    "Estimator, n_samples, message, enough",
    [
        # 1% of 50 or of 15 samples: one sample held out; two are enough.
        (NumpyMLPRegressor, 50, TOO_FEW, 0.04),
        (NumpyMLPRegressor, 15, TOO_FEW, 0.1),
        # Stratified, the split needs one sample per class: three here.
        (NumpyMLPClassifier, 15, NOT_EVERY_CLASS, 0.2),
    ],
)
def test_a_validation_set_too_small_is_refused_with_sklearns_phrase(
    Estimator, n_samples, message, enough
):
    X, y = iris()
    X, y = X[:: 150 // n_samples], y[:: 150 // n_samples]  # every class
    model = Estimator(early_stopping=True, validation_fraction=0.01, max_iter=2)
    with pytest.raises(ValueError, match=message):
        model.fit(X, y)
    # The smallest fraction that holds out enough is accepted.
    model.set_params(validation_fraction=enough).fit(X, y)
    assert len(model.validation_scores_) == 2


@pytest.mark.parametrize("solver", ["sgd", "adam", "lbfgs"])
@pytest.mark.parametrize("sparse_format", [None, "csr", "csc"])
@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_inputs_are_never_mutated(Estimator, sparse_format, solver):
    X, y = iris()
    weights = np.linspace(0.5, 2, len(y))
    X_in = X if sparse_format is None else sp.csr_matrix(X).asformat(sparse_format)
    if sparse_format is None:
        arrays = [X_in, y, weights]
    else:
        arrays = [X_in.data, X_in.indices, X_in.indptr, y, weights]
    for array in arrays:
        array.setflags(write=False)  # an in-place write raises
    copies = [array.copy() for array in arrays]
    est = small(Estimator, solver=solver).fit(X_in, y, sample_weight=weights)
    est.predict(X_in)
    if Estimator is NumpyMLPClassifier:
        est.predict_proba(X_in)
    for array, copy in zip(arrays, copies):
        np.testing.assert_array_equal(array, copy)


@pytest.mark.parametrize("solver", ["sgd", "adam", "lbfgs"])
def test_weights_assigned_for_a_warm_start_are_trained_on_copies(solver):
    X, y = iris()
    clf = small(NumpyMLPClassifier, solver=solver).fit(X, y)
    assigned = [c.copy() for c in clf.coefs_]
    start = [c.copy() for c in assigned]
    clf.set_params(warm_start=True)
    clf.coefs_ = assigned
    clf.fit(X, y)
    for a, b in zip(assigned, start):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(clf.coefs_[0], start[0])  # trained, on a copy


# ---- numerical trouble --------------------------------------------------------


SKLEARNS_ERROR = (
    "Solver produced non-finite parameter weights. "
    "The input data may contain large values and need to be preprocessed. "
)


@pytest.mark.parametrize(
    "params, scale, ours",
    [
        # Finite for three epochs, then the momentum carries it away.
        (dict(solver="sgd", momentum=0.9), 1e3, "Training diverged in epoch 4: "),
        (dict(solver="sgd"), 1e155, "Training diverged in epoch 1: "),
        (dict(solver="adam"), 1e155, "Training diverged in epoch 1: "),
        (dict(solver="lbfgs"), 1e155, "The loss is nan, the network overflows"),
    ],
)
def test_divergence_is_an_error_not_a_nan_model(params, scale, ours):
    X, y = iris()
    params = dict(learning_rate_init=10.0, random_state=0, **params)
    reg = NumpyMLPRegressor(max_iter=50, **params)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # and no warning storm
        with pytest.raises(ValueError) as caught:
            reg.fit(X * scale, y * scale)
    # scikit-learn's message as it raises it, then ours: what happened, what to do.
    message = str(caught.value)
    assert message.startswith(SKLEARNS_ERROR + ours), message
    assert "StandardScaler" in message
    assert all(np.isfinite(w).all() for w in reg.coefs_ + reg.intercepts_)
    if scale == 1e3:
        # The weights kept are those of the last finite epoch: three epochs'.
        three = NumpyMLPRegressor(max_iter=3, **params).fit(X * scale, y * scale)
        for kept, expected in zip(
            reg.coefs_ + reg.intercepts_, three.coefs_ + three.intercepts_
        ):
            np.testing.assert_array_equal(kept, expected)


def test_predicting_on_overflowing_input_is_an_error():
    X, y = iris()
    clf = small(NumpyMLPClassifier, solver="lbfgs").fit(X, y)
    clf.coefs_[0] *= 1e150  # finite inputs and weights, overflowing activations
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.raises(ValueError, match=r"not finite.*Scale X"):
            clf.predict_proba(X * 1e200)
    reg = small(NumpyMLPRegressor, loss="poisson", solver="lbfgs").fit(X, y)
    with pytest.raises(ValueError, match="not finite"):
        reg.predict(X * 1e5)  # finite logits, exp overflows


def network_and_inputs(activation, scale, seed):
    rng = np.random.RandomState(seed)
    units = [3, 5, 4, 2]
    coefs = [rng.standard_normal((a, b)) * scale for a, b in itertools.pairwise(units)]
    intercepts = [rng.standard_normal(b) * scale for b in units[1:]]
    network = Network(coefs, intercepts, [make_activation(activation)] * 2)
    return network, rng.standard_normal((20, 3)) * scale


def finite_by_hand(network, output_loss, X):
    """The overflow contract, stated directly: every pre-activation, hidden or
    output, and every prediction finite on every row."""
    A = X
    for i, (W, b) in enumerate(zip(network.coefs, network.intercepts)):
        Z = A @ W + b
        if not np.isfinite(Z).all():
            return False
        if i < len(network.activations):
            network.activations[i].inplace_forward(Z)
        A = Z
    output_loss.inplace_output(Z)
    return bool(np.isfinite(Z).all())


@pytest.mark.parametrize("loss", sorted(LOSSES))
@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_the_finiteness_check_keeps_the_overflow_contract(activation, loss):
    # From harmless to overflowing scales: the interval bounds may only say
    # "finite" when the contract holds, and the answer must be the
    # contract's whenever the bounds cannot decide.
    for scale, seed in itertools.product([1.0, 1e3, 1e60, 1e110, 1e160], range(3)):
        network, X = network_and_inputs(activation, scale, seed)
        with np.errstate(all="ignore"):
            expected = finite_by_hand(network, make_loss(loss), X)
        assert outputs_are_finite(network, make_loss(loss), X) == expected


def test_a_bounded_activation_does_not_hide_an_overflowing_pre_activation():
    # 1e300 * 1e10 overflows to inf in one product (no sum, no inf - inf), so
    # the pre-activation is inf on every kernel; tanh maps it to 1 and the
    # output is finite. By the contract, the network still overflowed.
    X = np.array([[1e300]])
    coefs = [np.array([[1e10]]), np.array([[1.0]])]
    network = Network(coefs, [np.zeros(1), np.zeros(1)], [make_activation("tanh")])
    with np.errstate(all="ignore"):
        assert forward(network, X)[-1].tolist() == [[1.0]]
    assert not outputs_are_finite(network, make_loss("squared_error"), X)
    assert not outputs_are_finite(network, make_loss("squared_error"), sp.csr_matrix(X))


def test_the_finiteness_check_runs_the_network_when_the_bounds_cannot_decide():
    # Each row uses one feature: the per-feature bounds add both (1.2e308,
    # beyond half the largest float), the rows reach 6e307 exactly (a product
    # plus zeros). Only a forward pass can tell; with tiny chunks it must
    # look at every chunk, the last row's overflow included.
    X = np.array([[6e7, 0.0], [0.0, 6e7], [6e7, 0.0]])
    coefs = [np.array([[1e300], [1e300]]), np.array([[1.0]])]
    network = Network(coefs, [np.zeros(1), np.zeros(1)], [make_activation("tanh")])
    loss = make_loss("squared_error")
    with sklearn.config_context(working_memory=16 / 2**20):  # one row per chunk
        assert outputs_are_finite(network, loss, X)
        X[-1, 0] = 6e8  # 6e308: inf, which tanh would hide
        assert not outputs_are_finite(network, loss, X)


def test_prediction_refuses_a_hidden_overflow_that_tanh_would_hide():
    X, y = iris()  # positive features: every product overflows to +inf
    clf = small(NumpyMLPClassifier, activation="tanh", solver="lbfgs").fit(X, y)
    clf.coefs_[0][...] = 1e308
    with pytest.raises(ValueError, match=r"not finite.*Scale X"):
        clf.predict(X)
    with pytest.raises(ValueError, match=r"not finite.*Scale X"):
        clf.transform(X)


# ---- concurrency --------------------------------------------------------------


def test_predict_from_eight_threads_matches_one_thread():
    X, y = iris()
    clf = NumpyMLPClassifier(hidden_layer_sizes=(32,), max_iter=20, random_state=0)
    clf.fit(X, y)
    X_big = np.repeat(X, 20, axis=0)
    expected = clf.predict_proba(X_big)
    barrier = threading.Barrier(8)

    def predict(_):
        barrier.wait()  # start together
        return [clf.predict_proba(X_big) for _ in range(5)]

    with ThreadPoolExecutor(8) as pool:
        results = [p for batch in pool.map(predict, range(8)) for p in batch]
    for result in results:
        np.testing.assert_array_equal(result, expected)


@pytest.mark.parametrize("backend", ["threading", "loky"])
def test_fitting_clones_in_parallel_equals_fitting_them_in_turn(backend):
    X, y = iris()
    models = [
        NumpyMLPClassifier(hidden_layer_sizes=(8,), max_iter=10, random_state=seed)
        for seed in range(4)
    ]

    def fit(model):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            return clone(model).fit(X, y)

    in_turn = [fit(m) for m in models]
    parallel = joblib.Parallel(n_jobs=2, backend=backend)(
        joblib.delayed(fit)(m) for m in models
    )
    for a, b in zip(in_turn, parallel):
        for wa, wb in zip(a.coefs_ + a.intercepts_, b.coefs_ + b.intercepts_):
            np.testing.assert_array_equal(wa, wb)


# ---- reproducibility ----------------------------------------------------------


@pytest.mark.parametrize("solver", ["sgd", "adam", "lbfgs"])
def test_same_seed_gives_bitwise_identical_models(solver):
    X, y = iris()
    first = small(NumpyMLPClassifier, solver=solver).fit(X, y)
    again = small(NumpyMLPClassifier, solver=solver).fit(X, y)
    refit = clone(first).fit(X, y)
    for model in (again, refit):
        for a, b in zip(first.coefs_, model.coefs_):
            np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(first.predict_proba(X), model.predict_proba(X))


def test_grid_search_is_identical_across_n_jobs():
    X, y = iris()
    grid = {"alpha": [1e-4, 1e-2], "l1_ratio": [0.0, 0.5]}
    base = NumpyMLPClassifier(hidden_layer_sizes=(6,), max_iter=15, random_state=0)
    one = GridSearchCV(base, grid, cv=3, n_jobs=1).fit(X, y)
    two = GridSearchCV(base, grid, cv=3, n_jobs=2).fit(X, y)
    np.testing.assert_array_equal(
        one.cv_results_["mean_test_score"], two.cv_results_["mean_test_score"]
    )
    for a, b in zip(one.best_estimator_.coefs_, two.best_estimator_.coefs_):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_pickling_mid_training_then_continuing_changes_nothing(solver):
    X, y = iris()
    chunks = np.array_split(np.random.RandomState(0).permutation(len(y)), 6)
    straight = small(NumpyMLPClassifier, solver=solver, l1_ratio=0.5)
    for chunk in chunks:
        straight.partial_fit(X[chunk], y[chunk], classes=[0, 1, 2])
    paused = small(NumpyMLPClassifier, solver=solver, l1_ratio=0.5)
    for chunk in chunks[:3]:
        paused.partial_fit(X[chunk], y[chunk], classes=[0, 1, 2])
    resumed = pickle.loads(pickle.dumps(paused))
    for chunk in chunks[3:]:
        resumed.partial_fit(X[chunk], y[chunk])
    for a, b in zip(
        straight.coefs_ + straight.intercepts_, resumed.coefs_ + resumed.intercepts_
    ):
        np.testing.assert_array_equal(a, b)
    assert straight.loss_curve_ == resumed.loss_curve_


# ---- persistence --------------------------------------------------------------


def arrays_held_by(obj, seen=None):
    """Every ndarray reachable from ``obj`` through attributes and containers."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return []
    seen.add(id(obj))
    if isinstance(obj, np.ndarray):
        return [obj]
    if isinstance(obj, dict):
        children = obj.values()
    elif isinstance(obj, list | tuple):
        children = obj
    elif hasattr(obj, "__dict__"):
        children = vars(obj).values()
    else:
        return []
    return [a for child in children for a in arrays_held_by(child, seen)]


@pytest.mark.parametrize(
    "params, state_copies",
    [
        (dict(solver="lbfgs"), 0),
        (dict(solver="sgd", momentum=0.0), 0),
        (dict(solver="sgd", momentum=0.9, early_stopping=True), 1),  # velocity
        (dict(solver="adam", early_stopping=True), 2),  # the two moments
    ],
)
def test_a_fitted_model_holds_its_weights_once(params, state_copies):
    # The best weights of early stopping, the workspace and the gradient are
    # gone after fit; only the optimizer state partial_fit needs remains.
    X, y = iris()
    est = NumpyMLPClassifier(hidden_layer_sizes=(16,), max_iter=20, random_state=0)
    est.set_params(**params).fit(X, y)
    n_params = sum(p.size for p in est.coefs_ + est.intercepts_)  # 131
    loaded = pickle.loads(pickle.dumps(est))
    held = sum(a.size for a in arrays_held_by(loaded))
    expected = n_params * (1 + state_copies)
    assert expected <= held < expected + 10  # and a few labels


def joblib_round_trip(est, path):
    joblib.dump(est, path / "model.joblib")
    return joblib.load(path / "model.joblib")


@pytest.mark.parametrize(
    "round_trip",
    [lambda est, _: pickle.loads(pickle.dumps(est)), joblib_round_trip],
    ids=["pickle", "joblib"],
)
@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_pickle_and_joblib_round_trips(Estimator, round_trip, tmp_path):
    X, y = iris()
    est = small(Estimator).set_params(hidden_layer_sizes=(8,), max_iter=30)
    est.fit(X, y)
    loaded = round_trip(est, tmp_path)
    assert loaded is not est and loaded.get_params() == est.get_params()
    for a, b in zip(loaded.coefs_ + loaded.intercepts_, est.coefs_ + est.intercepts_):
        np.testing.assert_array_equal(a, b)
    # The same weights through the same code: the same predictions, bitwise.
    np.testing.assert_array_equal(loaded.predict(X), est.predict(X))
    if Estimator is NumpyMLPClassifier:
        np.testing.assert_array_equal(loaded.classes_, est.classes_)
        np.testing.assert_array_equal(loaded.predict_proba(X), est.predict_proba(X))


@pytest.mark.parametrize("solver", ["sgd", "adam", "lbfgs"])
@pytest.mark.parametrize("Estimator", ESTIMATORS)
def test_skops_loads_trusting_only_our_types(Estimator, solver, tmp_path):
    sio = pytest.importorskip("skops.io")
    X, y = iris()
    est = small(Estimator, solver=solver).fit(X, y)
    path = tmp_path / "model.skops"
    sio.dump(est, path)
    untrusted = sio.get_untrusted_types(file=path)
    assert untrusted and all(name.startswith("sklearn_mlp_np.") for name in untrusted)
    loaded = sio.load(path, trusted=untrusted)
    np.testing.assert_array_equal(loaded.predict(X), est.predict(X))


class _Payload:
    """A type that has no business in a model file."""


def test_skops_refuses_a_file_with_an_unexpected_type(tmp_path):
    sio = pytest.importorskip("skops.io")
    X, y = iris()
    est = small(NumpyMLPClassifier).fit(X, y)
    ours = sio.get_untrusted_types(data=sio.dumps(est))
    est.smuggled_ = _Payload()
    path = tmp_path / "model.skops"
    sio.dump(est, path)
    with pytest.raises(sio.exceptions.UntrustedTypesFoundException, match="_Payload"):
        sio.load(path, trusted=ours)


# ---- memory -------------------------------------------------------------------


def test_a_thousand_partial_fit_calls_do_not_grow_memory():
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(64, 100)), rng.randint(3, size=64)
    clf = NumpyMLPClassifier(hidden_layer_sizes=(128,), random_state=0)
    for _ in range(10):
        clf.partial_fit(X, y, classes=[0, 1, 2])
    model_bytes = sum(p.nbytes for p in clf.coefs_ + clf.intercepts_)
    tracemalloc.start()
    for _ in range(10):  # replace the untraced arrays by traced ones
        clf.partial_fit(X, y)
    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(1000):
        clf.partial_fit(X, y)
    gc.collect()  # generator frames wait for the cycle collector
    growth = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    # loss_curve_ gains one float per call (about 32 kB here); nothing else grows.
    assert growth < model_bytes, (growth, model_bytes)
