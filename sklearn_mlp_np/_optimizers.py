"""Stochastic optimizers: in-place steps over lists of parameters.

Each step computes what scikit-learn's optimizers compute (training
trajectories agree to rounding) in as few passes over the parameters as NumPy
allows: no temporaries, the gradients reused as scratch space, and for SGD the
learning rate folded into the gradient (``gradient_scale``). Learning-rate
schedules live here; stopping decisions do not.
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

    @property
    def gradient_scale(self) -> float:
        """The factor :meth:`step` expects the gradients to be multiplied by."""
        return self.learning_rate

    def step(self, params: list[np.ndarray], scaled_grads: list[np.ndarray]) -> None:
        """Update ``params`` in place from ``learning_rate * gradient``.

        ``v <- momentum * v - lr * grad``, then ``param += v``, or with
        Nesterov's momentum ``param += momentum * v - lr * grad``. The
        gradients are used as scratch space.
        """
        for i, (param, step) in enumerate(zip(params, scaled_grads)):
            if self.velocities is None:
                param -= step
                continue
            velocity = self.velocities[i]
            velocity *= self.momentum
            velocity -= step
            if self.nesterov:
                param -= step
                np.multiply(velocity, self.momentum, out=step)
                param += step
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

    The moments are kept unnormalised, ``M = m / (1 - beta_1)`` and
    ``V = v / (1 - beta_2)``, so that updating them needs no multiplication
    of the gradient: ``M <- beta_1 M + g`` and ``V <- beta_2 V + g**2``.

    Parameters
    ----------
    params : list of ndarray
    learning_rate_init, beta_1, beta_2, epsilon : float
    """

    gradient_scale = 1.0

    def __init__(self, params, learning_rate_init, beta_1, beta_2, epsilon) -> None:
        self.learning_rate_init = learning_rate_init
        self.learning_rate = float(learning_rate_init)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.t = 0
        self.first_moments = [np.zeros_like(p) for p in params]
        self.second_moments = [np.zeros_like(p) for p in params]

    def step(self, params: list[np.ndarray], grads: list[np.ndarray]) -> None:
        """Update ``params`` in place; ``grads`` are used as scratch space.

        ``param -= lr_t * m / (sqrt(v) + epsilon)`` with
        ``lr_t = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)``.
        """
        self.t += 1
        b1, b2 = self.beta_1, self.beta_2
        self.learning_rate = (
            self.learning_rate_init * np.sqrt(1 - b2**self.t) / (1 - b1**self.t)
        )
        # m / (sqrt(v) + eps) = (1 - b1) / sqrt(1 - b2) * M / (sqrt(V) + eps'),
        # eps' = eps / sqrt(1 - b2).
        sqrt_1_b2 = np.sqrt(1 - b2)
        step_size = self.learning_rate * (1 - b1) / sqrt_1_b2
        epsilon = self.epsilon / sqrt_1_b2
        for param, grad, M, V in zip(
            params, grads, self.first_moments, self.second_moments
        ):
            M *= b1
            M += grad
            np.multiply(grad, grad, out=grad)
            V *= b2
            V += grad
            scratch = grad  # the gradient is no longer needed
            np.sqrt(V, out=scratch)
            scratch += epsilon
            np.divide(M, scratch, out=scratch)
            scratch *= step_size
            param -= scratch

    def l1_step_size(self, i: int) -> float | np.ndarray:
        """Per-coordinate step of the last update, per unit of gradient.

        The update is ``lr * m_hat / (sqrt(v_hat) + eps)`` with the
        bias-corrected first moment ``m_hat`` as the gradient estimate, so the
        step is ``lr * sqrt(1 - beta_2**t) / (sqrt(v) + eps)``: the proximal
        step in Adam's diagonal metric (as in ProxGen, Yun et al., 2021).
        """
        sqrt_v = np.sqrt((1 - self.beta_2) * self.second_moments[i])
        return (
            self.learning_rate_init
            * np.sqrt(1 - self.beta_2**self.t)
            / (sqrt_v + self.epsilon)
        )

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
