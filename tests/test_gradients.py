"""Back-propagated gradients against central finite differences, in float64."""

import itertools
from itertools import pairwise

import numpy as np
import pytest
import scipy.sparse as sp

from sklearn_mlp_np._activations import ACTIVATIONS
from sklearn_mlp_np._losses import LOSSES
from sklearn_mlp_np._network import Workspace, loss_and_gradient

PENALTIES = {
    "none": (0.0, 0.0),
    "l2": (0.3, 0.0),
    "l1": (0.3, 1.0),
    "elasticnet": (0.3, 0.4),
}
LAYER_UNITS = [
    5,
    4,
    3,
]  # two hidden layers: the deltas go through a hidden derivative twice
N_SAMPLES = 7


def make_targets(loss_name, rng, n_outputs):
    if loss_name == "squared_error":
        return rng.normal(size=(N_SAMPLES, n_outputs))
    if loss_name == "poisson":
        return rng.poisson(1.5, size=(N_SAMPLES, n_outputs)).astype(float)
    if loss_name == "log_loss":
        return np.eye(n_outputs)[rng.randint(n_outputs, size=N_SAMPLES)]
    return rng.randint(2, size=(N_SAMPLES, n_outputs)).astype(float)


def make_problem(loss_name, seed, n_outputs=3):
    rng = np.random.RandomState(seed)
    units = [*LAYER_UNITS, n_outputs]
    X = rng.normal(size=(N_SAMPLES, units[0]))
    Y = make_targets(loss_name, rng, n_outputs)
    coefs = [rng.normal(scale=0.7, size=s) for s in pairwise(units)]
    # Keep weights away from 0, where |w| has no derivative.
    coefs = [np.sign(W) * (np.abs(W) + 0.05) for W in coefs]
    intercepts = [rng.normal(scale=0.3, size=n) for n in units[1:]]
    sample_weight = rng.uniform(0.2, 2.0, size=N_SAMPLES)
    return X, Y, coefs, intercepts, sample_weight, units


def relative_error(a, b):
    return np.linalg.norm(a - b) / max(np.linalg.norm(a), np.linalg.norm(b))


@pytest.mark.parametrize(
    "activation, loss_name, penalty, weighted",
    list(itertools.product(ACTIVATIONS, LOSSES, PENALTIES, [False, True])),
)
def test_gradient_matches_finite_differences(activation, loss_name, penalty, weighted):
    X, Y, coefs, intercepts, sample_weight, units = make_problem(loss_name, seed=0)
    sample_weight = sample_weight if weighted else None
    alpha, l1_ratio = PENALTIES[penalty]
    args = (ACTIVATIONS[activation], LOSSES[loss_name], alpha, l1_ratio)
    workspace = Workspace(units, N_SAMPLES, np.float64)

    def loss_at():
        return loss_and_gradient(
            X,
            Y,
            sample_weight,
            coefs,
            intercepts,
            *args,
            workspace,
            include_l1_gradient=True,
        )

    loss_at()
    analytic = [g.copy() for g in workspace.coef_grads + workspace.intercept_grads]

    h = 1e-6
    for param, grad in zip(coefs + intercepts, analytic):
        numeric = np.empty_like(param)
        for index in np.ndindex(param.shape):
            original = param[index]
            param[index] = original + h
            up = loss_at()
            param[index] = original - h
            down = loss_at()
            param[index] = original
            numeric[index] = (up - down) / (2 * h)
        assert relative_error(grad, numeric) <= 1e-6


@pytest.mark.parametrize("loss_name", list(LOSSES))
def test_sparse_input_gives_the_dense_loss_and_gradient(loss_name):
    X, Y, coefs, intercepts, sample_weight, units = make_problem(loss_name, seed=1)
    X[X < 0.3] = 0.0
    results = []
    for data in (X, sp.csr_matrix(X)):
        workspace = Workspace(units, N_SAMPLES, np.float64)
        loss = loss_and_gradient(
            data,
            Y,
            sample_weight,
            coefs,
            intercepts,
            ACTIVATIONS["relu"],
            LOSSES[loss_name],
            0.1,
            0.5,
            workspace,
        )
        results.append((loss, [g.copy() for g in workspace.coef_grads]))
    assert results[0][0] == pytest.approx(results[1][0], rel=1e-12)
    for dense_grad, sparse_grad in zip(results[0][1], results[1][1]):
        np.testing.assert_allclose(dense_grad, sparse_grad, rtol=1e-12, atol=1e-14)


def test_without_l1_gradient_only_the_smooth_part_is_returned():
    # The stochastic solvers leave the L1 part to the proximal step.
    X, Y, coefs, intercepts, _, units = make_problem("squared_error", seed=2)
    grads = {}
    for include in (True, False):
        workspace = Workspace(units, N_SAMPLES, np.float64)
        loss_and_gradient(
            X,
            Y,
            None,
            coefs,
            intercepts,
            ACTIVATIONS["tanh"],
            LOSSES["squared_error"],
            0.5,
            1.0,
            workspace,
            include_l1_gradient=include,
        )
        grads[include] = [g.copy() for g in workspace.coef_grads]
    for with_l1, without, W in zip(grads[True], grads[False], coefs):
        np.testing.assert_allclose(with_l1 - without, 0.5 * np.sign(W) / N_SAMPLES)
