"""The elastic-net penalty on the weights (never on the intercepts).

    penalty(W) = alpha * (l1_ratio * sum|W| + (1 - l1_ratio) / 2 * sum W**2)

The callers divide it by the number (or total weight) of samples in the batch,
as scikit-learn does with ``alpha``, so ``l1_ratio=0`` is scikit-learn's L2 term.

The L2 part is smooth and goes into the gradient. The L1 part is applied by
the solvers as a proximal step (soft-thresholding) after each update, which
sets weights to exactly zero; its subgradient is only used to check gradients.
"""

import numpy as np


def penalty_value(coefs: list[np.ndarray], alpha: float, l1_ratio: float) -> float:
    """Return the (un-normalised) elastic-net penalty of the weight matrices."""
    if alpha == 0:
        return 0.0
    l1 = sum(float(np.abs(W).sum()) for W in coefs) if l1_ratio > 0 else 0.0
    l2 = (
        sum(float(np.dot(W.ravel(), W.ravel())) for W in coefs) if l1_ratio < 1 else 0.0
    )
    return alpha * (l1_ratio * l1 + 0.5 * (1.0 - l1_ratio) * l2)


def inplace_add_penalty_gradient(
    coef_grad: np.ndarray,
    W: np.ndarray,
    alpha: float,
    l1_ratio: float,
    scale: float,
    include_l1: bool,
    scratch: np.ndarray,
) -> None:
    """Add ``scale`` times the penalty's gradient w.r.t. ``W`` to ``coef_grad``.

    With ``include_l1`` the L1 part enters as its subgradient ``sign(W)``
    (exact away from zero); otherwise only the smooth L2 part is added.
    ``scratch``, shaped like ``W``, is overwritten (no temporary is allocated).
    """
    l2_coef = scale * alpha * (1.0 - l1_ratio)
    if l2_coef != 0:
        np.multiply(W, l2_coef, out=scratch)
        coef_grad += scratch
    l1_coef = scale * alpha * l1_ratio
    if include_l1 and l1_coef != 0:
        np.sign(W, out=scratch)
        scratch *= l1_coef
        coef_grad += scratch


def inplace_soft_threshold(
    W: np.ndarray, threshold: float | np.ndarray, scratch: np.ndarray
) -> None:
    """Proximal step of ``threshold * |W|``: shrink ``W`` towards 0 in place.

    ``W <- sign(W) * max(|W| - threshold, 0)``, which makes small weights
    exactly zero. ``threshold`` is a scalar or an array shaped like ``W`` (a
    per-coordinate step, as with Adam). ``scratch`` is overwritten.
    """
    np.abs(W, out=scratch)
    scratch -= threshold
    np.maximum(scratch, 0, out=scratch)
    np.copysign(scratch, W, out=W)
