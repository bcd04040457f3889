"""
============================
Counts with the Poisson loss
============================

Counts (of events, claims, visits) are non-negative, often zero, and their
spread grows with their mean. ``NumpyMLPRegressor(loss="poisson")`` models
the log of the expected count, so its predictions are always positive, and
minimises the Poisson deviance, which weighs the errors on small and large
counts as that spread does. Here it is compared with the squared error and
with a linear Poisson model.
"""

# %%
# Counts from a rate that varies over orders of magnitude
# -------------------------------------------------------
# The expected count is ``exp(2 sin(x0) + x1 - 1)``, from about 0.002 to 55
# on [-3, 3]²; each target is a Poisson draw from it. More than half of them
# are 0.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.linear_model import PoissonRegressor
from sklearn.metrics import mean_poisson_deviance
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import NumpyMLPRegressor

rng = np.random.RandomState(0)
X = rng.uniform(-3, 3, size=(4000, 2))
rate = np.exp(2 * np.sin(X[:, 0]) + X[:, 1] - 1)
y = rng.poisson(rate)
print(f"share of zero counts: {np.mean(y == 0):.2f}, largest count: {y.max()}")
X_train, X_test, y_train, y_test, rate_train, rate_test = train_test_split(
    X, y, rate, random_state=0
)

# %%
# Three models
# ------------
# The same network with the Poisson loss (output activation ``exp``) and
# with the squared error (output activation ``identity``), and scikit-learn's
# :class:`~sklearn.linear_model.PoissonRegressor`, a linear model of the log
# of the rate.
network = dict(
    hidden_layer_sizes=(32, 32),
    learning_rate_init=0.003,
    max_iter=1000,
    n_iter_no_change=20,
    random_state=0,
)
models = {
    "network, Poisson loss": NumpyMLPRegressor(loss="poisson", **network),
    "network, squared error": NumpyMLPRegressor(
        loss="squared_error", **network
    ),
    "linear Poisson model": PoissonRegressor(),
}
predictions = {}
for name, estimator in models.items():
    model = make_pipeline(StandardScaler(), estimator).fit(X_train, y_train)
    predictions[name] = model.predict(X_test)
    print(
        f"{name:24} mean Poisson deviance on the test set "
        f"{mean_poisson_deviance(y_test, predictions[name]):.3f}"
    )
print(
    f"{'the true rate':24} mean Poisson deviance on the test set "
    f"{mean_poisson_deviance(y_test, rate_test):.3f}"
)
print(f"output activation: {models['network, Poisson loss'].out_activation_}")

# %%
# The Poisson network comes close to the deviance of the true rate itself,
# the best any model can do on these noisy counts. The linear model cannot
# follow the sine. The squared-error network fits the large counts, which
# dominate its loss, and misses the small rates.
#
# Predicted against true rates
# ----------------------------
# On logarithmic axes, every test point's predicted expected count against
# the one it was drawn from; on the diagonal, the prediction is exact.
small = rate_test < 0.1
print(f"test points with a true rate below 0.1: {small.sum()}")
print("Poisson network, prediction / true rate:")
for part, where in [("below 0.1", small), ("0.1 or above", ~small)]:
    ratio = predictions["network, Poisson loss"][where] / rate_test[where]
    print(
        f"    true rate {part:12}: below 1 for {np.mean(ratio < 1):.0%}, "
        f"median {np.median(ratio):.2f}"
    )
low = predictions["network, squared error"][small]
print(
    f"squared-error network, true rate below 0.1: predictions from "
    f"{low.min():.2f} to {low.max():.2f}"
)

# %%
# The Poisson network follows the rate down to the smallest values, a
# little low: about three in four of its predictions are under the true
# rate, by a median 5% where that rate is 0.1 or more, and by 16% below 0.1,
# where the few counts above 0 also make the predictions noisier. The
# squared-error network cannot go that low: wherever the true rate is below
# 0.1, its predictions stay between 0.15 and 0.7.
fig, ax = plt.subplots(figsize=(6, 5.5))
for name, color in [
    ("network, squared error", "tab:orange"),
    ("network, Poisson loss", "tab:blue"),
]:
    ax.scatter(
        rate_test, predictions[name], s=6, alpha=0.5, color=color, label=name
    )
limits = [rate.min(), rate.max()]
ax.plot(limits, limits, color="black", lw=1, label="exact")
ax.set_xscale("log")
ax.set_yscale("log")
ax.set_xlabel("true expected count")
ax.set_ylabel("predicted expected count")
ax.legend(loc="upper left", markerscale=3)
fig.tight_layout()
plt.show()
