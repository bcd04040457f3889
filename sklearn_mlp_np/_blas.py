"""The thread limit that keeps L-BFGS from waiting on two BLAS thread pools.

Wheels of numpy and scipy each bring an OpenBLAS. L-BFGS-B's vector
operations run on scipy's between the objective's matrix products on numpy's,
and the two libraries' thread pools then wait on each other: on 2 cores,
L-BFGS fits took several times longer. With scipy's own library on one
thread (vector operations need no threads; numpy's library, which does the
matrix products, keeps its own) the waits are gone.
"""

import functools
import os

import scipy
from threadpoolctl import ThreadpoolController

_SCIPY_DIRS = tuple(
    os.path.dirname(scipy.__file__) + suffix for suffix in (os.sep, ".libs" + os.sep)
)


@functools.cache
def _scipys_own_blas() -> list[str]:
    """The paths of the BLAS libraries bundled with scipy (scanned once)."""
    return [
        lib.filepath
        for lib in ThreadpoolController().lib_controllers
        if lib.user_api == "blas" and lib.filepath.startswith(_SCIPY_DIRS)
    ]


def scipys_own_blas_on_one_thread():
    """A context limiting the BLAS library bundled with scipy to one thread.

    Where numpy and scipy share one BLAS, nothing is limited.
    """
    return ThreadpoolController().select(filepath=_scipys_own_blas()).limit(limits=1)
