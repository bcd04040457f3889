"""The thread limit that keeps L-BFGS from waiting on two BLAS thread pools."""

from threadpoolctl import threadpool_info

from sklearn_mlp_np._blas import scipys_own_blas_on_one_thread


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
