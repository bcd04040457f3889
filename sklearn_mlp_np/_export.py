"""Export a fitted network as scikit-learn's own MLP (for skl2onnx and serving)."""

import copy

from sklearn.neural_network import MLPClassifier
from sklearn.utils.validation import check_is_fitted

from ._activations import SKLEARN_ACTIVATIONS

# Fitted attributes that mean the same in both packages.
_FITTED_ATTRIBUTES = (
    "n_features_in_",
    "feature_names_in_",
    "n_iter_",
    "t_",
    "n_layers_",
    "n_outputs_",
    "out_activation_",
    "loss_",
    "loss_curve_",
    "best_loss_",
    "validation_scores_",
    "best_validation_score_",
    "classes_",
)


# Losses of ours that scikit-learn's MLPs do not have at all (so no upgrade
# of scikit-learn can export them).
_LOSSES_NO_SKLEARN_MLP_HAS = ("absolute_error", "huber", "quantile")


def _options(sklearn_class, parameter, default):
    constraint = sklearn_class._parameter_constraints.get(parameter)
    return set(constraint[0].options) if constraint else default


def _refuse_what_sklearn_lacks(params, sklearn_class) -> None:
    """Raise ValueError for a loss or activation ``sklearn_class`` cannot take.

    What no scikit-learn version has is told apart from what a newer one does.
    """
    for name, default in (("activation", set()), ("loss", {"squared_error"})):
        if name not in params:
            continue
        if name == "loss" and params[name] in _LOSSES_NO_SKLEARN_MLP_HAS:
            raise ValueError(
                f"loss={params[name]!r} has no counterpart in scikit-learn's "
                f"{sklearn_class.__name__}, in any version: its losses are "
                "'squared_error' and 'poisson', and a network trained for "
                "another loss would be served with the wrong meaning (a median "
                "or quantiles read as a mean). Persist this model with joblib "
                "or skops and predict with it directly."
            )
        if name == "activation" and params[name] not in SKLEARN_ACTIVATIONS:
            raise ValueError(
                f"activation={params[name]!r} has no counterpart in scikit-learn's "
                f"{sklearn_class.__name__}, in any version: its activations are "
                f"{list(SKLEARN_ACTIVATIONS)}. Persist this model with joblib "
                "or skops and predict with it directly, or train it with one "
                "of those activations to export it."
            )
        available = _options(sklearn_class, name, default)
        if params[name] not in available:
            raise ValueError(
                f"{name}={params[name]!r} has no counterpart in the installed "
                f"scikit-learn's {sklearn_class.__name__} (it offers "
                f"{sorted(available)}); upgrade scikit-learn to export this model."
            )


def to_sklearn(estimator, sklearn_class):
    """Return a ``sklearn_class`` fitted with ``estimator``'s weights and labels.

    Training-only parameters (``l1_ratio``, ``alpha_features``, ``dropout``,
    ``scoring``, ``class_weight``) are dropped: they do not change
    predictions. Raises ValueError when the installed scikit-learn cannot
    express the network (a numeric embedding, which no version can).
    """
    check_is_fitted(estimator)
    if hasattr(estimator, "embedding_weights_"):
        raise ValueError(
            f"numeric_embedding={estimator.numeric_embedding!r} puts a periodic "
            "embedding of the numeric features before the first layer; "
            f"scikit-learn's {sklearn_class.__name__} has no such layer, so it "
            "cannot express this network. Persist this model with joblib or "
            "skops and predict with it directly, or train with "
            "numeric_embedding=None to export."
        )
    params = estimator.get_params()
    activations = estimator._activation_names(estimator.n_layers_ - 2)
    if len(set(activations)) > 1:
        raise ValueError(
            f"activation={params['activation']!r} gives each hidden layer its "
            f"own activation; scikit-learn's {sklearn_class.__name__} has one "
            "for all hidden layers, so it cannot express this network."
        )
    if activations:
        params["activation"] = activations[0]
    _refuse_what_sklearn_lacks(params, sklearn_class)
    target = sklearn_class()
    shared = target.get_params().keys() & params.keys()
    target.set_params(**{name: params[name] for name in shared})
    target.coefs_ = [c.copy() for c in estimator._effective_coefs()]
    target.intercepts_ = [b.copy() for b in estimator.intercepts_]
    for name in _FITTED_ATTRIBUTES:
        if hasattr(estimator, name):
            setattr(target, name, copy.deepcopy(getattr(estimator, name)))
    if sklearn_class is MLPClassifier:
        target._label_binarizer = copy.deepcopy(estimator._label_binarizer)
    return target
