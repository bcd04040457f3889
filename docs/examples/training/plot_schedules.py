"""
==================================
Learning-rate schedules under Adam
==================================

``learning_rate_schedule`` changes the learning rate at every step of a fit:
``'cosine'`` warms it up linearly over ``warmup_fraction`` of the steps, then
lowers it along a half cosine towards zero; ``'one_cycle'`` raises it from
``learning_rate_init / 25`` to ``learning_rate_init`` over the first 30% of
the steps, then lowers it to almost zero. The same network is trained on the
handwritten digits with a constant rate and with each schedule, at the
default ``learning_rate_init`` and at a large one, and scored on held-out
digits after every epoch.
"""

# %%
# The data, and the steps of a fit
# --------------------------------
# A schedule runs over ``T = max_iter * n_batches`` steps: 30 epochs of
# batches of 200 samples here. The scaler is fitted on the training part
# only, and ``X_val``, ``y_val`` given to ``fit`` are scored after every
# epoch without changing the training.
import math
import warnings

import matplotlib.pyplot as plt
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import NumpyMLPClassifier

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, stratify=y, random_state=0
)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

max_iter, batch_size = 30, 200
n_batches = math.ceil(len(X_train) / batch_size)
total_steps = max_iter * n_batches
print(
    f"{len(X_train)} training digits, {n_batches} batches an epoch, "
    f"{total_steps} steps"
)

# %%
# The schedules' factors
# ----------------------
# The rate of step ``s`` is ``learning_rate_init * factor(s)``. This plots
# the schedule's factor over the steps of the fits below, computed by the
# function the estimators use, ``make_schedule`` (from the private module
# ``sklearn_mlp_np._schedules``, which may change: it is used here only to
# draw the curves).
from sklearn_mlp_np._schedules import make_schedule  # noqa: E402

schedules = {
    "constant (None)": dict(learning_rate_schedule=None),
    "cosine, warmup 0.1": dict(
        learning_rate_schedule="cosine", warmup_fraction=0.1
    ),
    "one_cycle": dict(learning_rate_schedule="one_cycle"),
}
colors = dict(zip(schedules, ("tab:gray", "tab:blue", "tab:orange")))

fig, ax = plt.subplots(figsize=(7, 3.5))
steps = range(total_steps)
ax.plot(
    steps,
    [1.0] * total_steps,
    color=colors["constant (None)"],
    label="constant (None)",
)
for name in ("cosine, warmup 0.1", "one_cycle"):
    params = schedules[name]
    schedule = make_schedule(
        params["learning_rate_schedule"],
        total_steps,
        params.get("warmup_fraction"),
    )
    factors = [schedule.factor(s) for s in steps]
    ax.plot(steps, factors, color=colors[name], label=name)
    print(
        f"{name}: mean factor {sum(factors) / total_steps:.3f}, "
        f"last {factors[-1]:.2g}"
    )
ax.set_xlabel(f"step (of {total_steps}: {max_iter} epochs)")
ax.set_ylabel("factor of learning_rate_init")
ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3)
fig.tight_layout()

# %%
# Over a fit both schedules take about half the total step a constant rate
# takes (their mean factor), and both end with almost no step at all.
#
# Six fits
# --------
# Each schedule at the default ``learning_rate_init=0.001`` and at 0.03.
# ``n_iter_no_change=max_iter`` keeps every fit to its 30 epochs, so that
# each schedule runs to its end (a fit stopped early leaves its schedule
# unfinished); the warning that ``max_iter`` was reached is expected, and
# silenced here.
rates = (0.001, 0.03)
models = {}
print(f"{'rate':>5} {'schedule':18} accuracy  loss  lowest loss")
for rate in rates:
    for name, params in schedules.items():
        model = NumpyMLPClassifier(
            hidden_layer_sizes=(64,),
            learning_rate_init=rate,
            batch_size=batch_size,
            max_iter=max_iter,
            n_iter_no_change=max_iter,
            random_state=0,
            **params,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(X_train, y_train, X_val=X_test, y_val=y_test)
        models[rate, name] = model
        held_out_loss = model.validation_loss_curve_
        print(
            f"{rate:5} {name:18} {model.score(X_test, y_test):.4f}  "
            f"  {held_out_loss[-1]:.3f}  {min(held_out_loss):.3f}"
        )

# %%
# The held-out curves
# -------------------
# The held-out loss (top) and accuracy (bottom) after every epoch, one
# column per ``learning_rate_init``.
fig, axes = plt.subplots(2, 2, figsize=(9, 6), sharex=True, sharey="row")
for column, rate in enumerate(rates):
    for name in schedules:
        model = models[rate, name]
        epochs = range(1, model.n_iter_ + 1)
        axes[0, column].plot(
            epochs,
            model.validation_loss_curve_,
            color=colors[name],
            label=name,
        )
        axes[1, column].plot(
            epochs, model.validation_scores_, color=colors[name], label=name
        )
    axes[0, column].set_title(f"learning_rate_init={rate}")
    axes[0, column].set_yscale("log")
    axes[1, column].set_ylim(0, 1)
    axes[1, column].set_xlabel("epoch")
axes[0, 0].set_ylabel("held-out loss")
axes[1, 0].set_ylabel("held-out accuracy")
axes[0, 1].legend(loc="upper right")
fig.tight_layout()
plt.show()

# %%
# At the default ``learning_rate_init=0.001``, the schedules do not help
# here: with half the total step of a constant rate, their held-out loss
# levels off, as their rate falls to almost nothing, at about twice the
# constant rate's, and their accuracy is lower. A schedule takes its peak from
# ``learning_rate_init``, so it usually goes with a larger one than a constant
# rate would.
#
# At 0.03, the constant rate reaches its lowest held-out loss within the
# first eight epochs, then its loss wanders back up as the large steps keep
# moving the weights. The schedules' steps become small at the end, and they
# end near their lowest held-out loss: ``'one_cycle'`` with the lowest of
# the six fits, ``'cosine'`` with the next. The accuracies at 0.03 are within
# two test digits of each other (of 450), so on this small problem the
# schedules change the held-out loss more than the accuracy.
