"""Peak memory and time of ``predict_proba`` on many rows, beside scikit-learn's.

    python benchmarks/predict_memory.py              # 2,000,000 x 50 float32
    python benchmarks/predict_memory.py --rows 200000 --repeats 3

A network with hidden layers (256, 128) and 3 classes is fitted on a few rows,
then predicts every row, in a fresh process per measurement so that the
process's peak resident memory (``ru_maxrss``) is that prediction's. The
contestants, interleaved over the repeats so that they see the same machine
noise:

- ``ours``: ``predict_proba``, a chunk of rows at a time;
- ``ours, working_memory=8``: the same under ``sklearn.config_context
  (working_memory=8)`` (MiB), where the bound is tight;
- ``ours, one pass``: the same network run on every row at once (the
  prediction of earlier versions);
- ``scikit-learn``: ``MLPClassifier.predict_proba`` with the same weights
  (``to_sklearn``).

Reported: the prediction's peak above the process's memory before the call
(which holds the data), against the bound the chunking promises (output +
1.5 x working_memory beyond the data), the whole run's peak, and the median
and minimum time of the call. Writes ``results/predict_memory.json``
and ``results/predict_memory.md``.
"""

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np

RESULTS = Path(__file__).parent / "results"
CONTESTANTS = ["ours", "ours, working_memory=8", "ours, one pass", "scikit-learn"]
MiB = 2**20


def peak_rss_bytes() -> int:
    """The peak resident memory of this process so far (Linux: KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def rss_bytes() -> int:
    """The resident memory of this process now (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


def measure(contestant: str, n_rows: int, n_features: int, seed: int) -> dict:
    """One prediction on ``n_rows`` rows, in this (fresh) process."""
    import sklearn
    from sklearn.exceptions import ConvergenceWarning

    from sklearn_mlp_np import NumpyMLPClassifier
    from sklearn_mlp_np._losses import make_loss
    from sklearn_mlp_np._network import forward

    rng = np.random.default_rng(seed)
    before_data = peak_rss_bytes()
    X = rng.standard_normal((n_rows, n_features), dtype=np.float32)
    y = rng.integers(0, 3, 2000)
    clf = NumpyMLPClassifier(hidden_layer_sizes=(256, 128), max_iter=2, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X[:2000], y)
    model = clf.to_sklearn() if contestant == "scikit-learn" else clf
    working_memory = sklearn.get_config()["working_memory"]
    before_prediction = rss_bytes()
    start = time.perf_counter()
    if contestant == "ours, one pass":
        Z = forward(clf._network(), X)[-1]
        make_loss("log_loss").inplace_output(Z)
    elif contestant == "ours, working_memory=8":
        with sklearn.config_context(working_memory=8):
            Z = model.predict_proba(X)
            working_memory = sklearn.get_config()["working_memory"]
    else:
        Z = model.predict_proba(X)
    seconds = time.perf_counter() - start
    return {
        "contestant": contestant,
        "seconds": seconds,
        "peak_above_start_mib": (peak_rss_bytes() - before_data) / MiB,
        "prediction_peak_mib": (peak_rss_bytes() - before_prediction) / MiB,
        "data_mib": X.nbytes / MiB,
        "output_mib": Z.nbytes / MiB,
        "working_memory_mib": working_memory,
    }


def machine() -> str:
    import sklearn
    from threadpoolctl import threadpool_info

    blas = ", ".join(
        f"{i['internal_api']} {i['version']} {i.get('architecture')} "
        f"({i['num_threads']} threads)"
        for i in threadpool_info()
    )
    return (
        f"{platform.platform()}, Python {platform.python_version()}, numpy "
        f"{np.__version__}, scikit-learn {sklearn.__version__}, BLAS: {blas}"
    )


def table(runs: list[dict], command: str) -> str:
    first = runs[0]

    def bound(run):
        return run["output_mib"] + 1.5 * run["working_memory_mib"]

    lines = [
        f"Command: `{command}`",
        "",
        f"Machine: {machine()}.",
        "",
        f"Data {first['data_mib']:.0f} MiB, output {first['output_mib']:.0f} MiB. "
        "Prediction's peak: the process's peak resident memory minus its "
        "resident memory just before the call, which holds the data; the bound "
        "on it is output + 1.5 x working_memory (scikit-learn's default "
        "working_memory is 1024 MiB). Whole run: the peak above the memory "
        "before the data was made (data, a fit on 2,000 rows, prediction). "
        "Times: median (minimum) over the repeats.",
        "",
        "| contestant | prediction's peak MiB, median (max) | bound MiB | within "
        "| whole run's peak MiB, median | seconds, median (min) "
        "| time / scikit-learn's, median (min) |",
        "|---|---|---|---|---|---|---|",
    ]
    by_name = {c: [r for r in runs if r["contestant"] == c] for c in CONTESTANTS}
    theirs = [r["seconds"] for r in by_name["scikit-learn"]]
    for name, rs in by_name.items():
        peaks = [r["prediction_peak_mib"] for r in rs]
        whole = [r["peak_above_start_mib"] for r in rs]
        times = [r["seconds"] for r in rs]
        lines.append(
            f"| {name} | {statistics.median(peaks):.0f} ({max(peaks):.0f}) | "
            f"{bound(rs[0]):.0f} | {'yes' if max(peaks) <= bound(rs[0]) else 'no'} | "
            f"{statistics.median(whole):.0f} | "
            f"{statistics.median(times):.2f} ({min(times):.2f}) | "
            f"{statistics.median(times) / statistics.median(theirs):.2f} "
            f"({min(times) / min(theirs):.2f}) |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--features", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = measure(args.child, args.rows, args.features, seed=0)
        print(json.dumps(result))
        return
    runs = []
    for repeat in range(args.repeats):
        for contestant in CONTESTANTS:
            command = [sys.executable, __file__, "--child", contestant]
            command += ["--rows", str(args.rows), "--features", str(args.features)]
            out = subprocess.run(command, check=True, capture_output=True, text=True)
            runs.append(json.loads(out.stdout.splitlines()[-1]))
            print(repeat, contestant, runs[-1], flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "predict_memory.json").write_text(json.dumps(runs, indent=1) + "\n")
    command = "python benchmarks/predict_memory.py " + " ".join(sys.argv[1:])
    (RESULTS / "predict_memory.md").write_text(table(runs, command.strip()))
    print((RESULTS / "predict_memory.md").read_text())


if __name__ == "__main__":
    main()
