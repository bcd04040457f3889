"""The training plan: everything one call of fit or partial_fit trains with.

The estimator checks its parameters and data once and freezes the result
here; the solvers read this record and the network, never the estimator.
Changing a shared hyperparameter touches its constraint, its field here and
the code that uses it.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ._held_out import HeldOut
from ._network import ObjectiveSpec, ParameterLayout
from ._parametrization import RateGroups


@dataclass(frozen=True)
class OptimizerSettings:
    """The stochastic optimizer and its learning rate.

    ``learning_rate`` is scikit-learn's epoch rule of 'sgd' ('constant',
    'invscaling', 'adaptive'); ``step_schedule`` (None, or a key of
    ``_schedules.SCHEDULES``) sets the rate of every step, under 'sgd' and
    'adam' alike, as ``learning_rate_init * factor(step)``.
    """

    solver: str
    learning_rate_init: float
    learning_rate: str = "constant"
    power_t: float = 0.5
    momentum: float = 0.9
    nesterov: bool = True
    beta_1: float = 0.9
    beta_2: float = 0.999
    epsilon: float = 1e-8
    weight_decay: float = 0.0
    max_grad_norm: float | None = None
    step_schedule: str | None = None
    warmup_fraction: float | None = None


@dataclass(frozen=True)
class StoppingRule:
    """When the epoch loop stops: scikit-learn's rule on ``tol``."""

    max_iter: int
    tol: float
    n_iter_no_change: float
    early_stopping: bool


@dataclass(frozen=True)
class TrainingData:
    """Features, 2-D targets (class indicators may be bool), sample weights."""

    X: object
    Y: np.ndarray
    sample_weight: np.ndarray | None


@dataclass(frozen=True)
class TrainingPlan:
    """One call of fit or partial_fit, checked and frozen.

    Attributes
    ----------
    spec : ObjectiveSpec
        The layout, the hidden activations, the output loss and the penalty.
    dropout : tuple of float
        One rate per hidden layer.
    optimizer : OptimizerSettings or None
        None under 'lbfgs'.
    stopping : StoppingRule
    data : TrainingData
        What the solver trains on (less any rows held out).
    X_all : array
        All the rows the call was given (the last update is checked on them).
    held_out : HeldOut or None
        Scored after every epoch or iteration.
    score_held_out : callable or None
        ``score_held_out(predictions, loss)``: the held-out data's score,
        from the network's output on it and its loss.
    scoring : object
        The ``scoring`` parameter that ``score_held_out`` applies (stopping
        counts afresh when it changes).
    batch_size : int
        The stochastic solvers' batch size, checked against the data.
    rng : RandomState
        The call's one random state: the split was drawn from it, then the
        dropout's seed, then each epoch's shuffle (scikit-learn's order).
    shuffle : bool
    incremental : bool
        partial_fit: one epoch, and the optimizer carries over.
    verbose : bool
    max_fun : int
        L-BFGS's budget of loss evaluations.
    rate_groups : RateGroups or None
        Per-parameter factors of the stochastic optimizer's rate.
    keeps_last_best : bool
        Among epochs of equal best held-out score, keep the last one's
        weights (RealMLP's rule) rather than the first's (scikit-learn's).
    """

    spec: ObjectiveSpec
    dropout: tuple[float, ...]
    optimizer: OptimizerSettings | None
    stopping: StoppingRule
    data: TrainingData
    X_all: object
    held_out: HeldOut | None
    score_held_out: Callable[[np.ndarray, float], float] | None
    scoring: object
    batch_size: int
    rng: np.random.RandomState
    shuffle: bool = True
    incremental: bool = False
    verbose: bool = False
    max_fun: int = 15000
    rate_groups: RateGroups | None = None
    keeps_last_best: bool = False

    @property
    def layout(self) -> ParameterLayout:
        return self.spec.layout

    @property
    def stops_on_held_out(self) -> bool:
        """Whether the held-out score decides when to stop and what to keep."""
        return self.held_out is not None and self.stopping.early_stopping

    @property
    def n_epochs(self) -> int:
        """Epochs of this call: one for partial_fit, else up to ``max_iter``."""
        return 1 if self.incremental else self.stopping.max_iter
