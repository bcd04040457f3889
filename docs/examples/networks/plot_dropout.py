"""
=======================================
Dropout against a network that overfits
=======================================

``dropout=0.5`` zeroes half of the hidden units at random in every training
step (a new draw each time), so that no unit can rely on another being
there. The network predicts with all its units: dropout only acts during
training. Here two networks, with and without dropout, learn 500 samples
whose labels are 10% wrong, five times over, and their held-out loss is
followed epoch by epoch.
"""

# %%
# Noisy labels, five splits
# -------------------------
# A classification problem of 20 features, 10 of them informative, with 10%
# of the labels flipped at random (``flip_y``): a network large enough
# learns those wrong labels by heart, and becomes confidently wrong on new
# samples. Each seed draws another split of 500 training and 500 held-out
# samples, and another initialisation and dropout draws of the networks.
#
# ``X_val`` and ``y_val``, given to ``fit``, are scored after every epoch:
# ``validation_loss_curve_`` records their loss, and does not change the
# training. No early stopping: both train for 60 epochs on purpose, to
# show the curves past the point of overfitting.
import warnings

import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split

from sklearn_mlp_np import NumpyMLPClassifier

X, y = make_classification(
    n_samples=1000,
    n_features=20,
    n_informative=10,
    flip_y=0.1,
    random_state=0,
)
rates = (0.0, 0.5)
seeds = range(5)
training_loss = {rate: [] for rate in rates}
held_out_loss = {rate: [] for rate in rates}
accuracy = {rate: [] for rate in rates}
for seed in seeds:
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, train_size=500, random_state=seed
    )
    for rate in rates:
        model = NumpyMLPClassifier(
            hidden_layer_sizes=(128, 128),
            dropout=rate,
            alpha=0.0,
            batch_size=50,
            max_iter=60,
            n_iter_no_change=60,
            random_state=seed,
        )
        # The warning that max_iter was reached is expected.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(X_train, y_train, X_val=X_test, y_val=y_test)
        training_loss[rate].append(model.loss_curve_)
        held_out_loss[rate].append(model.validation_loss_curve_)
        accuracy[rate].append(model.score(X_test, y_test))

# %%
# The numbers
# -----------
# For each seed, the held-out loss after the last epoch, then the mean and
# standard deviation over the five seeds of that loss, of the lowest
# held-out loss reached at any epoch, and of the held-out accuracy.
print("held-out loss after 60 epochs, seed by seed:")
for rate in rates:
    last = [curve[-1] for curve in held_out_loss[rate]]
    print(f"  dropout={rate}: " + "  ".join(f"{v:.3f}" for v in last))
print("mean ± std over the seeds:")
for rate in rates:
    last = [curve[-1] for curve in held_out_loss[rate]]
    lowest = [min(curve) for curve in held_out_loss[rate]]
    best_epoch = [np.argmin(curve) + 1 for curve in held_out_loss[rate]]
    print(
        f"  dropout={rate}: last {np.mean(last):.3f} ± {np.std(last):.3f}, "
        f"lowest {np.mean(lowest):.3f} ± {np.std(lowest):.3f} "
        f"(epoch {np.mean(best_epoch):.0f})"
    )
    print(
        f"               accuracy {np.mean(accuracy[rate]):.3f} "
        f"± {np.std(accuracy[rate]):.3f}"
    )

# %%
# At every seed, the network without dropout ends with a much higher
# held-out loss than the one with dropout. That is not because dropout
# found a better model: the lowest held-out losses are the same within
# their spread, and so are the accuracies. Without dropout the held-out
# loss reaches its lowest after about 15 epochs and climbs from there, as
# the network grows confident about the wrong labels it memorised; with
# dropout it gets there more slowly and stays. Dropout here does what
# stopping at the right epoch would do (see the early-stopping example),
# without having to choose the epoch.
#
# The curves
# ----------
# The mean over the five seeds, and a band of ± one standard deviation.
# With dropout the training loss is measured with units dropped, as
# training sees them, so it stays much higher than without.
fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
for rate, color in zip(rates, ("tab:red", "tab:blue")):
    for ax, curves in ((left, training_loss), (right, held_out_loss)):
        curves = np.array(curves[rate])
        mean, std = curves.mean(axis=0), curves.std(axis=0)
        epochs = np.arange(1, len(mean) + 1)
        ax.plot(epochs, mean, color=color, label=f"dropout={rate}")
        ax.fill_between(epochs, mean - std, mean + std, color=color, alpha=0.2)
left.set_yscale("log")
left.set_ylabel("training log loss")
left.legend(loc="lower left")
right.set_ylabel("held-out log loss")
right.legend(loc="upper center")
for ax in (left, right):
    ax.set_xlabel("epoch")
fig.tight_layout()
plt.show()
