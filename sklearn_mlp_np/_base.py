"""The shared estimator: parameter checks, fit / partial_fit and the solvers.

The flow of a fit: ``fit -> _fit`` (validate, initialise on the first pass,
copy the weights into one flat vector) ``-> _fit_lbfgs``, or
``_fit_stochastic`` (the epoch loop) ``-> _run_epoch -> _train_step``.
Subclasses fill small hooks: ``_validate_input`` (labels or targets),
``_output_loss_name``, ``_sample_weight`` (class weights), ``_stratify``
(the early-stopping split) and ``_validation_score``.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
import scipy.optimize
import scipy.sparse as sp
from sklearn.base import BaseEstimator, _fit_context
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.utils import check_array, check_random_state
from sklearn.utils._param_validation import Interval, Options, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from ._activations import ACTIVATIONS
from ._batches import Minibatches
from ._callbacks import CallbackSupportMixin, FitCallbacks
from ._initializers import glorot_uniform
from ._losses import LOSSES
from ._network import Network, Objective, ParameterLayout, forward
from ._optimizers import SGD, Adam
from ._penalties import ElasticNet
from ._stopping import ImprovementMonitor
from ._warn import warn

_STOCHASTIC_SOLVERS = ("sgd", "adam")


def _solver_is_stochastic(estimator) -> bool:
    # Used by available_if: partial_fit exists only for the stochastic solvers.
    if estimator.solver not in _STOCHASTIC_SOLVERS:
        raise AttributeError(
            f"partial_fit is only available for the stochastic solvers "
            f"{_STOCHASTIC_SOLVERS}; solver={estimator.solver!r} is not one."
        )
    return True


@dataclass
class _SolverState:
    """What the stochastic solvers carry from one call to the next."""

    optimizer: SGD | Adam
    monitor: ImprovementMonitor


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

        Y is in X's dtype, or bool for class indicators.
        """

    @abstractmethod
    def _output_loss_name(self) -> str:
        """Key of ``LOSSES`` for the output layer."""

    @abstractmethod
    def _validation_score(self, Z, y, sample_weight) -> float:
        """Score of the output pre-activations ``Z`` on held-out ``y``.

        Higher is better; NaN when ``Z`` is not finite.
        """

    def _sample_weight(self, X, y, sample_weight, incremental: bool):
        """Checked sample weights (None for unit weights), in X's dtype."""
        return _checked_sample_weight(sample_weight, X.shape[0], X.dtype)

    def _stratify(self, y):
        """The labels to stratify the early-stopping split on, or None."""
        return None

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
        if incremental and self.early_stopping:
            raise ValueError(
                "partial_fit does not support early_stopping=True: there is no "
                "held-out data in a single call. Use fit, or set early_stopping=False."
            )
        hidden_layer_sizes = self._hidden_layer_sizes()
        first_pass = not hasattr(self, "coefs_") or (
            not self.warm_start and not incremental
        )
        X, y, Y = self._validate_input(X, y, incremental, reset=first_pass)
        if sp.issparse(X):
            X = X.tocsr()  # rows are gathered per batch
        sample_weight = self._sample_weight(X, y, sample_weight, incremental)
        layout = ParameterLayout([X.shape[1], *hidden_layer_sizes, Y.shape[1]])
        # One random state per call, drawn from in scikit-learn's order
        # (weights, validation split, shuffles) so seeds give the same runs.
        rng = check_random_state(self.random_state)
        if first_pass:
            self._initialize(layout, X.dtype, rng)
        self._set_network_attributes(layout)
        # Train on a copy in one flat vector: arrays a user assigned to coefs_
        # or intercepts_ are never written to. From here on coefs_ and
        # intercepts_ are views into the vector the solver updates.
        params = layout.pack(self.coefs_, self.intercepts_, X.dtype)
        self.coefs_, self.intercepts_ = layout.views(params)

        metadata = None if sample_weight is None else {"sample_weight": sample_weight}
        max_iterations = 1 if incremental else self.max_iter
        callbacks = FitCallbacks(self, max_iterations, X, y, metadata)
        # Overflow is not warned about batch after batch: a non-finite loss
        # is the signal, and stops training with a message that says what to do.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            if self.solver == "lbfgs":
                self._fit_lbfgs(X, Y, sample_weight, layout, params, callbacks)
            else:
                self._fit_stochastic(
                    X, y, Y, sample_weight, layout, params, rng, incremental, callbacks
                )
        callbacks.end_fit()
        return self

    def _initialize(self, layout: ParameterLayout, dtype, rng) -> None:
        """Draw new weights and start the records afresh (first pass only)."""
        self.coefs_, self.intercepts_ = glorot_uniform(
            layout.layer_units, self.activation, rng, dtype
        )
        self.__dict__.pop("_solver_state", None)
        self._start_records(keep_existing=False)

    def _start_records(self, keep_existing: bool) -> None:
        """Set the training records; with ``keep_existing``, only missing ones.

        A user who assigned ``coefs_`` and ``intercepts_`` by hand (a warm
        start without a fit) may not have set them all.
        """
        records = {
            "n_iter_": 0,
            "t_": 0,
            "loss_curve_": [],
            "best_loss_": None if self.early_stopping else np.inf,
            "validation_scores_": [] if self.early_stopping else None,
            "best_validation_score_": -np.inf if self.early_stopping else None,
        }
        for name, value in records.items():
            if not keep_existing or getattr(self, name, None) is None:
                setattr(self, name, value)

    def _set_network_attributes(self, layout: ParameterLayout) -> None:
        self.n_layers_ = len(layout.layer_units)
        self.n_outputs_ = layout.layer_units[-1]
        self.out_activation_ = LOSSES[self._output_loss_name()].out_activation
        self._start_records(keep_existing=True)

    def _reconstruction_attributes(self) -> dict:
        """Copies of what a callback needs to rebuild a model that predicts."""
        attributes = {
            name: getattr(self, name)
            for name in ("n_layers_", "n_outputs_", "out_activation_", "n_iter_")
        }
        attributes["coefs_"] = [c.copy() for c in self.coefs_]
        attributes["intercepts_"] = [b.copy() for b in self.intercepts_]
        return attributes

    def _hidden_activations(self, n_hidden: int) -> list:
        return [ACTIVATIONS[self.activation]] * n_hidden

    def _objective(self, layout, params, batch_size: int, penalty=None) -> Objective:
        """The training objective of this fit, bound once."""
        return Objective(
            layout,
            params,
            self._hidden_activations(len(layout.layer_units) - 2),
            LOSSES[self._output_loss_name()],
            ElasticNet(self.alpha, self.l1_ratio) if penalty is None else penalty,
            batch_size,
        )

    # ---- the stochastic solvers --------------------------------------------

    def _prepare_solver_state(self, params: np.ndarray, incremental: bool):
        """The optimizer and the improvement monitor of this call.

        Kept on the estimator between calls, for partial_fit: the only
        solver state that is. Each fit gets a new optimizer, as in
        scikit-learn; the monitor lives until the weights are drawn anew.
        """
        state = getattr(self, "_solver_state", None)
        if state is None:
            best = self.best_validation_score_ if self.early_stopping else None
            if best is None:
                best = -(np.inf if self.best_loss_ is None else self.best_loss_)
            state = _SolverState(None, ImprovementMonitor(best))
        optimizer = state.optimizer
        if (
            not incremental
            or optimizer is None
            or optimizer.n_params != params.size
            or optimizer.dtype_name != params.dtype.name
        ):
            state.optimizer = self._make_optimizer(params)
        self._solver_state = state
        return state.optimizer, state.monitor

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
            warn(
                f"batch_size={self.batch_size} is larger than the {n_samples} "
                "training samples; it is clipped to the number of samples."
            )
        return min(self.batch_size, n_samples)

    def _split_validation(self, X, y, Y, sample_weight, rng):
        """Hold out ``validation_fraction`` of the data for early stopping.

        Returns ``(X, Y, sample_weight)`` to train on and ``(X, y,
        sample_weight)`` to validate on (None without early stopping).
        """
        if not self.early_stopping:
            return (X, Y, sample_weight), None
        try:
            train, val = train_test_split(
                np.arange(X.shape[0]),
                random_state=rng,
                test_size=self.validation_fraction,
                stratify=self._stratify(y),
            )
        except ValueError as error:
            raise ValueError(
                f"The validation set is too small to hold out for early stopping "
                f"({error}). Increase validation_fraction or the size of the "
                "dataset, or set early_stopping=False."
            ) from error
        if val.shape[0] < 2:
            raise ValueError(
                "The validation set is too small: it has fewer than 2 samples. "
                "Increase validation_fraction or the size of the dataset."
            )
        sw_train = sw_val = None
        if sample_weight is not None:
            sw_train, sw_val = sample_weight[train], sample_weight[val]
            if not sw_train.any():
                raise ValueError(
                    "Every sample left for training after holding out the "
                    "validation set has zero weight. Change random_state or "
                    "validation_fraction, or give more samples a non-zero weight."
                )
        return (X[train], Y[train], sw_train), (X[val], y[val], sw_val)

    def _fit_stochastic(
        self, X, y, Y, sample_weight, layout, params, rng, incremental, callbacks
    ):
        """The epoch loop of 'sgd' and 'adam'."""
        optimizer, monitor = self._prepare_solver_state(params, incremental)
        training, validation = self._split_validation(X, y, Y, sample_weight, rng)
        batches = Minibatches(*training, self._batch_size(training[0].shape[0]))
        objective = self._objective(layout, params, batches.batch_size)
        # What training falls back on: the best validated weights, or those
        # of the last epoch whose loss was finite.
        fallback = params.copy()
        self.n_iter_ = 0
        try:
            for _ in range(1 if incremental else self.max_iter):
                callbacks.begin_iteration()
                order = batches.shuffled_order(rng) if self.shuffle else None
                self.loss_ = self._run_epoch(objective, optimizer, batches, order)
                score = self._record_epoch(batches.n_samples, validation, callbacks)
                if not (np.isfinite(self.loss_) and np.isfinite(score)):
                    callbacks.end_iteration()
                    params[...] = fallback
                    self._report_divergence(validation)
                    break
                improved = monitor.update(score, self.tol)
                if validation is None:
                    self.best_loss_ = -monitor.best_score
                else:
                    self.best_validation_score_ = monitor.best_score
                if validation is None or improved:
                    fallback[...] = params
                optimizer.end_epoch(self.t_)
                stop = self._stop_or_slow_down(optimizer, monitor, validation)
                # A callback may ask to stop (it returns True).
                if callbacks.end_iteration() or stop:
                    break
                if self.n_iter_ == self.max_iter and not incremental:
                    warn(
                        f"Stochastic optimizer: maximum iterations ({self.max_iter}) "
                        "reached and the optimization hasn't converged yet. "
                        "Increase max_iter or relax tol.",
                        ConvergenceWarning,
                    )
        except KeyboardInterrupt:
            params[...] = fallback
            warn(
                "Training interrupted by user; the weights of the last finished "
                "epoch (with early stopping, the best validated ones) were kept."
            )
        if validation is not None:
            params[...] = fallback

    def _run_epoch(self, objective, optimizer, batches, order) -> float:
        """One pass over the minibatches; returns the mean batch loss."""
        accumulated_loss, n_seen = 0.0, 0
        for X_batch, Y_batch, sw_batch, weight_sum in batches.iterate(order):
            if not weight_sum > 0:
                continue  # nothing to learn from a batch of zero weight
            batch_loss = self._train_step(
                objective, optimizer, X_batch, Y_batch, sw_batch, weight_sum
            )
            # Weighted by batch size, as scikit-learn reports loss_.
            n_batch = X_batch.shape[0]
            accumulated_loss += batch_loss * n_batch
            n_seen += n_batch
        return accumulated_loss / n_seen

    @staticmethod
    def _train_step(objective, optimizer, X, Y, sample_weight, weight_sum) -> float:
        """Loss and gradient of one batch, the update, then the L1 proximal step."""
        loss = objective.loss_and_gradient(
            X, Y, sample_weight, optimizer.gradient_scale, weight_sum
        )
        optimizer.step(objective.params, objective.grad)
        penalty = objective.penalty
        if penalty.l1:
            step_size = optimizer.proximal_step_size(objective.layout.n_weights)
            # The gradient is free after the step: scratch space.
            penalty.inplace_proximal_step(
                objective.weights, step_size / weight_sum, objective.weight_grads
            )
        return loss

    def _record_epoch(self, n_samples, validation, callbacks) -> float:
        """Record the epoch; return its score (validation score, or -loss)."""
        self.n_iter_ += 1
        self.t_ += n_samples
        self.loss_curve_.append(self.loss_)
        if self.verbose and not callbacks.replaces_verbose_lines:
            print(f"Iteration {self.n_iter_}, loss = {self.loss_:.8f}")
        if validation is None:
            return -self.loss_
        X_val, y_val, sw_val = validation
        score = self._validation_score(
            self._forward_output(X_val, validate=False), y_val, sw_val
        )
        self.validation_scores_.append(score)
        if self.verbose:
            print(f"Validation score: {score:f}")
        return score

    def _stop_or_slow_down(self, optimizer, monitor, validation) -> bool:
        """After too many epochs without improvement: lower the rate, or stop."""
        if not monitor.should_stop(self.n_iter_no_change):
            return False
        what = "Validation score" if validation else "Training loss"
        message = (
            f"{what} did not improve more than tol={self.tol:f} for "
            f"{self.n_iter_no_change} consecutive epochs."
        )
        if optimizer.reduce_learning_rate():
            monitor.reset_count()
            if self.verbose:
                print(f"{message} Setting learning rate to {optimizer.learning_rate:f}")
            return False
        if self.verbose:
            print(f"{message} Stopping.")
        return True

    def _report_divergence(self, validation) -> None:
        """Warn (weights validated earlier were kept) or raise (no such weights)."""
        what = f"Training diverged in epoch {self.n_iter_}: "
        what += f"the loss became {self.loss_}"
        advice = "Lower learning_rate_init, or scale the inputs (e.g. StandardScaler)."
        if validation is not None:
            warn(
                f"{what} and the validation score {self.validation_scores_[-1]}. "
                f"The weights with the best validation score were kept. {advice}",
                ConvergenceWarning,
            )
            return
        raise ValueError(
            f"Solver produced non-finite parameter weights. {what}; the weights "
            f"of the last finite epoch were kept. {advice}"
        )

    # ---- L-BFGS ----------------------------------------------------------------

    def _fit_lbfgs(self, X, Y, sample_weight, layout, params, callbacks) -> None:
        """Minimise the penalised loss on the whole data with L-BFGS-B.

        The solver works on the flat vector itself (a float64 copy where the
        data is float32). With an L1 part, on its split form (see
        ``ElasticNet.split``): ``loss_curve_`` then records that objective.
        """
        penalty = ElasticNet(self.alpha, self.l1_ratio)
        objective = self._objective(
            layout, params, X.shape[0], penalty=penalty.smooth_part()
        )
        Y = Y.astype(X.dtype, copy=False)
        weight_sum = X.shape[0] if sample_weight is None else sample_weight.sum()
        n_weights = layout.n_weights
        if penalty.l1:
            x0, bounds = penalty.split(params, n_weights)
        else:
            x0, bounds = params.astype(np.float64), None

        def set_params(x):
            if penalty.l1:
                penalty.merge(x, n_weights, out=params)
            else:
                params[...] = x

        def loss_and_gradient(x):
            set_params(x)
            loss = objective.loss_and_gradient(
                X, Y, sample_weight, weight_sum=weight_sum
            )
            if penalty.l1:
                return penalty.split_value_and_gradient(
                    x, n_weights, loss, objective.grad, 1 / weight_sum
                )
            return loss, objective.grad.astype(np.float64)

        losses, stopped_by_callback = [], []

        def record(intermediate_result):
            losses.append(float(intermediate_result.fun))
            if self.verbose and not callbacks.replaces_verbose_lines:
                print(f"Iteration {len(losses)}, loss = {losses[-1]:.8f}")
            callbacks.begin_iteration(task_name="lbfgs-iteration")
            if callbacks.end_iteration():
                stopped_by_callback.append(True)
                raise StopIteration  # scipy ends the minimisation

        result = scipy.optimize.minimize(
            loss_and_gradient,
            x0,
            method="L-BFGS-B",
            jac=True,
            bounds=bounds,
            callback=record,
            options=dict(maxfun=self.max_fun, maxiter=self.max_iter, gtol=self.tol),
        )
        if not (np.isfinite(result.fun) and np.isfinite(result.x).all()):
            set_params(x0)
            raise ValueError(
                f"Solver produced non-finite parameter weights: the loss is "
                f"{result.fun}, the network overflows on this data. The initial "
                "weights were kept. Scale the inputs (e.g. with StandardScaler)."
            )
        set_params(result.x)
        self.n_iter_ = min(result.nit, self.max_iter)
        self.loss_ = float(result.fun)
        self.loss_curve_ = losses
        self.best_loss_ = min(losses, default=self.loss_)
        if result.status != 0 and not stopped_by_callback:
            warn(
                f"lbfgs failed to converge after {result.nit} iteration(s) "
                f"(status={result.status}): {result.message}. Increase max_iter "
                "(or max_fun), or scale the inputs (e.g. with StandardScaler).",
                ConvergenceWarning,
            )

    # ---- prediction ------------------------------------------------------------

    def _forward_output(self, X, validate: bool = True) -> np.ndarray:
        """The output layer's pre-activation ``Z`` for the rows of ``X``.

        Not checked for overflow: the public methods refuse non-finite output.
        """
        if validate:
            check_is_fitted(self)
            X = validate_data(
                self,
                X,
                accept_sparse=["csr", "csc"],
                dtype=(np.float64, np.float32),
                reset=False,
            )
        network = Network(
            self.coefs_, self.intercepts_, self._hidden_activations(self.n_layers_ - 2)
        )
        with np.errstate(over="ignore", invalid="ignore"):
            return forward(network, X)[-1]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags


def _checked_sample_weight(sample_weight, n_samples: int, dtype):
    """Sample weights as a 1-D array in ``dtype``, or None for unit weights.

    Refuses NaN or infinite weights, a wrong length, negative weights and
    weights that are all zero (whatever the installed scikit-learn accepts).
    """
    if sample_weight is None:
        return None
    if isinstance(sample_weight, Real):
        sample_weight = np.full(n_samples, sample_weight)
    sample_weight = check_array(
        sample_weight, ensure_2d=False, dtype=dtype, input_name="sample_weight"
    )
    if sample_weight.shape != (n_samples,):
        raise ValueError(
            f"sample_weight.shape == {sample_weight.shape}, expected "
            f"{(n_samples,)}: pass one weight per sample."
        )
    if (sample_weight < 0).any():
        raise ValueError(
            "Negative values in data passed to `sample_weight`: weights must be "
            "non-negative."
        )
    if not sample_weight.any():
        raise ValueError(
            "Sample weights must contain at least one non-zero number: with all "
            "weights zero there is nothing to learn from."
        )
    return sample_weight


def _check_finite_output(values: np.ndarray) -> np.ndarray:
    """Refuse to return predictions computed from an overflowed network."""
    if not np.isfinite(values).all():
        raise ValueError(
            "The network's output is not finite for some samples: their features "
            "are too large in magnitude for this model. Scale X as the training "
            "data was scaled (e.g. with the same StandardScaler)."
        )
    return values
