"""The input encoding of the Tabular estimators: RealMLP-TD-S's preprocessing."""

import sys
from numbers import Real
from typing import Self

import numpy as np
from numpy.typing import ArrayLike
from scipy.sparse import issparse
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._missing import is_scalar_nan
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import (
    _check_feature_names,
    _check_feature_names_in,
    _check_n_features,
    check_array,
    check_is_fitted,
)

from ._preprocessing import RobustScaleSmoothClip

# pandas' dtype kinds of the columns 'from_dtype' calls categorical: object,
# category, string and str are "O" (an Arrow string "U"), bool and the
# nullable boolean "b". NumPy strings ("U", "S") cannot be numeric either.
_CATEGORICAL_KINDS = "bOSU"
_ARRAY_CATEGORICAL_KINDS = "OSU"


class TabularEncoder(TransformerMixin, BaseEstimator):
    """Encode a table for a network: robust scaling and categorical codes.

    The input encoding of RealMLP-TD-S (Holzmüller et al., 2024). Numeric
    columns are robustly scaled and smoothly clipped by
    :class:`~sklearn_mlp_np.RobustScaleSmoothClip`, then their missing values
    (NaN) become 0, the training median. Each categorical column becomes:

    - with exactly 2 categories, one column: -1 for the first category, +1
      for the second;
    - with 1 or with 3 or more, one-hot columns (1 for the row's category,
      0 elsewhere).

    A category is a distinct non-missing value seen in fit; they are sorted,
    as :class:`~sklearn.preprocessing.OneHotEncoder` sorts them (a pandas
    ``category`` column's unused or ordered categories play no part).
    Missing values (None, NaN, ``pd.NA``) and categories not seen in fit are
    encoded as zeros: 0 in a ±1 column, all zeros in one-hot columns. The
    output holds the numeric columns first, in input order, then the
    categorical encodings, in input order.

    Parameters
    ----------
    categorical_features : 'from_dtype', None or array-like, \
            default='from_dtype'
        Which columns are categorical.

        - 'from_dtype': a DataFrame's columns of pandas ``category``,
          ``object``, ``string`` or ``bool`` dtype. A NumPy array has none,
          unless its dtype is object (or string): then every column is.
        - None: no column is categorical.
        - array-like of int: the column positions.
        - array-like of str: the column names (X must be a DataFrame).
        - array-like of bool of shape (n_features,): a mask.

    smooth_clip : float or None, default=3.0
        The bound of the smooth clip of the numeric columns, passed to
        :class:`~sklearn_mlp_np.RobustScaleSmoothClip`; None leaves their
        robust scaling unclipped.

    dtype : {'float32', 'float64'}, default='float32'
        The dtype of the output array. The statistics are computed in
        float64 either way.

    Attributes
    ----------
    is_categorical_ : ndarray of shape (n_features_in_,), dtype=bool
        Which input columns are categorical.

    categories_ : list of ndarray
        The sorted categories of each categorical column, in input order.
        A column with no non-missing value in fit has none, and no output
        column.

    scaler_ : RobustScaleSmoothClip or None
        The scaler fitted on the numeric columns; None if there are none.

    n_features_out_ : int
        Number of output columns.

    n_features_in_ : int
        Number of features seen during fit.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen during fit, when X has string column
        names.

    See Also
    --------
    sklearn_mlp_np.RobustScaleSmoothClip : The scaling of the numeric columns.
    sklearn.preprocessing.OneHotEncoder : One-hot encoding of categories.

    Notes
    -----
    The names of the output columns (:meth:`get_feature_names_out`) are the
    numeric columns' names, ``"<column>_<category>"`` for each one-hot
    column and ``"<column>_<second category>"`` for a ±1 column (+1 is the
    second category), as ``OneHotEncoder(drop="if_binary")`` names its
    column.

    Sparse input is refused: the robust scaling centres each column, which
    would make it dense.

    References
    ----------
    D. Holzmüller, L. Grinsztajn and I. Steinwart, "Better by default: strong
    pre-tuned MLPs and boosted trees on tabular data", NeurIPS 2024.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_mlp_np._tabular_encoding import TabularEncoder
    >>> X = np.array(
    ...     [[1.0, "no", "red"], [2.0, "yes", "green"], [np.nan, "no", "blue"],
    ...      [4.0, None, "red"]],
    ...     dtype=object,
    ... )
    >>> encoder = TabularEncoder(categorical_features=[1, 2]).fit(X)
    >>> encoder.categories_
    [array(['no', 'yes'], dtype=object), array(['blue', 'green', 'red'], dtype=object)]
    >>> encoder.transform(X).round(3)
    array([[-0.651, -1.   ,  0.   ,  0.   ,  1.   ],
           [ 0.   ,  1.   ,  0.   ,  1.   ,  0.   ],
           [ 0.   , -1.   ,  1.   ,  0.   ,  0.   ],
           [ 1.218,  0.   ,  0.   ,  0.   ,  1.   ]], dtype=float32)
    >>> encoder.get_feature_names_out()
    array(['x0', 'x1_yes', 'x2_blue', 'x2_green', 'x2_red'], dtype=object)
    """

    _parameter_constraints: dict = {
        "categorical_features": ["array-like", StrOptions({"from_dtype"}), None],
        "smooth_clip": [None, Interval(Real, 0, None, closed="neither")],
        "dtype": [StrOptions({"float32", "float64"})],
    }

    def __init__(
        self, categorical_features="from_dtype", smooth_clip=3.0, dtype="float32"
    ):
        self.categorical_features = categorical_features
        self.smooth_clip = smooth_clip
        self.dtype = dtype

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: ArrayLike, y: None = None) -> Self:
        """Find the categorical columns, their categories, and fit the scaler.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            The data. Numeric columns may hold NaN, not infinity.

        y : None
            Ignored.

        Returns
        -------
        self : object
            The fitted encoder.
        """
        X = _as_table(X, reset=True, estimator=self)
        self.is_categorical_ = _categorical_mask(X, self.categorical_features)
        numeric = _numeric_block(X, self)
        self.scaler_ = None
        if numeric.shape[1]:
            # Pinned to NumPy output: a global transform_output="pandas"
            # must not reach this inner step.
            self.scaler_ = RobustScaleSmoothClip(smooth_clip=self.smooth_clip)
            self.scaler_.set_output(transform="default").fit(numeric)
        self.categories_ = [
            _fit_categories(_column(X, j), _label(self, j))
            for j in np.flatnonzero(self.is_categorical_)
        ]
        self.n_features_out_ = numeric.shape[1] + sum(
            _n_encoded(len(categories)) for categories in self.categories_
        )
        return self

    def transform(self, X: ArrayLike) -> np.ndarray:
        """Encode X.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            The data, with the columns seen in fit. Numeric columns may hold
            NaN, not infinity; categorical ones may hold unseen categories.

        Returns
        -------
        X_new : ndarray of shape (n_samples, n_features_out_)
            The numeric columns scaled, then the categorical encodings, of
            dtype ``dtype``.
        """
        check_is_fitted(self)
        X = _as_table(X, reset=False, estimator=self)
        numeric = _numeric_block(X, self)
        out = np.zeros((X.shape[0], self.n_features_out_), dtype=self.dtype)
        offset = numeric.shape[1]
        if self.scaler_ is not None:
            scaled = self.scaler_.transform(numeric)
            # After centring, the median is 0: missing values take it.
            scaled[np.isnan(scaled)] = 0
            out[:, :offset] = scaled
        for j, categories in zip(
            np.flatnonzero(self.is_categorical_), self.categories_
        ):
            codes = _category_codes(_column(X, j), categories)
            offset = _write_encoding(out, offset, codes, len(categories))
        return out

    def get_feature_names_out(
        self, input_features: ArrayLike | None = None
    ) -> np.ndarray:
        """Names of the output columns.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            The input column names; by default ``feature_names_in_``, or
            ``x0, x1, ...`` if X had none.

        Returns
        -------
        feature_names_out : ndarray of str objects
            The numeric columns' names, then ``"<column>_<category>"`` for
            each categorical output column (a ±1 column is named after its
            second category, the one encoded +1).
        """
        check_is_fitted(self)
        names = _check_feature_names_in(self, input_features)
        out = list(names[~self.is_categorical_])
        for name, categories in zip(names[self.is_categorical_], self.categories_):
            shown = categories[1:] if len(categories) == 2 else categories
            out.extend(f"{name}_{category}" for category in shown)
        return np.asarray(out, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        # Not input_tags.categorical (nor does HistGradientBoosting set it):
        # a numeric array is scaled, not one-hot encoded. Not
        # input_tags.string either, as OneHotEncoder, which also takes
        # strings: it promises that any object column fits, and values that
        # cannot be sorted into categories (a dict, strings mixed with
        # numbers) are refused.
        # Only input already of the output dtype keeps its dtype.
        tags.transformer_tags.preserves_dtype = [self.dtype]
        return tags


# ---- reading the table --------------------------------------------------------


def _is_dataframe(X) -> bool:
    """A pandas DataFrame, told apart without importing pandas."""
    return hasattr(X, "iloc") and hasattr(X, "columns") and hasattr(X, "dtypes")


def _as_table(X, *, reset, estimator):
    """X checked: a DataFrame as given, anything else as a 2-D ndarray.

    A DataFrame keeps its per-column dtypes (which 'from_dtype' reads and
    which converting it to one array would lose); anything else goes
    through ``check_array`` with its dtype kept (object stays object).
    """
    if issparse(X):
        raise TypeError(
            f"{type(estimator).__name__} needs dense data, got a sparse "
            "matrix: the robust scaling centres each column, which would "
            "make it dense. Convert it with X.toarray()."
        )
    if _is_dataframe(X):
        _check_not_empty(X, estimator)
    else:
        if not hasattr(X, "dtype") and not hasattr(X, "__array__"):
            # A list mixing numbers and strings would become strings
            # (NaN as "nan"); object keeps each value as it is.
            array = np.asarray(X)
            X = array if array.dtype.kind not in "SU" else np.asarray(X, dtype=object)
        X = check_array(X, dtype=None, ensure_all_finite=False, estimator=estimator)
    _check_feature_names(estimator, X, reset=reset)
    _check_n_features(estimator, X, reset=reset)
    return X


def _check_not_empty(X, estimator) -> None:
    """``check_array``'s errors for a DataFrame with no row or no column."""
    name = type(estimator).__name__
    for axis, what in enumerate(["sample", "feature"]):
        if X.shape[axis] < 1:
            raise ValueError(
                f"Found array with 0 {what}(s) (shape={X.shape}) while a "
                f"minimum of 1 is required by {name}."
            )


def _column(X, j: int) -> np.ndarray:
    """Column j as a 1-D ndarray, its values' types kept."""
    if not _is_dataframe(X):
        return X[:, j]
    column = X.iloc[:, j]
    if getattr(column.dtype, "name", None) == "category":
        # to_numpy() would make integer categories floats (to hold NaN): take
        # them from the codes, where -1 (missing) picks the appended None.
        categories = column.cat.categories.to_numpy(dtype=object)
        return np.append(categories, None)[column.cat.codes.to_numpy()]
    return column.to_numpy()


def _label(estimator, j: int) -> str:
    """How error messages name column j."""
    names = getattr(estimator, "feature_names_in_", None)
    return f"{names[j]!r}" if names is not None else f"at index {j}"


# ---- which columns are categorical --------------------------------------------


def _categorical_mask(X, categorical_features) -> np.ndarray:
    """The boolean mask of categorical columns of X."""
    n_features = X.shape[1]
    if categorical_features is None:
        return np.zeros(n_features, dtype=bool)
    if isinstance(categorical_features, str):  # 'from_dtype', validated
        if _is_dataframe(X):
            return np.array([d.kind in _CATEGORICAL_KINDS for d in X.dtypes], bool)
        return np.full(n_features, X.dtype.kind in _ARRAY_CATEGORICAL_KINDS)
    spec = np.asarray(categorical_features)
    if spec.dtype.kind == "U":
        # NumPy makes ["a", 1] strings: keep the 1 an int, to refuse it.
        spec = np.asarray(categorical_features, dtype=object)
    if spec.ndim != 1:
        raise ValueError(
            "categorical_features must be a 1-D array-like of column indices, "
            f"column names or a boolean mask, got shape {spec.shape}."
        )
    if spec.size == 0:
        return np.zeros(n_features, dtype=bool)
    if spec.dtype.kind == "b":
        if spec.shape[0] != n_features:
            raise ValueError(
                "categorical_features as a boolean mask must have one entry "
                f"per column of X ({n_features}), got {spec.shape[0]}."
            )
        return spec.copy()
    if spec.dtype.kind in "iu":
        return _mask_from_indices(spec, n_features)
    if all(isinstance(f, str) for f in spec):
        return _mask_from_names(spec, getattr(X, "columns", None))
    types = sorted({type(f).__name__ for f in spec})
    raise ValueError(
        "categorical_features must hold column indices (int), column names "
        f"(str) or a boolean mask, got values of type {types}."
    )


def _mask_from_indices(indices: np.ndarray, n_features: int) -> np.ndarray:
    out_of_range = indices[(indices < 0) | (indices >= n_features)]
    if out_of_range.size:
        raise ValueError(
            "categorical_features as column indices must be in "
            f"[0, {n_features - 1}] (X has {n_features} columns), got "
            f"{out_of_range.tolist()}."
        )
    mask = np.zeros(n_features, dtype=bool)
    mask[indices] = True
    return mask


def _mask_from_names(names: np.ndarray, columns) -> np.ndarray:
    if columns is None:
        raise ValueError(
            "categorical_features holds column names, but X has none (it is "
            "not a DataFrame): pass column indices or a boolean mask instead."
        )
    columns = list(columns)
    unknown = [name for name in names.tolist() if name not in columns]
    if unknown:
        raise ValueError(
            f"categorical_features names {unknown}, which are not columns of "
            f"X. X's columns are {columns}."
        )
    wanted = set(names.tolist())
    return np.array([column in wanted for column in columns], dtype=bool)


# ---- numeric columns ----------------------------------------------------------


def _numeric_block(X, estimator) -> np.ndarray:
    """The numeric columns as float64: NaN allowed, infinity refused."""
    columns = np.flatnonzero(~estimator.is_categorical_)
    if not columns.size:
        return np.empty((X.shape[0], 0))
    block = X.iloc[:, columns] if _is_dataframe(X) else X[:, columns]
    block = check_array(
        block,
        dtype=np.float64,
        ensure_all_finite=False,
        estimator=estimator,
    )
    infinite = np.flatnonzero(np.isinf(block).any(axis=0))
    if infinite.size:
        raise ValueError(
            f"Input X contains infinity in the numeric column "
            f"{_label(estimator, columns[infinite[0]])}. "
            f"{type(estimator).__name__} accepts NaN as a missing value (it "
            "becomes the median), not infinity: replace infinite values by "
            "NaN or by finite values first, e.g. X.replace([np.inf, -np.inf], "
            "np.nan) for a DataFrame."
        )
    return block


# ---- categorical columns ------------------------------------------------------


def _missing_mask(values: np.ndarray) -> np.ndarray:
    """Where values are missing: None, NaN or pandas.NA."""
    if values.dtype.kind == "f":
        return np.isnan(values)
    if values.dtype.kind != "O":
        return np.zeros(values.shape, dtype=bool)
    # pd.NA can only be in X if pandas is imported: no import needed here.
    na = getattr(sys.modules.get("pandas"), "NA", None)

    def is_missing(value):
        return value is None or (na is not None and value is na) or is_scalar_nan(value)

    return np.frompyfunc(is_missing, 1, 1)(values).astype(bool)


def _fit_categories(values: np.ndarray, label: str) -> np.ndarray:
    """The sorted distinct non-missing values."""
    present = values[~_missing_mask(values)]
    if values.dtype.kind != "O":
        return np.unique(present)
    try:
        categories = sorted(set(present.tolist()))
    except TypeError as error:
        types = sorted({type(value).__name__ for value in present.tolist()})
        raise TypeError(
            f"The categorical column {label} holds values that cannot be "
            f"sorted into categories ({types}): each argument must be a "
            "string or a number, all of one kind."
        ) from error
    out = np.empty(len(categories), dtype=object)
    out[:] = categories
    return out


def _category_codes(values: np.ndarray, categories: np.ndarray) -> np.ndarray:
    """The index of each value in categories; -1 if missing or unseen."""
    if len(categories) == 0:
        return np.full(len(values), -1, dtype=np.intp)
    kinds = {values.dtype.kind, categories.dtype.kind}
    if kinds <= set("biuf") or kinds in ({"U"}, {"S"}):
        # Comparable NumPy dtypes: a sorted search (NaN finds no match).
        index = np.minimum(np.searchsorted(categories, values), len(categories) - 1)
        return np.where(categories[index] == values, index, -1)
    lookup = {category: i for i, category in enumerate(categories.tolist())}
    missing = _missing_mask(values)
    codes = (
        -1 if is_missing else lookup.get(value, -1)
        for value, is_missing in zip(values.tolist(), missing.tolist())
    )
    return np.fromiter(codes, dtype=np.intp, count=len(values))


def _n_encoded(n_categories: int) -> int:
    """How many output columns a column of n_categories becomes."""
    return 1 if n_categories == 2 else n_categories


def _write_encoding(out, offset: int, codes: np.ndarray, n_categories: int) -> int:
    """Write one column's encoding into out from offset; the next offset."""
    known = codes >= 0
    if n_categories == 2:
        # First category -1, second +1, missing or unseen 0.
        out[:, offset] = np.where(known, 2 * codes - 1, 0)
    else:
        out[np.flatnonzero(known), offset + codes[known]] = 1
    return offset + _n_encoded(n_categories)
