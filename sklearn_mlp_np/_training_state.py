"""What the stochastic solvers carry from one call to the next, in one owner.

The estimator keeps one ``TrainingState`` from the first fit until its
weights are drawn anew. It makes the optimizer of each call (a new one per
fit, as in scikit-learn; the same one across partial_fit calls), counts the
steps a step schedule has taken, and counts the epochs without improvement.
"""

import numpy as np

from ._optimizers import SGD, Adam, make_optimizer
from ._plan import TrainingPlan
from ._schedules import StepSchedule, make_schedule
from ._stopping import ImprovementMonitor


class TrainingState:
    """The optimizer, the step schedule's position and the stopping count.

    Attributes
    ----------
    optimizer : SGD, Adam or None
        None until a call needs one, or after a fall-back discarded it.
    steps_taken : int
        Updates taken on the schedule: a warm-start fit or a partial_fit
        continues it where it stopped, and a finished schedule starts again.
    monitor : ImprovementMonitor
    """

    def __init__(self) -> None:
        self.optimizer: SGD | Adam | None = None
        self.steps_taken = 0
        self.monitor = ImprovementMonitor()
        self._monitored = None
        self._schedule: StepSchedule | None = None

    def begin_call(self, plan: TrainingPlan, params: np.ndarray, n_batches: int):
        """Ready the state for a call; return its optimizer.

        As in scikit-learn, partial_fit keeps the optimizer (and its
        hyperparameters) of the call that made it.

        The schedule spans ``max_iter`` epochs of ``n_batches`` steps (for
        partial_fit, ``max_iter`` calls).
        """
        settings = plan.optimizer
        monitored = ("held-out", plan.scoring) if plan.stops_on_held_out else ()
        if monitored != self._monitored:  # counting something else now
            self.monitor, self._monitored = ImprovementMonitor(), monitored
        optimizer = self.optimizer
        if (
            not plan.incremental
            or optimizer is None
            or optimizer.settings.solver != settings.solver
            or optimizer.n_params != params.size
            or optimizer.dtype_name != params.dtype.name
        ):
            self.optimizer = make_optimizer(settings, params, plan.rate_groups)
        self._schedule = None
        if settings.step_schedule is not None:
            total = plan.stopping.max_iter * n_batches
            self._schedule = make_schedule(
                settings.step_schedule, total, settings.warmup_fraction
            )
            if self.steps_taken >= total:
                self.steps_taken = 0
        return self.optimizer

    def next_rate(self) -> float:
        """The learning rate of the next update; counts the update."""
        rate = self.optimizer.learning_rate
        if self._schedule is not None:
            rate *= self._schedule.factor(self.steps_taken)
            self.steps_taken += 1
        return rate

    def forget_optimizer(self) -> None:
        """Drop the optimizer: its moments belong to weights that were left."""
        self.optimizer = None
