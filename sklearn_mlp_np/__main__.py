"""``python -m sklearn_mlp_np``: train on digits in a Pipeline, next to scikit-learn.

Fits ``StandardScaler() -> NumpyMLPClassifier`` and the same pipeline with
scikit-learn's ``MLPClassifier`` (same parameters, same seed) on scikit-learn's
built-in handwritten digits, then prints test accuracy and fit time for both,
and what the L1 penalty of this package adds.
"""

import argparse
import time
import warnings

import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import NumpyMLPClassifier


def _fit_and_score(estimator, X_train, X_test, y_train, y_test, repeats):
    times = []
    for _ in range(repeats):
        pipe = make_pipeline(StandardScaler(), estimator)
        start = time.perf_counter()
        pipe.fit(X_train, y_train)
        times.append(time.perf_counter() - start)
    return pipe, pipe.score(X_test, y_test), min(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m sklearn_mlp_np", description=__doc__
    )
    parser.add_argument("--solver", default="sgd", choices=["sgd", "adam", "lbfgs"])
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument(
        "--repeats", type=int, default=3, help="fits per model; best time kept"
    )
    args = parser.parse_args(argv)

    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, stratify=y, random_state=0
    )
    params = dict(
        hidden_layer_sizes=(64,),
        solver=args.solver,
        alpha=1e-3,
        batch_size=64,
        learning_rate_init=0.01,
        max_iter=args.epochs,
        random_state=0,
    )
    print(
        f"digits: {X_train.shape[0]} train / {X_test.shape[0]} test samples, "
        f"{X.shape[1]} features, 10 classes"
    )
    print(f"StandardScaler -> MLP {params}\n")
    rows = [
        ("sklearn MLPClassifier", MLPClassifier(**params)),
        ("NumpyMLPClassifier", NumpyMLPClassifier(**params)),
        (
            "NumpyMLPClassifier, l1_ratio=1",
            NumpyMLPClassifier(**{**params, "alpha": 0.5, "l1_ratio": 1.0}),
        ),
    ]
    print(f"{'model':32s} {'accuracy':>9s} {'fit s':>8s} {'zero weights':>13s}")
    results = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for name, estimator in rows:
            pipe, score, seconds = _fit_and_score(
                estimator, X_train, X_test, y_train, y_test, args.repeats
            )
            model = pipe[-1]
            zeros = np.mean(np.concatenate([c.ravel() for c in model.coefs_]) == 0)
            results[name] = seconds
            print(f"{name:32s} {score:9.4f} {seconds:8.3f} {zeros:13.1%}")
    ratio = results["NumpyMLPClassifier"] / results["sklearn MLPClassifier"]
    print(f"\nfit time, NumpyMLPClassifier / sklearn MLPClassifier: {ratio:.2f}")


if __name__ == "__main__":
    main()
