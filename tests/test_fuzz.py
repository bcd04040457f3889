"""Property-based fuzzing of fit + predict over shapes, dtypes, values and labels.

Either both succeed with finite outputs of the right shape and dtype, or fit
or predict raise ValueError / TypeError with a message. Nothing else: no
other exception, no warning storm, no NaN in a prediction.
"""

import warnings

import numpy as np
import scipy.sparse as sp
from hypothesis import given
from hypothesis import strategies as st
from sklearn.exceptions import ConvergenceWarning

from sklearn_mlp_np import NumpyMLPClassifier, NumpyMLPRegressor

DTYPES = [np.float16, np.float32, np.float64, np.int8, np.int64, np.bool_]
SCALES = [1e-300, 1e-8, 1.0, 1e8, 1e150, 1e300]
LABELS = {
    "int": lambda k: np.arange(k) * 3 - 2,
    "str": lambda k: np.array([f"class {i}" for i in range(k)]),
    "bool": lambda k: np.array([False, True])[:k],
    "float": lambda k: np.arange(k) / 2.0,
}


@st.composite
def problems(draw):
    n_samples = draw(st.integers(1, 25))
    n_features = draw(st.integers(1, 5))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n_samples, n_features)) * draw(st.sampled_from(SCALES))
    if draw(st.booleans()):
        X[:, draw(st.integers(0, n_features - 1))] = draw(st.sampled_from([0.0, 7.0]))
    if n_samples > 2 and draw(st.booleans()):
        X[n_samples // 2 :] = X[: n_samples - n_samples // 2]  # duplicated rows
    dtype = draw(st.sampled_from(DTYPES))
    with np.errstate(over="ignore", invalid="ignore"):
        X = X.astype(dtype)
    # scipy.sparse has no float16.
    formats = [None] if dtype == np.float16 else [None, "csr", "csc", "coo"]
    sparse = draw(st.sampled_from(formats))
    task = draw(st.sampled_from(["classification", "regression"]))
    if task == "classification":
        kind = draw(st.sampled_from(sorted(LABELS)))
        n_classes = draw(st.integers(1, 2 if kind == "bool" else 4))
        y = LABELS[kind](n_classes)[rng.randint(n_classes, size=n_samples)]
    else:
        y = rng.normal(size=n_samples) * draw(st.sampled_from([1e-3, 1.0, 1e3]))
    params = dict(
        hidden_layer_sizes=(3,),
        solver=draw(st.sampled_from(["sgd", "adam", "lbfgs"])),
        activation=draw(st.sampled_from(["identity", "logistic", "tanh", "relu"])),
        l1_ratio=draw(st.sampled_from([0.0, 0.5, 1.0])),
        max_iter=3,
        random_state=0,
    )
    return X, y, sparse, task, params


@given(problems())
def test_fit_predict_succeeds_with_finite_outputs_or_raises_a_value_error(problem):
    X, y, sparse, task, params = problem
    X_in = X if sparse is None else sp.csr_matrix(X).asformat(sparse)
    Estimator = NumpyMLPClassifier if task == "classification" else NumpyMLPRegressor
    model = Estimator(**params)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            model.fit(X_in, y)
            predictions = model.predict(X_in)
            probabilities = (
                model.predict_proba(X_in) if task == "classification" else None
            )
        except (ValueError, TypeError) as error:
            assert str(error)  # it says what is wrong
            return
    unexpected = [w for w in caught if not issubclass(w.category, ConvergenceWarning)]
    assert len(unexpected) <= 2, [str(w.message) for w in unexpected]

    expected_dtype = np.float32 if X.dtype == np.float32 else np.float64
    assert all(c.dtype == expected_dtype for c in model.coefs_)
    assert predictions.shape[0] == X.shape[0]
    if task == "classification":
        assert set(np.unique(predictions)) <= set(np.unique(y))
        assert probabilities.dtype == expected_dtype
        assert probabilities.shape == (X.shape[0], len(model.classes_))
        assert np.isfinite(probabilities).all()
        np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, rtol=1e-3)
    else:
        assert predictions.dtype == expected_dtype
        assert np.isfinite(predictions).all()
