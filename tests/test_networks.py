"""Networks scikit-learn's MLP will not build: dropout, one activation per layer,
more activations, and the hidden layers as features."""

import warnings

import numpy as np
import pytest
from _data import iris
from scipy.special import erf
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_mlp_np import NumpyMLPClassifier, NumpyMLPRegressor
from sklearn_mlp_np._activations import (
    ACTIVATIONS,
    SKLEARN_ACTIVATIONS,
    make_activation,
)
from sklearn_mlp_np._network import Dropout, Network, Workspace, forward

pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")


def weights_of(model):
    return model.coefs_ + model.intercepts_


def predict_proba_by_hand(model, X):
    """A ReLU classifier's prediction written out from coefs_ and intercepts_:
    each layer's product, intercept and ReLU, then a softmax; no dropout."""
    A = X
    for W, b in zip(model.coefs_[:-1], model.intercepts_[:-1]):
        A = np.maximum(A @ W + b, 0.0)
    Z = A @ model.coefs_[-1] + model.intercepts_[-1]
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


# ---- dropout ---------------------------------------------------------------------


def test_dropout_keeps_the_mean_activation_of_prediction():
    # Inverted dropout: over many rows, the mean training-mode output of a
    # layer equals its prediction-mode output within sampling error.
    rng = np.random.RandomState(0)
    A = rng.uniform(0.5, 1.5, size=(200_000, 3))
    mask, dropped = np.empty_like(A), np.empty_like(A)
    Dropout([0.3], np.random.RandomState(1)).inplace_draw_and_apply(0, A, mask, dropped)
    assert 0.29 < np.mean(mask == 0) < 0.31
    # The rate in effect is within 2**-17 of the one asked for; the scale
    # is exact for it.
    dropout = Dropout([0.3], np.random.RandomState(1))
    rate_in_effect = dropout.thresholds[0] / 2**16
    assert abs(rate_in_effect - 0.3) <= 2**-17
    assert dropout.scales[0] == 1 / (1 - rate_in_effect)
    standard_error = dropped.std(axis=0) / np.sqrt(A.shape[0])
    np.testing.assert_array_less(
        np.abs(dropped.mean(axis=0) - A.mean(axis=0)), 4 * standard_error
    )


def test_dropout_masks_enter_training_only():
    # Forward in training mode zeroes units; prediction never does.
    X, y = iris()
    clf = NumpyMLPClassifier(hidden_layer_sizes=(50,), max_iter=5, random_state=0)
    clf.fit(X, y)
    network = clf._network()
    workspace = Workspace([4, 50, 3], 150, X.dtype, network.activations, [0.5])
    rows = workspace.rows(150)
    dropout = Dropout([0.5], np.random.RandomState(0))
    forward(network, X, rows, dropout)
    assert np.mean(rows.dropped[0] == 0) > 0.4
    predicted = forward(network, X)[0]
    np.testing.assert_allclose(predicted, rows.outputs[0])  # before the masks


def test_dropout_is_seeded_and_prediction_is_deterministic():
    X, y = iris()
    params = dict(hidden_layer_sizes=(16, 8), dropout=0.3, max_iter=20)
    first = NumpyMLPClassifier(random_state=0, **params).fit(X, y)
    again = NumpyMLPClassifier(random_state=0, **params).fit(X, y)
    other = NumpyMLPClassifier(random_state=1, **params).fit(X, y)
    no_dropout = NumpyMLPClassifier(random_state=0, **{**params, "dropout": 0.0})
    no_dropout.fit(X, y)
    for a, b in zip(weights_of(first), weights_of(again)):
        np.testing.assert_array_equal(a, b)
    assert not np.allclose(first.coefs_[0], other.coefs_[0])
    assert not np.allclose(first.coefs_[0], no_dropout.coefs_[0])
    # Prediction applies no mask: it is the plain forward pass of the weights
    # (a mask would move the probabilities by far more than rounding).
    np.testing.assert_allclose(
        first.predict_proba(X), predict_proba_by_hand(first, X), rtol=1e-10, atol=1e-14
    )


def test_zero_dropout_per_layer_is_no_dropout_and_sklearns_trajectory():
    X, y = iris()
    params = dict(hidden_layer_sizes=(8, 6), solver="sgd", max_iter=10, random_state=0)
    theirs = MLPClassifier(**params).fit(X, y)
    scalar = NumpyMLPClassifier(dropout=0.0, **params).fit(X, y)
    per_layer = NumpyMLPClassifier(dropout=[0.0, 0.0], **params).fit(X, y)
    for a, b in zip(weights_of(scalar), weights_of(per_layer)):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(scalar.loss_curve_, theirs.loss_curve_, rtol=1e-10)


class EveryPattern:
    """Stands for the generator of a mask's random bits: every 16-bit
    pattern once, in order (one mask of 2**16 units sees each)."""

    def random_raw(self, size):
        return np.arange(4 * size, dtype=np.uint16).view(np.uint64)


@pytest.mark.parametrize("rate", [0.1, 0.25, 0.3, 0.5, 0.9])
def test_a_dropout_mask_averages_to_one_over_every_draw(rate):
    # The expectation over the random bits, computed exactly rather than
    # sampled: whatever the seed, a unit's expected mask is 1.
    dropout = Dropout([rate], np.random.RandomState(0))
    dropout._bits = EveryPattern()
    mask = np.empty((256, 256))
    dropout.inplace_draw(0, mask)
    rate_in_effect = np.count_nonzero(mask == 0) / 2**16
    assert abs(rate_in_effect - rate) <= 2**-17
    assert np.unique(mask).tolist() == [0.0, dropout.scales[0]]
    assert mask.mean() == pytest.approx(1.0, rel=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_dropout_trains_on_masks_and_predicts_without_them(seed):
    X, y = iris()
    params = dict(
        hidden_layer_sizes=(16,),
        alpha=0.0,
        learning_rate_init=0.01,
        max_iter=30,
        random_state=seed,
    )
    plain = NumpyMLPClassifier(dropout=0.0, **params).fit(X, y)
    dropped = NumpyMLPClassifier(dropout=0.5, **params).fit(X, y)
    assert not np.allclose(plain.coefs_[0], dropped.coefs_[0])
    np.testing.assert_allclose(
        dropped.predict_proba(X),
        predict_proba_by_hand(dropped, X),
        rtol=1e-10,
        atol=1e-14,
    )

    # loss_curve_ is the loss training saw. With one hidden layer the logits
    # are linear in the masked activations, whose expectation is the clean
    # one; the loss is convex in the logits, so by Jensen the masked loss is
    # above the clean loss of the same weights. Without dropout the two
    # differ only by the weights' drift within the last epoch. Over seeds
    # 0..9 the masked gap is 10 to 15 times that drift (0.07 to 0.16
    # against 0.005 to 0.015): a factor of 3 leaves a wide margin.
    def gap(model):
        return model.loss_curve_[-1] - log_loss(y, model.predict_proba(X))

    assert gap(dropped) > 3 * abs(gap(plain))


@pytest.mark.parametrize(
    "params, message",
    [
        (dict(solver="lbfgs", dropout=0.2), "dropout=0.2 needs a stochastic solver"),
        (dict(dropout=[0.2]), r"has 1 entries, but the network has 2 hidden"),
        (dict(dropout=[0.2, 1.0]), r"each rate must be a number in \[0, 1\)"),
        (dict(activation=["relu"]), r"has 1 entries, but the network has 2 hidden"),
        (dict(activation=["relu", "swish"]), r"names \['swish'\].*Choose from"),
    ],
)
def test_network_options_are_checked(params, message):
    X, y = iris()
    clf = NumpyMLPClassifier(hidden_layer_sizes=(4, 3), **params)
    with pytest.raises(ValueError, match=message):
        clf.fit(X, y)


# ---- activations ---------------------------------------------------------------


def test_each_activation_computes_its_formula():
    z = np.linspace(-4, 4, 81)
    expected = {
        "identity": z,
        "logistic": 1 / (1 + np.exp(-z)),
        "tanh": np.tanh(z),
        "relu": np.maximum(z, 0),
        "leaky_relu": np.where(z > 0, z, 0.01 * z),
        "elu": np.where(z > 0, z, np.exp(z) - 1),
        "softplus": np.log1p(np.exp(z)),
        "gelu": z * 0.5 * (1 + erf(z / np.sqrt(2))),
        "silu": z / (1 + np.exp(-z)),
        # Klambauer et al. (2017)'s constants, to the digits they publish.
        "selu": 1.0507009873554804934193349852946
        * np.where(z > 0, z, 1.6732632423543772848170429916717 * (np.exp(z) - 1)),
        "mish": z * np.tanh(np.log1p(np.exp(z))),
    }
    assert set(expected) == set(ACTIVATIONS)
    for name, values in expected.items():
        out = z.copy()
        make_activation(name).inplace_forward(out)
        np.testing.assert_allclose(out, values, rtol=1e-12, atol=1e-15)
        # output_bound bounds |f| over [-b, b].
        bound = make_activation(name).output_bound(np.array([4.0]))[0]
        assert np.abs(values).max() <= bound * (1 + 1e-12)


@pytest.mark.parametrize("name", ["selu", "mish"])
def test_the_allocation_free_forms_hold_in_float32_far_out(name):
    # One exp each, in the caller's buffers: finite and accurate in float32
    # where an exp of z alone overflows, and the same with or without buffers.
    z = np.concatenate([np.linspace(-100, 100, 201), np.linspace(-3, 3, 61)])
    z32 = z.astype(np.float32)
    with np.errstate(over="ignore"):
        reference = {
            "selu": 1.0507009873554805
            * np.where(z > 0, z, 1.6732632423543772 * np.expm1(np.minimum(z, 0))),
            "mish": z * np.tanh(np.logaddexp(0, z)),
        }[name]
        slope = {
            # At the kink, the midpoint of the two sides (the losses' rule).
            "selu": np.select(
                [z > 0, z < 0],
                [1.0507009873554805, 1.7580993408473766 * np.exp(z)],
                (1.0507009873554805 + 1.7580993408473766) / 2,
            ),
            "mish": np.tanh(np.logaddexp(0, z))
            + z * (1 - np.tanh(np.logaddexp(0, z)) ** 2) / (1 + np.exp(-z)),
        }[name]
    activation = make_activation(name)
    alone, buffered = z32.copy(), z32.copy()
    activation.inplace_forward(alone)
    activation.inplace_forward(buffered, (np.empty_like(z32), np.empty_like(z32)))
    np.testing.assert_array_equal(alone, buffered)
    np.testing.assert_allclose(alone, reference, rtol=2e-6, atol=1e-6)
    value = z32.copy() if activation.derivative_from == "input" else alone
    delta = np.ones_like(z32)
    activation.inplace_derivative(value, delta, np.empty_like(z32))
    np.testing.assert_allclose(delta, slope, rtol=2e-5, atol=1e-6)


@pytest.mark.parametrize("activation", sorted(set(ACTIVATIONS) - {"identity"}))
def test_every_activation_learns_xor(activation):
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]).repeat(20, axis=0)
    y = np.array([0, 1, 1, 0]).repeat(20)
    clf = NumpyMLPClassifier(
        hidden_layer_sizes=(8,), activation=activation, solver="lbfgs", random_state=0
    ).fit(X, y)
    assert clf.score(X, y) == 1.0


def test_one_activation_per_layer():
    X, y = iris()
    params = dict(hidden_layer_sizes=(8, 6), max_iter=10, random_state=0)
    same = NumpyMLPClassifier(activation=["tanh", "tanh"], **params).fit(X, y)
    single = NumpyMLPClassifier(activation="tanh", **params).fit(X, y)
    for a, b in zip(weights_of(same), weights_of(single)):
        np.testing.assert_array_equal(a, b)
    mixed = NumpyMLPClassifier(activation=("elu", "logistic"), **params).fit(X, y)
    elu_output, logistic_output, _ = mixed.layer_activations(X)
    assert elu_output.min() < 0 and elu_output.min() >= -1
    assert logistic_output.min() > 0 and logistic_output.max() < 1


def test_export_refuses_what_sklearn_cannot_express():
    X, y = iris()
    params = dict(hidden_layer_sizes=(4, 3), max_iter=5, random_state=0)
    per_layer = NumpyMLPClassifier(activation=["relu", "tanh"], **params).fit(X, y)
    with pytest.raises(ValueError, match="own activation"):
        per_layer.to_sklearn()
    new = NumpyMLPRegressor(activation="gelu", **params).fit(X, y)
    # No scikit-learn version has gelu: the message says so, not "upgrade".
    with pytest.raises(ValueError, match="activation='gelu' has no counterpart") as e:
        new.to_sklearn()
    assert "in any version" in str(e.value) and "upgrade" not in str(e.value)
    # Dropout is off at prediction: the export predicts the same.
    dropped = NumpyMLPClassifier(activation=["relu", "relu"], dropout=0.3, **params)
    dropped.fit(X, y)
    np.testing.assert_allclose(
        dropped.to_sklearn().predict_proba(X), dropped.predict_proba(X)
    )
    assert set(SKLEARN_ACTIVATIONS) < set(ACTIVATIONS)


# ---- hidden representations -------------------------------------------------------


@pytest.mark.parametrize("Estimator", [NumpyMLPClassifier, NumpyMLPRegressor])
def test_transform_is_the_last_hidden_layer(Estimator):
    X, y = iris()
    X = X.astype(np.float32)
    model = Estimator(
        hidden_layer_sizes=(7, 5), activation="tanh", max_iter=10, random_state=0
    ).fit(X, y)
    first = np.tanh(X @ model.coefs_[0] + model.intercepts_[0])
    second = np.tanh(first @ model.coefs_[1] + model.intercepts_[1])
    features = model.transform(X)
    assert features.shape == (150, 5) and features.dtype == np.float32
    np.testing.assert_allclose(features, second, rtol=1e-5, atol=1e-6)
    layers = model.layer_activations(X)
    assert [a.shape[1] for a in layers] == [7, 5, model.n_outputs_]
    np.testing.assert_array_equal(layers[1], features)
    predictions = layers[-1] if Estimator is NumpyMLPRegressor else None
    if predictions is not None:
        np.testing.assert_allclose(predictions.ravel(), model.predict(X), rtol=1e-6)
    else:
        np.testing.assert_allclose(layers[-1], model.predict_proba(X), rtol=1e-6)
    names = model.get_feature_names_out()
    prefix = Estimator.__name__.lower()
    assert list(names) == [f"{prefix}{i}" for i in range(5)]


def test_hidden_features_feed_a_linear_model_in_a_pipeline():
    pd = pytest.importorskip("pandas")
    X, y = load_digits(return_X_y=True)
    pipe = make_pipeline(
        StandardScaler(),
        NumpyMLPClassifier(hidden_layer_sizes=(32,), max_iter=30, random_state=0),
        LogisticRegression(max_iter=500),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        pipe.fit(X[:1200], y[:1200])
    assert pipe.score(X[1200:], y[1200:]) > 0.9
    mlp = pipe[1]
    frame = mlp.set_output(transform="pandas").transform(pipe[0].transform(X[:5]))
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == list(mlp.get_feature_names_out())
    assert mlp.fit_transform(X[:100], y[:100]).shape == (100, 32)


def test_transform_needs_a_hidden_layer():
    X, y = iris()
    clf = NumpyMLPClassifier(hidden_layer_sizes=(), max_iter=5).fit(X, y)
    with pytest.raises(ValueError, match="no hidden layer"):
        clf.transform(X)
    assert isinstance(clf._network(), Network)
