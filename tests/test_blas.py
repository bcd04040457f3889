"""The fused BLAS update and the thread limit that keeps it cheap."""

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from sklearn_mlp_np._blas import inplace_axpy, scipys_own_blas_on_one_thread


def blas_threads():
    return {
        i["filepath"]: i["num_threads"]
        for i in threadpool_info()
        if i["user_api"] == "blas"
    }


def test_inside_only_one_blas_library_runs_threads_and_afterwards_all_do_again():
    before = blas_threads()
    with scipys_own_blas_on_one_thread():
        inside = blas_threads()
        assert sum(n > 1 for n in inside.values()) <= 1
        assert max(inside.values()) == max(before.values())  # numpy's keeps its own
    assert blas_threads() == before


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("with_blas", [False, True])
def test_axpy_adds_in_place(dtype, with_blas):
    rng = np.random.RandomState(0)
    x, y = rng.normal(size=1000).astype(dtype), rng.normal(size=1000).astype(dtype)
    expected = y + dtype(0.3) * x
    target = y
    if with_blas:
        with scipys_own_blas_on_one_thread():
            inplace_axpy(0.3, x, y)
    else:
        inplace_axpy(0.3, x, y)
    assert y is target and y.dtype == dtype
    np.testing.assert_allclose(y, expected, rtol=1e-6, atol=1e-6)
