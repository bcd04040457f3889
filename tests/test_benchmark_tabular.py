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


def test_several_splits_average_their_scores(tabular, tmp_path):
    tabular.main(["--quick", "--epochs", "2", "--splits", "2"])
    result = json.loads((tmp_path / "tabular.json").read_text())
    rows = {row["dataset"]: row for row in result["rows"]}
    for contestant in tabular.CONTESTANTS:
        c, r = rows["tiny_c"][contestant], rows["tiny_r"][contestant]
        assert len(c["per_split"]) == len(r["per_split"]) == 2
        assert len(c["fit_seconds"]) == 2  # one fit per split
        assert c["accuracy"] == pytest.approx(
            (c["per_split"][0]["accuracy"] + c["per_split"][1]["accuracy"]) / 2
        )
        assert r["error"] == pytest.approx(
            1 - (r["per_split"][0]["r2"] + r["per_split"][1]["r2"]) / 2
        )
    # The splits differ: HistGradientBoosting scores differently on them.
    first, second = rows["tiny_r"]["hgb"]["per_split"]
    assert first["r2"] != second["r2"]
    assert "2 splits per dataset" in (tmp_path / "tabular.md").read_text()


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
    # TabularMLP takes the raw frame (categories, NaN) at --epochs' max_iter.
    assert (
        rows["tiny_c"]["tabular"]["n_iter"] == rows["tiny_r"]["tabular"]["n_iter"] == 3
    )
    assert result["tabular_params"]["classification"]["max_iter"] == 3
    assert result["tabular_params"]["regression"]["standardize_target"] is True
    means = result["geometric_means"]
    assert set(means) == {"classification", "regression"}
    assert means["regression"]["hgb"] == pytest.approx(1.0)
    assert set(means["classification"]) == {
        "hgb",
        "sklearn_mlp",
        "numpy_mlp",
        "tabular",
    }
    wins = result["tabular_wins"]
    assert set(wins) == {"classification", "regression", "all"}
    assert wins["all"]["datasets"] == 2
    assert wins["all"]["beats_sklearn_mlp"] == sum(
        wins[task]["beats_sklearn_mlp"] for task in ("classification", "regression")
    )
    assert wins["regression"]["below_hgb"] == int(
        rows["tiny_r"]["tabular"]["error"] < rows["tiny_r"]["hgb"]["error"]
    )
    report = (tmp_path / "tabular.md").read_text()
    assert "| tiny_c | 90 / 30 | 2 + 1 |" in report
    assert "| regression | 1 |" in report
    assert "TabularMLP" in report and tabular.BEAT_RULE in report
    k = wins["all"]["beats_sklearn_mlp"]
    assert f"| all | 2 | {k} of 2 ({k / 2:.0%}) |" in report
    assert not (tmp_path / "tabular_ablation.json").exists()


def test_the_tabular_contestant_is_the_estimator_at_its_defaults(tabular):
    X, _ = tiny_classification()
    model = tabular.tabular("classification", X, 256)
    assert type(model).__name__ == "TabularMLPClassifier"  # no Pipeline around it
    defaults = type(model)(random_state=tabular.SEED).get_params()
    assert model.get_params() == defaults
    assert tabular.quick_params(model, "tabular", 5).max_iter == 256
    regressor = tabular.tabular("regression", X, 7)
    assert type(regressor).__name__ == "TabularMLPRegressor"
    assert regressor.max_iter == 7


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
            "classification",
            100,
            hgb=0.1,
            sklearn_mlp=0.2,
            numpy_mlp=0.05,
            tabular=0.1,
        ),
        # HGB makes no error: floored at 1 / 50; 0 floored alike gives 1.
        row(
            "classification",
            50,
            hgb=0.0,
            sklearn_mlp=0.16,
            numpy_mlp=0.0,
            tabular=0.01,
        ),
        row("regression", 10, hgb=0.2, sklearn_mlp=0.6, numpy_mlp=1.8, tabular=0.1),
    ]
    means = tabular.geometric_means(rows)
    assert means["classification"]["sklearn_mlp"] == pytest.approx(math.sqrt(2 * 8))
    assert means["classification"]["numpy_mlp"] == pytest.approx(math.sqrt(0.5 * 1))
    assert means["classification"]["tabular"] == pytest.approx(1.0)
    assert means["classification"]["hgb"] == pytest.approx(1.0)
    assert means["regression"]["sklearn_mlp"] == pytest.approx(3.0)
    assert means["regression"]["numpy_mlp"] == pytest.approx(9.0)
    assert means["regression"]["tabular"] == pytest.approx(0.5)


def scored(task, n_test, **results):
    """A row of hand-made (error, log-loss) pairs, or errors for regression."""
    out = {"task": task, "n_test": n_test}
    for c, result in results.items():
        if task == "classification":
            error, loss = result
            out[c] = {"error": error, "accuracy": 1 - error, "log_loss": loss}
        else:
            out[c] = {"error": result, "r2": 1 - result}
    return out


def test_which_datasets_tabular_beats_the_others_on(tabular):
    rows = [
        # Equal accuracy (3 wrong of 30, 1 - accuracy rounded differently):
        # the lower log-loss wins. Below HGB.
        scored(
            "classification",
            30,
            hgb=(0.2, 0.1),
            sklearn_mlp=(1 - 27 / 30, 0.40),
            tabular=(3 / 30, 0.35),
        ),
        # Equal accuracy, higher log-loss: a loss. Equal to HGB: not below.
        scored(
            "classification",
            30,
            hgb=(0.1, 0.1),
            sklearn_mlp=(0.1, 0.30),
            tabular=(0.1, 0.31),
        ),
        # A higher error loses, whatever the log-loss.
        scored(
            "classification",
            30,
            hgb=(0.3, 0.9),
            sklearn_mlp=(0.1, 0.9),
            tabular=(0.1 + 1 / 30, 0.1),
        ),
        # A lower error wins, whatever the log-loss; above HGB.
        scored(
            "classification",
            30,
            hgb=(0.0, 0.01),
            sklearn_mlp=(0.2, 0.1),
            tabular=(0.1, 0.9),
        ),
        # Regression: 1 - R² alone.
        scored("regression", 10, hgb=0.5, sklearn_mlp=0.3, tabular=0.2),
        scored("regression", 10, hgb=0.1, sklearn_mlp=0.3, tabular=0.4),
    ]
    assert tabular.beats(
        "classification", rows[0]["tabular"], rows[0]["sklearn_mlp"], 30
    )
    assert not tabular.beats(
        "classification", rows[1]["tabular"], rows[1]["sklearn_mlp"], 30
    )
    wins = tabular.tally(rows)
    assert wins["classification"] == {
        "datasets": 4,
        "beats_sklearn_mlp": 2,
        "beats_sklearn_mlp_share": 0.5,
        "below_hgb": 2,
        "below_hgb_share": 0.5,
    }
    assert wins["regression"]["beats_sklearn_mlp"] == 1
    assert wins["regression"]["below_hgb"] == 1
    assert wins["all"]["datasets"] == 6
    assert wins["all"]["beats_sklearn_mlp"] == 3
    assert wins["all"]["beats_sklearn_mlp_share"] == pytest.approx(0.5)
    assert wins["all"]["below_hgb"] == 3


def test_the_ablation_variants_of_each_task(tabular):
    classification = tabular.variants("classification")
    regression = tabular.variants("regression")
    assert classification[0] == regression[0] == "full"
    # Each task leaves out what its estimator lacks or already does.
    assert set(classification) == set(tabular.ABLATIONS) - {
        "no_target_standardization",
        "no_passthrough",
        "one_frequency_scale",
    }
    assert set(regression) == set(tabular.ABLATIONS) - {"no_label_smoothing"}
    # Each variant changes what it says on the estimator, and only that.
    for task, names in (("classification", classification), ("regression", regression)):
        full = tabular.tabular_estimator(task, 5).get_params()
        for name in names:
            params = tabular.ABLATIONS[name]
            model = tabular.tabular_estimator(task, 5, **params).get_params()
            changed = {k for k in full if full[k] != model[k]}
            assert changed == {k for k in params if full[k] != params[k]}
            assert changed or name == "full"


def test_ablation_geometric_means_by_hand(tabular):
    def ablation_row(task, n_test, hgb, **errors):
        full = dict.fromkeys(tabular.variants(task), errors.pop("full"))
        full.update(errors)
        return {
            "task": task,
            "n_test": n_test,
            "hgb": {"error": hgb},
            "variants": {v: {"error": e} for v, e in full.items()},
        }

    rows = [
        ablation_row("regression", 10, 0.2, full=0.4, relu=0.8),
        # Floors at 1 / 20: full 0.05, HGB 0.05, relu 0.2.
        ablation_row("regression", 20, 0.0, full=0.0, relu=0.2),
    ]
    means = tabular.ablation_means(rows)
    assert set(means) == {"regression"}
    assert means["regression"]["full"] == {
        "to_full": pytest.approx(1.0),
        "to_hgb": pytest.approx(math.sqrt(2 * 1)),
    }
    assert means["regression"]["relu"]["to_full"] == pytest.approx(math.sqrt(2 * 4))
    assert means["regression"]["relu"]["to_hgb"] == pytest.approx(math.sqrt(4 * 4))


def test_the_ablation_writes_every_variant_for_its_task(tabular, tmp_path, capsys):
    tabular.main(["--ablation", "--epochs", "2"])
    out = capsys.readouterr().out
    assert "tiny_c split 0 no_smooth_clip: error" in out
    assert "tiny_r split 0 relu: error" in out
    assert not (tmp_path / "tabular.json").exists()
    result = json.loads((tmp_path / "tabular_ablation.json").read_text())
    assert result["epochs"] == 2 and result["max_train_rows"] == 5000
    assert result["skipped"] == []
    rows = {row["dataset"]: row for row in result["rows"]}
    assert set(rows) == {"tiny_c", "tiny_r"}  # the absent package is skipped
    c, r = rows["tiny_c"], rows["tiny_r"]
    assert set(c["variants"]) == set(tabular.variants("classification"))
    assert set(r["variants"]) == set(tabular.variants("regression"))
    assert "no_embedding" in c["variants"] and "no_passthrough" in r["variants"]
    for variant in c["variants"].values():
        assert variant["n_iter"] == 2 and min(variant["fit_seconds"]) > 0
        assert variant["error"] == pytest.approx(1 - variant["accuracy"])
        assert variant["log_loss"] > 0
    for variant in r["variants"].values():
        assert variant["n_iter"] == 2
        assert variant["error"] == pytest.approx(1 - variant["r2"])
    # The variants train differently: their held-out losses are not all equal.
    assert len({v["log_loss"] for v in c["variants"].values()}) > 5
    assert len({v["r2"] for v in r["variants"].values()}) > 5
    assert c["hgb"]["n_iter"] > 2  # HGB at its defaults without --quick
    means = result["geometric_means"]
    assert set(means["classification"]) == set(c["variants"])
    assert set(means["regression"]) == set(r["variants"])
    assert means["regression"]["full"]["to_full"] == pytest.approx(1.0)
    relu = r["variants"]["relu"]["error"] / r["variants"]["full"]["error"]
    assert means["regression"]["relu"]["to_full"] == pytest.approx(relu)
    report = (tmp_path / "tabular_ablation.md").read_text()
    classification, regression = report.split("## Classification")[1].split(
        "## Regression"
    )
    assert "| no_label_smoothing |" in classification
    assert "| no_target_standardization |" not in classification
    assert "| no_target_standardization |" in regression
    assert "| no_label_smoothing |" not in regression
    assert "| no_target_standardization | standardize_target=False | — | — |" in report


def test_the_ablation_skips_the_larger_datasets(tabular, tmp_path, capsys):
    tabular.main(["--ablation", "--quick", "--epochs", "1", "--max-train-rows", "80"])
    assert "skipped tiny_c: 90 training rows" in capsys.readouterr().out
    result = json.loads((tmp_path / "tabular_ablation.json").read_text())
    assert result["skipped"] == ["tiny_c"]
    assert [row["dataset"] for row in result["rows"]] == ["tiny_r"]
    assert result["rows"][0]["hgb"]["n_iter"] == 1  # --quick caps HGB too
    assert set(result["geometric_means"]) == {"regression"}


def test_the_validation_rows_are_a_quarter_of_the_training_rows(tabular):
    for name in ("tiny_c", "tiny_r"):
        for seed in (0, 1):
            _, (X_train, X_test, y_train, _) = tabular.load_split(name, 50_000, seed)
            X_fit, X_val, y_fit, y_val = tabular.held_out_split(
                name, 50_000, seed, tabular.VALIDATION
            )
            assert set(X_fit.index) | set(X_val.index) == set(X_train.index)
            assert not set(X_fit.index) & set(X_val.index)
            assert len(X_val) == math.ceil(len(X_train) / 4)
            assert list(y_val.index) == list(X_val.index)
            pd.testing.assert_series_equal(y_fit, y_train.loc[X_fit.index])
            # The ablation scores on the test rows, as the benchmark does.
            _, X_held_out, _, _ = tabular.held_out_split(
                name, 50_000, seed, tabular.ABLATION
            )
            pd.testing.assert_frame_equal(X_held_out, X_test)


def recording(make_model, fitted):
    """``make_model`` whose models record the rows each is fitted on."""

    def make(*args, **params):
        model = make_model(*args, **params)
        fit = model.fit

        def recording_fit(X, y):
            fitted.append(frozenset(X.index))
            return fit(X, y)

        model.fit = recording_fit
        return model

    return make


def test_the_validation_never_sees_the_test_rows(tabular, tmp_path, monkeypatch):
    scored, fitted, score = [], [], tabular.scores

    def recording_scores(task, model, X, y):
        scored.append(frozenset(X.index))
        return score(task, model, X, y)

    monkeypatch.setattr(tabular, "scores", recording_scores)
    monkeypatch.setattr(tabular, "hgb", recording(tabular.hgb, fitted))
    monkeypatch.setattr(
        tabular, "tabular_estimator", recording(tabular.tabular_estimator, fitted)
    )
    tabular.main(["--validation", "--quick", "--epochs", "1", "--splits", "2"])
    fit_rows, validation_rows = set(), set()
    for name in ("tiny_c", "tiny_r"):
        for seed in (0, 1):
            _, (_, X_test, _, _) = tabular.load_split(name, 50_000, seed)
            split = tabular.held_out_split(name, 50_000, seed, tabular.VALIDATION)
            fit_rows.add(frozenset(split[0].index))
            validation_rows.add(frozenset(split[1].index))
            # Neither part holds one of the split's own test rows.
            assert not (set(split[0].index) | set(split[1].index)) & set(X_test.index)
    # Every model (HGB and each variant) fitted on the fit rows, scored on
    # the validation rows, of some split: never on its test rows.
    assert set(fitted) == fit_rows and set(scored) == validation_rows
    # HGB and each variant of its task, on each of the 2 splits of each set.
    expected = sum(
        2 * (1 + len(tabular.variants(task, tabular.CANDIDATES)))
        for task in ("classification", "regression")
    )
    assert len(fitted) == len(scored) == expected
    result = json.loads((tmp_path / "tabular_validation.json").read_text())
    assert result["held_out"] == "validation"
    assert result["ablations"] == tabular.CANDIDATES
    assert result["tabular_params"]["classification"]["numeric_embedding"] == "pl"
    assert result["tabular_params"]["regression"]["numeric_embedding"] == "pl"
    assert result["tabular_params"]["regression"]["embedding_passthrough"]
    assert not (tmp_path / "tabular_ablation.json").exists()
    for row in result["rows"]:
        outer, _ = tabular.load_split(row["dataset"], 50_000)
        assert row["n_train"] + row["n_test"] == outer["n_train"]
        assert set(row["variants"]) == set(
            tabular.variants(row["task"], tabular.CANDIDATES)
        )
        assert len(row["hgb"]["per_split"]) == 2
    report = (tmp_path / "tabular_validation.md").read_text()
    assert "Scored on validation rows" in report
    assert "a split's own test rows are not used" in report
    assert "| plr_relu | numeric_embedding='plr', activation='relu' |" in report
    assert "| full | (the defaults it started from) |" in report


@pytest.mark.parametrize(
    "round_, table, shown",
    [
        (
            "embedding",
            "EMBEDDING_CANDIDATES",
            "embedding_passthrough=True, embedding_sigma=10.0",
        ),
        (
            "frequencies",
            "FREQUENCY_CANDIDATES",
            "| spread_0.1_10 | embedding_sigma=(0.1, 10.0) |",
        ),
    ],
)
def test_the_later_rounds_run_their_own_candidates(
    tabular, tmp_path, round_, table, shown
):
    tabular.main(["--validation", round_, "--quick", "--epochs", "1"])
    file = tabular.STUDIES[round_].file
    result = json.loads((tmp_path / f"{file}.json").read_text())
    assert result["held_out"] == "validation"
    candidates = getattr(tabular, table)
    assert result["ablations"] == json.loads(json.dumps(candidates))  # pairs as lists
    # The first round's results are not overwritten.
    assert not (tmp_path / "tabular_validation.json").exists()
    for row in result["rows"]:
        assert set(row["variants"]) == set(tabular.variants(row["task"], candidates))
    report = (tmp_path / f"{file}.md").read_text()
    assert "Scored on validation rows" in report
    assert shown in report
