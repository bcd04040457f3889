"""
==============================================
Side by side with scikit-learn's MLPClassifier
==============================================

The same data, the same parameters and the same seed: the two estimators
follow the same training trajectory, so their accuracies agree; the fit times
differ. Times are measured here, in this run, on whatever machine builds the
docs.
"""

import os
import time
import warnings

import matplotlib.pyplot as plt
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import NumpyMLPClassifier

FAST = os.environ.get("SKLEARN_MLP_NP_FAST") == "1"
warnings.simplefilter("ignore", ConvergenceWarning)

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

results = {}
for solver in ["sgd", "adam"]:
    params = dict(
        hidden_layer_sizes=(64,), solver=solver, batch_size=32, learning_rate_init=0.01,
        max_iter=10 if FAST else 40, random_state=0,
    )  # fmt: skip
    for Estimator in (MLPClassifier, NumpyMLPClassifier):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            model = Estimator(**params).fit(X_train, y_train)
            times.append(time.perf_counter() - start)
        results[(solver, Estimator.__name__)] = (
            model.score(X_test, y_test),
            min(times),
        )
for (solver, name), (accuracy, seconds) in results.items():
    print(f"{solver:5s} {name:20s} accuracy {accuracy:.4f}  fit {seconds:.3f} s")

fig, (ax_acc, ax_time) = plt.subplots(1, 2, figsize=(10, 4))
labels = [f"{s}\n{n.replace('Classifier', '')}" for s, n in results]
colors = ["tab:gray" if n == "MLPClassifier" else "tab:blue" for _, n in results]
ax_acc.bar(labels, [a for a, _ in results.values()], color=colors)
ax_acc.set_ylim(0.9, 1.0)
ax_acc.set_ylabel("test accuracy")
ax_time.bar(labels, [t for _, t in results.values()], color=colors)
ax_time.set_ylabel("fit time (s, best of 3)")
fig.tight_layout()
plt.show()
