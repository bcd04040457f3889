"""
==============================================
Side by side with scikit-learn's MLPClassifier
==============================================

The same data, the same parameters and the same seed: the two estimators
draw the same initial weights and the same minibatches, and follow the same
training trajectory, so their loss curves and accuracies agree. Their fit
times differ; they are measured here, in this run, on the machine that
builds this page.
"""

# %%
# The same fit, twice
# -------------------
# Both estimators train for at most 40 epochs on scikit-learn's digits, with
# ``sgd`` and then ``adam``. Under ``sgd`` both would train longer: they stop
# at ``max_iter`` on purpose, and the
# :class:`~sklearn.exceptions.ConvergenceWarning` that says so is silenced
# for these fits only. Each fit is repeated 3 times and the fastest time
# kept.
import time
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import NumpyMLPClassifier

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

solvers = ["sgd", "adam"]
estimators = [MLPClassifier, NumpyMLPClassifier]
models, seconds = {}, {}
for solver in solvers:
    params = dict(
        hidden_layer_sizes=(64,),
        solver=solver,
        batch_size=32,
        learning_rate_init=0.01,
        max_iter=40,
        random_state=0,
    )
    for Estimator in estimators:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                model = Estimator(**params).fit(X_train, y_train)
            times.append(time.perf_counter() - start)
        models[solver, Estimator.__name__] = model
        seconds[solver, Estimator.__name__] = min(times)

# %%
# The same trajectory
# -------------------
# For each solver, the epochs each estimator trained, the largest relative
# difference between the two loss curves, epoch by epoch, and the two test
# accuracies:
print("solver   epochs  largest relative gap  test accuracy, ours / theirs")
for solver in solvers:
    theirs = models[solver, "MLPClassifier"]
    ours = models[solver, "NumpyMLPClassifier"]
    gap = np.max(
        np.abs(np.subtract(ours.loss_curve_, theirs.loss_curve_))
        / np.abs(theirs.loss_curve_)
    )
    print(
        f"{solver:6}  {ours.n_iter_:>2} / {theirs.n_iter_:>2}"
        f"  {gap:20.1e}  {ours.score(X_test, y_test):13.4f}"
        f" / {theirs.score(X_test, y_test):.4f}"
    )

# %%
# Drawn on top of each other, the loss curves cannot be told apart: ours
# (dashed) runs inside scikit-learn's (wide, light), epoch after epoch, and
# both stop at the same epoch (``adam`` when its loss stops improving).
colors = {"sgd": "tab:blue", "adam": "tab:orange"}
fig, ax = plt.subplots(figsize=(7, 4))
for solver in solvers:
    for name, style in [
        ("MLPClassifier", dict(lw=6, alpha=0.3)),
        ("NumpyMLPClassifier", dict(lw=1.5, ls="--")),
    ]:
        curve = models[solver, name].loss_curve_
        ax.plot(
            np.arange(1, len(curve) + 1),
            curve,
            color=colors[solver],
            label=f"{solver}, {name}",
            **style,
        )
ax.set_yscale("log")
ax.set_xlabel("epoch")
ax.set_ylabel("training loss")
ax.legend()
fig.tight_layout()

# %%
# Fit times
# ---------
# The fastest of 3 fits, in seconds: of 40 epochs under ``sgd``, and of
# fewer under ``adam``, which stops early (the table above gives the
# epochs), so compare the two estimators within a solver, not the solvers.
# The times depend on the machine and on what else it is doing: compare
# the bars of one run, not the seconds across runs. The
# :doc:`benchmarks page </benchmarks>` measures more cases, with the ratios
# that matter.
fig, ax = plt.subplots(figsize=(7, 3.5))
width = 0.38
positions = np.arange(len(solvers))
for offset, (name, color) in zip(
    (-width / 2, width / 2),
    [("MLPClassifier", "tab:gray"), ("NumpyMLPClassifier", "tab:blue")],
):
    bars = ax.bar(
        positions + offset,
        [seconds[solver, name] for solver in solvers],
        width,
        color=color,
        label=name,
    )
    ax.bar_label(bars, fmt="%.2f s", padding=2)
ax.set_xticks(positions, solvers)
ax.set_ylabel("fit time (s), best of 3")
ax.set_ylim(0, 1.35 * max(seconds.values()))
ax.legend(loc="upper center", ncols=2)
fig.tight_layout()
plt.show()

# sphinx_gallery_thumbnail_number = 1
