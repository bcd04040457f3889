"""
===================================
Outliers: Huber and absolute error
===================================

The squared error grows with the square of a residual, so a few targets far
off the trend pull the whole fit towards them. Huber's loss
(``loss="huber"``) squares small residuals but counts large ones linearly,
and the absolute error (``loss="absolute_error"``) counts every residual
linearly and predicts the conditional median: neither lets a far-off target
move the fit more than a near one. Here one training target in ten is
corrupted.
"""

# %%
# A smooth trend with one target in ten thrown far above it
# ---------------------------------------------------------
import matplotlib.pyplot as plt
import numpy as np
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import NumpyMLPRegressor

rng = np.random.RandomState(0)
X = rng.uniform(-3, 3, size=(1000, 1))
trend = np.sin(2 * X[:, 0]) + 0.5 * X[:, 0]
y = trend + rng.normal(scale=0.2, size=1000)
corrupted = rng.uniform(size=1000) < 0.1
y[corrupted] += rng.uniform(4, 8, size=corrupted.sum())
print(f"corrupted targets: {corrupted.sum()} of {len(y)}")

# %%
# The same network under three losses
# -----------------------------------
# ``huber_delta="auto"`` (the default) sets Huber's threshold to the 0.9
# quantile of the targets' absolute deviations from their median,
# GradientBoostingRegressor's rule; ``huber_delta_`` holds it.
models = {}
for loss in ["squared_error", "huber", "absolute_error"]:
    models[loss] = make_pipeline(
        StandardScaler(),
        NumpyMLPRegressor(
            loss=loss,
            hidden_layer_sizes=(32, 32),
            learning_rate_init=0.01,
            max_iter=300,
            random_state=0,
        ),
    ).fit(X, y)
print(f"Huber's threshold: {models['huber'][-1].huber_delta_[0]:.2f}")

# %%
# Distance to the trend
# ---------------------
# The mean absolute distance between each fit and the uncorrupted trend, on a
# grid: the squared error's fit is pulled up towards the outliers and
# flattened, losing the trend's waves at both ends (0.59 from the trend);
# Huber's (0.22) and the absolute error's (0.11) stay close to it.
# Huber's default threshold, 1.84 here, is generous: the outliers, 4 to 8
# above the trend, still pull it a little, where the absolute error, which
# predicts the median, ignores them. A smaller ``huber_delta`` moves Huber
# towards the absolute error.
grid = np.linspace(-3, 3, 400).reshape(-1, 1)
grid_trend = np.sin(2 * grid[:, 0]) + 0.5 * grid[:, 0]
curves = {loss: model.predict(grid) for loss, model in models.items()}
for loss, curve in curves.items():
    error = np.mean(np.abs(curve - grid_trend))
    print(f"{loss:>14}: mean distance to the trend {error:.3f}")

# %%
fig, ax = plt.subplots(figsize=(9, 4.5))
ax.scatter(X[~corrupted, 0], y[~corrupted], s=4, color="0.7", label="data")
ax.scatter(
    X[corrupted, 0], y[corrupted], s=8, color="tab:red", label="corrupted"
)
ax.plot(grid[:, 0], grid_trend, "k--", lw=1, label="trend")
for loss, curve in curves.items():
    ax.plot(grid[:, 0], curve, lw=2, label=f"loss='{loss}'")
ax.set_xlabel("x")
ax.set_ylabel("y")
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
fig.tight_layout()
plt.show()
