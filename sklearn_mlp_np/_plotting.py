"""LossCurveDisplay: training curves of a fitted network, as a scikit-learn Display."""

import numpy as np
from sklearn.utils.validation import check_is_fitted


def _import_pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as error:
        raise ImportError(
            "LossCurveDisplay needs matplotlib. Install it with "
            "pip install 'sklearn-mlp-np[plot]' (or pip install matplotlib)."
        ) from error
    return plt


class LossCurveDisplay:
    """Loss curve of a fitted network, with its validation scores if any.

    Build it with :meth:`from_estimator`; the constructor takes the curves
    themselves. Validation scores (recorded with ``early_stopping=True``) are
    drawn on a second y-axis, since they are accuracies or R² scores.

    Parameters
    ----------
    loss_curve : array-like of shape (n_epochs,)
        The training loss after each epoch (``loss_curve_``).
    validation_scores : array-like of shape (n_epochs,), default=None
        The held-out score after each epoch (``validation_scores_``).
    estimator_name : str, default=None
        Name used in the legend.

    Attributes
    ----------
    line_ : matplotlib Line2D
        The loss curve.
    validation_line_ : matplotlib Line2D or None
        The validation scores, when there are some.
    ax_ : matplotlib Axes
        Axes of the loss curve.
    validation_ax_ : matplotlib Axes or None
        The second y-axis of the validation scores.
    figure_ : matplotlib Figure
        The figure holding the axes.

    See Also
    --------
    sklearn.inspection.DecisionBoundaryDisplay : Decision boundaries, which
        work with NumpyMLPClassifier as with any scikit-learn classifier.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import load_iris
    >>> from sklearn_mlp_np import LossCurveDisplay, NumpyMLPClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = NumpyMLPClassifier(hidden_layer_sizes=(8,), solver="lbfgs").fit(X, y)
    >>> display = LossCurveDisplay.from_estimator(clf)
    >>> display.line_.get_ydata().shape == (clf.n_iter_,)
    True
    """

    def __init__(self, *, loss_curve, validation_scores=None, estimator_name=None):
        self.loss_curve = loss_curve
        self.validation_scores = validation_scores
        self.estimator_name = estimator_name

    def plot(self, ax=None, *, name=None, **kwargs):
        """Draw the curves.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; a new figure is made when None.
        name : str, default=None
            Legend label of the loss curve; ``estimator_name`` when None.
        **kwargs : dict
            Passed to ``ax.plot`` for the loss curve.

        Returns
        -------
        display : LossCurveDisplay
            This object, with the matplotlib artists stored on it.
        """
        plt = _import_pyplot()
        from matplotlib.lines import Line2D

        if ax is None:
            _, ax = plt.subplots()
        name = self.estimator_name if name is None else name
        epochs = np.arange(1, len(self.loss_curve) + 1)
        label = "training loss" if name is None else f"{name} training loss"
        (self.line_,) = ax.plot(epochs, self.loss_curve, label=label, **kwargs)
        ax.set_xlabel("epoch")
        ax.set_ylabel("loss")
        handles = [self.line_]
        self.validation_ax_ = self.validation_line_ = None
        if self.validation_scores is not None and len(self.validation_scores):
            self.validation_ax_ = ax.twinx()
            (self.validation_line_,) = self.validation_ax_.plot(
                epochs[: len(self.validation_scores)],
                self.validation_scores,
                color="tab:orange",
                label="validation score",
            )
            self.validation_ax_.set_ylabel("validation score")
            handles.append(self.validation_line_)
        legend_ax = ax
        if self.validation_ax_ is not None:
            # The legend goes on the second axes, drawn last, so that no curve
            # crosses it; an invisible copy of the loss curve there makes
            # loc="best" keep clear of both curves.
            legend_ax = self.validation_ax_
            legend_ax.add_artist(
                Line2D(*self.line_.get_data(), transform=ax.transData, visible=False)
            )
        legend_ax.legend(handles=handles, loc="best")
        self.ax_ = ax
        self.figure_ = ax.figure
        return self

    @classmethod
    def from_estimator(cls, estimator, *, ax=None, name=None, **kwargs):
        """Plot the loss curve of a fitted estimator (or of a Pipeline ending in one).

        Parameters
        ----------
        estimator : NumpyMLPClassifier, NumpyMLPRegressor or Pipeline
            A fitted network, or a fitted pipeline whose last step is one.
        ax : matplotlib Axes, default=None
            Axes to draw on; a new figure is made when None.
        name : str, default=None
            Legend label; the estimator's class name when None.
        **kwargs : dict
            Passed to ``ax.plot`` for the loss curve.

        Returns
        -------
        display : LossCurveDisplay
            The display, drawn.
        """
        _import_pyplot()
        network = estimator[-1] if hasattr(estimator, "steps") else estimator
        check_is_fitted(network, "loss_curve_")
        display = cls(
            loss_curve=network.loss_curve_,
            validation_scores=getattr(network, "validation_scores_", None),
            estimator_name=type(network).__name__ if name is None else name,
        )
        return display.plot(ax=ax, **kwargs)
