"""The training options of the stochastic solvers, through the estimators.

Step schedules (continued by partial_fit and warm starts), gradient
clipping, decoupled weight decay, initialisation schemes; each refused
where it would do nothing.
"""

import numpy as np
import pytest
from _data import iris
from sklearn.datasets import make_regression

from sklearn_mlp_np import NumpyMLPClassifier, NumpyMLPRegressor
from sklearn_mlp_np._initializers import initial_weights
from sklearn_mlp_np._schedules import make_schedule

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

# No stopping on tol: every fit runs its max_iter epochs.
NEVER_STOP = dict(tol=0.0, n_iter_no_change=np.inf, random_state=0)


# Plain SGD (no momentum: its state is only the weights), in data order.
PLAIN_SGD_ON_A_COSINE = dict(
    hidden_layer_sizes=(6,),
    solver="sgd",
    momentum=0.0,
    learning_rate_schedule="cosine",
    learning_rate_init=0.1,
    batch_size=20,
    shuffle=False,
    **NEVER_STOP,
)


def flat(model):
    return np.concatenate([c.ravel() for c in model.coefs_ + model.intercepts_])


def regression(n_samples=60):
    X, y = make_regression(n_samples, 4, noise=1.0, random_state=0)
    return X / X.std(axis=0), y / y.std()


@pytest.mark.parametrize("schedule", ["cosine", "one_cycle", "multi_cycle"])
@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_partial_fit_continues_the_schedule_of_one_fit(schedule, solver):
    # max_iter partial_fit calls are the max_iter epochs of one fit: the
    # schedule's step count carries over from call to call.
    X, y = iris()
    params = dict(
        hidden_layer_sizes=(5,),
        solver=solver,
        learning_rate_schedule=schedule,
        warmup_fraction=0.25,
        learning_rate_init=0.05,
        batch_size=30,
        max_iter=4,
        shuffle=False,
        **NEVER_STOP,
    )
    fitted = NumpyMLPClassifier(**params).fit(X, y)
    partial = NumpyMLPClassifier(**params)
    for _ in range(4):
        partial.partial_fit(X, y, classes=np.unique(y))
    np.testing.assert_array_equal(flat(partial), flat(fitted))
    # Without the schedule the weights differ: the test sees the schedule.
    constant = NumpyMLPClassifier(**{**params, "learning_rate_schedule": None})
    assert not np.allclose(flat(constant.fit(X, y)), flat(fitted))


class StopAfter:
    """A callback that stops training at the end of epoch ``n``."""

    def __init__(self, n):
        self.n, self.epochs = n, 0

    def setup(self, estimator, context):
        pass

    def on_fit_task_begin(self, estimator, context):
        pass

    def on_fit_task_end(self, estimator, context):
        if context.task_name != "epoch":
            return False
        self.epochs += 1
        return self.epochs == self.n

    def teardown(self, estimator, context):
        pass


def test_a_warm_start_continues_the_schedule_where_it_stopped():
    pytest.importorskip("sklearn.callback")
    # Plain SGD, whose state is only the weights: two fits stopped after 2
    # epochs each are the 4 epochs of one fit, schedule included.
    X, y = regression()
    params = dict(PLAIN_SGD_ON_A_COSINE, max_iter=4)
    whole = NumpyMLPRegressor(**params).fit(X, y)
    halves = NumpyMLPRegressor(**params, warm_start=True)
    halves.set_callbacks(StopAfter(2)).fit(X, y)
    assert halves.n_iter_ == 2
    halves.set_callbacks(StopAfter(2)).fit(X, y)
    np.testing.assert_array_equal(flat(halves), flat(whole))


def test_a_finished_schedule_starts_again():
    X, y = regression()
    params = dict(PLAIN_SGD_ON_A_COSINE, max_iter=2)
    first = NumpyMLPRegressor(**params).fit(X, y)
    again = NumpyMLPRegressor(**params, warm_start=True).fit(X, y)
    before = flat(again)
    again.fit(X, y)  # a second cycle from the first one's end
    # The same as a fresh fit from those weights: a cycle from step 0.
    fresh = NumpyMLPRegressor(**params, warm_start=True)
    fresh.coefs_ = [c.copy() for c in first.coefs_]
    fresh.intercepts_ = [b.copy() for b in first.intercepts_]
    fresh.fit(X, y)
    np.testing.assert_array_equal(flat(first), before)
    np.testing.assert_array_equal(flat(again), flat(fresh))


class WeightsAtEachEpoch(StopAfter):
    """A callback that keeps the weights at the start of every epoch."""

    def __init__(self):
        super().__init__(n=None)
        self.weights = []

    def on_fit_task_begin(self, estimator, context):
        if context.task_name == "epoch":
            self.weights.append(
                (
                    [c.copy() for c in estimator.coefs_],
                    [b.copy() for b in estimator.intercepts_],
                )
            )


@pytest.mark.parametrize("schedule", ["cosine", "one_cycle", "multi_cycle"])
def test_sgds_steps_follow_the_schedule(schedule):
    # Plain SGD on all the data: epoch s is one step of rate
    # learning_rate_init * factor(s) along the gradient at the weights then,
    # which one constant-rate step from those weights measures.
    pytest.importorskip("sklearn.callback")
    X, y = regression()
    params = dict(
        hidden_layer_sizes=(6,),
        solver="sgd",
        momentum=0.0,
        learning_rate_init=0.2,
        batch_size=X.shape[0],
        shuffle=False,
        alpha=0.0,
        **NEVER_STOP,
    )
    recorder = WeightsAtEachEpoch()
    scheduled = NumpyMLPRegressor(
        **params, max_iter=4, learning_rate_schedule=schedule, warmup_fraction=0.5
    )
    scheduled.set_callbacks(recorder).fit(X, y)
    factors = make_schedule(schedule, 4, 0.5)
    ends = [*recorder.weights[1:], (scheduled.coefs_, scheduled.intercepts_)]
    for step, (start, end) in enumerate(zip(recorder.weights, ends)):
        constant = NumpyMLPRegressor(**params, max_iter=1, warm_start=True)
        constant.coefs_, constant.intercepts_ = start
        constant.fit(X, y)
        w0 = np.concatenate([a.ravel() for a in start[0] + start[1]])
        w1 = np.concatenate([a.ravel() for a in end[0] + end[1]])
        np.testing.assert_allclose(
            w0 - w1,
            (w0 - flat(constant)) * factors.factor(step),
            rtol=1e-7,
            atol=1e-15,  # the rounding of weights near 1: steps go down to 1e-9
        )


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_clipping_bounds_every_step(solver):
    # Plain SGD on all the data: one epoch is one step of exactly
    # learning_rate_init * max_grad_norm when the gradient is larger.
    X, y = regression()
    params = dict(
        hidden_layer_sizes=(6,),
        solver=solver,
        momentum=0.0,
        learning_rate_init=0.1,
        batch_size=X.shape[0],
        max_iter=1,
        warm_start=True,
        **NEVER_STOP,
    )
    clipped = NumpyMLPRegressor(**params, max_grad_norm=1e-3).fit(X, y)
    free = NumpyMLPRegressor(**params).fit(X, y)
    start_clipped, start_free = flat(clipped), flat(free)
    clipped.fit(X, y)
    free.fit(X, y)
    step_clipped = np.linalg.norm(flat(clipped) - start_clipped)
    step_free = np.linalg.norm(flat(free) - start_free)
    if solver == "sgd":
        assert step_clipped == pytest.approx(0.1 * 1e-3, rel=1e-9)
        assert step_free > 10 * step_clipped
    else:
        # Adam's steps are scale-free, but its moments see the clipped
        # gradient: the trajectories differ.
        assert not np.allclose(flat(clipped), flat(free))


def test_weight_decay_shrinks_the_weights():
    X, y = iris()
    params = dict(hidden_layer_sizes=(8,), max_iter=30, **NEVER_STOP)
    plain = NumpyMLPClassifier(**params).fit(X, y)
    decayed = NumpyMLPClassifier(**params, weight_decay=20.0).fit(X, y)
    norm = [
        np.linalg.norm(np.concatenate([c.ravel() for c in m.coefs_]))
        for m in (plain, decayed)
    ]
    assert norm[1] < 0.8 * norm[0]


@pytest.mark.parametrize(
    "scheme",
    ["glorot_uniform", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal"],
)
@pytest.mark.parametrize("output_init", ["random", "zero"])
def test_the_estimator_starts_from_the_chosen_initial_weights(scheme, output_init):
    # A step of rate 1e-300 leaves the weights as drawn (to 1e-290).
    X, y = iris()
    model = NumpyMLPClassifier(
        hidden_layer_sizes=(7, 5),
        activation="tanh",
        weight_init=scheme,
        output_init=output_init,
        solver="sgd",
        learning_rate_init=1e-300,
        max_iter=1,
        shuffle=False,
        **NEVER_STOP,
    ).fit(X, y)
    coefs, intercepts = initial_weights(
        [4, 7, 5, 3],
        ["tanh"] * 3,
        np.random.RandomState(0),
        np.float64,
        scheme=scheme,
        zero_output=output_init == "zero",
    )
    for fitted, drawn in zip(model.coefs_ + model.intercepts_, coefs + intercepts):
        np.testing.assert_allclose(fitted, drawn, rtol=0, atol=1e-290)
    if output_init == "zero":
        assert np.abs(model.coefs_[-1]).max() < 1e-290


@pytest.mark.parametrize(
    "params, match",
    [
        (
            dict(solver="lbfgs", learning_rate_schedule="cosine"),
            "learning_rate_schedule",
        ),
        (dict(solver="lbfgs", max_grad_norm=1.0), "max_grad_norm"),
        (dict(solver="sgd", weight_decay=0.1), "weight_decay"),
        (dict(solver="lbfgs", weight_decay=0.1), "weight_decay"),
        (
            dict(
                solver="sgd", learning_rate="adaptive", learning_rate_schedule="cosine"
            ),
            "two schedules",
        ),
    ],
)
def test_options_that_would_do_nothing_are_refused(params, match):
    X, y = iris()
    with pytest.raises(ValueError, match=match):
        NumpyMLPClassifier(max_iter=2, **params).fit(X, y)


def test_adams_schedule_with_invscaling_is_allowed():
    # learning_rate is sgd's rule only (as in scikit-learn): adam ignores it.
    X, y = iris()
    NumpyMLPClassifier(
        max_iter=2, learning_rate="invscaling", learning_rate_schedule="cosine"
    ).fit(X, y)
