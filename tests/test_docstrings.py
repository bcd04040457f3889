"""The two estimators document the parameters they share with the same words."""

import inspect
import re

from sklearn_mlp_np import NumpyMLPClassifier, NumpyMLPRegressor


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
