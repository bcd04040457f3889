"""Progress and callbacks.

With scikit-learn 1.9+ the estimators use its callback API
(``sklearn.callback``): each fit is a task and each epoch (or L-BFGS
iteration) a subtask, so ``sklearn.callback.ProgressBar`` and any other
callback follow training. With an older scikit-learn, ``verbose >= 2`` in a
terminal shows a tqdm bar over the epochs instead (``verbose`` prints one line
per epoch otherwise, which reads well in a log: no carriage returns).

The training loop reaches either through :class:`FitCallbacks` only, so the
still-experimental callback API can change without touching the loop.
"""

import sys
from contextlib import contextmanager


class _NoProgress:
    """A context whose hooks do nothing."""

    replaces_verbose_lines = False

    def subcontext(self, **kwargs):
        return self

    def call_on_fit_task_begin(self, **kwargs):
        return False

    def call_on_fit_task_end(self, **kwargs):
        return False


class _EpochBar(_NoProgress):
    """A tqdm bar that advances at the end of each epoch (a subtask)."""

    replaces_verbose_lines = True

    def __init__(self, bar, is_root: bool = True) -> None:
        self._bar, self._is_root = bar, is_root

    def subcontext(self, **kwargs):
        return _EpochBar(self._bar, is_root=False)

    def call_on_fit_task_end(self, *, estimator=None, **kwargs):
        if self._is_root:
            self._bar.close()
        else:
            self._bar.set_postfix(loss=f"{estimator.loss_:.6g}", refresh=False)
            self._bar.update(1)
        return False


def fallback_progress(estimator, max_subtasks: int, stream=None):
    """The progress context used where scikit-learn has no callback API.

    A tqdm bar over at most ``max_subtasks`` epochs when ``verbose >= 2``,
    tqdm is installed and ``stream`` (stderr by default) is a terminal;
    otherwise hooks that do nothing.
    """
    stream = sys.stderr if stream is None else stream
    if int(estimator.verbose) < 2 or not stream.isatty():
        return _NoProgress()
    try:
        from tqdm import tqdm
    except ImportError:
        return _NoProgress()
    bar = tqdm(
        total=max_subtasks, desc=type(estimator).__name__, unit="epoch", file=stream
    )
    return _EpochBar(bar)


try:
    from sklearn.callback import CallbackSupportMixin
except ImportError:  # scikit-learn < 1.9

    class CallbackSupportMixin:
        """Stand-in for scikit-learn's mixin: a tqdm bar at most."""

        def _init_callback_context(self, max_subtasks=0, **kwargs):
            return fallback_progress(self, max_subtasks)


class FitCallbacks:
    """The training loop's one door to the callbacks of a fit.

    Parameters
    ----------
    estimator : estimator
        The estimator being fitted; it provides ``_init_callback_context`` and
        ``_reconstruction_attributes`` (copies of what a callback needs to
        rebuild a model that predicts).
    max_iterations : int
        The most epochs (or L-BFGS iterations) this fit can run.
    X, y, metadata :
        What the fit was given, for the callbacks that look at it.
    """

    def __init__(self, estimator, max_iterations: int, X, y, metadata) -> None:
        self._estimator = estimator
        self._fit_context = estimator._init_callback_context(
            max_subtasks=max_iterations
        )
        self._fit_args = dict(X=X, y=y, metadata=metadata)
        self._iteration_context = None
        self._fit_context.call_on_fit_task_begin(estimator=estimator, **self._fit_args)

    @property
    def replaces_verbose_lines(self) -> bool:
        """Whether a progress bar is shown in place of verbose's lines."""
        return getattr(self._fit_context, "replaces_verbose_lines", False)

    def begin_iteration(self, task_name: str = "epoch") -> None:
        """Open the subtask of one epoch (or one L-BFGS iteration)."""
        self._iteration_context = self._fit_context.subcontext(task_name=task_name)
        self._iteration_context.call_on_fit_task_begin(estimator=self._estimator)

    def end_iteration(self) -> bool:
        """Close the subtask; return True when a callback asks to stop."""
        return bool(
            self._iteration_context.call_on_fit_task_end(
                estimator=self._estimator,
                reconstruction_attributes=self._estimator._reconstruction_attributes,
            )
        )

    @contextmanager
    def fit_task(self):
        """Run the fit's task: its end hook runs however the fit ends.

        After an error (a divergence, Ctrl-C, an error a callback raised) the
        end hook still runs, so progress bars close; the error propagates
        unchanged, with a note if the end hook failed as well.
        """
        try:
            yield self
        except BaseException as error:
            try:
                self.end_fit()
            except Exception as end_error:
                # The first error is the one to see; this one must not hide it.
                error.add_note(f"Closing the fit's callbacks failed too: {end_error!r}")
            raise
        self.end_fit()

    def end_fit(self) -> None:
        """Close the fit's task."""
        self._fit_context.call_on_fit_task_end(
            estimator=self._estimator,
            reconstruction_attributes=self._estimator._reconstruction_attributes,
            **self._fit_args,
        )


__all__ = ["CallbackSupportMixin", "FitCallbacks", "fallback_progress"]
