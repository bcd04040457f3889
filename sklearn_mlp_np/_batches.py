"""Minibatches of the training data, in scikit-learn's sample order."""

import numpy as np
import scipy.sparse as sp
from sklearn.utils import gen_batches


class Minibatches:
    """Minibatches of ``(X, Y, sample_weight)`` in a given order.

    Dense rows are gathered into one buffer allocated per fit; sparse rows are
    sliced (scipy has no gather into a buffer). Y may be bool (class
    indicators): the losses take it as it is.

    Parameters
    ----------
    X : {ndarray, CSR matrix} of shape (n_samples, n_features)
    Y : ndarray of shape (n_samples, n_outputs)
    sample_weight : ndarray of shape (n_samples,) or None
    batch_size : int
    rng : RandomState
        Draws the shuffles.
    """

    def __init__(self, X, Y, sample_weight, batch_size: int, rng) -> None:
        self.X, self.Y, self.sample_weight = X, Y, sample_weight
        self.batch_size = batch_size
        self.rng = rng
        self.n_samples = X.shape[0]
        self._order = np.arange(self.n_samples)
        self._X_buffer = (
            None if sp.issparse(X) else np.empty((batch_size, X.shape[1]), X.dtype)
        )

    @property
    def n_batches(self) -> int:
        """Batches per epoch."""
        return -(-self.n_samples // self.batch_size)

    def shuffled_order(self) -> np.ndarray:
        """Shuffle the order kept from the last epoch, as scikit-learn does.

        ``sklearn.utils.shuffle`` draws exactly this permutation, so seeds
        give scikit-learn's sample order.
        """
        # Shuffling the order in place applies the same swaps as shuffling
        # arange(n) and indexing with it, without allocating either.
        self.rng.shuffle(self._order)
        return self._order

    def iterate(self, order=None):
        """Yield ``(X_batch, Y_batch, sw_batch, weight_sum)``.

        ``order=None`` keeps the data order (and dense batches are views);
        ``weight_sum`` is the batch's number of rows or total sample weight.
        """
        X, Y, sample_weight, buffer = self.X, self.Y, self.sample_weight, self._X_buffer
        # Slices made as they are needed: a list of them would hold more
        # memory than the whole network at batch size 1.
        for batch in gen_batches(self.n_samples, self.batch_size):
            if order is None:
                idx = batch
                X_batch = X[batch]
            else:
                idx = order[batch]
                if buffer is None:
                    X_batch = X[idx]
                else:
                    X_batch = buffer[: batch.stop - batch.start]
                    np.take(X, idx, axis=0, out=X_batch, mode="clip")
            if sample_weight is None:
                yield X_batch, Y[idx], None, batch.stop - batch.start
            else:
                sw_batch = sample_weight[idx]
                yield X_batch, Y[idx], sw_batch, sw_batch.sum()
