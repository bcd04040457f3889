"""RobustScaleSmoothClip: RealMLP's robust scaling and smooth clip."""

import numpy as np
import pytest
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import RobustScaler, StandardScaler

from sklearn_mlp_np import NumpyMLPRegressor, RobustScaleSmoothClip

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def test_it_is_the_robust_scale_then_the_smooth_clip():
    rng = np.random.RandomState(0)
    X = rng.standard_t(2, size=(200, 4)) * [1, 10, 100, 0.1]
    Z = RobustScaleSmoothClip().fit_transform(X)
    median = np.median(X, axis=0)
    q25, q75 = np.percentile(X, [25, 75], axis=0)
    scaled = (X - median) / (q75 - q25)
    np.testing.assert_allclose(Z, scaled / np.sqrt(1 + (scaled / 3) ** 2))
    # The same as scikit-learn's RobustScaler before the clip.
    unclipped = RobustScaleSmoothClip(smooth_clip=None).fit_transform(X)
    np.testing.assert_allclose(unclipped, RobustScaler().fit_transform(X))
    assert np.abs(Z).max() < 3 and np.abs(unclipped).max() > 3


def test_a_zero_iqr_uses_half_the_range_and_a_constant_becomes_zero():
    X = np.array([[0.0, 5.0], [0.0, 5.0], [0.0, 5.0], [0.0, 5.0], [4.0, 5.0]])
    transformer = RobustScaleSmoothClip(smooth_clip=None).fit(X)
    # Quartiles 0 and 0: the scale is (4 - 0) / 2.
    assert transformer.scale_.tolist() == [2.0, np.inf]
    np.testing.assert_array_equal(
        transformer.transform(X), [[0, 0], [0, 0], [0, 0], [0, 0], [2, 0]]
    )


def test_missing_values_are_ignored_in_fit_and_kept():
    X = np.array([[1.0], [2.0], [np.nan], [3.0], [4.0], [5.0]])
    transformer = RobustScaleSmoothClip().fit(X)
    assert transformer.center_.tolist() == [3.0]
    Z = transformer.transform(X)
    assert np.isnan(Z[2, 0]) and np.isfinite(np.delete(Z, 2)).all()


def test_float32_stays_float32_and_the_input_is_not_changed():
    X = np.random.RandomState(1).normal(size=(20, 3)).astype(np.float32)
    before = X.copy()
    Z = RobustScaleSmoothClip().fit_transform(X)
    assert Z.dtype == np.float32
    np.testing.assert_array_equal(X, before)


def test_it_feeds_a_network_in_a_pipeline_where_heavy_tails_hurt():
    # Log-normal inputs: standard scaling leaves a few huge values that
    # dominate the first layer; the robust scale and clip do not.
    rng = np.random.RandomState(2)
    X = rng.lognormal(sigma=2, size=(400, 3))
    y = np.log(X[:, 0]) + rng.normal(scale=0.1, size=400)
    X_test = rng.lognormal(sigma=2, size=(400, 3))
    y_test = np.log(X_test[:, 0])
    network = dict(hidden_layer_sizes=(16,), max_iter=300, random_state=0)
    scores = {}
    for name, scaler in [
        ("robust", RobustScaleSmoothClip()),
        ("standard", StandardScaler()),
    ]:
        pipe = make_pipeline(scaler, NumpyMLPRegressor(**network)).fit(X, y)
        scores[name] = pipe.score(X_test, y_test)
    assert scores["robust"] > 0.7 and scores["standard"] < 0.3, scores


def test_feature_names_pass_through():
    pd = pytest.importorskip("pandas")
    X = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [4.0, 5.0, 7.0]})
    transformer = RobustScaleSmoothClip().set_output(transform="pandas").fit(X)
    assert transformer.get_feature_names_out().tolist() == ["a", "b"]
    assert transformer.transform(X).columns.tolist() == ["a", "b"]
