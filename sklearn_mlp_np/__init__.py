"""A scikit-learn compatible multilayer perceptron in NumPy, backpropagation by hand."""

from ._classes import NumpyMLPClassifier, NumpyMLPRegressor
from ._plotting import LossCurveDisplay
from ._preprocessing import RobustScaleSmoothClip
from ._tabular import TabularMLPClassifier, TabularMLPRegressor

__version__ = "0.1.0"

__all__ = [
    "LossCurveDisplay",
    "NumpyMLPClassifier",
    "NumpyMLPRegressor",
    "RobustScaleSmoothClip",
    "TabularMLPClassifier",
    "TabularMLPRegressor",
    "__version__",
]
