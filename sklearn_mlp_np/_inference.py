"""Prediction in bounded memory, and the check that a network stays finite.

The forward pass for prediction runs a chunk of rows at a time, as
scikit-learn's pairwise code does (its private ``get_chunk_n_rows``): the
chunk is sized from ``sklearn.get_config()["working_memory"]``. Each chunk goes
through two buffers allocated once per call, used in turn by the layers; the
layers asked for are written straight into their preallocated outputs, the
only arrays that grow with the number of rows.

The contract on overflow: a network is *finite* on ``X`` when every
pre-activation, hidden or output, and every prediction is finite on every row
of ``X``. A bounded activation does not excuse an overflow before it
(``tanh(inf)`` is 1): such a network has weights far outside any sensible
range, so training counts it as diverged and prediction refuses it.
"""

from collections.abc import Sequence

import numpy as np
from sklearn import get_config

from ._embeddings import EmbeddingBuffers
from ._losses import OutputLoss
from ._network import Network, _Rows, forward
from ._warn import warn

# The chunk never exceeds buffers of this size, whatever working_memory
# allows: buffers that stay in the cache make prediction about three times
# faster than one pass over all rows (benchmarks/predict_memory.py).
_CACHE_BYTES = 4 * 2**20


def chunk_n_rows(network: Network, dtype, n_samples: int) -> int:
    """The rows per chunk: two layer buffers, and an embedding's, within memory."""
    floats = 2 * max(W.shape[1] for W in network.coefs)
    if network.embedding is not None:
        width = network.coefs[0].shape[0]
        floats += EmbeddingBuffers.floats_per_row(network.embedding.shape, width)
    row_bytes = floats * np.dtype(dtype).itemsize
    working_memory = get_config()["working_memory"]
    rows = min(int(working_memory * 2**20 // row_bytes), _CACHE_BYTES // row_bytes)
    if rows < 1:
        warn(
            f"Could not adhere to working_memory={working_memory} MiB: one row "
            f"of this network's prediction takes {row_bytes / 2**20:.3g} MiB. "
            "Rows are predicted one at a time; raise working_memory with "
            "sklearn.set_config to predict faster."
        )
    return max(1, min(rows, n_samples))


def forward_in_chunks(
    network: Network, X, keep: Sequence[int], check_finite: bool = True
) -> list[np.ndarray] | None:
    """Run the network on every row of ``X``, a chunk of rows at a time.

    Parameters
    ----------
    network : Network
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    keep : sequence of int
        The layers whose outputs to return: ``i`` for hidden layer ``i``'s
        activations, ``len(network.coefs) - 1`` for the output layer's
        pre-activation ``Z`` (its activation belongs to the loss).
    check_finite : bool, default=True
        Stop at the first non-finite pre-activation and return None.

    Returns
    -------
    outputs : list of ndarray or None
        One array of shape (n_samples, units) per layer of ``keep``, in the
        dtype of ``X @ coefs[0]``.
    """
    dtype = np.result_type(X.dtype, network.coefs[0].dtype)
    if network.coefs[0].dtype != dtype:  # a float32 model on float64 data
        network = Network(
            [W.astype(dtype) for W in network.coefs],
            [b.astype(dtype) for b in network.intercepts],
            network.activations,
            None if network.embedding is None else network.embedding.astype(dtype),
        )
    if not isinstance(X, np.ndarray):
        X = X.tocsr()  # slicing rows of a CSC matrix costs a pass over it
    n_samples = X.shape[0]
    widths = [W.shape[1] for W in network.coefs]
    kept = {i: np.empty((n_samples, widths[i]), dtype) for i in keep}
    chunk = chunk_n_rows(network, dtype, n_samples)
    # The layers not kept take two buffers in turn.
    passing = [w for i, w in enumerate(widths) if i not in kept]
    size = chunk * max(passing, default=0)
    buffers = [np.empty(size, dtype), np.empty(size, dtype)]
    embedding = None
    if network.embedding is not None:
        width = network.coefs[0].shape[0]
        embedding = EmbeddingBuffers(network.embedding.shape, width, chunk, dtype)
    with np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, n_samples, chunk):
            rows = slice(start, min(start + chunk, n_samples))
            n = rows.stop - start
            outputs = [
                kept[i][rows] if i in kept else buffers[i % 2][: n * w].reshape(n, w)
                for i, w in enumerate(widths)
            ]
            A = X if n == n_samples else X[rows]
            chunk_rows = _Rows.for_prediction(
                outputs, None if embedding is None else embedding.rows(n)
            )
            if forward(network, A, chunk_rows, check_finite=check_finite) is None:
                return None
    return [kept[i] for i in keep]


def _max_abs_per_feature(X) -> np.ndarray:
    """``max_r |X[r, j]|`` for each feature ``j``, in float64 (NaN if any is)."""
    if not isinstance(X, np.ndarray):
        return abs(X).max(axis=0).toarray().ravel().astype(np.float64)
    # One pass over X, a block of rows at a time: each block is read twice
    # while it is in cache, and no temporary of the block's size is made.
    high = np.full(X.shape[1], -np.inf, X.dtype)
    low = np.full(X.shape[1], np.inf, X.dtype)
    for start in range(0, X.shape[0], 128):
        rows = X[start : start + 128]
        np.maximum(high, np.maximum.reduce(rows, axis=0), out=high)
        np.minimum(low, np.minimum.reduce(rows, axis=0), out=low)
    return np.maximum(high, -low).astype(np.float64)


def _bound_of_products(bound: np.ndarray, W: np.ndarray) -> np.ndarray:
    """``bound @ |W|`` in float64, a few rows of ``W`` at a time (small temporaries)."""
    total = np.zeros(W.shape[1])
    for start in range(0, W.shape[0], 64):
        rows = slice(start, start + 64)
        total += bound[rows] @ np.abs(W[rows])
    return total


def _proved_finite(network: Network, output_loss: OutputLoss, X) -> bool:
    """Whether interval bounds prove every pre-activation and prediction finite.

    One pass over ``X`` for the range of each feature, then one pass over the
    weights: each layer's pre-activations are bounded from the bounds of its
    inputs (an embedding's units from its weights: sines and cosines are
    bounded by 1). False means "not proved", not "overflows".
    """
    bound = _max_abs_per_feature(X)
    # Half the largest float: room for the rounding of the forward pass.
    limit = np.finfo(X.dtype).max / 2
    if network.embedding is not None:
        n_numeric = network.embedding.shape.n_numeric
        embedded = network.embedding.output_bound(bound[:n_numeric], limit)
        if embedded is None:
            return False
        kept = bound[network.embedding.shape.n_replaced :]
        bound = np.concatenate([embedded, kept])
    last = len(network.coefs) - 1
    with np.errstate(over="ignore", invalid="ignore"):
        for i, (W, b) in enumerate(zip(network.coefs, network.intercepts)):
            bound = _bound_of_products(bound, W) + np.abs(b)
            if not (bound < limit).all():  # False for NaN too
                return False
            if i < last:
                bound = network.activations[i].output_bound(bound)
        output = bound[np.newaxis].copy()
        output_loss.inplace_output(output)
        return bool((np.abs(output) < limit).all())


def outputs_are_finite(network: Network, output_loss: OutputLoss, X) -> bool:
    """Whether the network is finite on every row of ``X`` (see the module).

    Every pre-activation, hidden or output, and every prediction must be
    finite. Proved from interval bounds when it can be; only when the bounds
    cannot rule out overflow is the network run on ``X``, in chunks.
    """
    if _proved_finite(network, output_loss, X):
        return True
    outputs = forward_in_chunks(network, X, keep=[len(network.coefs) - 1])
    if outputs is None:
        return False
    with np.errstate(over="ignore", invalid="ignore"):
        output_loss.inplace_output(outputs[0])
    return bool(np.isfinite(outputs[0]).all())
