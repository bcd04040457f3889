"""TabularMLPClassifier and TabularMLPRegressor: RealMLP's recipe as defaults.

The drop-in estimators with RealMLP-TD-S's defaults (Holzmüller,
Grinsztajn and Steinwart, 2024) and the parts it adds: the encoding of
DataFrames (``_tabular_encoding``), the input-scaling layer
(``_network``), the neural-tangent parametrisation and per-group rates
(``_parametrization``) and, for the regressor, standardised targets; a
periodic embedding of the numeric columns (``_embeddings``), from the full
RealMLP-TD, is the default of both (the regressor's passes the columns
through too).
They train on the same engine: the drop-in classes keep scikit-learn's
defaults.
"""

import copy
import dataclasses
from numbers import Integral, Real

import numpy as np
from sklearn.pipeline import Pipeline
from sklearn.utils._available_if import available_if
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import (
    _check_y,
    check_array,
    check_consistent_length,
    check_is_fitted,
    validate_data,
)

from ._base import EMBEDDING_ATTRIBUTES
from ._classes import NumpyMLPClassifier, NumpyMLPRegressor
from ._embeddings import EmbeddingSettings, EmbeddingShape, PeriodicEmbedding
from ._parametrization import rate_groups
from ._tabular_encoding import TabularEncoder

_TABULAR_CONSTRAINTS = {
    "categorical_features": [StrOptions({"from_dtype"}), "array-like", None],
    "smooth_clip": [Interval(Real, 0, None, closed="neither"), None],
    "input_scaling": ["boolean"],
    "parametrization": [StrOptions({"ntk", "standard"})],
    "intercept_lr_factor": [Interval(Real, 0, None, closed="left")],
    "input_scale_lr_factor": [Interval(Real, 0, None, closed="left")],
    "dtype": [StrOptions({"float32", "float64"})],
    "numeric_embedding": [StrOptions({"pl", "plr"}), None],
    "embedding_frequencies": [Interval(Integral, 1, None, closed="left")],
    "embedding_dim": [Interval(Integral, 1, None, closed="left")],
    "embedding_sigma": [
        Interval(Real, 0, None, closed="neither"),
        tuple,
        StrOptions({"auto"}),
    ],
    "embedding_lr_factor": [Interval(Real, 0, None, closed="left")],
    "embedding_passthrough": ["boolean"],
}

#: ``embedding_sigma='auto'``: from this many rows on, each column's
#: frequencies start spread from slow to fast; below, all slow (chosen on
#: validation rows: sets of a few hundred rows overfit fast frequencies,
#: sets of a few thousand gained from them).
AUTO_SIGMA_MIN_SAMPLES = 1_000


def _resolved_sigma(sigma, n_samples: int) -> float | tuple[float, float]:
    """``embedding_sigma`` for a fit on ``n_samples`` rows, checked."""
    if isinstance(sigma, str):  # 'auto'
        return (0.1, 10.0) if n_samples >= AUTO_SIGMA_MIN_SAMPLES else 0.1
    if isinstance(sigma, tuple):
        if not (
            len(sigma) == 2
            and all(isinstance(s, Real) and np.isfinite(s) for s in sigma)
            and 0 < sigma[0] <= sigma[1]
        ):
            raise ValueError(
                "embedding_sigma as a tuple is (low, high), the lowest and "
                "the highest standard deviation of the initial frequencies, "
                f"with 0 < low <= high; got {sigma!r}."
            )
        return (float(sigma[0]), float(sigma[1]))
    return float(sigma)


def _without_validation_split(estimator) -> bool:
    # partial_fit exists for the stochastic solvers without early stopping:
    # one call holds out no rows to choose the best epoch from.
    if estimator.early_stopping or estimator.solver not in ("sgd", "adam"):
        raise AttributeError(
            "partial_fit needs solver='sgd' or 'adam' and early_stopping=False "
            f"(got solver={estimator.solver!r}, early_stopping="
            f"{estimator.early_stopping!r}): one call holds out no rows to "
            "choose the best epoch from."
        )
    return True


class _TabularMixin:
    """The encoding, the scaling layer and the per-group rates of both classes."""

    # The recipe's batch of 256 is a largest size: no warning on fewer rows.
    _warns_of_a_clipped_batch = False

    def _encoded(self, X, reset: bool) -> np.ndarray:
        """X encoded as the network's float array (the encoding fitted on reset)."""
        if not hasattr(X, "dtypes"):  # a DataFrame keeps its column dtypes
            X = check_array(X, dtype=None, ensure_all_finite=False)
        # The estimator's own checks of n_features_in_ and feature names,
        # on the columns the user passes; the encoder checks the values.
        validate_data(self, X, reset=reset, skip_check_array=True)
        if reset:
            self.encoder_ = TabularEncoder(
                categorical_features=self.categorical_features,
                smooth_clip=self.smooth_clip,
                dtype=self.dtype,
            ).fit(X)
        return self.encoder_.transform(X)

    def _validated_Xy(self, X, y, reset: bool, y_numeric: bool = False):
        if y is None:
            raise ValueError(
                f"{type(self).__name__} requires y to be passed, but the target "
                "y is None."
            )
        X_encoded = self._encoded(X, reset)
        y = _check_y(y, multi_output=True, y_numeric=y_numeric, estimator=self)
        check_consistent_length(X_encoded, y)
        return X_encoded, y

    def _checked_X(self, X):
        check_is_fitted(self)
        return self._encoded(X, reset=False)

    def _checked_held_out_X(self, X_val, dtype):
        return self._encoded(X_val, reset=False)

    def _keeps_last_best_epoch(self) -> bool:
        # RealMLP's rule: the multi-cycle schedule ends at a small rate, and a
        # later epoch of equal held-out accuracy has trained longer.
        return True

    def _has_input_scaling(self) -> bool:
        return self.input_scaling

    def _rate_groups(self, layout, dtype):
        return rate_groups(
            layout,
            self.solver,
            dtype,
            ntk=self.parametrization == "ntk",
            factors=(1.0, self.intercept_lr_factor, self.input_scale_lr_factor),
            embedding_factor=self.embedding_lr_factor,
        )

    def _embedding_settings(self, X):
        sigma = _resolved_sigma(self.embedding_sigma, X.shape[0])  # checks it
        # The encoding puts the numeric columns first: those are embedded.
        n_numeric = int(np.count_nonzero(~self.encoder_.is_categorical_))
        if self.numeric_embedding is None or n_numeric == 0:
            return None
        shape = EmbeddingShape(
            n_numeric,
            self.embedding_frequencies,
            self.embedding_dim,
            self.embedding_passthrough,
        )
        return EmbeddingSettings(self.numeric_embedding, shape, sigma)

    def _network(self):
        network = super()._network()
        if not hasattr(self, EMBEDDING_ATTRIBUTES[0]):
            return network
        if self.numeric_embedding is None:
            raise ValueError(
                "The network was trained with a numeric embedding, but "
                "numeric_embedding is now None: set it back to 'pl' or 'plr' "
                "(whichever it was trained with), or fit again."
            )
        parameters = [getattr(self, name) for name in EMBEDDING_ATTRIBUTES]
        embedding = PeriodicEmbedding.of(
            parameters, self.numeric_embedding, self._embedding_passes_columns()
        )
        return dataclasses.replace(network, embedding=embedding)

    def _embedding_passes_columns(self) -> bool:
        # From the fitted shapes, not the parameter (which set_params can
        # change): the first layer then has a row per encoded column too.
        m, _, d = self.embedding_weights_.shape
        return self.coefs_[0].shape[0] == m * d + self.encoder_.n_features_out_

    def _pipeline_of(self, mlp):
        """``Pipeline([('encode', encoder_), ('mlp', mlp)])``, fitted."""
        n_encoded = self.encoder_.n_features_out_
        mlp.n_features_in_ = n_encoded
        mlp.__dict__.pop("feature_names_in_", None)
        return Pipeline([("encode", copy.deepcopy(self.encoder_)), ("mlp", mlp)])

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = False
        tags.input_tags.allow_nan = True
        tags.input_tags.categorical = True
        tags.input_tags.string = True
        if tags.transformer_tags is not None:
            tags.transformer_tags.preserves_dtype = [self.dtype]
        return tags


class TabularMLPClassifier(_TabularMixin, NumpyMLPClassifier):
    """A pre-tuned multilayer perceptron classifier for tabular data.

    :class:`NumpyMLPClassifier` with the recipe of RealMLP-TD-S [1]_ as its
    defaults, for DataFrames as they come: categorical and string columns
    are encoded inside (two categories as one -1/+1 column), numeric ones
    robustly scaled, smoothly clipped and embedded by periodic functions
    (``numeric_embedding='pl'``, chosen on validation rows: see the user
    guide); a learnt scaling factor per
    feature; three hidden layers of 256 SELU units trained in the
    neural-tangent parametrisation by Adam (``beta_2=0.95``, batches of
    256) on a multi-cycle schedule for 256 epochs, with label smoothing;
    the weights of the epoch with the best accuracy on a 20% validation
    split are kept. Every part is a parameter, to tune or to switch off.
    The user guide's :ref:`tabular` page gives each part's maths and its
    measured effect.

    Parameters
    ----------
    hidden_layer_sizes : array-like of shape (n_layers - 2,), default=(256, 256, 256)
        The ith element is the number of neurons in the ith hidden layer.

    activation : str or sequence of str, default='selu'
        Activation function of the hidden layers, or one per hidden layer:
        'identity' f(x) = x, 'logistic' f(x) = 1 / (1 + exp(-x)), 'tanh'
        f(x) = tanh(x), 'relu' f(x) = max(0, x) (scikit-learn's four), and
        'leaky_relu' f(x) = max(x, 0.01 x), 'elu' f(x) = x for x > 0 else
        exp(x) - 1, 'softplus' f(x) = log(1 + exp(x)), 'gelu' f(x) = x Phi(x)
        (Phi the standard normal CDF), 'silu' f(x) = x / (1 + exp(-x)),
        'selu' f(x) = l x for x > 0 else l a (exp(x) - 1) (l = 1.0507 and
        a = 1.6733, Klambauer et al., 2017; pair it with
        ``weight_init='lecun_normal'``), 'mish' f(x) = x tanh(softplus(x))
        (Misra, 2019).

    solver : {'lbfgs', 'sgd', 'adam'}, default='adam'
        The weight optimiser: 'lbfgs' is the quasi-Newton L-BFGS-B of SciPy
        on the full data, 'sgd' is mini-batch stochastic gradient descent,
        'adam' is the stochastic optimiser of Kingma and Ba. 'adam' suits
        large data sets; 'lbfgs' converges faster on small ones.

    alpha : float, default=0.0
        Strength of the penalty on the weights (never on the intercepts),
        divided by the number of samples in each batch (or their total
        weight), as in scikit-learn. Must be non-negative.

    l1_ratio : float, default=0.0
        Elastic-net mixing, in [0, 1]: the penalty is
        ``alpha * (l1_ratio * sum|W| + (1 - l1_ratio) / 2 * sum W**2)``.
        0 is scikit-learn's L2 penalty; 1 is the lasso. Under 'sgd' and
        'adam' the L1 part is applied as a proximal (soft-threshold) step
        after each update, and under 'lbfgs' by splitting each weight into
        positive and negative parts with bounds, so weights become exactly 0.

    alpha_features : float, default=0.0
        Strength of a group penalty on the inputs, ``alpha_features *
        sum_j ||W1[j, :]||_2`` over the rows of the first weight matrix (the
        weights leaving input feature j), divided like ``alpha``. Applied as
        a proximal step after each update of 'sgd' or 'adam', it sets whole
        rows to exactly 0: the network stops using those features
        (``feature_importances_``). Not available with 'lbfgs'.

    dropout : float or sequence of float, default=0.0
        Inverted dropout on the hidden layers during training with 'sgd' or
        'adam': each unit is zeroed with this probability (or one rate per
        hidden layer, each in [0, 1)) and the kept ones are scaled by
        ``1 / (1 - rate)``, so prediction uses the whole network unscaled.
        Masks are drawn from a generator seeded by ``random_state`` (the
        rate in effect is the nearest multiple of 2**-16). Not available
        with 'lbfgs'.

    batch_size : int, default=256
        Size of the minibatches of the stochastic solvers ('auto' is
        ``min(200, n_samples)``); ignored by 'lbfgs'.

    learning_rate : {'constant', 'invscaling', 'adaptive'}, default='constant'
        Learning-rate schedule of 'sgd': 'constant' keeps
        ``learning_rate_init``; 'invscaling' uses
        ``learning_rate_init / (t + 1) ** power_t`` with ``t`` the number of
        samples seen; 'adaptive' divides the rate by 5 each time
        ``n_iter_no_change`` epochs fail to improve by ``tol``.

    learning_rate_init : float, default=0.04
        Initial learning rate of 'sgd' and 'adam'.

    power_t : float, default=0.5
        Exponent of the 'invscaling' schedule.

    max_iter : int, default=256
        Maximum number of epochs of the stochastic solvers, or of iterations
        of 'lbfgs'.

    shuffle : bool, default=True
        Whether to shuffle the samples at each epoch ('sgd' and 'adam').

    random_state : int, RandomState instance or None, default=None
        Seeds the initial weights, the shuffling and the early-stopping
        split. Pass an int for reproducible results.

    tol : float, default=1e-4
        Tolerance of the optimisation: training stops when the loss (or the
        validation score) does not improve by at least ``tol`` for
        ``n_iter_no_change`` epochs in a row.

    verbose : bool, default=False
        Whether to print one line of progress per epoch (or iteration).

    warm_start : bool, default=False
        When True, ``fit`` continues from the current weights instead of
        drawing new ones.

    momentum : float, default=0.9
        Momentum of 'sgd', in [0, 1].

    nesterovs_momentum : bool, default=True
        Whether 'sgd' uses Nesterov's momentum (when ``momentum > 0``).

    early_stopping : bool, default=True
        Whether the stochastic solvers hold out ``validation_fraction`` of
        the training data (or use ``X_val`` given to ``fit``) and stop when
        its score does not improve by ``tol`` for ``n_iter_no_change``
        epochs; the weights with the best score are kept.

    scoring : str, callable or None, default=None
        The held-out score of early stopping and ``validation_scores_``:
        None is the estimator's ``score`` (as in scikit-learn), 'loss' the
        negated held-out loss, or any scorer name or callable
        ``scorer(estimator, X, y)`` of :func:`sklearn.metrics.check_scoring`.
        Without held-out data (no ``X_val``, and no early stopping of 'sgd'
        or 'adam') there is nothing to score: a scoring other than None warns.

    validation_fraction : float, default=0.2
        Share of the training data held out for early stopping, in [0, 1).

    beta_1 : float, default=0.9
        Decay rate of Adam's first-moment estimates, in [0, 1).

    beta_2 : float, default=0.95
        Decay rate of Adam's second-moment estimates, in [0, 1).

    epsilon : float, default=1e-8
        Adam's numerical-stability constant.

    n_iter_no_change : int or np.inf, default=np.inf
        Number of epochs without improvement by ``tol`` that stops training.

    max_fun : int, default=15000
        Maximum number of loss evaluations of 'lbfgs'.

    learning_rate_schedule : {'cosine', 'one_cycle', 'multi_cycle'} or None, \
            default='multi_cycle'
        A learning-rate schedule of every step, for 'sgd' and 'adam' alike:
        the rate of step ``s`` of ``T = max_iter * n_batches`` is
        ``learning_rate_init * factor(s)``. 'cosine' warms up linearly over
        ``warmup_fraction`` of the steps, then decays as ``(1 + cos(pi *
        p)) / 2``, ``p`` the share of the later steps taken (Loshchilov and
        Hutter, 2017); 'one_cycle' rises from
        ``1/25`` to 1 over ``warmup_fraction`` of the steps and anneals to
        ``1/25/1e4`` (Smith and Topin, 2019, as PyTorch's ``OneCycleLR``;
        only the rate cycles, not the momentum); 'multi_cycle' warms up as
        'cosine', then follows ``(1 - cos(2 pi log2(1 + 15 p))) / 2``, four
        cycles from 0 to 1 and back, each twice as long as the one before
        (RealMLP's 'coslog4', Holzmüller et al., 2024). None keeps
        ``learning_rate``'s rule. Under 'sgd' it needs
        ``learning_rate='constant'``. Early stopping and ``n_iter_no_change``
        still stop training before ``max_iter``: the schedule is then left
        unfinished. With ``warm_start`` or ``partial_fit`` (where each call
        is an epoch, and ``max_iter`` calls make the schedule), training
        continues the schedule where it stopped, and a finished schedule
        starts again. Not available with 'lbfgs'.

    warmup_fraction : float or None, default=None
        Share of the steps of ``learning_rate_schedule`` spent warming up, in
        [0, 1); None is 0 for 'cosine' and 'multi_cycle', and 0.3 for
        'one_cycle'. Ignored without a schedule.

    max_grad_norm : float or None, default=None
        Clip the gradient of each step to this global (Euclidean) norm over
        all weights and intercepts, before the update ('sgd' and 'adam',
        including with L1 penalties, whose proximal step follows the
        update). None does not clip. Not available with 'lbfgs'.

    weight_decay : float, default=0.0
        Decoupled weight decay of 'adam' (AdamW, Loshchilov and Hutter,
        2019): each step multiplies the weights (not the intercepts) by
        ``1 - rate * weight_decay``, ``rate`` the step's learning rate before
        Adam's bias correction, as PyTorch's ``AdamW`` does. Unlike ``alpha``,
        an L2 term in the loss whose gradient Adam rescales per coordinate,
        it shrinks every weight at the same relative rate. Only for 'adam'.

    weight_init : {'glorot_uniform', 'he_uniform', 'he_normal', \
            'lecun_uniform', 'lecun_normal'}, default='lecun_normal'
        The initial weights' distribution. 'glorot_uniform' is
        scikit-learn's draw (Glorot and Bengio, 2010): uniform in
        ``+-sqrt(factor / (fan_in + fan_out))``, factor 2 for 'logistic' and
        6 otherwise, intercepts drawn alike; a seed gives scikit-learn's
        weights. 'he_*' (He et al., 2015) have variance ``2 / fan_in`` and
        'lecun_*' (LeCun et al., 1998) ``1 / fan_in``, normal or uniform
        (``+-sqrt(3 * variance)``), with zero intercepts.

    output_init : {'random', 'zero'}, default='zero'
        'zero' starts the output layer's weights and intercepts at zero
        (the initial prediction is then the same for every sample); the
        hidden layers are drawn as with 'random'.

    class_weight : dict, 'balanced' or None, default=None
        Weights of the classes, ``{label: weight}``; 'balanced' uses
        ``n_samples / (n_classes * np.bincount(y))``. They multiply
        ``sample_weight``. Not available for multilabel targets, nor
        'balanced' with ``partial_fit``.

    label_smoothing : float, default=0.1
        In [0, 1): the targets the network is trained on move this share of
        the way to the uniform distribution, ``(1 - label_smoothing) * y +
        label_smoothing / K``, with ``K`` the number of classes (2 for each
        output of a binary or multilabel target), as in PyTorch's
        ``CrossEntropyLoss`` (Szegedy et al., 2016). It keeps the logits from
        growing without bound on separable data, which tends to give better
        calibrated probabilities. ``loss_curve_`` and
        ``validation_loss_curve_`` are then the cross-entropy to the smoothed
        targets, whose minimum is above 0.

    categorical_features : 'from_dtype', array-like of int, str or bool, or \
            None, default='from_dtype'
        The categorical columns of X: 'from_dtype' takes a DataFrame's
        columns of category dtype (as HistGradientBoosting's 'from_dtype'
        does) and also those of object (string), string or bool dtype; or
        give their indices, names or a boolean mask; None for none. A
        category column with two values becomes one column of -1 and +1,
        one with more becomes one-hot columns; a missing or unseen value
        becomes zeros. The numeric columns are scaled by
        :class:`RobustScaleSmoothClip`, their missing values set to the
        median. ``encoder_`` holds the fitted encoding.

    smooth_clip : float or None, default=3.0
        The bound of :class:`RobustScaleSmoothClip` on the numeric columns;
        None scales them without a clip.

    input_scaling : bool, default=True
        Learn one factor per encoded feature, applied before the first layer
        (``input_scale_``): RealMLP's scaling layer, trained at
        ``input_scale_lr_factor`` times the rate. With ``numeric_embedding``,
        one factor per input of the first layer: the embedded units, then
        the categorical encodings.

    parametrization : {'ntk', 'standard'}, default='ntk'
        'ntk' trains each weight matrix as the neural-tangent
        parametrisation would (weights drawn N(0, 1) and used as
        ``W / sqrt(fan_in)``): under 'adam' its rate is divided by
        ``sqrt(fan_in)`` and ``epsilon`` multiplied by it, under 'sgd' its
        rate is divided by ``fan_in``. ``coefs_`` are the effective weights,
        drawn by ``weight_init`` ('lecun_normal' is the N(0, 1) draw scaled).
        'standard' trains every weight at the rate. Only the stochastic
        solvers' steps differ.

    intercept_lr_factor : float, default=0.1
        The intercepts' learning rate, as a multiple of the weights' rate.

    input_scale_lr_factor : float, default=6.0
        The input-scaling factors' learning rate, as a multiple of the
        weights' rate.

    dtype : {'float32', 'float64'}, default='float32'
        The precision in which the network trains and predicts.

    numeric_embedding : {'pl', 'plr'} or None, default='pl'
        A periodic embedding of each numeric column before the first layer
        (Gorishniy, Rubachev and Babenko, 2022): the column's scaled value
        ``x_j`` becomes ``embedding_dim`` units ``e_j = W_j^T v_j + b_j``,
        from ``v_j = [sin(2 pi c_j x_j), cos(2 pi c_j x_j)]`` with
        ``embedding_frequencies`` trained frequencies ``c_j``; 'plr' applies
        a ReLU to ``e_j``, 'pl' does not. The first layer then takes the
        embedded units of every numeric column, then the numeric columns
        themselves if ``embedding_passthrough``, then the categorical
        encodings (the rows of ``coefs_[0]``, and what ``input_scaling``
        scales). The frequencies start normal, of standard deviation
        ``embedding_sigma`` (or spread: see there), the
        weights N(0, 1 / (2 * ``embedding_frequencies``)), the intercepts at
        zero; all train at ``embedding_lr_factor`` times the rate (under
        'ntk', the weights of each column as a layer of fan-in ``2 *
        embedding_frequencies``), and ``alpha`` and ``weight_decay`` do not
        act on them. None feeds the numeric columns to the first layer as
        they are; so does a table without numeric columns. A network with an
        embedding has no ``to_sklearn`` export. With ``warm_start``, the
        fitted embedding carries on ('pl' and 'plr' share their parameters);
        adding or removing it, or changing ``embedding_frequencies``,
        ``embedding_dim`` or ``embedding_passthrough``, raises a ValueError.

    embedding_frequencies : int, default=16
        The number ``k`` of frequencies of each numeric column's embedding:
        each gives a sine and a cosine.

    embedding_dim : int, default=8
        The number ``d`` of units each numeric column's embedding gives.

    embedding_sigma : float, tuple of (float, float) or 'auto', default=0.1
        The standard deviation of the embedding's initial frequencies, in
        cycles per unit of the scaled column (within (-3, 3) under the
        default ``smooth_clip``): small values start from slowly varying
        functions of each column, 0.1 from about half a cycle across that
        range. A pair ``(low, high)`` gives each column's
        ``embedding_frequencies`` frequencies standard deviations from
        ``low`` to ``high`` in geometric steps: slow and fast periodic
        features alike, which training weighs. 'auto' is ``(0.1, 10.0)``
        for a fit on 1,000 rows or more, 0.1 below: sets of a few hundred
        rows overfit the fast features, sets of a few thousand gain from
        them (see the user guide). Used when the embedding is drawn.

    embedding_lr_factor : float, default=0.1
        The embedding's learning rate, as a multiple of the weights' rate.

    embedding_passthrough : bool, default=False
        Whether the first layer also takes each embedded column's scaled
        value itself, beside its periodic units (the DenseNet-style
        embedding of RealMLP-TD): the column keeps a direct linear path
        into the network, which periodic units of small frequencies only
        approximate. It also leaves the units free to follow a column's
        sharp changes with faster frequencies (see ``embedding_sigma``).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels.

    encoder_ : object
        The fitted encoding of X into the network's inputs; its
        ``get_feature_names_out()`` names its columns, the rows of
        ``coefs_[0]`` when ``numeric_embedding`` is None.

    input_scale_ : ndarray of shape (n_first_layer_inputs,)
        The learnt factor of each encoded feature (with
        ``input_scaling=True``): the first layer computes
        ``(X_encoded * input_scale_) @ coefs_[0]``. With
        ``numeric_embedding``, one factor per input of the first layer: the
        embedded units, then the categorical encodings.

    embedding_frequencies_ : ndarray of shape (n_numeric, embedding_frequencies)
        With ``numeric_embedding``: the frequencies ``c_j`` of each numeric
        column (in the encoder's order), a view into the trained parameters
        as ``coefs_`` is.

    embedding_weights_ : ndarray of shape (n_numeric, 2 * embedding_frequencies, \
            embedding_dim)
        With ``numeric_embedding``: ``W_j``, the rows of the sines, then
        those of the cosines.

    embedding_intercepts_ : ndarray of shape (n_numeric, embedding_dim)
        With ``numeric_embedding``: ``b_j``.

    loss_ : float
        The loss (with penalty) at the end of training.

    best_loss_ : float or None
        The lowest training loss reached; None with early stopping.

    loss_curve_ : list of float
        The loss after each epoch (or 'lbfgs' iteration).

    validation_scores_ : list of float or None
        The ``scoring`` of the held-out data after each epoch (accuracy by
        default), with early stopping or ``X_val``; None otherwise.

    validation_loss_curve_ : list of float or None
        The loss on the held-out data after each epoch; None without
        held-out data.

    best_validation_score_ : float or None
        The best of ``validation_scores_``; None without held-out data.

    t_ : int
        Number of training samples seen by the stochastic solvers.

    coefs_ : list of ndarray
        ``coefs_[i]`` is the weight matrix from layer i to layer i + 1;
        ``coefs_[0]`` has a row per encoded feature (with
        ``numeric_embedding``, per embedded unit and categorical encoding).

    intercepts_ : list of ndarray
        ``intercepts_[i]`` is the bias vector of layer i + 1.

    n_features_in_ : int
        Number of columns of X seen during fit.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the columns seen during fit, when X has string column
        names.

    n_iter_ : int
        Number of epochs (or 'lbfgs' iterations) of the last fit.

    n_layers_ : int
        Number of layers, input and output included.

    n_outputs_ : int
        Number of output units.

    out_activation_ : str
        The output activation: 'softmax' or 'logistic'.

    See Also
    --------
    TabularMLPRegressor : The regressor.
    NumpyMLPClassifier : The same network with scikit-learn's defaults.
    sklearn.ensemble.HistGradientBoostingClassifier : Gradient boosting.

    Notes
    -----
    The defaults follow the description of RealMLP-TD-S in [1]_ (their
    code was not used), with one departure chosen on validation rows: the
    PL embedding of the numeric columns (``numeric_embedding='pl'``). With
    it, ``alpha_features`` penalises each embedded unit's row of
    ``coefs_[0]``, so a column drops out when all its units' rows are zero.
    Best-epoch selection needs held-out rows, so the
    network trains on 80% of the rows given to ``fit``
    (``validation_fraction``), or on all of them with ``X_val`` and
    ``y_val``, where the paper has a separate validation set. Set
    ``early_stopping=False`` to train on all the rows for ``max_iter``
    epochs and keep the last weights. X must be dense (an array or a
    DataFrame): the robust scaling centres each column, so a sparse
    matrix is refused, whatever the inherited methods' pages say of X.

    References
    ----------
    .. [1] D. Holzmüller, L. Grinsztajn and I. Steinwart, "Better by
       default: strong pre-tuned MLPs and boosted trees on tabular data",
       *NeurIPS*, 2024.

    Examples
    --------
    >>> from sklearn.datasets import load_breast_cancer
    >>> from sklearn.model_selection import train_test_split
    >>> from sklearn_mlp_np import TabularMLPClassifier
    >>> X, y = load_breast_cancer(return_X_y=True, as_frame=True)
    >>> X_train, X_test, y_train, y_test = train_test_split(
    ...     X, y, stratify=y, random_state=0
    ... )
    >>> clf = TabularMLPClassifier(max_iter=16, random_state=0)
    >>> clf.fit(X_train, y_train).score(X_test, y_test) > 0.9
    True
    """

    _parameter_constraints: dict = {
        **NumpyMLPClassifier._parameter_constraints,
        **_TABULAR_CONSTRAINTS,
    }

    def __init__(
        self,
        hidden_layer_sizes=(256, 256, 256),
        activation="selu",
        *,
        solver="adam",
        alpha=0.0,
        l1_ratio=0.0,
        alpha_features=0.0,
        dropout=0.0,
        batch_size=256,
        learning_rate="constant",
        learning_rate_init=0.04,
        power_t=0.5,
        max_iter=256,
        shuffle=True,
        random_state=None,
        tol=0.0001,
        verbose=False,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=True,
        scoring=None,
        validation_fraction=0.2,
        beta_1=0.9,
        beta_2=0.95,
        epsilon=1e-08,
        n_iter_no_change=np.inf,
        max_fun=15000,
        learning_rate_schedule="multi_cycle",
        warmup_fraction=None,
        max_grad_norm=None,
        weight_decay=0.0,
        weight_init="lecun_normal",
        output_init="zero",
        class_weight=None,
        label_smoothing=0.1,
        categorical_features="from_dtype",
        smooth_clip=3.0,
        input_scaling=True,
        parametrization="ntk",
        intercept_lr_factor=0.1,
        input_scale_lr_factor=6.0,
        dtype="float32",
        numeric_embedding="pl",
        embedding_frequencies=16,
        embedding_dim=8,
        embedding_sigma=0.1,
        embedding_lr_factor=0.1,
        embedding_passthrough=False,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.alpha_features = alpha_features
        self.dropout = dropout
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.scoring = scoring
        self.validation_fraction = validation_fraction
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.max_fun = max_fun
        self.learning_rate_schedule = learning_rate_schedule
        self.warmup_fraction = warmup_fraction
        self.max_grad_norm = max_grad_norm
        self.weight_decay = weight_decay
        self.weight_init = weight_init
        self.output_init = output_init
        self.class_weight = class_weight
        self.label_smoothing = label_smoothing
        self.categorical_features = categorical_features
        self.smooth_clip = smooth_clip
        self.input_scaling = input_scaling
        self.parametrization = parametrization
        self.intercept_lr_factor = intercept_lr_factor
        self.input_scale_lr_factor = input_scale_lr_factor
        self.dtype = dtype
        self.numeric_embedding = numeric_embedding
        self.embedding_frequencies = embedding_frequencies
        self.embedding_dim = embedding_dim
        self.embedding_sigma = embedding_sigma
        self.embedding_lr_factor = embedding_lr_factor
        self.embedding_passthrough = embedding_passthrough

    def to_sklearn(self):
        """Return the encoding and an equivalent scikit-learn MLP, as a Pipeline.

        The MLP step is a fitted :class:`~sklearn.neural_network.MLPClassifier`
        with the effective weights (the input scales folded into the first
        layer); it can be converted with skl2onnx, the encoding step cannot.

        Returns
        -------
        pipeline : sklearn.pipeline.Pipeline
            ``[('encode', encoder_), ('mlp', MLPClassifier)]``, fitted.

        Raises
        ------
        ValueError
            If the network has a numeric embedding (the default 'pl'), which
            scikit-learn's MLP cannot express, or if the MLP lacks the hidden
            activation (the default 'selu' among them).
        """
        return self._pipeline_of(super().to_sklearn())

    @available_if(_without_validation_split)
    def partial_fit(self, X, y, sample_weight=None, classes=None):
        """Update the model with one epoch over the given data.

        Only with ``early_stopping=False`` and a stochastic solver. The
        first call fits the encoding of X; later calls reuse it.

        Parameters
        ----------
        X : {array-like, DataFrame} of shape (n_samples, n_features)
            The input data.

        y : array-like of shape (n_samples,) or (n_samples, n_labels)
            The target labels.

        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights.

        classes : array-like of shape (n_classes,), default=None
            All the classes of the whole data, e.g. ``np.unique(y_all)``.
            Required on the first call; ``y`` need not hold every class.

        Returns
        -------
        self : object
            The updated estimator.
        """
        return super().partial_fit(X, y, sample_weight, classes)


class TabularMLPRegressor(_TabularMixin, NumpyMLPRegressor):
    """A pre-tuned multilayer perceptron regressor for tabular data.

    :class:`NumpyMLPRegressor` with the recipe of RealMLP-TD-S [1]_ as its
    defaults, for DataFrames as they come: categorical and string columns
    are encoded inside (two categories as one -1/+1 column), numeric ones
    robustly scaled, smoothly clipped and embedded by periodic functions
    beside their own values (``numeric_embedding='pl'`` with
    ``embedding_passthrough=True``, chosen on validation rows: see the
    user guide); standardised targets; a learnt
    scaling factor per feature; three hidden layers of 256 Mish units
    trained in the neural-tangent parametrisation by Adam
    (``beta_2=0.95``, batches of 256) on a multi-cycle schedule for 256
    epochs; the weights of the epoch with the best R² on a 20% validation
    split are kept. Every part is a parameter, to tune or to switch off.
    The user guide's :ref:`tabular` page gives each part's maths and its
    measured effect.

    Parameters
    ----------
    loss : {'squared_error', 'poisson', 'absolute_error', 'huber', \
            'quantile'}, default='squared_error'
        The loss, with an identity output unless said: half the squared
        error; half the Poisson deviance with an exponential output
        (``y >= 0``); the absolute error ``|y - f|``, for the conditional
        median; Huber's loss, half the squared error within ``huber_delta``
        of the target and linear beyond, robust to outliers; the pinball
        loss of each level in ``quantile``, for conditional quantiles and
        prediction intervals. For the last three the output intercepts
        start at the training targets' median (or quantiles), as
        HistGradientBoosting's baseline, and 'lbfgs' is refused for the two
        whose gradient jumps ('absolute_error', 'quantile').

    hidden_layer_sizes : array-like of shape (n_layers - 2,), default=(256, 256, 256)
        The ith element is the number of neurons in the ith hidden layer.

    activation : str or sequence of str, default='mish'
        Activation function of the hidden layers, or one per hidden layer:
        'identity' f(x) = x, 'logistic' f(x) = 1 / (1 + exp(-x)), 'tanh'
        f(x) = tanh(x), 'relu' f(x) = max(0, x) (scikit-learn's four), and
        'leaky_relu' f(x) = max(x, 0.01 x), 'elu' f(x) = x for x > 0 else
        exp(x) - 1, 'softplus' f(x) = log(1 + exp(x)), 'gelu' f(x) = x Phi(x)
        (Phi the standard normal CDF), 'silu' f(x) = x / (1 + exp(-x)),
        'selu' f(x) = l x for x > 0 else l a (exp(x) - 1) (l = 1.0507 and
        a = 1.6733, Klambauer et al., 2017; pair it with
        ``weight_init='lecun_normal'``), 'mish' f(x) = x tanh(softplus(x))
        (Misra, 2019).

    quantile : float or sequence of float, default=0.5
        With ``loss='quantile'``, the level(s) to predict, each in (0, 1)
        and all different; ignored by the other losses. One fit trains one
        network with one output per level. ``predict`` returns the shape of
        ``y`` for a float, and adds a last axis of one column per level for
        a sequence: ``(n_samples, n_quantiles)`` for a 1-D ``y``,
        ``(n_samples, n_outputs, n_quantiles)`` for a 2-D one. The predicted
        quantiles are sorted within each sample, so they never cross
        (monotone rearrangement, Chernozhukov et al., 2010).

    huber_delta : float or 'auto', default='auto'
        With ``loss='huber'``, the residual (in the target's units) beyond
        which the loss grows linearly instead of quadratically; ignored by
        the other losses. 'auto' takes, for each output, the 0.9 quantile of
        the training targets' absolute deviations from their median (1 where
        that is 0): GradientBoostingRegressor's rule (``alpha=0.9``) applied
        to the residuals of its median start, once per fit (with
        ``partial_fit``, on the first call's targets), so the default does
        not depend on the target's units; ``np.inf`` is the squared error.
        The name is PyTorch's and scikit-learn's loss module's ``delta``;
        ``epsilon`` is Adam's here.

    solver : {'lbfgs', 'sgd', 'adam'}, default='adam'
        The weight optimiser: 'lbfgs' is the quasi-Newton L-BFGS-B of SciPy
        on the full data, 'sgd' is mini-batch stochastic gradient descent,
        'adam' is the stochastic optimiser of Kingma and Ba. 'adam' suits
        large data sets; 'lbfgs' converges faster on small ones.

    alpha : float, default=0.0
        Strength of the penalty on the weights (never on the intercepts),
        divided by the number of samples in each batch (or their total
        weight), as in scikit-learn. Must be non-negative.

    l1_ratio : float, default=0.0
        Elastic-net mixing, in [0, 1]: the penalty is
        ``alpha * (l1_ratio * sum|W| + (1 - l1_ratio) / 2 * sum W**2)``.
        0 is scikit-learn's L2 penalty; 1 is the lasso. Under 'sgd' and
        'adam' the L1 part is applied as a proximal (soft-threshold) step
        after each update, and under 'lbfgs' by splitting each weight into
        positive and negative parts with bounds, so weights become exactly 0.

    alpha_features : float, default=0.0
        Strength of a group penalty on the inputs, ``alpha_features *
        sum_j ||W1[j, :]||_2`` over the rows of the first weight matrix (the
        weights leaving input feature j), divided like ``alpha``. Applied as
        a proximal step after each update of 'sgd' or 'adam', it sets whole
        rows to exactly 0: the network stops using those features
        (``feature_importances_``). Not available with 'lbfgs'.

    dropout : float or sequence of float, default=0.0
        Inverted dropout on the hidden layers during training with 'sgd' or
        'adam': each unit is zeroed with this probability (or one rate per
        hidden layer, each in [0, 1)) and the kept ones are scaled by
        ``1 / (1 - rate)``, so prediction uses the whole network unscaled.
        Masks are drawn from a generator seeded by ``random_state`` (the
        rate in effect is the nearest multiple of 2**-16). Not available
        with 'lbfgs'.

    batch_size : int, default=256
        Size of the minibatches of the stochastic solvers ('auto' is
        ``min(200, n_samples)``); ignored by 'lbfgs'.

    learning_rate : {'constant', 'invscaling', 'adaptive'}, default='constant'
        Learning-rate schedule of 'sgd': 'constant' keeps
        ``learning_rate_init``; 'invscaling' uses
        ``learning_rate_init / (t + 1) ** power_t`` with ``t`` the number of
        samples seen; 'adaptive' divides the rate by 5 each time
        ``n_iter_no_change`` epochs fail to improve by ``tol``.

    learning_rate_init : float, default=0.07
        Initial learning rate of 'sgd' and 'adam'.

    power_t : float, default=0.5
        Exponent of the 'invscaling' schedule.

    max_iter : int, default=256
        Maximum number of epochs of the stochastic solvers, or of iterations
        of 'lbfgs'.

    shuffle : bool, default=True
        Whether to shuffle the samples at each epoch ('sgd' and 'adam').

    random_state : int, RandomState instance or None, default=None
        Seeds the initial weights, the shuffling and the early-stopping
        split. Pass an int for reproducible results.

    tol : float, default=1e-4
        Tolerance of the optimisation: training stops when the loss (or the
        validation score) does not improve by at least ``tol`` for
        ``n_iter_no_change`` epochs in a row.

    verbose : bool, default=False
        Whether to print one line of progress per epoch (or iteration).

    warm_start : bool, default=False
        When True, ``fit`` continues from the current weights instead of
        drawing new ones.

    momentum : float, default=0.9
        Momentum of 'sgd', in [0, 1].

    nesterovs_momentum : bool, default=True
        Whether 'sgd' uses Nesterov's momentum (when ``momentum > 0``).

    early_stopping : bool, default=True
        Whether the stochastic solvers hold out ``validation_fraction`` of
        the training data (or use ``X_val`` given to ``fit``) and stop when
        its score does not improve by ``tol`` for ``n_iter_no_change``
        epochs; the weights with the best score are kept.

    scoring : str, callable or None, default=None
        The held-out score of early stopping and ``validation_scores_``:
        None is the estimator's ``score`` (as in scikit-learn), 'loss' the
        negated held-out loss, or any scorer name or callable
        ``scorer(estimator, X, y)`` of :func:`sklearn.metrics.check_scoring`.
        Without held-out data (no ``X_val``, and no early stopping of 'sgd'
        or 'adam') there is nothing to score: a scoring other than None warns.

    validation_fraction : float, default=0.2
        Share of the training data held out for early stopping, in [0, 1).

    beta_1 : float, default=0.9
        Decay rate of Adam's first-moment estimates, in [0, 1).

    beta_2 : float, default=0.95
        Decay rate of Adam's second-moment estimates, in [0, 1).

    epsilon : float, default=1e-8
        Adam's numerical-stability constant.

    n_iter_no_change : int or np.inf, default=np.inf
        Number of epochs without improvement by ``tol`` that stops training.

    max_fun : int, default=15000
        Maximum number of loss evaluations of 'lbfgs'.

    learning_rate_schedule : {'cosine', 'one_cycle', 'multi_cycle'} or None, \
            default='multi_cycle'
        A learning-rate schedule of every step, for 'sgd' and 'adam' alike:
        the rate of step ``s`` of ``T = max_iter * n_batches`` is
        ``learning_rate_init * factor(s)``. 'cosine' warms up linearly over
        ``warmup_fraction`` of the steps, then decays as ``(1 + cos(pi *
        p)) / 2``, ``p`` the share of the later steps taken (Loshchilov and
        Hutter, 2017); 'one_cycle' rises from
        ``1/25`` to 1 over ``warmup_fraction`` of the steps and anneals to
        ``1/25/1e4`` (Smith and Topin, 2019, as PyTorch's ``OneCycleLR``;
        only the rate cycles, not the momentum); 'multi_cycle' warms up as
        'cosine', then follows ``(1 - cos(2 pi log2(1 + 15 p))) / 2``, four
        cycles from 0 to 1 and back, each twice as long as the one before
        (RealMLP's 'coslog4', Holzmüller et al., 2024). None keeps
        ``learning_rate``'s rule. Under 'sgd' it needs
        ``learning_rate='constant'``. Early stopping and ``n_iter_no_change``
        still stop training before ``max_iter``: the schedule is then left
        unfinished. With ``warm_start`` or ``partial_fit`` (where each call
        is an epoch, and ``max_iter`` calls make the schedule), training
        continues the schedule where it stopped, and a finished schedule
        starts again. Not available with 'lbfgs'.

    warmup_fraction : float or None, default=None
        Share of the steps of ``learning_rate_schedule`` spent warming up, in
        [0, 1); None is 0 for 'cosine' and 'multi_cycle', and 0.3 for
        'one_cycle'. Ignored without a schedule.

    max_grad_norm : float or None, default=None
        Clip the gradient of each step to this global (Euclidean) norm over
        all weights and intercepts, before the update ('sgd' and 'adam',
        including with L1 penalties, whose proximal step follows the
        update). None does not clip. Not available with 'lbfgs'.

    weight_decay : float, default=0.0
        Decoupled weight decay of 'adam' (AdamW, Loshchilov and Hutter,
        2019): each step multiplies the weights (not the intercepts) by
        ``1 - rate * weight_decay``, ``rate`` the step's learning rate before
        Adam's bias correction, as PyTorch's ``AdamW`` does. Unlike ``alpha``,
        an L2 term in the loss whose gradient Adam rescales per coordinate,
        it shrinks every weight at the same relative rate. Only for 'adam'.

    weight_init : {'glorot_uniform', 'he_uniform', 'he_normal', \
            'lecun_uniform', 'lecun_normal'}, default='lecun_normal'
        The initial weights' distribution. 'glorot_uniform' is
        scikit-learn's draw (Glorot and Bengio, 2010): uniform in
        ``+-sqrt(factor / (fan_in + fan_out))``, factor 2 for 'logistic' and
        6 otherwise, intercepts drawn alike; a seed gives scikit-learn's
        weights. 'he_*' (He et al., 2015) have variance ``2 / fan_in`` and
        'lecun_*' (LeCun et al., 1998) ``1 / fan_in``, normal or uniform
        (``+-sqrt(3 * variance)``), with zero intercepts.

    output_init : {'random', 'zero'}, default='zero'
        'zero' starts the output layer's weights and intercepts at zero
        (the initial prediction is then the same for every sample); the
        hidden layers are drawn as with 'random'.

    categorical_features : 'from_dtype', array-like of int, str or bool, or \
            None, default='from_dtype'
        The categorical columns of X: 'from_dtype' takes a DataFrame's
        columns of category dtype (as HistGradientBoosting's 'from_dtype'
        does) and also those of object (string), string or bool dtype; or
        give their indices, names or a boolean mask; None for none. A
        category column with two values becomes one column of -1 and +1,
        one with more becomes one-hot columns; a missing or unseen value
        becomes zeros. The numeric columns are scaled by
        :class:`RobustScaleSmoothClip`, their missing values set to the
        median. ``encoder_`` holds the fitted encoding.

    smooth_clip : float or None, default=3.0
        The bound of :class:`RobustScaleSmoothClip` on the numeric columns;
        None scales them without a clip.

    input_scaling : bool, default=True
        Learn one factor per encoded feature, applied before the first layer
        (``input_scale_``): RealMLP's scaling layer, trained at
        ``input_scale_lr_factor`` times the rate. With ``numeric_embedding``,
        one factor per input of the first layer: the embedded units, then
        the categorical encodings.

    parametrization : {'ntk', 'standard'}, default='ntk'
        'ntk' trains each weight matrix as the neural-tangent
        parametrisation would (weights drawn N(0, 1) and used as
        ``W / sqrt(fan_in)``): under 'adam' its rate is divided by
        ``sqrt(fan_in)`` and ``epsilon`` multiplied by it, under 'sgd' its
        rate is divided by ``fan_in``. ``coefs_`` are the effective weights,
        drawn by ``weight_init`` ('lecun_normal' is the N(0, 1) draw scaled).
        'standard' trains every weight at the rate. Only the stochastic
        solvers' steps differ.

    intercept_lr_factor : float, default=0.1
        The intercepts' learning rate, as a multiple of the weights' rate.

    input_scale_lr_factor : float, default=6.0
        The input-scaling factors' learning rate, as a multiple of the
        weights' rate.

    dtype : {'float32', 'float64'}, default='float32'
        The precision in which the network trains and predicts.


    standardize_target : bool, default=True
        Train on each target minus its (weighted) mean, divided by its
        standard deviation, and map the predictions back (``target_mean_``,
        ``target_scale_``). The losses (``loss_curve_``,
        ``validation_loss_curve_``) are then in standardised units. Not
        with ``loss='poisson'``, whose targets must stay non-negative.

    numeric_embedding : {'pl', 'plr'} or None, default='pl'
        A periodic embedding of each numeric column before the first layer
        (Gorishniy, Rubachev and Babenko, 2022): the column's scaled value
        ``x_j`` becomes ``embedding_dim`` units ``e_j = W_j^T v_j + b_j``,
        from ``v_j = [sin(2 pi c_j x_j), cos(2 pi c_j x_j)]`` with
        ``embedding_frequencies`` trained frequencies ``c_j``; 'plr' applies
        a ReLU to ``e_j``, 'pl' does not. The first layer then takes the
        embedded units of every numeric column, then the numeric columns
        themselves if ``embedding_passthrough``, then the categorical
        encodings (the rows of ``coefs_[0]``, and what ``input_scaling``
        scales). The frequencies start normal, of standard deviation
        ``embedding_sigma`` (or spread: see there), the
        weights N(0, 1 / (2 * ``embedding_frequencies``)), the intercepts at
        zero; all train at ``embedding_lr_factor`` times the rate (under
        'ntk', the weights of each column as a layer of fan-in ``2 *
        embedding_frequencies``), and ``alpha`` and ``weight_decay`` do not
        act on them. None feeds the numeric columns to the first layer as
        they are; so does a table without numeric columns. A network with an
        embedding has no ``to_sklearn`` export. With ``warm_start``, the
        fitted embedding carries on ('pl' and 'plr' share their parameters);
        adding or removing it, or changing ``embedding_frequencies``,
        ``embedding_dim`` or ``embedding_passthrough``, raises a ValueError.

    embedding_frequencies : int, default=16
        The number ``k`` of frequencies of each numeric column's embedding:
        each gives a sine and a cosine.

    embedding_dim : int, default=8
        The number ``d`` of units each numeric column's embedding gives.

    embedding_sigma : float, tuple of (float, float) or 'auto', default='auto'
        The standard deviation of the embedding's initial frequencies, in
        cycles per unit of the scaled column (within (-3, 3) under the
        default ``smooth_clip``): small values start from slowly varying
        functions of each column, 0.1 from about half a cycle across that
        range. A pair ``(low, high)`` gives each column's
        ``embedding_frequencies`` frequencies standard deviations from
        ``low`` to ``high`` in geometric steps: slow and fast periodic
        features alike, which training weighs. 'auto' is ``(0.1, 10.0)``
        for a fit on 1,000 rows or more, 0.1 below: sets of a few hundred
        rows overfit the fast features, sets of a few thousand gain from
        them (see the user guide). Used when the embedding is drawn.

    embedding_lr_factor : float, default=0.1
        The embedding's learning rate, as a multiple of the weights' rate.

    embedding_passthrough : bool, default=True
        Whether the first layer also takes each embedded column's scaled
        value itself, beside its periodic units (the DenseNet-style
        embedding of RealMLP-TD): the column keeps a direct linear path
        into the network, which periodic units of small frequencies only
        approximate. It also leaves the units free to follow a column's
        sharp changes with faster frequencies (see ``embedding_sigma``).

    Attributes
    ----------
    encoder_ : object
        The fitted encoding of X into the network's inputs; its
        ``get_feature_names_out()`` names its columns, the rows of
        ``coefs_[0]`` when ``numeric_embedding`` is None.

    input_scale_ : ndarray of shape (n_first_layer_inputs,)
        The learnt factor of each encoded feature (with
        ``input_scaling=True``): the first layer computes
        ``(X_encoded * input_scale_) @ coefs_[0]``. With
        ``numeric_embedding``, one factor per input of the first layer: the
        embedded units, then the categorical encodings.

    embedding_frequencies_ : ndarray of shape (n_numeric, embedding_frequencies)
        With ``numeric_embedding``: the frequencies ``c_j`` of each numeric
        column (in the encoder's order), a view into the trained parameters
        as ``coefs_`` is.

    embedding_weights_ : ndarray of shape (n_numeric, 2 * embedding_frequencies, \
            embedding_dim)
        With ``numeric_embedding``: ``W_j``, the rows of the sines, then
        those of the cosines.

    embedding_intercepts_ : ndarray of shape (n_numeric, embedding_dim)
        With ``numeric_embedding``: ``b_j``.

    target_mean_ : ndarray of shape (n_targets,)
        The (weighted) mean of each target, with ``standardize_target``.

    target_scale_ : ndarray of shape (n_targets,)
        The standard deviation of each target (1 where it is 0), with
        ``standardize_target``.

    huber_delta_ : ndarray of shape (n_targets,)
        With ``loss='huber'``: each target's threshold, in standardised
        units with ``standardize_target``.

    loss_ : float
        The loss (with penalty) at the end of training.

    best_loss_ : float or None
        The lowest training loss reached; None with early stopping.

    loss_curve_ : list of float
        The loss after each epoch (or 'lbfgs' iteration).

    validation_scores_ : list of float or None
        The ``scoring`` of the held-out data after each epoch (R² by
        default), with early stopping or ``X_val``; None otherwise.

    validation_loss_curve_ : list of float or None
        The loss on the held-out data after each epoch; None without
        held-out data.

    best_validation_score_ : float or None
        The best of ``validation_scores_``; None without held-out data.

    t_ : int
        Number of training samples seen by the stochastic solvers.

    coefs_ : list of ndarray
        ``coefs_[i]`` is the weight matrix from layer i to layer i + 1;
        ``coefs_[0]`` has a row per encoded feature (with
        ``numeric_embedding``, per embedded unit and categorical encoding).

    intercepts_ : list of ndarray
        ``intercepts_[i]`` is the bias vector of layer i + 1.

    n_features_in_ : int
        Number of columns of X seen during fit.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the columns seen during fit, when X has string column
        names.

    n_iter_ : int
        Number of epochs (or 'lbfgs' iterations) of the last fit.

    n_layers_ : int
        Number of layers, input and output included.

    n_outputs_ : int
        Number of output units.

    out_activation_ : str
        The output activation: 'identity', or 'exp' for 'poisson'.

    See Also
    --------
    TabularMLPClassifier : The classifier.
    NumpyMLPRegressor : The same network with scikit-learn's defaults.
    sklearn.ensemble.HistGradientBoostingRegressor : Gradient boosting.

    Notes
    -----
    The defaults follow the description of RealMLP-TD-S in [1]_ (their
    code was not used), with one departure chosen on validation rows: the
    PL embedding of the numeric columns, which also pass to the first
    layer unchanged (``numeric_embedding='pl'``,
    ``embedding_passthrough=True``). With it, ``alpha_features`` penalises
    each embedded unit's row of ``coefs_[0]`` and each passed column's row.
    Best-epoch selection needs held-out rows, so the
    network trains on 80% of the rows given to ``fit``
    (``validation_fraction``), or on all of them with ``X_val`` and
    ``y_val``, where the paper has a separate validation set. Set
    ``early_stopping=False`` to train on all the rows for ``max_iter``
    epochs and keep the last weights. X must be dense (an array or a
    DataFrame): the robust scaling centres each column, so a sparse
    matrix is refused, whatever the inherited methods' pages say of X.

    References
    ----------
    .. [1] D. Holzmüller, L. Grinsztajn and I. Steinwart, "Better by
       default: strong pre-tuned MLPs and boosted trees on tabular data",
       *NeurIPS*, 2024.

    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from sklearn.model_selection import train_test_split
    >>> from sklearn_mlp_np import TabularMLPRegressor
    >>> X, y = load_diabetes(return_X_y=True, as_frame=True)
    >>> X_train, X_test, y_train, y_test = train_test_split(
    ...     X, y, random_state=0
    ... )
    >>> reg = TabularMLPRegressor(max_iter=16, random_state=0)
    >>> reg.fit(X_train, y_train).score(X_test, y_test) > 0.2
    True
    """

    _parameter_constraints: dict = {
        **NumpyMLPRegressor._parameter_constraints,
        **_TABULAR_CONSTRAINTS,
        "standardize_target": ["boolean"],
    }

    def __init__(
        self,
        loss="squared_error",
        hidden_layer_sizes=(256, 256, 256),
        activation="mish",
        *,
        quantile=0.5,
        huber_delta="auto",
        solver="adam",
        alpha=0.0,
        l1_ratio=0.0,
        alpha_features=0.0,
        dropout=0.0,
        batch_size=256,
        learning_rate="constant",
        learning_rate_init=0.07,
        power_t=0.5,
        max_iter=256,
        shuffle=True,
        random_state=None,
        tol=0.0001,
        verbose=False,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=True,
        scoring=None,
        validation_fraction=0.2,
        beta_1=0.9,
        beta_2=0.95,
        epsilon=1e-08,
        n_iter_no_change=np.inf,
        max_fun=15000,
        learning_rate_schedule="multi_cycle",
        warmup_fraction=None,
        max_grad_norm=None,
        weight_decay=0.0,
        weight_init="lecun_normal",
        output_init="zero",
        categorical_features="from_dtype",
        smooth_clip=3.0,
        input_scaling=True,
        parametrization="ntk",
        intercept_lr_factor=0.1,
        input_scale_lr_factor=6.0,
        dtype="float32",
        standardize_target=True,
        numeric_embedding="pl",
        embedding_frequencies=16,
        embedding_dim=8,
        embedding_sigma="auto",
        embedding_lr_factor=0.1,
        embedding_passthrough=True,
    ):
        self.loss = loss
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.quantile = quantile
        self.huber_delta = huber_delta
        self.solver = solver
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.alpha_features = alpha_features
        self.dropout = dropout
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.learning_rate_init = learning_rate_init
        self.power_t = power_t
        self.max_iter = max_iter
        self.shuffle = shuffle
        self.random_state = random_state
        self.tol = tol
        self.verbose = verbose
        self.warm_start = warm_start
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.early_stopping = early_stopping
        self.scoring = scoring
        self.validation_fraction = validation_fraction
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.n_iter_no_change = n_iter_no_change
        self.max_fun = max_fun
        self.learning_rate_schedule = learning_rate_schedule
        self.warmup_fraction = warmup_fraction
        self.max_grad_norm = max_grad_norm
        self.weight_decay = weight_decay
        self.weight_init = weight_init
        self.output_init = output_init
        self.categorical_features = categorical_features
        self.smooth_clip = smooth_clip
        self.input_scaling = input_scaling
        self.parametrization = parametrization
        self.intercept_lr_factor = intercept_lr_factor
        self.input_scale_lr_factor = input_scale_lr_factor
        self.dtype = dtype
        self.standardize_target = standardize_target
        self.numeric_embedding = numeric_embedding
        self.embedding_frequencies = embedding_frequencies
        self.embedding_dim = embedding_dim
        self.embedding_sigma = embedding_sigma
        self.embedding_lr_factor = embedding_lr_factor
        self.embedding_passthrough = embedding_passthrough

    def to_sklearn(self):
        """Return the encoding and an equivalent scikit-learn MLP, as a Pipeline.

        The MLP step is a fitted :class:`~sklearn.neural_network.MLPRegressor`
        with the effective weights: the input scales folded into the first
        layer, the target standardisation into the last. It can be
        converted with skl2onnx, the encoding step cannot.

        Returns
        -------
        pipeline : sklearn.pipeline.Pipeline
            ``[('encode', encoder_), ('mlp', MLPRegressor)]``, fitted.

        Raises
        ------
        ValueError
            If the network has a numeric embedding (the default 'pl'),
            which scikit-learn's MLP cannot express, or if the MLP lacks the
            hidden activation (the default 'mish' among them) or the loss.
        """
        mlp = super().to_sklearn()
        if hasattr(self, "target_mean_"):
            mean, scale = self._output_standardisation()
            mlp.coefs_[-1] = mlp.coefs_[-1] * scale
            mlp.intercepts_[-1] = mlp.intercepts_[-1] * scale + mean
        return self._pipeline_of(mlp)

    @available_if(_without_validation_split)
    def partial_fit(self, X, y, sample_weight=None):
        """Update the model with one epoch over the given data.

        Only with ``early_stopping=False`` and a stochastic solver. The
        first call fits the encoding of X and the target standardisation;
        later calls reuse them.

        Parameters
        ----------
        X : {array-like, DataFrame} of shape (n_samples, n_features)
            The input data.

        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            The target values.

        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights.

        Returns
        -------
        self : object
            The updated estimator.
        """
        return super().partial_fit(X, y, sample_weight)

    def predict(self, X):
        """Predict the targets of the samples in X, in float64.

        Parameters
        ----------
        X : {array-like, DataFrame} of shape (n_samples, n_features)
            The input data.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            The predicted values (float64 whatever ``dtype``, as the
            targets were given).
        """
        return super().predict(X).astype(np.float64, copy=False)

    # ---- target standardisation --------------------------------------------

    def _prepare_targets(self, y, Y, sample_weight, first_pass, dtype):
        if not self.standardize_target:
            for name in ("target_mean_", "target_scale_"):
                self.__dict__.pop(name, None)
            return super()._prepare_targets(y, Y, sample_weight, first_pass, dtype)
        if self.loss == "poisson":
            raise ValueError(
                "standardize_target=True would give loss='poisson' negative "
                "targets. Set standardize_target=False to fit a Poisson model."
            )
        if first_pass or not hasattr(self, "target_mean_"):
            mean = np.average(Y, axis=0, weights=sample_weight)
            spread = np.average((Y - mean) ** 2, axis=0, weights=sample_weight)
            scale = np.sqrt(spread)
            self.target_mean_ = mean
            self.target_scale_ = np.where(scale > 0, scale, 1.0)
        Y = ((Y - self.target_mean_) / self.target_scale_).astype(dtype)
        return super()._prepare_targets(y, Y, sample_weight, first_pass, dtype)

    def _huber_threshold(self, Y, sample_weight):
        threshold = super()._huber_threshold(Y, sample_weight)
        if self.huber_delta != "auto" and hasattr(self, "target_scale_"):
            return threshold / self.target_scale_  # given in the target's units
        return threshold

    def _output_standardisation(self):
        """The mean and scale of each output unit (quantiles share their target's)."""
        output_loss = self._output_loss()
        mean = output_loss.expand_targets(self.target_mean_[np.newaxis, :])[0]
        scale = output_loss.expand_targets(self.target_scale_[np.newaxis, :])[0]
        return mean, scale

    def _held_out_targets(self, y_val, dtype, n_outputs):
        y_val, Y_val = super()._held_out_targets(y_val, dtype, n_outputs)
        if hasattr(self, "target_mean_"):
            mean, scale = self._output_standardisation()
            Y_val = ((Y_val - mean) / scale).astype(dtype)
        return y_val, Y_val

    def _validation_score(self, predictions, y, sample_weight):
        if hasattr(self, "target_mean_"):
            mean, scale = self._output_standardisation()
            predictions = predictions * scale + mean
        return super()._validation_score(predictions, y, sample_weight)

    def _forward(self, X, keep):
        outputs = super()._forward(X, keep)
        if keep[-1] == self.n_layers_ - 2 and hasattr(self, "target_mean_"):
            mean, scale = self._output_standardisation()
            outputs[-1] *= scale.astype(outputs[-1].dtype)
            outputs[-1] += mean.astype(outputs[-1].dtype)
        return outputs
