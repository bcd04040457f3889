"""The network's forward pass, backward pass and loss-and-gradient.

Plain functions over ``(coefs, intercepts)``, with no estimator state. Layer
``i`` maps ``A[i]`` (``A[0] = X``) to ``Z[i + 1] = A[i] @ coefs[i] + intercepts[i]``
and ``A[i + 1] = f(Z[i + 1])``; the output layer's activation is the loss's.
"""

from itertools import pairwise

import numpy as np
import scipy.sparse as sp

from ._activations import Activation
from ._losses import OutputLoss
from ._penalties import inplace_add_penalty_gradient, penalty_value


class Workspace:
    """Buffers for one training batch, allocated once per fit.

    Holds each layer's output, each layer's delta (gradient of the loss with
    respect to the layer's pre-activation) and the gradients, for batches of up
    to ``batch_size`` rows; smaller batches use the leading rows.

    Parameters
    ----------
    layer_units : list of int
        ``[n_features, *hidden_layer_sizes, n_outputs]``.
    batch_size : int
        The largest number of rows a batch will have.
    dtype : numpy dtype
        The dtype of the data and the parameters.
    """

    def __init__(self, layer_units: list[int], batch_size: int, dtype) -> None:
        self.layer_outputs = [np.empty((batch_size, n), dtype) for n in layer_units[1:]]
        self.deltas = [np.empty((batch_size, n), dtype) for n in layer_units[1:]]
        self.coef_grads = [np.empty(shape, dtype) for shape in pairwise(layer_units)]
        self.intercept_grads = [np.empty(n, dtype) for n in layer_units[1:]]
        # Room for the penalty's gradient before it is added to coef_grads.
        self.coef_scratch = [np.empty(shape, dtype) for shape in pairwise(layer_units)]


def _matmul_into(A, B: np.ndarray, out: np.ndarray) -> None:
    if sp.issparse(A):
        out[...] = A @ B
    else:
        np.matmul(A, B, out=out)


def forward(
    X,
    coefs: list[np.ndarray],
    intercepts: list[np.ndarray],
    hidden_activation: Activation,
    layer_outputs: list[np.ndarray] | None = None,
) -> list[np.ndarray]:
    """Run the network on ``X`` up to the output layer's pre-activation.

    Parameters
    ----------
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    coefs, intercepts : lists of ndarray
        The parameters, ``coefs[i]`` of shape ``(units[i], units[i + 1])``.
    hidden_activation : Activation
    layer_outputs : list of ndarray, optional
        Buffers with at least ``n_samples`` rows (a ``Workspace``'s); filled in
        place. New arrays are allocated when omitted.

    Returns
    -------
    outputs : list of ndarray
        The hidden layers' activations, then the output layer's
        pre-activation ``Z`` (the output activation is applied by the loss).
    """
    n_samples = X.shape[0]
    last = len(coefs) - 1
    outputs = []
    A = X
    for i, (W, b) in enumerate(zip(coefs, intercepts)):
        if layer_outputs is None:
            Z = np.asarray(A @ W)
        else:
            Z = layer_outputs[i][:n_samples]
            _matmul_into(A, W, out=Z)
        Z += b
        if i != last:
            hidden_activation.inplace_forward(Z)
        outputs.append(Z)
        A = Z
    return outputs


def loss_and_gradient(
    X,
    Y: np.ndarray,
    sample_weight: np.ndarray | None,
    coefs: list[np.ndarray],
    intercepts: list[np.ndarray],
    hidden_activation: Activation,
    output_loss: OutputLoss,
    alpha: float,
    l1_ratio: float,
    workspace: Workspace,
    include_l1_gradient: bool = False,
    gradient_scale: float = 1.0,
) -> float:
    """Return the penalised loss on a batch; fill the workspace's gradients.

    The loss is the (sample-weighted) mean of the per-sample losses plus the
    elastic-net penalty divided by the number (or total weight) of samples.
    ``workspace.coef_grads`` and ``workspace.intercept_grads`` receive its
    gradient times ``gradient_scale`` (SGD asks for ``learning_rate`` times
    the gradient, which costs nothing here and saves a pass over the weights);
    the L1 part enters as its subgradient only when ``include_l1_gradient``
    (the stochastic solvers apply it as a proximal step instead). The total
    sample weight must be positive.
    """
    n_samples = X.shape[0]
    outputs = forward(X, coefs, intercepts, hidden_activation, workspace.layer_outputs)
    last = len(coefs) - 1
    delta = workspace.deltas[last][:n_samples]
    per_sample_loss = output_loss.inplace_output_loss_delta(outputs[-1], Y, delta)

    # Scaling the output delta (a few rows) by gradient_scale / n_samples (or
    # by the normalised sample weights) scales every gradient below without
    # another pass over the weight gradients.
    if sample_weight is None:
        weight_sum = n_samples
        data_loss = float(per_sample_loss.mean())
        delta *= gradient_scale / n_samples
    else:
        weight_sum = float(sample_weight.sum())
        data_loss = float(per_sample_loss @ sample_weight) / weight_sum
        row_scale = sample_weight * (gradient_scale / weight_sum)
        delta *= row_scale[:, np.newaxis].astype(delta.dtype, copy=False)
    loss = data_loss + penalty_value(coefs, alpha, l1_ratio) / weight_sum

    for i in range(last, -1, -1):
        A_prev = X if i == 0 else outputs[i - 1]
        coef_grad = workspace.coef_grads[i]
        _matmul_into(A_prev.T, delta, out=coef_grad)
        inplace_add_penalty_gradient(
            coef_grad,
            coefs[i],
            alpha,
            l1_ratio,
            gradient_scale / weight_sum,
            include_l1_gradient,
            scratch=workspace.coef_scratch[i],
        )
        np.sum(delta, axis=0, out=workspace.intercept_grads[i])
        if i > 0:
            delta_prev = workspace.deltas[i - 1][:n_samples]
            np.matmul(delta, coefs[i].T, out=delta_prev)
            hidden_activation.inplace_derivative(outputs[i - 1], delta_prev)
            delta = delta_prev
    return loss


def pack(arrays: list[np.ndarray]) -> np.ndarray:
    """Concatenate arrays into one flat float64 vector (for L-BFGS)."""
    return np.concatenate([a.ravel() for a in arrays]).astype(np.float64, copy=False)


def inplace_unpack(theta: np.ndarray, arrays: list[np.ndarray]) -> None:
    """Copy the flat vector ``theta`` back into ``arrays``, casting to their dtype."""
    start = 0
    for a in arrays:
        a[...] = theta[start : start + a.size].reshape(a.shape)
        start += a.size
