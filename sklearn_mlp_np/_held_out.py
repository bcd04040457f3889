"""Held-out data: given to fit, or split off for early stopping; and scored.

``checked_held_out`` uses the estimator's hook ``_held_out_targets``; the
split and the scoring take what they need as arguments.
"""

from dataclasses import dataclass
from numbers import Real

import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.utils import check_array

from ._warn import warn


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
    X_val = estimator._checked_held_out_X(X_val, dtype)
    y_val, Y_val = estimator._held_out_targets(y_val, dtype, n_outputs)
    if y_val.shape[0] != X_val.shape[0]:
        raise ValueError(
            f"X_val has {X_val.shape[0]} samples but y_val has {y_val.shape[0]}."
        )
    sample_weight_val = checked_sample_weight(
        sample_weight_val, X_val.shape[0], dtype, name="sample_weight_val"
    )
    return HeldOut(X_val, y_val, Y_val, sample_weight_val)


def _column_range(X) -> tuple[np.ndarray, np.ndarray]:
    """The minimum and maximum of each column of ``X``, in float64."""
    low, high = X.min(axis=0), X.max(axis=0)
    if not isinstance(X, np.ndarray):  # sparse
        low, high = low.toarray().ravel(), high.toarray().ravel()
    return low.astype(np.float64), high.astype(np.float64)


def _far_out_fraction(X_val, middle, width) -> np.ndarray:
    """Per column, the fraction of ``X_val`` further than ``width`` from ``middle``."""
    n_val = X_val.shape[0]
    if isinstance(X_val, np.ndarray):
        far = np.zeros(X_val.shape[1])
        for start in range(0, n_val, 1024):  # no temporary of X_val's size
            rows = X_val[start : start + 1024]
            far += (np.abs(rows - middle) > width).sum(axis=0)
        return far / n_val
    X_val = X_val.tocsc()
    stored = np.diff(X_val.indptr)
    columns = np.repeat(np.arange(X_val.shape[1]), stored)
    far_stored = np.abs(X_val.data - middle[columns]) > width[columns]
    far = np.bincount(columns, weights=far_stored, minlength=X_val.shape[1])
    # The zeros that are not stored are far out where 0 is.
    far += (n_val - stored) * (np.abs(middle) > width)
    return far / n_val


def far_out_features(X, X_val) -> np.ndarray:
    """The features of ``X_val`` that lie mostly far outside the range of ``X``.

    Feature ``j`` is far out when more than half of its values in ``X_val``
    lie further from the middle of its training range,
    ``(min X[:, j] + max X[:, j]) / 2``, than the range is wide: outside the
    training range stretched to twice its width about the same
    centre. A value of an independent sample falls outside the training
    range itself with probability about ``2 / n_samples``, so on a random
    split of the same data this does not happen; it does when ``X`` was
    scaled and ``X_val`` was not (unscaled values in the tens or hundreds
    against standardized ones within a few units of 0). A feature that is
    constant in ``X`` is far out where more than half of ``X_val`` differs
    from that constant. One pass over ``X`` and one over ``X_val``.

    Returns the indices of those features, in increasing order.
    """
    low, high = _column_range(X)
    middle, width = (low + high) / 2, high - low
    return np.flatnonzero(_far_out_fraction(X_val, middle, width) > 0.5)


def warn_if_far_out(X, held_out: HeldOut | None) -> None:
    """Warn when the features of X_val given to fit lie far outside X's range."""
    if held_out is None:
        return
    far = far_out_features(X, held_out.X)
    if far.size == 0:
        return
    listed = ", ".join(map(str, far[:5])) + (", ..." if far.size > 5 else "")
    columns = "column" if far.size == 1 else "columns"
    warn(
        f"{far.size} of the {X.shape[1]} features of X_val ({columns} "
        f"{listed}) lie far outside the range of the training X: most of "
        "their values are further from the middle of X's range than the "
        "range is wide. Was X_val scaled as X was? X_val reaches the network "
        "as given: transform it as X, for example in a Pipeline with "
        'Pipeline(..., transform_input=["X_val"]) and metadata routing '
        "enabled (sklearn.set_config(enable_metadata_routing=True))."
    )


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


def split_off(given: HeldOut, rng, validation_fraction: float, stratify):
    """Hold out ``validation_fraction`` of the data ``given`` for early stopping.

    ``stratify`` is the labels to stratify on, or None. Returns ``(X, Y,
    sample_weight)`` to train on and the ``HeldOut`` part.
    """
    X = given.X
    if stratify is not None:
        _check_classes_can_be_stratified(stratify)
    try:
        train, val = train_test_split(
            np.arange(X.shape[0]),
            random_state=rng,
            test_size=validation_fraction,
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
    return _split(given, train, val)


def _split(given: HeldOut, train, val):
    X, y, Y, sample_weight = given.X, given.y, given.Y, given.sample_weight
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


def evaluate(objective, held_out: HeldOut, score_held_out) -> tuple[float, float]:
    """The held-out data's loss and score under the current weights.

    The loss is the data loss of ``loss_curve_`` without the penalty; the
    score is ``score_held_out(predictions, loss)``, NaN when the network's
    output on the held-out data is not finite.
    """
    n_outputs = objective.layout.layer_units[-1]
    predictions = np.empty((held_out.X.shape[0], n_outputs), objective.params.dtype)
    loss = objective.data_loss(
        held_out.X, held_out.Y, held_out.sample_weight, predictions
    )
    if not np.isfinite(predictions).all():
        return loss, np.nan
    return loss, score_held_out(predictions, loss)
