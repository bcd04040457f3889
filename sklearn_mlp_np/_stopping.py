"""When to stop: count the epochs that did not improve a score by ``tol``."""

import numpy as np


class ImprovementMonitor:
    """Track the best score and how many epochs in a row failed to improve it.

    Scores are "higher is better": pass the validation score, or the negated
    training loss. The rule is scikit-learn's: an epoch counts as no
    improvement when its score is below ``best + tol``.

    Parameters
    ----------
    tol : float
    n_iter_no_change : int or inf
        Training should stop once more than this many epochs in a row did
        not improve.
    """

    def __init__(self, tol: float, n_iter_no_change: float) -> None:
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.best_score = -np.inf
        self.no_improvement_count = 0

    def update(self, score: float) -> bool:
        """Record an epoch's score; return whether it is the best so far."""
        if score < self.best_score + self.tol:
            self.no_improvement_count += 1
        else:
            self.no_improvement_count = 0
        is_best = score > self.best_score
        if is_best:
            self.best_score = score
        return is_best

    def should_stop(self) -> bool:
        """Whether the count of epochs without improvement ran out."""
        return self.no_improvement_count > self.n_iter_no_change

    def reset_count(self) -> None:
        """Start counting again (after the learning rate was lowered)."""
        self.no_improvement_count = 0
