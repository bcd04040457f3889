"""What the real-data benchmark reports, on tiny data (no timing is asserted).

The benchmark's own datasets come from the ``tabular-benchmark`` extra, which
CI does not install: here the dataset table is replaced by two tiny frames,
with a categorical column and missing values, so that every preprocessing
path runs.
"""

import importlib.util
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

SCRIPT = Path(__file__).parents[1] / "benchmarks" / "tabular.py"


def frame(n_samples, seed):
    rng = np.random.RandomState(seed)
    X = pd.DataFrame(
        {
            "a": rng.normal(size=n_samples),
            "b": rng.lognormal(size=n_samples),
            "colour": pd.Categorical(rng.choice(["red", "green", "blue"], n_samples)),
        }
    )
    X.loc[::17, "b"] = np.nan
    signal = X["a"] + (X["colour"] == "red") - 0.2 * X["b"].fillna(0)
    return X, signal + 0.3 * rng.normal(size=n_samples)


def tiny_classification():
    X, signal = frame(120, 0)
    return X, pd.Series(np.where(signal > 0.3, "yes", "no"))


def tiny_regression():
    return frame(100, 1)


def needs_a_missing_package():
    import a_package_that_is_not_installed  # noqa: F401


@pytest.fixture
def tabular(monkeypatch, tmp_path):
    spec = importlib.util.spec_from_file_location("tabular", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    Dataset = module.Dataset
    datasets = {
        "tiny_c": Dataset(tiny_classification, "classification", "test", "none"),
        "tiny_r": Dataset(tiny_regression, "regression", "test", "none"),
        "absent": Dataset(needs_a_missing_package, "regression", "nowhere", "none"),
    }
    monkeypatch.setattr(module, "DATASETS", datasets)
    monkeypatch.setattr(module, "QUICK", list(datasets))
    monkeypatch.setattr(module, "RESULTS", tmp_path)
    return module


def test_the_report_holds_every_dataset_and_contestant(tabular, tmp_path):
    tabular.main(["--quick", "--epochs", "3", "--repeats", "2"])
    result = json.loads((tmp_path / "tabular.json").read_text())
    assert result["epochs"] == 3
    rows = {row["dataset"]: row for row in result["rows"]}
    assert set(rows) == {"tiny_c", "tiny_r"}  # the absent package is skipped
    assert rows["tiny_c"]["n_test"] == 30
    assert rows["tiny_c"]["n_categorical"] == 1
    assert rows["tiny_c"]["missing"]
    for contestant in tabular.CONTESTANTS:
        c, r = rows["tiny_c"][contestant], rows["tiny_r"][contestant]
        assert len(c["fit_seconds"]) == len(c["predict_seconds"]) == 2
        assert 0 <= c["accuracy"] <= 1 and c["log_loss"] > 0
        assert c["error"] == pytest.approx(1 - c["accuracy"])
        assert r["error"] == pytest.approx(1 - r["r2"])
        # --quick caps every contestant's epochs (boosting iterations).
        assert c["n_iter"] <= 3 and r["n_iter"] <= 3
    means = result["geometric_means"]
    assert set(means) == {"classification", "regression"}
    assert means["regression"]["hgb"] == pytest.approx(1.0)
    report = (tmp_path / "tabular.md").read_text()
    assert "| tiny_c | 90 / 30 | 2 + 1 |" in report
    assert "| regression | 1 |" in report


def row(task, n_test, **errors):
    return {
        "task": task,
        "n_test": n_test,
        **{c: {"error": e} for c, e in errors.items()},
    }


def test_geometric_mean_of_the_error_ratios_by_hand(tabular):
    rows = [
        # ratios 2, 0.5, 1
        row(
            "classification", 100, hgb=0.1, sklearn_mlp=0.2, numpy_mlp=0.05, recipe=0.1
        ),
        # HGB makes no error: floored at 1 / 50; 0 floored alike gives 1.
        row(
            "classification", 50, hgb=0.0, sklearn_mlp=0.16, numpy_mlp=0.0, recipe=0.01
        ),
        row("regression", 10, hgb=0.2, sklearn_mlp=0.6, numpy_mlp=1.8, recipe=0.1),
    ]
    means = tabular.geometric_means(rows)
    assert means["classification"]["sklearn_mlp"] == pytest.approx(math.sqrt(2 * 8))
    assert means["classification"]["numpy_mlp"] == pytest.approx(math.sqrt(0.5 * 1))
    assert means["classification"]["recipe"] == pytest.approx(1.0)
    assert means["classification"]["hgb"] == pytest.approx(1.0)
    assert means["regression"]["sklearn_mlp"] == pytest.approx(3.0)
    assert means["regression"]["numpy_mlp"] == pytest.approx(9.0)
    assert means["regression"]["recipe"] == pytest.approx(0.5)


def test_the_largest_stable_rate(tabular):
    def result(task, name, rate, loss, diverged=False):
        key = "log_loss" if task == "classification" else "error"
        return {
            "task": task,
            "dataset": name,
            "rate": rate,
            key: loss,
            "diverged": diverged,
        }

    results = [
        result("classification", "a", 0.04, 0.2, diverged=True),
        result("classification", "a", 0.01, 0.29),  # within 1.5 x the best
        result("classification", "a", 0.003, 0.2),
        result("classification", "a", 0.001, 0.31),  # beyond: not stable on a
        result("classification", "b", 0.04, 0.5),
        result("classification", "b", 0.01, 0.5),
        result("classification", "b", 0.003, 0.5),
        result("classification", "b", 0.001, 0.5),
        result("regression", "c", 0.07, 0.9),
        result("regression", "c", 0.01, 0.5),
        result("regression", "c", 0.003, 0.4),
        result("regression", "c", 0.001, 0.4),
    ]
    assert tabular.stable_rates(results) == {"classification": 0.01, "regression": 0.01}


def test_the_recipe_restores_the_best_epoch(tabular):
    X, y = tiny_classification()
    model = tabular.recipe("classification", X, 4).fit(X, y)
    network = model[-1]
    assert network.n_iter_ == 4  # n_iter_no_change=inf: every epoch runs
    assert network.n_iter_no_change == np.inf and network.validation_fraction == 0.2
    # The weights kept are those of the best held-out score, not the last.
    Z = model[:-1].transform(X)
    network = tabular.recipe_network("classification", 12, 0.04)
    network.fit(Z[:80], y[:80], X_val=Z[80:], y_val=y[80:])
    scores = network.validation_scores_
    assert network.n_iter_ == 12 and len(set(scores)) > 1
    assert network.score(Z[80:], y[80:]) == max(scores)
