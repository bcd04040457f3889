"""The records of training (``loss_curve_``, ``n_iter_``, ...), and their only writer.

The solvers report epochs, iterations and held-out scores to one
``TrainingRecords``; it keeps the best training loss and the best held-out
score (the only place either is kept) and writes the fitted attributes onto
its sink, the estimator, after every change, so that callbacks and an
interrupted fit see them current.
"""

import numpy as np

# The fitted attribute of each record.
_ATTRIBUTES = {
    "n_iter": "n_iter_",
    "t": "t_",
    "loss": "loss_",
    "loss_curve": "loss_curve_",
    "best_loss": "best_loss_",
    "validation_scores": "validation_scores_",
    "validation_loss_curve": "validation_loss_curve_",
    "best_validation_score": "best_validation_score_",
}
RECORD_ATTRIBUTES = tuple(_ATTRIBUTES.values())


class TrainingRecords:
    """What training records, carried over from the sink's earlier fits.

    Parameters
    ----------
    sink : object
        Where the records are written as attributes (the estimator). Records
        it already holds (a warm start, or weights assigned by hand) are
        continued; missing ones start afresh.
    scores_held_out : bool
        Whether this call scores held-out data (the validation records).
    tracks_training_loss : bool
        Whether ``best_loss_`` is kept (None with early stopping, as in
        scikit-learn).
    """

    def __init__(self, sink, scores_held_out: bool, tracks_training_loss: bool):
        self._sink = sink
        self._scores_held_out = scores_held_out
        defaults = {
            "n_iter": 0,
            "t": 0,
            "loss": None,
            "loss_curve": [],
            "best_loss": np.inf if tracks_training_loss else None,
            "validation_scores": [] if scores_held_out else None,
            "validation_loss_curve": [] if scores_held_out else None,
            "best_validation_score": -np.inf if scores_held_out else None,
        }
        for name, default in defaults.items():
            value = getattr(sink, _ATTRIBUTES[name], None)
            setattr(self, name, default if value is None else value)
        self._publish()

    def _publish(self) -> None:
        for name, attribute in _ATTRIBUTES.items():
            setattr(self._sink, attribute, getattr(self, name))

    def best_score(self, monitors_held_out: bool) -> float:
        """The best score so far ("higher is better") of what stopping monitors."""
        if monitors_held_out:
            return self.best_validation_score
        return -np.inf if self.best_loss is None else -self.best_loss

    # ---- the stochastic solvers ----------------------------------------------

    def start_epochs(self) -> None:
        """Each call counts its own epochs (``n_iter_``), as in scikit-learn."""
        self.n_iter = 0
        self._publish()

    def record_epoch(self, loss: float, n_samples: int, keeps_best_loss: bool):
        """One epoch's mean training loss over ``n_samples`` samples."""
        self.n_iter += 1
        self.t += n_samples
        self.loss = loss
        self.loss_curve.append(loss)
        if keeps_best_loss and loss < self.best_loss:
            self.best_loss = loss
        self._publish()

    # ---- L-BFGS --------------------------------------------------------------

    def start_iterations(self) -> None:
        """Each L-BFGS fit records its own iterations (a warm start too)."""
        self.loss_curve = []
        if self._scores_held_out:
            self.validation_scores, self.validation_loss_curve = [], []
            self.best_validation_score = -np.inf
        self._publish()

    def record_iteration(self, loss: float) -> None:
        self.loss_curve.append(loss)
        self._publish()

    def finish_iterations(self, n_iter: int, loss: float) -> None:
        self.n_iter = n_iter
        self.loss = loss
        self.best_loss = min(self.loss_curve, default=loss)
        self._publish()

    # ---- held-out data -------------------------------------------------------

    def record_validation(self, loss: float, score: float) -> None:
        """The held-out loss and score after an epoch or iteration."""
        self.validation_loss_curve.append(loss)
        self.validation_scores.append(score)
        if score > self.best_validation_score:
            self.best_validation_score = score
        self._publish()
