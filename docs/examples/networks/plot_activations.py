"""
=========================================
One activation per layer, and five more
=========================================

``activation`` takes one name for every hidden layer, or one per hidden
layer. Besides scikit-learn's four ('identity', 'logistic', 'tanh',
'relu'), there are 'leaky_relu', 'elu', 'softplus', 'gelu' and 'silu'. Each
network below has two hidden layers of 16 units, the same seed and the same
training; only the activations differ, and so do the shapes of their
decision boundaries on two interleaved half-moons.
"""

# %%
# Decision boundaries
# -------------------
# Piecewise-linear activations ('relu', 'leaky_relu') give boundaries made
# of straight pieces; smooth ones ('elu', 'gelu', 'silu') give smooth
# boundaries. Mixing them, with a 'relu' layer then a 'tanh' one, is a
# single list. The user guide's :ref:`model` page has each formula and its
# derivative.
import warnings

import matplotlib.pyplot as plt
from sklearn.datasets import make_moons
from sklearn.exceptions import ConvergenceWarning
from sklearn.inspection import DecisionBoundaryDisplay
from sklearn.model_selection import train_test_split

from sklearn_mlp_np import NumpyMLPClassifier

X, y = make_moons(n_samples=400, noise=0.25, random_state=0)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
choices = ["relu", "leaky_relu", "elu", "gelu", "silu", ["relu", "tanh"]]
fig, axes = plt.subplots(2, 3, figsize=(10, 6.5), sharex=True, sharey=True)
for activation, ax in zip(choices, axes.ravel()):
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
    DecisionBoundaryDisplay.from_estimator(
        clf, X, response_method="predict_proba", cmap="RdBu", alpha=0.6, ax=ax
    )
    ax.scatter(*X_test.T, c=y_test, cmap="RdBu", edgecolor="k", s=15)
    ax.set_title(
        f"{activation}: test accuracy {clf.score(X_test, y_test):.2f}"
    )
fig.tight_layout()
plt.show()
