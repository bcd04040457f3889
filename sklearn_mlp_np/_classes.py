"""The two estimators, side by side: NumpyMLPClassifier and NumpyMLPRegressor.

The parameter descriptions they share are word for word the same (a test
holds them so).
"""

from numbers import Real

import numpy as np
from sklearn.base import ClassifierMixin, RegressorMixin, _fit_context
from sklearn.metrics import accuracy_score, d2_pinball_score, r2_score
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils import check_array
from sklearn.utils._param_validation import Interval, Options, StrOptions
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import (
    check_classification_targets,
    type_of_target,
    unique_labels,
)
from sklearn.utils.validation import column_or_1d

from ._base import BaseNumpyMLP, _check_finite_output, _solver_is_stochastic
from ._export import to_sklearn
from ._losses import REGRESSION_LOSSES, make_loss, weighted_quantile


class NumpyMLPClassifier(ClassifierMixin, BaseNumpyMLP):
    """Multilayer perceptron classifier with hand-coded backpropagation in NumPy.

    A drop-in replacement for :class:`sklearn.neural_network.MLPClassifier`
    (same parameters, attributes and results) that adds an elastic-net
    penalty whose L1 part gives exactly-zero weights, and class weights.
    It minimises the cross-entropy (softmax output for multiclass, logistic
    outputs for binary and multilabel targets) plus the penalty, with SGD,
    Adam or L-BFGS.

    Parameters
    ----------
    hidden_layer_sizes : array-like of shape (n_layers - 2,), default=(100,)
        The ith element is the number of neurons in the ith hidden layer.

    activation : str or sequence of str, default='relu'
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

    alpha : float, default=0.0001
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

    batch_size : int, default='auto'
        Size of the minibatches of the stochastic solvers ('auto' is
        ``min(200, n_samples)``); ignored by 'lbfgs'.

    learning_rate : {'constant', 'invscaling', 'adaptive'}, default='constant'
        Learning-rate schedule of 'sgd': 'constant' keeps
        ``learning_rate_init``; 'invscaling' uses
        ``learning_rate_init / (t + 1) ** power_t`` with ``t`` the number of
        samples seen; 'adaptive' divides the rate by 5 each time
        ``n_iter_no_change`` epochs fail to improve by ``tol``.

    learning_rate_init : float, default=0.001
        Initial learning rate of 'sgd' and 'adam'.

    power_t : float, default=0.5
        Exponent of the 'invscaling' schedule.

    max_iter : int, default=200
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

    early_stopping : bool, default=False
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

    validation_fraction : float, default=0.1
        Share of the training data held out for early stopping, in [0, 1).

    beta_1 : float, default=0.9
        Decay rate of Adam's first-moment estimates, in [0, 1).

    beta_2 : float, default=0.999
        Decay rate of Adam's second-moment estimates, in [0, 1).

    epsilon : float, default=1e-8
        Adam's numerical-stability constant.

    n_iter_no_change : int, default=10
        Number of epochs without improvement by ``tol`` that stops training.

    max_fun : int, default=15000
        Maximum number of loss evaluations of 'lbfgs'.

    learning_rate_schedule : {'cosine', 'one_cycle', 'multi_cycle'} or None, \
            default=None
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
            'lecun_uniform', 'lecun_normal'}, default='glorot_uniform'
        The initial weights' distribution. 'glorot_uniform' is
        scikit-learn's draw (Glorot and Bengio, 2010): uniform in
        ``+-sqrt(factor / (fan_in + fan_out))``, factor 2 for 'logistic' and
        6 otherwise, intercepts drawn alike; a seed gives scikit-learn's
        weights. 'he_*' (He et al., 2015) have variance ``2 / fan_in`` and
        'lecun_*' (LeCun et al., 1998) ``1 / fan_in``, normal or uniform
        (``+-sqrt(3 * variance)``), with zero intercepts.

    output_init : {'random', 'zero'}, default='random'
        'zero' starts the output layer's weights and intercepts at zero
        (the initial prediction is then the same for every sample); the
        hidden layers are drawn as with 'random'.

    class_weight : dict, 'balanced' or None, default=None
        Weights of the classes, ``{label: weight}``; 'balanced' uses
        ``n_samples / (n_classes * np.bincount(y))``. They multiply
        ``sample_weight``. Not available for multilabel targets, nor
        'balanced' with ``partial_fit``.

    label_smoothing : float, default=0.0
        In [0, 1): the targets the network is trained on move this share of
        the way to the uniform distribution, ``(1 - label_smoothing) * y +
        label_smoothing / K``, with ``K`` the number of classes (2 for each
        output of a binary or multilabel target), as in PyTorch's
        ``CrossEntropyLoss`` (Szegedy et al., 2016). It keeps the logits from
        growing without bound on separable data, which tends to give better
        calibrated probabilities. ``loss_curve_`` and
        ``validation_loss_curve_`` are then the cross-entropy to the smoothed
        targets, whose minimum is above 0.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels.

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
        The loss on the held-out data after each epoch: the data loss of
        ``loss_curve_`` without the penalty; None without held-out data.

    best_validation_score_ : float or None
        The best of ``validation_scores_``; None without held-out data.

    t_ : int
        Number of training samples seen by the stochastic solvers.

    coefs_ : list of ndarray
        ``coefs_[i]`` is the weight matrix from layer i to layer i + 1.

    intercepts_ : list of ndarray
        ``intercepts_[i]`` is the bias vector of layer i + 1.

    feature_importances_ : ndarray of shape (`n_features_in_`,)
        The norm of each row of ``coefs_[0]`` (the weights leaving each
        input feature), normalised to sum to 1: 0 for a feature the network
        does not use. For :class:`~sklearn.feature_selection.SelectFromModel`.

    n_features_in_ : int
        Number of features seen during fit.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen during fit, when X has string column
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
    NumpyMLPRegressor : The regressor.
    sklearn.neural_network.MLPClassifier : scikit-learn's classifier.

    Notes
    -----
    The weights are learnt by backpropagation [1]_ [2]_: the gradient of the
    loss plus the penalty, computed layer by layer from the output back,
    drives 'sgd' (with momentum), 'adam' [4]_ or L-BFGS-B [8]_. Given the
    same parameters, data and ``random_state`` as scikit-learn's
    :class:`~sklearn.neural_network.MLPClassifier`, it draws the same Glorot
    initial weights [3]_ and minibatches, and follows the same training to
    float rounding.

    The elastic-net penalty [5]_ (``l1_ratio > 0``) is not differentiable at
    0, so it is not followed by its gradient: after each update of 'sgd'
    and 'adam' its L1 part is a proximal soft-thresholding step [6]_ [7]_,
    which sets weights to exactly 0; under 'lbfgs' each weight is split
    into positive and negative parts, bounded at 0 [8]_.

    What differs from scikit-learn, on purpose: the losses are computed from
    the logits (log-sum-exp, softplus), never clipped, and ``predict``
    thresholds the logits; early stopping stratifies the held-out split for
    every single-label target; a loss that stops being finite ends training
    with the last finite (or best validated) weights. The user guide gives
    the details: :ref:`model` and :ref:`differences`.

    References
    ----------
    .. [1] D. E. Rumelhart, G. E. Hinton and R. J. Williams, "Learning
       representations by back-propagating errors", *Nature* 323,
       533-536, 1986.

    .. [2] G. E. Hinton, "Connectionist learning procedures", *Artificial
       Intelligence* 40(1-3), 185-234, 1989.

    .. [3] X. Glorot and Y. Bengio, "Understanding the difficulty of
       training deep feedforward neural networks", *AISTATS*, 2010.

    .. [4] D. P. Kingma and J. Ba, "Adam: a method for stochastic
       optimization", *ICLR*, 2015 (arXiv:1412.6980).

    .. [5] H. Zou and T. Hastie, "Regularization and variable selection via
       the elastic net", *Journal of the Royal Statistical Society B*
       67(2), 301-320, 2005.

    .. [6] J. Duchi and Y. Singer, "Efficient online and batch learning
       using forward backward splitting", *Journal of Machine Learning
       Research* 10, 2899-2934, 2009.

    .. [7] N. Parikh and S. Boyd, "Proximal algorithms", *Foundations and
       Trends in Optimization* 1(3), 127-239, 2014.

    .. [8] R. H. Byrd, P. Lu, J. Nocedal and C. Zhu, "A limited memory
       algorithm for bound constrained optimization", *SIAM Journal on
       Scientific Computing* 16(5), 1190-1208, 1995.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.model_selection import train_test_split
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from sklearn_mlp_np import NumpyMLPClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> X_train, X_test, y_train, y_test = train_test_split(
    ...     X, y, stratify=y, random_state=0
    ... )
    >>> clf = make_pipeline(
    ...     StandardScaler(),
    ...     NumpyMLPClassifier(
    ...         hidden_layer_sizes=(16,), solver="lbfgs", random_state=0
    ...     ),
    ... ).fit(X_train, y_train)
    >>> clf.predict(X_test[:3]).shape
    (3,)
    >>> clf.score(X_test, y_test) > 0.9
    True
    """

    _parameter_constraints: dict = {
        **BaseNumpyMLP._parameter_constraints,
        "class_weight": [StrOptions({"balanced"}), dict, None],
        "label_smoothing": [Interval(Real, 0, 1, closed="left")],
    }

    def __init__(
        self,
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        solver="adam",
        alpha=0.0001,
        l1_ratio=0.0,
        alpha_features=0.0,
        dropout=0.0,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=0.001,
        power_t=0.5,
        max_iter=200,
        shuffle=True,
        random_state=None,
        tol=1e-4,
        verbose=False,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=False,
        scoring=None,
        validation_fraction=0.1,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=10,
        max_fun=15000,
        learning_rate_schedule=None,
        warmup_fraction=None,
        max_grad_norm=None,
        weight_decay=0.0,
        weight_init="glorot_uniform",
        output_init="random",
        class_weight=None,
        label_smoothing=0.0,
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

    @available_if(_solver_is_stochastic)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None, classes=None):
        """Update the model with one epoch over the given data.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
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
        if self._first_partial_fit_call(classes):
            self._label_binarizer = LabelBinarizer()
            if type_of_target(y).startswith("multilabel"):
                self._label_binarizer.fit(y)
            else:
                self._label_binarizer.fit(classes)
            self.classes_ = self._label_binarizer.classes_
        return self._fit(X, y, sample_weight, incremental=True)

    def _first_partial_fit_call(self, classes) -> bool:
        """Whether this is the first partial_fit call; check ``classes`` against it."""
        if getattr(self, "classes_", None) is None:
            if classes is None:
                raise ValueError(
                    "classes must be passed on the first call to partial_fit: "
                    "all the classes of the whole data, e.g. np.unique(y_all)."
                )
            return True
        if classes is not None and not np.array_equal(
            self.classes_, unique_labels(classes)
        ):
            raise ValueError(
                f"`classes={list(classes)}` is not the same as on the first call "
                f"to partial_fit, which was {self.classes_.tolist()}. Pass the "
                "same classes, or call fit to start again."
            )
        return False

    def predict(self, X):
        """Predict the class labels of the samples in X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The input data.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_labels)
            The predicted classes (a label indicator matrix for multilabel).
        """
        return self._labels_from_output(self._forward_output(X))

    def predict_proba(self, X):
        """Probability estimates.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The input data.

        Returns
        -------
        y_prob : ndarray of shape (n_samples, n_classes)
            The probability of each class, in the order of ``classes_``.
        """
        Z = self._forward_output(X)
        if self._is_binary():
            Z = np.hstack([-Z, Z])  # sigmoid(-z) = 1 - sigmoid(z), without cancellation
        self._output_loss().inplace_output(Z)
        return Z

    def to_sklearn(self):
        """Return an equivalent fitted :class:`~sklearn.neural_network.MLPClassifier`.

        Same weights, activations and classes, so its predictions equal these;
        use it to convert the model with skl2onnx for serving.

        Returns
        -------
        mlp : sklearn.neural_network.MLPClassifier
            A fitted copy (``l1_ratio`` and ``class_weight``, which only shape
            training, are left out).
        """
        return to_sklearn(self, MLPClassifier)

    def predict_log_proba(self, X):
        """Log of the probability estimates, computed stably from the logits.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The input data.

        Returns
        -------
        log_y_prob : ndarray of shape (n_samples, n_classes)
            The log-probability of each class, in the order of ``classes_``;
            finite for finite inputs, even where ``predict_proba`` rounds to 0.
        """
        Z = self._forward_output(X)
        if self._is_binary():
            Z = np.hstack([-Z, Z])
        return self._output_loss().log_output(Z)

    # ---- hooks -------------------------------------------------------------

    def _validate_input(self, X, y, incremental, reset):
        X, y = self._validated_Xy(X, y, reset)
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        check_classification_targets(y)
        if not hasattr(self, "classes_") or (not self.warm_start and not incremental):
            self._label_binarizer = LabelBinarizer().fit(y)
            self.classes_ = self._label_binarizer.classes_
            if len(self.classes_) < 2:
                raise ValueError(
                    f"{type(self).__name__} needs samples of at least 2 classes "
                    f"to learn from; y has only 1 class: {self.classes_.tolist()}."
                )
        else:
            classes = unique_labels(y)
            if self.warm_start and not incremental:
                if set(classes) != set(self.classes_):
                    raise ValueError(
                        "warm_start can only be used where `y` has the same classes "
                        f"as in the previous call to fit. Previously got "
                        f"{self.classes_}, `y` has {classes}. Set warm_start=False "
                        "to train a new network."
                    )
            elif len(unseen := np.setdiff1d(classes, self.classes_)):
                raise ValueError(
                    f"`y` has classes not in `self.classes_`: {unseen.tolist()}. "
                    f"`self.classes_` has {self.classes_.tolist()}; pass every "
                    "class in `classes` on the first call to partial_fit."
                )
        # Indicators as bool: 1 byte per entry; cast to X's dtype per batch.
        Y = self._label_binarizer.transform(y).astype(bool)
        return X, y, Y

    def _output_loss(self):
        multiclass = self._label_binarizer.y_type_ == "multiclass"
        return make_loss("log_loss" if multiclass else "binary_log_loss")

    def _is_binary(self):
        return self._label_binarizer.y_type_ == "binary"

    def _is_multilabel(self):
        return self._label_binarizer.y_type_.startswith("multilabel")

    def _stratify(self, y):
        # Both parts see every class; multilabel targets are not stratified.
        return None if self._is_multilabel() else y

    def _sample_weight(self, X, y, sample_weight, incremental):
        sample_weight = super()._sample_weight(X, y, sample_weight, incremental)
        if self.class_weight is None:
            return sample_weight
        if self._is_multilabel():
            raise ValueError(
                "class_weight is not supported for multilabel targets; "
                "pass per-sample weights with sample_weight instead."
            )
        if incremental and self.class_weight == "balanced":
            raise ValueError(
                "class_weight='balanced' is not supported by partial_fit: one "
                "chunk does not show the class frequencies. Compute them with "
                "sklearn.utils.class_weight.compute_class_weight on all of y and "
                "pass the resulting dict as class_weight."
            )
        weights = compute_class_weight(self.class_weight, classes=self.classes_, y=y)
        if (weights < 0).any():
            raise ValueError(
                f"class_weight={self.class_weight!r} has negative weights: "
                "weights must be non-negative."
            )
        per_sample = weights[np.searchsorted(self.classes_, y)].astype(X.dtype)
        if sample_weight is not None:
            per_sample *= sample_weight
        if not per_sample.any():
            raise ValueError(
                f"With class_weight={self.class_weight!r}, every sample has weight "
                "zero: there is nothing to learn from. Give the classes of y "
                "non-zero weights."
            )
        return per_sample

    def _labels_from_output(self, Z):
        # Logistic outputs > 0.5 exactly where the logit > 0; softmax's argmax
        # is the logits' argmax: no activation needed to predict.
        return self._label_binarizer.inverse_transform(Z, threshold=0.0)

    def _held_out_targets(self, y_val, dtype, n_outputs):
        y_val = check_array(y_val, ensure_2d=False, dtype=None, input_name="y_val")
        if y_val.ndim == 2 and y_val.shape[1] == 1:
            y_val = column_or_1d(y_val, warn=True)
        check_classification_targets(y_val)
        if len(unseen := np.setdiff1d(unique_labels(y_val), self.classes_)):
            raise ValueError(
                f"y_val has classes not in the training data: {unseen.tolist()}. "
                f"The classes are {self.classes_.tolist()}."
            )
        Y_val = self._label_binarizer.transform(y_val).astype(bool)
        return y_val, self._smoothed(Y_val, dtype)

    def _prepare_targets(self, y, Y, sample_weight, first_pass, dtype):
        return self._smoothed(Y, dtype)

    def _smoothed(self, Y, dtype):
        """The indicators ``Y``, moved ``label_smoothing`` towards uniform.

        Without smoothing the bool indicators are kept (1 byte an entry);
        smoothed targets are in ``dtype`` (X's).
        """
        if not self.label_smoothing:
            return Y
        softmax = self._output_loss().out_activation == "softmax"
        n_classes = Y.shape[1] if softmax else 2  # 2 for each logistic unit
        smoothed = Y.astype(dtype)
        smoothed *= 1 - self.label_smoothing
        smoothed += self.label_smoothing / n_classes
        return smoothed

    def _validation_score(self, predictions, y, sample_weight):
        # From probabilities, as scikit-learn's early stopping scores.
        y_pred = self._label_binarizer.inverse_transform(predictions)
        return accuracy_score(y, y_pred, sample_weight=sample_weight)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        return tags


class NumpyMLPRegressor(RegressorMixin, BaseNumpyMLP):
    """Multilayer perceptron regressor with hand-coded backpropagation in NumPy.

    A drop-in replacement for :class:`sklearn.neural_network.MLPRegressor`
    (same parameters, attributes and results) that adds an elastic-net
    penalty whose L1 part gives exactly-zero weights, and the robust losses
    scikit-learn's MLP lacks. It minimises half the squared error (identity
    output), half the Poisson deviance (exponential output), the absolute
    error, Huber's loss or the pinball loss of one or several quantiles
    (identity output) plus the penalty, with SGD, Adam or L-BFGS.

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

    hidden_layer_sizes : array-like of shape (n_layers - 2,), default=(100,)
        The ith element is the number of neurons in the ith hidden layer.

    activation : str or sequence of str, default='relu'
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

    alpha : float, default=0.0001
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

    batch_size : int, default='auto'
        Size of the minibatches of the stochastic solvers ('auto' is
        ``min(200, n_samples)``); ignored by 'lbfgs'.

    learning_rate : {'constant', 'invscaling', 'adaptive'}, default='constant'
        Learning-rate schedule of 'sgd': 'constant' keeps
        ``learning_rate_init``; 'invscaling' uses
        ``learning_rate_init / (t + 1) ** power_t`` with ``t`` the number of
        samples seen; 'adaptive' divides the rate by 5 each time
        ``n_iter_no_change`` epochs fail to improve by ``tol``.

    learning_rate_init : float, default=0.001
        Initial learning rate of 'sgd' and 'adam'.

    power_t : float, default=0.5
        Exponent of the 'invscaling' schedule.

    max_iter : int, default=200
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

    early_stopping : bool, default=False
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

    validation_fraction : float, default=0.1
        Share of the training data held out for early stopping, in [0, 1).

    beta_1 : float, default=0.9
        Decay rate of Adam's first-moment estimates, in [0, 1).

    beta_2 : float, default=0.999
        Decay rate of Adam's second-moment estimates, in [0, 1).

    epsilon : float, default=1e-8
        Adam's numerical-stability constant.

    n_iter_no_change : int, default=10
        Number of epochs without improvement by ``tol`` that stops training.

    max_fun : int, default=15000
        Maximum number of loss evaluations of 'lbfgs'.

    learning_rate_schedule : {'cosine', 'one_cycle', 'multi_cycle'} or None, \
            default=None
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
            'lecun_uniform', 'lecun_normal'}, default='glorot_uniform'
        The initial weights' distribution. 'glorot_uniform' is
        scikit-learn's draw (Glorot and Bengio, 2010): uniform in
        ``+-sqrt(factor / (fan_in + fan_out))``, factor 2 for 'logistic' and
        6 otherwise, intercepts drawn alike; a seed gives scikit-learn's
        weights. 'he_*' (He et al., 2015) have variance ``2 / fan_in`` and
        'lecun_*' (LeCun et al., 1998) ``1 / fan_in``, normal or uniform
        (``+-sqrt(3 * variance)``), with zero intercepts.

    output_init : {'random', 'zero'}, default='random'
        'zero' starts the output layer's weights and intercepts at zero
        (the initial prediction is then the same for every sample); the
        hidden layers are drawn as with 'random'.

    Attributes
    ----------
    loss_ : float
        The loss (with penalty) at the end of training.

    best_loss_ : float or None
        The lowest training loss reached; None with early stopping.

    loss_curve_ : list of float
        The loss after each epoch (or 'lbfgs' iteration).

    validation_scores_ : list of float or None
        The ``scoring`` of the held-out data after each epoch (by default
        ``score``: R², or the mean D² pinball score with
        ``loss='quantile'``), with early stopping or ``X_val``; None
        otherwise.

    validation_loss_curve_ : list of float or None
        The loss on the held-out data after each epoch: the data loss of
        ``loss_curve_`` without the penalty; None without held-out data.

    best_validation_score_ : float or None
        The best of ``validation_scores_``; None without held-out data.

    t_ : int
        Number of training samples seen by the stochastic solvers.

    coefs_ : list of ndarray
        ``coefs_[i]`` is the weight matrix from layer i to layer i + 1.

    intercepts_ : list of ndarray
        ``intercepts_[i]`` is the bias vector of layer i + 1.

    feature_importances_ : ndarray of shape (`n_features_in_`,)
        The norm of each row of ``coefs_[0]`` (the weights leaving each
        input feature), normalised to sum to 1: 0 for a feature the network
        does not use. For :class:`~sklearn.feature_selection.SelectFromModel`.

    n_features_in_ : int
        Number of features seen during fit.

    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Names of the features seen during fit, when X has string column
        names.

    n_iter_ : int
        Number of epochs (or 'lbfgs' iterations) of the last fit.

    n_layers_ : int
        Number of layers, input and output included.

    n_outputs_ : int
        Number of output units: one per target, times the number of
        quantiles with ``loss='quantile'``.

    out_activation_ : str
        The output activation: 'identity' or 'exp'.

    huber_delta_ : ndarray of shape (n_targets,)
        The threshold of Huber's loss for each target column, given or
        computed by ``huber_delta='auto'``; only with ``loss='huber'``.

    See Also
    --------
    NumpyMLPClassifier : The classifier.
    sklearn.neural_network.MLPRegressor : scikit-learn's regressor.

    Notes
    -----
    The weights are learnt by backpropagation [1]_ [2]_: the gradient of the
    loss plus the penalty, computed layer by layer from the output back,
    drives 'sgd' (with momentum), 'adam' [4]_ or L-BFGS-B [8]_. Given the
    same parameters, data and ``random_state`` as scikit-learn's
    :class:`~sklearn.neural_network.MLPRegressor`, it draws the same Glorot
    initial weights [3]_ and minibatches, and follows the same training to
    float rounding.

    The elastic-net penalty [5]_ (``l1_ratio > 0``) is not differentiable at
    0, so it is not followed by its gradient: after each update of 'sgd'
    and 'adam' its L1 part is a proximal soft-thresholding step [6]_ [7]_,
    which sets weights to exactly 0; under 'lbfgs' each weight is split
    into positive and negative parts, bounded at 0 [8]_.

    What differs from scikit-learn, on purpose: with several outputs the
    squared error is summed over the outputs, as its gradient is
    (scikit-learn reports the mean), so ``loss_curve_`` differs while the
    gradients agree; a loss that stops being finite ends training with the
    last finite (or best validated) weights. The user guide gives the
    details: :ref:`model` and :ref:`differences`.

    References
    ----------
    .. [1] D. E. Rumelhart, G. E. Hinton and R. J. Williams, "Learning
       representations by back-propagating errors", *Nature* 323,
       533-536, 1986.

    .. [2] G. E. Hinton, "Connectionist learning procedures", *Artificial
       Intelligence* 40(1-3), 185-234, 1989.

    .. [3] X. Glorot and Y. Bengio, "Understanding the difficulty of
       training deep feedforward neural networks", *AISTATS*, 2010.

    .. [4] D. P. Kingma and J. Ba, "Adam: a method for stochastic
       optimization", *ICLR*, 2015 (arXiv:1412.6980).

    .. [5] H. Zou and T. Hastie, "Regularization and variable selection via
       the elastic net", *Journal of the Royal Statistical Society B*
       67(2), 301-320, 2005.

    .. [6] J. Duchi and Y. Singer, "Efficient online and batch learning
       using forward backward splitting", *Journal of Machine Learning
       Research* 10, 2899-2934, 2009.

    .. [7] N. Parikh and S. Boyd, "Proximal algorithms", *Foundations and
       Trends in Optimization* 1(3), 127-239, 2014.

    .. [8] R. H. Byrd, P. Lu, J. Nocedal and C. Zhu, "A limited memory
       algorithm for bound constrained optimization", *SIAM Journal on
       Scientific Computing* 16(5), 1190-1208, 1995.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.model_selection import train_test_split
    >>> from sklearn_mlp_np import NumpyMLPRegressor
    >>> rng = np.random.RandomState(0)
    >>> X = rng.uniform(-3, 3, size=(300, 1))
    >>> y = np.sin(X).ravel()
    >>> X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    >>> reg = NumpyMLPRegressor(
    ...     hidden_layer_sizes=(20,), activation="tanh", solver="lbfgs",
    ...     max_iter=500, random_state=0,
    ... ).fit(X_train, y_train)
    >>> reg.score(X_test, y_test) > 0.99
    True
    """

    _parameter_constraints: dict = {
        **BaseNumpyMLP._parameter_constraints,
        "loss": [StrOptions(set(REGRESSION_LOSSES))],
        "quantile": [Interval(Real, 0, 1, closed="neither"), "array-like"],
        "huber_delta": [
            StrOptions({"auto"}),
            Interval(Real, 0, None, closed="neither"),
            Options(Real, {np.inf}),
        ],
    }

    def __init__(
        self,
        loss="squared_error",
        hidden_layer_sizes=(100,),
        activation="relu",
        *,
        quantile=0.5,
        huber_delta="auto",
        solver="adam",
        alpha=0.0001,
        l1_ratio=0.0,
        alpha_features=0.0,
        dropout=0.0,
        batch_size="auto",
        learning_rate="constant",
        learning_rate_init=0.001,
        power_t=0.5,
        max_iter=200,
        shuffle=True,
        random_state=None,
        tol=1e-4,
        verbose=False,
        warm_start=False,
        momentum=0.9,
        nesterovs_momentum=True,
        early_stopping=False,
        scoring=None,
        validation_fraction=0.1,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        n_iter_no_change=10,
        max_fun=15000,
        learning_rate_schedule=None,
        warmup_fraction=None,
        max_grad_norm=None,
        weight_decay=0.0,
        weight_init="glorot_uniform",
        output_init="random",
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

    @available_if(_solver_is_stochastic)
    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, sample_weight=None):
        """Update the model with one epoch over the given data.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
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
        return self._fit(X, y, sample_weight, incremental=True)

    def predict(self, X):
        """Predict the targets of the samples in X.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            The input data.

        Returns
        -------
        y : ndarray of shape (n_samples,) or (n_samples, n_outputs)
            The predicted values.
        """
        Z = self._forward_output(X)
        with np.errstate(over="ignore"):
            self._output_loss().inplace_output(Z)
        _check_finite_output(Z)  # exp can overflow where Z did not
        if self.loss == "quantile":
            return self._sorted_quantiles(Z)
        return Z.ravel() if Z.shape[1] == 1 else Z

    def score(self, X, y, sample_weight=None):
        """R² of the predictions; the mean D² pinball score for quantiles.

        R² (:func:`~sklearn.metrics.r2_score`, as every scikit-learn
        regressor) for every loss but 'quantile'. The R² of a quantile is
        meaningless (it rewards the mean), so with ``loss='quantile'`` the
        score is :func:`~sklearn.metrics.d2_pinball_score` at each level,
        averaged over the levels (and over the outputs of a 2-D ``y``): 1
        is perfect, 0 is the training-free constant quantile. Early
        stopping's default ``scoring`` is this score.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Test samples.

        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            True values of X.

        sample_weight : array-like of shape (n_samples,), default=None
            Sample weights.

        Returns
        -------
        score : float
            R², or the mean D² pinball score.
        """
        if self.loss != "quantile":
            return super().score(X, y, sample_weight=sample_weight)
        return self._quantile_score(y, self.predict(X), sample_weight)

    def to_sklearn(self):
        """Return an equivalent fitted :class:`~sklearn.neural_network.MLPRegressor`.

        Same weights, activations and output, so its predictions equal these;
        use it to convert the model with skl2onnx for serving.

        Returns
        -------
        mlp : sklearn.neural_network.MLPRegressor
            A fitted copy (``l1_ratio``, which only shapes training, is left out).

        Raises
        ------
        ValueError
            If the installed scikit-learn's MLPRegressor lacks the model's loss.
        """
        return to_sklearn(self, MLPRegressor)

    # ---- hooks -------------------------------------------------------------

    def _validate_input(self, X, y, incremental, reset):
        X, y = self._validated_Xy(X, y, reset, y_numeric=True)
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        Y = y.reshape(y.shape[0], -1).astype(X.dtype)
        return X, y, Y

    def _prepare_targets(self, y, Y, sample_weight, first_pass, dtype):
        if self.loss == "huber" and (first_pass or not hasattr(self, "huber_delta_")):
            self.huber_delta_ = self._huber_threshold(Y, sample_weight)
        elif self.loss != "huber":
            self.__dict__.pop("huber_delta_", None)
        output_loss = self._output_loss()
        if self.solver == "lbfgs" and not output_loss.smooth:
            raise ValueError(
                f"loss={self.loss!r} has a gradient that jumps where a residual "
                "is 0, and solver='lbfgs' needs a continuous one (its line "
                "search stalls at the kinks). Use solver='adam' or 'sgd', or "
                "loss='huber' for a smooth robust loss."
            )
        output_loss.check_targets(y, "y")
        return output_loss.expand_targets(Y)

    def _huber_threshold(self, Y, sample_weight):
        """``huber_delta`` per target column; 'auto' is GradientBoosting's rule."""
        if self.huber_delta != "auto":
            return np.full(Y.shape[1], float(self.huber_delta))
        median = weighted_quantile(Y, 0.5, sample_weight)
        spread = weighted_quantile(np.abs(Y - median), 0.9, sample_weight)
        return np.where(spread > 0, spread, 1.0)

    def _quantiles(self) -> np.ndarray:
        """The checked levels of ``quantile``, as a 1-D array."""
        levels = np.atleast_1d(np.asarray(self.quantile, dtype=np.float64))
        valid = levels.ndim == 1 and levels.size > 0 and np.all(levels > 0)
        if not (valid and np.all(levels < 1) and np.unique(levels).size == levels.size):
            raise ValueError(
                f"quantile={self.quantile!r}: give a float in (0, 1) or a "
                "sequence of different floats in (0, 1), e.g. [0.05, 0.5, 0.95]."
            )
        return levels

    def _output_loss(self):
        if self.loss == "quantile":
            return make_loss("quantile", quantile=self._quantiles())
        if self.loss == "huber":
            return make_loss("huber", delta=self.huber_delta_)
        return make_loss(self.loss)

    def _sorted_quantiles(self, Z):
        """The quantile outputs ``Z``, sorted per sample, in ``predict``'s shape.

        Sorting the levels' predictions is the monotone rearrangement of
        Chernozhukov, Fernandez-Val and Galichon (2010): it never moves a
        prediction further from its quantile and ends any crossing.
        """
        levels = self._quantiles()
        per_level = np.sort(Z.reshape(Z.shape[0], -1, levels.size), axis=-1)
        # Sorted values belong to the sorted levels: give them in the user's order.
        per_level = per_level[..., np.argsort(np.argsort(levels))]
        if np.ndim(self.quantile) == 0:
            per_level = per_level[..., 0]
        # A 1-D y has one target: no target axis.
        return per_level[:, 0] if per_level.shape[1] == 1 else per_level

    def _quantile_score(self, y, predictions, sample_weight):
        """The mean over levels (and outputs) of ``d2_pinball_score``."""
        levels = self._quantiles()
        y = np.asarray(y)
        n_samples = y.shape[0]
        per_level = np.asarray(predictions).reshape(n_samples, -1, levels.size)
        Y = y.reshape(n_samples, -1)
        scores = [
            d2_pinball_score(
                Y, per_level[..., k], alpha=level, sample_weight=sample_weight
            )
            for k, level in enumerate(levels)
        ]
        return float(np.mean(scores))

    def _held_out_targets(self, y_val, dtype, n_outputs):
        y_val = check_array(y_val, ensure_2d=False, dtype=dtype, input_name="y_val")
        if y_val.ndim == 2 and y_val.shape[1] == 1:
            y_val = column_or_1d(y_val, warn=True)
        output_loss = self._output_loss()
        n_targets = n_outputs // output_loss.outputs_per_target
        Y_val = y_val.reshape(y_val.shape[0], -1)
        if Y_val.shape[1] != n_targets:
            raise ValueError(
                f"y_val has {Y_val.shape[1]} outputs, but y has {n_targets}."
            )
        output_loss.check_targets(y_val, "y_val")
        return y_val, output_loss.expand_targets(Y_val)

    def _validation_score(self, predictions, y, sample_weight):
        if self.loss == "quantile":
            return self._quantile_score(
                y, self._sorted_quantiles(predictions), sample_weight
            )
        return r2_score(y, predictions.reshape(y.shape), sample_weight=sample_weight)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags
