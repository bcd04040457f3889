"""Data the test modules share (imported as ``_data``: conftest.py puts this
folder on ``sys.path``)."""

import numpy as np
from sklearn.datasets import load_iris
from sklearn.preprocessing import StandardScaler


def iris(dtype=np.float64):
    """Iris, standardised: 150 samples, 4 features, 3 classes."""
    X, y = load_iris(return_X_y=True)
    return StandardScaler().fit_transform(X).astype(dtype, copy=False), y
