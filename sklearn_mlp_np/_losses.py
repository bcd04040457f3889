"""Output layers and their losses, one record per (output activation, loss) pair.

Every pair here is a canonical link: the derivative of the loss with respect to
the output layer's pre-activation ``Z`` is ``prediction - y``. That identity is
a property of the pair, so it lives in the pair's function, which turns ``Z``
into the prediction, fills ``delta`` and returns the summed loss in one pass.

Losses are computed from ``Z`` (log-sum-exp, softplus), never from clipped
probabilities, so they stay finite and exact for saturated outputs.

Per-sample losses are summed over the outputs. (scikit-learn's squared error
averages over outputs but back-propagates the sum; here value and gradient agree.)

Losses are built by one factory, :func:`make_loss`, from a name and the
loss's parameters: adding a loss is adding its record's factory to ``LOSSES``.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.special import expit, xlogy


@dataclass(frozen=True)
class OutputLoss:
    """An output activation with the loss it is paired with.

    Attributes
    ----------
    out_activation : str
        Name of the output activation, stored as ``out_activation_``.
    inplace_output : callable
        ``inplace_output(Z)`` overwrites ``Z`` with the prediction.
    inplace_output_loss_delta : callable
        ``inplace_output_loss_delta(Z, Y, delta, sample_weight)`` overwrites
        ``Z`` with the prediction, fills ``delta`` with ``prediction - Y`` and
        returns the sum over samples of the per-sample losses, each weighted
        by ``sample_weight`` (unit weights when None).
    log_output : callable or None
        ``log_output(Z)`` returns the log of the prediction computed stably
        from ``Z`` (classification outputs only).
    target_check : callable or None
        ``target_check(y, name)`` raises a ValueError for targets outside
        the loss's domain (``name`` is the argument's, for the message).
    """

    out_activation: str
    inplace_output: Callable[[np.ndarray], None]
    inplace_output_loss_delta: Callable[..., float]
    log_output: Callable[[np.ndarray], np.ndarray] | None = None
    target_check: Callable[[np.ndarray, str], None] | None = None

    def check_targets(self, y: np.ndarray, name: str) -> None:
        """Refuse targets the loss is not defined for."""
        if self.target_check is not None:
            self.target_check(y, name)


def _weighted_sum(values: np.ndarray, sample_weight) -> float:
    """``sum_i w_i sum_k values[i, k]``."""
    # ufunc reductions: the ndarray methods cost more per call on small arrays.
    if sample_weight is None:
        return np.add.reduce(values, axis=None)
    return np.add.reduce(sample_weight @ values, axis=None)


def _weighted_dot(A: np.ndarray, B: np.ndarray, sample_weight) -> float:
    """``sum_i w_i sum_k A[i, k] B[i, k]``, one BLAS call without weights."""
    if sample_weight is None:
        return np.vdot(A, B)
    return sample_weight @ np.einsum("ij,ij->i", A, B)


# identity + squared error: L = 1/2 sum_k (z_k - y_k)^2
def _identity(Z):
    pass


def _squared_error(Z, Y, delta, sample_weight):
    np.subtract(Z, Y, out=delta)
    return 0.5 * _weighted_dot(delta, delta, sample_weight)


# exp + Poisson deviance: L = sum_k y_k log(y_k / mu_k) - y_k + mu_k, mu = exp(z)
def _exp(Z):
    np.exp(Z, out=Z)


def _poisson(Z, Y, delta, sample_weight):
    y_dot_z = _weighted_dot(Y, Z, sample_weight)
    np.exp(Z, out=Z)
    np.subtract(Z, Y, out=delta)
    # log(y / mu) = log y - z: y log y - y z - y + mu
    return _weighted_sum(xlogy(Y, Y) - Y + Z, sample_weight) - y_dot_z


def _non_negative(y, name):
    if np.any(y < 0):
        raise ValueError(
            f"loss='poisson' needs non-negative targets; {name} has a minimum of "
            f"{np.min(y)}. Use loss='squared_error' or shift {name}."
        )


# softmax + categorical cross-entropy: L = logsumexp(z) - sum_k y_k z_k
def _inplace_shift_max(Z):
    # Subtracting the row maximum leaves softmax unchanged and stops exp overflowing.
    Z -= np.maximum.reduce(Z, axis=1, keepdims=True)


def _softmax(Z):
    _inplace_shift_max(Z)
    np.exp(Z, out=Z)
    Z /= np.add.reduce(Z, axis=1, keepdims=True)


def _softmax_cross_entropy(Z, Y, delta, sample_weight):
    _inplace_shift_max(Z)
    y_dot_z = _weighted_dot(Y, Z, sample_weight)
    np.exp(Z, out=Z)
    row_sums = np.add.reduce(Z, axis=1, keepdims=True)
    Z /= row_sums
    np.subtract(Z, Y, out=delta)
    # Rows of Y are one-hot, so sum_k y_k log(sum_j e^z_j) = log(sum_j e^z_j).
    return _weighted_sum(np.log(row_sums), sample_weight) - y_dot_z


def _log_softmax(Z):
    shifted = Z - Z.max(axis=1, keepdims=True)
    shifted -= np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return shifted


# logistic + binary cross-entropy per output: L = sum_k softplus(z_k) - y_k z_k
def _logistic(Z):
    expit(Z, out=Z)


def _binary_cross_entropy(Z, Y, delta, sample_weight):
    loss = _weighted_sum(np.logaddexp(0, Z), sample_weight) - _weighted_dot(
        Y, Z, sample_weight
    )
    expit(Z, out=Z)
    np.subtract(Z, Y, out=delta)
    return loss


def _log_logistic(Z):
    # log(sigmoid(z)) = -softplus(-z), finite for every finite z.
    return -np.logaddexp(0, -Z)


def _fixed(record: OutputLoss) -> Callable[[], OutputLoss]:
    """The factory of a loss without parameters."""
    return lambda: record


# name -> factory(**parameters) -> OutputLoss
LOSSES: dict[str, Callable[..., OutputLoss]] = {
    "squared_error": _fixed(OutputLoss("identity", _identity, _squared_error)),
    "poisson": _fixed(OutputLoss("exp", _exp, _poisson, target_check=_non_negative)),
    "log_loss": _fixed(
        OutputLoss("softmax", _softmax, _softmax_cross_entropy, _log_softmax)
    ),
    "binary_log_loss": _fixed(
        OutputLoss("logistic", _logistic, _binary_cross_entropy, _log_logistic)
    ),
}


# The regressor's ``loss`` options (the others are the classifier's outputs).
REGRESSION_LOSSES = ("squared_error", "poisson")


def make_loss(name: str, **params) -> OutputLoss:
    """The output loss ``name`` built with ``params``: the one lookup by name.

    Parameters
    ----------
    name : str
        A key of ``LOSSES``.
    **params
        The loss's parameters.

    Returns
    -------
    output_loss : OutputLoss
    """
    return LOSSES[name](**params)
