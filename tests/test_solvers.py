"""The solver layer on its own: plans, solvers, records, state, stopping, batches.

No estimator here: each solver gets a hand-built ``TrainingPlan`` and a
plain object as the records' sink, which is all the solver layer may touch.
"""

import ast
import dataclasses
import pathlib
import types

import numpy as np
import pytest
import scipy.sparse as sp

import sklearn_mlp_np
from sklearn_mlp_np._activations import make_activation
from sklearn_mlp_np._batches import Minibatches
from sklearn_mlp_np._held_out import HeldOut
from sklearn_mlp_np._initializers import initial_weights
from sklearn_mlp_np._losses import make_loss
from sklearn_mlp_np._network import ObjectiveSpec, ParameterLayout
from sklearn_mlp_np._penalties import Penalty
from sklearn_mlp_np._plan import (
    OptimizerSettings,
    StoppingRule,
    TrainingData,
    TrainingPlan,
)
from sklearn_mlp_np._records import RECORD_ATTRIBUTES, TrainingRecords
from sklearn_mlp_np._solvers import LbfgsSolver, StochasticSolver
from sklearn_mlp_np._stopping import ImprovementMonitor
from sklearn_mlp_np._training_state import TrainingState

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


class NoCallbacks:
    """The callbacks' door (``FitCallbacks``' interface) with nothing behind it."""

    replaces_verbose_lines = False

    def begin_iteration(self, task_name="epoch"):
        pass

    def end_iteration(self):
        return False


def linear_problem(n=80, seed=0):
    """y = X w + noise: a network with one tanh layer can fit it."""
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.01 * rng.normal(size=n)
    return X, y[:, None]


def make_plan(X, Y, held_out=None, solver="sgd", **options):
    layout = ParameterLayout([X.shape[1], 5, Y.shape[1]])
    spec = ObjectiveSpec(
        layout,
        (make_activation("tanh"),),
        make_loss("squared_error"),
        Penalty(options.pop("alpha", 0.0), 0.0),
    )
    stopping = StoppingRule(
        max_iter=options.pop("max_iter", 20),
        tol=options.pop("tol", 0.0),
        n_iter_no_change=options.pop("n_iter_no_change", np.inf),
        early_stopping=options.pop("early_stopping", False),
    )
    optimizer = (
        None
        if solver == "lbfgs"
        else OptimizerSettings(
            solver, options.pop("learning_rate_init", 0.05), **options
        )
    )
    return TrainingPlan(
        spec=spec,
        dropout=(0.0,),
        optimizer=optimizer,
        stopping=stopping,
        data=TrainingData(X, Y, None),
        X_all=X,
        held_out=held_out,
        score_held_out=None if held_out is None else (lambda predictions, loss: -loss),
        scoring="loss",
        batch_size=16,
        rng=np.random.RandomState(0),
    )


def initial_params(layout):
    coefs, intercepts = initial_weights(
        layout.layer_units, ["tanh", "tanh"], np.random.RandomState(0), np.float64
    )
    return layout.pack(coefs, intercepts, np.float64)


def mean_squared_error(plan, params, X, Y):
    coefs, intercepts = plan.layout.views(params)
    hidden = np.tanh(X @ coefs[0] + intercepts[0])
    return np.mean((hidden @ coefs[1] + intercepts[1] - Y) ** 2)


@pytest.mark.parametrize("solver", ["sgd", "adam", "lbfgs"])
def test_a_solver_trains_from_a_plan_and_writes_only_the_records(solver):
    X, Y = linear_problem()
    plan = make_plan(X, Y, solver=solver)
    params = initial_params(plan.layout)
    start = mean_squared_error(plan, params, X, Y)
    sink = types.SimpleNamespace()
    records = TrainingRecords(sink, scores_held_out=False, tracks_training_loss=True)
    if solver == "lbfgs":
        LbfgsSolver(plan, params, records, NoCallbacks()).run()
    else:
        StochasticSolver(plan, params, TrainingState(), records, NoCallbacks()).run()
    assert mean_squared_error(plan, params, X, Y) < 0.2 * start
    # The sink holds the records, and nothing else.
    assert set(vars(sink)) == set(RECORD_ATTRIBUTES)
    assert sink.n_iter_ == len(sink.loss_curve_) > 1
    assert sink.best_loss_ == min(sink.loss_curve_)
    assert sink.validation_scores_ is None


def test_the_stochastic_solver_keeps_the_best_held_out_weights():
    X, Y = linear_problem()
    X_val, Y_val = linear_problem(40, seed=1)
    held_out = HeldOut(X_val, Y_val.ravel(), Y_val, None)
    plan = make_plan(X, Y, held_out, early_stopping=True, learning_rate_init=0.3)
    params = initial_params(plan.layout)
    sink = types.SimpleNamespace()
    records = TrainingRecords(sink, scores_held_out=True, tracks_training_loss=False)
    StochasticSolver(plan, params, TrainingState(), records, NoCallbacks()).run()
    # The held-out score is -loss here: the kept weights have the best one.
    best = np.argmax(sink.validation_scores_)
    assert sink.best_validation_score_ == sink.validation_scores_[best]
    kept_loss = mean_squared_error(plan, params, X_val, Y_val) / 2
    assert kept_loss == pytest.approx(-sink.best_validation_score_, rel=1e-12)
    assert sink.best_loss_ is None


def test_the_state_keeps_the_optimizer_across_partial_fit_calls_only():
    X, Y = linear_problem()
    state = TrainingState()
    params = initial_params(make_plan(X, Y).layout)
    fit_plan = make_plan(X, Y, learning_rate_init=0.05)
    first = state.begin_call(fit_plan, params, n_batches=5)
    assert state.begin_call(fit_plan, params, 5) is not first  # a fit: a new one
    partial = dataclasses.replace(fit_plan, incremental=True)
    kept = state.begin_call(partial, params, 5)
    assert state.begin_call(partial, params, 5) is kept
    state.forget_optimizer()
    assert state.begin_call(partial, params, 5) is not kept


def test_the_state_counts_schedule_steps_and_restarts_a_finished_schedule():
    X, Y = linear_problem()
    plan = make_plan(X, Y, learning_rate_init=0.5, step_schedule="cosine", max_iter=2)
    params = initial_params(plan.layout)
    state = TrainingState()
    state.begin_call(plan, params, n_batches=3)  # 2 epochs of 3 steps
    rates = [state.next_rate() for _ in range(6)]
    expected = [0.5 * 0.5 * (1 + np.cos(np.pi * s / 6)) for s in range(6)]
    np.testing.assert_allclose(rates, expected, rtol=1e-15)
    assert state.steps_taken == 6
    state.begin_call(plan, params, n_batches=3)
    assert state.steps_taken == 0 and state.next_rate() == 0.5


def test_records_continue_what_the_sink_holds():
    sink = types.SimpleNamespace(n_iter_=3, t_=90, loss_curve_=[3.0, 2.0, 1.0])
    sink.best_loss_ = 1.0
    records = TrainingRecords(sink, scores_held_out=True, tracks_training_loss=True)
    assert sink.validation_scores_ == [] and sink.best_validation_score_ == -np.inf
    records.start_epochs()
    records.record_epoch(1.5, 30, keeps_best_loss=True)
    records.record_validation(0.7, -0.7)
    assert (sink.n_iter_, sink.t_, sink.loss_curve_) == (1, 120, [3.0, 2.0, 1.0, 1.5])
    assert sink.best_loss_ == 1.0  # 1.5 is not better
    assert records.best_score(monitors_held_out=False) == -1.0
    assert records.best_score(monitors_held_out=True) == -0.7
    records.record_validation(0.9, np.nan)  # a NaN score is never the best
    assert sink.best_validation_score_ == -0.7


def test_the_monitor_counts_epochs_below_the_best_plus_tol():
    monitor = ImprovementMonitor()
    counts = []
    for score, best in [(1.0, -np.inf), (1.05, 1.0), (1.2, 1.05), (1.0, 1.2)]:
        monitor.update(score, best, tol=0.1)
        counts.append(monitor.no_improvement_count)
    assert counts == [0, 1, 0, 1]
    assert monitor.should_stop(0) and not monitor.should_stop(1)
    monitor.reset_count()
    assert monitor.no_improvement_count == 0


@pytest.mark.parametrize("sparse", [False, True])
def test_minibatches_follow_the_order_and_carry_weights(sparse):
    X = np.arange(14.0).reshape(7, 2)
    Y = np.arange(7.0)[:, None]
    weights = np.linspace(0.5, 2.0, 7)
    batches = Minibatches(
        sp.csr_matrix(X) if sparse else X, Y, weights, 3, np.random.RandomState(0)
    )
    assert batches.n_batches == 3
    order = batches.shuffled_order().copy()
    assert sorted(order) == list(range(7))
    seen = []
    for X_batch, Y_batch, sw_batch, weight_sum in batches.iterate(order):
        X_batch = X_batch.toarray() if sparse else X_batch
        np.testing.assert_array_equal(X_batch[:, 0] / 2, Y_batch.ravel())
        np.testing.assert_array_equal(sw_batch, weights[Y_batch.ravel().astype(int)])
        assert weight_sum == pytest.approx(sw_batch.sum())
        seen.extend(Y_batch.ravel().astype(int))
    assert seen == list(order)
    # The next shuffle permutes the last order, as scikit-learn's does.
    rng = np.random.RandomState(0)
    expected = np.arange(7)
    rng.shuffle(expected)
    rng.shuffle(expected)
    np.testing.assert_array_equal(batches.shuffled_order(), expected)


# ---- the shape of the code ----------------------------------------------------


def functions():
    package = pathlib.Path(sklearn_mlp_np.__file__).parent
    for path in sorted(package.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield path.name, node


def body_lines(node) -> int:
    """Lines of the body, its docstring left out."""
    body = node.body
    if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:] or body
    return body[-1].end_lineno - body[0].lineno + 1


def test_no_function_is_longer_than_50_lines_or_takes_more_than_6_parameters():
    too_long, too_many = [], []
    for module, node in functions():
        args = node.args
        names = [a.arg for a in args.posonlyargs + args.args + args.kwonlyargs]
        names = [n for n in names if n not in ("self", "cls")]
        # scikit-learn's convention: an estimator's constructor takes each
        # hyperparameter as an explicit keyword (get_params reads them).
        if module in ("_classes.py", "_tabular.py") and node.name == "__init__":
            continue
        if body_lines(node) > 50:
            too_long.append(f"{module}:{node.lineno} {node.name}")
        if len(names) > 6:
            too_many.append(f"{module}:{node.lineno} {node.name}")
    assert not too_long and not too_many, (too_long, too_many)
