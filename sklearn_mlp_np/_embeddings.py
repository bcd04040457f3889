"""Periodic embeddings of numeric features (PL and PLR), forward and backward.

Gorishniy, Rubachev and Babenko, "On embeddings for numerical features in
tabular deep learning", NeurIPS 2022 (implemented from the paper's
description). Each of the first ``m`` input columns, ``x_j``, becomes ``d``
units before the first dense layer::

    v_j = [sin(2 pi c_j x_j), cos(2 pi c_j x_j)]     (2k values, c_j in R^k)
    e_j = f(W_j^T v_j + b_j)                          (d units)

with ``f`` the identity (PL) or ReLU (PLR); the other input columns pass
unchanged after the ``m * d`` embedded units, and with ``passthrough`` the
embedded columns too (ahead of the others: the "D", DenseNet-style, of
RealMLP-TD's embedding, which keeps each column's own value beside its
periodic units). ``c``, ``W`` and ``b`` are
trained with the network. The ``m`` small layers run as batched GEMMs,
``(m, n, k) @ (m, k, d)`` for the sines and for the cosines, written
straight into the first layer's input (a strided view of it: no transposed
copy). The sines and the cosines are kept in two contiguous blocks, not
side by side in each row: the backward pass's elementwise products then
run on contiguous arrays, about ten times faster than on strided halves.

The backward pass receives ``dE`` (the gradient at the embedded units, from
the first layer's delta as ``delta @ W0[:m * d].T``) and, with ``dH = dE``
after ``f'``::

    dW_j = v_j^T dH_j      db_j = sum_n dH_j      dv_j = dH_j W_j^T
    dc_j = 2 pi sum_n x_j (dv_sin * cos(2 pi c_j x_j) - dv_cos * sin(...))
"""

from dataclasses import dataclass

import numpy as np

from ._activations import Activation, make_activation

#: The activation of the embedding's units, by the paper's name.
EMBEDDING_ACTIVATIONS = {"pl": "identity", "plr": "relu"}

_TWO_PI = 2 * np.pi


@dataclass(frozen=True)
class EmbeddingShape:
    """The sizes of a periodic embedding of the first ``n_numeric`` columns.

    Attributes
    ----------
    n_numeric : int
        The embedded columns: the first ``n_numeric`` of the input.
    n_frequencies : int
        ``k``: each column gives ``2k`` periodic features.
    dim : int
        ``d``: the units each column becomes.
    passthrough : bool, default=False
        Whether the embedded columns also reach the first layer unchanged,
        after the embedded units (RealMLP's DenseNet-style embedding), or
        only through their units.
    """

    n_numeric: int
    n_frequencies: int
    dim: int
    passthrough: bool = False

    @property
    def n_outputs(self) -> int:
        """The embedded units: ``n_numeric * dim``."""
        return self.n_numeric * self.dim

    @property
    def n_replaced(self) -> int:
        """The input columns the embedded units replace: 0 if it keeps them."""
        return 0 if self.passthrough else self.n_numeric

    def width(self, n_features: int) -> int:
        """The first layer's fan-in for ``n_features`` input columns."""
        return n_features + self.n_outputs - self.n_replaced

    def shapes(self) -> list[tuple[int, ...]]:
        """The shapes of the frequencies, weights and intercepts."""
        m, k, d = self.n_numeric, self.n_frequencies, self.dim
        return [(m, k), (m, 2 * k, d), (m, d)]

    @property
    def size(self) -> int:
        """The number of parameters."""
        return sum(int(np.prod(shape)) for shape in self.shapes())

    def views(self, flat: np.ndarray) -> list[np.ndarray]:
        """Views ``[frequencies, weights, intercepts]`` of ``flat`` (of ``size``)."""
        views, start = [], 0
        for shape in self.shapes():
            stop = start + int(np.prod(shape))
            views.append(flat[start:stop].reshape(shape))
            start = stop
        return views


@dataclass(frozen=True)
class EmbeddingSettings:
    """What an estimator asks of its numeric embedding.

    Attributes
    ----------
    kind : {'pl', 'plr'}
    shape : EmbeddingShape
    sigma : float or tuple of (float, float)
        The standard deviation of the initial frequencies, or the lowest and
        the highest of ``k`` standard deviations spaced geometrically, one
        per frequency of each column (see ``frequency_scales``).
    """

    kind: str
    shape: EmbeddingShape
    sigma: float | tuple[float, float]

    def activation(self) -> Activation:
        """The activation of the embedding's units."""
        return make_activation(EMBEDDING_ACTIVATIONS[self.kind])


def frequency_scales(
    sigma: float | tuple[float, float], n_frequencies: int
) -> np.ndarray:
    """The standard deviation of each of a column's initial frequencies.

    One ``sigma`` for all, as in the paper; or, for a pair ``(low, high)``,
    ``n_frequencies`` of them from ``low`` to ``high`` in geometric steps:
    each column then starts with slow and fast periodic features alike (the
    octaves of a Fourier-feature encoding), and the data weighs them.
    """
    if np.ndim(sigma) == 0:
        return np.full(n_frequencies, float(sigma))
    low, high = sigma
    return np.geomspace(low, high, n_frequencies)


def initial_embedding(
    shape: EmbeddingShape,
    sigma: float | tuple[float, float],
    rng: np.random.RandomState,
    dtype,
) -> list[np.ndarray]:
    """Draw ``[frequencies, weights, intercepts]`` for a new embedding.

    The frequencies are N(0, s**2), ``s`` from ``frequency_scales(sigma,
    k)`` (one ``sigma`` as in the paper); the weights of each column's layer
    N(0, 1 / (2k)), LeCun's normal for its fan-in ``2k`` (the
    neural-tangent parametrisation's draw); the intercepts zero, as the
    package's LeCun and He schemes draw them.
    """
    frequencies_shape, weights_shape, intercepts_shape = shape.shapes()
    scales = frequency_scales(sigma, shape.n_frequencies)
    frequencies = rng.normal(0.0, 1.0, frequencies_shape) * scales
    weights = rng.normal(0.0, np.sqrt(0.5 / shape.n_frequencies), weights_shape)
    return [
        frequencies.astype(dtype),
        weights.astype(dtype),
        np.zeros(intercepts_shape, dtype),
    ]


@dataclass(frozen=True)
class EmbeddingRows:
    """Buffers of an embedding for a batch of ``n`` rows (see EmbeddingBuffers).

    Attributes
    ----------
    columns : ndarray of shape (m, n)
        The embedded columns, transposed: each column contiguous.
    angles : ndarray of shape (m, n, k)
        ``2 pi c_j x_j``; the backward pass reuses it for ``dc``'s summand.
    periodic : ndarray of shape (2, m, n, k)
        ``v``: the sines, then the cosines.
    inputs : ndarray of shape (n, width)
        The first dense layer's input: the embedded units, then the other
        columns.
    embedded : ndarray of shape (n, m * d)
        The view of ``inputs`` that holds the embedded units.
    units : ndarray of shape (m, n, d)
        The same units, feature first: ``units[j]`` is feature j's block.
    scaled_frequencies : ndarray of shape (m, k)
        ``2 pi c``, refreshed every pass.
    output_grad, scratch : ndarray of shape (n, m * d) or None
        ``dE`` and the derivative's scratch space (training only).
    cosine_units : ndarray of shape (m, n, d)
        The cosines' share of the units, before it is added to them.
    periodic_grad : ndarray of shape (2, m, n, k) or None
        ``dv`` (training only).
    """

    columns: np.ndarray
    angles: np.ndarray
    periodic: np.ndarray
    inputs: np.ndarray
    embedded: np.ndarray
    units: np.ndarray
    scaled_frequencies: np.ndarray
    cosine_units: np.ndarray
    output_grad: np.ndarray | None = None
    scratch: np.ndarray | None = None
    periodic_grad: np.ndarray | None = None


class EmbeddingBuffers:
    """An embedding's buffers for batches of up to ``batch_size`` rows.

    Allocated once, as flat arrays; each batch size gets contiguous views of
    their first elements (made once per size).

    Parameters
    ----------
    shape : EmbeddingShape
    width : int
        The first dense layer's fan-in: ``shape.n_outputs`` plus the columns
        that are not embedded.
    batch_size : int
    dtype : numpy dtype
    training : bool, default=False
        Whether to allocate the backward pass's buffers too.
    """

    def __init__(
        self, shape: EmbeddingShape, width: int, batch_size: int, dtype, training=False
    ) -> None:
        m, k, d = shape.n_numeric, shape.n_frequencies, shape.dim
        self.shape = shape
        # Each buffer's shape as a function of the number of rows.
        self._shapes = {
            "columns": lambda n: (m, n),
            "angles": lambda n: (m, n, k),
            "periodic": lambda n: (2, m, n, k),
            "cosine_units": lambda n: (m, n, d),
            "inputs": lambda n: (n, width),
        }
        if training:
            self._shapes |= {
                "output_grad": lambda n: (n, m * d),
                "scratch": lambda n: (n, m * d),
                "periodic_grad": lambda n: (2, m, n, k),
            }
        self._flat = {
            name: np.empty(_count(of_rows(batch_size)), dtype)
            for name, of_rows in self._shapes.items()
        }
        self._scaled_frequencies = np.empty((m, k), dtype)
        self._rows = {}

    @staticmethod
    def floats_per_row(shape: EmbeddingShape, width: int) -> int:
        """The floats the prediction buffers take per row."""
        m, k, d = shape.n_numeric, shape.n_frequencies, shape.dim
        return m * (1 + 3 * k + d) + width

    def rows(self, n: int) -> EmbeddingRows:
        """The buffers' views for ``n`` rows."""
        if n not in self._rows:
            views = {
                name: self._flat[name][: _count(of_rows(n))].reshape(of_rows(n))
                for name, of_rows in self._shapes.items()
            }
            m, d = self.shape.n_numeric, self.shape.dim
            embedded = views["inputs"][:, : m * d]
            # Splitting the last axis of a view is always a view, never a copy.
            units = embedded.reshape(n, m, d).transpose(1, 0, 2)
            self._rows[n] = EmbeddingRows(
                embedded=embedded,
                units=units,
                scaled_frequencies=self._scaled_frequencies,
                **views,
            )
        return self._rows[n]


def _count(shape: tuple[int, ...]) -> int:
    return int(np.prod(shape))


@dataclass(frozen=True)
class PeriodicEmbedding:
    """An embedding's parameters (views into the flat vector) and activation.

    Attributes
    ----------
    frequencies : ndarray of shape (m, k)
    weights : ndarray of shape (m, 2k, d)
    intercepts : ndarray of shape (m, d)
    activation : Activation
        The identity (PL) or ReLU (PLR).
    passthrough : bool, default=False
        Whether the embedded columns also pass to the first layer unchanged.
    """

    frequencies: np.ndarray
    weights: np.ndarray
    intercepts: np.ndarray
    activation: Activation
    passthrough: bool = False

    @classmethod
    def of(
        cls, parameters, kind: str, passthrough: bool = False
    ) -> "PeriodicEmbedding":
        """The embedding of ``[frequencies, weights, intercepts]``, 'pl' or 'plr'."""
        activation = make_activation(EMBEDDING_ACTIVATIONS[kind])
        return cls(*parameters, activation, passthrough)

    @property
    def shape(self) -> EmbeddingShape:
        m, two_k, d = self.weights.shape
        return EmbeddingShape(m, two_k // 2, d, self.passthrough)

    def astype(self, dtype) -> "PeriodicEmbedding":
        """A copy whose parameters are of ``dtype``."""
        return PeriodicEmbedding(
            self.frequencies.astype(dtype),
            self.weights.astype(dtype),
            self.intercepts.astype(dtype),
            self.activation,
            self.passthrough,
        )

    def inplace_forward(self, X: np.ndarray, rows: EmbeddingRows) -> np.ndarray:
        """Fill ``rows`` from the dense ``X``; return the first layer's input."""
        m, k = self.frequencies.shape
        np.copyto(rows.columns, X[:, :m].T)
        np.multiply(self.frequencies, _TWO_PI, out=rows.scaled_frequencies)
        np.multiply(
            rows.columns[:, :, np.newaxis],
            rows.scaled_frequencies[:, np.newaxis, :],
            out=rows.angles,
        )
        sines, cosines = rows.periodic
        np.sin(rows.angles, out=sines)
        np.cos(rows.angles, out=cosines)
        # Feature j's units are columns j*d:(j+1)*d of the input: the GEMM of
        # feature j writes that (n, d) block, a strided matrix BLAS takes.
        units = rows.units
        np.matmul(sines, self.weights[:, :k], out=units)
        np.matmul(cosines, self.weights[:, k:], out=rows.cosine_units)
        units += rows.cosine_units
        units += self.intercepts[:, np.newaxis, :]
        # A non-finite angle gives NaN, which the activation keeps (maximum
        # propagates NaN): forward's finiteness check sees it in Z.
        self.activation.inplace_forward(rows.embedded)
        passed = X if self.passthrough else X[:, m:]  # all columns, or the others
        np.copyto(rows.inputs[:, rows.embedded.shape[1] :], passed)
        return rows.inputs

    def inplace_backward(self, rows: EmbeddingRows, grads: list[np.ndarray]) -> None:
        """Fill ``grads`` (``[dc, dW, db]``) from ``rows.output_grad`` (dE).

        ``rows`` must hold this batch's forward pass; ``output_grad``,
        ``angles`` and ``periodic_grad`` are overwritten.
        """
        frequency_grads, weight_grads, intercept_grads = grads
        m, k = self.frequencies.shape
        dE = rows.output_grad
        self.activation.inplace_derivative(rows.embedded, dE, rows.scratch)
        by_feature = dE.reshape(rows.units.shape[1], m, -1)  # (n, m, d)
        dH = by_feature.transpose(1, 0, 2)
        np.add.reduce(by_feature, axis=0, out=intercept_grads)
        halves = (slice(None, k), slice(k, None))  # W_j's rows: sines, cosines
        for values, dv, half in zip(rows.periodic, rows.periodic_grad, halves):
            np.matmul(values.transpose(0, 2, 1), dH, out=weight_grads[:, half])
            np.matmul(dH, self.weights[:, half].transpose(0, 2, 1), out=dv)
        # d sin(a) = cos(a) da, d cos(a) = -sin(a) da, da/dc = 2 pi x.
        sines, cosines = rows.periodic
        dv_sines, dv_cosines = rows.periodic_grad
        dv_sines *= cosines
        dv_cosines *= sines
        np.subtract(dv_sines, dv_cosines, out=rows.angles)
        np.matmul(
            rows.columns[:, np.newaxis, :],
            rows.angles,
            out=frequency_grads[:, np.newaxis, :],
        )
        frequency_grads *= _TWO_PI

    def output_bound(self, column_bound: np.ndarray, limit: float):
        """Bounds of the embedded units' magnitudes, or None if not proved finite.

        ``column_bound`` bounds ``|x_j|`` for the embedded columns. Sines and
        cosines lie in [-1, 1], so ``|e_ju| <= sum_f |W_j[f, u]| + |b_ju|``
        (ReLU does not increase it), once every angle is finite.
        """
        angles = column_bound[:, np.newaxis] * np.abs(
            self.frequencies.astype(np.float64)
        )
        if not (_TWO_PI * angles < limit).all():  # False for NaN too
            return None
        weights = np.abs(self.weights.astype(np.float64)).sum(axis=1)
        bound = weights + np.abs(self.intercepts.astype(np.float64))
        return self.activation.output_bound(bound.ravel())
