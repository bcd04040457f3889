"""
====================================================
Early stopping: the number of epochs, chosen for you
====================================================

A network large enough to memorise its training data, on data with noisy
labels, is trained twice: until the training loss stops improving, and with
``early_stopping=True``, which holds out part of the training data, scores
it after every epoch, stops when that score has stopped improving and keeps
the weights of the best epoch. :class:`~sklearn_mlp_np.LossCurveDisplay`
draws both curves.
"""

# %%
# Data with noisy labels
# ----------------------
# 10% of the labels are flipped at random (``flip_y``): a model that learns
# its training set by heart learns that noise too.
import matplotlib.pyplot as plt
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import LossCurveDisplay, NumpyMLPClassifier

X, y = make_classification(
    n_samples=2000, n_features=20, n_informative=6, flip_y=0.1, random_state=0
)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.5, random_state=0
)

# %%
# Two fits
# --------
# The same network and seed. With ``early_stopping=True``, 20% of the
# training data (``validation_fraction``, stratified by class) is held out;
# training stops once its accuracy has not improved for more than 20 epochs
# (``n_iter_no_change``), and the weights of its best epoch are restored.
models = {}
for early_stopping in (False, True):
    models[early_stopping] = make_pipeline(
        StandardScaler(),
        NumpyMLPClassifier(
            hidden_layer_sizes=(128, 128),
            learning_rate_init=0.003,
            early_stopping=early_stopping,
            validation_fraction=0.2,
            n_iter_no_change=20,
            max_iter=300,
            random_state=0,
        ),
    ).fit(X_train, y_train)
    model = models[early_stopping]
    print(
        f"early_stopping={early_stopping}: {model[-1].n_iter_} epochs, "
        f"training accuracy {model.score(X_train, y_train):.3f}, "
        f"test accuracy {model.score(X_test, y_test):.3f}"
    )

# %%
# Without early stopping the network trains until its training loss stops
# falling, and fits its training set, flipped labels included, perfectly:
# that does not carry over to the test set. With early stopping it stops
# much sooner and scores better on the test set, having trained on less
# data.
stopped = models[True][-1]
best_epoch = (
    stopped.validation_scores_.index(stopped.best_validation_score_) + 1
)
print(
    f"best validation accuracy {stopped.best_validation_score_:.3f} "
    f"at epoch {best_epoch}, of {stopped.n_iter_}"
)

# %%
# The curves
# ----------
# The held-out data is scored after every epoch: ``validation_loss_curve_``
# holds its loss, drawn dashed on the same axes as the training loss, and
# ``validation_scores_`` its accuracy (``show_scores=True``, right axis). The
# training loss keeps falling; the held-out loss turns up after a few
# epochs and the accuracy drifts. The grey line marks the best epoch, whose
# weights the model keeps. The legend goes below the axes, clear of the
# curves.
display = LossCurveDisplay.from_estimator(models[True], show_scores=True)
display.ax_.axvline(best_epoch, color="gray", ls="--", lw=1)
display.ax_.set_title("early_stopping=True")
display.validation_ax_.legend(
    handles=[
        display.line_,
        display.validation_loss_line_,
        display.validation_line_,
    ],
    loc="upper center",
    bbox_to_anchor=(0.5, -0.15),
    ncols=2,
)
display.figure_.set_size_inches(7, 4.8)
display.figure_.tight_layout()
plt.show()
