"""The benchmark script runs and writes its reports (no timing is asserted)."""

import importlib.util
import json
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[1] / "benchmarks" / "bench.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quick_benchmark_of_one_case_writes_json_and_markdown(bench, tmp_path):
    bench.main(["--quick", "--case", "sin", "--repeats", "1", "--out", str(tmp_path)])
    report = json.loads((tmp_path / "quick.json").read_text())
    per_sample, _minibatch = report["rows"]
    assert per_sample["batch_size"] == 1 and per_sample["steps_per_epoch"] == 1600
    # Same seed, same maths: the same test score as scikit-learn in float64.
    assert per_sample["score"]["ours"] == pytest.approx(
        per_sample["score"]["sklearn"], abs=1e-9
    )
    for row in report["rows"]:
        assert row["ratio_ours_sklearn_median"] > 0 and row["ratio_ours_gemm_min"] > 0
    assert (
        "| sin(x) 1-10-10-1 | sgd-m0.9 | float64 | 1 |"
        in (tmp_path / "quick.md").read_text()
    )


def test_dropout_benchmark_reports_the_cost_in_passes(bench, tmp_path):
    bench.main(
        ["--dropout", "--case", "moons", "--repeats", "1", "--out", str(tmp_path)]
    )
    (row,) = json.loads((tmp_path / "dropout.json").read_text())["rows"]
    assert row["dropout"] == 0.2 and row["seconds_per_epoch"]["pass"]["median"] > 0
    assert "extra time of dropout in passes" in (tmp_path / "dropout.md").read_text()
    # The draw of the masks is measured on its own, and the rest is what is left.
    draw, beyond = row["draw_in_passes"], row["beyond_draw_in_passes"]
    assert draw["median"] > 0
    assert beyond["median"] == pytest.approx(
        row["extra_in_passes"]["median"] - draw["median"]
    )


def test_a_baseline_checkout_is_timed_beside_this_one(bench, tmp_path):
    # This checkout as its own baseline: loaded a second time, under another name.
    checkout = BENCH.parents[1]
    quick_sin = ["--quick", "--case", "sin", "--repeats", "1", "--out", str(tmp_path)]
    bench.main([*quick_sin, "--baseline", str(checkout)])
    report = json.loads((tmp_path / "quick.json").read_text())
    assert report["machine"]["baseline"] == str(checkout.resolve())
    assert bench.BASELINE.__name__ == "sklearn_mlp_np_baseline"
    for row in report["rows"]:
        assert row["seconds_per_epoch"]["baseline"]["median"] > 0
        assert row["ratio_ours_baseline_median"] > 0
    assert "ours / baseline" in (tmp_path / "quick.md").read_text()
    # The next run without --baseline times no baseline.
    bench.main(quick_sin)
    assert bench.BASELINE is None
