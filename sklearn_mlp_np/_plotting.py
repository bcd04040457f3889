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
    """Training and held-out loss curves of a fitted network.

    Build it with :meth:`from_estimator`; the constructor takes the curves
    themselves. The training loss (``loss_curve_``, penalty included) and the
    held-out loss (``validation_loss_curve_``, recorded with early stopping
    or ``X_val``; the data loss alone) share one axes. The held-out scores
    (``validation_scores_``: accuracies, R² or another scorer's values), when
    asked for, go on a second y-axis.

    Parameters
    ----------
    loss_curve : array-like of shape (n_epochs,)
        The training loss after each epoch (``loss_curve_``).
    validation_loss_curve : array-like of shape (n_epochs,), default=None
        The held-out loss after each epoch (``validation_loss_curve_``).
    validation_scores : array-like of shape (n_epochs,), default=None
        The held-out score after each epoch (``validation_scores_``).
    estimator_name : str, default=None
        Name used in the legend.

    Attributes
    ----------
    line_ : matplotlib Line2D
        The training loss.
    validation_loss_line_ : matplotlib Line2D or None
        The held-out loss, when there is one.
    validation_line_ : matplotlib Line2D or None
        The held-out scores, when there are some.
    ax_ : matplotlib Axes
        Axes of the losses.
    validation_ax_ : matplotlib Axes or None
        The second y-axis of the held-out scores.
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
    >>> clf = NumpyMLPClassifier(hidden_layer_sizes=(8,), solver="lbfgs")
    >>> clf = clf.fit(X[::2], y[::2], X_val=X[1::2], y_val=y[1::2])
    >>> display = LossCurveDisplay.from_estimator(clf)
    >>> display.line_.get_ydata().shape == (clf.n_iter_,)
    True
    >>> display.validation_loss_line_.get_label()
    'NumpyMLPClassifier held-out loss'
    """

    def __init__(
        self,
        *,
        loss_curve,
        validation_loss_curve=None,
        validation_scores=None,
        estimator_name=None,
    ):
        self.loss_curve = loss_curve
        self.validation_loss_curve = validation_loss_curve
        self.validation_scores = validation_scores
        self.estimator_name = estimator_name

    def plot(self, ax=None, *, name=None, **kwargs):
        """Draw the curves.

        Parameters
        ----------
        ax : matplotlib Axes, default=None
            Axes to draw on; a new figure is made when None.
        name : str, default=None
            Prefix of the legend labels; ``estimator_name`` when None.
        **kwargs : dict
            Passed to ``ax.plot`` for the training loss.

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
        prefix = "" if name is None else f"{name} "
        epochs = np.arange(1, len(self.loss_curve) + 1)
        (self.line_,) = ax.plot(
            epochs, self.loss_curve, label=f"{prefix}training loss", **kwargs
        )
        handles = [self.line_]
        self.validation_loss_line_ = None
        if self.validation_loss_curve is not None and len(self.validation_loss_curve):
            (self.validation_loss_line_,) = ax.plot(
                epochs[: len(self.validation_loss_curve)],
                self.validation_loss_curve,
                linestyle="--",
                color=self.line_.get_color(),
                label=f"{prefix}held-out loss",
            )
            handles.append(self.validation_loss_line_)
        ax.set_xlabel("epoch")
        ax.set_ylabel("loss")
        self.validation_ax_ = self.validation_line_ = None
        if self.validation_scores is not None and len(self.validation_scores):
            self.validation_ax_ = ax.twinx()
            (self.validation_line_,) = self.validation_ax_.plot(
                epochs[: len(self.validation_scores)],
                self.validation_scores,
                color="tab:orange",
                label=f"{prefix}held-out score",
            )
            self.validation_ax_.set_ylabel("held-out score")
            handles.append(self.validation_line_)
        legend_ax = ax
        if self.validation_ax_ is not None:
            # The legend goes on the second axes, drawn last, so that no curve
            # crosses it; invisible copies of the losses there make
            # loc="best" keep clear of every curve.
            legend_ax = self.validation_ax_
            for line in handles[:-1]:
                legend_ax.add_artist(
                    Line2D(*line.get_data(), transform=ax.transData, visible=False)
                )
        legend_ax.legend(handles=handles, loc="best")
        self.ax_ = ax
        self.figure_ = ax.figure
        return self

    @classmethod
    def from_estimator(
        cls, estimator, *, ax=None, name=None, show_scores=False, **kwargs
    ):
        """Plot the loss curves of a fitted estimator (or a Pipeline ending in one).

        Parameters
        ----------
        estimator : NumpyMLPClassifier, NumpyMLPRegressor or Pipeline
            A fitted network, or a fitted pipeline whose last step is one.
        ax : matplotlib Axes, default=None
            Axes to draw on; a new figure is made when None.
        name : str, default=None
            Prefix of the legend labels; the estimator's class name when None.
        show_scores : bool, default=False
            Whether to draw ``validation_scores_`` too, on a second y-axis.
        **kwargs : dict
            Passed to ``ax.plot`` for the training loss.

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
            validation_loss_curve=getattr(network, "validation_loss_curve_", None),
            validation_scores=(
                getattr(network, "validation_scores_", None) if show_scores else None
            ),
            estimator_name=type(network).__name__ if name is None else name,
        )
        return display.plot(ax=ax, **kwargs)
