"""scikit-learn's callback API (``sklearn.callback``, 1.9+), where installed.

Each fit is a task and each epoch (or L-BFGS iteration) a subtask, so
callbacks such as ``sklearn.callback.ProgressBar`` follow training. With an
older scikit-learn the hooks are no-ops and ``verbose`` prints one line per
epoch.
"""

try:
    from sklearn.callback import CallbackSupportMixin
except ImportError:  # scikit-learn < 1.9

    class _NoCallbackContext:
        def subcontext(self, **kwargs):
            return self

        def call_on_fit_task_begin(self, **kwargs):
            return False

        def call_on_fit_task_end(self, **kwargs):
            return False

    class CallbackSupportMixin:
        """Stand-in with the hooks the estimators call; they do nothing."""

        def _init_callback_context(self, **kwargs):
            return _NoCallbackContext()


__all__ = ["CallbackSupportMixin"]
