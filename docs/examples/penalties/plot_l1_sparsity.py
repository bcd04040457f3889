"""
========================================================
The L1 penalty: exact zeros, idle units, inputs left out
========================================================

With ``l1_ratio=1`` the penalty is ``alpha * sum|W|``. The solvers apply it
as a proximal (soft-threshold) step, so weights become exactly zero, not just
small. This example trains the same network with a growing ``alpha`` on data
where 5 of the 40 inputs carry the signal, and follows what the penalty
removes: first most of the hidden units, then the inputs that carry only
noise, and last, when ``alpha`` is too strong, everything.
"""

# %%
# 5 inputs that matter, 35 that do not
# ------------------------------------
# The class is the sign of ``x0 + x1 + x2 + x3 + x4 + 0.5 |x0|``; the other
# 35 inputs are noise, independent of the class. The inputs are already
# standardised (standard normal).
import matplotlib.pyplot as plt
import numpy as np
from sklearn.model_selection import train_test_split

from sklearn_mlp_np import NumpyMLPClassifier

rng = np.random.RandomState(0)
X = rng.normal(size=(2000, 40))
y = (X[:, :5].sum(axis=1) + 0.5 * np.abs(X[:, 0]) > 0).astype(int)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
informative = np.arange(40) < 5

# %%
# A growing penalty
# -----------------
# A hidden layer of 16 relu units, trained by Adam, for each ``alpha``. For
# each fit the table gives the share of weights that are exactly zero, the
# hidden units still used, the inputs kept (informative, of 5, and noise, of
# 35) and the test accuracy. What "used" and "kept" mean:
#
# - an input whose outgoing weights (its row of ``coefs_[0]``) are all zero
#   no longer takes part in any prediction: it is left out;
# - a hidden unit whose incoming weights (its column of ``coefs_[0]``) are
#   all zero outputs a constant, and one whose outgoing weights (its row of
#   ``coefs_[1]``) are all zero is ignored by the output: either way it is
#   idle.
alphas = [0.0, 0.3, 1.0, 2.0, 3.0, 5.0, 8.0, 12.0]
results = []
print("alpha  zero weights  units used  informative  noise  accuracy")
for alpha in alphas:
    model = NumpyMLPClassifier(
        hidden_layer_sizes=(16,),
        solver="adam",
        learning_rate_init=0.01,
        alpha=alpha,
        l1_ratio=1.0,
        max_iter=1000,
        random_state=0,
    ).fit(X_train, y_train)
    W_in, W_out = model.coefs_
    used_inputs = ~np.all(W_in == 0, axis=1)
    idle_units = np.all(W_in == 0, axis=0) | np.all(W_out == 0, axis=1)
    r = dict(
        alpha=alpha,
        zero_weights=np.mean(np.r_[W_in.ravel(), W_out.ravel()] == 0),
        units_used=np.sum(~idle_units),
        informative_kept=np.sum(used_inputs & informative),
        noise_kept=np.sum(used_inputs & ~informative),
        accuracy=model.score(X_test, y_test),
        W_in=W_in,
    )
    results.append(r)
    print(
        f"{alpha:5g}  {r['zero_weights']:12.1%}  {r['units_used']:7d}/16"
        f"  {r['informative_kept']:9d}/5  {r['noise_kept']:2d}/35"
        f"  {r['accuracy']:8.3f}"
    )

# %%
# What the penalty removes
# ------------------------
# A small ``alpha`` already makes most weights exactly zero, by leaving most
# hidden units idle: a few units are enough for this problem. A larger one
# then drops the noise inputs, one after another, while the 5 informative
# inputs stay. Past some point nothing is left: every weight is zero and
# the network predicts one class for every sample. Where two counts are
# equal their markers are drawn one inside the other: hollow squares, then
# circles, then small triangles.
fig, ax = plt.subplots(figsize=(9, 4.2))
ax.plot(
    alphas,
    [r["noise_kept"] for r in results],
    "s-",
    color="tab:orange",
    markersize=13,
    markerfacecolor="none",
    markeredgewidth=1.5,
    label="noise inputs kept (of 35)",
)
ax.plot(
    alphas,
    [r["informative_kept"] for r in results],
    "o-",
    color="tab:blue",
    markersize=8,
    label="informative inputs kept (of 5)",
)
ax.plot(
    alphas,
    [r["units_used"] for r in results],
    "^-",
    color="tab:green",
    markersize=5,
    label="hidden units used (of 16)",
)
ax.set_xscale("symlog", linthresh=0.3)
ax.minorticks_off()
ax.set_xticks(alphas, [f"{a:g}" for a in alphas])
ax.set_xlabel("alpha (l1_ratio=1)")
ax.set_ylabel("count")
ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
fig.tight_layout()

# %%
# The accuracy
# ------------
# Without a penalty the network fits its training set exactly, noise inputs
# included, and scores lowest of the non-empty models on the test set. A
# small ``alpha`` scores best; as it grows, the network gets smaller and
# gives up a little accuracy, until it is empty. The two are drawn one
# above the other, as their values lie close together.
fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 5.5), sharex=True)
bottom.set_xscale("symlog", linthresh=0.3)
top.plot(
    alphas,
    [r["accuracy"] for r in results],
    "o-",
    color="tab:green",
)
top.set_ylabel("test accuracy")
bottom.plot(
    alphas,
    [r["zero_weights"] for r in results],
    "s-",
    color="gray",
)
bottom.set_ylim(0, 1.05)
bottom.set_ylabel("share of zero weights")
bottom.minorticks_off()
bottom.set_xticks(alphas, [f"{a:g}" for a in alphas])
bottom.set_xlabel("alpha (l1_ratio=1)")
for ax in (top, bottom):
    ax.grid(axis="y", alpha=0.3)
fig.tight_layout()

# %%
# The first layer's weights
# -------------------------
# For the largest ``alpha`` that keeps the 5 informative inputs, the weights
# from each input (columns) to each hidden unit (rows) that are not zero.
# Left of the red line are the 5 informative inputs, all kept; right of it,
# one noise input is still kept, input 12 at this ``alpha``, with a single
# weight. One hidden unit does all the work.
chosen = max(
    (r for r in results if r["informative_kept"] == 5),
    key=lambda r: r["alpha"],
)
noise_used = np.flatnonzero(np.any(chosen["W_in"][5:] != 0, axis=1)) + 5
print(f"alpha={chosen['alpha']:g}: noise inputs kept {noise_used.tolist()}")
print(
    "non-zero weights of each noise input kept:",
    [int(np.count_nonzero(chosen["W_in"][i])) for i in noise_used],
)
fig, ax = plt.subplots(figsize=(8, 3.8))
ax.imshow(
    chosen["W_in"].T != 0, cmap="Greys", aspect="auto", interpolation="nearest"
)
ax.axvline(4.5, color="tab:red", lw=1.5)
ax.set_xticks(range(0, 40, 5))
ax.set_xlabel("input (0 to 4 informative, 5 to 39 noise)")
ax.set_ylabel("hidden unit")
ax.set_title(
    f"non-zero first-layer weights (black), alpha={chosen['alpha']:g}"
)
fig.tight_layout()
plt.show()
