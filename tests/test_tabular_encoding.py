"""TabularEncoder: the input encoding of the Tabular estimators (RealMLP-TD-S)."""

import subprocess
import sys
import textwrap

import numpy as np
import pytest
from scipy import sparse
from sklearn.utils.estimator_checks import (
    check_global_output_transform_pandas,
    check_param_validation,
    check_set_output_transform_pandas,
    parametrize_with_checks,
)

from sklearn_mlp_np import RobustScaleSmoothClip
from sklearn_mlp_np._tabular_encoding import TabularEncoder

pd = pytest.importorskip("pandas")

# ---- scikit-learn compatibility ----------------------------------------------

ENCODERS = [TabularEncoder(), TabularEncoder(smooth_clip=None, dtype="float64")]


def parametrize_with_listed_checks(estimators):
    """``parametrize_with_checks``, its checks in a list (as test_common.py).

    scikit-learn < 1.7 hands pytest a generator, which pytest 9.1+ refuses.
    """
    mark = parametrize_with_checks(estimators)
    argnames, checks = mark.args
    return pytest.mark.parametrize(argnames, list(checks), **mark.kwargs)


# Every check passes: no expected failures are listed.
@parametrize_with_listed_checks(ENCODERS)
def test_it_is_a_compatible_transformer(estimator, check):
    check(estimator)


@pytest.mark.parametrize(
    "check",
    [
        check_param_validation,
        check_set_output_transform_pandas,
        check_global_output_transform_pandas,
    ],
)
@pytest.mark.parametrize("estimator", ENCODERS, ids=repr)
# The set_output checks fit on an array and transform a DataFrame (and the
# reverse) on purpose: scikit-learn's warning about it is expected.
@pytest.mark.filterwarnings("ignore:X (does not have valid|has) feature names")
def test_checks_parametrize_with_checks_leaves_out(estimator, check):
    check(type(estimator).__name__, estimator)


# ---- the encodings -------------------------------------------------------------


def table():
    """One column of each kind 'from_dtype' tells apart, with missing values."""
    return pd.DataFrame(
        {
            "size": pd.Categorical(["S", "L", "S", None, "L"]),
            "price": [10.0, 20.0, np.nan, 30.0, 40.0],
            "colour": pd.Categorical(["red", "green", "blue", "green", np.nan]),
            "city": pd.Series(["Paris", "Oslo", "Paris", "Rome", None], dtype=object),
            "member": [True, False, False, True, True],
        }
    )


# price: median 25, quartiles 17.5 and 32.5, so z = (x - 25) / 15 is -1, -1/3,
# 1/3, 1 and the smooth clip z / sqrt(1 + (z / 3)^2) gives these.
CLIP_1 = 1 / np.sqrt(1 + 1 / 9)
CLIP_THIRD = (1 / 3) / np.sqrt(1 + 1 / 81)
EXPECTED = np.array(
    [
        # price, size_S (L -1, S +1), colour blue/green/red, city
        # Oslo/Paris/Rome, member_True (False -1, True +1)
        [-CLIP_1, 1, 0, 0, 1, 0, 1, 0, 1],
        [-CLIP_THIRD, -1, 0, 1, 0, 1, 0, 0, -1],
        [0, 1, 1, 0, 0, 0, 1, 0, -1],  # price NaN: the median, 0
        [CLIP_THIRD, 0, 0, 1, 0, 0, 0, 1, 1],  # size missing: 0
        [CLIP_1, -1, 0, 0, 0, 0, 0, 0, 1],  # colour and city missing: zeros
    ]
)


def test_a_dataframe_is_encoded_column_by_column_from_its_dtypes():
    encoder = TabularEncoder(dtype="float64").fit(table())
    np.testing.assert_allclose(encoder.transform(table()), EXPECTED, atol=1e-12)
    assert encoder.is_categorical_.tolist() == [True, False, True, True, True]
    assert [c.tolist() for c in encoder.categories_] == [
        ["L", "S"],
        ["blue", "green", "red"],
        ["Oslo", "Paris", "Rome"],
        [False, True],
    ]
    assert encoder.n_features_out_ == 9
    assert encoder.scaler_.center_.tolist() == [25.0]
    assert encoder.get_feature_names_out().tolist() == [
        "price",
        "size_S",
        "colour_blue",
        "colour_green",
        "colour_red",
        "city_Oslo",
        "city_Paris",
        "city_Rome",
        "member_True",
    ]


def test_unseen_and_missing_categories_become_zeros():
    encoder = TabularEncoder().fit(table())
    new = pd.DataFrame(
        {
            "size": pd.Categorical(["XL", None]),
            "price": [25.0, np.nan],
            "colour": pd.Categorical(["purple", np.nan]),
            "city": pd.Series(["Lima", pd.NA], dtype=object),
            "member": pd.array([pd.NA, pd.NA], dtype="boolean"),
        }
    )
    np.testing.assert_array_equal(encoder.transform(new), np.zeros((2, 9)))


def test_string_and_nullable_columns_are_categorical_with_pd_na_missing():
    X = pd.DataFrame(
        {
            "code": pd.array(["b", "a", pd.NA, "c"], dtype="string"),
            "flag": pd.array([True, pd.NA, False, True], dtype="boolean"),
            "count": pd.array([1, 2, pd.NA, 4], dtype="Int64"),
        }
    )
    encoder = TabularEncoder(smooth_clip=None).fit(X)
    assert encoder.is_categorical_.tolist() == [True, True, False]
    expected_count = RobustScaleSmoothClip(smooth_clip=None).fit_transform(
        np.array([[1.0], [2.0], [np.nan], [4.0]])
    )
    expected = np.column_stack(
        [
            np.nan_to_num(expected_count),
            [[0, 1, 0], [1, 0, 0], [0, 0, 0], [0, 0, 1]],  # code a/b/c
            [1, 0, -1, 1],  # flag False -1, True +1
        ]
    )
    np.testing.assert_allclose(encoder.transform(X), expected, rtol=1e-6)


def test_one_category_is_one_hot_and_an_all_missing_column_gives_no_column():
    X = pd.DataFrame(
        {
            "one": pd.Series(["a", None, "a"], dtype=object),
            "none": pd.Series([None, np.nan, None], dtype=object),
        }
    )
    encoder = TabularEncoder().fit(X)
    np.testing.assert_array_equal(encoder.transform(X), [[1], [0], [1]])
    assert encoder.get_feature_names_out().tolist() == ["one_a"]
    assert encoder.scaler_ is None and len(encoder.categories_[1]) == 0


def test_integer_categories_stay_integers():
    X = pd.DataFrame({"grade": pd.Categorical([3, 1, None, 2])})
    encoder = TabularEncoder().fit(X)
    assert encoder.get_feature_names_out().tolist() == ["grade_1", "grade_2", "grade_3"]
    # New data may hold the same values under another dtype.
    np.testing.assert_array_equal(
        encoder.transform(pd.DataFrame({"grade": [2.0, 3.0, 7.0]})),
        [[0, 1, 0], [0, 0, 1], [0, 0, 0]],
    )


def test_a_categorical_column_of_mixed_kinds_is_refused():
    X = np.array([["a"], [1]], dtype=object)
    with pytest.raises(TypeError, match=r"column at index 0.*string or a number"):
        TabularEncoder().fit(X)


# ---- numeric arrays --------------------------------------------------------------


@pytest.mark.parametrize("smooth_clip", [3.0, 1.5, None])
def test_a_numeric_array_is_the_robust_scale_with_nan_as_zero(smooth_clip):
    rng = np.random.RandomState(0)
    X = rng.standard_t(2, size=(100, 3)) * [1, 10, 100]
    X[rng.uniform(size=X.shape) < 0.1] = np.nan
    expected = RobustScaleSmoothClip(smooth_clip=smooth_clip).fit_transform(X)
    assert np.isnan(expected).any()
    encoder = TabularEncoder(smooth_clip=smooth_clip, dtype="float64").fit(X)
    np.testing.assert_array_equal(encoder.transform(X), np.nan_to_num(expected))
    assert not encoder.is_categorical_.any() and encoder.categories_ == []


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_the_output_has_the_requested_dtype(dtype):
    X = np.random.RandomState(1).normal(size=(30, 2))
    for given in (X, X.astype(np.float32), table()):
        Z = TabularEncoder(dtype=dtype).fit_transform(given)
        assert Z.dtype == np.dtype(dtype)
    reference = TabularEncoder(dtype="float64").fit_transform(X)
    np.testing.assert_allclose(Z.astype(np.float64), EXPECTED, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(
        TabularEncoder(dtype=dtype).fit_transform(X), reference, rtol=1e-6
    )


def test_an_object_array_is_all_categorical_unless_told():
    X = np.array([[1, "x"], [3, "y"], [None, "x"]], dtype=object)
    encoder = TabularEncoder().fit(X)
    assert encoder.is_categorical_.tolist() == [True, True]
    assert encoder.categories_[0].tolist() == [1, 3]
    # Told: the first column is numeric (median 2, IQR 1); None there is
    # missing.
    encoder = TabularEncoder(categorical_features=[1], smooth_clip=None).fit(X)
    np.testing.assert_array_equal(encoder.transform(X), [[-1, -1], [1, 1], [0, -1]])


# ---- categorical_features ---------------------------------------------------------


def grades():
    # grade holds integers: numeric by dtype, categorical when listed.
    return pd.DataFrame({"score": [0.5, 1.5, 2.5, 3.5], "grade": [1, 2, 3, 1]})


@pytest.mark.parametrize(
    "categorical_features",
    [[1], np.array([1]), ["grade"], [False, True], np.array([False, True])],
)
def test_categorical_features_by_index_name_or_mask(categorical_features):
    encoder = TabularEncoder(categorical_features=categorical_features)
    Z = encoder.fit_transform(grades())
    assert encoder.is_categorical_.tolist() == [False, True]
    np.testing.assert_array_equal(
        Z[:, 1:], [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]]
    )
    assert encoder.get_feature_names_out().tolist() == [
        "score",
        "grade_1",
        "grade_2",
        "grade_3",
    ]


def test_categorical_features_none_or_from_dtype_scale_every_numeric_column():
    X = grades()
    X["member"] = [True, False, True, True]
    expected = RobustScaleSmoothClip().fit_transform(X.to_numpy(dtype=float))
    np.testing.assert_allclose(
        TabularEncoder(categorical_features=None).fit_transform(X),
        expected,
        rtol=1e-6,
    )
    # 'from_dtype': the bool column alone is categorical, and last.
    Z = TabularEncoder().fit_transform(X)
    np.testing.assert_allclose(Z[:, :2], expected[:, :2], rtol=1e-6)
    np.testing.assert_array_equal(Z[:, 2], [1, -1, 1, 1])


@pytest.mark.parametrize(
    "categorical_features, message",
    [
        (["nope"], r"categorical_features names \['nope'\].*not columns"),
        ([2], r"categorical_features as column indices must be in \[0, 1\]"),
        ([-1], r"categorical_features as column indices must be in \[0, 1\]"),
        ([True], "categorical_features as a boolean mask must have one entry"),
        ([0.5], "categorical_features must hold column indices"),
        (["grade", 0], r"categorical_features must hold.*\['int', 'str'\]"),
        ([[0]], "categorical_features must be a 1-D"),
    ],
)
def test_a_bad_categorical_features_says_what_is_wrong(categorical_features, message):
    with pytest.raises(ValueError, match=message):
        TabularEncoder(categorical_features=categorical_features).fit(grades())


def test_names_need_a_dataframe():
    with pytest.raises(ValueError, match="categorical_features holds column names"):
        TabularEncoder(categorical_features=["grade"]).fit(grades().to_numpy())


def test_a_bad_parameter_is_refused_in_fit_not_init():
    encoder = TabularEncoder(categorical_features="all", dtype="float16")
    with pytest.raises(ValueError, match="categorical_features"):
        encoder.fit(grades())
    with pytest.raises(ValueError, match="'dtype' parameter"):
        TabularEncoder(dtype="float16").fit(grades())


# ---- what it refuses or keeps --------------------------------------------------


def test_the_input_is_not_changed():
    X = table()
    before = X.copy()
    TabularEncoder().fit(X).transform(X)
    pd.testing.assert_frame_equal(X, before)
    array = np.array([[1.0, "a"], [np.nan, None], [3.0, "b"]], dtype=object)
    array_before = repr(array.tolist())
    TabularEncoder(categorical_features=[1]).fit(array).transform(array)
    assert repr(array.tolist()) == array_before
    numeric = np.array([[1.0, 5.0], [np.nan, 2.0], [3.0, 0.0]])
    numeric_before = numeric.copy()
    TabularEncoder().fit(numeric).transform(numeric)
    np.testing.assert_array_equal(numeric, numeric_before)


@pytest.mark.parametrize("where", ["fit", "transform"])
def test_infinity_in_a_numeric_column_is_refused_by_name(where):
    X = table()
    bad = X.copy()
    bad.loc[1, "price"] = -np.inf
    encoder = TabularEncoder() if where == "fit" else TabularEncoder().fit(X)
    with pytest.raises(ValueError, match="infinity in the numeric column 'price'"):
        getattr(encoder, where)(bad)
    array = np.array([[1.0, 2.0], [3.0, np.inf]])
    with pytest.raises(ValueError, match=r"column at index 1.*replace infinite"):
        TabularEncoder().fit(array)


@pytest.mark.parametrize("container", [sparse.csr_matrix, sparse.csc_array])
def test_sparse_input_is_refused_with_the_way_out(container):
    X = np.eye(3)
    with pytest.raises(TypeError, match=r"needs dense data.*X\.toarray\(\)"):
        TabularEncoder().fit(container(X))
    with pytest.raises(TypeError, match="needs dense data"):
        TabularEncoder().fit(X).transform(container(X))


def test_transform_checks_the_columns_against_fit():
    encoder = TabularEncoder().fit(np.zeros((4, 3)))
    with pytest.raises(ValueError, match="X has 2 features, but TabularEncoder"):
        encoder.transform(np.zeros((4, 2)))
    encoder = TabularEncoder().fit(table())
    with pytest.raises(ValueError, match="feature names should match"):
        encoder.transform(table()[["price", "size", "colour", "city", "member"]])


def test_feature_names_out_without_names_and_with_input_features():
    X = np.array([[0.5, "a"], [1.5, "b"], [2.5, "c"]], dtype=object)
    encoder = TabularEncoder(categorical_features=[1]).fit(X)
    assert encoder.get_feature_names_out().tolist() == ["x0", "x1_a", "x1_b", "x1_c"]
    names = encoder.get_feature_names_out(["w", "v"])
    assert names.tolist() == ["w", "v_a", "v_b", "v_c"] and names.dtype == object
    encoder = TabularEncoder().fit(table())
    with pytest.raises(ValueError, match="input_features is not equal"):
        encoder.get_feature_names_out(["a", "b", "c", "d", "e"])
    out = encoder.set_output(transform="pandas").transform(table())
    assert out.columns.tolist() == encoder.get_feature_names_out().tolist()


def test_it_runs_without_pandas():
    # pandas is a test dependency only: a NumPy table must not need it.
    code = textwrap.dedent(
        """
        import sys

        class NoPandas:  # any import of pandas now fails
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] == "pandas":
                    raise ImportError(name)

        sys.meta_path.insert(0, NoPandas())
        import numpy as np
        from sklearn_mlp_np._tabular_encoding import TabularEncoder
        X = np.array([[1.0, "a"], [np.nan, None], [3.0, "b"]], dtype=object)
        Z = TabularEncoder(categorical_features=[1]).fit_transform(X)
        print(Z[:, 1].tolist(), "pandas" in sys.modules)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[-1.0, 0.0, 1.0] False"
