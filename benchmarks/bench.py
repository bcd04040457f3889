"""Benchmark NumpyMLP* against scikit-learn's MLP, side by side in one process.

    python benchmarks/bench.py            # every case
    python benchmarks/bench.py --quick    # a small subset
    python benchmarks/bench.py --scaling  # epoch time against n_samples, width, depth
    python benchmarks/bench.py --dropout  # what dropout costs
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


def write_markdown(path, command, info, rows, dropout=False):
    blas = ", ".join(
        f"{b['internal_api']} {b['version']} {b['architecture']} ({b['num_threads']} threads)"
        for b in info["blas"]
    )
    columns, formatter = (
        (DROPOUT_COLUMNS, format_dropout_row) if dropout else (COLUMNS, format_row)
    )
    if "baseline" in info:
        columns = columns + BASELINE_COLUMN[1:]
    lines = [
        f"Command: `{command}`",
        "",
        f"Machine: {info['platform']}, {info['cpu_count']} cores, Python {info['python']}, "
        f"numpy {info['numpy']}, scikit-learn {info['scikit-learn']}, BLAS: {blas}.",
        "",
        "Seconds per epoch: the median (and the minimum) over interleaved repeats of "
        "fit time / epochs, set-up included; µs/step divides by the minibatches of an "
        "epoch. GEMM is one epoch of the bare matrix products at the same shapes; "
        "ratios are taken between the medians (the minima) of one run."
        + (
            f" Baseline: the checkout at {info['baseline']}."
            if "baseline" in info
            else ""
        ),
        "",
        columns,
        "|" + "---|" * columns.count(" | ") + "---|",
        *[formatter(r) for r in rows],
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
        parser.error("--baseline goes with the default or --quick cases")
    mode = next(
        (m for m in ("scaling", "dropout", "quick") if getattr(args, m)), "full"
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
    print(
        DROPOUT_COLUMNS
        if args.dropout
        else COLUMNS + (BASELINE_COLUMN[1:] if args.baseline else ""),
        flush=True,
    )
    if args.scaling:
        rows = scaling_rows(args.repeats)
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
    write_markdown(args.out / f"{mode}.md", command, info, rows, args.dropout)
    if not args.dropout:
        write_plot(args.out / f"{mode}.png", rows)
    print(f"\nwrote {args.out / mode}.json and .md")


if __name__ == "__main__":
    main()
