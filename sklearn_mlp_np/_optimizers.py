"""Stochastic optimizers: in-place steps over lists of parameters.

Each step computes exactly what scikit-learn's optimizers compute, in the same
order of floating-point operations (so training trajectories agree to
rounding), but in preallocated buffers: the gradients are consumed as scratch
space. Learning-rate schedules live here; stopping decisions do not.
"""

import numpy as np

from ._penalties import inplace_soft_threshold


class SGD:
    """Stochastic gradient descent with optional (Nesterov) momentum.

    Parameters
    ----------
    params : list of ndarray
        Parameters to update in place (weights, then intercepts).
    learning_rate_init : float
    schedule : {'constant', 'invscaling', 'adaptive'}
        'invscaling' sets ``learning_rate_init / (t + 1) ** power_t`` at the
        end of each epoch (``t`` samples seen so far); 'adaptive' divides the
        rate by 5 when asked through :meth:`reduce_learning_rate`.
    momentum : float
    nesterov : bool
    power_t : float
    """

    def __init__(
        self, params, learning_rate_init, schedule, momentum, nesterov, power_t
    ) -> None:
        self.learning_rate_init = learning_rate_init
        self.learning_rate = float(learning_rate_init)
        self.schedule = schedule
        self.momentum = momentum
        self.nesterov = nesterov
        self.power_t = power_t
        self.velocities = [np.zeros_like(p) for p in params] if momentum > 0 else None
        self._scratch = (
            [np.empty_like(p) for p in params] if momentum > 0 and nesterov else None
        )

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """Update ``params`` in place; ``grads`` are overwritten."""
        lr = self.learning_rate
        for i, (param, grad) in enumerate(zip(params, grads)):
            grad *= lr
            if self.velocities is None:
                param -= grad
                continue
            velocity = self.velocities[i]
            velocity *= self.momentum
            velocity -= grad
            if self.nesterov:
                # Look ahead: step by momentum * v_new - lr * grad.
                lookahead = self._scratch[i]
                np.multiply(velocity, self.momentum, out=lookahead)
                lookahead -= grad
                param += lookahead
            else:
                param += velocity

    def l1_step_size(self, i: int) -> float | np.ndarray:
        """Step size of the last update of parameter ``i``, for the proximal step."""
        return self.learning_rate

    def end_epoch(self, n_samples_seen: int) -> None:
        """Apply the 'invscaling' schedule."""
        if self.schedule == "invscaling":
            self.learning_rate = (
                float(self.learning_rate_init) / (n_samples_seen + 1) ** self.power_t
            )

    def reduce_learning_rate(self) -> bool:
        """Divide the rate by 5 under the 'adaptive' schedule.

        Returns False (and changes nothing) when training should stop instead:
        another schedule, or a rate already at or below 1e-6.
        """
        if self.schedule != "adaptive" or self.learning_rate <= 1e-6:
            return False
        self.learning_rate /= 5.0
        return True


class Adam:
    """Adam (Kingma and Ba, 2014), with scikit-learn's bias correction.

    Parameters
    ----------
    params : list of ndarray
    learning_rate_init, beta_1, beta_2, epsilon : float
    """

    def __init__(self, params, learning_rate_init, beta_1, beta_2, epsilon) -> None:
        self.learning_rate_init = learning_rate_init
        self.learning_rate = float(learning_rate_init)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.t = 0
        self.first_moments = [np.zeros_like(p) for p in params]
        self.second_moments = [np.zeros_like(p) for p in params]
        # After a step, holds sqrt(v) + epsilon: the per-coordinate metric.
        self._denominators = [np.empty_like(p) for p in params]

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """Update ``params`` in place; ``grads`` are overwritten."""
        self.t += 1
        b1, b2 = self.beta_1, self.beta_2
        self.learning_rate = (
            self.learning_rate_init * np.sqrt(1 - b2**self.t) / (1 - b1**self.t)
        )
        for param, grad, m, v, denom in zip(
            params, grads, self.first_moments, self.second_moments, self._denominators
        ):
            np.multiply(grad, grad, out=denom)
            denom *= 1 - b2
            v *= b2
            v += denom
            grad *= 1 - b1
            m *= b1
            m += grad
            np.sqrt(v, out=denom)
            denom += self.epsilon
            np.multiply(m, -self.learning_rate, out=grad)
            grad /= denom
            param += grad

    def l1_step_size(self, i: int) -> float | np.ndarray:
        """Per-coordinate step of the last update, per unit of gradient.

        The update is ``lr * m_hat / (sqrt(v_hat) + eps)`` with the
        bias-corrected first moment ``m_hat`` as the gradient estimate, so the
        step is ``lr * sqrt(1 - beta_2**t) / (sqrt(v) + eps)``: the proximal
        step in Adam's diagonal metric (as in ProxGen, Yun et al., 2021).
        """
        scale = self.learning_rate_init * np.sqrt(1 - self.beta_2**self.t)
        return scale / self._denominators[i]

    def end_epoch(self, n_samples_seen: int) -> None:
        pass

    def reduce_learning_rate(self) -> bool:
        return False


def inplace_l1_proximal_step(
    optimizer, coefs: list[np.ndarray], strength: float, scratch: list[np.ndarray]
) -> None:
    """Soft-threshold each weight matrix by ``strength`` times its last step size.

    This is the proximal step of ``strength * sum|W|`` in the metric the
    optimizer stepped in, so weights that the penalty pulls past zero become
    exactly zero.
    """
    for i, W in enumerate(coefs):
        inplace_soft_threshold(W, strength * optimizer.l1_step_size(i), scratch[i])
