"""
============================================
Comparing the stochastic learning strategies
============================================

The training loss, epoch by epoch, of the same network trained by stochastic
gradient descent with a constant, an inverse-scaling and an adaptive
learning rate, each with and without momentum, and by Adam, on four small
data sets. The strategies and their parameters are scikit-learn's, and so
is the experiment: it follows scikit-learn's example "Compare Stochastic
learning strategies for MLPClassifier", with ``NumpyMLPClassifier`` in
place of ``MLPClassifier``.
"""

# %%
# The strategies
# --------------
# ``learning_rate`` is the schedule of the step size of ``solver="sgd"``:
# ``"constant"`` keeps ``learning_rate_init``; ``"invscaling"`` divides it
# by ``t ** power_t`` (``power_t=0.5``) as the steps ``t`` go on;
# ``"adaptive"`` keeps it while the training loss falls, and divides it by 5
# each time the loss has stopped falling for two epochs. ``momentum`` adds a
# share of the previous step to each step; ``nesterovs_momentum=True``
# takes the gradient where that momentum is about to carry the weights.
# Adam adapts a step size for every weight.
import warnings

import matplotlib.pyplot as plt
from sklearn.datasets import load_digits, load_iris, make_circles, make_moons
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import MinMaxScaler

from sklearn_mlp_np import NumpyMLPClassifier

sgd = dict(solver="sgd", learning_rate_init=0.2)
no_momentum = dict(momentum=0.0)
momentum = dict(momentum=0.9, nesterovs_momentum=False)
nesterov = dict(momentum=0.9, nesterovs_momentum=True)
strategies = {
    "constant": dict(**sgd, learning_rate="constant", **no_momentum),
    "constant, momentum": dict(**sgd, learning_rate="constant", **momentum),
    "constant, Nesterov": dict(**sgd, learning_rate="constant", **nesterov),
    "invscaling": dict(**sgd, learning_rate="invscaling", **no_momentum),
    "invscaling, momentum": dict(
        **sgd, learning_rate="invscaling", **momentum
    ),
    "invscaling, Nesterov": dict(
        **sgd, learning_rate="invscaling", **nesterov
    ),
    "adaptive": dict(**sgd, learning_rate="adaptive", **no_momentum),
    "adaptive, Nesterov": dict(**sgd, learning_rate="adaptive", **nesterov),
    "adam": dict(solver="adam", learning_rate_init=0.01),
}
styles = {
    "constant": dict(color="tab:red", linestyle="-"),
    "constant, momentum": dict(color="tab:green", linestyle="-"),
    "constant, Nesterov": dict(color="tab:blue", linestyle="-"),
    "invscaling": dict(color="tab:red", linestyle="--"),
    "invscaling, momentum": dict(color="tab:green", linestyle="--"),
    "invscaling, Nesterov": dict(color="tab:blue", linestyle="--"),
    "adaptive": dict(color="tab:red", linestyle=":"),
    "adaptive, Nesterov": dict(color="tab:blue", linestyle=":"),
    "adam": dict(color="black", linestyle="-"),
}

# %%
# Four data sets
# --------------
# The inputs scaled to [0, 1]. Digits has more than ten times the samples of
# the others, hence about ten times the steps an epoch (batches of 200): 15
# epochs are enough there, 400 elsewhere.
data_sets = {
    "iris": load_iris(return_X_y=True),
    "digits": load_digits(return_X_y=True),
    "circles": make_circles(noise=0.2, factor=0.5, random_state=1),
    "moons": make_moons(noise=0.3, random_state=0),
}
curves = {}
for name, (X, y) in data_sets.items():
    X = MinMaxScaler().fit_transform(X)
    for label, params in strategies.items():
        model = NumpyMLPClassifier(
            max_iter=15 if name == "digits" else 400,
            random_state=0,
            **params,
        )
        # Some strategies do not converge in the epochs given: expected.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(X, y)
        curves[name, label] = model.loss_curve_

# %%
# The final training loss of each strategy on each data set, and (in
# brackets) the epochs it trained: training stops early once the loss has
# not improved by ``tol`` for ``n_iter_no_change=10`` epochs.
print(f"{'':21}" + "".join(f"{name:>13}" for name in data_sets))
for label in strategies:
    row = "".join(
        f"{curves[name, label][-1]:7.3f} ({len(curves[name, label]):3})"
        for name in data_sets
    )
    print(f"{label:21}{row}")

# %%
# With a constant rate, momentum (with or without Nesterov's correction,
# which changes little here) ends lower than plain steps on every data set,
# much lower on three of them. Inverse scaling shrinks the rate so fast that
# training stalls: the three inverse-scaling strategies end with the three
# highest losses on every data set, and on circles they stop within 20
# epochs, the loss no longer improving. The adaptive rate follows the
# constant one while the loss falls, and only differs once it stalls. Adam,
# with no tuning beyond its initial rate, ends within 0.01 of the lowest
# loss on every data set. Where a curve seems missing, it lies under
# another, or is too short to see: for the same schedule, the curves with
# momentum and with Nesterov's momentum mostly lie on each other;
# 'adaptive' lies under 'constant' until the loss stalls ('adaptive,
# Nesterov' under 'constant, Nesterov'); and on circles the three
# inverse-scaling curves, of 15 to 19 epochs, are short stubs at the top
# left of the plot, near the loss they started from.
fig, axes = plt.subplots(2, 2, figsize=(10, 7.5), layout="constrained")
for ax, name in zip(axes.ravel(), data_sets):
    for label in strategies:
        curve = curves[name, label]
        epochs = range(1, len(curve) + 1)
        ax.plot(epochs, curve, label=label, **styles[label])
    ax.set_title(name)
    ax.set_xlabel("epoch")
    ax.set_ylabel("training loss")
handles, labels = axes[0, 0].get_legend_handles_labels()
fig.legend(handles, labels, loc="outside lower center", ncols=3)
plt.show()
