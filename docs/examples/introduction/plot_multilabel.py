"""
======================================
Several labels per sample: multilabel
======================================

In a multilabel problem each sample can have any number of labels at once:
a document about sport and politics, an image with a dog and a cat. Given
``y`` as a 0/1 indicator matrix, one column per label,
``NumpyMLPClassifier`` learns all the labels with one network: one logistic
output unit per label, all sharing the hidden layer, and a sum of binary
log losses. ``predict`` and ``predict_proba`` return one column per label.
"""

# %%
# Five labels, about two per sample
# ---------------------------------
# :func:`~sklearn.datasets.make_multilabel_classification` draws 20 count
# features from a mixture that depends on each sample's labels.
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_multilabel_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, hamming_loss
from sklearn.model_selection import train_test_split
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import NumpyMLPClassifier

X, Y = make_multilabel_classification(
    n_samples=1000, n_features=20, n_classes=5, n_labels=2, random_state=0
)
X_train, X_test, Y_train, Y_test = train_test_split(X, Y, random_state=0)
print("Y:", Y.shape, "first rows:", Y[:3].tolist())
print(f"labels per sample: {Y.sum(axis=1).mean():.2f} on average")

# %%
# One network for the five labels
# -------------------------------
network = make_pipeline(
    StandardScaler(),
    NumpyMLPClassifier(
        hidden_layer_sizes=(64,),
        alpha=1.0,
        max_iter=300,
        random_state=0,
    ),
)
# 300 epochs; the warning that max_iter was reached is expected.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)
    network.fit(X_train, Y_train)
print("output activation:", network[-1].out_activation_)

# %%
# ``predict_proba`` gives each label's probability on its own: a row does
# not sum to one, as it would for classes that exclude each other.
# ``predict`` sets a label where its probability is above 0.5.
with np.printoptions(precision=2, suppress=True):
    print("predict_proba:\n", network.predict_proba(X_test[:3]))
    print("predict:\n", network.predict(X_test[:3]))
    print("true labels:\n", Y_test[:3])

# %%
# Scoring
# -------
# ``score`` is the subset accuracy: the share of samples whose labels are
# all right, a strict measure. The Hamming loss is the share of wrong
# (sample, label) entries, and the F1 score, for each label or over all of
# them ("micro"), balances precision and recall. For comparison, one
# logistic regression per label
# (:class:`~sklearn.multiclass.OneVsRestClassifier`): five linear models
# that know nothing of each other.
linear = make_pipeline(
    StandardScaler(), OneVsRestClassifier(LogisticRegression())
).fit(X_train, Y_train)
f1 = {}
print("                     subset accuracy  Hamming loss  micro F1")
for name, model in (("network", network), ("logistic per label", linear)):
    Y_pred = model.predict(X_test)
    f1[name] = f1_score(Y_test, Y_pred, average=None)
    print(
        f"{name:20} {model.score(X_test, Y_test):16.3f} "
        f"{hamming_loss(Y_test, Y_pred):13.3f} "
        f"{f1_score(Y_test, Y_pred, average='micro'):9.3f}"
    )
for name, scores in f1.items():
    print(f"F1 per label, {name:18}", np.round(scores, 3))

# %%
# The network gets more samples entirely right, fewer entries wrong, and a
# higher F1 on every label than the five separate linear models.
#
# The probabilities, sample by sample
# -----------------------------------
# Top, the network's ``predict_proba`` for 20 test samples, one column per
# sample, with a dot on the labels each sample truly has: a dot on a dark
# cell is a label found, a dark cell without a dot a label wrongly set.
# Bottom, the F1 score of each label, for both models.
fig, (top, bottom) = plt.subplots(
    2, 1, figsize=(8, 7.5), height_ratios=(1, 1.4), layout="constrained"
)
proba = network.predict_proba(X_test[:20])
image = top.imshow(proba.T, cmap="Blues", vmin=0, vmax=1, aspect="auto")
samples, labels = np.nonzero(Y_test[:20])
top.scatter(samples, labels, color="tab:orange", s=30, label="true label")
top.set_xticks(range(0, 20, 2))
top.set_yticks(range(5))
top.set_xlabel("test sample")
top.set_ylabel("label")
top.legend(loc="lower left", bbox_to_anchor=(0, 1.02))
fig.colorbar(image, ax=top, label="predicted probability")
width = 0.4
for offset, (name, scores) in zip((-width / 2, width / 2), f1.items()):
    bottom.bar(np.arange(5) + offset, scores, width=width, label=name)
bottom.set_xticks(range(5))
bottom.set_xlabel("label")
bottom.set_ylabel("F1 score on the test set")
bottom.set_ylim(0, 1)
bottom.legend(loc="lower left", bbox_to_anchor=(0, 1.02), ncols=2)
plt.show()
