"""The two estimators document the parameters they share with the same words."""

import inspect
import re

from sklearn_mlp_np import (
    NumpyMLPClassifier,
    NumpyMLPRegressor,
    TabularMLPClassifier,
    TabularMLPRegressor,
)


def documented_parameters(cls):
    doc = inspect.getdoc(cls)
    section = doc.split("Parameters\n----------\n")[1].split("Attributes\n----------")[
        0
    ]
    entries = re.split(r"\n(?=\w+ : )", "\n" + section)
    return {
        entry.split(" : ")[0].strip(): entry.strip()
        for entry in entries
        if entry.strip()
    }


def test_every_constructor_parameter_is_documented():
    for cls in (NumpyMLPClassifier, NumpyMLPRegressor):
        assert list(documented_parameters(cls)) == list(
            inspect.signature(cls).parameters
        )


def test_shared_parameters_have_identical_descriptions():
    classifier = documented_parameters(NumpyMLPClassifier)
    regressor = documented_parameters(NumpyMLPRegressor)
    shared = classifier.keys() & regressor.keys()
    # scikit-learn's 23, then l1_ratio, alpha_features, dropout, scoring,
    # learning_rate_schedule, warmup_fraction, max_grad_norm, weight_decay,
    # weight_init and output_init.
    assert len(shared) == 33
    for name in shared:
        assert classifier[name] == regressor[name], name


def body(entry):
    """A parameter's description without its ``name : type, default`` line(s)."""
    return entry.split("\n", 1)[1] if "\n" in entry else ""


def test_the_tabular_classes_describe_inherited_parameters_in_the_same_words():
    # Their docstrings are written out, not generated: this keeps them from
    # drifting from the drop-in classes' (only the default may differ).
    pairs = [
        (NumpyMLPClassifier, TabularMLPClassifier),
        (NumpyMLPRegressor, TabularMLPRegressor),
    ]
    for drop_in, tabular in pairs:
        theirs, ours = documented_parameters(drop_in), documented_parameters(tabular)
        assert list(ours) == list(inspect.signature(tabular).parameters)
        for name in theirs:
            assert body(ours[name]) == body(theirs[name]), (tabular.__name__, name)
    classifier = documented_parameters(TabularMLPClassifier)
    regressor = documented_parameters(TabularMLPRegressor)
    added = (classifier.keys() & regressor.keys()) - documented_parameters(
        NumpyMLPClassifier
    ).keys()
    assert len(added) == 13
    for name in added:
        assert body(classifier[name]) == body(regressor[name]), name
        # The header's default is the signature's (the classifier's embedding
        # is 'pl', the regressor's None).
        for cls, entry in (
            (TabularMLPClassifier, classifier),
            (TabularMLPRegressor, regressor),
        ):
            default = inspect.signature(cls).parameters[name].default
            assert entry[name].split("\n")[0].endswith(f"default={default!r}"), name
