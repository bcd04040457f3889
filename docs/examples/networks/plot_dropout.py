"""
====================================
Dropout against a network that overfits
====================================

A wide network trained on 150 handwritten digits learns them by heart: its
training loss falls towards zero while its loss on the other digits turns
back up. ``dropout=0.5`` zeroes half of the hidden units at random in every
training step (a new draw each time), so that no unit can rely on another
being there. The network predicts with all its units: dropout only acts
during training.
"""

# %%
# Few training samples, a wide network
# ------------------------------------
# 150 digits to train on and 1,000 held out. ``X_val`` and ``y_val``, given
# to ``fit``, are scored after every epoch: ``validation_loss_curve_``
# records their loss (without the penalty), without changing the training.
import matplotlib.pyplot as plt
from sklearn.datasets import load_digits
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import NumpyMLPClassifier

X, y = load_digits(return_X_y=True)
scaler = StandardScaler().fit(X[:150])
X_train, y_train = scaler.transform(X[:150]), y[:150]
X_test, y_test = scaler.transform(X[500:1500]), y[500:1500]

models = {}
for rate in (0.0, 0.5):
    models[rate] = NumpyMLPClassifier(
        hidden_layer_sizes=(256,),
        dropout=rate,
        alpha=0.0,
        learning_rate_init=0.003,
        max_iter=150,
        n_iter_no_change=150,
        random_state=0,
    ).fit(X_train, y_train, X_val=X_test, y_val=y_test)
    print(
        f"dropout={rate}: training accuracy "
        f"{models[rate].score(X_train, y_train):.3f}, "
        f"held-out accuracy {models[rate].score(X_test, y_test):.3f}"
    )

# %%
# Without dropout the network is perfect on its training digits and its
# held-out loss rises again after its minimum: it overfits. With dropout the
# held-out loss keeps falling for longer and ends lower. Its training loss,
# measured with units dropped as training sees them, stays higher: the
# network never sees itself whole while it learns.
fig, ax = plt.subplots(figsize=(7, 4.5))
for rate, color in ((0.0, "tab:red"), (0.5, "tab:blue")):
    model = models[rate]
    epochs = range(1, model.n_iter_ + 1)
    ax.plot(
        epochs,
        model.loss_curve_,
        color=color,
        label=f"dropout={rate}, training",
    )
    ax.plot(
        epochs,
        model.validation_loss_curve_,
        color=color,
        linestyle="--",
        label=f"dropout={rate}, held out",
    )
ax.set_yscale("log")
ax.set_xlabel("epoch")
ax.set_ylabel("log loss")
ax.set_title("Training and held-out loss, 150 training digits")
ax.legend()
fig.tight_layout()
plt.show()
