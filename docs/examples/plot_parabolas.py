"""
=====================================================
Two noisy parabolas: tanh, L1 and a linear separation
=====================================================

Points along y = x² + 2x - 2 form one class and points along
y = -x² + 2x + 2 the other. A single hidden layer of 3 tanh units, a logistic
output, an L1 penalty and mini-batch SGD separate them; the hidden layer's
3-D activations show how: tanh bends the plane so that the two classes can be
split by a flat plane, which is all the logistic output can draw.
"""

import os

import matplotlib.pyplot as plt
import numpy as np
from sklearn.inspection import DecisionBoundaryDisplay
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import LossCurveDisplay, NumpyMLPClassifier

FAST = os.environ.get("SKLEARN_MLP_NP_FAST") == "1"

rng = np.random.RandomState(0)
# On [-1.3, 1.3] the two parabolas do not cross (they meet at x = ±√2).
x = rng.uniform(-1.3, 1.3, size=400)
first = np.c_[x[:200], x[:200] ** 2 + 2 * x[:200] - 2]
second = np.c_[x[200:], -(x[200:] ** 2) + 2 * x[200:] + 2]
X = np.vstack([first, second]) + rng.normal(scale=0.3, size=(400, 2))
y = np.r_[np.zeros(200), np.ones(200)]

model = make_pipeline(
    StandardScaler(),
    NumpyMLPClassifier(
        hidden_layer_sizes=(3,),
        activation="tanh",
        solver="sgd",
        batch_size=16,
        learning_rate_init=0.1,
        alpha=0.01,
        l1_ratio=1.0,
        max_iter=60 if FAST else 300,
        n_iter_no_change=50,
        random_state=0,
    ),
).fit(X, y)
print(f"training accuracy: {model.score(X, y):.3f}")
network = model[-1]
print("first-layer weights (L1-penalised; see the L1 example for exact zeros):")
print(network.coefs_[0])

# %%
# Loss curve and decision boundary
fig, (ax_loss, ax_boundary) = plt.subplots(1, 2, figsize=(11, 4))
LossCurveDisplay.from_estimator(model, ax=ax_loss)
DecisionBoundaryDisplay.from_estimator(
    model, X, response_method="predict_proba", cmap="RdBu", alpha=0.6, ax=ax_boundary
)
ax_boundary.scatter(X[:, 0], X[:, 1], c=y, cmap="RdBu", edgecolor="k", s=15)
ax_boundary.set_title("decision boundary")
fig.tight_layout()

# %%
# The hidden layer's activations: linearly separable in 3-D
hidden = np.tanh(model[0].transform(X) @ network.coefs_[0] + network.intercepts_[0])
fig = plt.figure(figsize=(6, 5))
ax = fig.add_subplot(projection="3d")
ax.scatter(*hidden.T, c=y, cmap="RdBu", edgecolor="k", s=15)
ax.set_xlabel("unit 1")
ax.set_ylabel("unit 2")
ax.set_zlabel("unit 3")
ax.set_title("tanh activations of the hidden layer")
plt.show()
