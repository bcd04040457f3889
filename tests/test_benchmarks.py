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
    (row,) = report["rows"]
    assert row["case"] == "sin(x)" and row["score"]["ours"] == pytest.approx(
        row["score"]["sklearn"], abs=1e-9
    )
    assert row["ratio_ours_sklearn"] > 0 and row["ratio_ours_gemm"] > 0
    assert "| sin(x) |" in (tmp_path / "quick.md").read_text()
