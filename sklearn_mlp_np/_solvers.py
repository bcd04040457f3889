"""The solvers: the epoch loop of 'sgd' and 'adam', and L-BFGS.

Each is bound to one call of fit (or partial_fit). It reads the call's
``TrainingPlan`` and updates the flat parameter vector; it reports to the
``TrainingRecords`` (``loss_curve_``, ``n_iter_``, ...) and, for the
stochastic solvers, keeps its optimizer and stopping count in the
``TrainingState``. It never reads the estimator. The loop reads as
``StochasticSolver.run -> run_epoch -> train_epoch -> train_step``.
"""

import dataclasses

import numpy as np
import scipy.optimize
from sklearn.exceptions import ConvergenceWarning

from ._batches import Minibatches
from ._blas import scipys_own_blas_on_one_thread
from ._callbacks import FitCallbacks
from ._held_out import evaluate
from ._inference import outputs_are_finite
from ._network import Dropout, Objective
from ._optimizers import Update
from ._plan import TrainingPlan
from ._records import TrainingRecords
from ._training_state import TrainingState
from ._warn import warn

_ADVICE = "Lower learning_rate_init, or scale the inputs (e.g. StandardScaler)."
# scikit-learn's words for a divergence: code written for its MLP matches on them.
_SKLEARNS_SENTENCE = (
    "The input data may contain large values and need to be preprocessed."
)
_SKLEARNS_ERROR = f"Solver produced non-finite parameter weights. {_SKLEARNS_SENTENCE}"


class StochasticSolver:
    """The epoch loop of 'sgd' and 'adam' for one call of fit or partial_fit.

    Parameters
    ----------
    plan : TrainingPlan
    params : ndarray
        The flat parameter vector, updated in place.
    state : TrainingState
        The optimizer, the schedule's position and the stopping count.
    records : TrainingRecords
    callbacks : FitCallbacks
    """

    def __init__(
        self,
        plan: TrainingPlan,
        params: np.ndarray,
        state: TrainingState,
        records: TrainingRecords,
        callbacks: FitCallbacks,
    ) -> None:
        self.plan, self.state, self.records = plan, state, records
        self.callbacks = callbacks
        data = plan.data
        self.batches = Minibatches(
            data.X, data.Y, data.sample_weight, plan.batch_size, plan.rng
        )
        dropout = Dropout(list(plan.dropout), plan.rng) if any(plan.dropout) else None
        self.objective = Objective(
            plan.spec, params, plan.batch_size, dropout, penalty_in_gradient=False
        )
        self.optimizer = state.begin_call(plan, params, self.batches.n_batches)
        self.update = Update(
            self.optimizer,
            params,
            self.objective.grad,
            plan.layout.n_weights,
            plan.spec.penalty,
            plan.optimizer,
        )
        # What training falls back on: the best validated weights, or those
        # from before the current epoch (and the schedule's step then).
        self.fallback = params.copy()
        self.fallback_steps = state.steps_taken

    def run(self) -> None:
        """Train for one epoch (partial_fit) or up to ``max_iter`` (fit)."""
        plan = self.plan
        self.records.start_epochs()
        stopped = self._run_epochs()
        if plan.stops_on_held_out:
            self.objective.params[...] = self.fallback
        kept = self._keep_predictions_finite(plan.X_all)
        # n_iter_no_change=inf asks for max_iter epochs: reaching it is the plan.
        planned = plan.stopping.n_iter_no_change == np.inf
        if kept and not stopped and not plan.incremental and not planned:
            warn(
                f"Stochastic Optimizer: Maximum iterations ({plan.stopping.max_iter}) "
                "reached and the optimization hasn't converged yet. "
                "Increase max_iter or relax tol.",
                ConvergenceWarning,
            )

    def _run_epochs(self) -> bool:
        """The epochs of the call; return whether training stopped before the end."""
        params = self.objective.params
        try:
            for _ in range(self.plan.n_epochs):
                if not self.plan.stops_on_held_out:
                    self.fallback[...] = params
                    self.fallback_steps = self.state.steps_taken
                if self.run_epoch():
                    return True
        except KeyboardInterrupt:
            self._fall_back()
            warn(
                "Training interrupted by user; the weights of the last finished "
                "epoch (with early stopping, the best validated ones) were kept."
            )
            return True
        return False

    def run_epoch(self) -> bool:
        """One epoch: train, record, update the schedule; return whether to stop."""
        plan, records = self.plan, self.records
        self.callbacks.begin_iteration()
        order = self.batches.shuffled_order() if plan.shuffle else None
        loss = self.train_epoch(order)
        best = records.best_score(plan.stops_on_held_out)  # before this epoch
        score = self._record_epoch(loss)
        if not (np.isfinite(loss) and np.isfinite(score)):
            self.callbacks.end_iteration()
            self._fall_back()
            self._report_divergence()
            return True
        self.state.monitor.update(score, best, plan.stopping.tol)
        improved = score >= best if plan.keeps_last_best else score > best
        if plan.stops_on_held_out and improved:
            self.fallback[...] = self.objective.params
            self.fallback_steps = self.state.steps_taken
        self.optimizer.end_epoch(records.t)
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
        """Loss and gradient of one batch, then the update (see ``Update``)."""
        rate = self.state.next_rate()
        # SGD takes rate * gradient: scaling the output delta costs less
        # than a pass over the parameters.
        scale = rate if self.optimizer.gradient_is_scaled else 1.0
        loss = self.objective.loss_and_gradient(X, Y, sample_weight, scale, weight_sum)
        self.update(rate, weight_sum)
        return loss

    def _record_epoch(self, loss: float) -> float:
        """Record the epoch; return its score (held-out score, or -loss)."""
        plan, records = self.plan, self.records
        records.record_epoch(
            loss, self.batches.n_samples, keeps_best_loss=not plan.stops_on_held_out
        )
        if plan.verbose and not self.callbacks.replaces_verbose_lines:
            print(f"Iteration {records.n_iter}, loss = {loss:.8f}")
        if plan.held_out is None:
            return -loss
        score = _record_held_out(plan, self.objective, records)
        return score if plan.stops_on_held_out else -loss

    def _stop_or_slow_down(self) -> bool:
        """After too many epochs without improvement: lower the rate, or stop."""
        plan, optimizer, monitor = self.plan, self.optimizer, self.state.monitor
        if not monitor.should_stop(plan.stopping.n_iter_no_change):
            return False
        what = "Validation score" if plan.stops_on_held_out else "Training loss"
        message = (
            f"{what} did not improve more than tol={plan.stopping.tol:f} for "
            f"{plan.stopping.n_iter_no_change} consecutive epochs."
        )
        if optimizer.reduce_learning_rate():
            monitor.reset_count()
            if plan.verbose:
                print(f"{message} Setting learning rate to {optimizer.learning_rate:f}")
            return False
        if plan.verbose:
            print(f"{message} Stopping.")
        return True

    def _fall_back(self) -> None:
        """Restore the fallback weights; forget the optimizer's state with them.

        The schedule goes back to the step of those weights.
        """
        self.objective.params[...] = self.fallback
        self.state.forget_optimizer()
        self.state.steps_taken = self.fallback_steps

    def _report_divergence(self) -> None:
        """Warn (weights validated earlier were kept) or raise (no such weights)."""
        records = self.records
        what = (
            f"Training diverged in epoch {records.n_iter}: the loss became "
            f"{records.loss}"
        )
        if self.plan.stops_on_held_out:
            warn(
                f"{what} and the validation score {records.validation_scores[-1]}. "
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
        network = self.objective.current_network()
        output_loss = self.objective.output_loss
        params = self.objective.params
        if outputs_are_finite(network, output_loss, X):
            return True
        if not np.array_equal(params, self.fallback):
            self._fall_back()
            network = self.objective.current_network()
            if outputs_are_finite(network, output_loss, X):
                warn(
                    f"Training diverged in epoch {self.records.n_iter}: after "
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


def _record_held_out(plan: TrainingPlan, objective: Objective, records) -> float:
    """Score the held-out data now, record its loss and score; return the score."""
    loss, score = evaluate(objective, plan.held_out, plan.score_held_out)
    records.record_validation(loss, score)
    if plan.verbose:
        print(f"Validation score: {score:f}")
    return score


class LbfgsSolver:
    """Minimise the penalised loss on the plan's data with L-BFGS-B.

    The solver works on the flat vector itself (a float64 copy where the data
    is float32). With an L1 part, on its split form (see ``Penalty.split``):
    the objective keeps the penalty's smooth part, and ``loss_curve_``
    records the split objective.

    Parameters
    ----------
    plan : TrainingPlan
    params : ndarray
        The flat parameter vector, set to the solution.
    records : TrainingRecords
    callbacks : FitCallbacks
    """

    def __init__(
        self,
        plan: TrainingPlan,
        params: np.ndarray,
        records: TrainingRecords,
        callbacks: FitCallbacks,
    ) -> None:
        self.plan, self.params, self.records = plan, params, records
        self.callbacks = callbacks
        self.penalty = plan.spec.penalty
        spec = plan.spec
        smooth = dataclasses.replace(spec, penalty=self.penalty.smooth_part())
        X, sample_weight = plan.data.X, plan.data.sample_weight
        self.objective = Objective(smooth, params, X.shape[0])
        self.Y = plan.data.Y.astype(X.dtype, copy=False)
        self.weight_sum = X.shape[0] if sample_weight is None else sample_weight.sum()
        self.n_weights = spec.layout.n_weights
        self.stopped_by_callback = False

    def run(self) -> None:
        """Minimise; keep the solution, or refuse a non-finite one."""
        if self.penalty.l1:
            x0, bounds = self.penalty.split(self.params, self.n_weights)
        else:
            x0, bounds = self.params.astype(np.float64), None
        self.records.start_iterations()
        stopping = self.plan.stopping
        with scipys_own_blas_on_one_thread():
            result = scipy.optimize.minimize(
                self._loss_and_gradient,
                x0,
                method="L-BFGS-B",
                jac=True,
                bounds=bounds,
                callback=self._end_iteration,
                options=dict(
                    maxfun=self.plan.max_fun,
                    maxiter=stopping.max_iter,
                    gtol=stopping.tol,
                ),
            )
        self._finish(result, x0)

    def _set_params(self, x) -> None:
        if self.penalty.l1:
            self.penalty.merge(x, self.n_weights, out=self.params)
        else:
            self.params[...] = x

    def _loss_and_gradient(self, x):
        self._set_params(x)
        data, objective = self.plan.data, self.objective
        loss = objective.loss_and_gradient(
            data.X, self.Y, data.sample_weight, weight_sum=self.weight_sum
        )
        if self.penalty.l1:
            return self.penalty.split_value_and_gradient(
                x, self.n_weights, loss, objective.grad, 1 / self.weight_sum
            )
        return loss, objective.grad.astype(np.float64)

    def _end_iteration(self, intermediate_result) -> None:
        """Record an iteration; a callback that returns True ends the minimisation."""
        plan, records = self.plan, self.records
        records.record_iteration(float(intermediate_result.fun))
        if plan.verbose and not self.callbacks.replaces_verbose_lines:
            n, loss = len(records.loss_curve), records.loss_curve[-1]
            print(f"Iteration {n}, loss = {loss:.8f}")
        if plan.held_out is not None:
            self._set_params(intermediate_result.x)
            _record_held_out(plan, self.objective, records)
        self.callbacks.begin_iteration(task_name="lbfgs-iteration")
        if self.callbacks.end_iteration():
            self.stopped_by_callback = True
            raise StopIteration  # scipy ends the minimisation

    def _finish(self, result, x0) -> None:
        if not (np.isfinite(result.fun) and np.isfinite(result.x).all()):
            self._set_params(x0)
            raise ValueError(
                f"{_SKLEARNS_ERROR} The loss is {result.fun}, the network overflows "
                "on this data. The initial weights were kept. Scale the inputs "
                "(e.g. with StandardScaler)."
            )
        self._set_params(result.x)
        self.records.finish_iterations(
            min(result.nit, self.plan.stopping.max_iter), float(result.fun)
        )
        if result.status != 0 and not self.stopped_by_callback:
            warn(
                f"lbfgs failed to converge after {result.nit} iteration(s) "
                f"(status={result.status}): {result.message}. Increase max_iter "
                "(or max_fun), or scale the inputs (e.g. with StandardScaler).",
                ConvergenceWarning,
            )
