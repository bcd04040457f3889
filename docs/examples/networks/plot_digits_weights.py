"""
=======================================
The first layer's weights, as images
=======================================

Each hidden unit of the first layer takes a weighted sum of the inputs. On
images, those weights are an image too: one weight per pixel, drawn where
the pixel is. This example trains a network with 16 hidden units on
scikit-learn's 8x8 handwritten digits and draws the 64 weights of each unit
as an 8x8 image, as scikit-learn's example "Visualization of MLP weights on
MNIST" does on 28x28 digits.
"""

# %%
# Training
# --------
# The pixels are grey levels from 0 to 16; divided by 16 they lie in
# [0, 1]. The network is small on purpose: 16 units, so that each can be
# looked at.
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split

from sklearn_mlp_np import NumpyMLPClassifier

X, y = load_digits(return_X_y=True)
X = X / 16
X_train, X_test, y_train, y_test = train_test_split(
    X, y, stratify=y, random_state=0
)
model = NumpyMLPClassifier(
    hidden_layer_sizes=(16,),
    alpha=1e-3,
    max_iter=300,
    random_state=0,
)
# The number of epochs is kept small for speed; the warning that max_iter
# was reached is expected.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)
    model.fit(X_train, y_train)
print(f"training accuracy {model.score(X_train, y_train):.3f}")
print(f"test accuracy {model.score(X_test, y_test):.3f}")

# %%
# The weights
# -----------
# ``coefs_[0]`` has one row per pixel and one column per hidden unit: each
# column, reshaped to 8x8, is one unit's image. Red pixels raise the unit's
# input when they are inked, blue ones lower it; the colour scale is the
# same for every unit, symmetric around zero.
weights = model.coefs_[0]
print("first-layer weights:", weights.shape)

# %%
# Two things to look for. First, units that never fire: ``transform`` gives
# the hidden layer's outputs, and a relu unit whose output is zero on every
# training image gets no gradient. Only the L2 penalty ``alpha`` acts on its
# weights, shrinking them towards zero: its image is faint. Second, pixels
# that are never inked: the left and right columns are blank in almost
# every image, so their weights get almost no gradient either, and stay
# smaller than those of the other pixels, where the digits differ: much
# smaller in the left column, only a little in the right one.
active = (model.transform(X_train) > 0).mean(axis=0)
dead = np.flatnonzero(active == 0)
strength = np.abs(weights).mean(axis=0)
print(f"units never active on the training images: {dead.tolist()}")
print(
    f"mean |weight| of those units: {strength[dead].max():.3f} at most, "
    f"of the others: {np.delete(strength, dead).min():.3f} at least"
)
edges = np.zeros((8, 8), dtype=bool)
edges[:, [0, 7]] = True
edges = edges.ravel()
print(
    f"inked pixels in the edge columns: {np.mean(X_train[:, edges] > 0):.1%}"
)
left, right = np.zeros((2, 8, 8), dtype=bool)
left[:, 0] = right[:, 7] = True
print(
    "mean |weight|: edge columns "
    f"{np.abs(weights[edges]).mean():.3f} "
    f"(left {np.abs(weights[left.ravel()]).mean():.3f}, "
    f"right {np.abs(weights[right.ravel()]).mean():.3f}), "
    f"other pixels {np.abs(weights[~edges]).mean():.3f}"
)

# %%
# The 16 images: the never-active units are the faint ones. The others
# mix positive and negative patches over the middle of the image: a unit
# weighs the ink in some places against the ink in others.
limit = np.abs(weights).max()
fig, axes = plt.subplots(4, 4, figsize=(7, 7.5), layout="constrained")
for unit, ax in enumerate(axes.ravel()):
    image = ax.imshow(
        weights[:, unit].reshape(8, 8),
        cmap="RdBu_r",
        vmin=-limit,
        vmax=limit,
    )
    title = f"unit {unit}" + (" (never active)" if unit in dead else "")
    ax.set_title(title, fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])
fig.colorbar(image, ax=axes, shrink=0.6, label="weight")
plt.show()
