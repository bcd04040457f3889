"""
====================================================
The L1 penalty: exact zeros, pruned inputs, and cost
====================================================

With ``l1_ratio=1`` the penalty is ``alpha * sum|W|``. The solvers apply it
as a proximal (soft-threshold) step, so weights become exactly zero, not just
small. As ``alpha`` grows, more weights are zero, and inputs whose every
outgoing weight is zero are pruned from the network altogether. Here 5 of the
40 features carry the signal.
"""

import os

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import NumpyMLPClassifier

FAST = os.environ.get("SKLEARN_MLP_NP_FAST") == "1"

X, y = make_classification(
    n_samples=1000, n_features=40, n_informative=5, n_redundant=0,
    n_clusters_per_class=1, shuffle=False, random_state=0,
)  # fmt: skip
X = StandardScaler().fit_transform(X)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)

alphas = [0.0, 0.3, 1.0, 3.0, 10.0, 30.0]
rows = []
for alpha in alphas:
    model = NumpyMLPClassifier(
        hidden_layer_sizes=(16,), solver="lbfgs", alpha=alpha, l1_ratio=1.0,
        max_iter=100 if FAST else 300, random_state=0,
    ).fit(X_train, y_train)  # fmt: skip
    W = model.coefs_[0]
    pruned = np.all(W == 0, axis=1)
    rows.append((np.mean(W == 0), pruned, model.score(X_test, y_test), W))
    print(
        f"alpha={alpha:<5g} zero weights {rows[-1][0]:6.1%}  pruned inputs "
        f"{pruned.sum():2d}/40 (informative pruned: {pruned[:5].sum()})  "
        f"test accuracy {rows[-1][2]:.3f}"
    )

fig, (ax_zero, ax_weights) = plt.subplots(1, 2, figsize=(12, 4.5))
ax_zero.plot(alphas, [r[0] for r in rows], "o-", label="zero weights (first layer)")
ax_zero.plot(alphas, [r[1].mean() for r in rows], "s-", label="pruned inputs")
ax_zero.plot(alphas, [r[2] for r in rows], "^-", label="test accuracy")
ax_zero.set_xscale("symlog", linthresh=0.3)
ax_zero.set_xlabel("alpha (l1_ratio=1)")
ax_zero.legend()
ax_weights.imshow(np.abs(rows[3][3]).T > 0, cmap="Greys", aspect="auto")
ax_weights.axvline(4.5, color="tab:red", lw=1)
ax_weights.set_xlabel("input feature (the first 5 are informative)")
ax_weights.set_ylabel("hidden unit")
ax_weights.set_title(f"non-zero first-layer weights, alpha={alphas[3]}")
fig.tight_layout()
plt.show()
