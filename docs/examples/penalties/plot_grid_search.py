"""
====================================================
Tuning layer sizes, alpha and l1_ratio in a Pipeline
====================================================

:class:`~sklearn.model_selection.GridSearchCV` over a
``StandardScaler`` → ``NumpyMLPClassifier`` pipeline, the grid written
exactly as for scikit-learn's ``MLPClassifier``, with ``l1_ratio`` as one
more parameter. Then how to read the results: the spread over the folds,
and candidates that tie.
"""

# %%
# The search
# ----------
# scikit-learn's breast-cancer data (569 samples, 30 features), 5-fold
# cross-validation, 24 candidates: two layer sizes, four values of
# ``alpha`` (a factor of ten apart, from 0.1 to 100) and three of
# ``l1_ratio``. L-BFGS suits a data set this small.
# The pipeline's parameters are named ``<step>__<parameter>``.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import NumpyMLPClassifier

X, y = load_breast_cancer(return_X_y=True)
pipe = make_pipeline(
    StandardScaler(),
    NumpyMLPClassifier(solver="lbfgs", max_iter=2000, random_state=0),
)
grid = {
    "numpymlpclassifier__hidden_layer_sizes": [(8,), (32,)],
    "numpymlpclassifier__alpha": [0.1, 1.0, 10.0, 100.0],
    "numpymlpclassifier__l1_ratio": [0.0, 0.5, 1.0],
}
search = GridSearchCV(pipe, grid, cv=5, n_jobs=2).fit(X, y)

# %%
# The best candidates
# -------------------
# The ten best, by mean accuracy over the 5 folds, with the standard
# deviation over the folds. On 569 samples, one more sample right in one
# fold moves the mean by about 0.002, so several candidates often reach the
# same mean, and share a rank. (Two means that print the same can still
# differ in their last bits, from different fold scores, and be ranked
# apart.) ``best_params_`` is the first candidate of rank 1 in the order of
# ``cv_results_``, the order of the grid; the table lists ties in that
# order too (a stable sort), so its first row is ``best_params_``.
results = search.cv_results_
order = np.argsort(results["rank_test_score"], kind="stable")
print("rank hidden  alpha l1_ratio   mean    std")
for i in order[:10]:
    params = results["params"][i]
    print(
        f"{results['rank_test_score'][i]:>4} "
        f"{params['numpymlpclassifier__hidden_layer_sizes'][0]:>6} "
        f"{params['numpymlpclassifier__alpha']:>6g} "
        f"{params['numpymlpclassifier__l1_ratio']:>8g} "
        f"{results['mean_test_score'][i]:.4f} "
        f"{results['std_test_score'][i]:.4f}"
    )
print("\nbest_params_:")
for name, value in search.best_params_.items():
    print(f"    {name}: {value}")

# %%
# The differences between the best candidates are smaller than the spread
# over the folds: the data do not single out one of them, and a simpler one
# (fewer units, a stronger penalty) among those close to the top is as good
# a choice.
#
# Is the grid wide enough? A best value at the edge of a grid says the
# search should go further that way. Here the best ``alpha``, 10, is inside
# it: the best candidate of each ``alpha`` scores lower on both sides.
for alpha in grid["numpymlpclassifier__alpha"]:
    scores = [
        score
        for params, score in zip(results["params"], results["mean_test_score"])
        if params["numpymlpclassifier__alpha"] == alpha
    ]
    print(
        f"alpha={alpha:<5g}  mean accuracy: best {max(scores):.4f}, "
        f"worst {min(scores):.4f}"
    )

# %%
# alpha and l1_ratio, for the best layer sizes
# --------------------------------------------
# The mean accuracy over the folds, ± its standard deviation. The text is
# dark on light cells and light on dark ones, so every value can be read.
#
# At ``alpha=100`` with an L1 part the penalty wins over the data: the
# network predicts the majority class for every sample, and scores that
# class's share of the data. The colour scale starts a little below the
# lowest score of the other networks, so that it shows the differences among
# them; the collapsed networks, below the scale, are drawn in grey.
majority_share = np.bincount(y).max() / len(y)
print(f"share of the majority class: {majority_share:.4f}")
best_sizes = search.best_params_["numpymlpclassifier__hidden_layer_sizes"]
alphas = grid["numpymlpclassifier__alpha"]
ratios = grid["numpymlpclassifier__l1_ratio"]
mean = np.empty((len(alphas), len(ratios)))
std = np.empty_like(mean)
for params, m, s in zip(
    results["params"], results["mean_test_score"], results["std_test_score"]
):
    if params["numpymlpclassifier__hidden_layer_sizes"] == best_sizes:
        i = alphas.index(params["numpymlpclassifier__alpha"])
        j = ratios.index(params["numpymlpclassifier__l1_ratio"])
        mean[i, j], std[i, j] = m, s

fig, ax = plt.subplots(figsize=(6, 5))
collapsed = mean < majority_share + 0.01
low = np.min(mean[~collapsed]) - 0.01
cmap = plt.get_cmap("viridis").with_extremes(under="lightgray")
image = ax.imshow(mean, cmap=cmap, vmin=low)
ax.set_xticks(range(len(ratios)), [f"{r:g}" for r in ratios])
ax.set_yticks(range(len(alphas)), [f"{a:g}" for a in alphas])
ax.set_xlabel("l1_ratio")
ax.set_ylabel("alpha")
midpoint = (low + mean.max()) / 2
for (i, j), m in np.ndenumerate(mean):
    ax.text(
        j,
        i,
        f"{m:.3f}\n± {std[i, j]:.3f}",
        ha="center",
        va="center",
        color="black" if m > midpoint or collapsed[i, j] else "white",
    )
ax.set_title(f"mean CV accuracy, hidden_layer_sizes={best_sizes}")
fig.colorbar(image, label="mean accuracy over 5 folds", extend="min")
fig.tight_layout()
plt.show()
