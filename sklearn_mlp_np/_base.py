"""The shared estimator: parameter checks, fit / partial_fit and the solvers.

Subclasses fill small hooks: ``_validate_input`` (labels or targets),
``_output_loss_name``, ``_sample_weight`` (class weights) and
``_validation_score`` (early stopping).
"""

import warnings
from abc import ABC, abstractmethod
from itertools import pairwise
from numbers import Integral, Real

import numpy as np
import scipy.optimize
import scipy.sparse as sp
from sklearn.base import BaseEstimator, _fit_context
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.utils import check_random_state, gen_batches
from sklearn.utils._param_validation import Interval, Options, StrOptions
from sklearn.utils.optimize import _check_optimize_result
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    validate_data,
)

from ._activations import ACTIVATIONS
from ._callbacks import CallbackSupportMixin
from ._initializers import glorot_uniform
from ._losses import LOSSES
from ._network import Workspace, forward, inplace_unpack, loss_and_gradient, pack
from ._optimizers import SGD, Adam, inplace_l1_proximal_step
from ._stopping import ImprovementMonitor

_STOCHASTIC_SOLVERS = ("sgd", "adam")


def _solver_is_stochastic(estimator) -> bool:
    # Used by available_if: partial_fit exists only for the stochastic solvers.
    if estimator.solver not in _STOCHASTIC_SOLVERS:
        raise AttributeError(
            f"partial_fit is only available for the stochastic solvers "
            f"{_STOCHASTIC_SOLVERS}; solver={estimator.solver!r} is not one."
        )
    return True


class BaseNumpyMLP(CallbackSupportMixin, BaseEstimator, ABC):
    """Base class of the multilayer perceptrons. Use the subclasses."""

    _parameter_constraints: dict = {
        "hidden_layer_sizes": [
            "array-like",
            Interval(Integral, 1, None, closed="left"),
        ],
        "activation": [StrOptions(set(ACTIVATIONS))],
        "solver": [StrOptions({"lbfgs", *_STOCHASTIC_SOLVERS})],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "l1_ratio": [Interval(Real, 0, 1, closed="both")],
        "batch_size": [
            StrOptions({"auto"}),
            Interval(Integral, 1, None, closed="left"),
        ],
        "learning_rate": [StrOptions({"constant", "invscaling", "adaptive"})],
        "learning_rate_init": [Interval(Real, 0, None, closed="neither")],
        "power_t": [Interval(Real, 0, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
        "random_state": ["random_state"],
        "tol": [Interval(Real, 0, None, closed="left")],
        "verbose": ["verbose"],
        "warm_start": ["boolean"],
        "momentum": [Interval(Real, 0, 1, closed="both")],
        "nesterovs_momentum": ["boolean"],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="left")],
        "beta_1": [Interval(Real, 0, 1, closed="left")],
        "beta_2": [Interval(Real, 0, 1, closed="left")],
        "epsilon": [Interval(Real, 0, None, closed="neither")],
        "n_iter_no_change": [
            Interval(Integral, 1, None, closed="left"),
            Options(Real, {np.inf}),
        ],
        "max_fun": [Interval(Integral, 1, None, closed="left")],
    }

    # ---- hooks filled by the subclasses -------------------------------------

    @abstractmethod
    def _validate_input(self, X, y, incremental: bool, reset: bool):
        """Return ``(X, y, Y)``: checked X, checked y, 2-D targets Y.

        Y is in X's dtype, or bool for class indicators (cast per batch).
        """

    @abstractmethod
    def _output_loss_name(self) -> str:
        """Key of ``LOSSES`` for the output layer."""

    @abstractmethod
    def _validation_score(self, X, y, sample_weight) -> float:
        """Score on held-out data for early stopping (higher is better)."""

    def _sample_weight(self, X, y, sample_weight, incremental: bool):
        """Checked sample weights (None for unit weights), in X's dtype."""
        if sample_weight is None:
            return None
        return _check_sample_weight(
            sample_weight, X, dtype=X.dtype, ensure_non_negative=True
        )

    # ---- fit -----------------------------------------------------------------

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the model to data matrix X and target(s) y.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The input data.

        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            The target values (class labels in classification, real numbers
            in regression).

        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights. They scale each sample's loss; the penalty is
            divided by their sum, as ``alpha`` is divided by the number of
            samples without weights.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        return self._fit(X, y, sample_weight, incremental=False)

    def _hidden_layer_sizes(self) -> list[int]:
        sizes = self.hidden_layer_sizes
        sizes = list(sizes) if hasattr(sizes, "__iter__") else [sizes]
        if any(not isinstance(s, Integral | np.integer) or s <= 0 for s in sizes):
            raise ValueError(
                f"hidden_layer_sizes must hold positive integers, got {sizes}."
            )
        return [int(s) for s in sizes]

    def _fit(self, X, y, sample_weight, incremental: bool):
        hidden_layer_sizes = self._hidden_layer_sizes()
        first_pass = not hasattr(self, "coefs_") or (
            not self.warm_start and not incremental
        )
        if incremental and self.early_stopping:
            raise ValueError(
                "partial_fit does not support early_stopping=True: there is no "
                "held-out data in a single call. Use fit, or set early_stopping=False."
            )
        X, y, Y = self._validate_input(X, y, incremental, reset=first_pass)
        if sp.issparse(X):
            X = X.tocsr()  # rows are gathered per batch
        sample_weight = self._sample_weight(X, y, sample_weight, incremental)
        layer_units = [X.shape[1], *hidden_layer_sizes, Y.shape[1]]
        # One random state per call, drawn from in scikit-learn's order
        # (weights, validation split, shuffles) so seeds give the same runs.
        rng = check_random_state(self.random_state)
        if first_pass:
            self._initialize(layer_units, X.dtype, rng)
        else:
            self._prepare_warm_start(layer_units, X.dtype)

        max_subtasks = 1 if incremental else self.max_iter
        callback_ctx = self._init_callback_context(max_subtasks=max_subtasks)
        metadata = None if sample_weight is None else {"sample_weight": sample_weight}
        callback_ctx.call_on_fit_task_begin(estimator=self, X=X, y=y, metadata=metadata)
        # Overflow is not warned about batch after batch: a non-finite loss
        # stops training with an error that says what to do.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            if self.solver == "lbfgs":
                Y = Y.astype(X.dtype, copy=False)
                self._fit_lbfgs(X, Y, sample_weight, layer_units, callback_ctx)
            else:
                self._fit_stochastic(
                    X, y, Y, sample_weight, layer_units, rng, incremental, callback_ctx
                )

        if not all(np.isfinite(p).all() for p in self.coefs_ + self.intercepts_):
            raise ValueError(
                "The solver produced non-finite weights. Scale the inputs "
                "(e.g. with StandardScaler) or lower learning_rate_init."
            )
        callback_ctx.call_on_fit_task_end(
            estimator=self,
            X=X,
            y=y,
            metadata=metadata,
            reconstruction_attributes=self._reconstruction_attributes,
        )
        return self

    def _reconstruction_attributes(self) -> dict:
        """Copies of what a callback needs to rebuild a model that predicts."""
        attributes = {
            name: getattr(self, name)
            for name in ("n_layers_", "n_outputs_", "out_activation_", "n_iter_")
        }
        attributes["coefs_"] = [c.copy() for c in self.coefs_]
        attributes["intercepts_"] = [b.copy() for b in self.intercepts_]
        return attributes

    def _initialize(self, layer_units: list[int], dtype, rng) -> None:
        self.n_iter_ = 0
        self.t_ = 0
        self.n_outputs_ = layer_units[-1]
        self.n_layers_ = len(layer_units)
        self.out_activation_ = LOSSES[self._output_loss_name()].out_activation
        self.coefs_, self.intercepts_ = glorot_uniform(
            layer_units, self.activation, rng, dtype
        )
        self.loss_curve_ = []
        self.best_loss_ = None if self.early_stopping else np.inf
        self.validation_scores_ = [] if self.early_stopping else None
        self.best_validation_score_ = -np.inf if self.early_stopping else None
        self._monitor = ImprovementMonitor(self.tol, self.n_iter_no_change)
        if hasattr(self, "_optimizer"):
            del self._optimizer

    def _prepare_warm_start(self, layer_units: list[int], dtype) -> None:
        shapes = [c.shape for c in self.coefs_]
        expected = list(pairwise(layer_units))
        if shapes != expected:
            raise ValueError(
                f"The network's weights have shapes {shapes}, but the data and "
                f"hidden_layer_sizes need {expected}. Set warm_start=False to "
                "train a new network."
            )
        if self.coefs_[0].dtype != dtype and hasattr(self, "_optimizer"):
            del self._optimizer  # its state is in the old dtype
        # Train on copies in the data's dtype: arrays a user assigned to
        # coefs_ / intercepts_ are never written to.
        self.coefs_ = [np.array(c, dtype=dtype, order="C") for c in self.coefs_]
        self.intercepts_ = [np.array(b, dtype=dtype) for b in self.intercepts_]
        self.n_layers_ = len(layer_units)
        self.n_outputs_ = layer_units[-1]
        self.out_activation_ = LOSSES[self._output_loss_name()].out_activation

    # ---- the stochastic solvers --------------------------------------------

    def _make_optimizer(self, params):
        if self.solver == "sgd":
            return SGD(
                params,
                self.learning_rate_init,
                self.learning_rate,
                self.momentum,
                self.nesterovs_momentum,
                self.power_t,
            )
        return Adam(
            params, self.learning_rate_init, self.beta_1, self.beta_2, self.epsilon
        )

    def _batch_size(self, n_samples: int) -> int:
        if self.batch_size == "auto":
            return min(200, n_samples)
        if self.batch_size > n_samples:
            warnings.warn(
                f"batch_size={self.batch_size} is larger than the {n_samples} "
                "training samples; it is clipped to the number of samples.",
                UserWarning,
                stacklevel=2,
            )
        return min(self.batch_size, n_samples)

    def _split_validation(self, X, y, Y, sample_weight, rng):
        """Hold out ``validation_fraction`` of the data for early stopping."""
        # Stratify single-label classification so both parts see every class.
        stratify = y if (self._is_single_label_classifier()) else None
        train, val = train_test_split(
            np.arange(X.shape[0]),
            random_state=rng,
            test_size=self.validation_fraction,
            stratify=stratify,
        )
        if val.shape[0] < 2:
            raise ValueError(
                "The validation set for early stopping has fewer than 2 samples. "
                "Increase validation_fraction or the size of the dataset."
            )
        sw_train = sw_val = None
        if sample_weight is not None:
            sw_train, sw_val = sample_weight[train], sample_weight[val]
        return (X[train], y[train], Y[train], sw_train), (X[val], y[val], sw_val)

    def _is_single_label_classifier(self) -> bool:
        return False

    def _fit_stochastic(
        self, X, y, Y, sample_weight, layer_units, rng, incremental, callback_ctx
    ):
        params = self.coefs_ + self.intercepts_
        if not incremental or not hasattr(self, "_optimizer"):
            self._optimizer = self._make_optimizer(params)
        validation = None
        if self.early_stopping:
            (X, y, Y, sample_weight), validation = self._split_validation(
                X, y, Y, sample_weight, rng
            )
        batches = _Minibatches(X, Y, sample_weight, self._batch_size(X.shape[0]))
        workspace = Workspace(layer_units, batches.batch_size, X.dtype)

        self.n_iter_ = 0
        last_epoch_params = [p.copy() for p in params]
        try:
            for _ in range(self.max_iter):
                epoch_ctx = callback_ctx.subcontext(task_name="epoch")
                epoch_ctx.call_on_fit_task_begin(estimator=self)
                order = batches.shuffled_order(rng) if self.shuffle else None
                self.loss_ = self._run_epoch(batches, order, workspace)
                self.n_iter_ += 1
                if not np.isfinite(self.loss_):
                    self._restore(last_epoch_params)
                    raise ValueError(
                        f"Training diverged: the loss became {self.loss_} in epoch "
                        f"{self.n_iter_}. The weights of the last finite epoch "
                        "were kept. Scale the inputs (e.g. with StandardScaler) "
                        "or lower learning_rate_init."
                    )
                stop = self._end_epoch(
                    X.shape[0],
                    validation,
                    # A progress bar, where one is shown, replaces the lines.
                    getattr(callback_ctx, "replaces_verbose_lines", False),
                )
                # A callback may ask to stop (it returns True).
                stop |= epoch_ctx.call_on_fit_task_end(
                    estimator=self,
                    reconstruction_attributes=self._reconstruction_attributes,
                )
                if stop or incremental:
                    break
                for saved, p in zip(last_epoch_params, params):
                    saved[...] = p
                if self.n_iter_ == self.max_iter:
                    warnings.warn(
                        f"Stochastic optimizer: maximum iterations ({self.max_iter}) "
                        "reached and the optimization hasn't converged yet. "
                        "Increase max_iter or relax tol.",
                        ConvergenceWarning,
                        stacklevel=2,
                    )
        except KeyboardInterrupt:
            self._restore(last_epoch_params)
            warnings.warn(
                "Training interrupted by user; the weights of the last finished "
                "epoch were kept.",
                stacklevel=2,
            )
        if self.early_stopping:
            self._restore(self._best_params)

    def _loss_and_gradient(
        self, X, Y, sample_weight, workspace, gradient_scale: float = 1.0
    ) -> float:
        """The penalised loss on ``X``; its gradient goes to ``workspace``.

        The L1 part is left out of the gradient: the solvers handle it.
        """
        return loss_and_gradient(
            X,
            Y,
            sample_weight,
            self.coefs_,
            self.intercepts_,
            ACTIVATIONS[self.activation],
            LOSSES[self._output_loss_name()],
            self.alpha,
            self.l1_ratio,
            workspace,
            gradient_scale=gradient_scale,
        )

    def _run_epoch(self, batches, order, workspace) -> float:
        """One pass over the minibatches; returns the mean batch loss."""
        optimizer = self._optimizer
        params = self.coefs_ + self.intercepts_
        grads = workspace.coef_grads + workspace.intercept_grads
        l1_strength = self.alpha * self.l1_ratio
        accumulated_loss, n_seen = 0.0, 0
        for X_batch, Y_batch, sw_batch in batches.iterate(order):
            n_batch = X_batch.shape[0]
            weight_sum = n_batch if sw_batch is None else sw_batch.sum()
            if not weight_sum > 0:
                continue  # nothing to learn from a batch of zero weight
            batch_loss = self._loss_and_gradient(
                X_batch, Y_batch, sw_batch, workspace, optimizer.gradient_scale
            )
            # Weighted by batch size, as scikit-learn reports loss_.
            accumulated_loss += batch_loss * n_batch
            n_seen += n_batch
            optimizer.step(params, grads)
            if l1_strength > 0:
                inplace_l1_proximal_step(
                    optimizer,
                    self.coefs_,
                    l1_strength / weight_sum,
                    workspace.coef_grads,  # free after the step: scratch
                )
        return accumulated_loss / n_seen

    def _end_epoch(self, n_samples: int, validation, quiet: bool = False) -> bool:
        """Record the epoch, update schedules; return whether to stop."""
        self.t_ += n_samples
        self.loss_curve_.append(self.loss_)
        if self.verbose and not quiet:
            print(f"Iteration {self.n_iter_}, loss = {self.loss_:.8f}")
        self._track_improvement(validation)
        self._optimizer.end_epoch(self.t_)
        if not self._monitor.should_stop():
            return False
        what = "Validation score" if validation else "Training loss"
        msg = (
            f"{what} did not improve more than tol={self.tol:f} for "
            f"{self.n_iter_no_change} consecutive epochs."
        )
        if self._optimizer.reduce_learning_rate():
            self._monitor.reset_count()
            if self.verbose:
                print(
                    f"{msg} Setting learning rate to {self._optimizer.learning_rate:f}"
                )
            return False
        if self.verbose:
            print(f"{msg} Stopping.")
        return True

    def _restore(self, saved_params) -> None:
        for p, saved in zip(self.coefs_ + self.intercepts_, saved_params):
            p[...] = saved

    def _track_improvement(self, validation) -> None:
        if validation is None:
            self._monitor.update(-self.loss_)
            self.best_loss_ = -self._monitor.best_score
            return
        score = self._validation_score(*validation)
        self.validation_scores_.append(score)
        if self.verbose:
            print(f"Validation score: {score:f}")
        if self._monitor.update(score):
            self._best_params = [p.copy() for p in self.coefs_ + self.intercepts_]
        self.best_validation_score_ = self._monitor.best_score

    # ---- L-BFGS ----------------------------------------------------------------

    def _fit_lbfgs(self, X, Y, sample_weight, layer_units, callback_ctx) -> None:
        workspace = Workspace(layer_units, X.shape[0], X.dtype)
        params = self.coefs_ + self.intercepts_
        grads = workspace.coef_grads + workspace.intercept_grads
        weight_sum = X.shape[0] if sample_weight is None else sample_weight.sum()
        l1_strength = self.alpha * self.l1_ratio / weight_sum

        def smooth_loss_grad():
            return self._loss_and_gradient(X, Y, sample_weight, workspace)

        theta0_weights = pack(params)
        if l1_strength == 0:
            theta0, bounds = theta0_weights, None

            def fun(theta):
                inplace_unpack(theta, params)
                return smooth_loss_grad(), pack(grads)
        else:
            # L1 by variable splitting: W = P - N with P, N >= 0 turns
            # alpha * l1_ratio * sum|W| into a linear term under bounds, which
            # L-BFGS-B solves exactly; weights whose P and N both sit on the
            # bound 0 are exactly zero.
            n_w = sum(c.size for c in self.coefs_)
            theta0 = np.concatenate(
                [
                    pack([np.maximum(c, 0) for c in self.coefs_]),
                    pack([np.maximum(-c, 0) for c in self.coefs_]),
                    pack(self.intercepts_),
                ]
            )
            lower = np.r_[np.zeros(2 * n_w), np.full(theta0.size - 2 * n_w, -np.inf)]
            bounds = scipy.optimize.Bounds(lower, np.inf)

            def fun(theta):
                P, N = theta[:n_w], theta[n_w : 2 * n_w]
                W = P - N
                inplace_unpack(np.concatenate([W, theta[2 * n_w :]]), params)
                loss = smooth_loss_grad()
                # The value holds l1 * sum|W|; the split objective has sum(P + N).
                loss += l1_strength * (P.sum() + N.sum() - np.abs(W).sum())
                g_w = pack(grads[: len(self.coefs_)])
                grad = np.concatenate(
                    [
                        g_w + l1_strength,
                        l1_strength - g_w,
                        pack(grads[len(self.coefs_) :]),
                    ]
                )
                return loss, grad

        losses = []

        def record(intermediate_result):
            losses.append(float(intermediate_result.fun))
            if self.verbose:
                print(f"Iteration {len(losses)}, loss = {losses[-1]:.8f}")
            iteration_ctx = callback_ctx.subcontext(task_name="lbfgs-iteration")
            iteration_ctx.call_on_fit_task_begin(estimator=self)
            iteration_ctx.call_on_fit_task_end(estimator=self)

        result = scipy.optimize.minimize(
            fun,
            theta0,
            method="L-BFGS-B",
            jac=True,
            bounds=bounds,
            callback=record,
            options={
                "maxfun": self.max_fun,
                "maxiter": self.max_iter,
                "gtol": self.tol,
            },
        )
        if not (np.isfinite(result.fun) and np.isfinite(result.x).all()):
            inplace_unpack(theta0_weights, params)
            raise ValueError(
                f"The loss is {result.fun}: the network overflows on this data. "
                "The initial weights were kept. Scale the inputs (e.g. with "
                "StandardScaler)."
            )
        self.n_iter_ = _check_optimize_result("lbfgs", result, self.max_iter)
        self.loss_ = float(result.fun)
        self.loss_curve_ = losses
        self.best_loss_ = min(losses, default=self.loss_)
        theta = result.x
        if l1_strength != 0:
            theta = np.concatenate(
                [theta[:n_w] - theta[n_w : 2 * n_w], theta[2 * n_w :]]
            )
        inplace_unpack(theta, params)

    # ---- prediction ------------------------------------------------------------

    def _forward_output(self, X, validate: bool = True) -> np.ndarray:
        """The output layer's pre-activation ``Z`` for the rows of ``X``."""
        if validate:
            check_is_fitted(self)
            X = validate_data(
                self,
                X,
                accept_sparse=["csr", "csc"],
                dtype=(np.float64, np.float32),
                reset=False,
            )
        hidden = ACTIVATIONS[self.activation]
        with np.errstate(over="ignore", invalid="ignore"):
            Z = forward(X, self.coefs_, self.intercepts_, hidden)[-1]
        return _check_finite_output(Z)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags


def _check_finite_output(values: np.ndarray) -> np.ndarray:
    """Refuse to return predictions computed from an overflowed network."""
    if not np.isfinite(values).all():
        raise ValueError(
            "The network's output is not finite for some samples: their features "
            "are too large in magnitude for this model. Scale X as the training "
            "data was scaled (e.g. with the same StandardScaler)."
        )
    return values


class _Minibatches:
    """Minibatches of ``(X, Y, sample_weight)`` in a given order.

    Dense rows are gathered into buffers allocated once per fit; targets are
    cast to X's dtype there (classification targets are stored as bool).
    Sparse rows are sliced (scipy has no gather into a buffer).
    """

    def __init__(self, X, Y, sample_weight, batch_size: int) -> None:
        self.X, self.Y, self.sample_weight = X, Y, sample_weight
        self.batch_size = batch_size
        self.n_samples = X.shape[0]
        self._order = np.arange(self.n_samples)
        self._X_buffer = (
            None if sp.issparse(X) else np.empty((batch_size, X.shape[1]), X.dtype)
        )
        self._Y_buffer = np.empty((batch_size, Y.shape[1]), X.dtype)

    def shuffled_order(self, rng) -> np.ndarray:
        """Shuffle the order kept from the last epoch, as scikit-learn does.

        ``sklearn.utils.shuffle`` draws exactly this permutation, so seeds
        give scikit-learn's sample order.
        """
        permutation = np.arange(self.n_samples)
        rng.shuffle(permutation)
        self._order = self._order[permutation]
        return self._order

    def iterate(self, order=None):
        """Yield ``(X_batch, Y_batch, sw_batch)``; ``order=None`` keeps data order."""
        for batch in gen_batches(self.n_samples, self.batch_size):
            idx = batch if order is None else order[batch]
            n_batch = batch.stop - batch.start
            if order is None or self._X_buffer is None:
                X_batch = self.X[idx]  # a view for a slice of dense data
            else:
                X_batch = self._X_buffer[:n_batch]
                np.take(self.X, idx, axis=0, out=X_batch, mode="clip")
            Y_batch = self._Y_buffer[:n_batch]
            Y_batch[...] = self.Y[idx]
            sw_batch = None if self.sample_weight is None else self.sample_weight[idx]
            yield X_batch, Y_batch, sw_batch
