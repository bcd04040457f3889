"""What the benchmark script promises, on tiny data (no timing is asserted).

Its clock is replaced: each timed fit really fits and returns a scripted
duration, so the reported times, summaries and ratios can be checked exactly
against what was "measured", and the order of the runs against the
interleaving the script claims.
"""

import importlib.util
import json
import statistics
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.datasets import make_moons

BENCH = Path(__file__).parents[1] / "benchmarks" / "bench.py"


@pytest.fixture
def bench(monkeypatch):
    spec = importlib.util.spec_from_file_location("bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # The cases' data, made small: 80 training and 20 test samples.
    rng = np.random.RandomState(0)
    x = rng.uniform(-2 * np.pi, 2 * np.pi, size=(100, 1))
    monkeypatch.setattr(module, "sine", lambda: (x, np.sin(x).ravel()))
    moons = make_moons(n_samples=100, noise=0.2, random_state=0)
    monkeypatch.setattr(module, "moons", lambda: moons)
    return module


def contestant(estimator):
    module = type(estimator).__module__
    if module.startswith("sklearn.neural_network"):
        return "sklearn"
    if module.startswith("sklearn_mlp_np_baseline"):
        return "baseline"
    assert module.startswith("sklearn_mlp_np")
    return "dropout" if estimator.dropout else "ours"


@pytest.fixture
def runs(bench, monkeypatch):
    """The log of what was timed, in order: (what, details, scripted seconds)."""
    log = []

    def scripted():
        return float((7 * len(log)) % 11 + 1)  # distinct, in no order

    def timed_fit(estimator, X, y):
        estimator.fit(X, y)
        seconds = scripted()
        log.append((contestant(estimator), (estimator, X.dtype), seconds))
        return seconds

    def timed(name, measure):
        def run(X, units, batch_size, dtype, *args):
            measure(X, units, batch_size, dtype, *args)  # runs, its time ignored
            seconds = scripted()
            log.append((name, (list(units), batch_size, dtype), seconds))
            return seconds

        return run

    monkeypatch.setattr(bench, "timed_fit", timed_fit)
    monkeypatch.setattr(bench, "gemm_epoch", timed("gemm", bench.gemm_epoch))
    monkeypatch.setattr(
        bench, "hidden_pass_epoch", timed("pass", bench.hidden_pass_epoch)
    )
    monkeypatch.setattr(bench, "mask_draw_epoch", timed("draw", bench.mask_draw_epoch))
    return log


def summary_of(values):
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
    }


def rotations(names, repeats):
    """Each repeat runs every contestant once, the first one rotating."""
    return [names[r % len(names) :] + names[: r % len(names)] for r in range(repeats)]


def check_timed_rows(bench, rows, log, contestants, repeats, expected_configs):
    """Each row: its fits, in the interleaved order, and what it reports of them."""
    solvers = bench.SOLVERS
    assert [
        (r["case"], r["solver"], r["dtype"], r["batch_size"]) for r in rows
    ] == expected_configs
    per_row = len(contestants) * repeats + repeats  # the fits, and a GEMM each
    assert len(log) == per_row * len(rows)
    for i, row in enumerate(rows):
        runs = log[i * per_row : (i + 1) * per_row]
        order = [name for name, _, _ in runs]
        assert order == [
            name for turn in rotations(contestants, repeats) for name in [*turn, "gemm"]
        ]
        epochs = row["epochs"]
        # One epoch at batch size 1, the case's epochs otherwise.
        assert epochs == (1 if row["batch_size"] == 1 else 10)
        assert row["steps_per_epoch"] == -(-80 // row["batch_size"])
        assert row["n_samples"] == 80
        for name, details, _ in runs:
            if name == "gemm":
                units, batch_size, dtype = details
                assert units == [1, 10, 10, 1] and batch_size == row["batch_size"]
                assert dtype == row["dtype"]
                continue
            estimator, X_dtype = details
            params = estimator.get_params()
            assert X_dtype == row["dtype"]
            assert params["batch_size"] == row["batch_size"]
            assert params["max_iter"] == epochs
            for key, value in solvers[row["solver"]].items():
                assert params[key] == value
        times = row["seconds_per_epoch"]
        assert set(times) == {*contestants, "gemm"}
        for name in times:
            scripted = [s for n, _, s in runs if n == name]
            per_epoch = scripted if name == "gemm" else [s / epochs for s in scripted]
            assert times[name] == summary_of(per_epoch)
            assert times[name]["min"] <= times[name]["median"] <= times[name]["max"]
        # The ratios are those of the times the row reports.
        for stat in ("median", "min"):
            t = {name: times[name][stat] for name in times}
            assert row[f"ratio_ours_sklearn_{stat}"] == t["ours"] / t["sklearn"]
            assert row[f"ratio_ours_gemm_{stat}"] == t["ours"] / t["gemm"]
            assert row[f"ratio_sklearn_gemm_{stat}"] == t["sklearn"] / t["gemm"]
            if "baseline" in times:
                baseline = t["ours"] / t["baseline"]
                assert row[f"ratio_ours_baseline_{stat}"] == baseline


def sin_configs(bench, quick):
    (case,) = [case for case in bench.cases(quick) if "sin" in case.name]
    return [(case.name, *config) for config in case.configs]


def table_rows(markdown):
    return [line for line in markdown.splitlines() if line.startswith("| sin(x)")]


@pytest.mark.parametrize("mode", ["quick", "full"])
def test_a_run_times_the_requested_configurations_interleaved(
    bench, runs, tmp_path, mode
):
    bench.main(
        [f"--{mode}"] * (mode == "quick")
        + ["--case", "sin", "--repeats", "3", "--out", str(tmp_path)]
    )
    report = json.loads((tmp_path / f"{mode}.json").read_text())
    rows = report["rows"]
    expected = sin_configs(bench, quick=mode == "quick")
    assert len(expected) == (2 if mode == "quick" else 7)
    check_timed_rows(bench, rows, runs, ["sklearn", "ours"], 3, expected)
    per_sample = rows[0]
    assert per_sample["batch_size"] == 1 and per_sample["steps_per_epoch"] == 80
    # Same seed, same maths: the same test score as scikit-learn in float64.
    assert per_sample["score"]["ours"] == pytest.approx(
        per_sample["score"]["sklearn"], abs=1e-9
    )
    # The table has a line per row, with its configuration and ratio.
    lines = table_rows((tmp_path / f"{mode}.md").read_text())
    assert len(lines) == len(rows)
    for line, row in zip(lines, rows):
        ratio = (
            f"**{row['ratio_ours_sklearn_median']:.2f} "
            f"({row['ratio_ours_sklearn_min']:.2f})**"
        )
        start = f"| sin(x) 1-10-10-1 | {row['solver']} | {row['dtype']} | "
        assert line.startswith(start + f"{row['batch_size']} |") and ratio in line


def test_a_baseline_checkout_is_timed_beside_this_one(
    bench, runs, tmp_path, monkeypatch
):
    # This checkout as its own baseline: loaded a second time, under another name.
    checkout = BENCH.parents[1]
    monkeypatch.setattr(bench, "RESULTS", tmp_path / "results")  # the default --out
    quick_sin = ["--quick", "--case", "sin", "--repeats", "3"]
    bench.main([*quick_sin, "--baseline", str(checkout)])
    # A before/after run does not replace the committed results.
    assert not (tmp_path / "results" / "quick.json").exists()
    out = tmp_path / "results" / "baseline"
    report = json.loads((out / "quick.json").read_text())
    assert report["machine"]["baseline"] == str(checkout.resolve())
    assert bench.BASELINE.__name__ == "sklearn_mlp_np_baseline"
    rows = report["rows"]
    contestants = ["sklearn", "ours", "baseline"]
    check_timed_rows(bench, rows, runs, contestants, 3, sin_configs(bench, True))
    markdown = (out / "quick.md").read_text()
    assert "ours / baseline" in markdown
    for line, row in zip(table_rows(markdown), rows):
        ratio = (
            f"**{row['ratio_ours_baseline_median']:.2f} "
            f"({row['ratio_ours_baseline_min']:.2f})** |"
        )
        assert line.endswith(ratio)
    # The next run without --baseline times no baseline.
    runs.clear()
    bench.main(["--quick", "--case", "sin", "--repeats", "1", "--out", str(tmp_path)])
    assert bench.BASELINE is None
    assert "baseline" not in {name for name, _, _ in runs}


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--dropout", "--baseline", "."], "--baseline goes with the default"),
        (["--scaling", "--baseline", "."], "--baseline goes with the default"),
    ],
)
def test_a_baseline_is_refused_where_it_is_not_timed(bench, argv, message, capsys):
    with pytest.raises(SystemExit):
        bench.main(argv)
    assert message in capsys.readouterr().err


def test_a_missing_baseline_checkout_is_refused(bench, tmp_path):
    with pytest.raises(SystemExit, match="does not exist"):
        bench.main(["--quick", "--baseline", str(tmp_path)])


def test_the_dropout_row_is_computed_from_the_times_it_reports(bench, runs, tmp_path):
    bench.main(
        ["--dropout", "--case", "moons", "--repeats", "4", "--out", str(tmp_path)]
    )
    (row,) = json.loads((tmp_path / "dropout.json").read_text())["rows"]
    assert (row["solver"], row["dtype"], row["batch_size"]) == (
        "sgd-m0.9",
        "float64",
        32,
    )
    assert row["dropout"] == 0.2 and row["steps_per_epoch"] == 3  # 80 / 32
    runs = [("no dropout" if n == "ours" else n, d, s) for n, d, s in runs]
    # Interleaved: the two fits alternate who goes first, then a pass, a draw.
    order = [name for name, _, _ in runs]
    assert order == [
        name
        for r in range(4)
        for name in (
            ["no dropout", "dropout"] if r % 2 == 0 else ["dropout", "no dropout"]
        )
        + ["pass", "draw"]
    ]
    for name, details, _ in runs:
        if name in ("pass", "draw"):
            units, batch_size, dtype = details
            assert units == [2, 25, 50, 25, 1] and batch_size == 32
            assert dtype == "float64"
            continue
        estimator, _ = details
        assert estimator.dropout == (0.2 if name == "dropout" else 0.0)
        assert estimator.max_iter == 10
    times = row["seconds_per_epoch"]
    for name in times:
        scripted = [s for n, _, s in runs if n == name]
        fit = name in ("dropout", "no dropout")
        assert times[name] == summary_of(
            [s / 10 for s in scripted] if fit else scripted
        )
    extra, draw = row["extra_in_passes"], row["draw_in_passes"]
    for stat in ("median", "min"):
        t = {name: times[name][stat] for name in times}
        assert extra[stat] == (t["dropout"] - t["no dropout"]) / t["pass"]
        assert draw[stat] == t["draw"] / t["pass"]
        assert row["beyond_draw_in_passes"][stat] == extra[stat] - draw[stat]
    markdown = (tmp_path / "dropout.md").read_text()
    assert "extra time of dropout in passes" in markdown
    assert f"| **{extra['median']:.1f}** ({extra['min']:.1f}) |" in markdown


class RecordingNumpy:
    """numpy, with its matmul and multiply calls recorded."""

    def __init__(self):
        self.calls = []

    def __getattr__(self, name):
        return getattr(np, name)

    def matmul(self, a, b, out):
        self.calls.append(("matmul", a.shape, b.shape, out.shape, out.dtype))
        return np.matmul(a, b, out=out)

    def multiply(self, a, b, out):
        self.calls.append(("multiply", a.shape, b.shape, out.shape, out.dtype))
        return np.multiply(a, b, out=out)


BATCHES = [4, 4, 2]  # 10 samples in batches of 4
UNITS = [3, 4, 5, 2]


def gemm_products(n, units, sparse_input=False):
    """A batch of n rows: the forward products, then, from the output layer
    down, each weight gradient and (but for the input) the back-propagation."""
    forward = [((n, a), (a, b), (n, b)) for a, b in pairwise(units)]
    backward = []
    for i in range(len(units) - 2, -1, -1):
        backward.append(((units[i], n), (n, units[i + 1]), (units[i], units[i + 1])))
        if i > 0:
            backward.append(
                ((n, units[i + 1]), (units[i + 1], units[i]), (n, units[i]))
            )
    if sparse_input:  # the input layer's products are scipy's, not numpy's
        del forward[0], backward[-1]
    return forward + backward


@pytest.mark.parametrize("sparse_input", [False, True])
def test_the_gemm_floor_runs_the_networks_matrix_products(
    bench, monkeypatch, sparse_input
):
    recording = RecordingNumpy()
    monkeypatch.setattr(bench, "np", recording)
    X = np.random.RandomState(0).rand(10, 3).astype(np.float32)
    X = sp.csr_matrix(X) if sparse_input else X
    bench.gemm_epoch(X, UNITS, 4, np.float32)
    expected = [
        ("matmul", *shapes, np.float32)
        for n in BATCHES
        for shapes in gemm_products(n, UNITS, sparse_input)
    ]
    assert recording.calls == expected


def test_the_passes_of_a_dropout_row_cover_each_hidden_activation(bench, monkeypatch):
    recording = RecordingNumpy()
    monkeypatch.setattr(bench, "np", recording)
    X = np.zeros((10, 3))
    bench.hidden_pass_epoch(X, UNITS, 4, np.float32)
    assert recording.calls == [
        ("multiply", (n, width), (n, width), (n, width), np.float32)
        for n in BATCHES
        for width in UNITS[1:-1]
    ]
    draws = []

    class RecordingDropout(bench.Dropout):
        def inplace_draw(self, i, mask):
            draws.append((self.rates, i, mask.shape, mask.dtype))
            super().inplace_draw(i, mask)

    monkeypatch.setattr(bench, "Dropout", RecordingDropout)
    bench.mask_draw_epoch(X, UNITS, 4, np.float32, 0.3)
    assert draws == [
        ([0.3, 0.3], i, (n, width), np.float32)
        for n in BATCHES
        for i, width in enumerate(UNITS[1:-1])
    ]


@pytest.mark.parametrize(
    "regression, y, n_out",
    [(True, [0.5, 1.5], 1), (False, [0, 1], 1), (False, [0, 1, 2], 3)],
)
def test_layer_units_end_in_the_networks_outputs(bench, regression, y, n_out):
    case = bench.Case("c", None, (7, 5), regression=regression)
    X = np.zeros((len(y), 4))
    assert bench.layer_units(case, X, np.array(y)) == [4, 7, 5, n_out]


def test_an_epoch_at_batch_size_one_is_a_fit(bench):
    case = bench.Case("c", None, (7,), epochs=10)
    assert bench.epochs_and_steps(case, 80, 1) == (1, 80)
    assert bench.epochs_and_steps(case, 80, 32) == (10, 30)  # 3 batches an epoch
