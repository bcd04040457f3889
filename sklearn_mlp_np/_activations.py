"""Hidden-layer activations: each forward function next to its derivative.

Both work in place. Most derivatives are functions of the activation's
*output* ``A = f(Z)``, so only ``A`` has to be kept for the backward pass;
'gelu', 'silu' and 'mish' are not, and their records say so (``derivative_from``):
the workspace then keeps a copy of their pre-activation ``Z``, for those
layers only. ``inplace_derivative(value, delta, scratch)`` multiplies
``delta`` in place by ``f'(Z)``, computed from ``value`` (``A`` or ``Z``);
``scratch``, shaped like ``delta``, is overwritten, and so may be a
pre-activation ``value`` (the workspace's copy, used once). Forwards that
need room (``forward_scratch``) take ``inplace_forward(Z, scratch)``:
``scratch`` is two arrays shaped like ``Z`` (the backward pass's buffers,
idle during the forward pass), or None to allocate them.
``output_bound(b)`` is an
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
        ``inplace_forward(Z, scratch=None)`` overwrites ``Z`` with ``f(Z)``;
        ``scratch``, two arrays shaped like ``Z``, may be overwritten.
    inplace_derivative : callable
        ``inplace_derivative(value, delta, scratch)`` multiplies ``delta`` in
        place by ``f'(Z)``, computed from ``value`` (which a pre-activation's
        derivative may overwrite).
    output_bound : callable
        ``output_bound(b)``: an upper bound of ``|f(z)|`` for ``|z| <= b``,
        entrywise.
    derivative_from : {'output', 'input'}
        Whether ``value`` is the output ``A = f(Z)`` or the pre-activation ``Z``.
    forward_scratch : bool
        Whether ``inplace_forward`` takes ``scratch``.
    """

    inplace_forward: Callable[..., None]
    inplace_derivative: Callable[[np.ndarray, np.ndarray, np.ndarray], None]
    output_bound: Callable[[np.ndarray], np.ndarray]
    derivative_from: str = "output"
    forward_scratch: bool = False


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


_SELU_SCALE_ALPHA = SELU_SCALE * SELU_ALPHA


def _scratch_like(Z, scratch):
    """``scratch``, or two new arrays shaped like ``Z`` (the prediction pass)."""
    return (np.empty_like(Z), np.empty_like(Z)) if scratch is None else scratch


def _selu(Z, scratch=None):
    # scale max(z, 0) + scale alpha (exp(min(z, 0)) - 1): each part is 0 on
    # the other side. exp, not expm1: NumPy vectorises exp (several times
    # faster), and exp(z) - 1 is off from expm1 by an ulp of 1, absolutely.
    (branch, _) = _scratch_like(Z, scratch)
    np.minimum(Z, 0, out=branch)
    np.exp(branch, out=branch)
    branch -= 1
    branch *= _SELU_SCALE_ALPHA
    np.maximum(Z, 0, out=Z)
    Z *= SELU_SCALE
    Z += branch


def _selu_derivative(A, delta, scratch):
    # f' = scale above 0, scale alpha exp(z) = a + scale alpha below: with
    # c = scale - scale alpha < 0, f' = min(c [a > 0], a) + scale alpha. At
    # a = 0 it takes the midpoint of the two sides (sign(0) = 0), the kink
    # convention of the losses. No mask array: sign and min run in place.
    np.sign(A, out=scratch)
    scratch += 1
    scratch *= 0.5 * (SELU_SCALE - _SELU_SCALE_ALPHA)
    np.minimum(scratch, A, out=scratch)
    scratch += _SELU_SCALE_ALPHA
    delta *= scratch


def _selu_bound(bound):
    return SELU_SCALE * np.maximum(bound, -SELU_ALPHA * np.expm1(-bound))


# Above it, exp(z) squared is beyond float32's precision next to 2: the
# formulas below give tanh(softplus(z)) = 1 and f' = 1 there, and cannot
# overflow.
_MISH_EXP_CAP = 20.0


def _mish(Z, scratch=None):
    # z tanh(softplus(z)) (Misra, 2019). With w = exp(z), tanh(log(1 + w))
    # = n / (n + 2), n = w (w + 2): one exp, no log or tanh, no cancellation.
    (w, n) = _scratch_like(Z, scratch)
    np.minimum(Z, _MISH_EXP_CAP, out=w)
    np.exp(w, out=w)
    np.add(w, 2, out=n)
    n *= w
    np.add(n, 2, out=w)
    n /= w
    Z *= n


def _mish_derivative(Z, delta, scratch):
    # f' = t + z (1 - t^2) sigmoid(z) with t = tanh(softplus(z)). With
    # w = exp(z) and s = (1 + w)^2 + 1: t = 1 - 2 / s and
    # (1 - t^2) sigmoid(z) = 4 w (1 + w) / s^2. Z, the workspace's copy of
    # the pre-activation, becomes z times that second factor.
    w = scratch
    np.minimum(Z, _MISH_EXP_CAP, out=w)
    np.exp(w, out=w)
    Z *= w
    w += 1
    Z *= w
    w *= w
    w += 1
    Z /= w
    Z /= w
    Z *= 4
    np.divide(-2, w, out=w)
    w += 1
    w += Z
    delta *= w


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
    "selu": _fixed(
        Activation(_selu, _selu_derivative, _selu_bound, forward_scratch=True)
    ),
    "mish": _fixed(
        Activation(
            _mish, _mish_derivative, _within_input_bound, "input", forward_scratch=True
        )
    ),
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
