"""
===================================================
A 3-class spiral: a linear model against a ReLU MLP
===================================================

With ``activation="identity"`` the network is a linear model, whatever its
width: it cannot follow the arms of a spiral. A ReLU network can. Classes are
made unequal in size and ``class_weight="balanced"`` evens out their say in
the loss. The data are split into training, validation and test sets; the
validation set picks the better model and the test set reports on it.
"""

import os

import matplotlib.pyplot as plt
import numpy as np
from sklearn.inspection import DecisionBoundaryDisplay
from sklearn.metrics import classification_report
from sklearn.model_selection import train_test_split

from sklearn_mlp_np import NumpyMLPClassifier

FAST = os.environ.get("SKLEARN_MLP_NP_FAST") == "1"

rng = np.random.RandomState(0)
sizes = [600, 300, 150]  # unbalanced classes
X, y = [], []
for k, n in enumerate(sizes):
    radius = np.linspace(0.05, 1, n)
    angle = np.linspace(k * 4, (k + 1) * 4, n) + rng.normal(scale=0.2, size=n)
    X.append(np.c_[radius * np.sin(angle), radius * np.cos(angle)])
    y.append(np.full(n, k))
X, y = np.vstack(X), np.concatenate(y)
X_train, X_rest, y_train, y_rest = train_test_split(
    X, y, test_size=0.4, stratify=y, random_state=0
)
X_val, X_test, y_val, y_test = train_test_split(
    X_rest, y_rest, test_size=0.5, stratify=y_rest, random_state=0
)

models = {
    "linear (identity)": NumpyMLPClassifier(
        hidden_layer_sizes=(100,), activation="identity", solver="lbfgs",
        class_weight="balanced", max_iter=200, random_state=0,
    ),
    "ReLU MLP": NumpyMLPClassifier(
        hidden_layer_sizes=(100, 50), activation="relu", solver="adam",
        learning_rate_init=0.01, class_weight="balanced",
        max_iter=100 if FAST else 400, random_state=0,
    ),
}  # fmt: skip
for name, model in models.items():
    model.fit(X_train, y_train)
    print(f"{name}: validation accuracy {model.score(X_val, y_val):.3f}")
best = max(models, key=lambda name: models[name].score(X_val, y_val))
print(f"\nTest report of the better model ({best}):")
print(classification_report(y_test, models[best].predict(X_test), digits=3))

fig, axes = plt.subplots(2, 2, figsize=(10, 9))
for row, (name, model) in enumerate(models.items()):
    for col, (part, Xp, yp) in enumerate(
        [("train", X_train, y_train), ("test", X_test, y_test)]
    ):
        ax = axes[row, col]
        DecisionBoundaryDisplay.from_estimator(
            model, X, cmap="viridis", alpha=0.4, ax=ax
        )
        ax.scatter(Xp[:, 0], Xp[:, 1], c=yp, cmap="viridis", edgecolor="k", s=12)
        ax.set_title(f"{name}, {part} ({model.score(Xp, yp):.2f})")
fig.tight_layout()
plt.show()
