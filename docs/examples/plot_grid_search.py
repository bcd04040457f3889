"""
====================================================
Tuning layer sizes, alpha and l1_ratio in a Pipeline
====================================================

``GridSearchCV`` over a ``StandardScaler`` → ``NumpyMLPClassifier`` pipeline,
the grid written exactly as for scikit-learn's ``MLPClassifier`` plus
``l1_ratio``.
"""

import os
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import NumpyMLPClassifier

FAST = os.environ.get("SKLEARN_MLP_NP_FAST") == "1"
# Some of the heavily penalised candidates stop at max_iter; that is fine here.
warnings.simplefilter("ignore", ConvergenceWarning)

X, y = load_breast_cancer(return_X_y=True)
pipe = make_pipeline(
    StandardScaler(), NumpyMLPClassifier(solver="lbfgs", max_iter=200, random_state=0)
)
grid = {
    "numpymlpclassifier__hidden_layer_sizes": [(8,), (32,)]
    if FAST
    else [(8,), (32,), (32, 16)],
    "numpymlpclassifier__alpha": [1e-3, 1e-1, 1.0, 10.0],
    "numpymlpclassifier__l1_ratio": [0.0, 0.5, 1.0],
}
search = GridSearchCV(pipe, grid, cv=3, n_jobs=2).fit(X, y)

results = search.cv_results_
order = np.argsort(results["rank_test_score"])
print(f"{'hidden':>10} {'alpha':>6} {'l1_ratio':>8} {'mean acc':>9} {'std':>6}")
for i in order[:10]:
    params = results["params"][i]
    print(
        f"{params['numpymlpclassifier__hidden_layer_sizes']!s:>10} "
        f"{params['numpymlpclassifier__alpha']:>6g} "
        f"{params['numpymlpclassifier__l1_ratio']:>8g} "
        f"{results['mean_test_score'][i]:>9.4f} {results['std_test_score'][i]:>6.4f}"
    )
print(f"best: {search.best_params_}")

# %%
# Mean accuracy over alpha x l1_ratio for the best layer sizes
best_sizes = search.best_params_["numpymlpclassifier__hidden_layer_sizes"]
alphas, ratios = grid["numpymlpclassifier__alpha"], grid["numpymlpclassifier__l1_ratio"]
table = np.empty((len(alphas), len(ratios)))
for params, score in zip(results["params"], results["mean_test_score"]):
    if params["numpymlpclassifier__hidden_layer_sizes"] == best_sizes:
        i = alphas.index(params["numpymlpclassifier__alpha"])
        j = ratios.index(params["numpymlpclassifier__l1_ratio"])
        table[i, j] = score
fig, ax = plt.subplots(figsize=(5, 4))
image = ax.imshow(table, cmap="viridis")
ax.set_xticks(range(len(ratios)), [str(r) for r in ratios])
ax.set_yticks(range(len(alphas)), [str(a) for a in alphas])
ax.set_xlabel("l1_ratio")
ax.set_ylabel("alpha")
for (i, j), score in np.ndenumerate(table):
    ax.text(j, i, f"{score:.3f}", ha="center", va="center", color="white")
ax.set_title(f"mean CV accuracy, hidden={best_sizes}")
fig.colorbar(image)
plt.show()
