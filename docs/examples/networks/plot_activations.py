"""
==========================================
One activation per layer, and seven more
==========================================

``activation`` takes one name for every hidden layer, or one per hidden
layer. Besides scikit-learn's four ('identity', 'logistic', 'tanh',
'relu'), there are seven more: 'leaky_relu', 'elu', 'softplus', 'gelu',
'silu', 'selu' and 'mish'. Each network below has two hidden layers of 16
units, the same seed and the same training; only the activations differ,
and so do the shapes of their decision boundaries on two interleaved
half-moons.
"""

# %%
# Ten networks
# ------------
# The seven new activations, 'relu' and 'tanh' for comparison, and a mix: a
# 'relu' layer then a 'tanh' one, written as a list. The user guide's
# :ref:`model` page has each formula and its derivative.
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_moons
from sklearn.exceptions import ConvergenceWarning
from sklearn.inspection import DecisionBoundaryDisplay
from sklearn.model_selection import train_test_split

from sklearn_mlp_np import NumpyMLPClassifier

X, y = make_moons(n_samples=400, noise=0.25, random_state=0)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
choices = [
    "relu",
    "leaky_relu",
    "elu",
    "softplus",
    "gelu",
    "silu",
    "selu",
    "mish",
    "tanh",
    ["relu", "tanh"],
]
models = {}
for activation in choices:
    clf = NumpyMLPClassifier(
        hidden_layer_sizes=(16, 16),
        activation=activation,
        solver="lbfgs",
        max_iter=300,
        random_state=0,
    )
    # The same budget of 300 L-BFGS iterations for each: the moons are
    # separated long before, and the smooth networks would keep refining the
    # boundary (the warning that max_iter was reached is expected).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X_train, y_train)
    name = str(activation)
    models[name] = clf
    print(f"{name:16} test accuracy {clf.score(X_test, y_test):.3f}")

# %%
# Decision boundaries
# -------------------
# The background is each network's probability of class 1, from red (class
# 0) to blue (class 1); the points are the test set.
#
# The piecewise-linear activations ('relu', 'leaky_relu') draw boundaries
# made of straight pieces joined at corners; the smooth ones draw curves.
# But a smooth activation does not make a simple boundary: around the data
# every network follows the moons, while away from it, where no training
# point says where the boundary should go, each extends it its own way,
# with islands and strips of the other class ('elu', 'gelu', 'selu',
# 'tanh', and the relu-then-tanh network). The test accuracies differ by a
# few points at most: on this problem the activation changes the shape of
# the boundary more than how well it separates the test points.
fig, axes = plt.subplots(
    5, 2, figsize=(8, 17.5), sharex=True, sharey=True, layout="constrained"
)
for (name, clf), ax in zip(models.items(), axes.ravel()):
    display = DecisionBoundaryDisplay.from_estimator(
        clf,
        X,
        response_method="predict_proba",
        cmap="RdBu",
        levels=np.linspace(0, 1, 11),
        alpha=0.5,
        ax=ax,
        xlabel="feature 0",
        ylabel="feature 1",
    )
    for label, color, marker in ((0, "tab:red", "o"), (1, "tab:blue", "s")):
        ax.scatter(
            *X_test[y_test == label].T,
            color=color,
            marker=marker,
            edgecolor="white",
            linewidth=0.5,
            s=22,
            label=f"class {label} (test)",
        )
    ax.set_title(f"{name}: accuracy {clf.score(X_test, y_test):.2f}")
    ax.label_outer()
handles, labels = axes[0, 0].get_legend_handles_labels()
fig.legend(handles, labels, loc="outside upper center", ncols=2)
fig.colorbar(
    display.surface_,
    ax=axes,
    location="bottom",
    shrink=0.6,
    fraction=0.025,
    pad=0.01,
    label="predicted probability of class 1",
)
plt.show()
