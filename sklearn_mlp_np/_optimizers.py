"""Stochastic optimizers: in-place steps over the flat parameter vector.

Each step computes what scikit-learn's optimizers compute (training
trajectories agree to rounding) in a fixed, small number of NumPy calls over
the whole vector, whatever the depth of the network: plain SGD 1, momentum 3,
Nesterov 4, Adam 10. The updates allocate no temporaries: the gradient is
reused as scratch space, and for SGD the learning rate is folded into the
gradient (``gradient_scale``), which costs nothing in the backward pass.
Hyperparameters are kept as Python floats, so that float32 stays float32.
Learning-rate schedules live here; stopping decisions do not.
"""

import numpy as np


class SGD:
    """Stochastic gradient descent with optional (Nesterov) momentum.

    Parameters
    ----------
    params : ndarray
        The flat parameter vector (for the shape and dtype of the state).
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
        self.learning_rate_init = float(learning_rate_init)
        self.learning_rate = float(learning_rate_init)
        self.schedule = schedule
        self.momentum = float(momentum)
        self.nesterov = bool(nesterov)
        self.power_t = float(power_t)
        self.n_params, self.dtype_name = params.size, params.dtype.name
        # With Nesterov's momentum this holds momentum * velocity (see step).
        self.velocity = np.zeros_like(params) if momentum > 0 else None

    @property
    def gradient_scale(self) -> float:
        """The factor :meth:`step` expects the gradient to be multiplied by."""
        return self.learning_rate

    def step(self, params: np.ndarray, scaled_grad: np.ndarray) -> None:
        """Update ``params`` in place from ``s = learning_rate * gradient``.

        ``v <- momentum * v - s``, then ``params += v``; with Nesterov's
        momentum ``params += momentum * v - s``. For Nesterov the state is
        ``u = momentum * v``, so that ``v = u - s``, ``u <- momentum * v`` and
        ``params += u - s``: four passes instead of five.
        """
        velocity = self.velocity
        if velocity is None:
            params -= scaled_grad
        elif self.nesterov:
            velocity -= scaled_grad
            velocity *= self.momentum
            params += velocity
            params -= scaled_grad
        else:
            velocity *= self.momentum
            velocity -= scaled_grad
            params += velocity

    def proximal_step_size(self, n_weights: int) -> float:
        """Step size of the last update, for the proximal step of a penalty."""
        return self.learning_rate

    def end_epoch(self, n_samples_seen: int) -> None:
        """Apply the 'invscaling' schedule."""
        if self.schedule == "invscaling":
            self.learning_rate = (
                self.learning_rate_init / (n_samples_seen + 1) ** self.power_t
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
    params : ndarray
        The flat parameter vector (for the shape and dtype of the state).
    learning_rate_init, beta_1, beta_2, epsilon : float
    """

    gradient_scale = 1.0

    def __init__(self, params, learning_rate_init, beta_1, beta_2, epsilon) -> None:
        self.learning_rate_init = float(learning_rate_init)
        self.learning_rate = float(learning_rate_init)
        self.beta_1 = float(beta_1)
        self.beta_2 = float(beta_2)
        self.epsilon = float(epsilon)
        self.t = 0
        self.n_params, self.dtype_name = params.size, params.dtype.name
        self.first_moment = np.zeros_like(params)
        self.second_moment = np.zeros_like(params)

    def step(self, params: np.ndarray, grad: np.ndarray) -> None:
        """Update ``params`` in place; ``grad`` is used as scratch space.

        ``params -= lr_t * m / (sqrt(v) + epsilon)`` with
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
        step_size = float(self.learning_rate * (1 - b1) / sqrt_1_b2)
        epsilon = float(self.epsilon / sqrt_1_b2)
        M, V = self.first_moment, self.second_moment
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
        params -= scratch

    def proximal_step_size(self, n_weights: int) -> np.ndarray:
        """Per-coordinate step of the last update on the first ``n_weights``.

        The update is ``lr * m_hat / (sqrt(v_hat) + eps)`` with the
        bias-corrected first moment ``m_hat`` as the gradient estimate, so the
        step is ``lr * sqrt(1 - beta_2**t) / (sqrt(v) + eps)``: the proximal
        step in Adam's diagonal metric (as in ProxGen, Yun et al., 2021).
        """
        sqrt_v = np.sqrt((1 - self.beta_2) * self.second_moment[:n_weights])
        sqrt_v += self.epsilon
        scale = float(self.learning_rate_init * np.sqrt(1 - self.beta_2**self.t))
        return np.divide(scale, sqrt_v, out=sqrt_v)

    def end_epoch(self, n_samples_seen: int) -> None:
        pass

    def reduce_learning_rate(self) -> bool:
        return False
