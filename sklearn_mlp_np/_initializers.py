"""Weight initialisation."""

from itertools import pairwise

import numpy as np


def glorot_uniform(
    layer_units: list[int], activations: list[str], rng: np.random.RandomState, dtype
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Draw weights and intercepts uniformly in +-sqrt(factor / (fan_in + fan_out)).

    ``activations[i]`` is the activation weight matrix ``i`` feeds. ``factor``
    is 2 for the logistic activation and 6 otherwise (Glorot and Bengio,
    2010). Draws are made in float64, layer by layer, weights before
    intercepts: scikit-learn's order, so a seed gives scikit-learn's weights.
    """
    coefs, intercepts = [], []
    for (fan_in, fan_out), activation in zip(pairwise(layer_units), activations):
        factor = 2.0 if activation == "logistic" else 6.0
        bound = np.sqrt(factor / (fan_in + fan_out))
        coefs.append(rng.uniform(-bound, bound, (fan_in, fan_out)).astype(dtype))
        intercepts.append(rng.uniform(-bound, bound, fan_out).astype(dtype))
    return coefs, intercepts
