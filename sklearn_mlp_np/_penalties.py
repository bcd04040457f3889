"""The penalty on the weights (never on the intercepts), in one record.

    penalty(W) = alpha * (l1_ratio * ||W||_1 + (1 - l1_ratio) / 2 * ||W||_2^2)
                 + alpha_features * sum_j ||W1[j, :]||_2

with entrywise norms over every weight matrix at once (the record acts on
the weight slice of the flat parameter vector) and, in the last term, the
Euclidean norm of each row of the first weight matrix: the weights leaving
input feature ``j``. The callers divide it by the number (or total weight) of
samples in the batch, as scikit-learn does with ``alpha``, so ``l1_ratio=0``
and ``alpha_features=0`` is scikit-learn's L2 term.

The L2 part is smooth and goes into the gradient. The L1 and group parts are
applied as a proximal step after each stochastic update (soft-thresholding of
each weight, then of each row's norm), which makes weights, and whole rows,
exactly zero. Under L-BFGS the L1 part is handled by splitting each weight
into positive and negative parts bounded below by zero (``split`` /
``merge``). The subgradients only serve to check gradients.
"""

import numpy as np
import scipy.optimize


class Penalty:
    """The penalty on a flat weight vector whose first block is ``W1``.

    ``l1 * ||w||_1 + l2 / 2 * ||w||_2^2 + group * sum_j ||W1[j]||_2``.

    Parameters
    ----------
    alpha : float
        Strength of the elastic net.
    l1_ratio : float
        Share of its L1 part, in [0, 1].
    alpha_features : float, default=0.0
        Strength of the group penalty on the rows of the first weight matrix.
    first_layer_shape : tuple of int, default=None
        ``(n_features, n_units)`` of the first weight matrix, which starts the
        weight vector; needed when ``alpha_features > 0``.
    """

    def __init__(
        self,
        alpha: float,
        l1_ratio: float,
        alpha_features: float = 0.0,
        first_layer_shape: tuple[int, int] | None = None,
    ) -> None:
        self.l1 = float(alpha * l1_ratio)
        self.l2 = float(alpha * (1.0 - l1_ratio))
        self.group = float(alpha_features)
        self.first_layer_shape = first_layer_shape

    @property
    def has_proximal_part(self) -> bool:
        """Whether the stochastic solvers must take a proximal step."""
        return bool(self.l1 or self.group)

    def smooth_part(self) -> "Penalty":
        """The L2 part alone (what L-BFGS sees once the L1 part is split off)."""
        return Penalty(self.l2, 0.0)

    def _first_layer(self, weights: np.ndarray) -> np.ndarray:
        n_features, n_units = self.first_layer_shape
        return weights[: n_features * n_units].reshape(n_features, n_units)

    def _row_norms(self, weights: np.ndarray) -> np.ndarray:
        W1 = self._first_layer(weights)
        return np.sqrt(np.einsum("ij,ij->i", W1, W1))

    def value(self, weights: np.ndarray) -> float:
        """The penalty of ``weights`` (un-normalised)."""
        value = 0.0
        if self.l2:
            value += 0.5 * self.l2 * np.dot(weights, weights)
        if self.l1:
            value += self.l1 * np.linalg.norm(weights, 1)
        if self.group:
            value += self.group * self._row_norms(weights).sum()
        return value

    def inplace_add_smooth_gradient(
        self, weights: np.ndarray, weight_grads: np.ndarray, scale: float, scratch
    ) -> None:
        """Add ``scale`` times the L2 part's gradient to ``weight_grads``.

        ``scratch`` is a 1-D buffer of any length, overwritten. NumPy has no
        fused ``y += a * x``, so the product goes through ``scratch`` a block
        at a time: the block is still in cache when it is added, and the
        buffer stays small. (BLAS's ``axpy`` would fuse the two, but its
        rounding differs from NumPy's and its thread pool fights NumPy's; a
        seed must give one model.)
        """
        if not self.l2:
            return
        factor = scale * self.l2
        if weights.size == scratch.size:  # one block: no slicing
            np.multiply(weights, factor, out=scratch)
            weight_grads += scratch
        else:
            block = scratch.size
            for start in range(0, weights.size, block):
                stop = start + block
                product = scratch[: weights[start:stop].size]
                np.multiply(weights[start:stop], factor, out=product)
                weight_grads[start:stop] += product

    def inplace_add_subgradient(
        self, weights: np.ndarray, weight_grads: np.ndarray, scale: float
    ) -> None:
        """Add ``scale`` times the L1 and group parts' (sub)gradients.

        ``l1 * sign(w)`` and ``group * W1[j] / ||W1[j]||``: exact away from
        zero weights and zero rows; only used to check gradients.
        """
        if self.l1:
            weight_grads += scale * self.l1 * np.sign(weights)
        if self.group:
            norms = self._row_norms(weights)[:, np.newaxis]
            self._first_layer(weight_grads)[...] += (
                scale * self.group * self._first_layer(weights) / norms
            )

    def inplace_proximal_step(
        self, weights: np.ndarray, step_size, scratch: np.ndarray
    ) -> None:
        """Proximal step of ``step_size`` times the L1 and group parts, in place.

        First soft-thresholding, ``w <- w - clip(w, -t, t)`` with ``t =
        step_size * l1``: that is ``sign(w) * max(|w| - t, 0)``, exactly zero
        where ``|w| <= t``. Then block soft-thresholding of each row of
        ``W1``, ``W1[j] <- W1[j] * max(0, 1 - s * group / ||W1[j]||)``: a
        whole row is zero where its norm is at most ``s * group``. For a
        scalar step the two, in this order, make the exact proximal step of
        their sum (the sparse group lasso). ``step_size`` is a scalar, or an
        array shaped like ``weights`` for a per-coordinate step (Adam's); the
        group step ``s`` of a row is then the harmonic mean of its steps.
        ``scratch`` is overwritten.
        """
        if self.l1:
            self.inplace_soft_threshold(weights, step_size * self.l1, scratch)
        if self.group:
            self.inplace_group_step(weights, step_size)

    @staticmethod
    def inplace_soft_threshold(weights: np.ndarray, thresholds, scratch) -> None:
        """``w <- sign(w) * max(|w| - t, 0)``: exactly zero where ``|w| <= t``.

        ``thresholds`` is a scalar or an array shaped like ``weights``;
        ``scratch``, shaped like ``weights``, is overwritten.
        """
        if np.ndim(thresholds) == 0:
            # w - clip(w, -t, t): two passes.
            np.clip(weights, -thresholds, thresholds, out=scratch)
            weights -= scratch
            return
        # Without allocating -t: |w| - t, floored at 0, with w's sign back.
        np.abs(weights, out=scratch)
        scratch -= thresholds
        np.maximum(scratch, 0, out=scratch)
        np.copysign(scratch, weights, out=weights)

    def inplace_group_step(self, weights: np.ndarray, step_size) -> None:
        """The group part's proximal step of ``step_size``, in place.

        ``W1[j] <- W1[j] * max(0, 1 - s * group / ||W1[j]||)`` for each row
        ``j`` of the first weight matrix; ``step_size`` as in
        :meth:`inplace_proximal_step`.
        """
        if np.ndim(step_size):
            # The harmonic mean of the row's steps: an average of the
            # metric, which huge steps (units with no gradient) do not sway.
            step_size = 1 / (1 / self._first_layer(step_size)).mean(axis=1)
        norms = self._row_norms(weights)
        with np.errstate(divide="ignore", invalid="ignore"):
            shrink = 1 - step_size * self.group / norms
        np.maximum(shrink, 0, out=shrink)
        shrink[norms == 0] = 0
        self._first_layer(weights)[...] *= shrink[:, np.newaxis]

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
