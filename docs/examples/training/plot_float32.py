"""
==================
float32 end to end
==================

Give the estimators float32 data and everything stays float32: the weights,
the gradients, the optimizer's state and the predictions, under every solver.
The network takes half the memory, and on this problem it learns the same
model as in float64. scikit-learn's ``MLPClassifier`` keeps float32 under
``sgd`` and ``adam``, but converts to float64 under ``lbfgs``.
"""

# %%
# The data, in both precisions
# ----------------------------
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import NumpyMLPClassifier

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
scaler = StandardScaler().fit(X_train)
data = {
    dtype: (
        scaler.transform(X_train).astype(dtype),
        scaler.transform(X_test).astype(dtype),
    )
    for dtype in (np.float64, np.float32)
}

# %%
# Every solver, both precisions
# -----------------------------
# The same network and seed, fitted on float64 and on float32 data. The
# weights (``coefs_``), the probabilities and the memory the parameters take
# follow the data's dtype; the test accuracy does not change.
solvers = {
    "sgd": dict(learning_rate_init=0.01),
    "adam": dict(),
    "lbfgs": dict(),
}
models = {}
print(f"{'solver':6} {'data':8} {'coefs_':8} {'proba':8} {'KB':>5} accuracy")
for solver, params in solvers.items():
    for dtype, (train, test) in data.items():
        model = NumpyMLPClassifier(
            hidden_layer_sizes=(64,), solver=solver, random_state=0, **params
        ).fit(train, y_train)
        models[solver, dtype] = model
        weights = model.coefs_ + model.intercepts_
        kilobytes = sum(w.nbytes for w in weights) / 1024
        print(
            f"{solver:6} {np.dtype(dtype).name:8} "
            f"{model.coefs_[0].dtype.name:8} "
            f"{model.predict_proba(test).dtype.name:8} {kilobytes:5.1f} "
            f"{model.score(test, y_test):.4f}"
        )

# %%
# scikit-learn's ``MLPClassifier`` under ``lbfgs``, for comparison, returns
# float64 weights from float32 data:
sklearn_model = MLPClassifier(
    hidden_layer_sizes=(64,), solver="lbfgs", random_state=0
).fit(data[np.float32][0], y_train)
print(f"scikit-learn, lbfgs, float32 data: {sklearn_model.coefs_[0].dtype}")

# %%
# The same training, in either precision
# --------------------------------------
# The loss curve of each solver in float32 (dashed) runs inside its float64
# curve (wide, light): float32's rounding does not change the course of
# training here.
colors = {"sgd": "tab:blue", "adam": "tab:orange", "lbfgs": "tab:green"}
styles = {
    np.float64: dict(lw=6, alpha=0.3),
    np.float32: dict(lw=1.5, ls="--"),
}
fig, ax = plt.subplots(figsize=(7, 4))
for (solver, dtype), model in models.items():
    epochs = np.arange(1, len(model.loss_curve_) + 1)
    ax.plot(
        epochs,
        model.loss_curve_,
        color=colors[solver],
        label=f"{solver}, {np.dtype(dtype).name}",
        **styles[dtype],
    )
ax.set_yscale("log")
ax.set_xscale("log")
ax.set_xlabel("epoch (lbfgs: iteration)")
ax.set_ylabel("training loss")
ax.legend(ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.18))
fig.tight_layout()
plt.show()
