"""Benchmark NumpyMLP* against scikit-learn's MLP, side by side in one process.

    python benchmarks/bench.py            # every case
    python benchmarks/bench.py --quick    # a small subset
    python benchmarks/bench.py --scaling  # epoch time against n_samples, width, depth
    python benchmarks/bench.py --dropout  # what dropout costs
    python benchmarks/bench.py --update   # what the passes after the GEMMs cost
    python benchmarks/bench.py --baseline ../old  # also time an earlier checkout

For each configuration, five repeats (``--repeats``) alternate scikit-learn's
fit, ours and one epoch of the bare matrix products at the same shapes (the
GEMM bound), so all three see the same machine noise; only ratios measured in
the same run mean anything here, and the minimum is reported beside the
median. With ``--baseline DIR`` (a checkout of an earlier version, e.g. a git
worktree) that version's estimators are timed in the same interleaving: the
before and after of a change. Writes ``results/<mode>.json``, ``results/<mode>.md`` and, when
matplotlib is installed, ``results/<mode>.png`` (the ratios).
"""

import argparse
import importlib.util
import json
import os
import platform
import statistics
import sys
import time
import tracemalloc
import warnings
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn import __version__ as sklearn_version
from sklearn.datasets import load_digits, make_classification, make_moons
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_info

from sklearn_mlp_np import NumpyMLPClassifier, NumpyMLPRegressor
from sklearn_mlp_np._network import Dropout

RESULTS = Path(__file__).parent / "results"
BASELINE = None  # an earlier version's package, set by --baseline


def load_baseline(checkout: Path):
    """Import the ``sklearn_mlp_np`` of another checkout under another name.

    Its modules import each other relatively, so it lives beside ours.
    """
    init = checkout / "sklearn_mlp_np" / "__init__.py"
    if not init.exists():
        raise SystemExit(f"--baseline: {init} does not exist")
    name = "sklearn_mlp_np_baseline"
    spec = importlib.util.spec_from_file_location(
        name, init, submodule_search_locations=[str(init.parent)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


SOLVERS = {
    "sgd": dict(solver="sgd", momentum=0.0, learning_rate_init=0.01),
    "sgd-m0.9": dict(solver="sgd", momentum=0.9, learning_rate_init=0.01),
    "adam": dict(solver="adam", learning_rate_init=0.001),
}


# ---- data ---------------------------------------------------------------------


def mnist_sized(n_samples=60_000):
    """The MNIST-sized workload: 784 standardised features, 10 classes."""
    X, y = make_classification(
        n_samples=n_samples,
        n_features=784,
        n_informative=200,
        n_classes=10,
        random_state=0,
    )
    return StandardScaler().fit_transform(X), y


def digits():
    X, y = load_digits(return_X_y=True)
    return StandardScaler().fit_transform(X), y


def moons():
    return make_moons(n_samples=2000, noise=0.2, random_state=0)


def spiral(n_per_class=1000, n_classes=3):
    rng = np.random.RandomState(0)
    X, y = [], []
    for k in range(n_classes):
        r = np.linspace(0.0, 1, n_per_class)
        t = np.linspace(k * 4, (k + 1) * 4, n_per_class) + rng.randn(n_per_class) * 0.2
        X.append(np.c_[r * np.sin(t), r * np.cos(t)])
        y.append(np.full(n_per_class, k))
    return np.vstack(X), np.concatenate(y)


def sine():
    rng = np.random.RandomState(0)
    x = rng.uniform(-2 * np.pi, 2 * np.pi, size=(2000, 1))
    return x, np.sin(x).ravel() + 0.05 * rng.randn(2000)


def sparse_text_like(n_samples=5000, n_features=20_000):
    rng = np.random.RandomState(0)
    X = sp.random(n_samples, n_features, density=0.002, format="csr", random_state=rng)
    w = rng.randn(n_features)
    return X, (X @ w > 0).astype(int)


# ---- cases ----------------------------------------------------------------------


@dataclass
class Case:
    name: str
    data: object
    hidden: tuple
    activation: str = "relu"
    regression: bool = False
    epochs: int = 1  # per fit; configurations of batch size 1 run one epoch
    configs: list = field(default_factory=list)  # (solver, dtype, batch_size)


def grid(dtypes, batch_sizes):
    return [(s, d, b) for s in SOLVERS for d in dtypes for b in batch_sizes]


def small_cases(configs):
    """The classic small problems, each with the given configurations."""
    return [
        Case("digits", digits, (64,), epochs=10, configs=configs),
        Case(
            "moons 2-25-50-25-2",
            moons,
            (25, 50, 25),
            "logistic",
            epochs=10,
            configs=configs,
        ),
        Case("spiral", spiral, (100,), epochs=10, configs=configs),
        Case(
            "sin(x) 1-10-10-1",
            sine,
            (10, 10),
            "logistic",
            True,
            epochs=10,
            configs=configs,
        ),
    ]


def cases(quick: bool):
    if quick:
        return [
            Case(
                "mnist-sized 10k",
                lambda: mnist_sized(10_000),
                (256, 128),
                configs=[("sgd-m0.9", "float32", 32), ("adam", "float64", 128)],
            ),
            *small_cases([("sgd-m0.9", "float64", 1), ("adam", "float32", 32)]),
            Case(
                "sparse CSR",
                sparse_text_like,
                (64,),
                epochs=3,
                configs=[("adam", "float64", 200)],
            ),
        ]
    return [
        Case(
            "mnist-sized 60k",
            mnist_sized,
            (256, 128),
            configs=grid(("float64", "float32"), (32, 128, 200)),
        ),
        *small_cases([*grid(("float64",), (1, 32)), ("adam", "float32", 32)]),
        Case(
            "sparse CSR",
            sparse_text_like,
            (64,),
            epochs=5,
            configs=[("adam", "float64", 200), ("sgd-m0.9", "float32", 128)],
        ),
    ]


def dropout_cases():
    """Where dropout's cost is measured: a wide network and a small one."""
    return [
        Case(
            "mnist-sized 10k",
            lambda: mnist_sized(10_000),
            (256, 128),
            configs=[("sgd-m0.9", "float32", 128), ("adam", "float64", 32)],
        ),
        Case(
            "moons 2-25-50-25-2",
            moons,
            (25, 50, 25),
            "logistic",
            epochs=10,
            configs=[("sgd-m0.9", "float64", 32)],
        ),
    ]


# ---- measurements ---------------------------------------------------------------


def estimators(case, solver, batch_size, epochs, dropout=0.0, package=None):
    """scikit-learn's MLP and ours with the same parameters (ours with dropout).

    ``package`` is where ours comes from: this checkout's by default, or the
    baseline's (which gets ``dropout`` only when it is non-zero).
    """
    params = dict(
        hidden_layer_sizes=case.hidden,
        activation=case.activation,
        batch_size=batch_size,
        max_iter=epochs,
        random_state=0,
        tol=0.0,
        n_iter_no_change=10**6,
        **SOLVERS[solver],
    )
    ours_params = (
        {**params, "dropout": dropout} if dropout or package is None else params
    )
    if case.regression:
        Ours = NumpyMLPRegressor if package is None else package.NumpyMLPRegressor
        return MLPRegressor(**params), Ours(**ours_params)
    Ours = NumpyMLPClassifier if package is None else package.NumpyMLPClassifier
    return MLPClassifier(**params), Ours(**ours_params)


def timed_fit(estimator, X, y):
    start = time.perf_counter()
    estimator.fit(X, y)
    return time.perf_counter() - start


def gemm_epoch(X, layer_units, batch_size, dtype):
    """Seconds for one epoch of the bare matrix products at the network's shapes.

    Per batch: the forward products, the weight-gradient products and the
    back-propagation products (none for the input), into preallocated buffers.
    """
    rng = np.random.RandomState(0)
    W = [rng.rand(a, b).astype(dtype) for a, b in pairwise(layer_units)]
    A = [np.empty((batch_size, n), dtype) for n in layer_units[1:]]
    D = [np.full((batch_size, n), 0.1, dtype) for n in layer_units[1:]]
    G = [np.empty_like(w) for w in W]
    n_samples = X.shape[0]
    start = time.perf_counter()
    for s in range(0, n_samples, batch_size):
        Xb = X[s : s + batch_size]
        n = Xb.shape[0]
        inputs = [Xb] + [a[:n] for a in A[:-1]]
        for i, w in enumerate(W):
            if sp.issparse(inputs[i]):
                A[i][:n] = inputs[i] @ w
            else:
                np.matmul(inputs[i], w, out=A[i][:n])
        for i in range(len(W) - 1, -1, -1):
            if sp.issparse(inputs[i]):
                G[i][...] = inputs[i].T @ D[i][:n]
            else:
                np.matmul(inputs[i].T, D[i][:n], out=G[i])
            if i > 0:
                np.matmul(D[i][:n], W[i].T, out=D[i - 1][:n])
    return time.perf_counter() - start


def peak_fit_memory(estimator, X, y):
    """Peak bytes allocated during fit, beyond what was allocated before it."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    estimator.fit(X, y)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    return peak


def predict_latency(estimator, X):
    one = X[:1]
    many = X[:10_000]
    for _ in range(5):
        estimator.predict(one)
    singles = []
    for _ in range(200):
        start = time.perf_counter()
        estimator.predict(one)
        singles.append(time.perf_counter() - start)
    bulk = []
    for _ in range(5):
        start = time.perf_counter()
        estimator.predict(many)
        bulk.append(time.perf_counter() - start)
    return statistics.median(singles), statistics.median(bulk)


def summary(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def layer_units(case, X, y):
    n_out = 1 if case.regression else len(np.unique(y))
    n_out = 1 if n_out == 2 and not case.regression else n_out
    return [X.shape[1], *case.hidden, n_out]


def epochs_and_steps(case, n_samples, batch):
    """Epochs per fit (one at batch size 1, where an epoch is many steps)."""
    epochs = 1 if batch == 1 else case.epochs
    return epochs, epochs * -(-n_samples // batch)


def run_config(case, X_train, X_test, y_train, y_test, solver, dtype, batch, repeats):
    X_train = X_train.astype(dtype)
    X_test = X_test.astype(dtype)
    units = layer_units(case, X_train, y_train)
    epochs, steps = epochs_and_steps(case, X_train.shape[0], batch)
    times = {"sklearn": [], "ours": [], "gemm": []}
    if BASELINE is not None:
        times["baseline"] = []
    for r in range(repeats):
        theirs, ours = estimators(case, solver, batch, epochs)
        order = [("sklearn", theirs), ("ours", ours)]
        if BASELINE is not None:
            order.append(
                ("baseline", estimators(case, solver, batch, epochs, 0.0, BASELINE)[1])
            )
        # Rotate who goes first, so no one always runs on a warm (or cold) machine.
        order = order[r % len(order) :] + order[: r % len(order)]
        for name, est in order:
            times[name].append(timed_fit(est, X_train, y_train) / epochs)
        times["gemm"].append(gemm_epoch(X_train, units, batch, dtype))
    theirs_mem, ours_mem = estimators(case, solver, batch, 1)
    row = {
        "case": case.name,
        "solver": solver,
        "dtype": dtype,
        "batch_size": batch,
        "epochs": epochs,
        "steps_per_epoch": steps // epochs,
        "n_samples": X_train.shape[0],
        "seconds_per_epoch": {k: summary(v) for k, v in times.items()},
        "score": {
            "sklearn": theirs.score(X_test, y_test),
            "ours": ours.score(X_test, y_test),
        },
        "peak_fit_bytes": {
            "sklearn": peak_fit_memory(theirs_mem, X_train, y_train),
            "ours": peak_fit_memory(ours_mem, X_train, y_train),
        },
    }
    latencies = {
        "sklearn": predict_latency(theirs, X_test),
        "ours": predict_latency(ours, X_test),
    }
    row["predict_1_row_s"] = {k: v[0] for k, v in latencies.items()}
    row["predict_10k_rows_s"] = {k: v[1] for k, v in latencies.items()}
    for stat in ("median", "min"):
        t = {k: v[stat] for k, v in row["seconds_per_epoch"].items()}
        row[f"ratio_ours_sklearn_{stat}"] = t["ours"] / t["sklearn"]
        row[f"ratio_ours_gemm_{stat}"] = t["ours"] / t["gemm"]
        row[f"ratio_sklearn_gemm_{stat}"] = t["sklearn"] / t["gemm"]
        if "baseline" in t:
            row[f"ratio_ours_baseline_{stat}"] = t["ours"] / t["baseline"]
    return row


def hidden_pass_epoch(X, units, batch_size, dtype):
    """Seconds for one elementwise pass over every hidden activation of an epoch."""
    A = [np.ones((batch_size, n), dtype) for n in units[1:-1]]
    B = [np.ones((batch_size, n), dtype) for n in units[1:-1]]
    start = time.perf_counter()
    for s in range(0, X.shape[0], batch_size):
        n = min(batch_size, X.shape[0] - s)
        for a, b in zip(A, B):
            np.multiply(a[:n], b[:n], out=a[:n])
    return time.perf_counter() - start


def mask_draw_epoch(X, units, batch_size, dtype, rate):
    """Seconds to draw an epoch's dropout masks (the random bits, 0 or scale)."""
    hidden = units[1:-1]
    dropout = Dropout([rate] * len(hidden), np.random.RandomState(0))
    masks = [np.empty((batch_size, n), dtype) for n in hidden]
    start = time.perf_counter()
    for s in range(0, X.shape[0], batch_size):
        n = min(batch_size, X.shape[0] - s)
        for i, mask in enumerate(masks):
            dropout.inplace_draw(i, mask[:n])
    return time.perf_counter() - start


def dropout_row(case, X, y, solver, dtype, batch, repeats, rate=0.2):
    """Ours without and with dropout, one pass over the hidden activations,
    and the draw of the masks alone.

    Interleaved like the other rows; the extra time of dropout is expressed
    in passes, in all and beyond the draw of the masks.
    """
    X = X.astype(dtype)
    units = layer_units(case, X, y)
    epochs, steps = epochs_and_steps(case, X.shape[0], batch)
    times = {"no dropout": [], "dropout": [], "pass": [], "draw": []}
    for r in range(repeats):
        runs = [("no dropout", 0.0), ("dropout", rate)]
        for name, dropout in runs if r % 2 == 0 else runs[::-1]:
            _, ours = estimators(case, solver, batch, epochs, dropout)
            times[name].append(timed_fit(ours, X, y) / epochs)
        times["pass"].append(hidden_pass_epoch(X, units, batch, dtype))
        times["draw"].append(mask_draw_epoch(X, units, batch, dtype, rate))
    summaries = {k: summary(v) for k, v in times.items()}
    extra = {
        stat: (summaries["dropout"][stat] - summaries["no dropout"][stat])
        / summaries["pass"][stat]
        for stat in ("median", "min")
    }
    draw = {
        stat: summaries["draw"][stat] / summaries["pass"][stat]
        for stat in ("median", "min")
    }
    return {
        "case": case.name,
        "solver": solver,
        "dtype": dtype,
        "batch_size": batch,
        "dropout": rate,
        "steps_per_epoch": steps // epochs,
        "seconds_per_epoch": summaries,
        "extra_in_passes": extra,
        "draw_in_passes": draw,
        "beyond_draw_in_passes": {k: extra[k] - draw[k] for k in extra},
    }


def scaling_rows(repeats):
    """Epoch time against n_samples, width and depth (sgd-m0.9, float64, batch 200)."""
    X_full, y_full = mnist_sized()
    runs = [("n_samples", n, (256, 128)) for n in (10_000, 30_000, 60_000)]
    runs += [("width", w, (w,)) for w in (64, 128, 256, 512, 1024)]
    runs += [("depth", d, (256,) * d) for d in (1, 2, 3, 4)]
    rows = []
    for axis, value, hidden in runs:
        n = value if axis == "n_samples" else 10_000
        case = Case(f"{axis}={value}", None, hidden)
        X, y = X_full[:n], y_full[:n]
        row = run_config(
            case, X, X[:2000], y, y[:2000], "sgd-m0.9", "float64", 200, repeats
        )
        row.update(axis=axis, value=value)
        rows.append(row)
        print(format_row(row), flush=True)
    return rows


# ---- the cost of the update (--update) ------------------------------------------

# Wide networks at small batches, where the passes over the parameters after the
# matrix products (penalty gradient, velocity, update) weigh most.
UPDATE_CASE = Case(
    "mnist-sized",  # the rows are named by their number of samples
    None,
    (256, 128),
    epochs=2,  # per fit, so that the set-up of a fit is shared by two epochs
    configs=[
        ("sgd-m0.9", "float64", 32),
        ("sgd-m0.9", "float32", 32),
        ("sgd-m0.9", "float32", 128),
        ("sgd-m0.9", "float64", 128),
    ],
)
UPDATE_PARAMS = dict(alpha=1e-4, nesterovs_momentum=True)  # stated, not defaulted
BLOCK = 2**15  # elements per block of the tiled loop's passes


def one_hot(y, dtype):
    """Class indicators of ``y``, one column per class, in ``dtype``."""
    classes, codes = np.unique(y, return_inverse=True)
    return np.eye(len(classes), dtype=dtype)[codes]


class ReferenceLoop:
    """A minimal hand-written training loop, the yardstick of the update's cost.

    The work a step needs on this workload, done plainly: one flat parameter
    vector (the weights of every layer, then every intercept, with per-layer
    views), relu hidden layers, softmax cross-entropy, back-propagation into
    preallocated buffers, the L2 penalty's gradient and Nesterov's momentum.
    The learning rate is folded into the output delta, so the gradient
    arrives scaled (``g = lr * gradient``); the state is ``u = momentum * v``.

    Each batch's rows are gathered with ``np.take`` into a buffer, as a
    shuffled epoch gathers them, in one fixed random order (drawn once: every
    loop of a seed sees the same order, and no shuffling is timed).

    ``block=None`` is the flat loop: the post-GEMM passes run over the whole
    vector in the fewest NumPy calls (2 for the penalty, 4 for the update),
    each a pass over megabytes that no longer fit in cache. ``block=BLOCK`` is
    the tiled loop: the same calls ``block`` elements at a time, a block's
    penalty gradient, velocity and update done before the next block, so that
    it stays in cache. Elementwise, the arithmetic is the same.

    Unlike a fit, it has no set-up, computes no penalty value, records
    nothing and checks nothing: the estimators' extra time is all of that.
    """

    def __init__(
        self,
        X,
        Y,
        hidden,
        batch_size,
        learning_rate=SOLVERS["sgd-m0.9"]["learning_rate_init"],
        momentum=SOLVERS["sgd-m0.9"]["momentum"],
        alpha=UPDATE_PARAMS["alpha"],
        block=None,
        seed=0,
    ):
        dtype = X.dtype
        self.X, self.Y = X, Y
        self.batch_size = batch_size
        self.learning_rate, self.momentum, self.alpha = learning_rate, momentum, alpha
        units = [X.shape[1], *hidden, Y.shape[1]]
        shapes = list(pairwise(units))
        self.n_weights = sum(a * b for a, b in shapes)
        size = self.n_weights + sum(units[1:])
        self.params, self.grad = np.empty(size, dtype), np.zeros(size, dtype)
        self.velocity = np.zeros(size, dtype)
        self.coefs, self.intercepts = self._views(self.params, shapes)
        self.coef_grads, self.intercept_grads = self._views(self.grad, shapes)
        self._initialize(np.random.RandomState(seed))
        self.order = np.random.RandomState(seed).permutation(X.shape[0])
        rows = (batch_size,)
        self.X_batch = np.empty(rows + X.shape[1:], dtype)
        self.Y_batch = np.empty(rows + Y.shape[1:], dtype)
        self.outputs = [np.empty((batch_size, n), dtype) for n in units[1:]]
        self.deltas = [np.empty((batch_size, n), dtype) for n in units[1:]]
        self.masks = [np.empty((batch_size, n), dtype) for n in units[1:-1]]
        if block is None:
            self.scratch = np.empty(self.n_weights, dtype)
            self._update = self._update_flat
        else:
            self.blocks = self._blocks(block)
            self._update = self._update_tiled

    @staticmethod
    def _views(flat, shapes):
        """Per-layer views (coefs, intercepts) of a flat vector: weights first."""
        coefs, start = [], 0
        for a, b in shapes:
            coefs.append(flat[start : start + a * b].reshape(a, b))
            start += a * b
        intercepts = []
        for _, b in shapes:
            intercepts.append(flat[start : start + b])
            start += b
        return coefs, intercepts

    def _initialize(self, rng):
        """Glorot-uniform weights and intercepts, as scikit-learn draws for relu."""
        for W, b in zip(self.coefs, self.intercepts):
            bound = np.sqrt(6.0 / sum(W.shape))
            W[...] = rng.uniform(-bound, bound, W.shape)
            b[...] = rng.uniform(-bound, bound, b.shape)

    def _blocks(self, block):
        """The tiled loop's blocks, views made once: ``(params, grad, velocity,
        weights, weight_grads, scratch)``, the last three None past the weights."""
        scratch = np.empty(block, self.params.dtype)
        blocks = []
        for start in range(0, self.params.size, block):
            part = slice(start, min(start + block, self.params.size))
            weights = slice(start, min(part.stop, self.n_weights))
            in_weights = weights.stop > weights.start
            blocks.append(
                (
                    self.params[part],
                    self.grad[part],
                    self.velocity[part],
                    self.params[weights] if in_weights else None,
                    self.grad[weights] if in_weights else None,
                    scratch[: weights.stop - weights.start] if in_weights else None,
                )
            )
        assert sum(b[0].size for b in blocks) == self.params.size
        return blocks

    def epoch(self):
        """One pass over the data in the loop's order; the mean batch loss."""
        total = 0.0
        n_samples = self.X.shape[0]
        for start in range(0, n_samples, self.batch_size):
            idx = self.order[start : start + self.batch_size]
            total += self.step(idx)
        return total / n_samples

    def step(self, idx):
        """Loss and scaled gradient of the rows ``idx``, then the update.

        Returns the batch's summed cross-entropy (without the penalty).
        """
        n, last = idx.size, len(self.coefs) - 1
        X = self.X_batch[:n]
        Y = self.Y_batch[:n]
        np.take(self.X, idx, axis=0, out=X, mode="clip")
        np.take(self.Y, idx, axis=0, out=Y, mode="clip")
        A = X
        for i, (W, b) in enumerate(zip(self.coefs, self.intercepts)):
            Z = self.outputs[i][:n]
            np.matmul(A, W, out=Z)
            Z += b
            if i < last:
                np.maximum(Z, 0, out=Z)
            A = Z
        # Softmax cross-entropy, the probabilities written over Z.
        Z -= np.maximum.reduce(Z, axis=1, keepdims=True)
        y_dot_z = np.vdot(Y, Z)
        np.exp(Z, out=Z)
        row_sums = np.add.reduce(Z, axis=1, keepdims=True)
        Z /= row_sums
        delta = self.deltas[last][:n]
        np.subtract(Z, Y, out=delta)
        loss = float(np.log(row_sums).sum() - y_dot_z)
        delta *= self.learning_rate / n
        for i in range(last, -1, -1):
            delta = self.deltas[i][:n]
            layer_input = X if i == 0 else self.outputs[i - 1][:n]
            np.matmul(layer_input.T, delta, out=self.coef_grads[i])
            np.add.reduce(delta, axis=0, out=self.intercept_grads[i])
            if i > 0:
                delta_prev = self.deltas[i - 1][:n]
                np.matmul(delta, self.coefs[i].T, out=delta_prev)
                mask = self.masks[i - 1][:n]
                np.greater(self.outputs[i - 1][:n], 0, out=mask)
                delta_prev *= mask
        # The L2 gradient, lr * alpha / n * w, scaled as the gradient is.
        self._update((self.learning_rate / n) * self.alpha)
        return loss

    def _update_flat(self, l2_factor):
        """The post-GEMM passes over the whole vector: 2 + 4 NumPy calls."""
        weights, weight_grads = (
            self.params[: self.n_weights],
            self.grad[: self.n_weights],
        )
        np.multiply(weights, l2_factor, out=self.scratch)
        weight_grads += self.scratch
        p, g, u, m = self.params, self.grad, self.velocity, self.momentum
        u -= g
        u *= m
        p += u
        p -= g

    def _update_tiled(self, l2_factor):
        """The same passes, a block at a time, each block finished in cache."""
        m = self.momentum
        for p, g, u, weights, weight_grads, scratch in self.blocks:
            if weights is not None:
                np.multiply(weights, l2_factor, out=scratch)
                weight_grads += scratch
            u -= g
            u *= m
            p += u
            p -= g

    def loss(self):
        """The mean cross-entropy on all the loop's data (allocates; untimed)."""
        A = self.X
        for i, (W, b) in enumerate(zip(self.coefs, self.intercepts)):
            A = A @ W + b
            if i < len(self.coefs) - 1:
                A = np.maximum(A, 0)
        A = A - A.max(axis=1, keepdims=True)
        return float(np.mean(np.log(np.exp(A).sum(axis=1)) - (A * self.Y).sum(axis=1)))


def check_reference_loops(X, y, n_rows=1000, batch_size=32):
    """Assert that the flat and the tiled loop train the same network.

    From the same weights, one float64 epoch of each (on the first
    ``n_rows`` rows; the last batch a partial one) must give bitwise equal
    parameters, the blocks changing only the order in which elements are
    visited; and the loss on those rows must decrease over the epoch.
    """
    X = np.ascontiguousarray(X[:n_rows], dtype=np.float64)
    Y = one_hot(y[:n_rows], np.float64)
    hidden = UPDATE_CASE.hidden
    flat = ReferenceLoop(X, Y, hidden, batch_size)
    tiled = ReferenceLoop(X, Y, hidden, batch_size, block=BLOCK)
    assert np.array_equal(flat.params, tiled.params), "not the same initial weights"
    assert len(tiled.blocks) > 1, "the tiled loop should have several blocks"
    before = flat.loss()
    flat.epoch()
    tiled.epoch()
    difference = np.abs(flat.params - tiled.params).max() / np.abs(flat.params).max()
    assert np.array_equal(flat.params, tiled.params), (
        f"flat and tiled loops differ after an epoch (by {difference:.3g} relative)"
    )
    after = flat.loss()
    assert after < before, f"the loss did not decrease: {before} -> {after}"
    return before, after


def timed_epoch(loop):
    """Seconds for one epoch of a reference loop."""
    start = time.perf_counter()
    loop.epoch()
    return time.perf_counter() - start


def update_estimators(batch, package=None):
    """scikit-learn's MLPClassifier, or ours (from ``package``), as ``estimators``
    makes them, with the L2 strength and Nesterov's momentum stated."""
    case = UPDATE_CASE
    theirs, ours = estimators(case, "sgd-m0.9", batch, case.epochs, 0.0, package)
    theirs.set_params(**UPDATE_PARAMS)
    ours.set_params(**UPDATE_PARAMS)
    return theirs, ours


def update_contestants(X, y, Y, batch):
    """For one repeat: what each contestant runs, fresh, as a callable
    returning its seconds per epoch (constructions happen here, untimed)."""
    epochs = UPDATE_CASE.epochs
    theirs, ours = update_estimators(batch)
    flat = ReferenceLoop(X, Y, UPDATE_CASE.hidden, batch)
    tiled = ReferenceLoop(X, Y, UPDATE_CASE.hidden, batch, block=BLOCK)
    units = [X.shape[1], *UPDATE_CASE.hidden, Y.shape[1]]
    runs = {
        "sklearn": lambda: timed_fit(theirs, X, y) / epochs,
        "ours": lambda: timed_fit(ours, X, y) / epochs,
    }
    if BASELINE is not None:
        baseline = update_estimators(batch, BASELINE)[1]
        runs["baseline"] = lambda: timed_fit(baseline, X, y) / epochs
    runs["flat"] = lambda: timed_epoch(flat)
    runs["tiled"] = lambda: timed_epoch(tiled)
    runs["gemm"] = lambda: gemm_epoch(X, units, batch, X.dtype)
    return runs


UPDATE_RATIOS = [
    ("ours", "sklearn"),
    ("flat", "sklearn"),
    ("tiled", "sklearn"),
    ("ours", "tiled"),
    ("ours", "gemm"),
    ("tiled", "gemm"),
    ("flat", "gemm"),
]


def update_row(X, y, solver, dtype, batch, repeats):
    """One configuration: every contestant once per repeat, the first rotating.

    The estimators' times are fit time / epochs (set-up included); the loops'
    and the GEMMs' are one epoch, with nothing else in it.
    """
    X = np.ascontiguousarray(X, dtype=dtype)
    Y = one_hot(y, dtype)
    times = None
    for r in range(repeats):
        runs = update_contestants(X, y, Y, batch)
        names = list(runs)
        if times is None:
            times = {name: [] for name in names}
        for name in names[r % len(names) :] + names[: r % len(names)]:
            times[name].append(runs[name]())
    seconds = {name: summary(values) for name, values in times.items()}
    row = {
        "case": f"{UPDATE_CASE.name} {X.shape[0]} x {X.shape[1]}",
        "solver": solver,
        **UPDATE_PARAMS,
        "dtype": dtype,
        "batch_size": batch,
        "epochs": UPDATE_CASE.epochs,
        "steps_per_epoch": -(-X.shape[0] // batch),
        "n_samples": X.shape[0],
        "block": BLOCK,
        "seconds_per_epoch": seconds,
    }
    ratios = UPDATE_RATIOS + ([("ours", "baseline")] if "baseline" in seconds else [])
    for a, b in ratios:
        for stat in ("median", "min"):
            row[f"ratio_{a}_{b}_{stat}"] = seconds[a][stat] / seconds[b][stat]
    return row


def update_rows(n_samples, repeats):
    """The --update rows, after checking the reference loops once."""
    X, y = mnist_sized(n_samples)
    before, after = check_reference_loops(X, y)
    print(
        "reference loops: the flat and the tiled loop agree bitwise after an "
        f"epoch; loss {before:.4f} -> {after:.4f}",
        flush=True,
    )
    rows = []
    for solver, dtype, batch in UPDATE_CASE.configs:
        row = update_row(X, y, solver, dtype, batch, repeats)
        print(format_update_row(row), flush=True)
        rows.append(row)
    return rows


# ---- reporting --------------------------------------------------------------------


def machine():
    blas = [
        {
            k: info.get(k)
            for k in ("internal_api", "version", "architecture", "num_threads")
        }
        for info in threadpool_info()
    ]
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scikit-learn": sklearn_version,
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "blas": blas,
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
    }


COLUMNS = (
    "| case | solver | dtype | batch | ours s/epoch median (min) "
    "| sklearn s/epoch median (min) | ours / sklearn median (min) "
    "| ours / GEMM median (min) | sklearn / GEMM median (min) "
    "| µs/step ours / sklearn (median) | score ours / sklearn "
    "| peak fit MB ours / sklearn | predict 1 row µs ours / sklearn "
    "| predict 10k ms ours / sklearn |"
)
BASELINE_COLUMN = "| ours / baseline median (min) |"
DROPOUT_COLUMNS = (
    "| case | solver | dtype | batch | dropout | s/epoch without, median (min) "
    "| s/epoch with, median (min) | one pass over the hidden activations, s/epoch "
    "| extra time of dropout in passes, median (min) "
    "| of which drawing the masks | beyond the draw |"
)


def format_row(row):
    t = row["seconds_per_epoch"]
    mem = row["peak_fit_bytes"]
    p1, p10k = row["predict_1_row_s"], row["predict_10k_rows_s"]
    steps = row["steps_per_epoch"]

    def seconds(s):
        return f"{s['median']:.4f} ({s['min']:.4f})"

    def ratio(name):
        return f"{row[name + '_median']:.2f} ({row[name + '_min']:.2f})"

    return (
        f"| {row['case']} | {row['solver']} | {row['dtype']} | {row['batch_size']} "
        f"| {seconds(t['ours'])} | {seconds(t['sklearn'])} "
        f"| **{ratio('ratio_ours_sklearn')}** | {ratio('ratio_ours_gemm')} "
        f"| {ratio('ratio_sklearn_gemm')} "
        f"| {t['ours']['median'] / steps * 1e6:.0f} / "
        f"{t['sklearn']['median'] / steps * 1e6:.0f} "
        f"| {row['score']['ours']:.4f} / {row['score']['sklearn']:.4f} "
        f"| {mem['ours'] / 2**20:.1f} / {mem['sklearn'] / 2**20:.1f} "
        f"| {p1['ours'] * 1e6:.0f} / {p1['sklearn'] * 1e6:.0f} "
        f"| {p10k['ours'] * 1e3:.1f} / {p10k['sklearn'] * 1e3:.1f} |"
        + (f" **{ratio('ratio_ours_baseline')}** |" if "baseline" in t else "")
    )


def format_dropout_row(row):
    t, extra = row["seconds_per_epoch"], row["extra_in_passes"]
    draw, beyond = row["draw_in_passes"], row["beyond_draw_in_passes"]

    def seconds(s):
        return f"{s['median']:.4f} ({s['min']:.4f})"

    return (
        f"| {row['case']} | {row['solver']} | {row['dtype']} | {row['batch_size']} "
        f"| {row['dropout']} | {seconds(t['no dropout'])} | {seconds(t['dropout'])} "
        f"| {t['pass']['median']:.4f} "
        f"| **{extra['median']:.1f}** ({extra['min']:.1f}) "
        f"| {draw['median']:.1f} ({draw['min']:.1f}) "
        f"| **{beyond['median']:.1f}** ({beyond['min']:.1f}) |"
    )


def machine_line(info):
    """The machine, in one line of markdown."""
    blas = ", ".join(
        f"{b['internal_api']} {b['version']} {b['architecture']} ({b['num_threads']} threads)"
        for b in info["blas"]
    )
    return (
        f"Machine: {info['platform']}, {info['cpu_count']} cores, Python {info['python']}, "
        f"numpy {info['numpy']}, scikit-learn {info['scikit-learn']}, BLAS: {blas}."
    )


def baseline_sentence(info):
    """The results' sentence naming the baseline checkout, if one was timed."""
    return (
        f" Baseline: the checkout at {info['baseline']}." if "baseline" in info else ""
    )


def write_markdown(path, command, info, rows, dropout=False):
    columns, formatter = (
        (DROPOUT_COLUMNS, format_dropout_row) if dropout else (COLUMNS, format_row)
    )
    if "baseline" in info:
        columns = columns + BASELINE_COLUMN[1:]
    lines = [
        f"Command: `{command}`",
        "",
        machine_line(info),
        "",
        "Seconds per epoch: the median (and the minimum) over interleaved repeats of "
        "fit time / epochs, set-up included; µs/step divides by the minibatches of an "
        "epoch. GEMM is one epoch of the bare matrix products at the same shapes; "
        "ratios are taken between the medians (the minima) of one run."
        + baseline_sentence(info),
        "",
        columns,
        "|" + "---|" * columns.count(" | ") + "---|",
        *[formatter(r) for r in rows],
    ]
    path.write_text("\n".join(lines) + "\n")


UPDATE_COLUMNS = (
    "| dtype | batch | ours / scikit-learn | flat loop / scikit-learn "
    "| tiled loop / scikit-learn | ours / tiled loop |"
)
UPDATE_NAMES = {
    "sklearn": "scikit-learn",
    "ours": "ours",
    "baseline": "baseline",
    "flat": "flat loop",
    "tiled": "tiled loop",
    "gemm": "bare GEMMs",
}


def _ratio(row, a, b):
    return f"{row[f'ratio_{a}_{b}_median']:.2f} ({row[f'ratio_{a}_{b}_min']:.2f})"


def format_update_row(row):
    """The row's line of the ratio table (and ours / baseline, when timed)."""
    return (
        f"| {row['dtype']} | {row['batch_size']} "
        f"| **{_ratio(row, 'ours', 'sklearn')}** | {_ratio(row, 'flat', 'sklearn')} "
        f"| {_ratio(row, 'tiled', 'sklearn')} | **{_ratio(row, 'ours', 'tiled')}** |"
        + (
            f" **{_ratio(row, 'ours', 'baseline')}** |"
            if "baseline" in row["seconds_per_epoch"]
            else ""
        )
    )


def format_update_gemm_line(row):
    """The row's epoch times over the bare GEMMs', one line."""
    return (
        f"- {row['dtype']}, batch {row['batch_size']}: ours "
        f"{_ratio(row, 'ours', 'gemm')}, tiled loop {_ratio(row, 'tiled', 'gemm')}, "
        f"flat loop {_ratio(row, 'flat', 'gemm')}"
    )


def format_update_seconds(row):
    """The row's line of the seconds table, one cell per contestant."""
    cells = " | ".join(
        f"{s['median']:.4f} ({s['min']:.4f})" for s in row["seconds_per_epoch"].values()
    )
    return (
        f"| {row['dtype']} | {row['batch_size']} | {row['steps_per_epoch']} | {cells} |"
    )


def write_update_markdown(path, command, info, rows):
    """results/update.md: the ratio table, a line against the GEMMs per row,
    and the seconds per epoch of every contestant."""
    columns = UPDATE_COLUMNS
    if "baseline" in info:
        columns += " ours / baseline |"
    names = [UPDATE_NAMES[name] for name in rows[0]["seconds_per_epoch"]]
    seconds_columns = "| dtype | batch | steps | " + " | ".join(names) + " |"
    hidden = "-".join(str(n) for n in UPDATE_CASE.hidden)
    lines = [
        f"Command: `{command}`",
        "",
        machine_line(info),
        "",
        f"The post-GEMM part of a training step on a wide network: {rows[0]['case']} "
        f"(10 classes), 784-{hidden}-10 relu, SGD with "
        f"Nesterov momentum 0.9, alpha={UPDATE_PARAMS['alpha']}, learning rate 0.01. "
        "The flat loop is a minimal NumPy training loop over one flat parameter "
        "vector whose penalty gradient and Nesterov update are 6 passes over the "
        f"whole vector; the tiled loop is the same loop doing those passes "
        f"{BLOCK} elements at a time (a block finished while in cache). "
        "scikit-learn's and ours are fit time / epochs "
        f"({rows[0]['epochs']} epochs a fit, set-up included); the loops and the "
        "bare GEMMs are one epoch. Medians (minima) over interleaved repeats, the "
        "first rotating; ratios are taken between the medians (the minima) of one run."
        + baseline_sentence(info),
        "",
        columns,
        "|" + "---|" * (columns.count(" | ") + 1),
        *[format_update_row(r) for r in rows],
        "",
        "vs the bare GEMMs (epoch time / that of the matrix products alone, "
        "median (min)):",
        "",
        *[format_update_gemm_line(r) for r in rows],
        "",
        "Seconds per epoch, median (min):",
        "",
        seconds_columns,
        "|" + "---|" * (seconds_columns.count(" | ") + 1),
        *[format_update_seconds(r) for r in rows],
    ]
    path.write_text("\n".join(lines) + "\n")


def write_plot(path, rows):
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: no plot (pip install -e '.[benchmark]')")
        return
    labels = [
        f"{r['case']} {r['solver']} {r['dtype']} b{r['batch_size']}" for r in rows
    ]
    positions = range(len(rows))
    fig, ax = plt.subplots(figsize=(8, 0.28 * len(rows) + 1.5))
    ax.barh(
        positions,
        [r["ratio_ours_sklearn_median"] for r in rows],
        color="tab:blue",
        label="median of the repeats",
    )
    ax.plot(
        [r["ratio_ours_sklearn_min"] for r in rows],
        positions,
        "k|",
        markersize=8,
        label="ratio of the minima",
    )
    ax.axvline(1.0, color="black", lw=1)
    ax.set_yticks(positions, labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("epoch time, ours / scikit-learn (lower is faster)")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a subset, a few minutes")
    parser.add_argument("--scaling", action="store_true", help="scaling runs only")
    parser.add_argument(
        "--dropout", action="store_true", help="the cost of dropout only"
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="the cost of the post-GEMM passes of a step, against reference loops",
    )
    parser.add_argument(
        "--n-samples",
        type=int,
        default=None,
        help="--update: rows of the data (default 8000)",
    )
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--case", default=None, help="only cases whose name contains this"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument(
        "--baseline",
        type=Path,
        default=None,
        help="a checkout of an earlier version, timed beside this one",
    )
    args = parser.parse_args(argv)
    if args.baseline is not None and (args.dropout or args.scaling):
        parser.error("--baseline goes with the default, --quick or --update cases")
    if args.n_samples is not None and not args.update:
        parser.error("--n-samples goes with --update")
    mode = next(
        (m for m in ("scaling", "dropout", "update", "quick") if getattr(args, m)),
        "full",
    )
    command = "python benchmarks/bench.py " + " ".join(
        sys.argv[1:] if argv is None else argv
    )
    warnings.simplefilter("ignore", ConvergenceWarning)

    info = machine()
    global BASELINE
    BASELINE = None if args.baseline is None else load_baseline(args.baseline)
    if BASELINE is not None:
        info["baseline"] = str(args.baseline.resolve())
        # Results of a before/after run do not replace the committed ones.
        if args.out == RESULTS:
            args.out = RESULTS / "baseline"
    print(json.dumps(info, indent=1))
    if args.dropout:
        header = DROPOUT_COLUMNS
    elif args.update:
        header = UPDATE_COLUMNS + (" ours / baseline |" if args.baseline else "")
    else:
        header = COLUMNS + (BASELINE_COLUMN[1:] if args.baseline else "")
    print(header, flush=True)
    if args.scaling:
        rows = scaling_rows(args.repeats)
    elif args.update:
        rows = update_rows(args.n_samples or 8000, args.repeats)
    else:
        rows = []
        selected = dropout_cases() if args.dropout else cases(args.quick)
        for case in selected:
            if args.case and args.case not in case.name:
                continue
            X, y = case.data()
            X_train, X_test, y_train, y_test = train_test_split(
                X, y, test_size=0.2, random_state=0
            )
            for solver, dtype, batch in case.configs:
                if args.dropout:
                    row = dropout_row(
                        case, X_train, y_train, solver, dtype, batch, args.repeats
                    )
                    print(format_dropout_row(row), flush=True)
                else:
                    row = run_config(
                        case,
                        X_train,
                        X_test,
                        y_train,
                        y_test,
                        solver,
                        dtype,
                        batch,
                        args.repeats,
                    )
                    print(format_row(row), flush=True)
                rows.append(row)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{mode}.json").write_text(
        json.dumps({"machine": info, "command": command, "rows": rows}, indent=1)
    )
    if args.update:
        write_update_markdown(args.out / f"{mode}.md", command, info, rows)
    else:
        write_markdown(args.out / f"{mode}.md", command, info, rows, args.dropout)
    if not (args.dropout or args.update):
        write_plot(args.out / f"{mode}.png", rows)
    print(f"\nwrote {args.out / mode}.json and .md")


if __name__ == "__main__":
    main()
