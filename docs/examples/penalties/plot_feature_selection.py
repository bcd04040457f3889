"""
=================================================
Which inputs does the network use? A group penalty
=================================================

``alpha_features`` penalises the Euclidean norm of each row of the first
weight matrix: the weights leaving one input feature. Applied as a proximal
step, it sets whole rows to exactly zero, and the network then ignores those
inputs. Along a path of penalties, here is how many of 40 inputs a network
keeps, and its accuracy, next to
:class:`~sklearn.feature_selection.SelectFromModel` with an L1-penalised
logistic regression.
"""

# %%
# Four informative inputs among forty
# -----------------------------------
# The class depends on the first four features, one of them through a
# product (which a linear model cannot represent); the other 36 are noise.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.feature_selection import SelectFromModel
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from sklearn_mlp_np import NumpyMLPClassifier

rng = np.random.RandomState(0)
X = rng.normal(size=(1500, 40))
informative = X[:, 0] + X[:, 1] - X[:, 2] + 1.5 * X[:, 0] * X[:, 3]
y = (informative > 0).astype(int)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)

# %%
# The network's path
# ------------------
# ``feature_importances_`` is each row's norm divided by their sum: zero for
# an input whose row the penalty dropped.
alphas = [0.0, 1.0, 3.0, 10.0, 30.0, 100.0]
kept, accuracy = [], []
for alpha_features in alphas:
    clf = NumpyMLPClassifier(
        hidden_layer_sizes=(32,),
        alpha_features=alpha_features,
        learning_rate_init=0.003,
        max_iter=300,
        random_state=0,
    ).fit(X_train, y_train)
    used = np.flatnonzero(clf.feature_importances_)
    kept.append(len(used))
    accuracy.append(clf.score(X_test, y_test))
    print(
        f"alpha_features={alpha_features:5}: {len(used):2} inputs kept "
        f"(the first 4: {np.isin([0, 1, 2, 3], used).all()}), "
        f"test accuracy {accuracy[-1]:.3f}"
    )

# %%
# The L1 logistic regression's path
# ---------------------------------
# ``SelectFromModel`` keeps the inputs with a non-zero coefficient; the
# linear model then predicts from them. Smaller ``C`` is a stronger penalty.
Cs = [1.0, 0.1, 0.03, 0.01, 0.005]
kept_lr, accuracy_lr = [], []
for C in Cs:
    selector = SelectFromModel(
        LogisticRegression(penalty="l1", C=C, solver="liblinear"),
        threshold=1e-10,
    ).fit(X_train, y_train)
    model = LogisticRegression().fit(selector.transform(X_train), y_train)
    kept_lr.append(selector.get_support().sum())
    accuracy_lr.append(model.score(selector.transform(X_test), y_test))

# %%
# Both paths drop the noise inputs first. The network keeps all four
# informative ones, including the one that acts only through a product, and
# stays accurate with them; the linear model cannot use that product, so
# its accuracy stays lower whatever it selects. Too strong a penalty drops
# informative inputs too, and the accuracy falls.
fig, ax = plt.subplots(figsize=(7, 4.5))
ax.plot(kept, accuracy, "o-", label="NumpyMLPClassifier(alpha_features=...)")
ax.plot(kept_lr, accuracy_lr, "s-", label="SelectFromModel(L1 logistic)")
for n, acc, alpha in zip(kept, accuracy, alphas):
    ax.annotate(
        f"{alpha:g}", (n, acc), textcoords="offset points", xytext=(4, 4)
    )
ax.axvline(4, color="grey", linestyle=":", label="informative inputs")
ax.set_xlabel("inputs kept (of 40)")
ax.set_ylabel("test accuracy")
ax.set_title("Accuracy against the number of inputs used")
ax.legend(loc="lower right")
fig.tight_layout()
plt.show()
