"""Hidden-layer activations: each forward function next to its derivative.

Both work in place. The derivative takes the activation's *output* ``A = f(Z)``
(all four functions have a derivative that is a function of their output), so
the pre-activations never have to be kept, and it multiplies ``delta`` by
``f'(Z)`` in place.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.special import expit


@dataclass(frozen=True)
class Activation:
    """An activation function and its derivative, kept together so they agree.

    Attributes
    ----------
    inplace_forward : callable
        ``inplace_forward(Z)`` overwrites ``Z`` with ``f(Z)``.
    inplace_derivative : callable
        ``inplace_derivative(A, delta)`` multiplies ``delta`` in place by
        ``f'(Z)``, computed from the output ``A = f(Z)``.
    """

    inplace_forward: Callable[[np.ndarray], None]
    inplace_derivative: Callable[[np.ndarray, np.ndarray], None]


def _identity(Z: np.ndarray) -> None:
    pass


def _identity_derivative(A: np.ndarray, delta: np.ndarray) -> None:
    pass


def _logistic(Z: np.ndarray) -> None:
    # expit is the overflow-free 1 / (1 + exp(-z)).
    expit(Z, out=Z)


def _logistic_derivative(A: np.ndarray, delta: np.ndarray) -> None:
    # f' = f (1 - f)
    delta *= A
    delta -= delta * A


def _tanh(Z: np.ndarray) -> None:
    np.tanh(Z, out=Z)


def _tanh_derivative(A: np.ndarray, delta: np.ndarray) -> None:
    # f' = 1 - f**2
    delta -= delta * A * A


def _relu(Z: np.ndarray) -> None:
    np.maximum(Z, 0, out=Z)


def _relu_derivative(A: np.ndarray, delta: np.ndarray) -> None:
    # f' = 1 where the output is positive, else 0. A multiply by the boolean
    # mask is several times faster than the masked assignment delta[A == 0] = 0.
    np.multiply(delta, A > 0, out=delta)


ACTIVATIONS: dict[str, Activation] = {
    "identity": Activation(_identity, _identity_derivative),
    "logistic": Activation(_logistic, _logistic_derivative),
    "tanh": Activation(_tanh, _tanh_derivative),
    "relu": Activation(_relu, _relu_derivative),
}
