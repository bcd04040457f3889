"""The solvers: the epoch loop of 'sgd' and 'adam', and L-BFGS.

Each is bound to one call of fit (or partial_fit) and to the estimator it
trains, whose records (``loss_curve_``, ``n_iter_``, ...) it writes. The loop
reads as ``StochasticSolver.run -> run_epoch -> train_epoch -> train_step``.
Nothing here outlives the call except what the estimator keeps.
"""

from dataclasses import dataclass

import numpy as np
import scipy.optimize
from sklearn.exceptions import ConvergenceWarning

from ._batches import Minibatches
from ._blas import scipys_own_blas_on_one_thread
from ._callbacks import FitCallbacks
from ._held_out import HeldOut, record_score
from ._inference import outputs_are_finite
from ._network import Objective
from ._optimizers import SGD, Adam
from ._stopping import ImprovementMonitor
from ._warn import warn

_ADVICE = "Lower learning_rate_init, or scale the inputs (e.g. StandardScaler)."
# scikit-learn's words for a divergence: code written for its MLP matches on them.
_SKLEARNS_SENTENCE = (
    "The input data may contain large values and need to be preprocessed."
)
_SKLEARNS_ERROR = f"Solver produced non-finite parameter weights. {_SKLEARNS_SENTENCE}"


@dataclass
class SolverState:
    """What the stochastic solvers carry from one call to the next.

    The optimizer (None: make a new one), the improvement monitor and what it
    monitors: the training loss, or the held-out data's scoring.
    """

    optimizer: SGD | Adam | None
    monitor: ImprovementMonitor
    monitored: tuple


def prepare_solver_state(estimator, params: np.ndarray, incremental: bool, monitored):
    """The solver state of this call, kept on the estimator for partial_fit.

    The only solver state the estimator keeps. Each fit gets a new optimizer,
    as in scikit-learn; the monitor lives until the weights are drawn anew
    (``_initialize`` forgets the state), or until what it monitors changes.
    """
    est = estimator
    state = getattr(est, "_solver_state", None)
    if state is None or state.monitored != monitored:
        # Start from the records a warm start or hand-set weights left.
        best = est.best_validation_score_ if monitored[0] == "held-out" else None
        if monitored[0] == "training loss" and est.best_loss_ is not None:
            best = -est.best_loss_
        monitor = ImprovementMonitor(-np.inf if best is None else best)
        state = SolverState(None, monitor, monitored)
    optimizer = state.optimizer
    if (
        not incremental
        or optimizer is None
        or optimizer.n_params != params.size
        or optimizer.dtype_name != params.dtype.name
    ):
        state.optimizer = make_optimizer(est, params)
    est._solver_state = state
    return state


def make_optimizer(estimator, params: np.ndarray) -> SGD | Adam:
    est = estimator
    if est.solver == "sgd":
        return SGD(
            params,
            est.learning_rate_init,
            est.learning_rate,
            est.momentum,
            est.nesterovs_momentum,
            est.power_t,
        )
    return Adam(params, est.learning_rate_init, est.beta_1, est.beta_2, est.epsilon)


class StochasticSolver:
    """The epoch loop of 'sgd' and 'adam' for one call of fit or partial_fit.

    Parameters
    ----------
    estimator : BaseNumpyMLP
        Read for its parameters and hooks; its records are written.
    objective : Objective
    state : SolverState
        The optimizer and the improvement monitor.
    batches : Minibatches
    held_out : HeldOut or None
        Scored after every epoch (``validation_scores_``,
        ``validation_loss_curve_``); with ``early_stopping`` it decides when
        to stop and which weights to keep.
    callbacks : FitCallbacks
    """

    def __init__(
        self,
        estimator,
        objective: Objective,
        state: SolverState,
        batches: Minibatches,
        held_out: HeldOut | None,
        callbacks: FitCallbacks,
    ) -> None:
        self.estimator = estimator
        self.objective = objective
        self.state = state
        self.optimizer = state.optimizer
        self.monitor = state.monitor
        self.batches = batches
        self.held_out = held_out
        self.callbacks = callbacks
        self.stops_on_held_out = held_out is not None and estimator.early_stopping
        # What training falls back on: the best validated weights, or those
        # from before the current epoch.
        self.fallback = objective.params.copy()

    def run(self, X, incremental: bool) -> None:
        """Train for one epoch (partial_fit) or up to ``max_iter`` (fit).

        ``X`` is all the data the call was given, held-out rows included.
        """
        est, params = self.estimator, self.objective.params
        est.n_iter_ = 0
        stopped = False
        try:
            for _ in range(1 if incremental else est.max_iter):
                if not self.stops_on_held_out:
                    self.fallback[...] = params
                stopped = self.run_epoch()
                if stopped:
                    break
        except KeyboardInterrupt:
            stopped = True
            self._fall_back()
            warn(
                "Training interrupted by user; the weights of the last finished "
                "epoch (with early stopping, the best validated ones) were kept."
            )
        if self.stops_on_held_out:
            params[...] = self.fallback
        kept = self._keep_predictions_finite(X)
        if kept and not stopped and not incremental:
            warn(
                f"Stochastic Optimizer: Maximum iterations ({est.max_iter}) "
                "reached and the optimization hasn't converged yet. "
                "Increase max_iter or relax tol.",
                ConvergenceWarning,
            )

    def run_epoch(self) -> bool:
        """One epoch: train, record, update the schedule; return whether to stop."""
        est, monitor = self.estimator, self.monitor
        self.callbacks.begin_iteration()
        order = self.batches.shuffled_order() if est.shuffle else None
        est.loss_ = self.train_epoch(order)
        score = self._record_epoch()
        if not (np.isfinite(est.loss_) and np.isfinite(score)):
            self.callbacks.end_iteration()
            self._fall_back()
            self._report_divergence()
            return True
        improved = monitor.update(score, est.tol)
        if not self.stops_on_held_out:
            est.best_loss_ = -monitor.best_score
        elif improved:
            self.fallback[...] = self.objective.params
        self.optimizer.end_epoch(est.t_)
        stop = self._stop_or_slow_down()
        # A callback may ask to stop (it returns True).
        return self.callbacks.end_iteration() or stop

    def train_epoch(self, order) -> float:
        """One pass over the minibatches; returns the mean batch loss."""
        accumulated_loss, n_seen = 0.0, 0
        for X_batch, Y_batch, sw_batch, weight_sum in self.batches.iterate(order):
            if not weight_sum > 0:
                continue  # nothing to learn from a batch of zero weight
            batch_loss = self.train_step(X_batch, Y_batch, sw_batch, weight_sum)
            # Weighted by batch size, as scikit-learn reports loss_.
            n_batch = X_batch.shape[0]
            accumulated_loss += batch_loss * n_batch
            n_seen += n_batch
        return accumulated_loss / n_seen

    def train_step(self, X, Y, sample_weight, weight_sum) -> float:
        """Loss and gradient of one batch, the update, then the proximal step."""
        objective, optimizer = self.objective, self.optimizer
        loss = objective.loss_and_gradient(
            X, Y, sample_weight, optimizer.gradient_scale, weight_sum
        )
        optimizer.step(objective.params, objective.grad)
        penalty = objective.penalty
        if penalty.has_proximal_part:
            step_size = optimizer.proximal_step_size(objective.layout.n_weights)
            # The gradient is free after the step: scratch space.
            penalty.inplace_proximal_step(
                objective.weights, step_size / weight_sum, objective.weight_grads
            )
        return loss

    def _record_epoch(self) -> float:
        """Record the epoch; return its score (held-out score, or -loss)."""
        est = self.estimator
        est.n_iter_ += 1
        est.t_ += self.batches.n_samples
        est.loss_curve_.append(est.loss_)
        if est.verbose and not self.callbacks.replaces_verbose_lines:
            print(f"Iteration {est.n_iter_}, loss = {est.loss_:.8f}")
        if self.held_out is None:
            return -est.loss_
        score = record_score(est, self.objective, self.held_out)
        return score if self.stops_on_held_out else -est.loss_

    def _stop_or_slow_down(self) -> bool:
        """After too many epochs without improvement: lower the rate, or stop."""
        est, optimizer = self.estimator, self.optimizer
        if not self.monitor.should_stop(est.n_iter_no_change):
            return False
        what = "Validation score" if self.stops_on_held_out else "Training loss"
        message = (
            f"{what} did not improve more than tol={est.tol:f} for "
            f"{est.n_iter_no_change} consecutive epochs."
        )
        if optimizer.reduce_learning_rate():
            self.monitor.reset_count()
            if est.verbose:
                print(f"{message} Setting learning rate to {optimizer.learning_rate:f}")
            return False
        if est.verbose:
            print(f"{message} Stopping.")
        return True

    def _fall_back(self) -> None:
        """Restore the fallback weights; forget the optimizer's state with them."""
        self.objective.params[...] = self.fallback
        self.state.optimizer = None  # its moments belong to the weights left

    def _report_divergence(self) -> None:
        """Warn (weights validated earlier were kept) or raise (no such weights)."""
        est = self.estimator
        what = f"Training diverged in epoch {est.n_iter_}: the loss became {est.loss_}"
        if self.stops_on_held_out:
            warn(
                f"{what} and the validation score {est.validation_scores_[-1]}. "
                "The weights with the best validation score (the initial ones "
                f"if no epoch had a finite score) were kept. {_SKLEARNS_SENTENCE} "
                f"{_ADVICE}",
                ConvergenceWarning,
            )
            return
        raise ValueError(
            f"{_SKLEARNS_ERROR} {what}; the weights of the last finite epoch "
            f"were kept. {_ADVICE}"
        )

    def _keep_predictions_finite(self, X) -> bool:
        """Never return weights that overflow on the training data (see ``_inference``).

        The loss of each batch is computed before its update, so the last
        update of a fit is never checked by a loss: this checks it. Falls back
        (with a warning) on the weights from before the last epoch; returns
        whether the weights were kept as they were.
        """
        network, output_loss = self.objective.network, self.objective.output_loss
        params = self.objective.params
        if outputs_are_finite(network, output_loss, X):
            return True
        if not np.array_equal(params, self.fallback):
            self._fall_back()
            if outputs_are_finite(network, output_loss, X):
                warn(
                    f"Training diverged in epoch {self.estimator.n_iter_}: after "
                    "its last update the network overflows on the training data "
                    "(a layer's output is not finite). The weights from before "
                    f"that epoch were kept. {_SKLEARNS_SENTENCE} {_ADVICE}",
                    ConvergenceWarning,
                )
                return False
        raise ValueError(
            f"{_SKLEARNS_ERROR} The network overflows on the training data (a "
            f"layer's output is not finite). {_ADVICE}"
        )


def fit_lbfgs(estimator, objective: Objective, problem, callbacks) -> None:
    """Minimise the penalised loss on ``problem``'s data with L-BFGS-B.

    The solver works on the flat vector itself (a float64 copy where the data
    is float32). With an L1 part, on its split form (see ``Penalty.split``):
    the objective keeps the penalty's smooth part, and ``loss_curve_``
    records the split objective. The estimator's records are written.
    """
    est, params = estimator, objective.params
    X, sample_weight, held_out = problem.X, problem.sample_weight, problem.held_out
    Y = problem.Y.astype(X.dtype, copy=False)
    penalty = objective.penalty
    objective.penalty = penalty.smooth_part()
    weight_sum = X.shape[0] if sample_weight is None else sample_weight.sum()
    n_weights = objective.layout.n_weights
    if penalty.l1:
        x0, bounds = penalty.split(params, n_weights)
    else:
        x0, bounds = params.astype(np.float64), None

    def set_params(x):
        if penalty.l1:
            penalty.merge(x, n_weights, out=params)
        else:
            params[...] = x

    def loss_and_gradient(x):
        set_params(x)
        loss = objective.loss_and_gradient(X, Y, sample_weight, weight_sum=weight_sum)
        if penalty.l1:
            return penalty.split_value_and_gradient(
                x, n_weights, loss, objective.grad, 1 / weight_sum
            )
        return loss, objective.grad.astype(np.float64)

    stopped_by_callback = []

    def record(intermediate_result):
        est.loss_curve_.append(float(intermediate_result.fun))
        if est.verbose and not callbacks.replaces_verbose_lines:
            print(f"Iteration {len(est.loss_curve_)}, loss = {est.loss_curve_[-1]:.8f}")
        if held_out is not None:
            set_params(intermediate_result.x)
            record_score(est, objective, held_out)
        callbacks.begin_iteration(task_name="lbfgs-iteration")
        if callbacks.end_iteration():
            stopped_by_callback.append(True)
            raise StopIteration  # scipy ends the minimisation

    # Each fit records its own iterations (a warm start starts them afresh).
    est.loss_curve_ = []
    if held_out is not None:
        est.validation_scores_, est.validation_loss_curve_ = [], []
        est.best_validation_score_ = -np.inf
    with scipys_own_blas_on_one_thread():
        result = scipy.optimize.minimize(
            loss_and_gradient,
            x0,
            method="L-BFGS-B",
            jac=True,
            bounds=bounds,
            callback=record,
            options=dict(maxfun=est.max_fun, maxiter=est.max_iter, gtol=est.tol),
        )
    if not (np.isfinite(result.fun) and np.isfinite(result.x).all()):
        set_params(x0)
        raise ValueError(
            f"{_SKLEARNS_ERROR} The loss is {result.fun}, the network overflows "
            "on this data. The initial weights were kept. Scale the inputs "
            "(e.g. with StandardScaler)."
        )
    set_params(result.x)
    est.n_iter_ = min(result.nit, est.max_iter)
    est.loss_ = float(result.fun)
    est.best_loss_ = min(est.loss_curve_, default=est.loss_)
    if result.status != 0 and not stopped_by_callback:
        warn(
            f"lbfgs failed to converge after {result.nit} iteration(s) "
            f"(status={result.status}): {result.message}. Increase max_iter "
            "(or max_fun), or scale the inputs (e.g. with StandardScaler).",
            ConvergenceWarning,
        )
