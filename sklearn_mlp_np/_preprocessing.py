"""Robust scaling with a smooth clip: RealMLP's preprocessing of numeric features."""

import warnings
from numbers import Real

import numpy as np
from sklearn.base import (
    BaseEstimator,
    OneToOneFeatureMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted, validate_data


class RobustScaleSmoothClip(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Center on the median, scale by the quartiles, then clip smoothly.

    Each feature ``x`` becomes ``z = (x - median) / scale``, then
    ``z / sqrt(1 + (z / smooth_clip) ** 2)``. The scale is the inter-quartile
    range; where that is 0 (a feature with a few frequent values), half the
    range ``(max - min) / 2``; a constant feature becomes 0. The smooth clip
    keeps every output within ``(-smooth_clip, smooth_clip)`` and barely
    moves values well inside it (``z = 1`` becomes 0.949 for the default
    3), so outliers and heavy tails cannot dominate a network's
    first layer while the order of values is kept. This is the numeric
    preprocessing of RealMLP (Holzmüller et al., 2024), in scikit-learn's
    form: like :class:`~sklearn.preprocessing.RobustScaler`, it ignores
    missing values when fitting and keeps them as NaN.

    Parameters
    ----------
    smooth_clip : float or None, default=3.0
        The bound of the smooth clip; None leaves the robust scaling
        unclipped.

    Attributes
    ----------
    center_ : ndarray of shape (n_features,)
        The median of each feature in the training data.

    scale_ : ndarray of shape (n_features,)
        What each centred feature is divided by: the inter-quartile range,
        half the range where that is 0, and ``inf`` for a constant feature
        (which is then mapped to 0).

    n_features_in_ : int
        Number of features seen during fit.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen during fit, when X has string column
        names.

    See Also
    --------
    sklearn.preprocessing.RobustScaler : Robust scaling without the clip.

    References
    ----------
    D. Holzmüller, L. Grinsztajn and I. Steinwart, "Better by default: strong
    pre-tuned MLPs and boosted trees on tabular data", NeurIPS 2024.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_mlp_np import RobustScaleSmoothClip
    >>> X = np.array([[1.0], [2.0], [3.0], [4.0], [1000.0]])
    >>> RobustScaleSmoothClip().fit_transform(X).ravel().round(3)
    array([-0.949, -0.493,  0.   ,  0.493,  3.   ])
    """

    _parameter_constraints: dict = {
        "smooth_clip": [None, Interval(Real, 0, None, closed="neither")],
    }

    def __init__(self, smooth_clip=3.0):
        self.smooth_clip = smooth_clip

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None):
        """Learn each feature's median and scale.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The data; NaNs are ignored.

        y : None
            Ignored.

        Returns
        -------
        self : object
            The fitted transformer.
        """
        X = validate_data(
            self, X, dtype=(np.float64, np.float32), ensure_all_finite="allow-nan"
        )
        with warnings.catch_warnings():
            # An all-NaN feature has no statistics: it stays NaN.
            warnings.simplefilter("ignore", RuntimeWarning)
            low, center, high = np.nanpercentile(X, [25, 50, 75], axis=0)
            half_range = (np.nanmax(X, axis=0) - np.nanmin(X, axis=0)) / 2
        scale = np.where(high > low, high - low, half_range)
        self.center_ = np.nan_to_num(center).astype(X.dtype)
        self.scale_ = np.where(scale > 0, scale, np.inf).astype(X.dtype)
        return self

    def transform(self, X):
        """Scale and clip X.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            The data; NaNs stay NaN.

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_features)
            The scaled and clipped data, in X's floating dtype; a new array.
        """
        check_is_fitted(self)
        X = validate_data(
            self,
            X,
            dtype=(np.float64, np.float32),
            ensure_all_finite="allow-nan",
            reset=False,
        )
        Z = (X - self.center_) / self.scale_
        if self.smooth_clip is not None:
            ratio = Z / self.smooth_clip
            ratio *= ratio
            ratio += 1
            np.sqrt(ratio, out=ratio)
            Z /= ratio
        return Z

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        return tags
