"""Per-group learning rates, and the neural-tangent parametrisation as one.

RealMLP (Holzmüller et al., 2024) trains the input-scaling factors at 6x
and the intercepts at 0.1x the base rate, and draws each weight
``W ~ N(0, 1)`` to use it as ``W / sqrt(fan_in)`` in the forward pass (the
neural-tangent parametrisation, NTP). Under Adam, NTP is the standard
parametrisation with the effective weights ``W / sqrt(fan_in)`` drawn from
LeCun's normal, trained at ``rate / sqrt(fan_in)`` with Adam's epsilon
times ``sqrt(fan_in)``: the gradient of ``W`` is ``sqrt(fan_in)`` times
smaller than the effective weights', so Adam's moments are too, and

    step(W) / sqrt(fan_in)
        = rate / sqrt(fan_in) * m / (sqrt(v) + epsilon * sqrt(fan_in))

with ``m`` and ``v`` the effective weights' moments. Under SGD the step of
the effective weights is ``rate / fan_in`` times their gradient. So NTP
needs no change to the forward or backward pass: a per-parameter factor of
the rate (and of epsilon), which ``tests/test_parametrization.py`` proves
equal to a hand-written NTP network step by step.
"""

from dataclasses import dataclass

import numpy as np

from ._network import ParameterLayout


@dataclass(frozen=True)
class RateGroups:
    """Per-parameter factors, aligned with the flat parameter vector.

    Attributes
    ----------
    rates : ndarray
        The factor of the learning rate of each parameter.
    epsilons : ndarray
        The factor of Adam's epsilon of each parameter.
    """

    rates: np.ndarray
    epsilons: np.ndarray


def rate_groups(
    layout: ParameterLayout,
    solver: str,
    dtype,
    ntk: bool = False,
    factors: tuple[float, float, float] = (1.0, 1.0, 1.0),
    embedding_factor: float = 1.0,
) -> RateGroups | None:
    """The factors of the weights, intercepts, input scales and embedding.

    Parameters
    ----------
    layout : ParameterLayout
    solver : {'sgd', 'adam'}
    dtype : numpy dtype
        The parameters' dtype.
    ntk : bool, default=False
        Train the weights as the neural-tangent parametrisation would (see
        the module): each matrix's rate divided by ``sqrt(fan_in)`` (Adam)
        or ``fan_in`` (SGD), and Adam's epsilon multiplied by
        ``sqrt(fan_in)``. A numeric embedding's weights are one such matrix
        per embedded column, of fan-in ``2k``.
    factors : tuple of float, default=(1.0, 1.0, 1.0)
        The rate factors of the weights, the intercepts and the input
        scales.
    embedding_factor : float, default=1.0
        The rate factor of every parameter of the numeric embedding
        (frequencies, weights, intercepts).

    Returns
    -------
    groups : RateGroups or None
        None when every factor is 1: the optimizer then takes no extra pass.
    """
    weight, intercept, scale = factors
    if not ntk and factors == (1.0, 1.0, 1.0) and embedding_factor == 1.0:
        return None
    rates = np.empty(layout.size, dtype)
    epsilons = np.ones(layout.size, dtype)
    start = 0
    for fan_in, fan_out in layout.coef_shapes:
        stop = start + fan_in * fan_out
        rates[start:stop] = weight
        if ntk:
            _as_ntk(rates[start:stop], epsilons[start:stop], fan_in, solver)
        start = stop
    rates[start : layout.scale_slice.start] = intercept
    rates[layout.scale_slice] = scale
    if layout.embedding is not None:
        rates[layout.embedding_slice] = embedding_factor
        if ntk:
            _, weights, _ = layout.embedding_views(rates)
            _, weight_epsilons, _ = layout.embedding_views(epsilons)
            fan_in = 2 * layout.embedding.n_frequencies
            _as_ntk(weights, weight_epsilons, fan_in, solver)
    return RateGroups(rates, epsilons)


def _as_ntk(rates, epsilons, fan_in: int, solver: str) -> None:
    """Turn a weight matrix's rates and epsilons into its NTP training's."""
    rates /= np.sqrt(fan_in) if solver == "adam" else fan_in
    epsilons[...] = np.sqrt(fan_in)
