"""Optimizer steps and the proximal step against their closed forms."""

import numpy as np
import pytest

from sklearn_mlp_np._optimizers import SGD, Adam
from sklearn_mlp_np._penalties import Penalty

G = np.array([0.5, -2.0, 1e-3, 0.0])
P0 = np.array([1.0, -1.0, 0.25, 0.5])


def sgd(momentum, nesterov, lr=0.1):
    params = P0.copy()
    return params, SGD(params, lr, "constant", momentum, nesterov, 0.5)


def step(optimizer, params, grad):
    # SGD takes lr * gradient (folded into the backward pass); Adam the gradient.
    optimizer.step(params, optimizer.gradient_scale * grad)


def test_sgd_without_momentum():
    params, opt = sgd(0.0, False)
    step(opt, params, G)
    np.testing.assert_allclose(params, P0 - 0.1 * G)


def test_sgd_momentum_two_steps():
    params, opt = sgd(0.9, False)
    step(opt, params, G)
    step(opt, params, G)
    # v1 = -lr g, v2 = m v1 - lr g; p2 = p0 + v1 + v2
    np.testing.assert_allclose(params, P0 - 0.1 * G - (0.9 * 0.1 + 0.1) * G)


def test_sgd_nesterov_two_steps():
    params, opt = sgd(0.9, True)
    step(opt, params, G)
    # v1 = -lr g; p1 = p0 + m v1 - lr g
    np.testing.assert_allclose(params, P0 - (0.9 + 1) * 0.1 * G)
    step(opt, params, -G)
    # v2 = m v1 + lr g; p2 = p1 + m v2 + lr g
    v2 = 0.9 * -0.1 * G + 0.1 * G
    np.testing.assert_allclose(params, P0 - 1.9 * 0.1 * G + 0.9 * v2 + 0.1 * G)


def test_invscaling_and_adaptive_schedules():
    _, opt = sgd(0.0, False, lr=0.5)
    opt.schedule = "invscaling"
    opt.end_epoch(n_samples_seen=99)
    assert opt.learning_rate == pytest.approx(0.5 / 100**0.5)
    _, opt = sgd(0.0, False, lr=1e-5)
    opt.schedule = "adaptive"
    assert opt.reduce_learning_rate() and opt.learning_rate == pytest.approx(2e-6)
    assert opt.reduce_learning_rate() and not opt.reduce_learning_rate()


def test_adam_first_step_and_its_l1_step_size():
    params = P0.copy()
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    opt = Adam(params, lr, b1, b2, eps)
    step(opt, params, G)
    # m = (1 - b1) g, v = (1 - b2) g², lr_t = lr sqrt(1 - b2) / (1 - b1)
    denominator = np.sqrt(1 - b2) * np.abs(G) + eps
    np.testing.assert_allclose(params, P0 - lr * np.sqrt(1 - b2) * G / denominator)
    np.testing.assert_allclose(
        opt.proximal_step_size(3), (lr * np.sqrt(1 - b2) / denominator)[:3]
    )


def test_soft_threshold_gives_exact_zeros():
    W = np.array([-1.0, -0.2, 0.0, 0.05, 0.3])
    Penalty(0.5, 1.0).inplace_proximal_step(W, 0.5, np.empty_like(W))
    # threshold = step * alpha * l1_ratio = 0.25
    np.testing.assert_allclose(W, [-0.75, 0.0, 0.0, 0.0, 0.05])
    assert np.all(W[1:4] == 0.0)  # exactly zero (-0.0 == 0.0)


def test_soft_threshold_per_coordinate():
    W = np.array([0.3, -0.3, 0.3])
    Penalty(1.0, 1.0).inplace_proximal_step(
        W, np.array([0.1, 0.2, 0.5]), np.empty_like(W)
    )
    np.testing.assert_allclose(W, [0.2, -0.1, 0.0])


def test_sgd_proximal_step_size_is_the_learning_rate():
    _, opt = sgd(0.9, True, lr=0.5)
    assert opt.proximal_step_size(2) == 0.5


def test_group_proximal_step_zeroes_whole_rows():
    # W1 is 3 x 2, then 2 more weights the group penalty does not touch.
    weights = np.array([3.0, 4.0, 0.3, -0.4, 0.0, 0.0, 7.0, -7.0])
    penalty = Penalty(0.0, 0.0, alpha_features=2.0, first_layer_shape=(3, 2))
    penalty.inplace_proximal_step(weights, 0.5, np.empty_like(weights))
    # threshold 0.5 * 2 = 1: the row of norm 5 shrinks to norm 4, the row of
    # norm 0.5 and the zero row become exactly 0.
    np.testing.assert_allclose(weights, [2.4, 3.2, 0, 0, 0, 0, 7, -7])
    assert np.all(weights[2:6] == 0)


def test_l1_then_group_step_is_the_sparse_group_lasso_prox():
    rng = np.random.RandomState(0)
    weights = rng.normal(size=12)
    penalty = Penalty(1.0, 0.5, alpha_features=1.5, first_layer_shape=(4, 3))
    step = 0.3
    expected = weights.copy()
    # Closed form: soft-threshold each weight by step * l1, then scale each
    # row r of W1 by max(0, 1 - step * group / ||r||).
    expected = np.sign(expected) * np.maximum(np.abs(expected) - step * 0.5, 0)
    rows = expected.reshape(4, 3)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    rows *= np.maximum(0, 1 - step * 1.5 / norms)
    penalty.inplace_proximal_step(weights, step, np.empty_like(weights))
    np.testing.assert_allclose(weights, expected, rtol=1e-12)
    assert (np.abs(expected) < 1e-300).sum() > 0  # some rows or weights are 0


def test_group_step_with_a_per_coordinate_step_uses_each_rows_harmonic_mean():
    weights = np.array([3.0, 4.0, 0.6, 0.8, 3.0, 4.0])
    # Harmonic means 0.15, 1.5 and 0.2: a unit without gradient (a huge step)
    # does not make its row's step huge.
    steps = np.array([0.1, 0.3, 1.0, 3.0, 0.1, 1e8])
    penalty = Penalty(0.0, 0.0, alpha_features=1.0, first_layer_shape=(3, 2))
    penalty.inplace_proximal_step(weights, steps, np.empty_like(weights))
    np.testing.assert_allclose(
        weights, [3.0 * 0.97, 4.0 * 0.97, 0.0, 0.0, 3.0 * 0.96, 4.0 * 0.96]
    )
