"""When to stop: count the epochs that did not improve a score by ``tol``."""

import numpy as np


class ImprovementMonitor:
    """Track the best score and how many epochs in a row failed to improve it.

    Scores are "higher is better": pass the validation score, or the negated
    training loss. The rule is scikit-learn's: an epoch counts as no
    improvement when its score is below ``best + tol``.

    Parameters
    ----------
    best_score : float, default=-inf
        The best score so far (from an earlier call, for a warm start).
    """

    def __init__(self, best_score: float = -np.inf) -> None:
        self.best_score = best_score
        self.no_improvement_count = 0

    def update(self, score: float, tol: float) -> bool:
        """Record an epoch's score; return whether it is the best so far."""
        if score < self.best_score + tol:
            self.no_improvement_count += 1
        else:
            self.no_improvement_count = 0
        is_best = score > self.best_score
        if is_best:
            self.best_score = score
        return is_best

    def should_stop(self, n_iter_no_change: float) -> bool:
        """Whether more than ``n_iter_no_change`` epochs in a row did not improve."""
        return self.no_improvement_count > n_iter_no_change

    def reset_count(self) -> None:
        """Start counting again (after the learning rate was lowered)."""
        self.no_improvement_count = 0
