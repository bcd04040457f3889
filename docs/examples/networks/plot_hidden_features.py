"""
=====================================================
The hidden layer as features for a linear model
=====================================================

A fitted network is also a transformer: ``transform`` returns its last
hidden layer's activations, the features it learnt. In a
:class:`~sklearn.pipeline.Pipeline` it can feed another estimator: here a
logistic regression, which on the raw inputs of a 3-class spiral can only
draw straight boundaries.
"""

# %%
# A spiral no straight line can split
# -----------------------------------
import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import NumpyMLPClassifier

rng = np.random.RandomState(0)
X, y = [], []
for k in range(3):
    radius = np.linspace(0.1, 1, 300)
    angle = np.linspace(4 * k, 4 * k + 4, 300) + rng.normal(0, 0.2, 300)
    X.append(np.c_[radius * np.sin(angle), radius * np.cos(angle)])
    y.append(np.full(300, k))
X, y = np.vstack(X), np.concatenate(y)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, stratify=y, random_state=0
)

# %%
# Raw inputs, then the network's features
# ---------------------------------------
# The second pipeline fits the network on the labels, then passes its
# 16 hidden activations to the logistic regression: ``fit_transform`` of a
# middle step is ``fit`` then ``transform``.
raw = make_pipeline(StandardScaler(), LogisticRegression())
learnt = make_pipeline(
    StandardScaler(),
    NumpyMLPClassifier(
        hidden_layer_sizes=(32, 16),
        solver="lbfgs",
        max_iter=500,
        random_state=0,
    ),
    LogisticRegression(),
)
for name, pipe in (("raw inputs", raw), ("network's features", learnt)):
    pipe.fit(X_train, y_train)
    print(f"{name}: test accuracy {pipe.score(X_test, y_test):.3f}")

# %%
# The learnt features as a DataFrame
# ----------------------------------
# ``get_feature_names_out`` names the learnt features, and
# ``set_output(transform="pandas")`` makes the network's ``transform``
# return them as a DataFrame, with those names as its columns.
# ``learnt[:2]`` is the scaler then the network: the fitted steps of
# ``learnt``, not copies, so ``set_output`` changes the fitted network
# itself; it is set back to NumPy arrays for what follows.
network = learnt[1]
network.set_output(transform="pandas")
features = learnt[:2].transform(X_test[:3])
network.set_output(transform="default")
print(type(features).__name__, features.shape)
print(features.iloc[:, :3].round(2))

# %%
# What the linear model sees
# --------------------------
# The first two principal directions of the 16 hidden features: the arms of
# the spiral, wound around each other in the input plane, come apart.
hidden = learnt[:2].transform(X_test)
centred = hidden - hidden.mean(axis=0)
_, _, directions = np.linalg.svd(centred, full_matrices=False)
projected = centred @ directions[:2].T
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4.8))
for k, color in enumerate(["tab:blue", "tab:orange", "tab:green"]):
    left.scatter(*X_test[y_test == k].T, color=color, s=10, label=f"class {k}")
    right.scatter(*projected[y_test == k].T, color=color, s=10)
left.set_title("input plane")
right.set_title("hidden features, first two principal directions")
for ax in (left, right):
    ax.set_xticks([])
    ax.set_yticks([])
fig.legend(loc="lower center", ncols=3, markerscale=2)
fig.tight_layout(rect=(0, 0.07, 1, 1))
plt.show()
