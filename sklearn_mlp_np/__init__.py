"""A scikit-learn compatible multilayer perceptron in NumPy, backpropagation by hand."""

from ._classes import NumpyMLPClassifier, NumpyMLPRegressor
from ._plotting import LossCurveDisplay
from ._preprocessing import RobustScaleSmoothClip

__version__ = "0.1.0"

__all__ = [
    "LossCurveDisplay",
    "NumpyMLPClassifier",
    "NumpyMLPRegressor",
    "RobustScaleSmoothClip",
    "__version__",
]
