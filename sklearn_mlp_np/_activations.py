"""Hidden-layer activations: each forward function next to its derivative.

Both work in place. Most derivatives are functions of the activation's
*output* ``A = f(Z)``, so only ``A`` has to be kept for the backward pass;
'gelu', 'silu' and 'mish' are not, and their records say so (``derivative_from``):
the workspace then keeps a copy of their pre-activation ``Z``, for those
layers only. ``inplace_derivative(value, delta, scratch)`` multiplies
``delta`` in place by ``f'(Z)``, computed from ``value`` (``A`` or ``Z``);
``scratch``, shaped like ``delta``, is overwritten. ``output_bound(b)`` is an
upper bound of ``|f(z)|`` over ``|z| <= b`` (it proves a network cannot
overflow).

Activations are built by one factory, :func:`make_activation`, from a name
and the activation's parameters (the leaky slope of 'leaky_relu'): adding an
activation is adding its record's factory to ``ACTIVATIONS``.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.special import erf, expit

LEAKY_RELU_SLOPE = 0.01  # PyTorch's default negative slope


@dataclass(frozen=True)
class Activation:
    """An activation function and its derivative, kept together so they agree.

    Attributes
    ----------
    inplace_forward : callable
        ``inplace_forward(Z)`` overwrites ``Z`` with ``f(Z)``.
    inplace_derivative : callable
        ``inplace_derivative(value, delta, scratch)`` multiplies ``delta`` in
        place by ``f'(Z)``, computed from ``value``.
    output_bound : callable
        ``output_bound(b)``: an upper bound of ``|f(z)|`` for ``|z| <= b``,
        entrywise.
    derivative_from : {'output', 'input'}
        Whether ``value`` is the output ``A = f(Z)`` or the pre-activation ``Z``.
    """

    inplace_forward: Callable[[np.ndarray], None]
    inplace_derivative: Callable[[np.ndarray, np.ndarray, np.ndarray], None]
    output_bound: Callable[[np.ndarray], np.ndarray]
    derivative_from: str = "output"


def _identity(Z):
    pass


def _identity_derivative(A, delta, scratch):
    pass


def _logistic(Z):
    # expit is the overflow-free 1 / (1 + exp(-z)).
    expit(Z, out=Z)


def _logistic_derivative(A, delta, scratch):
    # f' = a (1 - a)
    np.subtract(1, A, out=scratch)
    scratch *= A
    delta *= scratch


def _tanh(Z):
    np.tanh(Z, out=Z)


def _tanh_derivative(A, delta, scratch):
    # f' = 1 - a**2
    np.multiply(A, A, out=scratch)
    np.subtract(1, scratch, out=scratch)
    delta *= scratch


def _relu(Z):
    np.maximum(Z, 0, out=Z)


def _relu_derivative(A, delta, scratch):
    # f' = [a > 0]. A multiply by the mask is several times faster than the
    # masked assignment delta[A == 0] = 0.
    np.greater(A, 0, out=scratch)
    delta *= scratch


def _leaky_relu(negative_slope: float = LEAKY_RELU_SLOPE) -> Activation:
    """max(z, s z) for a slope s in [0, 1)."""
    if not 0 <= negative_slope < 1:
        raise ValueError(
            f"negative_slope={negative_slope!r}: the leaky slope must be in [0, 1)."
        )
    slope = float(negative_slope)  # a Python float keeps float32 as float32

    def forward(Z):
        np.maximum(Z, slope * Z, out=Z)

    def derivative(A, delta, scratch):
        # f' = 1 where a > 0, else s: sign(a) is 1 there and 0 or -1 elsewhere.
        np.sign(A, out=scratch)
        np.maximum(scratch, slope, out=scratch)
        delta *= scratch

    return Activation(forward, derivative, _within_input_bound)


def _elu(Z):
    # z for z > 0, exp(z) - 1 otherwise; exp(z) - 1 >= z everywhere, so the
    # larger of the two is the right branch, and expm1(min(z, 0)) never overflows.
    branch = np.minimum(Z, 0)
    np.expm1(branch, out=branch)
    np.maximum(Z, branch, out=Z)


def _elu_derivative(A, delta, scratch):
    # f' = 1 for z > 0, exp(z) = a + 1 otherwise: min(a, 0) + 1 is both.
    np.minimum(A, 0, out=scratch)
    scratch += 1
    delta *= scratch


def _softplus(Z):
    # log(1 + exp(z)) without overflow.
    np.logaddexp(0, Z, out=Z)


def _softplus_derivative(A, delta, scratch):
    # f' = sigmoid(z) = 1 - exp(-a); -expm1(-a) keeps its precision near 0.
    np.negative(A, out=scratch)
    np.expm1(scratch, out=scratch)
    np.negative(scratch, out=scratch)
    delta *= scratch


# Python floats, so that float32 arrays stay float32 (NEP 50).
_SQRT_HALF = math.sqrt(0.5)
_INV_SQRT_2PI = 1 / math.sqrt(2 * math.pi)


def _gelu(Z):
    # z * Phi(z), Phi the standard normal CDF: 0.5 z (1 + erf(z / sqrt 2)).
    cdf = erf(Z * _SQRT_HALF)
    cdf += 1
    cdf *= 0.5
    Z *= cdf


def _gelu_derivative(Z, delta, scratch):
    # f' = Phi(z) + z phi(z), phi the standard normal density.
    np.multiply(Z, Z, out=scratch)
    scratch *= -0.5
    np.exp(scratch, out=scratch)
    scratch *= _INV_SQRT_2PI
    scratch *= Z
    scratch += 0.5 * (1 + erf(Z * _SQRT_HALF))
    delta *= scratch


def _silu(Z):
    # z * sigmoid(z), also called swish.
    Z *= expit(Z)


def _silu_derivative(Z, delta, scratch):
    # f' = s (1 + z (1 - s)), s = sigmoid(z).
    expit(Z, out=scratch)
    one_minus = 1 - scratch
    one_minus *= Z
    one_minus += 1
    scratch *= one_minus
    delta *= scratch


# SELU's constants (Klambauer et al., 2017), the fixed point of zero mean and
# unit variance under LeCun-normal weights.
SELU_ALPHA = 1.6732632423543772
SELU_SCALE = 1.0507009873554805


def _selu(Z):
    # scale (max(z, 0) + alpha (exp(min(z, 0)) - 1)): each part is 0 on the
    # other side. (elu's max trick fails here: alpha > 1.)
    branch = np.minimum(Z, 0)
    np.expm1(branch, out=branch)
    branch *= SELU_ALPHA
    np.maximum(Z, 0, out=Z)
    Z += branch
    Z *= SELU_SCALE


def _selu_derivative(A, delta, scratch):
    # f' = scale above 0; scale alpha exp(z) = a + scale alpha below.
    np.add(A, SELU_SCALE * SELU_ALPHA, out=scratch)
    np.copyto(scratch, SELU_SCALE, where=A > 0)
    delta *= scratch


def _selu_bound(bound):
    return SELU_SCALE * np.maximum(bound, -SELU_ALPHA * np.expm1(-bound))


def _mish(Z):
    # z tanh(softplus(z)) (Misra, 2019).
    Z *= np.tanh(np.logaddexp(0, Z))


def _mish_derivative(Z, delta, scratch):
    # f' = t + z (1 - t^2) sigmoid(z), t = tanh(softplus(z)).
    np.logaddexp(0, Z, out=scratch)
    np.tanh(scratch, out=scratch)
    slope = np.multiply(scratch, scratch)
    np.subtract(1, slope, out=slope)
    slope *= Z
    slope *= expit(Z)
    scratch += slope
    delta *= scratch


def _within_input_bound(bound):
    # |f(z)| <= |z|: identity, relu, leaky_relu, gelu (|z Phi(z)|), silu
    # (|z s(z)|), mish (|z tanh(softplus(z))|).
    return bound


def _elu_bound(bound):
    # z for z > 0; |exp(z) - 1| <= 1 - exp(-b) below.
    return np.maximum(bound, -np.expm1(-bound))


def _fixed(record: Activation) -> Callable[[], Activation]:
    """The factory of an activation without parameters."""
    return lambda: record


# name -> factory(**parameters) -> Activation
ACTIVATIONS: dict[str, Callable[..., Activation]] = {
    "identity": _fixed(
        Activation(_identity, _identity_derivative, _within_input_bound)
    ),
    "logistic": _fixed(Activation(_logistic, _logistic_derivative, expit)),
    "tanh": _fixed(Activation(_tanh, _tanh_derivative, np.tanh)),
    "relu": _fixed(Activation(_relu, _relu_derivative, _within_input_bound)),
    "leaky_relu": _leaky_relu,
    "elu": _fixed(Activation(_elu, _elu_derivative, _elu_bound)),
    "softplus": _fixed(
        Activation(
            _softplus, _softplus_derivative, lambda bound: np.logaddexp(0, bound)
        )
    ),
    "gelu": _fixed(Activation(_gelu, _gelu_derivative, _within_input_bound, "input")),
    "silu": _fixed(Activation(_silu, _silu_derivative, _within_input_bound, "input")),
    "selu": _fixed(Activation(_selu, _selu_derivative, _selu_bound)),
    "mish": _fixed(Activation(_mish, _mish_derivative, _within_input_bound, "input")),
}


def make_activation(name: str, **params) -> Activation:
    """The activation ``name`` built with ``params``: the one lookup by name.

    Parameters
    ----------
    name : str
        A key of ``ACTIVATIONS``.
    **params
        The activation's parameters, e.g. ``negative_slope`` of 'leaky_relu'.

    Returns
    -------
    activation : Activation
    """
    return ACTIVATIONS[name](**params)


# The activations scikit-learn's MLP offers (the rest cannot be exported).
SKLEARN_ACTIVATIONS = ("identity", "logistic", "tanh", "relu")
