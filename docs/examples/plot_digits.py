"""
===============================================
Handwritten digits with a logistic hidden layer
===============================================

scikit-learn's 8x8 digits, a hidden layer of logistic units and a softmax
output over the 10 classes. ``partial_fit`` trains one epoch at a time so that
training and test accuracy can be followed; then the confusion matrix and the
digits the network gets wrong.
"""

import os

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.metrics import ConfusionMatrixDisplay
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import NumpyMLPClassifier

FAST = os.environ.get("SKLEARN_MLP_NP_FAST") == "1"

digits = load_digits()
X_train, X_test, y_train, y_test, images_train, images_test = train_test_split(
    digits.data, digits.target, digits.images, test_size=0.3, random_state=0
)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

model = NumpyMLPClassifier(
    hidden_layer_sizes=(64,), activation="logistic", solver="sgd",
    learning_rate_init=0.1, momentum=0.9, batch_size=32, random_state=0,
)  # fmt: skip
history = {"train": [], "test": []}
for _ in range(10 if FAST else 40):
    model.partial_fit(X_train, y_train, classes=np.arange(10))
    history["train"].append(model.score(X_train, y_train))
    history["test"].append(model.score(X_test, y_test))
print(f"output activation: {model.out_activation_}")
print(f"test accuracy after {len(history['test'])} epochs: {history['test'][-1]:.3f}")

fig, (ax_curve, ax_matrix) = plt.subplots(1, 2, figsize=(12, 5))
ax_curve.plot(history["train"], label="train")
ax_curve.plot(history["test"], label="test")
ax_curve.set_xlabel("epoch")
ax_curve.set_ylabel("accuracy")
ax_curve.legend()
ConfusionMatrixDisplay.from_estimator(
    model, X_test, y_test, ax=ax_matrix, colorbar=False
)
fig.tight_layout()

# %%
# The misclassified test digits, with what the network said
wrong = np.flatnonzero(model.predict(X_test) != y_test)[:24]
n_rows = max(1, -(-len(wrong) // 8))
fig, axes = plt.subplots(n_rows, 8, figsize=(10, 1.5 * n_rows + 0.5), squeeze=False)
for ax in axes.ravel():
    ax.set_axis_off()
for ax, index in zip(axes.ravel(), wrong):
    ax.imshow(images_test[index], cmap="gray_r")
    ax.set_title(
        f"{y_test[index]} → {model.predict(X_test[index : index + 1])[0]}", fontsize=9
    )
fig.suptitle("misclassified: true → predicted")
plt.show()
