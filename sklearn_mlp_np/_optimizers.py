"""Stochastic optimizers, and the whole post-GEMM part of a step done in blocks.

After the backward pass, a step is a few elementwise passes over the flat
parameter vector: the L2 gradient, optional clipping, the optimizer's update
(momentum / Nesterov, or Adam's moments), optional decoupled weight decay and
the L1 proximal step. On a wide network each pass over the whole vector
streams it through memory again; ``Update`` does all of them one
cache-sized block at a time instead, so each block is read from memory once
per step. A network whose vector fits in one block takes the passes over the
whole vector: no slicing, no extra calls.

Each update computes what scikit-learn's optimizers compute (training
trajectories agree to rounding). No pass allocates: the gradient is reused as
scratch space, and for SGD the learning rate is folded into the gradient
(``gradient_is_scaled``), which costs nothing in the backward pass.
Hyperparameters are Python floats, so that float32 stays float32. Every pass
is elementwise or a NumPy reduction: results do not depend on threads.
"""

import math

import numpy as np

from ._parametrization import RateGroups
from ._penalties import Penalty
from ._plan import OptimizerSettings

# Elements per block: 256 KiB of float64 per array. A step touches three to
# four arrays per block (parameters, gradient, state, scratch), about the
# 1 MiB of a core's L2 cache; 32k was the fastest of 4k to 64k (benchmarks).
BLOCK_SIZE = 2**15


class SGD:
    """Stochastic gradient descent with optional (Nesterov) momentum.

    Parameters
    ----------
    settings : OptimizerSettings
    params : ndarray
        The flat parameter vector (for the shape and dtype of the state).
    groups : RateGroups, default=None
        Per-parameter factors of the rate (see ``_parametrization``).

    Attributes
    ----------
    learning_rate : float
        The rate of scikit-learn's epoch rules: 'invscaling' sets
        ``learning_rate_init / (t + 1) ** power_t`` at the end of each epoch
        (``t`` samples seen so far); 'adaptive' divides it by 5 when asked
        through :meth:`reduce_learning_rate`.
    velocity : ndarray or None
        With Nesterov's momentum it holds ``momentum * v`` (see ``update``).
    """

    gradient_is_scaled = True  # the backward pass multiplies it by the rate

    def __init__(
        self,
        settings: OptimizerSettings,
        params: np.ndarray,
        groups: RateGroups | None = None,
    ) -> None:
        self.settings = settings
        self.learning_rate = float(settings.learning_rate_init)
        self.momentum = float(settings.momentum)
        self.nesterov = bool(settings.nesterov)
        self.n_params, self.dtype_name = params.size, params.dtype.name
        self.velocity = np.zeros_like(params) if self.momentum > 0 else None
        self.rate_factors = None if groups is None else groups.rates

    def state(self) -> list[np.ndarray]:
        """The state vectors, cut into blocks alongside the parameters.

        The rate factors, when there are any, come last.
        """
        state = [] if self.velocity is None else [self.velocity]
        return state if self.rate_factors is None else [*state, self.rate_factors]

    def update(self, p, s, state) -> None:
        """``v <- momentum * v - s``, then ``p += v`` (``s = rate * gradient``).

        With Nesterov's momentum ``p += momentum * v - s``. Its state is
        ``u = momentum * v``, so that ``v = u - s``, ``u <- momentum * v`` and
        ``p += u - s``: four passes instead of five. Rate factors multiply
        ``s`` first.
        """
        if self.rate_factors is not None:
            *state, factors = state
            s *= factors
        if not state:
            p -= s
            return
        (u,) = state
        if self.nesterov:
            u -= s
            u *= self.momentum
            p += u
            p -= s
        else:
            u *= self.momentum
            u -= s
            p += u

    def l1_thresholds(self, rate: float, l1: float, state, scratch):
        """The soft-threshold of the last update: ``rate * l1`` (times the factors)."""
        if self.rate_factors is None:
            return rate * l1
        return np.multiply(state[-1], rate * l1, out=scratch)

    def proximal_step_size(self, rate: float, n: int):
        """Step size of the last update on the first ``n`` parameters."""
        if self.rate_factors is None:
            return rate
        return rate * self.rate_factors[:n]

    def end_epoch(self, n_samples_seen: int) -> None:
        """Apply the 'invscaling' rule."""
        if self.settings.learning_rate == "invscaling":
            self.learning_rate = (
                self.settings.learning_rate_init
                / (n_samples_seen + 1) ** self.settings.power_t
            )

    def reduce_learning_rate(self) -> bool:
        """Divide the rate by 5 under the 'adaptive' rule.

        Returns False (and changes nothing) when training should stop instead:
        another rule, or a rate already at or below 1e-6.
        """
        if self.settings.learning_rate != "adaptive" or self.learning_rate <= 1e-6:
            return False
        self.learning_rate /= 5.0
        return True


class Adam:
    """Adam (Kingma and Ba, 2014), with scikit-learn's bias correction.

    The moments are kept unnormalised, ``M = m / (1 - beta_1)`` and
    ``V = v / (1 - beta_2)``, so that updating them needs no multiplication
    of the gradient: ``M <- beta_1 M + g`` and ``V <- beta_2 V + g**2``.
    The update is ``params -= lr_t * m / (sqrt(v) + epsilon)`` with
    ``lr_t = rate * sqrt(1 - beta_2**t) / (1 - beta_1**t)``.

    Parameters
    ----------
    settings : OptimizerSettings
    params : ndarray
        The flat parameter vector (for the shape and dtype of the state).
    groups : RateGroups, default=None
        Per-parameter factors of the rate and of epsilon (see
        ``_parametrization``): the rate and epsilon of a parameter are
        those of ``settings`` times its factors.
    """

    gradient_is_scaled = False

    def __init__(
        self,
        settings: OptimizerSettings,
        params: np.ndarray,
        groups: RateGroups | None = None,
    ) -> None:
        self.settings = settings
        self.learning_rate = float(settings.learning_rate_init)
        self.beta_1, self.beta_2 = float(settings.beta_1), float(settings.beta_2)
        self.t = 0
        self.n_params, self.dtype_name = params.size, params.dtype.name
        self.first_moment = np.zeros_like(params)
        self.second_moment = np.zeros_like(params)
        # m / (sqrt(v) + eps) = (1 - b1) / sqrt(1 - b2) * M / (sqrt(V) + eps'),
        # eps' = eps / sqrt(1 - b2).
        self._sqrt_1_b2 = math.sqrt(1 - self.beta_2)
        self._epsilon = float(settings.epsilon / self._sqrt_1_b2)
        self.groups = groups
        if groups is not None:  # per-parameter epsilons, in the same form
            self._epsilon = groups.epsilons * params.dtype.type(self._epsilon)

    def state(self) -> list[np.ndarray]:
        """The moments, then the rate factors and epsilons if there are any."""
        moments = [self.first_moment, self.second_moment]
        if self.groups is None:
            return moments
        return [*moments, self.groups.rates, self._epsilon]

    def begin_step(self, rate: float) -> None:
        """Count the step; set the step size of ``M / (sqrt(V) + eps')``."""
        self.t += 1
        b1, b2 = self.beta_1, self.beta_2
        # math.sqrt: Python floats, correctly rounded like NumPy's, faster.
        sqrt_correction = math.sqrt(1 - b2**self.t)
        bias_corrected = rate * sqrt_correction / (1 - b1**self.t)
        self._step_size = bias_corrected * (1 - b1) / self._sqrt_1_b2
        self._l1_scale = rate * sqrt_correction / self._sqrt_1_b2

    def update(self, p, g, state) -> None:
        """Update ``p`` in place from the gradient ``g``, used as scratch."""
        M, V, *groups = state
        M *= self.beta_1
        M += g
        np.multiply(g, g, out=g)
        V *= self.beta_2
        V += g
        np.sqrt(V, out=g)
        if groups:
            rates, epsilons = groups
            g += epsilons
            np.divide(M, g, out=g)
            g *= rates
        else:
            g += self._epsilon
            np.divide(M, g, out=g)
        g *= self._step_size
        p -= g

    def l1_thresholds(self, rate: float, l1: float, state, scratch):
        """Per-coordinate soft-thresholds of the last update, into ``scratch``.

        The update is ``lr * m_hat / (sqrt(v_hat) + eps)`` with the
        bias-corrected first moment as the gradient estimate, so its step on
        a coordinate is ``rate * sqrt(1 - beta_2**t) / (sqrt(v) + eps)``: the
        proximal step in Adam's diagonal metric (as in ProxGen, Yun et al.,
        2021), times ``l1``.
        """
        V, *groups = state[1:]
        np.sqrt(V, out=scratch)
        if groups:
            rates, epsilons = groups
            scratch += epsilons
            np.divide(self._l1_scale * l1, scratch, out=scratch)
            return np.multiply(scratch, rates, out=scratch)
        scratch += self._epsilon
        return np.divide(self._l1_scale * l1, scratch, out=scratch)

    def proximal_step_size(self, rate: float, n: int) -> np.ndarray:
        """Per-coordinate step of the last update on the first ``n`` parameters."""
        sqrt_v = np.sqrt((1 - self.beta_2) * self.second_moment[:n])
        scale = float(rate * np.sqrt(1 - self.beta_2**self.t))
        if self.groups is None:
            sqrt_v += self.settings.epsilon
            return np.divide(scale, sqrt_v, out=sqrt_v)
        sqrt_v += self.settings.epsilon * self.groups.epsilons[:n]
        return np.divide(scale * self.groups.rates[:n], sqrt_v, out=sqrt_v)

    def end_epoch(self, n_samples_seen: int) -> None:
        pass

    def reduce_learning_rate(self) -> bool:
        return False


def make_optimizer(
    settings: OptimizerSettings, params: np.ndarray, groups: RateGroups | None = None
) -> SGD | Adam:
    """A new optimizer for ``params``, with zero state."""
    optimizer = SGD if settings.solver == "sgd" else Adam
    return optimizer(settings, params, groups)


class _Block:
    """Views of one block: parameters, gradient, optimizer state, scratch.

    ``weights`` and ``weight_grads`` (and ``weight_scratch``) are the part of
    the block that holds weights (None for a block of intercepts only).
    """

    def __init__(self, block: slice, n_weights: int, arrays, scratch) -> None:
        params, grad, *state = (a[block] for a in arrays)
        self.params, self.grad, self.state = params, grad, state
        self.scratch = scratch[: params.size]
        n = max(0, min(block.stop, n_weights) - block.start)
        whole = n == params.size  # no slicing where the block is all weights
        self.weights = None if n == 0 else params if whole else params[:n]
        self.weight_grads = None if n == 0 else grad if whole else grad[:n]
        self.weight_scratch = None if n == 0 else self.scratch[:n]
        self.weight_state = [x if whole else x[:n] for x in state] if n else None


class Update:
    """The post-GEMM work of every step of one call, bound once.

    Per block, in order: add the L2 gradient; (clip); decay the weights
    (AdamW); the optimizer's update; soft-threshold the weights (L1). With
    clipping, the L2 gradient and the global norm come first, in a pass of
    their own, since the norm must be known before any update. The group
    step (``alpha_features``) acts on whole rows of the first weight matrix,
    after the blocks.

    Parameters
    ----------
    optimizer : SGD or Adam
    params, grad : ndarray
        The flat parameter vector and its gradient (written by the backward
        pass; ``rate`` times it for SGD).
    n_weights : int
        The weights come first in the vector, the intercepts after.
    penalty : Penalty
    settings : OptimizerSettings
        For ``max_grad_norm`` and ``weight_decay``.
    """

    def __init__(
        self,
        optimizer: SGD | Adam,
        params: np.ndarray,
        grad: np.ndarray,
        n_weights: int,
        penalty: Penalty,
        settings: OptimizerSettings,
    ) -> None:
        self.optimizer, self.penalty = optimizer, penalty
        self.params, self.n_weights = params, n_weights
        self.weights = params[:n_weights]
        self.max_grad_norm = settings.max_grad_norm
        # SGD has nothing to do before a step: no call at all.
        self._begin_step = None if isinstance(optimizer, SGD) else optimizer.begin_step
        self.weight_decay = float(settings.weight_decay)
        arrays = [params, grad, *optimizer.state()]
        scratch = np.empty(min(params.size, BLOCK_SIZE), params.dtype)
        self.blocks = [
            _Block(
                slice(start, min(start + BLOCK_SIZE, params.size)),
                n_weights,
                arrays,
                scratch,
            )
            for start in range(0, params.size, BLOCK_SIZE)
        ]

    def __call__(self, rate: float, weight_sum: float) -> None:
        """Take the step of learning rate ``rate`` on a batch of ``weight_sum``."""
        optimizer, penalty = self.optimizer, self.penalty
        if self._begin_step is not None:
            self._begin_step(rate)
        # The scale of the L2 gradient: the gradient arrives already divided
        # by the batch's weight (and, for SGD, multiplied by the rate).
        rate_in_gradient = rate if optimizer.gradient_is_scaled else 1.0
        l2_scale = rate_in_gradient / weight_sum if penalty.l2 else 0.0
        clip = 1.0
        if self.max_grad_norm is not None:
            clip = self._clip_factor(rate_in_gradient, l2_scale)
            l2_scale = 0.0  # added by the clipping pass
        l1 = penalty.l1 / weight_sum
        decay = 1.0 - rate * self.weight_decay
        step_block = self._step_block
        for block in self.blocks:
            step_block(block, rate, l2_scale, clip, l1, decay)
        if penalty.group and rate:  # a zero rate leaves every row as it is
            step = optimizer.proximal_step_size(rate, self.n_weights)
            penalty.inplace_group_step(self.weights, step / weight_sum)

    def _step_block(self, block, rate, l2_scale, clip, l1, decay) -> None:
        weights = block.weights
        if weights is not None and l2_scale:
            self.penalty.inplace_add_smooth_gradient(
                weights, block.weight_grads, l2_scale, block.weight_scratch
            )
        if clip != 1.0:
            block.grad *= clip
        if weights is not None and decay != 1.0:
            weights *= decay
        self.optimizer.update(block.params, block.grad, block.state)
        if weights is not None and l1:
            # After the update: Adam's thresholds come from the new moments,
            # and the gradient is free to serve as scratch.
            thresholds = self.optimizer.l1_thresholds(
                rate, l1, block.weight_state, block.weight_scratch
            )
            self.penalty.inplace_soft_threshold(weights, thresholds, block.weight_grads)

    def _clip_factor(self, rate_in_gradient: float, l2_scale: float) -> float:
        """Add the L2 gradient; return the factor that clips the global norm.

        The norm is the true gradient's: SGD's arrives multiplied by the rate.
        A NumPy reduction per block, not BLAS's dot, whose rounding depends
        on its threads.
        """
        squared = 0.0
        for block in self.blocks:
            if block.weights is not None and l2_scale:
                self.penalty.inplace_add_smooth_gradient(
                    block.weights, block.weight_grads, l2_scale, block.weight_scratch
                )
            np.multiply(block.grad, block.grad, out=block.scratch)
            squared += float(np.add.reduce(block.scratch))
        norm = np.sqrt(squared)
        if rate_in_gradient == 0 or not norm > self.max_grad_norm * rate_in_gradient:
            return 1.0  # within the bound (or a zero-rate step: nothing to clip)
        return self.max_grad_norm * rate_in_gradient / norm
