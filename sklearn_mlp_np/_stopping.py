"""When to stop: count the epochs that did not improve a score by ``tol``."""


class ImprovementMonitor:
    """Count how many epochs in a row failed to improve the best score.

    Scores are "higher is better": the validation score, or the negated
    training loss. The best score itself is kept by the training records
    (one place); the monitor is told it. The rule is scikit-learn's: an
    epoch counts as no improvement when its score is below ``best + tol``.
    """

    def __init__(self) -> None:
        self.no_improvement_count = 0

    def update(self, score: float, best_score: float, tol: float) -> None:
        """Count an epoch of ``score``, against the best before it."""
        if score < best_score + tol:
            self.no_improvement_count += 1
        else:
            self.no_improvement_count = 0

    def should_stop(self, n_iter_no_change: float) -> bool:
        """Whether more than ``n_iter_no_change`` epochs in a row did not improve."""
        return self.no_improvement_count > n_iter_no_change

    def reset_count(self) -> None:
        """Start counting again (after the learning rate was lowered)."""
        self.no_improvement_count = 0
