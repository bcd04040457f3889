"""
=========================================
Fitting sin(x) with two logistic layers
=========================================

Regression of sin(x) on [-2π, 2π] with two hidden layers of 10 logistic
units, trained by plain SGD on one sample at a time (``batch_size=1``).
``partial_fit`` runs one epoch per call, so the test loss can be recorded
next to the training loss.
"""

import os

import matplotlib.pyplot as plt
import numpy as np

from sklearn_mlp_np import NumpyMLPRegressor

FAST = os.environ.get("SKLEARN_MLP_NP_FAST") == "1"

rng = np.random.RandomState(0)
X_train = rng.uniform(-2 * np.pi, 2 * np.pi, size=(300, 1))
y_train = np.sin(X_train).ravel() + rng.normal(scale=0.05, size=300)
X_test = np.linspace(-2 * np.pi, 2 * np.pi, 400).reshape(-1, 1)
y_test = np.sin(X_test).ravel()

# Inputs scaled to [-2, 2]: logistic units saturate on raw angles.
scale = np.pi
model = NumpyMLPRegressor(
    hidden_layer_sizes=(10, 10),
    activation="logistic",
    solver="sgd",
    batch_size=1,
    learning_rate_init=0.05,
    momentum=0.9,
    alpha=0.0,
    random_state=0,
)
train_loss, test_loss = [], []
for _ in range(30 if FAST else 150):
    model.partial_fit(X_train / scale, y_train)
    train_loss.append(model.loss_)
    test_loss.append(0.5 * np.mean((model.predict(X_test / scale) - y_test) ** 2))
print(f"final test loss (half mean squared error): {test_loss[-1]:.4f}")

fig, (ax_loss, ax_fit) = plt.subplots(1, 2, figsize=(11, 4))
ax_loss.plot(train_loss, label="training loss")
ax_loss.plot(test_loss, label="test loss")
ax_loss.set_yscale("log")
ax_loss.set_xlabel("epoch")
ax_loss.set_ylabel("half mean squared error")
ax_loss.legend()
ax_fit.scatter(X_train, y_train, s=8, color="gray", label="training samples")
ax_fit.plot(X_test, model.predict(X_test / scale), color="tab:red", label="network")
ax_fit.plot(X_test, y_test, color="black", ls="--", label="sin(x)")
ax_fit.legend()
fig.tight_layout()
plt.show()
