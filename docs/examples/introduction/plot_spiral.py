"""
===================================================
A 3-class spiral: a linear model against a ReLU MLP
===================================================

With ``activation="identity"`` the network is a linear model, however wide it
is: it cannot follow the arms of a spiral. A ReLU network can. The classes
are made unequal in size, and ``class_weight="balanced"`` gives them an equal
say in the loss. The data are split into training, validation and test sets:
the validation set picks the better model and the test set reports on it.
"""

# %%
# Three spiral arms
# -----------------
# Each class is one arm, with noise on the angle; the arms hold 600, 300 and
# 150 points.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.inspection import DecisionBoundaryDisplay
from sklearn.metrics import classification_report
from sklearn.model_selection import train_test_split

from sklearn_mlp_np import NumpyMLPClassifier

rng = np.random.RandomState(0)
sizes = [600, 300, 150]
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

# %%
# Two networks
# ------------
# The same estimator twice: 100 identity units (a linear model, whose
# convex loss L-BFGS minimises), and two ReLU layers trained by Adam.
models = {
    "linear (identity)": NumpyMLPClassifier(
        hidden_layer_sizes=(100,),
        activation="identity",
        solver="lbfgs",
        class_weight="balanced",
        random_state=0,
    ),
    "ReLU MLP": NumpyMLPClassifier(
        hidden_layer_sizes=(100, 50),
        activation="relu",
        solver="adam",
        learning_rate_init=0.01,
        max_iter=400,
        class_weight="balanced",
        random_state=0,
    ),
}
for name, model in models.items():
    model.fit(X_train, y_train)
    print(f"{name}: validation accuracy {model.score(X_val, y_val):.3f}")

# %%
# The validation set chooses; the test set, untouched until now, reports on
# the chosen model, class by class. The ReLU network gets every test point
# right: the smallest arm (class 2, 30 test points) has a recall of 1, as
# the largest (class 0, 120) has, so the small arm is not given up for the
# large one.
best = max(models, key=lambda name: models[name].score(X_val, y_val))
print(f"Test report of the better model ({best}):\n")
print(classification_report(y_test, models[best].predict(X_test), digits=3))

# %%
# What each model draws
# ---------------------
# The background is the predicted class at each point of the plane, in the
# colour of the points of that class; the points are the test set. The
# linear model can only cut the plane into three wedges. ``multiclass_colors``
# (scikit-learn 1.9 or newer with ``response_method="predict"``) gives each
# class its colour.
colors = ["tab:blue", "tab:orange", "tab:green"]
fig, axes = plt.subplots(1, 2, figsize=(10, 4.8), sharey=True)
for ax, (name, model) in zip(axes, models.items()):
    DecisionBoundaryDisplay.from_estimator(
        model,
        X,
        response_method="predict",
        multiclass_colors=colors,
        eps=0.2,
        alpha=0.5,
        ax=ax,
    )
    ax.scatter(
        X_test[:, 0],
        X_test[:, 1],
        c=np.take(colors, y_test),
        edgecolor="k",
        linewidth=0.5,
        s=20,
    )
    ax.set_title(f"{name}: test accuracy {model.score(X_test, y_test):.2f}")
    ax.set_xlabel("feature 0")
axes[0].set_ylabel("feature 1")
fig.tight_layout()
plt.show()
