"""The benchmarks page, read from the results the benchmark script wrote.

``.. benchmark-report:: full`` (or ``scaling``, ``dropout``) turns
``benchmarks/results/<name>.json`` into tables and a summary, so the page shows
exactly what the last committed run measured; ``plot_ratios`` draws its ratios
for the ``.. plot::`` directive. Nothing here measures anything.
"""

import json
import statistics
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

RESULTS = Path(__file__).resolve().parents[2] / "benchmarks" / "results"
BIG_CASE = "mnist-sized 60k"


def load(name):
    return json.loads((RESULTS / f"{name}.json").read_text())


def _machine(results):
    machine = results["machine"]
    blas = ", ".join(
        f"{lib['internal_api']} {lib['version'] or ''} {lib['architecture'] or ''}"
        f" ({lib['num_threads']} threads)".replace("  ", " ")
        for lib in machine["blas"]
    )
    return (
        f"``{results['command'].strip()}``, on {machine['cpu_count']} cores "
        f"(BLAS: {blas}), Python {machine['python']}, numpy {machine['numpy']}, "
        f"scikit-learn {machine['scikit-learn']}"
    )


def _list_table(header, rows, widths=None):
    lines = [".. list-table::", "   :header-rows: 1"]
    if widths:
        lines.append(f"   :widths: {' '.join(map(str, widths))}")
    lines.append("")
    for row in [header, *rows]:
        lines.append(f"   * - {row[0]}")
        lines.extend(f"     - {cell}" for cell in row[1:])
    return [*lines, ""]


def _seconds(row, who):
    return f"{row['seconds_per_epoch'][who]['median']:.4g}"


def _config(row):
    return [row["solver"], row["dtype"], str(row["batch_size"])]


def _ratio(row, name):
    """The ratio of the medians, with that of the minima in brackets."""
    return f"{row[name + '_median']:.2f} ({row[name + '_min']:.2f})"


def _ratios(row):
    return [
        f"**{_ratio(row, 'ratio_ours_sklearn')}**",
        _ratio(row, "ratio_ours_gemm"),
        _ratio(row, "ratio_sklearn_gemm"),
    ]


def _microseconds_per_step(row):
    ours, theirs = (
        row["seconds_per_epoch"][who]["median"] / row["steps_per_epoch"] * 1e6
        for who in ("ours", "sklearn")
    )
    return f"{ours:.0f} / {theirs:.0f}"


def _full_report(results):
    rows = results["rows"]
    big = [r for r in rows if r["case"] == BIG_CASE]
    small = [r for r in rows if r["case"] != BIG_CASE]
    lines = [f"Measured by {_machine(results)}.", ""]

    if big:
        r = big[0]
        lines += [
            f"**The MNIST-sized case**: {r['n_samples']:,} training rows, "
            "784 features, 10 classes, hidden layers (256, 128), relu; "
            f"{r['epochs']} epoch per fit (set-up included). Ratios are those "
            "of the medians of the repeats, with those of the minima in "
            "brackets.",
            "",
        ]
        lines += _list_table(
            [
                "solver",
                "dtype",
                "batch",
                "ours s/epoch",
                "sklearn s/epoch",
                "ours / sklearn",
                "ours / GEMM",
                "sklearn / GEMM",
            ],
            [
                [*_config(r), _seconds(r, "ours"), _seconds(r, "sklearn"), *_ratios(r)]
                for r in big
            ],
        )
        from_128 = [r for r in big if r["batch_size"] >= 128]
        if from_128:
            ours = [r["ratio_ours_gemm_median"] for r in from_128]
            theirs = [r["ratio_sklearn_gemm_median"] for r in from_128]
            lines += [
                "From batch 128 up, an epoch of ours takes "
                f"{min(ours):.1f}x to {max(ours):.1f}x the time of its bare "
                f"matrix products (median {statistics.median(ours):.1f}x), "
                f"scikit-learn's {min(theirs):.1f}x to {max(theirs):.1f}x "
                f"(median {statistics.median(theirs):.1f}x).",
                "",
            ]

    if small:
        ratios = [r["ratio_ours_sklearn_median"] for r in small]
        lines += [
            f"**The other cases** ({len(small)} configurations: the small "
            "problems and the sparse case): an epoch "
            f"takes {min(ratios):.2f}x to {max(ratios):.2f}x scikit-learn's, "
            f"median {statistics.median(ratios):.2f}x.",
            "",
        ]
        lines += _list_table(
            [
                "case",
                "solver",
                "dtype",
                "batch",
                "ours / sklearn",
                "µs per step, ours / sklearn",
                "test score ours / sklearn",
                "peak fit MB ours / sklearn",
            ],
            [
                [
                    r["case"],
                    *_config(r),
                    f"**{_ratio(r, 'ratio_ours_sklearn')}**",
                    _microseconds_per_step(r),
                    f"{r['score']['ours']:.4f} / {r['score']['sklearn']:.4f}",
                    f"{r['peak_fit_bytes']['ours'] / 1e6:.1f} / "
                    f"{r['peak_fit_bytes']['sklearn'] / 1e6:.1f}",
                ]
                for r in small
            ],
        )

    def score_gap(dtype):
        gaps = [
            abs(r["score"]["ours"] - r["score"]["sklearn"])
            for r in rows
            if r["dtype"] == dtype
        ]
        return max(gaps, default=0.0)

    at_or_below = sum(
        r["peak_fit_bytes"]["ours"] <= r["peak_fit_bytes"]["sklearn"] for r in rows
    )
    excess = max(
        (r["peak_fit_bytes"]["ours"] - r["peak_fit_bytes"]["sklearn"]) / 1e6
        for r in rows
    )
    gap64 = score_gap("float64")
    lines += [
        "Test scores after the same epochs from the same seed differ by at most "
        f"{gap64 * 100:.2g} percentage points in float64"
        + (" (identical)" if gap64 == 0 else "")
        + f" and {score_gap('float32') * 100:.2g} in float32. Peak fit memory is "
        f"at or below scikit-learn's in {at_or_below} of the {len(rows)} "
        "configurations"
        + (f" (the others exceed it by at most {excess:.2f} MB)." if excess else ".")
        + " The scores are low for the MNIST-sized case because it trains one "
        "epoch: the runs measure speed, not accuracy.",
        "",
    ]
    return lines


def _scaling_report(results):
    rows = results["rows"]
    lines = [
        f"Measured by {_machine(results)}; "
        f"{rows[0]['solver']}, {rows[0]['dtype']}, batch {rows[0]['batch_size']}. "
        "Width runs: one hidden layer on 10,000 rows; depth runs: layers of 256 "
        "on 10,000 rows.",
        "",
    ]
    lines += _list_table(
        ["run", "ours / sklearn", "ours / GEMM", "sklearn / GEMM"],
        [[r["case"].replace("=", " = "), *_ratios(r)] for r in rows],
    )
    return lines


def _dropout_report(results):
    rows = results["rows"]
    lines = [
        f"Measured by {_machine(results)}. Each row times our fit without and "
        "with dropout, interleaved, one elementwise pass over every hidden "
        "activation of an epoch, and the draw of an epoch's masks alone. The "
        "extra time of dropout is divided by that pass, in all and beyond the "
        "draw of the masks (median, and minima in brackets).",
        "",
    ]

    def passes(r, key):
        return f"**{r[key]['median']:.1f}** ({r[key]['min']:.1f})"

    lines += _list_table(
        [
            "case",
            "solver",
            "dtype",
            "batch",
            "dropout",
            "extra time, in passes",
            "drawing the masks",
            "beyond the draw",
        ],
        [
            [
                r["case"],
                *_config(r),
                str(r["dropout"]),
                passes(r, "extra_in_passes"),
                passes(r, "draw_in_passes"),
                passes(r, "beyond_draw_in_passes"),
            ]
            for r in rows
        ],
    )
    return lines


def _quantiles_report(results):
    def pair(row, key, fmt):
        return " / ".join(format(v, fmt) for v in row[key])

    def seconds(row, who):
        values = row[who]["seconds"]
        return f"{statistics.median(values):.2f} ({min(values):.2f})"

    def ratio(row):
        net, hgb = row["network"]["seconds"], row["boosting"]["seconds"]
        medians = statistics.median(net) / statistics.median(hgb)
        return f"**{medians:.2f}** ({min(net) / min(hgb):.2f})"

    lines = [
        f"Measured by {_machine(results)}. Levels 0.05, 0.5 and 0.95, on the "
        "held-out half of the rows; fit times median (minimum) over the "
        "interleaved repeats; pinball loss at each level (lower is better); "
        "coverage of the 90% interval.",
        "",
    ]
    lines += _list_table(
        [
            "case",
            "fit s, one network",
            "fit s, 3 x boosting",
            "network / boosting",
            "pinball, network",
            "pinball, boosting",
            "coverage, network / boosting",
        ],
        [
            [
                r["case"],
                seconds(r, "network"),
                seconds(r, "boosting"),
                ratio(r),
                pair(r["network"], "pinball", ".3f"),
                pair(r["boosting"], "pinball", ".3f"),
                f"{r['network']['coverage']:.3f} / {r['boosting']['coverage']:.3f}",
            ]
            for r in results["rows"]
        ],
    )
    lines += [
        "The starting bias: the same network for a fixed number of epochs, its "
        "output bias started at the training targets' quantiles (the default) "
        "or left at the random draw of the other losses; epochs until the "
        "held-out pinball loss is within 5% of the best the baseline start "
        "reaches ('never' within the epochs run).",
        "",
    ]
    lines += _list_table(
        ["case", "epochs run", "baseline start", "drawn bias"],
        [
            [
                r["case"],
                str(r["epochs"]),
                *(
                    str(r["epochs_to_target"][start] or "never")
                    for start in ("baseline", "drawn")
                ),
            ]
            for r in results["starts"]
        ],
    )
    return lines


_TABULAR_LABELS = {
    "hgb": "HistGradientBoosting",
    "sklearn_mlp": "scikit-learn MLP",
    "numpy_mlp": "NumpyMLP (defaults)",
    "tabular": "TabularMLP",
}
# The per-dataset tables leave out NumpyMLP at its defaults: it scores as
# scikit-learn's MLP does (the benchmark's JSON and markdown keep both).
_TABULAR_COLUMNS = ["hgb", "sklearn_mlp", "tabular"]


def _splits(row):
    n = len(row["hgb"].get("per_split", [None]))
    if n == 1:
        return "one split per dataset (75% train, 25% test, seed 0)"
    return (
        f"{n} splits per dataset (75% train, 25% test, seeds 0 to {n - 1}; "
        "scores are the means over the splits)"
    )


def _floored_ratio(row, result, reference):
    least = 1 / row["n_test"]
    return max(result["error"], least) / max(reference["error"], least)


def _tabular_score(row, who):
    result = row[who]
    if row["task"] == "classification":
        text = f"{result['accuracy']:.4f} ({result['log_loss']:.3f})"
    else:
        text = f"{result['r2']:.4f}"
    if who != "hgb":
        text += f" [{_floored_ratio(row, result, row['hgb']):.2f}]"
    return text


def _tabular_report(results):
    """The real-data benchmark: geometric means, wins, scores and fit times."""
    means, wins = results["geometric_means"], results["tabular_wins"]
    who = list(_TABULAR_LABELS)
    lines = [
        f"Measured by {_machine(results)}. {_splits(results['rows'][0]).capitalize()}, "
        "stratified for classification, the same for every model. Error: 1 - "
        "accuracy or 1 - R², floored at one test row's share; the ratio is to "
        "HistGradientBoosting's error (below 1 beats it).",
        "",
    ]
    lines += _list_table(
        ["task", "datasets", *(_TABULAR_LABELS[w] for w in who)],
        [
            [task, str(wins[task]["datasets"]), *(f"{means[task][w]:.3f}" for w in who)]
            for task in means
        ],
    )
    lines += [
        "TabularMLP beats scikit-learn's MLP at its defaults on "
        f"{wins['all']['beats_sklearn_mlp']} of {wins['all']['datasets']} "
        f"datasets ({wins['all']['beats_sklearn_mlp_share']:.0%}; a win is a "
        "lower test error or, at equal accuracy, a lower log-loss), and its "
        f"error is below HistGradientBoosting's on {wins['all']['below_hgb']}.",
        "",
    ]
    for task in means:
        rows = [row for row in results["rows"] if row["task"] == task]
        metric = "accuracy (log-loss)" if task == "classification" else "R²"
        lines += [
            f"{task.capitalize()}: test {metric} [error ratio to "
            "HistGradientBoosting]. NumpyMLP at its defaults scores as "
            "scikit-learn's MLP on every dataset.",
            "",
        ]
        lines += _list_table(
            [
                "dataset",
                "train / test",
                *(_TABULAR_LABELS[w] for w in _TABULAR_COLUMNS),
            ],
            [
                [
                    row["dataset"],
                    f"{row['n_train']} / {row['n_test']}",
                    *(_tabular_score(row, w) for w in _TABULAR_COLUMNS),
                ]
                for row in rows
            ],
        )
    lines += [
        "Fit seconds (median over the fits; preprocessing included) of "
        "HistGradientBoosting and TabularMLP, and their ratio.",
        "",
    ]

    def fit_seconds(row, who):
        return statistics.median(row[who]["fit_seconds"])

    lines += _list_table(
        ["dataset", "train rows", "HistGradientBoosting", "TabularMLP", "ratio"],
        [
            [
                row["dataset"],
                str(row["n_train"]),
                f"{fit_seconds(row, 'hgb'):.2f}",
                f"{fit_seconds(row, 'tabular'):.2f}",
                f"{fit_seconds(row, 'tabular') / fit_seconds(row, 'hgb'):.0f}",
            ]
            for row in results["rows"]
        ],
    )
    return lines


def _value(value):
    """A parameter as the estimator took it: JSON turned its pairs into lists."""
    return tuple(value) if isinstance(value, list) else value


def _tabular_ablation_report(results):
    """TabularMLP's variants (ablation or validation): error ratios per task."""
    means = results["geometric_means"]
    scored_on = (
        "scored on validation rows (a quarter of each split's training rows; "
        "a split's own test rows are not used; another split's can be)"
        if results.get("held_out") == "validation"
        else "scored on the test rows"
    )
    lines = [
        f"Measured by {_machine(results)}, on {_splits(results['rows'][0])} "
        f"of the datasets with at most {results['max_train_rows']} training rows"
        + (
            f" (left out: {', '.join(results['skipped'])})"
            if results["skipped"]
            else ""
        )
        + f", {scored_on}. Geometric mean over the datasets of each variant's "
        "error ratio to the full recipe (above 1: the variant is worse) and to "
        "HistGradientBoosting (below 1: it beats boosting).",
        "",
    ]
    # A validation round's "full" is the defaults of the commit that ran it:
    # before its choice in the first two rounds, after it in the third.
    defaults = (
        "(the defaults when it ran)"
        if results.get("held_out") == "validation"
        else "(the defaults)"
    )
    for task, task_means in means.items():
        count = sum(row["task"] == task for row in results["rows"])
        lines += [f"{task.capitalize()} ({count} datasets):", ""]
        body = [
            [
                variant.replace("_", " "),
                ", ".join(f"``{k}={_value(v)!r}``" for k, v in params.items())
                or defaults,
                f"{task_means[variant]['to_full']:.3f}",
                f"{task_means[variant]['to_hgb']:.3f}",
            ]
            for variant, params in results["ablations"].items()
            if variant in task_means
        ]
        lines += _list_table(["variant", "parameters", "to full", "to HGB"], body)
    return lines


REPORTS = {
    "full": _full_report,
    "scaling": _scaling_report,
    "dropout": _dropout_report,
    "quantiles": _quantiles_report,
    "tabular": _tabular_report,
    "tabular_ablation": _tabular_ablation_report,
    "tabular_validation": _tabular_ablation_report,
    "tabular_validation_embedding": _tabular_ablation_report,
    "tabular_validation_frequencies": _tabular_ablation_report,
}


class BenchmarkReport(SphinxDirective):
    """``.. benchmark-report:: full``, ``scaling`` or ``dropout``."""

    required_arguments = 1

    def run(self):
        name = self.arguments[0]
        self.env.note_dependency(str(RESULTS / f"{name}.json"))
        lines = REPORTS[name](load(name))
        container = nodes.container()
        self.state.nested_parse(StringList(lines, source=f"{name}.json"), 0, container)
        return container.children


def plot_ratios(name="full"):
    """Bar chart of ours / scikit-learn's epoch time, one bar per configuration."""
    import matplotlib.pyplot as plt

    rows = load(name)["rows"]
    labels = [
        f"{r['case']}  {r['solver']} {r['dtype']} b{r['batch_size']}" for r in rows
    ]
    ratios = [r["ratio_ours_sklearn_median"] for r in rows]
    fig, ax = plt.subplots(figsize=(8, 0.26 * len(rows) + 1.2))
    y = range(len(rows))
    ax.barh(y, ratios, color="tab:blue")
    ax.axvline(1.0, color="black", lw=1)
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_ylim(len(rows) - 0.4, -1.2)  # top to bottom, in the order of the table
    ax.set_xlim(0, max(1.2, max(ratios) * 1.08))
    ax.set_xlabel("epoch time, ours / scikit-learn's (below 1: ours is faster)")
    ax.text(1.0, -0.8, " same speed", fontsize=8, va="bottom")
    fig.tight_layout()
    return fig


def setup(app):
    app.add_directive("benchmark-report", BenchmarkReport)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
