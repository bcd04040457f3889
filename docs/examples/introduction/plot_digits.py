"""
===============================================
Handwritten digits with a logistic hidden layer
===============================================

scikit-learn's 8x8 handwritten digits, a hidden layer of 64 logistic units
and a softmax output over the 10 classes. ``partial_fit`` trains one epoch
at a time so that the training and test accuracy can be followed; then the
confusion matrix, and the digits the network gets wrong.
"""

# %%
# The data
# --------
# 1797 images of 8x8 pixels, flattened to 64 features and standardised. The
# images are kept to be drawn at the end.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.metrics import ConfusionMatrixDisplay
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import NumpyMLPClassifier

digits = load_digits()
X_train, X_test, y_train, y_test, images_train, images_test = train_test_split(
    digits.data,
    digits.target,
    digits.images,
    test_size=0.3,
    random_state=0,
)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

# %%
# Training, one epoch per call
# ----------------------------
# The first call to ``partial_fit`` must name every class, since one chunk of
# data need not hold them all.
model = NumpyMLPClassifier(
    hidden_layer_sizes=(64,),
    activation="logistic",
    solver="sgd",
    learning_rate_init=0.1,
    momentum=0.9,
    batch_size=32,
    random_state=0,
)
n_epochs = 40
train_accuracy, test_accuracy = [], []
for _ in range(n_epochs):
    model.partial_fit(X_train, y_train, classes=np.arange(10))
    train_accuracy.append(model.score(X_train, y_train))
    test_accuracy.append(model.score(X_test, y_test))
print(f"output activation: {model.out_activation_}")
print(f"test accuracy after {n_epochs} epochs: {test_accuracy[-1]:.3f}")

# %%
# The training accuracy climbs to 1, while the test accuracy levels off a
# little below it after about 10 epochs: the later epochs fit the training
# set better, not the test set. The first point is after the first epoch.
for epoch in (10, 20, n_epochs):
    print(
        f"epoch {epoch}: training accuracy {train_accuracy[epoch - 1]:.3f}, "
        f"test accuracy {test_accuracy[epoch - 1]:.3f}"
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
# Which digits are confused
# -------------------------
# Rows are the true digits, columns the predicted ones; off the diagonal are
# the mistakes.
fig, ax = plt.subplots(figsize=(6, 5.5))
ConfusionMatrixDisplay.from_estimator(
    model, X_test, y_test, ax=ax, colorbar=False
)
ax.set_title("test set")
fig.tight_layout()

# %%
# The digits it gets wrong
# ------------------------
# Every misclassified test digit (up to 24), with the true label and the
# network's answer.
predicted = model.predict(X_test)
wrong = np.flatnonzero(predicted != y_test)[:24]
n_rows = max(1, -(-len(wrong) // 8))
fig, axes = plt.subplots(
    n_rows, 8, figsize=(10, 1.5 * n_rows + 0.6), squeeze=False
)
for ax in axes.ravel():
    ax.set_axis_off()
for ax, index in zip(axes.ravel(), wrong):
    ax.imshow(images_test[index], cmap="gray_r")
    ax.set_title(f"{y_test[index]} → {predicted[index]}", fontsize=11)
fig.suptitle("misclassified test digits: true → predicted")
fig.tight_layout()
plt.show()

# sphinx_gallery_thumbnail_number = 3
