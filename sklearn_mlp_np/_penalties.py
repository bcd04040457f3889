"""The elastic-net penalty on the weights (never on the intercepts), in one record.

    penalty(W) = alpha * (l1_ratio * ||W||_1 + (1 - l1_ratio) / 2 * ||W||_2^2)

with entrywise norms over every weight matrix at once: the record acts on the
weight slice of the flat parameter vector. The callers divide it by the number
(or total weight) of samples in the batch, as scikit-learn does with ``alpha``,
so ``l1_ratio=0`` is scikit-learn's L2 term.

The L2 part is smooth and goes into the gradient. The L1 part is applied as a
proximal (soft-threshold) step after each stochastic update, which sets
weights to exactly zero, or, under L-BFGS, by splitting each weight into
positive and negative parts bounded below by zero (``split`` / ``merge``).
Its subgradient only serves to check gradients.
"""

import numpy as np
import scipy.optimize


class ElasticNet:
    """The penalty ``l1 * ||w||_1 + l2 / 2 * ||w||_2^2`` on a flat weight vector.

    Parameters
    ----------
    alpha : float
        Overall strength.
    l1_ratio : float
        Share of the L1 part, in [0, 1].
    """

    def __init__(self, alpha: float, l1_ratio: float) -> None:
        self.l1 = float(alpha * l1_ratio)
        self.l2 = float(alpha * (1.0 - l1_ratio))

    def smooth_part(self) -> "ElasticNet":
        """The L2 part alone (what L-BFGS sees once the L1 part is split off)."""
        return ElasticNet(self.l2, 0.0)

    def value(self, weights: np.ndarray) -> float:
        """The penalty of ``weights`` (un-normalised)."""
        value = 0.0
        if self.l2:
            value += 0.5 * self.l2 * np.dot(weights, weights)
        if self.l1:
            value += self.l1 * np.linalg.norm(weights, 1)
        return value

    def inplace_add_smooth_gradient(
        self, weights: np.ndarray, weight_grads: np.ndarray, scale: float, scratch
    ) -> None:
        """Add ``scale`` times the L2 part's gradient to ``weight_grads``.

        ``scratch``, shaped like ``weights``, is overwritten.
        """
        if self.l2:
            np.multiply(weights, scale * self.l2, out=scratch)
            weight_grads += scratch

    def inplace_add_subgradient(
        self, weights: np.ndarray, weight_grads: np.ndarray, scale: float
    ) -> None:
        """Add ``scale`` times the L1 part's subgradient ``l1 * sign(w)``.

        Exact away from zero; only used to check gradients.
        """
        if self.l1:
            weight_grads += scale * self.l1 * np.sign(weights)

    def inplace_proximal_step(
        self, weights: np.ndarray, step_size, scratch: np.ndarray
    ) -> None:
        """Proximal step of ``step_size * l1 * ||w||_1``: soft-threshold in place.

        ``w <- w - clip(w, -t, t)`` with ``t = step_size * l1``, which is
        ``sign(w) * max(|w| - t, 0)`` and exactly zero where ``|w| <= t``.
        ``step_size`` is a scalar, or an array shaped like ``weights`` for a
        per-coordinate step (Adam's). ``scratch`` is overwritten.
        """
        threshold = step_size * self.l1
        np.clip(weights, -threshold, threshold, out=scratch)
        weights -= scratch

    # ---- L-BFGS: the L1 part by variable splitting ----------------------------
    # w = p - n with p, n >= 0 turns l1 * ||w||_1 into the linear l1 * sum(p + n)
    # under bounds, which L-BFGS-B solves exactly; where both p and n sit on the
    # bound 0 the weight is exactly zero. The vector is [p, n, intercepts].

    def split(self, params: np.ndarray, n_weights: int):
        """Return the starting point and the bounds of the split problem."""
        weights = params[:n_weights].astype(np.float64)
        x0 = np.concatenate(
            [np.maximum(weights, 0), np.maximum(-weights, 0), params[n_weights:]]
        )
        lower = np.zeros(x0.size)
        lower[2 * n_weights :] = -np.inf
        return x0, scipy.optimize.Bounds(lower, np.inf)

    @staticmethod
    def merge(x: np.ndarray, n_weights: int, out: np.ndarray) -> None:
        """Write the parameters ``[p - n, intercepts]`` of the split vector ``x``."""
        np.subtract(x[:n_weights], x[n_weights : 2 * n_weights], out=out[:n_weights])
        out[n_weights:] = x[2 * n_weights :]

    def split_value_and_gradient(
        self, x: np.ndarray, n_weights: int, smooth_value, grad: np.ndarray, scale
    ):
        """Value and gradient of the split objective at ``x``.

        ``smooth_value`` and ``grad`` are the smooth objective's at the merged
        parameters; the linear term ``scale * l1 * sum(p + n)`` is added.
        """
        l1 = scale * self.l1
        value = smooth_value + l1 * x[: 2 * n_weights].sum()
        weight_grads = grad[:n_weights]
        split_grad = np.concatenate(
            [weight_grads + l1, l1 - weight_grads, grad[n_weights:]]
        ).astype(np.float64, copy=False)
        return value, split_grad
