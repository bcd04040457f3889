"""The initialisation schemes: scikit-learn's draw, the formulas, the flags."""

from itertools import pairwise

import numpy as np
import pytest
from sklearn.neural_network import MLPRegressor

from sklearn_mlp_np._initializers import (
    INITIALIZERS,
    initial_weights,
)

SCHEMES = sorted(INITIALIZERS)
LAYER_UNITS = [3, 4, 5, 2]
ACTIVATIONS = ["relu", "tanh", "identity"]
# Variance times fan_in, and whether the weights are uniform.
FAN_IN_SCHEMES = {
    "he_normal": (2.0, False),
    "he_uniform": (2.0, True),
    "lecun_normal": (1.0, False),
    "lecun_uniform": (1.0, True),
}


def assert_bitwise_equal(a, b):
    assert a.dtype == b.dtype
    assert a.shape == b.shape
    assert a.tobytes() == b.tobytes()


def draw(scheme, seed=0, dtype=np.float64, zero_output=False, units=LAYER_UNITS):
    rng = np.random.RandomState(seed)
    coefs, intercepts = initial_weights(
        units, ACTIVATIONS[: len(units) - 1], rng, dtype, scheme, zero_output
    )
    return coefs, intercepts, rng


def test_scheme_names():
    assert SCHEMES == [
        "glorot_uniform",
        "he_normal",
        "he_uniform",
        "lecun_normal",
        "lecun_uniform",
    ]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("activation", ["logistic", "relu"])
def test_glorot_is_scikit_learns_draw(dtype, activation):
    units = [6, 7, 5, 3]
    # scikit-learn's _init_coef reads the activation and _random_state
    # attributes, and uses the one activation for every layer.
    reference = MLPRegressor(activation=activation)
    reference._random_state = np.random.RandomState(42)
    expected = [reference._init_coef(a, b, dtype) for a, b in pairwise(units)]

    rng = np.random.RandomState(42)
    feeds = [activation] * (len(units) - 1)
    coefs, intercepts = initial_weights(units, feeds, rng, dtype)
    assert len(coefs) == len(intercepts) == len(expected)
    for coef, intercept, (coef_sk, intercept_sk) in zip(coefs, intercepts, expected):
        assert_bitwise_equal(coef, coef_sk)
        assert_bitwise_equal(intercept, intercept_sk)
    # Same number of draws consumed.
    assert rng.random_sample() == reference._random_state.random_sample()


def test_glorot_uses_each_layers_activation():
    feeds = ["logistic", "relu", "logistic"]
    coefs, intercepts = initial_weights(
        LAYER_UNITS, feeds, np.random.RandomState(0), np.float64
    )
    reference = MLPRegressor()
    reference._random_state = np.random.RandomState(0)
    for (fan_in, fan_out), feed, coef, intercept in zip(
        pairwise(LAYER_UNITS), feeds, coefs, intercepts
    ):
        reference.activation = feed
        coef_sk, intercept_sk = reference._init_coef(fan_in, fan_out, np.float64)
        assert_bitwise_equal(coef, coef_sk)
        assert_bitwise_equal(intercept, intercept_sk)


@pytest.mark.parametrize("scheme", sorted(FAN_IN_SCHEMES))
def test_fan_in_scheme_moments_and_bounds(scheme):
    gain, uniform = FAN_IN_SCHEMES[scheme]
    fan_in, fan_out = 400, 300
    (coef,), (intercept,), _ = draw(scheme, units=[fan_in, fan_out])
    variance = gain / fan_in
    # The variance depends on fan_in only (2 / fan_out would be 33% off).
    assert coef.var() == pytest.approx(variance, rel=0.03)
    assert abs(coef.mean()) < 0.01 * np.sqrt(variance)
    bound = np.sqrt(3.0 * variance)
    largest = np.abs(coef).max()
    if uniform:
        assert 0.99 * bound < largest <= bound
    else:
        # A plain normal: 120,000 draws pass 2.5 sd, which a normal truncated
        # at 2 sd (Keras) never does.
        assert largest > 2.5 * np.sqrt(variance)
    assert_bitwise_equal(intercept, np.zeros(fan_out))


@pytest.mark.parametrize("scheme", sorted(FAN_IN_SCHEMES))
def test_fan_in_schemes_draw_only_weights_layer_by_layer(scheme):
    gain, uniform = FAN_IN_SCHEMES[scheme]
    coefs, intercepts, rng = draw(scheme, seed=3)
    reference = np.random.RandomState(3)
    for (fan_in, fan_out), coef, intercept in zip(
        pairwise(LAYER_UNITS), coefs, intercepts
    ):
        if uniform:
            bound = np.sqrt(3.0 * gain / fan_in)
            expected = reference.uniform(-bound, bound, (fan_in, fan_out))
        else:
            expected = reference.normal(0.0, np.sqrt(gain / fan_in), (fan_in, fan_out))
        assert_bitwise_equal(coef, expected)
        assert not intercept.any()
    assert rng.random_sample() == reference.random_sample()


@pytest.mark.parametrize("scheme", sorted(FAN_IN_SCHEMES))
def test_fan_in_schemes_ignore_the_activation(scheme):
    rng = np.random.RandomState(0)
    logistic = initial_weights(LAYER_UNITS, ["logistic"] * 3, rng, np.float64, scheme)
    relu, _, _ = draw(scheme)
    for a, b in zip(logistic[0], relu):
        assert_bitwise_equal(a, b)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("scheme", SCHEMES)
def test_shapes_and_dtype(scheme, dtype):
    coefs, intercepts, _ = draw(scheme, dtype=dtype)
    assert [c.shape for c in coefs] == [(3, 4), (4, 5), (5, 2)]
    assert [i.shape for i in intercepts] == [(4,), (5,), (2,)]
    assert all(a.dtype == dtype for a in coefs + intercepts)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_zero_output(scheme):
    coefs, intercepts, rng = draw(scheme, seed=5, zero_output=True)
    plain_coefs, plain_intercepts, plain_rng = draw(scheme, seed=5)
    assert_bitwise_equal(coefs[-1], np.zeros((5, 2)))
    assert_bitwise_equal(intercepts[-1], np.zeros(2))
    # The flag changes something: the plain output weights are not zero.
    assert plain_coefs[-1].any()
    for a, b in zip(coefs[:-1] + intercepts[:-1], plain_coefs[:-1] + plain_intercepts):
        assert_bitwise_equal(a, b)
    assert rng.random_sample() == plain_rng.random_sample()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_same_seed_same_weights(scheme):
    first_coefs, first_intercepts, _ = draw(scheme, seed=7)
    second_coefs, second_intercepts, _ = draw(scheme, seed=7)
    other_coefs, _, _ = draw(scheme, seed=8)
    for a, b in zip(first_coefs + first_intercepts, second_coefs + second_intercepts):
        assert_bitwise_equal(a, b)
    assert not np.array_equal(first_coefs[0], other_coefs[0])


@pytest.mark.parametrize("scheme", SCHEMES)
def test_float32_is_float64_cast(scheme):
    coefs32, intercepts32, _ = draw(scheme, seed=1, dtype=np.float32)
    coefs64, intercepts64, _ = draw(scheme, seed=1, dtype=np.float64)
    for a, b in zip(coefs32 + intercepts32, coefs64 + intercepts64):
        assert_bitwise_equal(a, b.astype(np.float32))


def test_unknown_scheme():
    with pytest.raises(KeyError):
        draw("xavier_normal")
