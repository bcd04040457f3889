"""Weight initialisation.

Each scheme draws one layer's weight matrix, of shape ``(fan_in, fan_out)``,
and its intercept vector, of shape ``(fan_out,)``:

``'glorot_uniform'`` (the default)
    Weights and intercepts ~ U(-b, +b), ``b = sqrt(factor / (fan_in +
    fan_out))``, ``factor`` 2 when the layer feeds the logistic activation and
    6 otherwise: scikit-learn's rule, after Glorot and Bengio, "Understanding
    the difficulty of training deep feedforward neural networks", AISTATS
    2010.
``'he_uniform'``, ``'he_normal'``
    Weights ~ U(-sqrt(6 / fan_in), +sqrt(6 / fan_in)) or N(0, 2 / fan_in)
    (variance 2 / fan_in); intercepts zero. He, Zhang, Ren and Sun, "Delving
    Deep into Rectifiers", ICCV 2015.
``'lecun_uniform'``, ``'lecun_normal'``
    Weights ~ U(-sqrt(3 / fan_in), +sqrt(3 / fan_in)) or N(0, 1 / fan_in)
    (variance 1 / fan_in); intercepts zero. LeCun, Bottou, Orr and Müller,
    "Efficient BackProp", 1998.

The normal schemes draw from the plain normal distribution, not a truncated
one (Keras truncates its ``*_normal`` initialisers). Zero intercepts follow
Keras' defaults.
"""

from collections.abc import Callable
from itertools import pairwise

import numpy as np

#: ``(fan_in, fan_out, activation, rng) -> (weights, intercepts)``, in float64.
Initializer = Callable[
    [int, int, str, np.random.RandomState], tuple[np.ndarray, np.ndarray]
]


def _glorot_uniform(fan_in, fan_out, activation, rng):
    factor = 2.0 if activation == "logistic" else 6.0
    bound = np.sqrt(factor / (fan_in + fan_out))
    # Weights before intercepts: scikit-learn's order, so a seed gives its draw.
    weights = rng.uniform(-bound, bound, (fan_in, fan_out))
    return weights, rng.uniform(-bound, bound, fan_out)


def _fan_in_normal(gain: float) -> Initializer:
    """Weights ~ N(0, gain / fan_in), intercepts zero."""

    def draw(fan_in, fan_out, activation, rng):
        std = np.sqrt(gain / fan_in)
        return rng.normal(0.0, std, (fan_in, fan_out)), np.zeros(fan_out)

    return draw


def _fan_in_uniform(gain: float) -> Initializer:
    """Weights ~ U(+-sqrt(3 gain / fan_in)), of variance gain / fan_in."""

    def draw(fan_in, fan_out, activation, rng):
        bound = np.sqrt(3.0 * gain / fan_in)
        return rng.uniform(-bound, bound, (fan_in, fan_out)), np.zeros(fan_out)

    return draw


INITIALIZERS: dict[str, Initializer] = {
    "glorot_uniform": _glorot_uniform,
    "he_uniform": _fan_in_uniform(2.0),
    "he_normal": _fan_in_normal(2.0),
    "lecun_uniform": _fan_in_uniform(1.0),
    "lecun_normal": _fan_in_normal(1.0),
}


def initial_weights(
    layer_units: list[int],
    activations: list[str],
    rng: np.random.RandomState,
    dtype,
    scheme: str = "glorot_uniform",
    zero_output: bool = False,
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Draw the initial weights and intercepts of a network.

    Parameters
    ----------
    layer_units : list of int
        The number of units of each layer, input first and output last.
    activations : list of str
        ``activations[i]`` is the activation weight matrix ``i`` feeds; only
        ``'glorot_uniform'`` uses it.
    rng : numpy.random.RandomState
        The source of the draws, made in float64, layer by layer.
    dtype : numpy dtype
        The dtype of the returned arrays; the float64 draws are cast to it.
    scheme : str, default='glorot_uniform'
        A key of ``INITIALIZERS``:

        - ``'glorot_uniform'``: weights and intercepts ~ U(+-sqrt(factor /
          (fan_in + fan_out))), ``factor`` 2 for the logistic activation and 6
          otherwise (Glorot and Bengio, 2010). Exactly scikit-learn's draw:
          weights, then intercepts, for each layer.
        - ``'he_uniform'``: weights ~ U(+-sqrt(6 / fan_in)); ``'he_normal'``:
          weights ~ N(0, 2 / fan_in) (He et al., "Delving Deep into
          Rectifiers", ICCV 2015).
        - ``'lecun_uniform'``: weights ~ U(+-sqrt(3 / fan_in));
          ``'lecun_normal'``: weights ~ N(0, 1 / fan_in) (LeCun et al.,
          "Efficient BackProp", 1998).

        The He and LeCun schemes draw only the weights, the normal ones from
        a plain (not truncated) normal; their intercepts are zero.
    zero_output : bool, default=False
        Whether the output layer's weights and intercept are zero. Its draw is
        still taken from ``rng``, so the hidden layers' weights and any later
        draw from ``rng`` do not depend on this flag.

    Returns
    -------
    coefs : list of ndarray
        ``coefs[i]`` has shape ``(layer_units[i], layer_units[i + 1])``.
    intercepts : list of ndarray
        ``intercepts[i]`` has shape ``(layer_units[i + 1],)``.

    Raises
    ------
    KeyError
        If ``scheme`` is not a key of ``INITIALIZERS``.
    """
    draw = INITIALIZERS[scheme]
    coefs, intercepts = [], []
    for (fan_in, fan_out), activation in zip(pairwise(layer_units), activations):
        weights, bias = draw(fan_in, fan_out, activation, rng)
        coefs.append(weights.astype(dtype))
        intercepts.append(bias.astype(dtype))
    if zero_output and coefs:
        # Zeroed after the draw, which stays consumed from rng.
        coefs[-1] = np.zeros_like(coefs[-1])
        intercepts[-1] = np.zeros_like(intercepts[-1])
    return coefs, intercepts
