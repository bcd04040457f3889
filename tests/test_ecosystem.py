"""Beyond one process: Dask search, out-of-core training, ONNX export, callbacks."""

import io
import json
import subprocess
import sys

import joblib
import numpy as np
import pytest
from _data import iris
from sklearn.datasets import load_diabetes, load_iris, make_classification
from sklearn.model_selection import GridSearchCV
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import NumpyMLPClassifier, NumpyMLPRegressor
from sklearn_mlp_np._callbacks import fallback_progress
from sklearn_mlp_np._export import to_sklearn

# Short fits end at max_iter on purpose.
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


# ---- ONNX export ----------------------------------------------------------------


def onnx_session(model, X):
    skl2onnx = pytest.importorskip("skl2onnx")
    rt = pytest.importorskip("onnxruntime")
    options = {"zipmap": False} if hasattr(model, "classes_") else None
    onx = skl2onnx.to_onnx(model, X[:1], options=options)
    session = rt.InferenceSession(
        onx.SerializeToString(), providers=["CPUExecutionProvider"]
    )
    return lambda data: session.run(None, {session.get_inputs()[0].name: data})


@pytest.mark.parametrize("target", ["binary", "multiclass", "multilabel"])
def test_onnx_classifier_matches_ours(target):
    X, y = iris(np.float32)
    y = {"binary": y == 2, "multiclass": y, "multilabel": np.c_[y == 0, X[:, 0] > 0]}[
        target
    ]
    clf = NumpyMLPClassifier(hidden_layer_sizes=(8, 4), max_iter=50, random_state=0)
    clf.fit(X, y)
    labels, probabilities = onnx_session(clf.to_sklearn(), X)(X)
    if target == "multilabel":
        # skl2onnx lays out P(label absent) for every label, then P(present).
        probabilities = probabilities[:, y.shape[1] :]
    np.testing.assert_allclose(probabilities, clf.predict_proba(X), atol=1e-5)
    np.testing.assert_array_equal(labels, clf.predict(X))


@pytest.mark.parametrize("activation", ["relu", "tanh", "logistic", "identity"])
def test_onnx_regressor_matches_ours(activation):
    X, y = load_diabetes(return_X_y=True)
    X = StandardScaler().fit_transform(X).astype(np.float32)
    reg = NumpyMLPRegressor(
        hidden_layer_sizes=(8,), activation=activation, max_iter=50, random_state=0
    ).fit(X, y / 100)
    (prediction,) = onnx_session(reg.to_sklearn(), X)(X)
    np.testing.assert_allclose(prediction.ravel(), reg.predict(X), atol=1e-5)


def test_to_sklearn_is_a_fitted_copy_with_our_predictions():
    X, y = iris(np.float32)
    clf = NumpyMLPClassifier(
        hidden_layer_sizes=(5,), l1_ratio=0.5, class_weight="balanced"
    )
    clf.fit(X, y)
    mlp = clf.to_sklearn()
    np.testing.assert_array_equal(mlp.predict_proba(X), clf.predict_proba(X))
    mlp.coefs_[0][...] = 0  # a copy: ours is untouched
    assert np.any(clf.coefs_[0] != 0)


def test_to_sklearn_refuses_what_the_installed_sklearn_cannot_express():
    class OldMLPRegressor(MLPRegressor):  # as in scikit-learn < 1.7: no Poisson loss
        _parameter_constraints = {
            name: constraint
            for name, constraint in MLPRegressor._parameter_constraints.items()
            if name != "loss"
        }

    X, y = load_diabetes(return_X_y=True)
    reg = NumpyMLPRegressor(loss="poisson", hidden_layer_sizes=(4,), max_iter=5)
    reg.fit(X, y)
    with pytest.raises(ValueError, match=r"loss='poisson' has no counterpart.*upgrade"):
        to_sklearn(reg, OldMLPRegressor)


# ---- distributed search on Dask --------------------------------------------------


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        host="127.0.0.1",
    )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_grid_search_on_dask_equals_the_default_backend(dask_client):
    X, y = load_iris(return_X_y=True)
    pipe = make_pipeline(
        StandardScaler(),
        NumpyMLPClassifier(hidden_layer_sizes=(6,), max_iter=30, random_state=0),
    )
    grid = {
        "numpymlpclassifier__alpha": [1e-4, 1e-1],
        "numpymlpclassifier__l1_ratio": [0.0, 1.0],
    }
    local = GridSearchCV(pipe, grid, cv=3).fit(X, y)
    with joblib.parallel_backend("dask"):
        on_dask = GridSearchCV(pipe, grid, cv=3, n_jobs=-1).fit(X, y)
    for key in ("mean_test_score", "split0_test_score", "split2_test_score"):
        np.testing.assert_array_equal(on_dask.cv_results_[key], local.cv_results_[key])


# ---- out-of-core training -----------------------------------------------------------


def write_memmap(path, n_samples, n_features=20):
    X, y = make_classification(
        n_samples=n_samples, n_features=n_features, n_informative=6, random_state=0
    )
    data = np.lib.format.open_memmap(path, mode="w+", dtype=np.float32, shape=X.shape)
    data[:] = X
    data.flush()
    return y


# Run in a fresh interpreter: tracemalloc sees every thread's allocations,
# and in the test process threads that earlier tests left (loky, dask) can
# add to a run's peak when the machine is busy.
TRAIN_OVER_MEMMAP = """
import gc, json, sys, tracemalloc
import numpy as np
from sklearn_mlp_np import NumpyMLPClassifier

path, y_path, chunk_rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
X = np.load(path, mmap_mode="r")  # nothing is read until a chunk is sliced
y = np.load(y_path)
clf = NumpyMLPClassifier(
    hidden_layer_sizes=(16,), learning_rate_init=0.01, random_state=0
)
tracemalloc.start()
for start in range(0, X.shape[0], chunk_rows):
    rows = slice(start, start + chunk_rows)
    clf.partial_fit(X[rows], y[rows], classes=[0, 1])
    gc.collect()  # small cyclic garbage otherwise makes the peak depend on timing
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
print(json.dumps({"peak": peak, "score": clf.score(X[:5000], y[:5000])}))
"""


def train_over_memmap(path, y, chunk_rows):
    """partial_fit over the memmap chunk by chunk: the traced peak and the score."""
    y_path = path.with_name(path.stem + "_y.npy")
    np.save(y_path, y)
    command = [sys.executable, "-c", TRAIN_OVER_MEMMAP, str(path), str(y_path)]
    done = subprocess.run([*command, str(chunk_rows)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_partial_fit_over_a_memmap_keeps_memory_bounded_by_the_chunk(tmp_path):
    chunk_rows = 4000
    peaks = {}
    for n_samples in (20_000, 80_000):
        path = tmp_path / f"X{n_samples}.npy"
        y = write_memmap(path, n_samples)
        run = train_over_memmap(path, y, chunk_rows)
        peaks[n_samples] = run["peak"]
        assert run["score"] > 0.8
    data_bytes = 80_000 * 20 * 4
    assert peaks[80_000] < data_bytes / 10
    # Four times the data, about the same peak: it follows the chunk size.
    assert peaks[80_000] < 1.5 * peaks[20_000]


def test_dask_ml_incremental_over_a_chunked_array():
    dask = pytest.importorskip("dask")
    da = pytest.importorskip("dask.array")
    wrappers = pytest.importorskip("dask_ml.wrappers")
    X, y = make_classification(n_samples=4000, n_features=10, random_state=0)
    X_dask = da.from_array(X.astype(np.float32), chunks=(500, 10))
    y_dask = da.from_array(y, chunks=500)
    model = wrappers.Incremental(
        NumpyMLPClassifier(
            hidden_layer_sizes=(16,), learning_rate_init=0.01, random_state=0
        )
    )
    with dask.config.set(scheduler="synchronous"):
        model.fit(X_dask, y_dask, classes=[0, 1])
        accuracy = model.score(X_dask, y_dask)
    assert model.estimator_.t_ == 4000  # one pass, chunk by chunk
    assert accuracy > 0.8


# ---- progress and callbacks ------------------------------------------------


class RecordingCallback:
    """A FitCallback that records its hooks and can ask to stop."""

    def __init__(self, stop_after=None):
        self.stop_after = stop_after
        self.events = []

    def setup(self, estimator, context):
        self.events.append("setup")

    def on_fit_task_begin(self, estimator, context):
        self.events.append(("begin", context.task_name))

    def on_fit_task_end(self, estimator, context, *, fitted_estimator=None):
        self.events.append(("end", context.task_name))
        if context.task_name == "epoch" and fitted_estimator is not None:
            # A model rebuilt at the end of the epoch predicts like ours then.
            self.last_model_coefs = [c.copy() for c in fitted_estimator.coefs_]
        epochs = sum(1 for e in self.events if e == ("end", "epoch"))
        return self.stop_after is not None and epochs >= self.stop_after

    def teardown(self, estimator, context):
        self.events.append("teardown")


def test_callbacks_see_every_epoch_and_can_stop_training():
    pytest.importorskip("sklearn.callback")
    X, y = iris(np.float32)
    callback = RecordingCallback()
    clf = NumpyMLPClassifier(hidden_layer_sizes=(4,), max_iter=6, random_state=0)
    clf.set_callbacks(callback).fit(X, y)
    assert callback.events[0] == "setup" and callback.events[-1] == "teardown"
    assert callback.events.count(("end", "epoch")) == 6
    for a, b in zip(callback.last_model_coefs, clf.coefs_):
        np.testing.assert_array_equal(a, b)

    stopper = RecordingCallback(stop_after=2)
    clf = NumpyMLPClassifier(hidden_layer_sizes=(4,), max_iter=50, random_state=0)
    clf.set_callbacks(stopper).fit(X, y)
    assert clf.n_iter_ == 2


def test_sklearn_progress_bar_writes_a_single_line_to_a_log(capfd):
    callback_module = pytest.importorskip("sklearn.callback")
    pytest.importorskip("rich")
    X, y = iris(np.float32)
    clf = NumpyMLPClassifier(hidden_layer_sizes=(4,), max_iter=20, random_state=0)
    clf.set_callbacks(callback_module.ProgressBar()).fit(X, y)
    out, err = capfd.readouterr()
    log = out + err
    assert "NumpyMLPClassifier" in log and "100%" in log
    # One line for the bar: no carriage-return storm in a log.
    assert log.count("\r") == 0 and log.count("\n") <= 2


class InterruptAtEpoch:
    """Presses Ctrl-C as the given epoch starts."""

    def __init__(self, epoch):
        self.epoch, self.started = epoch, 0

    def setup(self, estimator, context):
        pass

    def on_fit_task_begin(self, estimator, context):
        if context.task_name == "epoch":
            self.started += 1
            if self.started == self.epoch:
                raise KeyboardInterrupt

    def on_fit_task_end(self, estimator, context):
        return False

    def teardown(self, estimator, context):
        pass


def test_ctrl_c_keeps_the_weights_of_the_last_finished_epoch():
    pytest.importorskip("sklearn.callback")
    X, y = iris(np.float32)
    params = dict(hidden_layer_sizes=(4,), solver="sgd", random_state=0)
    interrupted = NumpyMLPClassifier(max_iter=50, **params)
    interrupted.set_callbacks(InterruptAtEpoch(3))
    with pytest.warns(UserWarning, match="interrupted.*last finished epoch"):
        interrupted.fit(X, y)
    two_epochs = NumpyMLPClassifier(max_iter=2, **params).fit(X, y)
    for a, b in zip(interrupted.coefs_, two_epochs.coefs_):
        np.testing.assert_array_equal(a, b)


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_tqdm_bar_where_scikit_learn_has_no_callback_api(monkeypatch, capsys):
    pytest.importorskip("tqdm")
    terminal = FakeTerminal()

    # What the estimators do with scikit-learn < 1.9, shown in a terminal.
    def old_sklearn_context(self, max_subtasks=0, **kwargs):
        return fallback_progress(self, max_subtasks, stream=terminal)

    monkeypatch.setattr(
        NumpyMLPClassifier, "_init_callback_context", old_sklearn_context
    )
    X, y = iris(np.float32)
    clf = NumpyMLPClassifier(
        hidden_layer_sizes=(4,), max_iter=7, verbose=2, random_state=0
    )
    clf.fit(X, y)
    bar = terminal.getvalue()
    assert "NumpyMLPClassifier" in bar and "7/7" in bar and "loss=" in bar
    assert "Iteration" not in capsys.readouterr().out  # the bar replaces the lines


def test_no_tqdm_bar_in_a_log_or_below_verbose_2():
    in_a_log = fallback_progress(NumpyMLPClassifier(verbose=2), 5, stream=io.StringIO())
    quiet = fallback_progress(NumpyMLPClassifier(verbose=1), 5, stream=FakeTerminal())
    assert not in_a_log.replaces_verbose_lines and not quiet.replaces_verbose_lines
