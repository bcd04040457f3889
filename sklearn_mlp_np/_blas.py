"""BLAS's fused ``y += a * x``, which NumPy has no single call for, and the
thread limit that makes calling scipy's BLAS between NumPy's matrix products
cheap.

Wheels of numpy and scipy each bring an OpenBLAS. Vector operations on
scipy's (``inplace_axpy``, L-BFGS-B's) between matrix products on numpy's make
the two libraries' thread pools wait on each other: on 2 cores, L-BFGS fits
took several times longer and a training step a hundred times longer. With
scipy's own library on one thread (vector operations need no threads; numpy's
library, which does the matrix products, keeps its own) the waits are gone.
"""

import contextlib
import contextvars
import functools
import os

import numpy as np
import scipy
from scipy.linalg import blas
from threadpoolctl import ThreadpoolController

_AXPY = {np.dtype(np.float32): blas.saxpy, np.dtype(np.float64): blas.daxpy}
_SCIPY_DIRS = tuple(
    os.path.dirname(scipy.__file__) + suffix for suffix in (os.sep, ".libs" + os.sep)
)
# Whether, in this context, only one BLAS library runs threads (so scipy's
# BLAS can be called between numpy's matrix products without waits).
_blas_threads_safe = contextvars.ContextVar("one_threaded_blas_pool", default=False)


@functools.cache
def _blas_libraries() -> tuple[ThreadpoolController, list[str]]:
    """The loaded libraries (scanned once: about 4 ms), and scipy's own BLAS."""
    controller = ThreadpoolController()
    scipys = [
        lib.filepath
        for lib in controller.lib_controllers
        if lib.user_api == "blas" and lib.filepath.startswith(_SCIPY_DIRS)
    ]
    return controller, scipys


@contextlib.contextmanager
def scipys_own_blas_on_one_thread():
    """Limit the BLAS library bundled with scipy, if any, to one thread.

    Where numpy and scipy share one BLAS, nothing is limited. Inside,
    ``inplace_axpy`` calls BLAS if no other BLAS library runs threads.
    """
    controller, scipys = _blas_libraries()
    with controller.select(filepath=scipys).limit(limits=1):
        threaded = [
            lib
            for lib in controller.lib_controllers
            if lib.user_api == "blas" and lib.num_threads > 1
        ]
        token = _blas_threads_safe.set(len(threaded) <= 1)
        try:
            yield
        finally:
            _blas_threads_safe.reset(token)


def inplace_axpy(a: float, x: np.ndarray, y: np.ndarray) -> None:
    """``y += a * x`` on 1-D arrays of one float dtype, in one pass.

    BLAS inside ``scipys_own_blas_on_one_thread``; NumPy's two passes and a
    temporary elsewhere, or where two BLAS thread pools would wait on each other.
    """
    if not _blas_threads_safe.get():
        y += a * x
        return
    result = _AXPY[y.dtype](x, y, a=a)
    if result is not y:  # f2py copied a strided y: write the result back
        y[...] = result
