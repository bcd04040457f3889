"""What the quantile benchmark reports, on tiny data (no timing is asserted)."""

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.datasets import make_regression

SCRIPT = Path(__file__).parents[1] / "benchmarks" / "quantiles.py"


@pytest.fixture
def quantiles(monkeypatch, tmp_path):
    spec = importlib.util.spec_from_file_location("quantiles", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    X, y = make_regression(n_samples=120, n_features=3, noise=5, random_state=0)
    monkeypatch.setattr(module, "CASES", {"tiny": lambda: (X, y + 500)})
    monkeypatch.setattr(module, "RESULTS", tmp_path)
    # Few iterations: the test checks the report, not the models.
    network, boosting = module.network, module.boosting
    monkeypatch.setattr(module, "network", lambda **p: network(**{"max_iter": 5, **p}))
    monkeypatch.setattr(module, "boosting", lambda q, **p: boosting(q, max_iter=5, **p))
    return module


def test_the_report_holds_every_repeat_level_and_start(quantiles, tmp_path):
    quantiles.main(["--repeats", "2", "--epochs", "4"])
    result = json.loads((tmp_path / "quantiles.json").read_text())
    (row,) = result["rows"]
    assert row["n_train"] == 60
    for contestant in ("network", "boosting"):
        assert len(row[contestant]["seconds"]) == 2
        assert len(row[contestant]["pinball"]) == 3
        assert 0 <= row[contestant]["coverage"] <= 1
    (start,) = result["starts"]
    # The baseline start reaches its own target (5% above its best) by
    # definition; the losses are recorded per epoch asked for.
    assert 1 <= start["epochs_to_target"]["baseline"] <= 4
    assert list(start["loss_after"]["baseline"]) == ["1"]
    report = (tmp_path / "quantiles.md").read_text()
    assert "| tiny | 60 |" in report


def test_epochs_to_reach_counts_from_one(quantiles):
    assert quantiles.epochs_to_reach([5.0, 4.0, 3.0, 2.0], 3.0) == 3
    assert quantiles.epochs_to_reach([5.0, 4.0], 3.0) is None


def test_the_drawn_bias_start_skips_the_baseline(quantiles):
    X, y = make_regression(n_samples=50, n_features=2, random_state=0)
    y = y + 1000
    params = dict(
        early_stopping=False, max_iter=1, learning_rate_init=1e-12, solver="sgd"
    )
    baseline = quantiles.network(**params).fit(X, y)
    drawn = quantiles.DrawnBiasRegressor(**quantiles.network(**params).get_params())
    drawn.fit(X, y)
    np.testing.assert_allclose(
        baseline.intercepts_[-1],
        np.quantile(y, quantiles.LEVELS, method="inverted_cdf"),
        rtol=1e-6,
    )
    assert np.abs(drawn.intercepts_[-1]).max() < 1
