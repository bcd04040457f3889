"""
============================================================
Two moons with a deep logistic network, one sample at a time
============================================================

2000 points of two interleaved moons, a network of three hidden layers of
25, 50 and 25 logistic units, and ``batch_size=1``. (A binary target has a
single logistic output unit, equivalent to a 2-unit softmax.) The accuracy is
followed epoch by epoch, the decision boundary is drawn, and the model is
saved with joblib and loaded back.
"""

# %%
# Training, one epoch per call
# ----------------------------
import tempfile
from pathlib import Path

import joblib
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_moons
from sklearn.inspection import DecisionBoundaryDisplay
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from sklearn_mlp_np import NumpyMLPClassifier

X, y = make_moons(n_samples=2000, noise=0.2, random_state=0)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.25, random_state=0
)

model = NumpyMLPClassifier(
    hidden_layer_sizes=(25, 50, 25),
    activation="logistic",
    solver="sgd",
    batch_size=1,
    learning_rate_init=0.05,
    momentum=0.9,
    random_state=0,
)
n_epochs = 25
train_accuracy, test_accuracy = [], []
for _ in range(n_epochs):
    model.partial_fit(X_train, y_train, classes=[0, 1])
    train_accuracy.append(model.score(X_train, y_train))
    test_accuracy.append(model.score(X_test, y_test))
print(f"test accuracy after {n_epochs} epochs: {test_accuracy[-1]:.3f}")

# %%
# A deep stack of logistic units can be slow to start: for about 15 epochs
# the accuracy stays on a plateau near 0.87, about what a straight line
# scores on these moons, before the layers find the moons' shape. The
# straight line, for comparison:
line = LogisticRegression().fit(X_train, y_train)
line_accuracy = line.score(X_train, y_train)
print(f"logistic regression, training accuracy: {line_accuracy:.3f}")
plateau = [
    epoch
    for epoch, accuracy in enumerate(train_accuracy, start=1)
    if abs(accuracy - line_accuracy) < 0.02
]
print(
    f"epochs within 0.02 of it: {len(plateau)} "
    f"(from {plateau[0]} to {plateau[-1]}); after {n_epochs}: "
    f"{train_accuracy[-1]:.3f}"
)

epochs = np.arange(1, n_epochs + 1)
fig, ax = plt.subplots(figsize=(7, 4))
ax.plot(epochs, train_accuracy, label="train")
ax.plot(epochs, test_accuracy, label="test")
ax.set_xlim(1, n_epochs)
ax.set_xlabel("epoch")
ax.set_ylabel("accuracy")
ax.legend(loc="lower right")
fig.tight_layout()

# %%
# Saving and loading
# ------------------
# joblib (or pickle) saves the fitted estimator; loaded back, it predicts
# the same probabilities. Load such files only from a source you trust: see
# :ref:`saving` for skops, which refuses unknown types. The file is written
# to a temporary folder, removed when the ``with`` block ends.
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "moons.joblib"
    joblib.dump(model, path)
    loaded = joblib.load(path)
same = np.array_equal(
    loaded.predict_proba(X_test), model.predict_proba(X_test)
)
print(f"identical probabilities after loading: {same}")

# %%
# The decision boundary
# ---------------------
# The probability of the red class (1) that the loaded model gives over
# the plane, the test points in the colour of their class, and a black
# ring around each test point it gets wrong: they lie where the two noisy
# moons overlap.
fig, ax = plt.subplots(figsize=(7, 5))
DecisionBoundaryDisplay.from_estimator(
    loaded,
    X,
    response_method="predict_proba",
    cmap="RdBu_r",
    alpha=0.5,
    eps=0.3,
    xlabel="feature 0",
    ylabel="feature 1",
    ax=ax,
)
for label, color in [(0, "tab:blue"), (1, "tab:red")]:
    ax.scatter(
        *X_test[y_test == label].T,
        color=color,
        edgecolor="k",
        linewidth=0.4,
        s=16,
        label=f"class {label}",
    )
wrong = loaded.predict(X_test) != y_test
ax.scatter(
    *X_test[wrong].T,
    marker="o",
    facecolor="none",
    edgecolor="black",
    linewidth=1.2,
    s=110,
    label="misclassified",
)
ax.set_title(f"test points (accuracy {loaded.score(X_test, y_test):.3f})")
ax.legend(loc="lower left")
fig.tight_layout()
plt.show()

# sphinx_gallery_thumbnail_number = 2
