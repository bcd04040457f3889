"""
==================================================
Which inputs does the network use? A group penalty
==================================================

``alpha_features`` penalises the Euclidean norm of each row of the first
weight matrix: the weights leaving one input feature. Applied as a proximal
step, it sets whole rows to exactly zero, and the network then ignores those
inputs. Along a path of penalties, here is how many of 40 inputs a network
keeps and its accuracy, next to
:class:`~sklearn.feature_selection.SelectFromModel` with an L1-penalised
logistic regression.
"""

# %%
# Four informative inputs among forty
# -----------------------------------
# The class depends on the first four features, two of them also through
# their product (which a linear model cannot represent); the other 36 are
# noise.
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_selection import SelectFromModel
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline

from sklearn_mlp_np import NumpyMLPClassifier

rng = np.random.RandomState(0)
X = rng.normal(size=(1500, 40))
informative = X[:, 0] + X[:, 1] - X[:, 2] + X[:, 3] + 1.5 * X[:, 0] * X[:, 1]
y = (informative > 0).astype(int)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)


def network(**params):
    return NumpyMLPClassifier(
        hidden_layer_sizes=(32,),
        learning_rate_init=0.003,
        max_iter=300,
        random_state=0,
        **params,
    )


# %%
# The network's path
# ------------------
# ``feature_importances_`` is each row's norm divided by their sum: zero for
# an input whose row the penalty dropped.
alphas = [0.0, 1.0, 3.0, 10.0, 20.0, 50.0]
kept, accuracy = [], []
for alpha_features in alphas:
    clf = network(alpha_features=alpha_features)
    # The same budget of 300 epochs for every penalty on the path: the
    # warning that max_iter was reached is expected.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X_train, y_train)
    used = np.flatnonzero(clf.feature_importances_)
    kept.append(len(used))
    accuracy.append(clf.score(X_test, y_test))
    inputs = "input " if len(used) == 1 else "inputs"
    print(
        f"alpha_features={alpha_features:4}: {len(used):2} {inputs} "
        f"{used[:5]}, test accuracy {accuracy[-1]:.3f}"
    )

# %%
# Dropping noise inputs first raises the accuracy: the network no longer
# fits the noise. At ``alpha_features=20`` it keeps exactly the four
# informative inputs, but its own accuracy falls: a penalty strong enough to
# drop every noise row also shrinks the rows it keeps, as the lasso shrinks
# its coefficients. Stronger still, it drops every input.
#
# Select, then refit
# ------------------
# So select with the penalty, and train a network without it on the inputs
# kept: ``SelectFromModel`` keeps the inputs of non-zero importance.
select_then_fit = make_pipeline(
    SelectFromModel(network(alpha_features=20.0), threshold=1e-10),
    network(),
)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", ConvergenceWarning)
    select_then_fit.fit(X_train, y_train)
refit_accuracy = select_then_fit.score(X_test, y_test)
print(
    f"selected {select_then_fit[0].get_support().sum()} inputs, refit: "
    f"test accuracy {refit_accuracy:.3f} (all 40 inputs: {accuracy[0]:.3f})"
)

# %%
# The L1 logistic regression's path
# ---------------------------------
# ``SelectFromModel`` keeps the inputs with a non-zero coefficient; the
# linear model then predicts from them. Smaller ``C`` is a stronger penalty.
Cs = [1.0, 0.1, 0.03, 0.005]
kept_lr, accuracy_lr = [], []
for C in Cs:
    linear = make_pipeline(
        SelectFromModel(
            LogisticRegression(l1_ratio=1.0, C=C, solver="liblinear"),
            threshold=1e-10,
        ),
        LogisticRegression(),
    ).fit(X_train, y_train)
    kept_lr.append(linear[0].get_support().sum())
    accuracy_lr.append(linear.score(X_test, y_test))
    inputs = "input" if kept_lr[-1] == 1 else "inputs"
    print(
        f"C={C:5}: {kept_lr[-1]:2} {inputs}, "
        f"test accuracy {accuracy_lr[-1]:.3f}"
    )

# %%
# Both paths find the four informative inputs. The linear model cannot use
# the product: whatever it keeps, its accuracy stays below the network's
# best on its path and below the network refit on the inputs selected. At
# four inputs, though, the penalised network does no better than the linear
# model: the penalty that dropped the noise rows also shrank the four it
# kept. Selecting with the penalty, then refitting without it, is what pays.
#
# Each point is labelled, in its path's colour, with its penalty:
# ``alpha_features`` for the network, ``C`` for the logistic regression. The
# logistic regression's squares are hollow, so that the network's point at
# four inputs shows through.
fig, ax = plt.subplots(figsize=(7, 4.5))
ax.plot(
    kept_lr,
    accuracy_lr,
    "s-",
    color="tab:orange",
    markersize=9,
    markerfacecolor="none",
    markeredgewidth=1.5,
    label="SelectFromModel(L1 logistic), C=...",
)
for n, acc, C in zip(kept_lr, accuracy_lr, Cs):
    ax.annotate(
        f"{C:g}",
        (n, acc),
        textcoords="offset points",
        xytext=(6, 5),
        color="tab:orange",
    )
ax.plot(
    kept,
    accuracy,
    "o-",
    color="tab:blue",
    label="NumpyMLPClassifier(alpha_features=...)",
)
for n, acc, alpha in zip(kept, accuracy, alphas):
    ax.annotate(
        f"{alpha:g}",
        (n, acc),
        textcoords="offset points",
        xytext=(6, -6),
        va="top",
        color="tab:blue",
    )
ax.plot(
    4,
    refit_accuracy,
    "*",
    color="tab:green",
    markersize=14,
    label="selected, then refit",
)
ax.axvline(4, color="grey", linestyle=":", label="informative inputs")
ax.set_xlabel("inputs kept (of 40)")
ax.set_ylabel("test accuracy")
ax.set_ylim(0.5, 1)
ax.set_title("Accuracy against the number of inputs used")
ax.legend(loc="lower right")
fig.tight_layout()
plt.show()
