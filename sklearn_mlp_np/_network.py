"""The network: parameters in one flat vector, the forward pass, and the
training objective (loss and gradient by back-propagation) bound once per fit.

Layer ``i`` maps ``A[i]`` (``A[0] = X``) to ``Z[i + 1] = A[i] @ coefs[i] +
intercepts[i]`` and ``A[i + 1] = f_i(Z[i + 1])``; the output layer's activation
belongs to the loss. All weights come first in the flat vector, then all
intercepts, so a penalty on the weights acts on one slice and an optimizer
step is a few NumPy calls over one array, whatever the depth.

An optional input-scaling layer (RealMLP's, Holzmüller et al., 2024)
multiplies each feature by a learnt factor before the first layer. Its
factors ``s`` sit at the end of the vector. The network computes
``(X * s) @ W0`` as ``X @ (s[:, None] * W0)``: the effective first weights
are refreshed before each pass, and the gradients ``dW0 = s[:, None] * G``
and ``ds = (W0 * G).sum(axis=1)`` (``G = X.T @ delta``, the effective
weights' gradient) cost two elementwise passes over ``W0``, no extra GEMM.

An optional periodic embedding (``_embeddings``) turns the first ``m``
input columns into ``m * d`` units before the first layer, whose input is
then those units followed by the other columns (all of them when it
passes its columns through); its parameters come last
in the vector. The input-scaling factors, if any, then scale that input
(the embedded units and the other columns), not the raw columns. The
embedding's backward pass takes one more GEMM, ``delta @ W0[:m * d].T``.
"""

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from sklearn.utils import gen_batches

from ._activations import Activation, make_activation
from ._embeddings import (
    EmbeddingBuffers,
    EmbeddingRows,
    EmbeddingShape,
    PeriodicEmbedding,
)
from ._losses import OutputLoss
from ._penalties import Penalty


class ParameterLayout:
    """Where each layer's weights and intercepts sit in the flat vector.

    Parameters
    ----------
    layer_units : list of int
        ``[n_features, *hidden_layer_sizes, n_outputs]``.
    input_scaling : bool, default=False
        Whether the vector holds one scaling factor per input of the first
        layer, after the intercepts.
    embedding : EmbeddingShape, default=None
        A periodic embedding of the first ``embedding.n_numeric`` features,
        whose parameters end the vector.

    Attributes
    ----------
    layer_units : list of int
        The units of each layer; ``layer_units[0]`` is the first layer's
        fan-in: ``n_features`` plus the embedded units, less the embedded
        columns unless the embedding passes them through.
    n_features : int
        The columns of the network's input.
    """

    def __init__(
        self,
        layer_units: list[int],
        input_scaling: bool = False,
        embedding: EmbeddingShape | None = None,
    ) -> None:
        units = [int(n) for n in layer_units]
        self.n_features = units[0]
        self.embedding = embedding
        if embedding is not None:
            if not 0 < embedding.n_numeric <= units[0]:
                raise ValueError(
                    f"An embedding of {embedding.n_numeric} columns needs between "
                    f"1 and the {units[0]} input columns."
                )
            units[0] = embedding.width(units[0])
        self.layer_units = units
        self.coef_shapes = list(pairwise(units))
        self.n_weights = sum(a * b for a, b in self.coef_shapes)
        self.n_scales = units[0] if input_scaling else 0
        self.n_embedding = 0 if embedding is None else embedding.size
        end_of_scales = self.n_weights + sum(units[1:]) + self.n_scales
        self.scale_slice = slice(end_of_scales - self.n_scales, end_of_scales)
        self.embedding_slice = slice(end_of_scales, end_of_scales + self.n_embedding)
        self.size = end_of_scales + self.n_embedding

    def input_scale(self, flat: np.ndarray) -> np.ndarray | None:
        """The view of the input-scaling factors in ``flat`` (None without)."""
        return flat[self.scale_slice] if self.n_scales else None

    def embedding_views(self, flat: np.ndarray) -> list[np.ndarray] | None:
        """Views ``[frequencies, weights, intercepts]`` of the embedding, or None."""
        if self.embedding is None:
            return None
        return self.embedding.views(flat[self.embedding_slice])

    def views(self, flat: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Per-layer views ``(coefs, intercepts)`` into ``flat``."""
        coefs, start = [], 0
        for shape in self.coef_shapes:
            stop = start + shape[0] * shape[1]
            coefs.append(flat[start:stop].reshape(shape))
            start = stop
        intercepts = []
        for n in self.layer_units[1:]:
            intercepts.append(flat[start : start + n])
            start += n
        return coefs, intercepts

    def pack(
        self, coefs, intercepts, dtype, input_scale=None, embedding=None
    ) -> np.ndarray:
        """A new flat vector holding copies of ``coefs`` and ``intercepts``.

        The input-scaling factors are ``input_scale``, or ones when None;
        the embedding's parameters are ``embedding`` (``[frequencies,
        weights, intercepts]``), required with an embedding and refused
        without.
        """
        self._check_embedding(embedding)
        shapes = [np.shape(c) for c in coefs], [np.shape(b) for b in intercepts]
        expected = self.coef_shapes, [(n,) for n in self.layer_units[1:]]
        if shapes != expected:
            settings = "the data and hidden_layer_sizes"
            if self.embedding is not None:  # its units are the first layer's fan-in
                settings = (
                    "the data, hidden_layer_sizes, embedding_dim and "
                    "embedding_passthrough"
                )
            raise ValueError(
                f"The network's weights and intercepts have shapes {shapes[0]} and "
                f"{shapes[1]}, but {settings} need "
                f"{expected[0]} and {expected[1]}. Set warm_start=False (or "
                "assign arrays of these shapes) to train a new network."
            )
        flat = np.empty(self.size, dtype)
        flat_coefs, flat_intercepts = self.views(flat)
        for view, array in zip(flat_coefs + flat_intercepts, [*coefs, *intercepts]):
            view[...] = array
        if self.n_scales:
            self.input_scale(flat)[...] = 1 if input_scale is None else input_scale
        if self.embedding is not None:
            for view, array in zip(self.embedding_views(flat), embedding):
                view[...] = array
        return flat

    def _check_embedding(self, embedding) -> None:
        """Refuse embedding parameters that do not fit the layout's embedding."""
        expected = None if self.embedding is None else self.embedding.shapes()
        shapes = None if embedding is None else [np.shape(a) for a in embedding]
        if shapes == expected:
            return
        parts = "(frequencies, weights, intercepts)"
        if shapes is None:
            have = "The network has no numeric embedding"
        else:
            have = f"The network's numeric embedding has shapes {shapes} {parts}"
        need = "none" if expected is None else f"shapes {expected}"
        raise ValueError(
            f"{have}, but the data and the embedding settings need {need}. Set "
            "warm_start=False to train a new network, or keep the settings it "
            "was trained with."
        )


@dataclass(frozen=True)
class Network:
    """The parameters of each layer and the activation of each hidden layer.

    ``embedding``, when given, embeds the first input columns before the
    first layer (``_embeddings``).
    """

    coefs: list
    intercepts: list
    activations: list
    embedding: PeriodicEmbedding | None = None


class Dropout:
    """Inverted dropout on the hidden layers' outputs, seeded from ``rng``.

    Each unit of hidden layer ``i`` is kept with probability ``1 - rates[i]``
    and, when kept, scaled by ``1 / (1 - rates[i])``: the expected training
    output equals the prediction output, so prediction needs no rescaling.

    A mask takes 16 random bits per unit: the unit is kept when its bits are
    at least ``round(rate * 2**16)``, so the rate in effect is the nearest
    multiple of ``2**-16`` (at most 8e-6 away), and the scale is exact for it.
    The bits come from a PCG64 generator seeded once from ``rng``: drawing
    them costs a quarter of what ``rng``'s floats would, and the same seed
    still gives the same masks.
    """

    _LEVELS = 2**16

    def __init__(self, rates: list[float], rng: np.random.RandomState) -> None:
        self.rates = rates
        # Below LEVELS, so that some units are always kept.
        self.thresholds = [
            min(round(r * self._LEVELS), self._LEVELS - 1) for r in rates
        ]
        self.scales = [self._LEVELS / (self._LEVELS - t) for t in self.thresholds]
        self._bits = np.random.PCG64(rng.randint(2**31 - 1))

    def inplace_draw(self, i: int, mask) -> None:
        """Fill ``mask`` with a new mask for layer ``i``: 0 or the scale."""
        n = mask.size
        bits = self._bits.random_raw(-(-n // 4)).view(np.uint16)[:n]
        np.greater_equal(bits.reshape(mask.shape), self.thresholds[i], out=mask)
        mask *= self.scales[i]

    def inplace_draw_and_apply(self, i: int, A, mask, dropped) -> None:
        """Draw ``mask`` (0 or the scale) and set ``dropped = A * mask``."""
        self.inplace_draw(i, mask)
        np.multiply(A, mask, out=dropped)


def forward(
    network: Network,
    X,
    rows=None,
    dropout: Dropout | None = None,
    check_finite: bool = False,
) -> list | None:
    """Run the network on ``X`` up to the output layer's pre-activation.

    Parameters
    ----------
    network : Network
    X : {ndarray, sparse matrix} of shape (n_samples, n_features)
    rows : _Rows, default=None
        Buffers for ``n_samples`` rows, filled in place: a workspace's (the
        training pass) or the prediction pass's (``_Rows.for_prediction``).
        New arrays are allocated when None.
    dropout : Dropout, default=None
        Applied in the training pass only.
    check_finite : bool, default=False
        Return None as soon as a pre-activation is not finite, before an
        activation can hide it (``tanh(inf)`` is 1).

    Returns
    -------
    outputs : list of ndarray or None
        The hidden layers' activations (before dropout), then the output
        layer's pre-activation ``Z`` (its activation belongs to the loss).
    """
    outputs = []
    A = X
    if network.embedding is not None:
        A = network.embedding.inplace_forward(
            X, _embedding_rows(network.embedding, X, rows)
        )
    last = len(network.coefs) - 1
    sparse_input = not isinstance(A, np.ndarray)  # scipy's issparse is slower
    for i, (W, b) in enumerate(zip(network.coefs, network.intercepts)):
        if rows is None:
            Z = A @ W
        else:
            Z = rows.outputs[i]
            if i == 0 and sparse_input:
                Z[...] = A @ W
            else:
                np.dot(A, W, out=Z)
        Z += b
        if check_finite and not np.isfinite(Z).all():
            return None
        if i < last:
            activation = network.activations[i]
            if rows is not None and rows.preactivations[i] is not None:
                np.copyto(rows.preactivations[i], Z)
            if activation.forward_scratch and rows is not None and rows.deltas:
                # The backward pass's buffers are idle until the loss.
                activation.inplace_forward(Z, (rows.deltas[i], rows.scratch[i]))
            else:
                activation.inplace_forward(Z)
            if dropout is not None and rows.masks[i] is not None:
                dropout.inplace_draw_and_apply(i, Z, rows.masks[i], rows.dropped[i])
                A = rows.dropped[i]
            else:
                A = Z
        outputs.append(Z)
    return outputs


def _embedding_rows(embedding: PeriodicEmbedding, X, rows) -> EmbeddingRows:
    """The embedding's buffers of ``rows``, or new ones when there are none."""
    if rows is not None and rows.embedding is not None:
        return rows.embedding
    width = embedding.shape.width(X.shape[1])
    dtype = np.result_type(X.dtype, embedding.weights.dtype)
    buffers = EmbeddingBuffers(embedding.shape, width, X.shape[0], dtype)
    return buffers.rows(X.shape[0])


@dataclass(frozen=True)
class _Rows:
    """Views of a workspace's buffers for a batch of ``n`` rows (see Workspace).

    ``embedding`` holds the embedding's buffers, with one; ``layer_inputs[0]``
    is then its output, the first layer's input (None without: X is).
    """

    outputs: list
    preactivations: list
    masks: list
    dropped: list
    layer_inputs: list
    deltas: list
    scratch: list
    embedding: EmbeddingRows | None = None

    @classmethod
    def for_prediction(
        cls, outputs: list, embedding: EmbeddingRows | None = None
    ) -> "_Rows":
        """Rows whose layers write into ``outputs``, with nothing kept for training."""
        none = [None] * (len(outputs) - 1)
        return cls(outputs, none, none, none, None, None, None, embedding)


class Workspace:
    """Buffers for training batches of up to ``batch_size`` rows, allocated once.

    Each layer's output; a copy of the pre-activation for hidden activations
    whose derivative needs it; dropout masks and dropped outputs for hidden
    layers with a dropout rate. Deltas take two buffers in turn: the delta of
    layer ``i + 1`` is no longer needed once that of layer ``i`` is computed,
    so its buffer then serves as the derivative's scratch space.

    Parameters
    ----------
    layer_units : list of int
    batch_size : int
    dtype : numpy dtype
    activations : list of Activation
        One per hidden layer.
    dropout_rates : list of float or None
        One per hidden layer.
    embedding : EmbeddingShape, default=None
        With an embedding, its forward and backward buffers too.
    """

    def __init__(
        self,
        layer_units: list[int],
        batch_size: int,
        dtype,
        activations: list[Activation],
        dropout_rates: list[float] | None = None,
        embedding: EmbeddingShape | None = None,
    ) -> None:
        units = layer_units[1:]
        hidden = units[:-1]
        rates = dropout_rates or [0.0] * len(hidden)

        def per_hidden_layer(needed):
            return [
                np.empty((batch_size, n), dtype) if need else None
                for n, need in zip(hidden, needed)
            ]

        self.units = units
        self.outputs = [np.empty((batch_size, n), dtype) for n in units]
        self.preactivations = per_hidden_layer(
            [a.derivative_from == "input" for a in activations]
        )
        self.masks = per_hidden_layer([rate > 0 for rate in rates])
        self.dropped = per_hidden_layer([rate > 0 for rate in rates])
        width = batch_size * max(units)
        self._alternating = (np.empty(width, dtype), np.empty(width, dtype))
        self._embedding = None
        if embedding is not None:
            self._embedding = EmbeddingBuffers(
                embedding, layer_units[0], batch_size, dtype, training=True
            )
        self._rows = {}

    def rows(self, n: int) -> _Rows:
        """The buffers' views for a batch of ``n`` rows (made once per ``n``)."""
        if n not in self._rows:
            self._rows[n] = self._make_rows(n)
        return self._rows[n]

    def _make_rows(self, n: int) -> _Rows:
        def first_rows(buffers):
            return [None if b is None else b[:n] for b in buffers]

        def alternating(i, units):
            return self._alternating[i % 2][: n * units].reshape(n, units)

        outputs, dropped = first_rows(self.outputs), first_rows(self.dropped)
        embedding = None if self._embedding is None else self._embedding.rows(n)
        # The input of layer i (i >= 1): the previous output, after dropout;
        # of layer 0, the embedding's output (X without one).
        layer_inputs = [None if embedding is None else embedding.inputs] + [
            out if drop is None else drop for out, drop in zip(outputs, dropped)
        ]
        return _Rows(
            outputs=outputs,
            preactivations=first_rows(self.preactivations),
            masks=first_rows(self.masks),
            dropped=dropped,
            layer_inputs=layer_inputs,
            deltas=[alternating(i, u) for i, u in enumerate(self.units)],
            # The derivative of hidden layer i runs on the buffer of delta i + 1.
            scratch=[alternating(i + 1, u) for i, u in enumerate(self.units[:-1])],
            embedding=embedding,
        )


@dataclass(frozen=True)
class ObjectiveSpec:
    """What defines a training objective: layout, activations, loss, penalty.

    Attributes
    ----------
    layout : ParameterLayout
    activations : sequence of Activation
        One per hidden layer.
    output_loss : OutputLoss
    penalty : Penalty
    embedding_activation : Activation, default=None
        The activation of the embedding's units (ReLU for PLR), when the
        layout has an embedding; None is the identity (PL).
    """

    layout: ParameterLayout
    activations: tuple
    output_loss: OutputLoss
    penalty: Penalty
    embedding_activation: Activation | None = None


class Objective:
    """The penalised training loss of one network, and its gradient, for one fit.

    Holds what is fixed for the fit: the flat parameter vector and gradient
    (and per-layer views of both), the hidden activations, the output loss,
    the penalty, the dropout and the workspace.

    The loss of a batch is the (sample-weighted) mean of the per-sample
    losses plus the penalty divided by the number (or total weight) of
    samples, as scikit-learn divides ``alpha``. The penalty's smooth part
    enters the gradient unless ``penalty_in_gradient`` is False (the
    stochastic solvers add it in their blocked update); its L1 and group
    parts are left to the solver.

    Parameters
    ----------
    spec : ObjectiveSpec
    params : ndarray
        The flat parameter vector, updated in place by the solver.
    batch_size : int
        The largest number of rows a batch will have.
    dropout : Dropout, default=None
    penalty_in_gradient : bool, default=True
    """

    def __init__(
        self,
        spec: ObjectiveSpec,
        params: np.ndarray,
        batch_size: int,
        dropout: Dropout | None = None,
        penalty_in_gradient: bool = True,
    ) -> None:
        layout, activations = spec.layout, list(spec.activations)
        self.layout = layout
        self.params = params
        self.grad = np.zeros_like(params)
        coefs, intercepts = layout.views(params)
        self.coef_grads, self.intercept_grads = layout.views(self.grad)
        self.input_scale = layout.input_scale(params)
        self.input_scale_grad = layout.input_scale(self.grad)
        if self.input_scale is not None:
            # The network runs on the effective first weights, s[:, None] * W0.
            self._first_weights = coefs[0]
            self._scale_column = self.input_scale[:, np.newaxis]
            coefs = [np.empty_like(coefs[0]), *coefs[1:]]
            self._scaling_scratch = np.empty_like(coefs[0])
        self.embedding_grads = layout.embedding_views(self.grad)
        embedding = None
        if layout.embedding is not None:
            embedding = PeriodicEmbedding(
                *layout.embedding_views(params),
                spec.embedding_activation or make_activation("identity"),
                layout.embedding.passthrough,
            )
        self.network = Network(coefs, intercepts, activations, embedding)
        self.weights = params[: layout.n_weights]
        self.weight_grads = self.grad[: layout.n_weights]
        self.output_loss = spec.output_loss
        self.penalty = spec.penalty
        self.penalty_in_gradient = penalty_in_gradient
        self.dropout = dropout
        self.batch_size = batch_size
        rates = None if dropout is None else dropout.rates
        self.workspace = Workspace(
            layout.layer_units,
            batch_size,
            params.dtype,
            activations,
            rates,
            layout.embedding,
        )
        # The L2 gradient's buffer: a block that stays in cache, not a copy
        # of the weights.
        self._weight_scratch = np.empty(min(self.weights.size, 2**15), params.dtype)

    def loss_and_gradient(
        self, X, Y, sample_weight=None, scale: float = 1.0, weight_sum=None
    ) -> float:
        """Return the penalised loss on a batch; write ``scale`` times its gradient.

        The gradient goes to ``self.grad`` (SGD asks for ``learning_rate``
        times the gradient: scaling the output delta, a few rows, costs less
        than a pass over the parameters). ``weight_sum`` is
        ``sample_weight.sum()`` when the caller has it; it must be positive.
        """
        n = X.shape[0]
        rows = self.workspace.rows(n)
        outputs = forward(self.current_network(), X, rows, self.dropout)
        delta = rows.deltas[-1]
        loss_sum = self.output_loss.inplace_output_loss_delta(
            outputs[-1], Y, delta, sample_weight
        )
        # Scaling the output delta by scale / n (or by the normalised sample
        # weights) scales every gradient below.
        if sample_weight is None:
            weight_sum = n
            delta *= scale / n
        else:
            if weight_sum is None:
                weight_sum = sample_weight.sum()
            delta *= (sample_weight * (scale / weight_sum))[:, np.newaxis]
        self._backward(X, rows)
        if self.penalty_in_gradient:
            self.penalty.inplace_add_smooth_gradient(
                self.weights,
                self.weight_grads,
                scale / weight_sum,
                self._weight_scratch,
            )
        return (loss_sum + self.penalty.value(self.weights)) / weight_sum

    def current_network(self) -> Network:
        """The network of the current parameters.

        With input scaling, the effective first weights are refreshed from
        the factors and ``W0`` (one elementwise pass).
        """
        if self.input_scale is not None:
            np.multiply(
                self._first_weights, self._scale_column, out=self.network.coefs[0]
            )
        return self.network

    def _input_scaling_backward(self) -> None:
        """Turn the effective first weights' gradient G into ``dW0`` and ``ds``."""
        G = self.coef_grads[0]
        np.multiply(self._first_weights, G, out=self._scaling_scratch)
        np.add.reduce(self._scaling_scratch, axis=1, out=self.input_scale_grad)
        G *= self._scale_column

    def _embedding_backward(self, delta, rows: _Rows) -> None:
        """The embedding's gradient from the first layer's delta."""
        n_embedded = rows.embedding.embedded.shape[1]
        np.dot(
            delta, self.network.coefs[0][:n_embedded].T, out=rows.embedding.output_grad
        )
        self.network.embedding.inplace_backward(rows.embedding, self.embedding_grads)

    def _backward(self, X, rows: _Rows) -> None:
        """Fill the gradient from the output delta, layer by layer."""
        coefs, activations = self.network.coefs, self.network.activations
        for i in range(len(coefs) - 1, -1, -1):
            delta = rows.deltas[i]
            if i == 0:
                inputs = X if rows.layer_inputs[0] is None else rows.layer_inputs[0]
                if not isinstance(inputs, np.ndarray):  # sparse
                    self.coef_grads[0][...] = inputs.T @ delta
                else:
                    np.dot(inputs.T, delta, out=self.coef_grads[0])
            else:
                np.dot(rows.layer_inputs[i].T, delta, out=self.coef_grads[i])
            # NumPy's reduction, not a product with ones: BLAS's would be
            # faster, but its rounding depends on how many threads it gets,
            # and a seed must give the same model in any thread.
            np.add.reduce(delta, axis=0, out=self.intercept_grads[i])
            if i == 0:
                if self.input_scale is not None:
                    self._input_scaling_backward()
                if self.embedding_grads is not None:
                    self._embedding_backward(delta, rows)
                break
            delta_prev = rows.deltas[i - 1]
            np.dot(delta, coefs[i].T, out=delta_prev)
            if rows.masks[i - 1] is not None:
                delta_prev *= rows.masks[i - 1]
            activation = activations[i - 1]
            value = (
                rows.outputs[i - 1]
                if activation.derivative_from == "output"
                else rows.preactivations[i - 1]
            )
            activation.inplace_derivative(value, delta_prev, rows.scratch[i - 1])

    def data_loss(self, X, Y, sample_weight=None, predictions=None) -> float:
        """The mean (weighted) loss on ``X`` without the penalty, as predicted.

        No dropout, no gradient; rows are processed ``batch_size`` at a time
        in the workspace. ``predictions``, of shape ``(n_samples, n_outputs)``
        when given, receives the output layer's predictions. The total sample
        weight must be positive.
        """
        total = 0.0
        network = self.current_network()
        for batch in gen_batches(X.shape[0], self.batch_size):
            rows = self.workspace.rows(batch.stop - batch.start)
            Z = forward(network, X[batch], rows)[-1]
            sw = None if sample_weight is None else sample_weight[batch]
            total += self.output_loss.inplace_output_loss_delta(
                Z, Y[batch], rows.deltas[-1], sw
            )
            if predictions is not None:
                predictions[batch] = Z
        weight_sum = X.shape[0] if sample_weight is None else sample_weight.sum()
        return float(total / weight_sum)
