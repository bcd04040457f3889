"""Quantile regression: one 3-quantile network against three gradient-boosting fits.

    python benchmarks/quantiles.py               # every case, 5 repeats
    python benchmarks/quantiles.py --repeats 1 --case diabetes

For each case, the repeats alternate one fit of
``NumpyMLPRegressor(loss="quantile", quantile=[0.05, 0.5, 0.95])`` (one
network, three outputs) and three fits of
``HistGradientBoostingRegressor(loss="quantile", quantile=q)``, one per level,
so both see the same machine noise; the median and the minimum fit time are
reported, and their ratio. Both are scored on the same held-out rows: the
pinball loss of each level, and the share of the targets inside the 90%
interval. Both use their defaults' early stopping on 10% of the training
rows.

Then the starting bias: the same network, trained for a fixed number of
epochs with its output bias at the targets' quantiles (the default) and at
the random draw of the other losses, with the held-out rows as ``X_val``; the
number of epochs each needs to bring its held-out pinball loss within 5% of
the best the baseline start reaches.

Writes ``results/quantiles.json`` and ``results/quantiles.md``.
"""

import argparse
import json
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from sklearn.datasets import load_diabetes, make_friedman1
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import mean_pinball_loss
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import NumpyMLPRegressor

sys.path.insert(0, str(Path(__file__).parent))
from bench import machine, machine_line  # the same machine record as bench.py

RESULTS = Path(__file__).parent / "results"
LEVELS = [0.05, 0.5, 0.95]


# ---- data ---------------------------------------------------------------------


def sine(n_samples=40_000):
    """x sin(x) plus log-normal noise growing with x (the gallery's example)."""
    rng = np.random.RandomState(0)
    X = rng.uniform(0, 10, size=(n_samples, 1))
    sigma = 0.5 + X[:, 0] / 10
    noise = rng.lognormal(sigma=sigma) - np.exp(sigma**2 / 2)
    return X, X[:, 0] * np.sin(X[:, 0]) + noise


def friedman(n_samples=40_000):
    """Friedman #1 (10 features, 5 used), about 100, noise growing with x0."""
    X, y = make_friedman1(n_samples, noise=0.0, random_state=0)
    rng = np.random.RandomState(1)
    return X, 100 + y + (0.5 + 4 * X[:, 0]) * rng.standard_t(3, size=n_samples)


def diabetes():
    """scikit-learn's diabetes: 442 rows, 10 features, targets 25 to 346."""
    return load_diabetes(return_X_y=True)


CASES = {"sine 40k x 1": sine, "friedman 40k x 10": friedman, "diabetes": diabetes}


def split(X, y):
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.5, random_state=0
    )
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


# ---- contestants ----------------------------------------------------------------


def network(**params):
    defaults = dict(
        loss="quantile",
        quantile=LEVELS,
        hidden_layer_sizes=(64, 64),
        learning_rate_init=0.003,
        max_iter=300,
        early_stopping=True,
        n_iter_no_change=20,
        random_state=0,
    )
    return NumpyMLPRegressor(**{**defaults, **params})


class DrawnBiasRegressor(NumpyMLPRegressor):
    """The network with its output bias left at the random draw (the old start)."""

    def _start_output_at_baseline(self, output_loss, data):
        pass


def fit_network(X, y):
    start = time.perf_counter()
    model = network().fit(X, y)
    return time.perf_counter() - start, model.predict, model.n_iter_


def boosting(level, **params):
    defaults = dict(loss="quantile", early_stopping=True, random_state=0)
    return HistGradientBoostingRegressor(quantile=level, **{**defaults, **params})


def fit_boosting(X, y):
    start = time.perf_counter()
    models = [boosting(level).fit(X, y) for level in LEVELS]
    seconds = time.perf_counter() - start

    def predict(X):
        return np.column_stack([model.predict(X) for model in models])

    return seconds, predict, [model.n_iter_ for model in models]


CONTESTANTS = {"network": fit_network, "boosting": fit_boosting}


def scores(predict, X_test, y_test):
    predicted = predict(X_test)
    inside = (predicted[:, 0] <= y_test) & (y_test <= predicted[:, 2])
    return {
        "pinball": [
            float(mean_pinball_loss(y_test, predicted[:, k], alpha=level))
            for k, level in enumerate(LEVELS)
        ],
        "coverage": float(inside.mean()),
    }


def compare(name, repeats):
    X_train, X_test, y_train, y_test = split(*CASES[name]())
    times = {contestant: [] for contestant in CONTESTANTS}
    row = {"case": name, "n_train": len(y_train), "n_features": X_train.shape[1]}
    for _ in range(repeats):
        for contestant, fit in CONTESTANTS.items():
            seconds, predict, iterations = fit(X_train, y_train)
            times[contestant].append(seconds)
            row[contestant] = {**scores(predict, X_test, y_test), "n_iter": iterations}
    for contestant, values in times.items():
        row[contestant]["seconds"] = values
    return row


def epochs_to_reach(curve, target):
    reached = np.flatnonzero(np.asarray(curve) <= target)
    return int(reached[0]) + 1 if reached.size else None


def starting_bias(name, epochs):
    X_train, X_test, y_train, y_test = split(*CASES[name]())
    curves, seconds = {}, {}
    for start, cls in [("baseline", NumpyMLPRegressor), ("drawn", DrawnBiasRegressor)]:
        params = network().get_params()
        params.update(early_stopping=False, max_iter=epochs, tol=0.0)
        model = cls(**params)
        began = time.perf_counter()
        model.fit(X_train, y_train, X_val=X_test, y_val=y_test)
        seconds[start] = time.perf_counter() - began
        # The held-out pinball loss, summed over the levels: mean over them.
        curves[start] = [v / len(LEVELS) for v in model.validation_loss_curve_]
    target = 1.05 * min(curves["baseline"])
    return {
        "case": name,
        "epochs": epochs,
        "target": target,
        "seconds": seconds,
        "epochs_to_target": {
            start: epochs_to_reach(curve, target) for start, curve in curves.items()
        },
        "loss_after": {
            start: {str(e): curve[e - 1] for e in (1, 10, 50) if e <= epochs}
            for start, curve in curves.items()
        },
    }


# ---- report -----------------------------------------------------------------------


def summary(values):
    return statistics.median(values), min(values)


def markdown(command, info, rows, starts):
    lines = [
        "# Quantile regression: one network against three gradient-boosting fits",
        "",
        f"`{command}`. {machine_line(info)}",
        "",
        "Levels 0.05, 0.5, 0.95; held-out half of the rows. Fit time over the "
        "repeats, median (minimum); pinball loss per level (lower is better); "
        "coverage: share of held-out targets inside the 90% interval.",
        "",
        "| case | rows (train) | fit s, network | fit s, 3 x boosting | network / boosting | "
        "pinball, network | pinball, boosting | coverage, network | coverage, boosting |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in rows:
        net, hgb = (
            summary(row["network"]["seconds"]),
            summary(row["boosting"]["seconds"]),
        )
        lines.append(
            f"| {row['case']} | {row['n_train']} | {net[0]:.2f} ({net[1]:.2f}) | "
            f"{hgb[0]:.2f} ({hgb[1]:.2f}) | {net[0] / hgb[0]:.2f} ({net[1] / hgb[1]:.2f}) | "
            f"{' / '.join(f'{v:.3f}' for v in row['network']['pinball'])} | "
            f"{' / '.join(f'{v:.3f}' for v in row['boosting']['pinball'])} | "
            f"{row['network']['coverage']:.3f} | {row['boosting']['coverage']:.3f} |"
        )
    lines += [
        "",
        "## The starting bias",
        "",
        "The same network for a fixed number of epochs (no early stopping), its "
        "output bias started at the training targets' quantiles (the default) or "
        "left at the random draw of the other losses. Epochs until the held-out "
        "pinball loss (mean over the levels) is within 5% of the best the "
        "baseline start reaches; '-' is never.",
        "",
        "| case | epochs | epochs to target, baseline start | epochs to target, drawn bias | "
        "loss after 1 / 10 / 50 epochs, baseline | the same, drawn bias |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for row in starts:
        reach = row["epochs_to_target"]
        after = row["loss_after"]
        lines.append(
            f"| {row['case']} | {row['epochs']} | {reach['baseline'] or '-'} | "
            f"{reach['drawn'] or '-'} | "
            f"{' / '.join(f'{v:.3g}' for v in after['baseline'].values())} | "
            f"{' / '.join(f'{v:.3g}' for v in after['drawn'].values())} |"
        )
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--case", default="")
    parser.add_argument("--epochs", type=int, default=100)
    args = parser.parse_args(argv)
    names = [name for name in CASES if args.case in name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        rows = [compare(name, args.repeats) for name in names]
        starts = [starting_bias(name, args.epochs) for name in names]
    info = machine()
    command = ("python benchmarks/quantiles.py " + " ".join(argv or [])).strip()
    RESULTS.mkdir(exist_ok=True)
    results = {"command": command, "machine": info, "rows": rows, "starts": starts}
    (RESULTS / "quantiles.json").write_text(json.dumps(results, indent=1))
    report = markdown(command, info, rows, starts)
    (RESULTS / "quantiles.md").write_text(report)
    print(report)


if __name__ == "__main__":
    main(sys.argv[1:])
