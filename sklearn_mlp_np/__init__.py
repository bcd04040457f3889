"""A scikit-learn compatible multilayer perceptron in NumPy, backpropagation by hand."""

from ._classes import NumpyMLPClassifier, NumpyMLPRegressor

__version__ = "0.1.0"

__all__ = ["NumpyMLPClassifier", "NumpyMLPRegressor", "__version__"]
