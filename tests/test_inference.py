"""Prediction a chunk of rows at a time: the same results, in bounded memory."""

import tracemalloc

import numpy as np
import pytest
import scipy.sparse as sp
import sklearn
from sklearn.datasets import make_classification, make_regression

from sklearn_mlp_np import NumpyMLPClassifier, NumpyMLPRegressor
from sklearn_mlp_np._inference import chunk_n_rows, forward_in_chunks
from sklearn_mlp_np._network import forward


def working_memory_for(rows, estimator, dtype=np.float64):
    """The working_memory (MiB) that holds ``rows`` rows of two layer buffers."""
    widest = max(c.shape[1] for c in estimator.coefs_)
    return rows * 2 * widest * np.dtype(dtype).itemsize / 2**20


def with_integer_weights(estimator, seed=0):
    """Small integer weights: with integer inputs and relu every sum is an
    exact integer, so the result cannot depend on how a product is blocked
    (by the chunks or by BLAS) and chunked and one-pass results must agree
    bit for bit on every kernel."""
    rng = np.random.RandomState(seed)
    for array in estimator.coefs_ + estimator.intercepts_:
        array[...] = rng.randint(-2, 3, size=array.shape)
    return estimator


@pytest.fixture(scope="module")
def integer_problem():
    X, y = make_classification(
        n_samples=101, n_features=6, n_classes=3, n_informative=4, random_state=0
    )
    X = np.round(np.abs(X) * 2)  # small non-negative integers
    clf = NumpyMLPClassifier(hidden_layer_sizes=(7, 5), max_iter=3, random_state=0)
    with pytest.warns(sklearn.exceptions.ConvergenceWarning):
        clf.fit(X, y)
    return with_integer_weights(clf), X


def one_pass_output(estimator, X):
    """The reference: every row at once, through the training module's pass."""
    with np.errstate(all="ignore"):
        return forward(estimator._network(), X)


@pytest.mark.parametrize("rows_per_chunk", [1, 7, 100, 101])
def test_chunked_prediction_equals_one_pass_bitwise(integer_problem, rows_per_chunk):
    clf, X = integer_problem
    expected = one_pass_output(clf, X)
    memory = working_memory_for(rows_per_chunk, clf)
    with sklearn.config_context(working_memory=memory):
        assert chunk_n_rows(clf._network(), X.dtype, len(X)) == rows_per_chunk
        Z = forward_in_chunks(clf._network(), X, keep=[2])[0]
        np.testing.assert_array_equal(Z, expected[-1])
        proba = clf.predict_proba(X)
        layers = clf.layer_activations(X)
        np.testing.assert_array_equal(clf.transform(X), expected[1])
    with sklearn.config_context(working_memory=1024):
        np.testing.assert_array_equal(proba, clf.predict_proba(X))
        np.testing.assert_array_equal(clf.predict(X), clf.predict(X[::-1])[::-1])
    for layer, reference in zip(layers[:-1], expected[:-1]):
        np.testing.assert_array_equal(layer, reference)
    np.testing.assert_array_equal(layers[-1], proba)


def test_a_single_row_is_predicted_as_it_is_in_a_batch(integer_problem):
    clf, X = integer_problem
    batch = clf.predict_proba(X)
    for i in [0, 50, 100]:
        np.testing.assert_array_equal(clf.predict_proba(X[i : i + 1]), batch[i : i + 1])


def test_sparse_and_float32_inputs_are_chunked_alike(integer_problem):
    clf, X = integer_problem
    expected = clf.predict_proba(X)
    with sklearn.config_context(working_memory=working_memory_for(3, clf)):
        for matrix in [sp.csr_matrix(X), sp.csc_matrix(X)]:
            np.testing.assert_array_equal(clf.predict_proba(matrix), expected)
        # float32 data with a float64 model is computed in float64, as before.
        np.testing.assert_array_equal(clf.predict_proba(X.astype(np.float32)), expected)


def test_a_regressor_is_chunked_too():
    X, y = make_regression(n_samples=60, n_features=4, random_state=0)
    X = np.round(np.abs(X))
    reg = NumpyMLPRegressor(hidden_layer_sizes=(6,), max_iter=2, random_state=0)
    with pytest.warns(sklearn.exceptions.ConvergenceWarning):
        reg.fit(X, y)
    with_integer_weights(reg)
    expected = one_pass_output(reg, X)[-1].ravel()
    with sklearn.config_context(working_memory=working_memory_for(4, reg)):
        np.testing.assert_array_equal(reg.predict(X), expected)


def test_too_little_working_memory_warns_and_predicts_row_by_row(integer_problem):
    clf, X = integer_problem
    with sklearn.config_context(working_memory=1e-9):
        with pytest.warns(UserWarning, match="Could not adhere to working_memory"):
            assert chunk_n_rows(clf._network(), X.dtype, len(X)) == 1


def test_prediction_memory_is_the_output_and_two_chunk_buffers():
    # Without chunking every layer of every row is held at once (here about
    # 16 MB); chunked, only the output grows with the number of rows.
    X, y = make_classification(
        n_samples=20_000, n_features=20, n_classes=3, n_informative=5, random_state=0
    )
    clf = NumpyMLPClassifier(hidden_layer_sizes=(64, 32), max_iter=1, random_state=0)
    with pytest.warns(sklearn.exceptions.ConvergenceWarning):
        clf.fit(X[:500], y[:500])
    working_memory = 0.25  # MiB
    output_bytes = X.shape[0] * 3 * X.itemsize
    with sklearn.config_context(working_memory=working_memory):
        clf.predict_proba(X[:10])  # warm up: caches of numpy and scikit-learn
        tracemalloc.start()
        clf.predict_proba(X)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak <= output_bytes + 1.5 * working_memory * 2**20
