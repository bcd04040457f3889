"""Output layers and their losses, one record per (output activation, loss) pair.

Each pair's function turns the output layer's pre-activation ``Z`` into the
prediction, fills ``delta`` with the derivative of the loss with respect to
``Z`` and returns the summed loss, in one pass. For the canonical links
(squared error, Poisson, the cross-entropies) that derivative is
``prediction - y``, a property of the pair kept in its function.

The robust regression losses (absolute error, Huber, pinball) have an
identity output. Where a loss has a kink (the absolute error and the pinball
loss at zero residual), ``delta`` there is the midpoint of the
subdifferential, the mean of the left and right derivatives: 0 for the
absolute error, ``1/2 - tau`` for the pinball loss of quantile ``tau``. With
it the absolute error is exactly twice the pinball loss of the median, in
value and in gradient.

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
    smooth : bool
        Whether the gradient is continuous, as L-BFGS's line search needs.
    outputs_per_target : int
        Output units per target column: the number of quantiles of the
        pinball loss, else 1. The targets are repeated to match (see
        :meth:`expand_targets`).
    baseline : callable or None
        ``baseline(Y, sample_weight)`` returns, per output unit, the constant
        prediction the output bias starts from (HistGradientBoosting's
        baseline); None keeps the bias drawn with the weights.
    """

    out_activation: str
    inplace_output: Callable[[np.ndarray], None]
    inplace_output_loss_delta: Callable[..., float]
    log_output: Callable[[np.ndarray], np.ndarray] | None = None
    target_check: Callable[[np.ndarray, str], None] | None = None
    smooth: bool = True
    outputs_per_target: int = 1
    baseline: Callable[..., np.ndarray] | None = None

    def check_targets(self, y: np.ndarray, name: str) -> None:
        """Refuse targets the loss is not defined for."""
        if self.target_check is not None:
            self.target_check(y, name)

    def expand_targets(self, Y: np.ndarray) -> np.ndarray:
        """The 2-D targets ``Y`` with one column per output unit.

        Column ``j * outputs_per_target + k`` is target ``j`` (for its
        ``k``-th quantile): ``Y`` itself when there is one unit per target.
        """
        if self.outputs_per_target == 1:
            return Y
        return np.repeat(Y, self.outputs_per_target, axis=1)


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


def weighted_quantile(Y: np.ndarray, quantiles, sample_weight=None) -> np.ndarray:
    """The (weighted) quantile of each column of ``Y``, one level per column.

    The inverted CDF: the smallest value whose cumulative weight reaches
    ``quantiles[j]`` times the total. An integer weight counts as that many
    repeated rows, exactly, as scikit-learn's sample-weight checks require.

    Parameters
    ----------
    Y : ndarray of shape (n_samples, n_columns)
    quantiles : float or array-like of shape (n_columns,)
        Levels in (0, 1].
    sample_weight : ndarray of shape (n_samples,), default=None

    Returns
    -------
    values : ndarray of shape (n_columns,), float64
    """
    Y = np.asarray(Y, dtype=np.float64)
    n, n_columns = Y.shape
    weights = np.ones(n) if sample_weight is None else np.asarray(sample_weight)
    order = np.argsort(Y, axis=0, kind="stable")
    cumulative = np.cumsum(weights[order], axis=0)
    levels = np.broadcast_to(np.asarray(quantiles, dtype=np.float64), (n_columns,))
    values = np.empty(n_columns)
    for j in range(n_columns):
        k = np.searchsorted(cumulative[:, j], levels[j] * cumulative[-1, j])
        values[j] = Y[order[min(k, n - 1), j], j]
    return values


# identity + absolute error: L = sum_k |z_k - y_k|
def _absolute_error(Z, Y, delta, sample_weight):
    np.subtract(Z, Y, out=delta)
    loss = _weighted_sum(np.abs(delta), sample_weight)
    np.sign(delta, out=delta)  # 0 at z = y: the midpoint of [-1, 1]
    return loss


def _median_baseline(Y, sample_weight):
    return weighted_quantile(Y, 0.5, sample_weight)


# identity + Huber: L = sum_k h(z_k - y_k), h(d) = d^2 / 2 for |d| <= delta,
# delta (|d| - delta / 2) beyond; h'(d) = clip(d, -delta, delta).
def _huber_loss(threshold) -> Callable[..., float]:
    def huber(Z, Y, delta, sample_weight):
        np.subtract(Z, Y, out=delta)
        # h(d) = d^2 / 2 - max(|d| - delta, 0)^2 / 2: at delta = inf exactly
        # half the squared error, in value and gradient.
        excess = np.abs(delta)
        excess -= threshold
        np.maximum(excess, 0, out=excess)
        loss = 0.5 * (
            _weighted_dot(delta, delta, sample_weight)
            - _weighted_dot(excess, excess, sample_weight)
        )
        np.clip(delta, -threshold, threshold, out=delta)
        return loss

    return huber


def _huber_baseline(threshold) -> Callable[..., np.ndarray]:
    # HistGradientBoosting's: the median and one step of Friedman's (2001)
    # update towards the Huber minimiser.
    def baseline(Y, sample_weight):
        median = weighted_quantile(Y, 0.5, sample_weight)
        diff = Y - median
        step = np.sign(diff) * np.minimum(threshold, np.abs(diff))
        return median + np.average(step, axis=0, weights=sample_weight)

    return baseline


def _huber(delta=1.0) -> OutputLoss:
    """Huber's loss with threshold ``delta`` (a float, or one per output)."""
    threshold = delta if np.ndim(delta) == 0 else np.asarray(delta, np.float64)
    return OutputLoss(
        "identity",
        _identity,
        _huber_loss(threshold),
        baseline=_huber_baseline(threshold),
    )


# identity + pinball: L = sum_k rho_tau(y_k - z_k), rho_tau(r) = tau r for
# r >= 0, (tau - 1) r below: with d = z - y, L = max(d, 0) - tau d and
# dL/dz = 1 - tau above y, -tau below, 1/2 - tau at z = y.
class _QuantileColumns:
    """The quantile of each output column, tiled over targets, per width and dtype."""

    def __init__(self, quantiles: np.ndarray) -> None:
        self.quantiles = quantiles
        self._tiled = {}

    def __call__(self, width: int, dtype) -> tuple[np.ndarray, np.ndarray]:
        """``(tau, 1/2 - tau)`` for ``width`` output columns."""
        key = (width, np.dtype(dtype))
        if key not in self._tiled:
            tau = np.tile(self.quantiles, width // self.quantiles.size)
            self._tiled[key] = tau.astype(dtype), (0.5 - tau).astype(dtype)
        return self._tiled[key]


def _pinball_loss(columns: _QuantileColumns) -> Callable[..., float]:
    def pinball(Z, Y, delta, sample_weight):
        np.subtract(Z, Y, out=delta)
        tau, half_minus_tau = columns(delta.shape[1], delta.dtype)
        column_sums = (
            np.add.reduce(delta, axis=0)
            if sample_weight is None
            else sample_weight @ delta
        )
        loss = _weighted_sum(np.maximum(delta, 0), sample_weight) - column_sums @ tau
        np.sign(delta, out=delta)
        delta *= 0.5
        delta += half_minus_tau
        return loss

    return pinball


def _quantile(quantile=0.5) -> OutputLoss:
    """The pinball loss of one quantile, or one output unit per quantile."""
    quantiles = np.atleast_1d(np.asarray(quantile, dtype=np.float64))
    columns = _QuantileColumns(quantiles)
    return OutputLoss(
        "identity",
        _identity,
        _pinball_loss(columns),
        smooth=False,
        outputs_per_target=quantiles.size,
        baseline=lambda Y, sample_weight: weighted_quantile(
            Y, columns(Y.shape[1], np.float64)[0], sample_weight
        ),
    )


def _fixed(record: OutputLoss) -> Callable[[], OutputLoss]:
    """The factory of a loss without parameters."""
    return lambda: record


# name -> factory(**parameters) -> OutputLoss
LOSSES: dict[str, Callable[..., OutputLoss]] = {
    "squared_error": _fixed(OutputLoss("identity", _identity, _squared_error)),
    "poisson": _fixed(OutputLoss("exp", _exp, _poisson, target_check=_non_negative)),
    "absolute_error": _fixed(
        OutputLoss(
            "identity",
            _identity,
            _absolute_error,
            smooth=False,
            baseline=_median_baseline,
        )
    ),
    "huber": _huber,
    "quantile": _quantile,
    "log_loss": _fixed(
        OutputLoss("softmax", _softmax, _softmax_cross_entropy, _log_softmax)
    ),
    "binary_log_loss": _fixed(
        OutputLoss("logistic", _logistic, _binary_cross_entropy, _log_logistic)
    ),
}


# The regressor's ``loss`` options (the others are the classifier's outputs).
REGRESSION_LOSSES = ("squared_error", "poisson", "absolute_error", "huber", "quantile")


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
