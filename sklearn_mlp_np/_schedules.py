"""Per-step learning-rate schedules for the stochastic optimizers.

A schedule gives, for the update number ``step`` (0-based) out of
``total_steps``, the factor the stochastic optimizers multiply
``learning_rate_init`` by. Each schedule is one small function
``formula(step, total_steps, warmup_fraction) -> float`` in a record of
``SCHEDULES``, with the ``warmup_fraction`` it takes when given None: adding a
schedule is adding its record there. :func:`make_schedule` checks the
arguments once; :meth:`StepSchedule.factor` clamps steps past the end to the
last one, so a formula only sees ``0 <= step < total_steps``, ``total_steps >=
1`` and ``0 <= warmup_fraction < 1``.

Factors are Python floats, so that float32 training stays float32.
"""

import math
import operator
from collections.abc import Callable
from dataclasses import dataclass
from numbers import Integral, Real

# OneCycleLR's defaults in PyTorch: initial = peak / div_factor and
# final = initial / final_div_factor, with a peak factor of 1.
ONE_CYCLE_DIV_FACTOR = 25.0
ONE_CYCLE_FINAL_DIV_FACTOR = 1e4


@dataclass(frozen=True)
class ScheduleRecord:
    """A learning-rate schedule's formula and its default warmup.

    Attributes
    ----------
    formula : callable
        ``formula(step, total_steps, warmup_fraction)``: the factor of
        ``learning_rate_init`` for the update ``0 <= step < total_steps``, a
        Python float.
    default_warmup_fraction : float
        The ``warmup_fraction`` used when None is given.
    """

    formula: Callable[[int, int, float], float]
    default_warmup_fraction: float


def _cosine(step: int, total_steps: int, warmup_fraction: float) -> float:
    r"""Cosine decay after a linear warmup.

    With :math:`T` = ``total_steps`` and :math:`W = \lfloor f T \rfloor`
    warmup steps (:math:`f` = ``warmup_fraction``), the factor of step
    :math:`s` is

    .. math::

        \frac{s + 1}{W} \quad (s < W), \qquad
        \frac{1}{2}\left(1 + \cos\frac{\pi (s - W)}{T - W}\right)
        \quad (W \le s < T).

    The last warmup step and the first step after it have factor 1; the factor
    then decreases towards 0 without reaching it (the last is
    :math:`\frac{1}{2}(1 + \cos(\pi (T - W - 1) / (T - W))) > 0`). As
    :math:`f < 1`, :math:`T - W \ge 1`: no division by zero, and ``T = 1``
    gives the single factor 1.

    References
    ----------
    Loshchilov, I. and Hutter, F. "SGDR: Stochastic Gradient Descent with Warm
    Restarts", ICLR 2017 (the cosine, without restarts).
    Goyal, P. et al. "Accurate, Large Minibatch SGD: Training ImageNet in
    1 Hour", arXiv:1706.02677, 2017 (the linear warmup).
    """
    warmup = int(warmup_fraction * total_steps)
    if step < warmup:
        return (step + 1) / warmup
    return 0.5 * (1.0 + math.cos(math.pi * (step - warmup) / (total_steps - warmup)))


def _cos_anneal(start: float, end: float, progress: float) -> float:
    """From ``start`` (progress 0) to ``end`` (progress 1) along a half cosine."""
    return end + (start - end) / 2.0 * (1.0 + math.cos(math.pi * progress))


def _one_cycle(step: int, total_steps: int, warmup_fraction: float) -> float:
    r"""The 1cycle policy of Smith & Topin, as PyTorch's ``OneCycleLR`` has it.

    That is ``OneCycleLR`` with ``anneal_strategy='cos'``,
    ``three_phase=False``, ``div_factor=25``, ``final_div_factor=1e4`` and
    ``pct_start`` = ``warmup_fraction`` (0.3 when None), relative to
    ``max_lr``: the factor rises from :math:`a = 1/25` to 1, then falls to
    :math:`b = a / 10^4`. With :math:`T` = ``total_steps``, the peak step
    :math:`u = f T - 1` (a float, as PyTorch's ``float(pct_start *
    total_steps) - 1``) and the last step :math:`e = T - 1`, the factor of step
    :math:`s` is

    .. math::

        c\left(a, 1, \frac{s}{u}\right) \quad (s \le u), \qquad
        c\left(1, b, \frac{s - u}{e - u}\right) \quad (s > u),

    where :math:`c(x, y, p) = y + \frac{x - y}{2}(1 + \cos \pi p)` anneals
    from :math:`x` to :math:`y` as :math:`p` goes from 0 to 1. Only the rate
    cycles: the momentum cycling of Smith & Topin (and of ``OneCycleLR``'s
    ``cycle_momentum``) is not applied.

    Degenerate cases. :math:`e - u = (1 - f) T > 0` always. When
    :math:`u < 0` (:math:`f T < 1`, e.g. ``warmup_fraction=0`` or ``T = 1``)
    there is no rising phase: every step is in the second phase, which starts
    at the virtual step :math:`u`, so step 0 is already past the peak; this is
    PyTorch's formula, unchanged (``T = 1`` gives the single factor :math:`b`,
    the end value). When :math:`u = 0` exactly (:math:`f T = 1`), PyTorch
    divides 0 by 0 (``ZeroDivisionError``); here the rising phase is the one
    step 0, which is its end, so step 0 has the peak factor 1, the limit of
    PyTorch's formula as :math:`u` tends to 0 from below.

    References
    ----------
    Smith, L. N. and Topin, N. "Super-Convergence: Very Fast Training of
    Neural Networks Using Large Learning Rates", Proc. SPIE 11006, 2019.
    PyTorch, ``torch.optim.lr_scheduler.OneCycleLR``.
    """
    initial = 1.0 / ONE_CYCLE_DIV_FACTOR
    final = initial / ONE_CYCLE_FINAL_DIV_FACTOR
    up = float(warmup_fraction * total_steps) - 1
    end = total_steps - 1
    if step <= up:
        return _cos_anneal(initial, 1.0, step / up if up > 0 else 1.0)
    return _cos_anneal(1.0, final, (step - up) / (end - up))


# The cycles of 'multi_cycle' fall where log2(1 + 15 t) is an integer: 4 in all.
MULTI_CYCLE_STRETCH = 15.0


def _multi_cycle(step: int, total_steps: int, warmup_fraction: float) -> float:
    r"""RealMLP's multi-cycle schedule ('coslog4'), after an optional warmup.

    With :math:`T` = ``total_steps``, :math:`W = \lfloor f T \rfloor` warmup
    steps as for 'cosine', and :math:`t = (s - W) / (T - W)` the fraction of
    the later steps done before step :math:`s`, the factor is

    .. math::

        \frac{s + 1}{W} \quad (s < W), \qquad
        \frac{1}{2} - \frac{1}{2} \cos\big(2 \pi \log_2(1 + 15 t)\big)
        \quad (W \le s < T).

    :math:`\log_2(1 + 15 t)` runs from 0 to 4 as :math:`t` runs from 0 to 1:
    four cycles from 0 up to 1 and back, each twice as long as the one
    before, the last ending near 0. The first step after the warmup has
    factor 0 (:math:`t = 0`): without a warmup, the first update is empty.

    References
    ----------
    Holzmüller, D., Grinsztajn, L. and Steinwart, I. "Better by Default:
    Strong Pre-Tuned MLPs and Boosted Trees on Tabular Data", NeurIPS 2024.
    """
    warmup = int(warmup_fraction * total_steps)
    if step < warmup:
        return (step + 1) / warmup
    progress = (step - warmup) / (total_steps - warmup)
    cycles = math.log2(1.0 + MULTI_CYCLE_STRETCH * progress)
    return 0.5 - 0.5 * math.cos(2.0 * math.pi * cycles)


SCHEDULES: dict[str, ScheduleRecord] = {
    "cosine": ScheduleRecord(_cosine, default_warmup_fraction=0.0),
    "one_cycle": ScheduleRecord(_one_cycle, default_warmup_fraction=0.3),
    "multi_cycle": ScheduleRecord(_multi_cycle, default_warmup_fraction=0.0),
}


@dataclass(frozen=True)
class StepSchedule:
    """A learning-rate schedule over a known number of updates.

    Build it with :func:`make_schedule`, which checks the arguments.

    Attributes
    ----------
    name : str
        A key of ``SCHEDULES``.
    total_steps : int
        The number of updates, at least 1.
    warmup_fraction : float
        In [0, 1); a None given to :func:`make_schedule` is replaced by the
        schedule's default.
    """

    name: str
    total_steps: int
    warmup_fraction: float

    def factor(self, step: int) -> float:
        """The factor of ``learning_rate_init`` for the update number ``step``.

        Parameters
        ----------
        step : int
            0-based. Steps at or past ``total_steps`` get the factor of the
            last step, ``total_steps - 1``.

        Returns
        -------
        float
            A Python float.
        """
        step = operator.index(step)
        if step < 0:
            raise ValueError(f"step must be a non-negative integer, got {step}.")
        step = min(step, self.total_steps - 1)
        formula = SCHEDULES[self.name].formula
        return float(formula(step, self.total_steps, self.warmup_fraction))


def make_schedule(
    name: str, total_steps: int, warmup_fraction: float | None
) -> StepSchedule:
    """The schedule ``name`` over ``total_steps`` updates, arguments checked.

    Parameters
    ----------
    name : {'cosine', 'one_cycle', 'multi_cycle'}
        A key of ``SCHEDULES``.
    total_steps : int
        The number of updates, at least 1.
    warmup_fraction : float or None
        The fraction of ``total_steps`` spent warming up, in [0, 1); None for
        the schedule's default (0 for 'cosine' and 'multi_cycle', 0.3 for
        'one_cycle').

    Returns
    -------
    StepSchedule
    """
    if name not in SCHEDULES:
        raise ValueError(
            f"Unknown learning-rate schedule {name!r}. Choose from {sorted(SCHEDULES)}."
        )
    if (
        isinstance(total_steps, bool)
        or not isinstance(total_steps, Integral)
        or total_steps < 1
    ):
        raise ValueError(f"total_steps must be an integer >= 1, got {total_steps!r}.")
    if warmup_fraction is None:
        warmup_fraction = SCHEDULES[name].default_warmup_fraction
    if (
        isinstance(warmup_fraction, bool)
        or not isinstance(warmup_fraction, Real)
        or not 0 <= warmup_fraction < 1
    ):
        raise ValueError(
            f"warmup_fraction={warmup_fraction!r} is not allowed: it must be a "
            "number in [0, 1), or None for the schedule's default."
        )
    return StepSchedule(name, int(total_steps), float(warmup_fraction))
