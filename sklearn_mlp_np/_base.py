"""The shared estimator: parameter checks, fit / partial_fit, predict and transform.

The flow of a fit: validate (parameters, then data through a subclass hook)
-> initialise on the first pass only -> copy the weights into one flat vector
-> solve (``_solvers``); ``coefs_`` and ``intercepts_`` are then views into
that vector. Subclasses fill small hooks: ``_validate_input`` (labels or
targets), ``_held_out_targets``, ``_output_loss``, ``_sample_weight``
(class weights), ``_stratify`` (the early-stopping split) and
``_validation_score``.
"""

import dataclasses
from abc import ABC, abstractmethod
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
from sklearn.base import (
    BaseEstimator,
    ClassNamePrefixFeaturesOutMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.metrics import check_scoring, get_scorer_names
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, Options, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from ._activations import ACTIVATIONS, make_activation
from ._callbacks import CallbackSupportMixin, FitCallbacks
from ._embeddings import EmbeddingSettings, initial_embedding
from ._held_out import (
    HeldOut,
    checked_held_out,
    checked_sample_weight,
    split_off,
    warn_if_far_out,
)
from ._inference import forward_in_chunks
from ._initializers import INITIALIZERS, initial_weights
from ._losses import OutputLoss
from ._network import Network, ObjectiveSpec, ParameterLayout
from ._penalties import Penalty
from ._plan import OptimizerSettings, StoppingRule, TrainingData, TrainingPlan
from ._records import RECORD_ATTRIBUTES, TrainingRecords
from ._schedules import SCHEDULES
from ._solvers import LbfgsSolver, StochasticSolver
from ._training_state import TrainingState
from ._warn import warn

_STOCHASTIC_SOLVERS = ("sgd", "adam")
# A numeric embedding's parameters, in the order of the flat vector.
EMBEDDING_ATTRIBUTES = (
    "embedding_frequencies_",
    "embedding_weights_",
    "embedding_intercepts_",
)


def _solver_is_stochastic(estimator) -> bool:
    # Used by available_if: partial_fit exists only for the stochastic solvers.
    if estimator.solver not in _STOCHASTIC_SOLVERS:
        raise AttributeError(
            f"partial_fit is only available for the stochastic solvers "
            f"{_STOCHASTIC_SOLVERS}; solver={estimator.solver!r} is not one."
        )
    return True


@dataclass(frozen=True)
class _NetworkOptions:
    """The network's checked parameters: one value per hidden layer."""

    hidden_layer_sizes: list[int]
    activations: list[str]
    dropout: list[float]
    embedding: EmbeddingSettings | None = None


@dataclass(frozen=True)
class _Problem:
    """What one call of fit or partial_fit was given, checked."""

    X: object
    y: np.ndarray
    Y: np.ndarray
    sample_weight: np.ndarray | None
    held_out: HeldOut | None


class BaseNumpyMLP(
    ClassNamePrefixFeaturesOutMixin,
    TransformerMixin,
    CallbackSupportMixin,
    BaseEstimator,
    ABC,
):
    """Base class of the multilayer perceptrons. Use the subclasses."""

    _parameter_constraints: dict = {
        "hidden_layer_sizes": [
            "array-like",
            Interval(Integral, 1, None, closed="left"),
        ],
        "activation": [StrOptions(set(ACTIVATIONS)), list, tuple],
        "solver": [StrOptions({"lbfgs", *_STOCHASTIC_SOLVERS})],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "l1_ratio": [Interval(Real, 0, 1, closed="both")],
        "alpha_features": [Interval(Real, 0, None, closed="left")],
        "dropout": [Interval(Real, 0, 1, closed="left"), list, tuple],
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
        "scoring": [None, StrOptions({"loss", *get_scorer_names()}), callable],
        "validation_fraction": [Interval(Real, 0, 1, closed="left")],
        "beta_1": [Interval(Real, 0, 1, closed="left")],
        "beta_2": [Interval(Real, 0, 1, closed="left")],
        "epsilon": [Interval(Real, 0, None, closed="neither")],
        "n_iter_no_change": [
            Interval(Integral, 1, None, closed="left"),
            Options(Real, {np.inf}),
        ],
        "max_fun": [Interval(Integral, 1, None, closed="left")],
        "learning_rate_schedule": [None, StrOptions(set(SCHEDULES))],
        "warmup_fraction": [None, Interval(Real, 0, 1, closed="left")],
        "max_grad_norm": [None, Interval(Real, 0, None, closed="neither")],
        "weight_decay": [Interval(Real, 0, None, closed="left")],
        "weight_init": [StrOptions(set(INITIALIZERS))],
        "output_init": [StrOptions({"random", "zero"})],
    }

    # ---- hooks filled by the subclasses -------------------------------------

    @abstractmethod
    def _validate_input(self, X, y, incremental: bool, reset: bool):
        """Return ``(X, y, Y)``: checked X, checked y, 2-D targets Y.

        Y is in X's dtype, or bool for class indicators.
        """

    @abstractmethod
    def _held_out_targets(self, y_val, dtype, n_outputs: int):
        """Return ``(y, Y)`` for held-out targets, checked against the fit's."""

    @abstractmethod
    def _output_loss(self) -> OutputLoss:
        """The output layer's loss record (from ``_losses.make_loss``)."""

    @abstractmethod
    def _validation_score(self, predictions, y, sample_weight) -> float:
        """The estimator's ``score`` from its output-layer ``predictions``."""

    def _prepare_targets(self, y, Y, sample_weight, first_pass: bool, dtype):
        """Fit what the loss takes from the targets, check them, return Y.

        The returned Y has one column per output unit, in ``dtype`` (X's) or
        bool for class indicators.
        """
        return Y

    def _sample_weight(self, X, y, sample_weight, incremental: bool):
        """Checked sample weights (None for unit weights), in X's dtype."""
        return checked_sample_weight(sample_weight, X.shape[0], X.dtype)

    def _stratify(self, y):
        """The labels to stratify the early-stopping split on, or None."""
        return None

    # ---- fit -----------------------------------------------------------------

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(
        self,
        X,
        y,
        sample_weight=None,
        *,
        X_val=None,
        y_val=None,
        sample_weight_val=None,
    ):
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

        X_val : {array-like, sparse matrix} of shape (n_val, n_features), \
                default=None
            Held-out data, scored after every epoch (``validation_scores_``,
            ``validation_loss_curve_``). With ``early_stopping=True`` it
            replaces the ``validation_fraction`` split. It reaches the
            network as given: in a ``Pipeline``, pass
            ``Pipeline(..., transform_input=["X_val"])`` with metadata
            routing enabled (``sklearn.set_config(enable_metadata_routing=True)``
            and ``set_fit_request(X_val=True, y_val=True)``) to transform it
            as X. A warning says when its features lie far outside X's range.

        y_val : array-like of shape (n_val,) or (n_val, n_outputs), default=None
            The targets of ``X_val``; required with it.

        sample_weight_val : array-like of shape (n_val,), default=None
            Sample weights of ``X_val``.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        return self._fit(
            X,
            y,
            sample_weight,
            incremental=False,
            held_out=(X_val, y_val, sample_weight_val),
        )

    def _fit(self, X, y, sample_weight, incremental: bool, held_out=(None,) * 3):
        network = self._network_options(incremental)
        first_pass = not hasattr(self, "coefs_") or (
            not self.warm_start and not incremental
        )
        X, y, Y = self._validate_input(X, y, incremental, reset=first_pass)
        if sp.issparse(X):
            X = X.tocsr()  # rows are gathered per batch
        sample_weight = self._sample_weight(X, y, sample_weight, incremental)
        Y = self._prepare_targets(y, Y, sample_weight, first_pass, X.dtype)
        held_out = checked_held_out(self, *held_out, X.dtype, Y.shape[1])
        warn_if_far_out(X, held_out)  # once per call, before any split
        problem = _Problem(X, y, Y, sample_weight, held_out)
        # After the validation: an embedding's columns come from the encoding.
        network = dataclasses.replace(network, embedding=self._embedding_settings(X))
        layout = ParameterLayout(
            [X.shape[1], *network.hidden_layer_sizes, Y.shape[1]],
            input_scaling=self._has_input_scaling(),
            embedding=None if network.embedding is None else network.embedding.shape,
        )
        # One random state per call, drawn from in scikit-learn's order
        # (weights, validation split, then each epoch's shuffle and its
        # dropout masks), so that seeds give the same runs.
        rng = check_random_state(self.random_state)
        if first_pass:
            self._initialize(layout, network, X.dtype, rng)
        plan = self._training_plan(problem, network, layout, rng, incremental)
        if first_pass:
            self._start_output_at_baseline(plan.spec.output_loss, plan.data)
        self._check_scoring_is_used(plan.held_out is not None, incremental)
        self.n_layers_ = len(layout.layer_units)
        self.n_outputs_ = layout.layer_units[-1]
        self.out_activation_ = plan.spec.output_loss.out_activation
        params = self._bind_parameters(layout, X.dtype)
        metadata = None if sample_weight is None else {"sample_weight": sample_weight}
        callbacks = FitCallbacks(self, plan.n_epochs, X, y, metadata)
        records = TrainingRecords(
            self,
            plan.held_out is not None,
            tracks_training_loss=not self.early_stopping,
        )
        # Overflow is not warned about batch after batch: a non-finite loss
        # is the signal, and stops training with a message that says what to do.
        errstate = np.errstate(over="ignore", invalid="ignore", divide="ignore")
        with callbacks.fit_task(), errstate:  # the fit's end hook runs anyway
            if self.solver == "lbfgs":
                LbfgsSolver(plan, params, records, callbacks).run()
            else:
                state = self.__dict__.setdefault("_training_state", TrainingState())
                StochasticSolver(plan, params, state, records, callbacks).run()
        return self

    def _bind_parameters(self, layout: ParameterLayout, dtype) -> np.ndarray:
        """Copy the parameters into one flat vector; return it.

        Train on a copy: arrays a user assigned to coefs_ or intercepts_ are
        never written to. From here on coefs_, intercepts_ (and
        input_scale_, and the embedding's attributes) are views into the
        vector the solver updates. Factors of a network that no longer
        scales its inputs are folded into its first weights. An embedding
        that does not fit the layout's (added, removed or resized under
        warm_start) is refused with a ValueError.
        """
        embedding = None
        if hasattr(self, EMBEDDING_ATTRIBUTES[0]):
            embedding = [getattr(self, name) for name in EMBEDDING_ATTRIBUTES]
        scale = getattr(self, "input_scale_", None)
        coefs = self.coefs_
        if scale is not None and not layout.n_scales:
            coefs = [coefs[0] * np.asarray(scale)[:, np.newaxis], *coefs[1:]]
        params = layout.pack(coefs, self.intercepts_, dtype, scale, embedding)
        self.__dict__.pop("input_scale_", None)
        self.coefs_, self.intercepts_ = layout.views(params)
        if layout.n_scales:
            self.input_scale_ = layout.input_scale(params)
        if layout.embedding is not None:
            for name, view in zip(EMBEDDING_ATTRIBUTES, layout.embedding_views(params)):
                setattr(self, name, view)
        return params

    def _has_input_scaling(self) -> bool:
        """Whether the network scales each input feature by a learnt factor."""
        return False

    def _embedding_settings(self, X) -> EmbeddingSettings | None:
        """The numeric embedding to train on the rows of ``X``, or None.

        Called after the validation: ``X`` is the encoded input.
        """
        return None

    def _embedding_passes_columns(self) -> bool:
        """Whether the fitted embedding passes its columns to the first layer."""
        return False

    def _keeps_last_best_epoch(self) -> bool:
        """Whether ties of the best held-out score go to the later epoch."""
        return False

    def _rate_groups(self, layout: ParameterLayout, dtype):
        """Per-parameter factors of the stochastic solver's rate, or None."""
        return None

    def _training_plan(self, problem, network, layout, rng, incremental: bool):
        """Freeze the checked parameters and data of this call (see ``_plan``).

        The stochastic solvers with early stopping and no ``X_val`` hold out
        ``validation_fraction`` of the data here.
        """
        stochastic = self.solver in _STOCHASTIC_SOLVERS
        data = TrainingData(problem.X, problem.Y, problem.sample_weight)
        held_out, p = problem.held_out, problem
        if stochastic and held_out is None and self.early_stopping:
            given = HeldOut(p.X, p.y, p.Y, p.sample_weight)
            training, held_out = split_off(
                given, rng, self.validation_fraction, self._stratify(p.y)
            )
            data = TrainingData(*training)
        spec = ObjectiveSpec(
            layout,
            tuple(make_activation(name) for name in network.activations),
            self._output_loss(),
            Penalty(
                self.alpha, self.l1_ratio, self.alpha_features, layout.coef_shapes[0]
            ),
            None if network.embedding is None else network.embedding.activation(),
        )
        n_samples = data.X.shape[0]
        return TrainingPlan(
            spec=spec,
            dropout=tuple(network.dropout),
            optimizer=self._optimizer_settings() if stochastic else None,
            stopping=StoppingRule(
                self.max_iter, self.tol, self.n_iter_no_change, self.early_stopping
            ),
            data=data,
            X_all=problem.X,
            held_out=held_out,
            score_held_out=None if held_out is None else self._scorer_of(held_out),
            scoring=self.scoring,
            batch_size=self._batch_size(n_samples) if stochastic else n_samples,
            rng=rng,
            shuffle=self.shuffle,
            incremental=incremental,
            verbose=self.verbose,
            max_fun=self.max_fun,
            rate_groups=self._rate_groups(layout, data.X.dtype) if stochastic else None,
            keeps_last_best=self._keeps_last_best_epoch(),
        )

    def _optimizer_settings(self) -> OptimizerSettings:
        return OptimizerSettings(
            solver=self.solver,
            learning_rate_init=self.learning_rate_init,
            learning_rate=self.learning_rate,
            power_t=self.power_t,
            momentum=self.momentum,
            nesterov=self.nesterovs_momentum,
            beta_1=self.beta_1,
            beta_2=self.beta_2,
            epsilon=self.epsilon,
            weight_decay=self.weight_decay,
            max_grad_norm=self.max_grad_norm,
            step_schedule=self.learning_rate_schedule,
            warmup_fraction=self.warmup_fraction,
        )

    def _scorer_of(self, held_out: HeldOut):
        """``score(predictions, loss)`` of the held-out data, by ``scoring``.

        None is the estimator's ``score`` (from the predictions), 'loss' the
        negated held-out loss, anything else a scorer of ``check_scoring``
        (which predicts with the current weights).
        """
        scoring, weights = self.scoring, held_out.sample_weight
        if scoring is None:
            return lambda predictions, loss: self._validation_score(
                predictions, held_out.y, weights
            )
        if scoring == "loss":
            return lambda predictions, loss: -loss
        scorer = check_scoring(self, scoring)
        kwargs = {} if weights is None else {"sample_weight": weights}
        return lambda predictions, loss: float(
            scorer(self, held_out.X, held_out.y, **kwargs)
        )

    def _hidden_layer_sizes(self) -> list[int]:
        sizes = self.hidden_layer_sizes
        sizes = list(sizes) if hasattr(sizes, "__iter__") else [sizes]
        if any(not isinstance(s, Integral | np.integer) or s <= 0 for s in sizes):
            raise ValueError(
                f"hidden_layer_sizes must hold positive integers, got {sizes}."
            )
        return [int(s) for s in sizes]

    def _per_hidden_layer(self, name: str, n_hidden: int) -> list:
        """One value of parameter ``name`` per hidden layer."""
        value = getattr(self, name)
        if isinstance(value, str | Real):
            return [value] * n_hidden
        values = list(value)
        if len(values) != n_hidden:
            raise ValueError(
                f"{name}={value!r} has {len(values)} entries, but the network "
                f"has {n_hidden} hidden layers (hidden_layer_sizes="
                f"{self.hidden_layer_sizes!r}). Give one per hidden layer, or one "
                "value for all."
            )
        return values

    def _activation_names(self, n_hidden: int) -> list[str]:
        names = self._per_hidden_layer("activation", n_hidden)
        unknown = [name for name in names if name not in ACTIVATIONS]
        if unknown:
            raise ValueError(
                f"activation={self.activation!r} names {unknown}, which are not "
                f"activations. Choose from {sorted(ACTIVATIONS)}."
            )
        return names

    def _dropout_rates(self, n_hidden: int) -> list[float]:
        rates = self._per_hidden_layer("dropout", n_hidden)
        if not all(isinstance(r, Real) and 0 <= r < 1 for r in rates):
            raise ValueError(
                f"dropout={self.dropout!r}: each rate must be a number in [0, 1)."
            )
        return [float(r) for r in rates]

    def _network_options(self, incremental: bool) -> "_NetworkOptions":
        """The checked network parameters, one value per hidden layer."""
        sizes = self._hidden_layer_sizes()
        options = _NetworkOptions(
            sizes,
            self._activation_names(len(sizes)),
            self._dropout_rates(len(sizes)),
        )
        self._check_solver_options(incremental, options.dropout)
        return options

    def _check_solver_options(self, incremental: bool, dropout: list[float]) -> None:
        if incremental and self.early_stopping:
            raise ValueError(
                "partial_fit does not support early_stopping=True: there is no "
                "held-out data in a single call. Use fit, or set early_stopping=False."
            )
        if self.solver == "lbfgs" and any(dropout):
            raise ValueError(
                f"dropout={self.dropout!r} needs a stochastic solver: under "
                "solver='lbfgs' the objective would change between the line "
                "search's evaluations. Use solver='adam' or 'sgd', or dropout=0."
            )
        self._check_stochastic_options()
        if self.solver == "lbfgs" and self.alpha_features:
            raise ValueError(
                f"alpha_features={self.alpha_features!r} is applied as a proximal "
                "step, which solver='lbfgs' does not take. Use solver='adam' or "
                "'sgd', or alpha_features=0."
            )

    def _check_stochastic_options(self) -> None:
        """Options of the stochastic solvers: refused where they would do nothing."""
        stochastic_only = {
            "learning_rate_schedule": self.learning_rate_schedule is not None,
            "max_grad_norm": self.max_grad_norm is not None,
        }
        for name, given in stochastic_only.items():
            if self.solver == "lbfgs" and given:
                raise ValueError(
                    f"{name}={getattr(self, name)!r} needs a stochastic solver: "
                    f"solver='lbfgs' takes no steps of a learning rate. Use "
                    f"solver='adam' or 'sgd', or {name}=None."
                )
        if self.weight_decay and self.solver != "adam":
            raise ValueError(
                f"weight_decay={self.weight_decay!r} is Adam's decoupled weight "
                f"decay (AdamW); solver={self.solver!r} has none. Use "
                "solver='adam', or alpha for an L2 penalty in the loss."
            )
        if (
            self.learning_rate_schedule is not None
            and self.solver == "sgd"
            and self.learning_rate != "constant"
        ):
            raise ValueError(
                f"learning_rate={self.learning_rate!r} and learning_rate_schedule="
                f"{self.learning_rate_schedule!r} are two schedules of the rate: "
                "choose one. Set learning_rate='constant' to use the step "
                "schedule, or learning_rate_schedule=None."
            )

    def _check_scoring_is_used(self, scores_held_out: bool, incremental: bool):
        # scikit-learn's HistGradientBoosting ignores such a scoring silently;
        # a setting that does nothing should say so.
        if self.scoring is None or scores_held_out:
            return
        if incremental:
            why = "partial_fit holds out no data and takes no X_val"
            fix = "Call fit with early_stopping=True, or with X_val and y_val"
        else:
            why = (
                f"early_stopping={self.early_stopping} with solver="
                f"{self.solver!r}, and no X_val"
            )
            fix = (
                "Set early_stopping=True with solver='sgd' or 'adam', or pass "
                "X_val and y_val to fit"
            )
        warn(
            f"scoring={self.scoring!r} is not used: there is no held-out data "
            f"to score ({why}). {fix}; or leave scoring=None."
        )

    def _initialize(self, layout, network: _NetworkOptions, dtype, rng) -> None:
        """Draw new weights, forget the training state and records (first pass).

        An embedding is drawn after the layers' weights, so that the layers
        take the same draws with and without one.
        """
        # Each weight matrix is drawn for the activation it feeds (the output
        # layer's for the last hidden one's): scikit-learn's rule for one.
        activations = network.activations
        feeds = activations + activations[-1:] if activations else [self.activation]
        self.coefs_, self.intercepts_ = initial_weights(
            layout.layer_units,
            feeds,
            rng,
            dtype,
            scheme=self.weight_init,
            zero_output=self.output_init == "zero",
        )
        forgotten = ("_training_state", "input_scale_", *EMBEDDING_ATTRIBUTES)
        for name in (*forgotten, *RECORD_ATTRIBUTES):
            self.__dict__.pop(name, None)
        if network.embedding is not None:
            drawn = initial_embedding(
                network.embedding.shape, network.embedding.sigma, rng, dtype
            )
            for name, array in zip(EMBEDDING_ATTRIBUTES, drawn):
                setattr(self, name, array)

    def _start_output_at_baseline(self, output_loss, data: TrainingData) -> None:
        """Start the output bias at the loss's best constant, where it has one.

        HistGradientBoosting's baseline: the drawn bias ignores where the
        targets lie, and the robust losses' bounded gradients take many
        epochs to get there.
        """
        if output_loss.baseline is not None:
            start = output_loss.baseline(data.Y, data.sample_weight)
            self.intercepts_[-1] = start.astype(data.X.dtype)

    def _reconstruction_attributes(self) -> dict:
        """Copies of what a callback needs to rebuild a model that predicts."""
        attributes = {
            name: getattr(self, name)
            for name in ("n_layers_", "n_outputs_", "out_activation_", "n_iter_")
        }
        attributes["coefs_"] = [c.copy() for c in self.coefs_]
        attributes["intercepts_"] = [b.copy() for b in self.intercepts_]
        for name in ("input_scale_", *EMBEDDING_ATTRIBUTES):
            if hasattr(self, name):
                attributes[name] = getattr(self, name).copy()
        return attributes

    # scikit-learn warns when batch_size exceeds the samples; an estimator
    # whose default batch size is a largest size sets this to False.
    _warns_of_a_clipped_batch = True

    def _batch_size(self, n_samples: int) -> int:
        if self.batch_size == "auto":
            return min(200, n_samples)
        if self.batch_size > n_samples and self._warns_of_a_clipped_batch:
            warn(
                f"batch_size={self.batch_size} is larger than the {n_samples} "
                "training samples; it is clipped to the number of samples."
            )
        return min(self.batch_size, n_samples)

    # ---- prediction and transform ------------------------------------------

    def _effective_coefs(self) -> list[np.ndarray]:
        """The weight matrices the network applies to its inputs.

        With input scaling, the first is ``input_scale_[:, None] * coefs_[0]``.
        """
        scale = getattr(self, "input_scale_", None)
        if scale is None:
            return self.coefs_
        return [self.coefs_[0] * scale[:, np.newaxis], *self.coefs_[1:]]

    def _network(self) -> Network:
        n_hidden = self.n_layers_ - 2
        activations = [make_activation(a) for a in self._activation_names(n_hidden)]
        return Network(self._effective_coefs(), self.intercepts_, activations)

    def _validated_Xy(self, X, y, reset: bool, y_numeric: bool = False):
        """Checked ``(X, y)``: X a float array or a sparse matrix."""
        return validate_data(
            self,
            X,
            y,
            accept_sparse=["csr", "csc"],
            multi_output=True,
            y_numeric=y_numeric,
            dtype=(np.float64, np.float32),
            reset=reset,
        )

    def _checked_held_out_X(self, X_val, dtype):
        """``X_val`` checked as X was, in ``dtype`` (X's)."""
        return validate_data(
            self, X_val, accept_sparse=["csr", "csc"], dtype=dtype, reset=False
        )

    def _checked_X(self, X):
        check_is_fitted(self)
        return validate_data(
            self,
            X,
            accept_sparse=["csr", "csc"],
            dtype=(np.float64, np.float32),
            reset=False,
        )

    def _forward(self, X, keep: list[int]) -> list[np.ndarray]:
        """The outputs of the layers ``keep`` (see ``forward_in_chunks``).

        Run in chunks of rows, in bounded memory. A non-finite pre-activation
        anywhere in the network is an error, as it is in training.
        """
        outputs = forward_in_chunks(self._network(), X, keep)
        if outputs is None:
            _raise_not_finite()
        return outputs

    def _forward_output(self, X) -> np.ndarray:
        """The output layer's pre-activation ``Z`` for the rows of ``X``."""
        return self._forward(self._checked_X(X), [self.n_layers_ - 2])[0]

    def layer_activations(self, X) -> list[np.ndarray]:
        """Every layer's activations for the samples in X, as in prediction.

        The rows are processed in chunks, but every layer is returned: the
        result takes ``n_samples * sum(units)`` floats, one layer's worth per
        hidden unit and output. Use :meth:`transform` for the last hidden
        layer alone, or pass X in slices.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The input data.

        Returns
        -------
        activations : list of ndarray
            One array per layer after the input, ``n_layers_ - 1`` in all:
            each hidden layer's output of shape (n_samples, units), then the
            output layer's (probabilities or predicted values, shape
            (n_samples, `n_outputs_`)). No dropout is applied.
        """
        X = self._checked_X(X)
        outputs = self._forward(X, list(range(self.n_layers_ - 1)))
        with np.errstate(over="ignore", invalid="ignore"):
            self._output_loss().inplace_output(outputs[-1])
        _check_finite_output(outputs[-1])  # exp can overflow where Z did not
        return outputs

    def transform(self, X):
        """The last hidden layer's activations: the features the network learnt.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The input data.

        Returns
        -------
        X_new : ndarray of shape (n_samples, hidden_layer_sizes[-1])
            The output of the last hidden layer (no dropout), in X's dtype.
        """
        X = self._checked_X(X)
        if self.n_layers_ < 3:
            raise ValueError(
                "The network has no hidden layer (hidden_layer_sizes=()), so "
                "there is nothing to transform X into."
            )
        return self._forward(X, [self.n_layers_ - 3])[0]

    @property
    def _n_features_out(self) -> int:
        return self.coefs_[-1].shape[0]

    @property
    def feature_importances_(self) -> np.ndarray:
        """Share of each input feature in the first layer: its row's norm.

        The Euclidean norms of the rows of ``coefs_[0]`` (the weights leaving
        each feature), divided by their sum: zero for a feature the network
        no longer uses (``alpha_features`` drops whole rows). With a numeric
        embedding, an embedded feature's norm is that of its units' rows
        together (and of its own row, where the embedding passes the column
        through). For :class:`~sklearn.feature_selection.SelectFromModel`.
        """
        check_is_fitted(self)
        norms = np.linalg.norm(self._effective_coefs()[0], axis=1)
        if hasattr(self, EMBEDDING_ATTRIBUTES[0]):
            m, _, d = self.embedding_weights_.shape
            squares = (norms[: m * d] ** 2).reshape(m, d).sum(axis=1)
            others = norms[m * d :]
            if self._embedding_passes_columns():
                squares += others[:m] ** 2
                others = others[m:]
            norms = np.concatenate([np.sqrt(squares), others])
        total = norms.sum()
        return norms / total if total > 0 else norms

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags


def _raise_not_finite():
    raise ValueError(
        "The network's output is not finite for some samples (in a hidden "
        "layer or the output): their features are too large in magnitude for "
        "this model. Scale X as the training "
        "data was scaled (e.g. with the same StandardScaler)."
    )


def _check_finite_output(values: np.ndarray) -> np.ndarray:
    """Refuse to return predictions computed from an overflowed network."""
    if not np.isfinite(values).all():
        _raise_not_finite()
    return values
