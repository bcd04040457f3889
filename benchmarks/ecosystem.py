"""Measure the distributed and out-of-core paths (needs the `dask` extra).

    python benchmarks/ecosystem.py

Prints the LocalCluster start-up time, a GridSearchCV's time on the default
joblib backend and on Dask, and the peak traced memory of partial_fit over
memory-mapped data of growing size in fixed chunks.
"""

import gc
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

import joblib
import numpy as np
from sklearn.datasets import load_digits, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import NumpyMLPClassifier


def search_times():
    from distributed import Client, LocalCluster

    X, y = load_digits(return_X_y=True)
    pipe = make_pipeline(
        StandardScaler(), NumpyMLPClassifier(max_iter=30, random_state=0)
    )
    grid = {
        "numpymlpclassifier__hidden_layer_sizes": [(32,), (64,)],
        "numpymlpclassifier__alpha": [1e-4, 1e-2],
        "numpymlpclassifier__l1_ratio": [0.0, 0.5],
    }
    start = time.perf_counter()
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        host="127.0.0.1",
    )  # fmt: skip
    client = Client(cluster)
    startup = time.perf_counter() - start
    timings = {}
    for name, backend in (("default (loky, n_jobs=2)", None), ("dask", "dask")):
        start = time.perf_counter()
        if backend:
            with joblib.parallel_backend(backend):
                GridSearchCV(pipe, grid, cv=3, n_jobs=-1).fit(X, y)
        else:
            GridSearchCV(pipe, grid, cv=3, n_jobs=2).fit(X, y)
        timings[name] = time.perf_counter() - start
    client.close()
    cluster.close()
    print(f"LocalCluster(2 workers) start-up: {startup:.2f} s")
    for name, seconds in timings.items():
        print(
            f"GridSearchCV, 8 candidates x 3 folds on digits, {name}: {seconds:.2f} s"
        )


def out_of_core_peaks(chunk_rows=4000, n_features=20):
    folder = Path(tempfile.mkdtemp())
    for n_samples in (20_000, 80_000, 320_000):
        X, y = make_classification(
            n_samples=n_samples, n_features=n_features, random_state=0
        )
        path = folder / f"X{n_samples}.npy"
        data = np.lib.format.open_memmap(
            path, mode="w+", dtype=np.float32, shape=X.shape
        )
        data[:] = X
        data.flush()
        del data, X
        X = np.load(path, mmap_mode="r")
        clf = NumpyMLPClassifier(hidden_layer_sizes=(16,), random_state=0)
        tracemalloc.start()
        for start in range(0, n_samples, chunk_rows):
            rows = slice(start, start + chunk_rows)
            clf.partial_fit(X[rows], y[rows], classes=[0, 1])
            gc.collect()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(
            f"partial_fit over a {X.nbytes / 2**20:.1f} MiB memmap in chunks of "
            f"{chunk_rows * n_features * 4 / 2**20:.2f} MiB: peak traced memory "
            f"{peak / 2**20:.2f} MiB"
        )


if __name__ == "__main__":
    warnings.simplefilter("ignore", ConvergenceWarning)
    search_times()
    out_of_core_peaks()
