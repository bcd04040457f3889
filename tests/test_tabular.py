"""TabularMLPClassifier and TabularMLPRegressor: the recipe's estimators."""

import io
import warnings

import joblib
import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import GridSearchCV
from sklearn.neural_network import MLPClassifier, MLPRegressor

from sklearn_mlp_np import (
    NumpyMLPClassifier,
    NumpyMLPRegressor,
    TabularMLPClassifier,
    TabularMLPRegressor,
)

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")

SMALL = dict(hidden_layer_sizes=(16, 16), max_iter=20, random_state=0)


def frame(n_samples=160, seed=0):
    """Numbers with a missing value, a two-value category, a string column."""
    rng = np.random.RandomState(seed)
    X = pd.DataFrame(
        {
            "x": rng.normal(size=n_samples),
            "heavy": rng.standard_t(2, size=n_samples),
            "sex": pd.Categorical(rng.choice(["f", "m"], n_samples)),
            "colour": rng.choice(["red", "green", "blue"], n_samples).astype(object),
        }
    )
    X.loc[::13, "heavy"] = np.nan
    signal = 2 * X["x"] + (X["colour"] == "red") - (X["sex"] == "m")
    return X, signal.to_numpy() + 0.1 * rng.normal(size=n_samples)


def labels(signal):
    return np.where(signal > 0.3, "yes", "no")


def test_dataframes_with_categories_are_encoded_inside():
    X, signal = frame()
    X_before = X.copy()
    clf = TabularMLPClassifier(**SMALL).fit(X, labels(signal))
    pd.testing.assert_frame_equal(X, X_before)  # the user's frame is untouched
    assert clf.n_features_in_ == 4
    assert list(clf.feature_names_in_) == ["x", "heavy", "sex", "colour"]
    # Two numbers, each embedded in 8 units (the classifier's default PL
    # embedding), the two-value category as one column, three one-hot.
    assert clf.coefs_[0].shape[0] == 2 * 8 + 1 + 3 == clf.input_scale_.size
    assert clf.embedding_weights_.shape == (2, 2 * 16, 8)
    plain = TabularMLPClassifier(numeric_embedding=None, **SMALL)
    assert plain.fit(X, labels(signal)).coefs_[0].shape[0] == 2 + 1 + 3
    assert clf.coefs_[0].dtype == np.float32  # float32 by default
    unseen = X.head(3).assign(colour=["purple", None, "red"])
    assert clf.predict_proba(unseen).shape == (3, 2)
    assert clf.score(X, labels(signal)) > 0.9


def plain_network(**params):
    """The parts that the drop-in estimators lack, switched off."""
    return dict(
        input_scaling=False,
        parametrization="standard",
        intercept_lr_factor=1.0,
        numeric_embedding=None,
        dtype="float64",
        **params,
    )


@pytest.mark.parametrize("early_stopping", [False, True])
def test_it_is_the_drop_in_network_on_the_encoded_data(early_stopping):
    X, signal = frame()
    params = dict(SMALL, early_stopping=early_stopping)
    tabular = TabularMLPRegressor(**plain_network(standardize_target=False, **params))
    tabular.fit(X, signal)
    X_encoded = tabular.encoder_.transform(X)
    drop_in = NumpyMLPRegressor(
        **{
            k: v
            for k, v in tabular.get_params().items()
            if k in NumpyMLPRegressor().get_params()
        }
    ).fit(X_encoded, signal)
    np.testing.assert_array_equal(tabular.predict(X), drop_in.predict(X_encoded))
    assert tabular.loss_curve_ == drop_in.loss_curve_


def test_frozen_input_scales_leave_the_network_as_without_them():
    # At factor 1 the scaling layer changes nothing: dW0 = 1 * G exactly.
    X, signal = frame()
    y = labels(signal)
    frozen = TabularMLPClassifier(input_scale_lr_factor=0.0, **SMALL).fit(X, y)
    without = TabularMLPClassifier(input_scaling=False, **SMALL).fit(X, y)
    np.testing.assert_array_equal(frozen.input_scale_, 1.0)
    np.testing.assert_array_equal(frozen.predict_proba(X), without.predict_proba(X))
    learnt = TabularMLPClassifier(**SMALL).fit(X, y)
    assert np.all(learnt.input_scale_ != 1.0)
    # The learnt factors are applied in prediction: the effective weights.
    assert not np.allclose(learnt.predict_proba(X), frozen.predict_proba(X))


def test_standardised_targets_make_the_fit_independent_of_their_units():
    X, signal = frame()
    params = dict(SMALL, dtype="float64")
    reg = TabularMLPRegressor(**params).fit(X, signal)
    in_other_units = TabularMLPRegressor(**params).fit(X, 1000 * signal + 5)
    np.testing.assert_allclose(
        in_other_units.predict(X), 1000 * reg.predict(X) + 5, rtol=1e-6
    )
    np.testing.assert_allclose(in_other_units.target_mean_, 1000 * signal.mean() + 5)
    np.testing.assert_allclose(in_other_units.target_scale_, 1000 * signal.std())
    # Without it, the same network does not fit targets in the thousands.
    raw = TabularMLPRegressor(standardize_target=False, **params)
    raw.fit(X, 1000 * signal + 5)
    assert raw.score(X, 1000 * signal + 5) < reg.score(X, signal) - 0.1
    assert reg.predict(X).dtype == np.float64


def test_early_stopping_scores_in_the_target_units():
    X, signal = frame()
    reg = TabularMLPRegressor(**SMALL).fit(X, 50 * signal)
    # The best validation R² is an R² of the predictions in y's units.
    assert 0.5 < reg.best_validation_score_ <= 1
    X_val, y_val = frame(60, seed=1)
    reg.fit(X, 50 * signal, X_val=X_val, y_val=50 * y_val)
    np.testing.assert_allclose(
        reg.best_validation_score_, reg.score(X_val, 50 * y_val), rtol=1e-5
    )


def test_a_huber_threshold_is_given_in_the_targets_units():
    X, signal = frame()
    reg = TabularMLPRegressor(loss="huber", huber_delta=3.0, **SMALL).fit(
        X, 10 * signal
    )
    np.testing.assert_allclose(reg.huber_delta_ * reg.target_scale_, 3.0)


def test_poisson_refuses_standardised_targets():
    X, signal = frame()
    with pytest.raises(ValueError, match="standardize_target=False"):
        TabularMLPRegressor(loss="poisson", **SMALL).fit(X, np.exp(signal))
    reg = TabularMLPRegressor(loss="poisson", standardize_target=False, **SMALL)
    assert reg.fit(X, np.exp(signal)).predict(X).min() > 0


@pytest.mark.parametrize("Estimator", [TabularMLPClassifier, TabularMLPRegressor])
def test_to_sklearn_is_the_encoding_then_an_equivalent_mlp(Estimator):
    X, signal = frame()
    y = labels(signal) if Estimator is TabularMLPClassifier else 30 * signal + 4
    model = Estimator(activation="relu", numeric_embedding=None, **SMALL).fit(X, y)
    pipeline = model.to_sklearn()
    mlp = pipeline[-1]
    assert isinstance(mlp, MLPClassifier | MLPRegressor)
    assert mlp.n_features_in_ == model.coefs_[0].shape[0]
    if Estimator is TabularMLPClassifier:
        np.testing.assert_allclose(
            pipeline.predict_proba(X), model.predict_proba(X), rtol=1e-5, atol=1e-6
        )
    else:
        np.testing.assert_allclose(
            pipeline.predict(X), model.predict(X), rtol=1e-5, atol=1e-4
        )
    with pytest.raises(ValueError, match="selu"):
        selu = TabularMLPClassifier(numeric_embedding=None, **SMALL)
        selu.fit(X, labels(signal)).to_sklearn()
    with pytest.raises(ValueError, match="embedding"):
        TabularMLPClassifier(**SMALL).fit(X, labels(signal)).to_sklearn()


def test_pipeline_grid_search_and_joblib():
    X, signal = frame()
    y = labels(signal)
    search = GridSearchCV(
        TabularMLPClassifier(**SMALL),
        {"input_scaling": [False, True], "smooth_clip": [None, 3.0]},
        cv=2,
    ).fit(X, y)
    assert len(search.cv_results_["params"]) == 4
    buffer = io.BytesIO()
    joblib.dump(search.best_estimator_, buffer)
    buffer.seek(0)
    loaded = joblib.load(buffer)
    np.testing.assert_array_equal(
        loaded.predict_proba(X), search.best_estimator_.predict_proba(X)
    )


def test_partial_fit_needs_no_validation_split():
    X, signal = frame()
    y = labels(signal)
    assert not hasattr(TabularMLPClassifier(), "partial_fit")
    clf = TabularMLPClassifier(early_stopping=False, **SMALL)
    clf.partial_fit(X, y, classes=["no", "yes"]).partial_fit(X, y)
    assert clf.t_ == 2 * len(y)
    with pytest.raises(AttributeError, match="partial_fit") as error:
        TabularMLPRegressor().partial_fit  # noqa: B018
    assert "early_stopping=False" in str(error.value.__cause__)


def test_ntk_and_standard_parametrisations_train_differently():
    X, signal = frame()
    y = labels(signal)
    ntk = TabularMLPClassifier(**SMALL).fit(X, y)
    standard = TabularMLPClassifier(parametrization="standard", **SMALL).fit(X, y)
    assert not np.allclose(ntk.coefs_[1], standard.coefs_[1])


def test_the_recipe_defaults():
    clf, reg = TabularMLPClassifier(), TabularMLPRegressor()
    for model in (clf, reg):
        assert model.hidden_layer_sizes == (256, 256, 256)
        assert (model.beta_2, model.batch_size, model.max_iter) == (0.95, 256, 256)
        assert model.learning_rate_schedule == "multi_cycle"
        assert model.early_stopping and model.validation_fraction == 0.2
    assert (clf.activation, clf.learning_rate_init, clf.label_smoothing) == (
        "selu",
        0.04,
        0.1,
    )
    assert (reg.activation, reg.learning_rate_init) == ("mish", 0.07)
    # Chosen on validation rows (benchmarks/tabular.py --validation, then
    # --validation embedding).
    assert (clf.numeric_embedding, reg.numeric_embedding) == ("pl", "pl")
    assert (clf.embedding_passthrough, reg.embedding_passthrough) == (False, True)
    # The drop-in classes keep scikit-learn's defaults.
    assert NumpyMLPClassifier().hidden_layer_sizes == (100,)


def test_ties_of_the_best_held_out_score_keep_the_last_epoch():
    # RealMLP's rule; scikit-learn's (the drop-in classes') keeps the first.
    X, signal = frame()
    y = labels(signal)
    X_val, val_signal = frame(40, seed=1)
    params = dict(SMALL, max_iter=15, learning_rate_schedule=None)
    model = TabularMLPClassifier(**params).fit(
        X, y, X_val=X_val, y_val=labels(val_signal)
    )
    scores = np.array(model.validation_scores_)
    best_epochs = np.flatnonzero(scores == scores.max()) + 1
    assert len(best_epochs) > 1  # a tie, so the rule matters
    # The same run cut at the last best epoch (a constant rate: the runs
    # agree epoch by epoch) has the kept weights.
    cut = TabularMLPClassifier(**{**params, "max_iter": int(best_epochs[-1])})
    cut.set_params(early_stopping=False).fit(X, y)
    np.testing.assert_array_equal(model.predict_proba(X), cut.predict_proba(X))


def test_the_recipe_warns_of_nothing_on_fewer_rows_than_a_batch():
    # 256 is the recipe's largest batch, and max_iter epochs its plan: on
    # 128 training rows neither is worth a warning. The drop-in class,
    # given batch_size=256 by the user, still warns as scikit-learn does.
    X, signal = frame()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        TabularMLPClassifier(**SMALL).fit(X, labels(signal))
    drop_in = NumpyMLPClassifier(batch_size=256, max_iter=2, random_state=0)
    with pytest.warns(UserWarning, match="batch_size=256 is larger"):
        drop_in.fit(X[["x", "heavy"]].fillna(0), labels(signal))
