"""Per-group learning rates; the neural-tangent parametrisation as one of them.

The reference is a network written out here in the neural-tangent form
(weights ``V ~ N(0, 1)`` used as ``V / sqrt(fan_in)``, an input-scaling
layer before them) trained by textbook Adam or SGD with one rate per group.
The package trains the effective weights ``V / sqrt(fan_in)`` with
``rate_groups``; the two must stay equal step after step.
"""

import itertools

import numpy as np
import pytest

from sklearn_mlp_np._activations import make_activation
from sklearn_mlp_np._losses import make_loss
from sklearn_mlp_np._network import Objective, ObjectiveSpec, ParameterLayout
from sklearn_mlp_np._optimizers import Update, make_optimizer
from sklearn_mlp_np._parametrization import rate_groups
from sklearn_mlp_np._penalties import Penalty
from sklearn_mlp_np._plan import OptimizerSettings

UNITS = [6, 8, 5, 2]
FACTORS = (1.0, 0.1, 6.0)  # weights, intercepts, input scales: RealMLP's
RATE, BETA_1, BETA_2, EPSILON = 0.04, 0.9, 0.95, 1e-3  # epsilon large enough to matter


class NeuralTangentReference:
    """A tanh network in the neural-tangent form, squared error, by hand."""

    def __init__(self, rng):
        self.scale = rng.uniform(0.5, 1.5, size=UNITS[0])
        self.V = [rng.normal(size=shape) for shape in itertools.pairwise(UNITS)]
        self.b = [rng.normal(scale=0.1, size=n) for n in UNITS[1:]]

    def parameters(self):
        return [self.scale, *self.V, *self.b]

    def rate_factors(self):
        return [FACTORS[2]] + [FACTORS[0]] * len(self.V) + [FACTORS[1]] * len(self.b)

    def effective_weights(self):
        return [V / np.sqrt(V.shape[0]) for V in self.V]

    def gradients(self, X, Y):
        """The gradients of ``sum((Z - Y) ** 2) / (2 n)``, in ``parameters``' order."""
        A = [X * self.scale]
        for i, W in enumerate(self.effective_weights()):
            Z = A[-1] @ W + self.b[i]
            A.append(Z if i == len(self.V) - 1 else np.tanh(Z))
        delta = (A[-1] - Y) / X.shape[0]
        dV, db = [None] * len(self.V), [None] * len(self.b)
        for i in range(len(self.V) - 1, -1, -1):
            fan_in = self.V[i].shape[0]
            dV[i] = A[i].T @ delta / np.sqrt(fan_in)
            db[i] = delta.sum(axis=0)
            delta_in = delta @ self.effective_weights()[i].T
            if i > 0:
                delta = delta_in * (1 - A[i] ** 2)
        # d/ds of (X * s) @ W: the input delta times X, summed over samples.
        dscale = (X * delta_in).sum(axis=0)
        return [dscale, *dV, *db]

    def adam(self, X, Y, steps):
        params = self.parameters()
        m = [np.zeros_like(p) for p in params]
        v = [np.zeros_like(p) for p in params]
        for t in range(1, steps + 1):
            grads = self.gradients(X, Y)
            lr_t = RATE * np.sqrt(1 - BETA_2**t) / (1 - BETA_1**t)
            for p, g, mi, vi, f in zip(params, grads, m, v, self.rate_factors()):
                mi *= BETA_1
                mi += (1 - BETA_1) * g
                vi *= BETA_2
                vi += (1 - BETA_2) * g**2
                p -= f * lr_t * mi / (np.sqrt(vi) + EPSILON)

    def sgd(self, X, Y, steps):
        for _ in range(steps):
            grads = self.gradients(X, Y)
            for p, g, f in zip(self.parameters(), grads, self.rate_factors()):
                p -= f * RATE * g


def packaged(reference, solver):
    """The package's objective and update at the reference's effective weights."""
    layout = ParameterLayout(UNITS, input_scaling=True)
    params = layout.pack(
        reference.effective_weights(), reference.b, np.float64, reference.scale
    )
    spec = ObjectiveSpec(
        layout,
        (make_activation("tanh"),) * (len(UNITS) - 2),
        make_loss("squared_error"),
        Penalty(0.0, 0.0, 0.0, layout.coef_shapes[0]),
    )
    objective = Objective(spec, params, 64, penalty_in_gradient=False)
    settings = OptimizerSettings(
        solver, RATE, momentum=0.0, beta_1=BETA_1, beta_2=BETA_2, epsilon=EPSILON
    )
    groups = rate_groups(layout, solver, np.float64, ntk=True, factors=FACTORS)
    optimizer = make_optimizer(settings, params, groups)
    update = Update(
        optimizer, params, objective.grad, layout.n_weights, spec.penalty, settings
    )
    return objective, optimizer, update


@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_rate_groups_train_as_the_neural_tangent_parametrisation(solver):
    rng = np.random.RandomState(0)
    X, Y = rng.normal(size=(64, UNITS[0])), rng.normal(size=(64, UNITS[-1]))
    reference = NeuralTangentReference(rng)
    objective, optimizer, update = packaged(reference, solver)
    start = reference.effective_weights()[0]
    for _ in range(30):
        scale = RATE if optimizer.gradient_is_scaled else 1.0
        objective.loss_and_gradient(X, Y, scale=scale)
        update(RATE, 64)
    getattr(reference, solver)(X, Y, 30)
    coefs, intercepts = objective.layout.views(objective.params)
    for ours, theirs in zip(coefs, reference.effective_weights()):
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)
    for ours, theirs in zip(intercepts, reference.b):
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(objective.input_scale, reference.scale, rtol=1e-9)
    # The weights moved far from where they started: the rates were used.
    assert not np.allclose(coefs[0], start, atol=1e-2)


def test_without_factors_there_are_no_groups():
    layout = ParameterLayout(UNITS)
    assert rate_groups(layout, "adam", np.float64) is None
    groups = rate_groups(layout, "adam", np.float64, ntk=True)
    fan_ins = [n for n, m in itertools.pairwise(UNITS) for _ in range(n * m)]
    np.testing.assert_array_equal(
        groups.rates[: layout.n_weights], 1 / np.sqrt(fan_ins)
    )
    np.testing.assert_array_equal(groups.rates[layout.n_weights :], 1.0)
