"""Held-out data: given to fit, or split off for early stopping; and scored.

Functions of the estimator they serve, which provides the hooks
``_held_out_targets``, ``_stratify`` and ``_validation_score``.
"""

from dataclasses import dataclass
from numbers import Real

import numpy as np
from sklearn.metrics import check_scoring
from sklearn.model_selection import train_test_split
from sklearn.utils import check_array
from sklearn.utils.validation import validate_data


@dataclass(frozen=True)
class HeldOut:
    """Held-out data: features, labels or targets, 2-D targets, sample weights."""

    X: object
    y: np.ndarray
    Y: np.ndarray
    sample_weight: np.ndarray | None


def checked_sample_weight(sample_weight, n_samples: int, dtype, name="sample_weight"):
    """Sample weights as a 1-D array in ``dtype``, or None for unit weights.

    Refuses NaN or infinite weights, a wrong length, negative weights and
    weights that are all zero (whatever the installed scikit-learn accepts).
    """
    if sample_weight is None:
        return None
    if isinstance(sample_weight, Real):
        sample_weight = np.full(n_samples, sample_weight)
    sample_weight = check_array(
        sample_weight, ensure_2d=False, dtype=dtype, input_name=name
    )
    if sample_weight.shape != (n_samples,):
        raise ValueError(
            f"{name}.shape == {sample_weight.shape}, expected {(n_samples,)}: "
            "pass one weight per sample."
        )
    if (sample_weight < 0).any():
        raise ValueError(
            f"Negative values in data passed to `{name}`: weights must be non-negative."
        )
    if not sample_weight.any():
        raise ValueError(
            f"Sample weights must contain at least one non-zero number ({name} "
            "is all zero): with all weights zero there is nothing to learn from."
        )
    return sample_weight


def checked_held_out(estimator, X_val, y_val, sample_weight_val, dtype, n_outputs):
    """Check fit's explicit held-out data as X and y were checked (or None)."""
    if X_val is None and y_val is None:
        if sample_weight_val is not None:
            raise ValueError("sample_weight_val is given without X_val and y_val.")
        return None
    if X_val is None or y_val is None:
        given, missing = ("X_val", "y_val") if y_val is None else ("y_val", "X_val")
        raise ValueError(f"{given} is given, but {missing} is not: pass both.")
    X_val = validate_data(
        estimator, X_val, accept_sparse=["csr", "csc"], dtype=dtype, reset=False
    )
    y_val, Y_val = estimator._held_out_targets(y_val, dtype, n_outputs)
    if y_val.shape[0] != X_val.shape[0]:
        raise ValueError(
            f"X_val has {X_val.shape[0]} samples but y_val has {y_val.shape[0]}."
        )
    sample_weight_val = checked_sample_weight(
        sample_weight_val, X_val.shape[0], dtype, name="sample_weight_val"
    )
    return HeldOut(X_val, y_val, Y_val, sample_weight_val)


def _check_classes_can_be_stratified(y) -> None:
    """Refuse a class with one member, named as the user gave it.

    scikit-learn's own words (those of its splitter from 1.9 on), so that
    code matching on them works with every supported scikit-learn.
    """
    classes, counts = np.unique(y, return_counts=True)
    if counts.min() < 2:
        raise ValueError(
            "The validation set is too small to hold out for early stopping "
            f"(The least populated classes in y have only {counts.min()} member, "
            "which is too few. The minimum number of groups for any class "
            "cannot be less than 2. Classes with too few members are: "
            f"{classes[counts < 2].tolist()}). Increase validation_fraction or "
            "the size of the dataset, or set early_stopping=False."
        )


def split_off(estimator, X, y, Y, sample_weight, rng):
    """Hold out ``validation_fraction`` of the data for early stopping.

    Returns ``(X, Y, sample_weight)`` to train on and the ``HeldOut`` part.
    """
    stratify = estimator._stratify(y)
    if stratify is not None:
        _check_classes_can_be_stratified(stratify)
    try:
        train, val = train_test_split(
            np.arange(X.shape[0]),
            random_state=rng,
            test_size=estimator.validation_fraction,
            stratify=stratify,
        )
    except ValueError as error:
        raise ValueError(
            f"The validation set is too small to hold out for early stopping "
            f"({error}). Increase validation_fraction or the size of the "
            "dataset, or set early_stopping=False."
        ) from error
    if val.shape[0] < 2:
        raise ValueError(
            "The validation set is too small: it has fewer than 2 samples. "
            "Increase validation_fraction or the size of the dataset."
        )
    sw_train = sw_val = None
    if sample_weight is not None:
        sw_train, sw_val = sample_weight[train], sample_weight[val]
        if not sw_train.any() or not sw_val.any():
            raise ValueError(
                "The samples left for training, or those held out, all have "
                "zero weight. Change random_state or validation_fraction, or "
                "give more samples a non-zero weight."
            )
    training = (X[train], Y[train], sw_train)
    return training, HeldOut(X[val], y[val], Y[val], sw_val)


def record_score(estimator, objective, held_out: HeldOut) -> float:
    """Score the held-out data now; record the loss and score, return the score.

    The loss is the data loss of ``loss_curve_`` without the penalty; the
    score is ``scoring``'s (by default the estimator's ``score``), NaN when
    the network's output on the held-out data is not finite.
    """
    est = estimator
    predictions = np.empty(
        (held_out.X.shape[0], est.n_outputs_), objective.params.dtype
    )
    loss = objective.data_loss(
        held_out.X, held_out.Y, held_out.sample_weight, predictions
    )
    if not np.isfinite(predictions).all():
        score = np.nan
    elif est.scoring is None:
        score = est._validation_score(predictions, held_out.y, held_out.sample_weight)
    elif est.scoring == "loss":
        score = -loss
    else:
        scorer = check_scoring(est, est.scoring)
        weights = held_out.sample_weight
        kwargs = {} if weights is None else {"sample_weight": weights}
        score = float(scorer(est, held_out.X, held_out.y, **kwargs))
    est.validation_loss_curve_.append(loss)
    est.validation_scores_.append(score)
    if score > est.best_validation_score_:
        est.best_validation_score_ = score
    if est.verbose:
        print(f"Validation score: {score:f}")
    return score
