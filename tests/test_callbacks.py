"""Callbacks and progress bars are closed however fit ends."""

import io

import pytest
from _data import iris

from sklearn_mlp_np import NumpyMLPClassifier, NumpyMLPRegressor
from sklearn_mlp_np._callbacks import fallback_progress

# Short fits end at max_iter on purpose.
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


class Recorder:
    """A FitCallback that records its hooks; it can raise from one of them.

    ``raise_at`` is ``(hook, task_name, nth, error)``: raise ``error`` from
    the ``nth`` call of ``hook`` ('begin' or 'end') for tasks ``task_name``.
    """

    def __init__(self, raise_at=None):
        self.raise_at = raise_at
        self.events = []

    def _record(self, hook, task_name):
        self.events.append((hook, task_name))
        if self.raise_at is None:
            return
        hook_to_fail, task_to_fail, nth, error = self.raise_at
        if (hook, task_name) == (hook_to_fail, task_to_fail):
            if self.events.count((hook, task_name)) == nth:
                raise error

    def setup(self, estimator, context):
        self.events.append("setup")

    def on_fit_task_begin(self, estimator, context):
        self._record("begin", context.task_name)

    def on_fit_task_end(self, estimator, context):
        self._record("end", context.task_name)
        return False

    def teardown(self, estimator, context):
        self.events.append("teardown")

    def closed_the_fit(self):
        return self.events[-2:] == [("end", "fit"), "teardown"]


def diverging_regressor(solver):
    return NumpyMLPRegressor(solver=solver, max_iter=50, random_state=0)


@pytest.mark.parametrize("solver", ["sgd", "adam", "lbfgs"])
def test_a_divergence_error_still_ends_the_fit_task(solver):
    pytest.importorskip("sklearn.callback")
    X, y = iris()
    recorder = Recorder()
    reg = diverging_regressor(solver).set_callbacks(recorder)
    with pytest.raises(ValueError, match="non-finite parameter weights"):
        reg.fit(X * 1e155, y * 1e155)
    assert recorder.closed_the_fit()


@pytest.mark.parametrize(
    "solver, task_name", [("sgd", "epoch"), ("lbfgs", "lbfgs-iteration")]
)
def test_an_error_a_callback_raises_ends_the_fit_task_and_propagates(solver, task_name):
    pytest.importorskip("sklearn.callback")
    X, y = iris()
    error = RuntimeError("raised by the user's callback")
    recorder = Recorder(raise_at=("end", task_name, 2, error))
    clf = NumpyMLPClassifier(hidden_layer_sizes=(4,), solver=solver, random_state=0)
    with pytest.raises(RuntimeError) as caught:
        clf.set_callbacks(recorder).fit(X, y)
    assert caught.value is error and not getattr(error, "__notes__", None)
    assert recorder.closed_the_fit()


def test_ctrl_c_in_lbfgs_ends_the_fit_task_and_propagates():
    # scikit-learn stops gracefully on Ctrl-C in 'sgd' and 'adam' only: under
    # 'lbfgs' the interrupt reaches the caller, as it does there.
    pytest.importorskip("sklearn.callback")
    X, y = iris()
    recorder = Recorder(raise_at=("begin", "lbfgs-iteration", 3, KeyboardInterrupt))
    clf = NumpyMLPClassifier(hidden_layer_sizes=(4,), solver="lbfgs", random_state=0)
    with pytest.raises(KeyboardInterrupt):
        clf.set_callbacks(recorder).fit(X, y)
    assert recorder.closed_the_fit()


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_ctrl_c_in_the_stochastic_solvers_stops_gracefully_and_ends_the_fit_task(
    solver,
):
    pytest.importorskip("sklearn.callback")
    X, y = iris()
    recorder = Recorder(raise_at=("begin", "epoch", 3, KeyboardInterrupt))
    clf = NumpyMLPClassifier(hidden_layer_sizes=(4,), solver=solver, random_state=0)
    with pytest.warns(UserWarning, match="interrupted"):
        clf.set_callbacks(recorder).fit(X, y)
    assert clf.n_iter_ == 2
    assert recorder.closed_the_fit()


def test_an_end_hook_that_fails_too_does_not_hide_the_first_error():
    pytest.importorskip("sklearn.callback")
    X, y = iris()
    # The fit's own end hook, run on the way out of a divergence, fails too.
    recorder = Recorder(raise_at=("end", "fit", 1, RuntimeError("the fit's end")))
    reg = diverging_regressor("sgd").set_callbacks(recorder)
    with pytest.raises(ValueError, match="non-finite parameter weights") as caught:
        reg.fit(X * 1e155, y * 1e155)
    assert recorder.closed_the_fit()
    assert any("the fit's end" in note for note in caught.value.__notes__)


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("solver", ["sgd", "lbfgs"])
def test_the_tqdm_bar_closes_when_fit_raises(monkeypatch, solver):
    # The bar shown where scikit-learn has no callback API (< 1.9).
    tqdm = pytest.importorskip("tqdm").tqdm
    shown = []

    def old_sklearn_context(self, max_subtasks=0, **kwargs):
        shown.append(fallback_progress(self, max_subtasks, stream=FakeTerminal()))
        return shown[-1]

    monkeypatch.setattr(
        NumpyMLPRegressor, "_init_callback_context", old_sklearn_context
    )
    X, y = iris()
    with pytest.raises(ValueError, match="non-finite parameter weights"):
        diverging_regressor(solver).set_params(verbose=2).fit(X * 1e155, y * 1e155)
    bar = shown[0]._bar
    assert isinstance(bar, tqdm)
    assert bar not in tqdm._instances  # tqdm forgets a bar when it is closed
