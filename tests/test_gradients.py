"""Back-propagated gradients against central finite differences, in float64."""

import itertools

import numpy as np
import pytest
import scipy.sparse as sp

from sklearn_mlp_np._activations import ACTIVATIONS, make_activation
from sklearn_mlp_np._losses import LOSSES, make_loss
from sklearn_mlp_np._network import Dropout, Objective, ObjectiveSpec, ParameterLayout
from sklearn_mlp_np._optimizers import Update, make_optimizer
from sklearn_mlp_np._penalties import Penalty
from sklearn_mlp_np._plan import OptimizerSettings

# (alpha, l1_ratio, alpha_features)
PENALTIES = {
    "none": (0.0, 0.0, 0.0),
    "l2": (0.3, 0.0, 0.0),
    "l1": (0.3, 1.0, 0.0),
    "elasticnet": (0.3, 0.4, 0.0),
    "features": (0.0, 0.0, 0.5),
    "all": (0.3, 0.4, 0.5),
}
# Two hidden layers: the deltas go through a hidden derivative twice.
HIDDEN = [4, 3]
N_SAMPLES = 7


# Regression losses with real-valued targets.
REAL_TARGETS = ("squared_error", "absolute_error", "huber", "quantile")


def make_targets(loss_name, rng, n_outputs):
    if loss_name in REAL_TARGETS:
        return rng.normal(size=(N_SAMPLES, n_outputs))
    if loss_name == "poisson":
        return rng.poisson(1.5, size=(N_SAMPLES, n_outputs)).astype(float)
    if loss_name == "log_loss":
        return np.eye(n_outputs)[rng.randint(n_outputs, size=N_SAMPLES)]
    return rng.randint(2, size=(N_SAMPLES, n_outputs)).astype(float)


def make_problem(
    loss_name,
    activations,
    penalty,
    seed,
    n_outputs=3,
    dropout=None,
    input_scaling=False,
    embedding=None,
    **loss_params,
):
    """An objective at random parameters (away from 0, where |w| has no slope).

    ``activations`` holds names, or built activations. The targets have a
    column per output unit (several per target for several quantiles). With
    ``input_scaling`` the network learns a factor per input of its first
    layer. ``embedding`` (EmbeddingSettings) embeds the first columns; the
    others then hold -1, 0 and 1, as categorical encodings do.
    """
    rng = np.random.RandomState(seed)
    output_loss = make_loss(loss_name, **loss_params)
    n_targets = n_outputs // output_loss.outputs_per_target
    layout = ParameterLayout(
        [5, *HIDDEN, n_outputs],
        input_scaling,
        None if embedding is None else embedding.shape,
    )
    X = rng.normal(size=(N_SAMPLES, 5))
    if embedding is not None:
        others = X[:, embedding.shape.n_numeric :]
        others[...] = rng.randint(-1, 2, others.shape)
    Y = output_loss.expand_targets(make_targets(loss_name, rng, n_targets))
    params = rng.normal(scale=0.7, size=layout.size)
    params = np.sign(params) * (np.abs(params) + 0.05)
    sample_weight = rng.uniform(0.2, 2.0, size=N_SAMPLES)
    spec = ObjectiveSpec(
        layout,
        tuple(make_activation(a) if isinstance(a, str) else a for a in activations),
        output_loss,
        Penalty(*PENALTIES[penalty], first_layer_shape=layout.coef_shapes[0]),
        None if embedding is None else embedding.activation(),
    )
    objective = Objective(spec, params, batch_size=N_SAMPLES, dropout=dropout)
    return objective, X, Y, sample_weight


def relative_error(a, b):
    return np.linalg.norm(a - b) / max(np.linalg.norm(a), np.linalg.norm(b))


def assert_away_from_the_kinks(objective, X, Y):
    """No residual is within reach of the finite differences of a kink."""
    predictions = np.empty_like(Y)
    objective.data_loss(X, Y, predictions=predictions)
    assert np.min(np.abs(predictions - Y)) > 1e-3


def assert_gradient_matches_finite_differences(objective, X, Y, sample_weight):
    if not objective.output_loss.smooth:
        assert_away_from_the_kinks(objective, X, Y)
    weight_sum = N_SAMPLES if sample_weight is None else sample_weight.sum()
    objective.loss_and_gradient(X, Y, sample_weight)
    analytic = objective.grad.copy()
    # The objective leaves the L1 part to the solvers; its subgradient is
    # exact away from 0.
    objective.penalty.inplace_add_subgradient(
        objective.weights, analytic[: objective.layout.n_weights], 1 / weight_sum
    )
    numeric = numeric_gradient(objective, X, Y, sample_weight)
    assert relative_error(analytic, numeric) <= 1e-6


@pytest.mark.parametrize("input_scaling", [False, True], ids=["", "scaled"])
@pytest.mark.parametrize(
    "activation, loss_name, penalty, weighted",
    list(itertools.product(ACTIVATIONS, LOSSES, PENALTIES, [False, True])),
)
def test_gradient_matches_finite_differences(
    activation, loss_name, penalty, weighted, input_scaling
):
    objective, X, Y, sample_weight = make_problem(
        loss_name,
        [activation] * len(HIDDEN),
        penalty,
        seed=0,
        input_scaling=input_scaling,
    )
    assert_gradient_matches_finite_differences(
        objective, X, Y, sample_weight if weighted else None
    )


def test_input_scaling_is_a_diagonal_layer_before_the_first():
    """The scaled network's loss is the plain network's on X * s, and the
    factors' gradient is not zero (it is checked above)."""
    scaled, X, Y, sample_weight = make_problem(
        "squared_error", ["tanh", "tanh"], "l2", seed=1, input_scaling=True
    )
    plain, *_ = make_problem("squared_error", ["tanh", "tanh"], "l2", seed=1)
    n = scaled.layout.size - scaled.layout.n_scales
    plain.params[...] = scaled.params[:n]
    factors = scaled.input_scale
    assert factors.shape == (X.shape[1],) and np.all(factors != 1)
    loss = scaled.loss_and_gradient(X, Y, sample_weight)
    expected = plain.loss_and_gradient(X * factors, Y, sample_weight)
    np.testing.assert_allclose(loss, expected, rtol=1e-12)
    assert np.all(scaled.input_scale_grad != 0)


@pytest.mark.parametrize(
    "activations", [("relu", "tanh"), ("gelu", "logistic"), ("softplus", "silu")]
)
def test_gradient_with_one_activation_per_layer(activations):
    objective, X, Y, sample_weight = make_problem(
        "log_loss", activations, "elasticnet", seed=3
    )
    assert_gradient_matches_finite_differences(objective, X, Y, sample_weight)


@pytest.mark.parametrize("slope", [0.0, 0.2, 0.9])
def test_gradient_of_a_leaky_relu_built_with_its_slope(slope):
    leaky = make_activation("leaky_relu", negative_slope=slope)
    objective, X, Y, sample_weight = make_problem(
        "squared_error", [leaky, leaky], "l2", seed=6
    )
    assert_gradient_matches_finite_differences(objective, X, Y, sample_weight)
    Z = np.array([-2.0, 3.0])
    leaky.inplace_forward(Z)
    np.testing.assert_array_equal(Z, [-2.0 * slope, 3.0])


@pytest.mark.parametrize("penalty", ["none", "all"])
@pytest.mark.parametrize(
    "loss_name, loss_params",
    [
        ("huber", {"delta": 0.3}),
        ("huber", {"delta": np.array([0.2, 0.5, 2.0])}),  # one per output
        ("quantile", {"quantile": 0.1}),
        ("quantile", {"quantile": [0.05, 0.5, 0.9]}),
    ],
)
def test_gradient_of_the_robust_losses_with_their_parameters(
    loss_name, loss_params, penalty
):
    objective, X, Y, sample_weight = make_problem(
        loss_name, ["tanh", "softplus"], penalty, seed=8, **loss_params
    )
    if loss_name == "huber":
        # Both of Huber's regimes are exercised: quadratic and linear.
        predictions = np.empty_like(Y)
        objective.data_loss(X, Y, predictions=predictions)
        beyond = np.abs(predictions - Y) > np.asarray(loss_params["delta"])
        assert beyond.any() and not beyond.all()
    assert_gradient_matches_finite_differences(objective, X, Y, sample_weight)


@pytest.mark.parametrize("loss_name", ["log_loss", "binary_log_loss"])
def test_gradient_with_smoothed_targets(loss_name):
    # label_smoothing trains on targets strictly between 0 and 1 (rows summing
    # to 1 under softmax): the cross-entropies and their deltas still hold.
    objective, X, Y, sample_weight = make_problem(loss_name, ["tanh"] * 2, "l2", 9)
    n_classes = Y.shape[1] if loss_name == "log_loss" else 2
    smoothed = 0.8 * Y + 0.2 / n_classes
    assert ((smoothed > 0) & (smoothed < 1)).all()
    assert_gradient_matches_finite_differences(objective, X, smoothed, sample_weight)


class FixedMasks(Dropout):
    """Dropout whose masks are drawn once per layer, then repeated every pass."""

    def __init__(self, rates, seed):
        super().__init__(rates, np.random.RandomState(seed))
        self.fixed = {}

    def inplace_draw(self, i, mask):
        if i not in self.fixed:
            super().inplace_draw(i, mask)
            self.fixed[i] = mask.copy()
        mask[...] = self.fixed[i]


@pytest.mark.parametrize("activation", ["logistic", "relu", "gelu"])
def test_gradient_with_dropout_and_its_masks_held_fixed(activation):
    dropout = FixedMasks([0.3, 0.5], seed=0)
    objective, X, Y, sample_weight = make_problem(
        "log_loss", [activation] * 2, "l2", seed=5, dropout=dropout
    )
    assert_gradient_matches_finite_differences(objective, X, Y, sample_weight)
    masks = objective.workspace.rows(N_SAMPLES).masks
    # Zeroed, or scaled up by 1 / (1 - rate) for the rate in effect.
    assert {0.0, dropout.scales[0]} == set(np.unique(masks[0]))
    assert dropout.scales[0] == pytest.approx(1 / 0.7, rel=1e-4)


@pytest.mark.parametrize("scratch_size", [7, 25, 100])
def test_l2_gradient_through_a_small_buffer_is_the_whole_product(scratch_size):
    # Blocks of the buffer's size, the last one shorter: the same sum as one
    # pass over all the weights, to the bit.
    rng = np.random.RandomState(0)
    weights, grads = rng.randn(100), rng.randn(100)
    expected = grads + (0.3 * (0.5 * 0.4)) * weights
    Penalty(0.5, 0.6).inplace_add_smooth_gradient(
        weights, grads, 0.3, np.empty(scratch_size)
    )
    np.testing.assert_array_equal(grads, expected)


def test_loss_value_holds_the_whole_penalty():
    objective, X, Y, _ = make_problem("squared_error", ["tanh"] * 2, "all", seed=2)
    with_penalty = objective.loss_and_gradient(X, Y)
    objective.penalty = Penalty(0.0, 0.0)
    without = objective.loss_and_gradient(X, Y)
    W1 = objective.network.coefs[0]
    expected = (
        0.3 * 0.4 * np.abs(objective.weights).sum()
        + 0.3 * 0.6 / 2 * (objective.weights**2).sum()
        + 0.5 * np.sqrt((W1**2).sum(axis=1)).sum()
    ) / N_SAMPLES
    assert with_penalty - without == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("loss_name", list(LOSSES))
def test_sparse_input_gives_the_dense_loss_and_gradient(loss_name):
    results = []
    for to_sparse in (False, True):
        objective, X, Y, sample_weight = make_problem(
            loss_name, ["relu"] * 2, "elasticnet", seed=1
        )
        X[X < 0.3] = 0.0
        data = sp.csr_matrix(X) if to_sparse else X
        loss = objective.loss_and_gradient(data, Y, sample_weight)
        results.append((loss, objective.grad.copy()))
    assert results[0][0] == pytest.approx(results[1][0], rel=1e-12)
    np.testing.assert_allclose(results[0][1], results[1][1], rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("loss_name", list(LOSSES))
def test_data_loss_is_the_unpenalised_weighted_mean(loss_name):
    objective, X, Y, sample_weight = make_problem(
        loss_name, ["tanh"] * 2, "none", seed=4
    )
    full = objective.loss_and_gradient(X, Y, sample_weight)
    objective.batch_size = 3  # the data loss runs over batches of 3 rows
    assert objective.data_loss(X, Y, sample_weight) == pytest.approx(full, rel=1e-12)


def numeric_gradient(objective, X, Y, sample_weight, h=1e-6):
    params = objective.params
    numeric = np.empty_like(params)
    for i in range(params.size):
        original = params[i]
        params[i] = original + h
        up = objective.loss_and_gradient(X, Y, sample_weight)
        params[i] = original - h
        down = objective.loss_and_gradient(X, Y, sample_weight)
        params[i] = original
        numeric[i] = (up - down) / (2 * h)
    return numeric


@pytest.mark.parametrize("max_grad_norm", [None, 0.05])
@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_the_stochastic_step_uses_the_finite_difference_gradient_clipped(
    solver, max_grad_norm
):
    # The stochastic solvers add the L2 gradient in their blocked update and
    # clip there: one SGD step (no momentum) moves the weights by rate times
    # that gradient; Adam's first moment after a step is that gradient.
    objective, X, Y, sample_weight = make_problem("log_loss", ["tanh"] * 2, "l2", 7)
    expected = numeric_gradient(objective, X, Y, sample_weight)
    norm = np.linalg.norm(expected)
    if max_grad_norm is not None:
        assert norm > 2 * max_grad_norm  # the clipping acts
        expected *= max_grad_norm / norm
    spec = ObjectiveSpec(
        objective.layout,
        tuple(objective.network.activations),
        objective.output_loss,
        objective.penalty,
    )
    params = objective.params.copy()
    stochastic = Objective(spec, params, N_SAMPLES, penalty_in_gradient=False)
    settings = OptimizerSettings(solver, 0.1, momentum=0.0, max_grad_norm=max_grad_norm)
    optimizer = make_optimizer(settings, params)
    update = Update(
        optimizer,
        params,
        stochastic.grad,
        spec.layout.n_weights,
        spec.penalty,
        settings,
    )
    rate, weight_sum = 0.1, sample_weight.sum()
    scale = rate if optimizer.gradient_is_scaled else 1.0
    stochastic.loss_and_gradient(X, Y, sample_weight, scale, weight_sum)
    update(rate, weight_sum)
    if solver == "sgd":
        step = (objective.params - params) / rate
    else:
        step = optimizer.first_moment
    assert relative_error(step, expected) <= 1e-6
