"""
=============================================
Two noisy parabolas: what a hidden layer does
=============================================

Points along y = x² + 2x - 2 form one class and points along
y = -x² + 2x + 2 the other. No straight line separates them. A hidden layer
of 3 tanh units and a logistic output do: the hidden layer maps the plane
into a 3-D space where the output layer, which can only draw a flat plane,
separates the classes. This example draws that space.
"""

# %%
# The data
# --------
# On [-1.3, 1.3] the two parabolas do not cross (they meet at x = ±√2), but
# near the ends they are less than 1 apart, and the noise (standard deviation
# 0.3 on each coordinate) mixes a few points of the two classes there.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.inspection import DecisionBoundaryDisplay
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import LossCurveDisplay, NumpyMLPClassifier

rng = np.random.RandomState(0)
x = rng.uniform(-1.3, 1.3, size=400)
first = np.c_[x[:200], x[:200] ** 2 + 2 * x[:200] - 2]
second = np.c_[x[200:], -(x[200:] ** 2) + 2 * x[200:] + 2]
X = np.vstack([first, second]) + rng.normal(scale=0.3, size=(400, 2))
y = np.r_[np.zeros(200), np.ones(200)]

# %%
# A network with 3 tanh units
# ---------------------------
# Mini-batch SGD with momentum, after a ``StandardScaler``.
model = make_pipeline(
    StandardScaler(),
    NumpyMLPClassifier(
        hidden_layer_sizes=(3,),
        activation="tanh",
        solver="sgd",
        batch_size=16,
        learning_rate_init=0.1,
        max_iter=300,
        n_iter_no_change=50,
        random_state=0,
    ),
).fit(X, y)
network = model[-1]
print(f"epochs: {network.n_iter_}")
print(f"training accuracy: {model.score(X, y):.3f}")

# %%
# The loss falls quickly and then flattens: training stopped when it had not
# improved by ``tol`` for 50 epochs.
display = LossCurveDisplay.from_estimator(model)
display.figure_.set_size_inches(6, 3.5)
display.figure_.tight_layout()

# %%
# The decision boundary in the plane is curved, following the gap between
# the parabolas. The points it gets wrong are where the two noisy classes mix.
markers = {0: ("o", "tab:blue"), 1: ("^", "tab:red")}
fig, ax = plt.subplots(figsize=(6, 5))
DecisionBoundaryDisplay.from_estimator(
    model,
    X,
    response_method="predict_proba",
    cmap="RdBu_r",
    alpha=0.5,
    eps=0.3,
    ax=ax,
)
for label, (marker, color) in markers.items():
    ax.scatter(
        *X[y == label].T,
        marker=marker,
        color=color,
        edgecolor="k",
        linewidth=0.5,
        s=22,
        label=f"class {label}",
    )
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.set_title("probability of class 1")
ax.legend(loc="lower right")
fig.tight_layout()

# %%
# The hidden layer's view
# -----------------------
# Each point is mapped to the activations of the 3 tanh units, a point in the
# cube [-1, 1]³. ``layer_activations`` returns every layer's output for the
# (scaled) points: the hidden layer's, then the output unit's probability.
# The output unit predicts class 1 where ``h @ coefs_[1] + intercepts_[1] >
# 0``: one side of a flat plane in this cube, drawn in grey. Training has
# bent the data so that this plane separates the two classes, up to the
# points that the noise mixed.
hidden, probability = network.layer_activations(model[0].transform(X))
w, b = network.coefs_[1].ravel(), network.intercepts_[1][0]
wrong_side = np.sum((probability[:, 0] > 0.5) != (y == 1))
print(f"points on the wrong side of the plane: {wrong_side} of {len(y)}")

# The plane w0 h0 + w1 h1 + w2 h2 + b = 0, solved for the unit with the
# largest output weight.
k = int(np.argmax(np.abs(w)))
i, j = [unit for unit in range(3) if unit != k]
grid_i, grid_j = np.meshgrid(np.linspace(-1, 1, 20), np.linspace(-1, 1, 20))
plane = np.empty((3, *grid_i.shape))
plane[i], plane[j] = grid_i, grid_j
plane[k] = -(w[i] * grid_i + w[j] * grid_j + b) / w[k]
plane[k][np.abs(plane[k]) > 1] = np.nan  # keep the part inside the cube

fig = plt.figure(figsize=(7, 6))
ax = fig.add_subplot(projection="3d")
ax.plot_surface(*plane, color="gray", alpha=0.3, linewidth=0)
for label, (marker, color) in markers.items():
    ax.scatter(
        *hidden[y == label].T,
        marker=marker,
        color=color,
        edgecolor="k",
        linewidth=0.3,
        s=18,
        label=f"class {label}",
    )
for axis, set_label in enumerate(
    (ax.set_xlabel, ax.set_ylabel, ax.set_zlabel)
):
    set_label(f"hidden unit {axis}", labelpad=6)
ax.set_xticks([-1, 0, 1])
ax.set_yticks([-1, 0, 1])
ax.set_zticks([-1, 0, 1])
ax.set_xlim(-1, 1)
ax.set_ylim(-1, 1)
ax.set_zlim(-1, 1)
ax.view_init(elev=15, azim=-140)  # nearly along the plane
ax.legend(loc="upper left")
ax.set_title("tanh activations and the output layer's plane")
fig.tight_layout()
plt.show()

# sphinx_gallery_thumbnail_number = 3
