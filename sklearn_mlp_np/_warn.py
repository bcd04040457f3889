"""Warnings that point at the user's line, not at this package."""

import os
import sys
import warnings

import sklearn

# Frames of files in these directories are skipped: the warning lands on the
# line that called fit (directly, or through a Pipeline or a search).
_INTERNAL_DIRS = tuple(
    os.path.dirname(path) + os.sep for path in (__file__, sklearn.__file__)
)


def warn(message: str, category: type[Warning] = UserWarning) -> None:
    """``warnings.warn`` with the stacklevel of the first frame outside the package.

    Python 3.12's ``skip_file_prefixes`` does this; this works on 3.11 too.
    """
    frame, stacklevel = sys._getframe(0), 1
    while frame is not None and frame.f_code.co_filename.startswith(_INTERNAL_DIRS):
        frame, stacklevel = frame.f_back, stacklevel + 1
    warnings.warn(message, category, stacklevel=stacklevel)
