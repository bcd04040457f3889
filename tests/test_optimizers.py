"""Optimizer steps and the proximal step against their closed forms."""

import numpy as np
import pytest

from sklearn_mlp_np import _optimizers
from sklearn_mlp_np._optimizers import SGD, Adam, Update
from sklearn_mlp_np._penalties import Penalty
from sklearn_mlp_np._plan import OptimizerSettings

G = np.array([0.5, -2.0, 1e-3, 0.0])
P0 = np.array([1.0, -1.0, 0.25, 0.5])
NO_PENALTY = Penalty(0.0, 0.0)


def bound_update(settings, params, n_weights=3, penalty=NO_PENALTY):
    """An optimizer for ``params`` and its update, with the gradient it reads."""
    optimizer = (
        SGD(settings, params) if settings.solver == "sgd" else Adam(settings, params)
    )
    grad = np.zeros_like(params)
    return (
        optimizer,
        Update(optimizer, params, grad, n_weights, penalty, settings),
        grad,
    )


def take_step(optimizer, update, grad, gradient, rate, weight_sum=1.0):
    # SGD reads rate * gradient (folded into the backward pass); Adam the gradient.
    grad[...] = rate * gradient if optimizer.gradient_is_scaled else gradient
    update(rate, weight_sum)


def sgd(momentum, nesterov, lr=0.1, **options):
    params = P0.copy()
    settings = OptimizerSettings(
        "sgd", lr, momentum=momentum, nesterov=nesterov, **options
    )
    return params, *bound_update(settings, params)


def test_sgd_without_momentum():
    params, opt, update, grad = sgd(0.0, False)
    take_step(opt, update, grad, G, 0.1)
    np.testing.assert_allclose(params, P0 - 0.1 * G)


def test_sgd_momentum_two_steps():
    params, opt, update, grad = sgd(0.9, False)
    take_step(opt, update, grad, G, 0.1)
    take_step(opt, update, grad, G, 0.1)
    # v1 = -lr g, v2 = m v1 - lr g; p2 = p0 + v1 + v2
    np.testing.assert_allclose(params, P0 - 0.1 * G - (0.9 * 0.1 + 0.1) * G)


def test_sgd_nesterov_two_steps():
    params, opt, update, grad = sgd(0.9, True)
    take_step(opt, update, grad, G, 0.1)
    # v1 = -lr g; p1 = p0 + m v1 - lr g
    np.testing.assert_allclose(params, P0 - (0.9 + 1) * 0.1 * G)
    take_step(opt, update, grad, -G, 0.1)
    # v2 = m v1 + lr g; p2 = p1 + m v2 + lr g
    v2 = 0.9 * -0.1 * G + 0.1 * G
    np.testing.assert_allclose(params, P0 - 1.9 * 0.1 * G + 0.9 * v2 + 0.1 * G)


def test_sgd_adds_the_l2_gradient_of_the_weights_only():
    params = P0.copy()
    settings = OptimizerSettings("sgd", 0.1, momentum=0.0)
    opt, update, grad = bound_update(settings, params, 3, Penalty(0.5, 0.0))
    take_step(opt, update, grad, G, 0.1, weight_sum=2.0)
    # g + (alpha / weight_sum) w on the 3 weights; the intercept unpenalised.
    l2 = np.array([1, 1, 1, 0]) * 0.5 / 2.0 * P0
    np.testing.assert_allclose(params, P0 - 0.1 * (G + l2))


def test_invscaling_and_adaptive_schedules():
    _, opt, _, _ = sgd(0.0, False, lr=0.5, learning_rate="invscaling")
    opt.end_epoch(n_samples_seen=99)
    assert opt.learning_rate == pytest.approx(0.5 / 100**0.5)
    _, opt, _, _ = sgd(0.0, False, lr=1e-5, learning_rate="adaptive")
    assert opt.reduce_learning_rate() and opt.learning_rate == pytest.approx(2e-6)
    assert opt.reduce_learning_rate() and not opt.reduce_learning_rate()


def adam(lr=0.01, n_weights=3, penalty=NO_PENALTY, **options):
    params = P0.copy()
    settings = OptimizerSettings("adam", lr, **options)
    return params, *bound_update(settings, params, n_weights, penalty)


def test_adam_first_step_and_its_l1_step_size():
    params, opt, update, grad = adam()
    lr, b2, eps = 0.01, 0.999, 1e-8
    take_step(opt, update, grad, G, lr)
    # m = (1 - b1) g, v = (1 - b2) g², lr_t = lr sqrt(1 - b2) / (1 - b1)
    denominator = np.sqrt(1 - b2) * np.abs(G) + eps
    np.testing.assert_allclose(params, P0 - lr * np.sqrt(1 - b2) * G / denominator)
    np.testing.assert_allclose(
        opt.proximal_step_size(lr, 3), (lr * np.sqrt(1 - b2) / denominator)[:3]
    )


def test_adam_l1_step_soft_thresholds_with_the_scheduled_rate():
    # The same step at rate 0.01 with and without L1: the L1 step is the
    # soft-threshold by rate * l1 * sqrt(1 - b2) / (sqrt(v) + eps), in Adam's
    # metric, at the rate of the step (not learning_rate_init).
    plain, opt, update, grad = adam(lr=1.0)
    take_step(opt, update, grad, G, 0.01)
    params, opt, update, grad = adam(lr=1.0, penalty=Penalty(0.3, 1.0))
    take_step(opt, update, grad, G, 0.01, weight_sum=2.0)
    step = 0.01 * np.sqrt(1 - 0.999) / (np.sqrt(1 - 0.999) * np.abs(G) + 1e-8)
    threshold = (step * 0.3 / 2.0)[:3]
    expected = np.sign(plain[:3]) * np.maximum(np.abs(plain[:3]) - threshold, 0)
    np.testing.assert_allclose(params[:3], expected, rtol=1e-12)
    assert params[3] == plain[3]  # intercepts are not thresholded


def test_adamw_decays_the_weights_by_the_rate_times_weight_decay():
    plain, opt, update, grad = adam()
    take_step(opt, update, grad, G, 0.01)
    params, opt, update, grad = adam(weight_decay=0.5)
    take_step(opt, update, grad, G, 0.01)
    # p <- p (1 - rate wd) - adam step: the decay is decoupled from the moments.
    decayed = P0 * np.array([1 - 0.01 * 0.5] * 3 + [1.0])
    np.testing.assert_allclose(params, decayed + (plain - P0), rtol=1e-13)
    np.testing.assert_array_equal(opt.first_moment, G)


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_a_zero_rate_step_leaves_the_weights_unchanged(solver):
    # L1, group and L2 penalties and (for adam) weight decay: each would move
    # the weights if it used learning_rate_init instead of the step's rate.
    penalty = Penalty(2.0, 0.5, alpha_features=3.0, first_layer_shape=(2, 1))
    options = dict(weight_decay=0.1) if solver == "adam" else dict(momentum=0.0)
    params = P0.copy()
    settings = OptimizerSettings(solver, 0.5, **options)
    opt, update, grad = bound_update(settings, params, 3, penalty)
    take_step(opt, update, grad, G, 0.05)
    moved = params.copy()
    assert not np.array_equal(moved, P0)
    take_step(opt, update, grad, -G, 0.0)
    np.testing.assert_array_equal(params, moved)


def test_a_zero_rate_first_step_with_momentum_leaves_the_weights_unchanged():
    penalty = Penalty(2.0, 0.5, alpha_features=3.0, first_layer_shape=(2, 1))
    params = P0.copy()
    settings = OptimizerSettings("sgd", 0.5, momentum=0.9)
    opt, update, grad = bound_update(settings, params, 3, penalty)
    take_step(opt, update, grad, G, 0.0)
    np.testing.assert_array_equal(params, P0)


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_clipping_scales_the_true_gradient_to_max_grad_norm(solver):
    # The L2 gradient is part of the clipped gradient; SGD's arrives scaled.
    penalty = Penalty(0.4, 0.0)
    true_gradient = G + np.array([1, 1, 1, 0]) * 0.4 * P0
    norm = np.linalg.norm(true_gradient)
    clipped = true_gradient * 0.5 / norm
    for max_grad_norm, expected in [(0.5, clipped), (10 * norm, true_gradient)]:
        params = P0.copy()
        settings = OptimizerSettings(
            solver, 0.1, momentum=0.0, max_grad_norm=max_grad_norm
        )
        opt, update, grad = bound_update(settings, params, 3, penalty)
        take_step(opt, update, grad, G, 0.1)
        if solver == "sgd":
            np.testing.assert_allclose((P0 - params) / 0.1, expected, rtol=1e-12)
        else:  # the first moment (unnormalised) is the gradient it was given
            np.testing.assert_allclose(opt.first_moment, expected, rtol=1e-12)


@pytest.mark.parametrize("solver", ["sgd", "adam"])
@pytest.mark.parametrize("clip", [None, 1e-3])
def test_the_blocked_update_is_the_whole_vector_update_to_the_bit(
    solver, clip, monkeypatch
):
    # 5 blocks of 1000, the weights ending inside the third: every pass is
    # elementwise, so blocks change the order of the work, not its results.
    rng = np.random.RandomState(0)
    size, n_weights = 4600, 2345
    penalty = Penalty(0.3, 0.5, alpha_features=0.2, first_layer_shape=(35, 40))
    options = dict(weight_decay=0.05) if solver == "adam" else dict(momentum=0.9)
    settings = OptimizerSettings(solver, 0.1, max_grad_norm=clip, **options)
    start, results = rng.normal(size=size), []
    for block_size in (size, 1000):
        monkeypatch.setattr(_optimizers, "BLOCK_SIZE", block_size)
        params = start.copy()
        opt, update, grad = bound_update(settings, params, n_weights, penalty)
        assert len(update.blocks) == (1 if block_size == size else 5)
        for k in range(3):
            take_step(opt, update, grad, np.sin(np.arange(size) + k), 0.1, 7.0)
        results.append(params)
    np.testing.assert_array_equal(results[0], results[1])
    assert (results[1][:n_weights] == 0).any()  # the L1 step acted


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


def test_sgd_proximal_step_size_is_the_steps_rate():
    _, opt, _, _ = sgd(0.9, True, lr=0.5)
    assert opt.proximal_step_size(0.25, 2) == 0.25


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


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_the_update_does_not_depend_on_the_blas_threads(solver):
    # Every pass is a NumPy ufunc or reduction: no BLAS call whose rounding
    # would follow its thread count (the clipping norm and the L2 gradient
    # included).
    threadpoolctl = pytest.importorskip("threadpoolctl")
    rng = np.random.RandomState(1)
    start = rng.normal(size=70_000)
    penalty = Penalty(0.3, 0.5, alpha_features=0.2, first_layer_shape=(100, 600))
    settings = OptimizerSettings(solver, 0.1, max_grad_norm=1e-2)
    results = []
    for threads in (1, 2):
        params = start.copy()
        opt, update, grad = bound_update(settings, params, 65_000, penalty)
        with threadpoolctl.threadpool_limits(threads):
            for k in range(3):
                take_step(opt, update, grad, np.cos(np.arange(70_000) * (k + 1)), 0.1)
        results.append(params)
    np.testing.assert_array_equal(results[0], results[1])
