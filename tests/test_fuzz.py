"""Property-based fuzzing of fit + predict over shapes, dtypes, values and labels.

Most examples are valid problems: fit and predict must succeed with finite
outputs of the right shape, dtype and labels. The only failure allowed there
is a divergence (or an overflowing prediction) on unscaled data, with its
message. The rest have targets a classifier cannot learn from, and must be
refused with the message that says why. Nothing else: no other exception,
no warning storm, no NaN in a prediction.

``python -m pytest tests/test_fuzz.py --hypothesis-show-statistics`` shows how
the examples ended (most in a fit).
"""

import re
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import event, given
from hypothesis import strategies as st
from sklearn.exceptions import ConvergenceWarning

from sklearn_mlp_np import NumpyMLPClassifier, NumpyMLPRegressor

DTYPES = [np.float16, np.float32, np.float64, np.int8, np.int64, np.bool_]
SCALES = [1e-300, 1e-8, 1.0, 1e8, 1e150, 1e300]
# Valid class labels of each type scikit-learn accepts (floats of integer value).
LABELS = {
    "int": lambda k: np.arange(k) * 3 - 2,
    "str": lambda k: np.array([f"class {i}" for i in range(k)]),
    "bool": lambda k: np.array([False, True])[:k],
    "float": lambda k: np.arange(k) * 2.0 - 1.0,
}
# Classification targets that cannot be learnt from, and the messages saying so.
INVALID = {
    "one class": r"needs samples of at least 2 classes.*y has only 1 class",
    "continuous": r"Unknown label type: .*continuous",
}
# Where the network overflows on unscaled data: the only failures of a valid problem.
DIVERGED = (
    r"^Solver produced non-finite parameter weights\. "
    r"|^The network's output is not finite.*Scale X"
)


@st.composite
def problems(draw):
    task = draw(st.sampled_from(["classification", "regression"]))
    # A third of the classification examples (a sixth of all) are invalid.
    validity = "valid"
    if task == "classification":
        validity = draw(st.sampled_from(["valid"] * 4 + sorted(INVALID)))
    kind = draw(st.sampled_from(sorted(LABELS)))
    n_classes = draw(st.integers(2, 2 if kind == "bool" else 4))
    n_samples = draw(st.integers(n_classes if task == "classification" else 1, 25))
    n_features = draw(st.integers(1, 5))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.RandomState(seed)
    dtype = draw(st.sampled_from(DTYPES))
    scales = SCALES
    if np.issubdtype(dtype, np.floating):
        # Mostly scales the dtype holds; one example in ten overflows to inf.
        scales = [s for s in SCALES if s < float(np.finfo(dtype).max) / 100]
        if draw(st.sampled_from([False] * 9 + [True])):
            scales = [1e300]
    X = rng.normal(size=(n_samples, n_features)) * draw(st.sampled_from(scales))
    if draw(st.booleans()):
        X[:, draw(st.integers(0, n_features - 1))] = draw(st.sampled_from([0.0, 7.0]))
    if n_samples > 2 and draw(st.booleans()):
        X[n_samples // 2 :] = X[: n_samples - n_samples // 2]  # duplicated rows
    with np.errstate(over="ignore", invalid="ignore"):
        X = X.astype(dtype)
    # scipy.sparse has no float16.
    formats = [None] if dtype == np.float16 else [None, "csr", "csc", "coo"]
    sparse = draw(st.sampled_from(formats))
    if task == "regression":
        y = rng.normal(size=n_samples) * draw(st.sampled_from([1e-3, 1.0, 1e3]))
    elif validity == "one class":
        y = np.repeat(LABELS[kind](1), n_samples)
    elif validity == "continuous":
        y = rng.normal(size=n_samples) + 0.5  # not integer: not a class label
    else:
        # Every class at least once, then any of them.
        labels = np.r_[np.arange(n_classes), rng.randint(n_classes, size=n_samples)]
        y = LABELS[kind](n_classes)[rng.permutation(labels[:n_samples])]
    params = dict(
        hidden_layer_sizes=(3,),
        solver=draw(st.sampled_from(["sgd", "adam", "lbfgs"])),
        activation=draw(st.sampled_from(["identity", "logistic", "tanh", "relu"])),
        l1_ratio=draw(st.sampled_from([0.0, 0.5, 1.0])),
        max_iter=3,
        random_state=0,
    )
    return X, y, sparse, task, validity, params


@given(problems())
def test_fit_predict_succeeds_with_finite_outputs_or_says_why_not(problem):
    X, y, sparse, task, validity, params = problem
    X_in = X if sparse is None else sp.csr_matrix(X).asformat(sparse)
    Estimator = NumpyMLPClassifier if task == "classification" else NumpyMLPRegressor
    model = Estimator(**params)
    if np.isinf(X).any():  # float16 overflows from 1e8 on
        event("refused: infinite X")
        # scikit-learn's check sums X first: inf - inf warns there, not here.
        with np.errstate(invalid="ignore"):
            with pytest.raises(ValueError, match="Input X contains infinity"):
                model.fit(X_in, y)
        return
    if validity != "valid":
        event("refused: " + validity)
        with pytest.raises(ValueError, match=INVALID[validity]):
            model.fit(X_in, y)
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            model.fit(X_in, y)
            predictions = model.predict(X_in)
            probabilities = (
                model.predict_proba(X_in) if task == "classification" else None
            )
        except ValueError as error:
            # Only where the data is far from scaled can the network overflow.
            assert np.abs(X.astype(np.float64)).max() > 1e4, error
            assert re.search(DIVERGED, str(error)), error
            event("diverged on unscaled X")
            return
    event("fitted")
    unexpected = [w for w in caught if not issubclass(w.category, ConvergenceWarning)]
    assert len(unexpected) <= 2, [str(w.message) for w in unexpected]

    expected_dtype = np.float32 if X.dtype == np.float32 else np.float64
    assert all(c.dtype == expected_dtype for c in model.coefs_)
    assert predictions.shape == (X.shape[0],)
    if task == "classification":
        np.testing.assert_array_equal(model.classes_, np.unique(y))
        assert set(np.unique(predictions)) <= set(model.classes_)
        assert probabilities.dtype == expected_dtype
        assert probabilities.shape == (X.shape[0], len(model.classes_))
        assert np.isfinite(probabilities).all()
        np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-3)
    else:
        assert predictions.dtype == expected_dtype
        assert np.isfinite(predictions).all()
