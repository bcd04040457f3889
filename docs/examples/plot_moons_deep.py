"""
============================================================
Two moons with a deep logistic network, one sample at a time
============================================================

2000 points of two interleaved moons (noise 0.2), a 2-25-50-25 network of
logistic units and ``batch_size=1``. (A binary target has one logistic output
unit, equivalent to a 2-unit softmax.) Accuracy is followed epoch by epoch;
the test points are coloured by whether the network gets them right. The
model is then saved with joblib and loaded back.
"""

import os
import tempfile
from pathlib import Path

import joblib
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_moons
from sklearn.model_selection import train_test_split

from sklearn_mlp_np import NumpyMLPClassifier

FAST = os.environ.get("SKLEARN_MLP_NP_FAST") == "1"

X, y = make_moons(n_samples=2000, noise=0.2, random_state=0)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.25, random_state=0
)

model = NumpyMLPClassifier(
    hidden_layer_sizes=(25, 50, 25), activation="logistic", solver="sgd",
    batch_size=1, learning_rate_init=0.05, momentum=0.9, random_state=0,
)  # fmt: skip
accuracy = []
for _ in range(4 if FAST else 25):
    model.partial_fit(X_train, y_train, classes=[0, 1])
    accuracy.append((model.score(X_train, y_train), model.score(X_test, y_test)))
print(f"test accuracy: {accuracy[-1][1]:.3f}")

path = Path(tempfile.mkdtemp()) / "moons.joblib"
joblib.dump(model, path)
loaded = joblib.load(path)
assert np.array_equal(loaded.predict_proba(X_test), model.predict_proba(X_test))
print(f"saved to {path.name} and loaded back: identical probabilities")

fig, (ax_acc, ax_points) = plt.subplots(1, 2, figsize=(11, 4))
ax_acc.plot(np.arange(1, len(accuracy) + 1), accuracy, label=["train", "test"])
ax_acc.set_xlabel("epoch")
ax_acc.set_ylabel("accuracy")
ax_acc.legend()
correct = loaded.predict(X_test) == y_test
ax_points.scatter(*X_test[correct].T, color="tab:green", s=10, label="correct")
ax_points.scatter(*X_test[~correct].T, color="tab:red", s=14, marker="x", label="wrong")
ax_points.set_title("test points (loaded model)")
ax_points.legend()
fig.tight_layout()
plt.show()
