"""The gallery's order, from a first network to the advanced uses.

``conf.py`` names these by string (``"gallery_order.ExampleOrder"``) so that
Sphinx can cache its configuration.
"""

# Sections (sub-folders of docs/examples), in the order they are shown.
SECTIONS = ["introduction", "tabular", "training", "networks", "penalties"]

# Examples within their section, in the order they are shown.
EXAMPLES = [
    # introduction
    "plot_spiral.py",
    "plot_parabolas.py",
    "plot_sine_regression.py",
    "plot_digits.py",
    "plot_multilabel.py",
    "plot_moons_deep.py",
    # tabular
    "plot_tabular_vs_boosting.py",
    # training
    "plot_early_stopping.py",
    "plot_float32.py",
    "plot_poisson_regression.py",
    "plot_robust_losses.py",
    "plot_prediction_intervals.py",
    "plot_compare_sklearn.py",
    "plot_schedules.py",
    "plot_learning_strategies.py",
    # networks
    "plot_dropout.py",
    "plot_activations.py",
    "plot_hidden_features.py",
    "plot_digits_weights.py",
    # penalties
    "plot_alpha_boundaries.py",
    "plot_l1_sparsity.py",
    "plot_feature_selection.py",
    "plot_grid_search.py",
]


class ExampleOrder:
    """Sort key of sphinx-gallery's ``within_subsection_order``."""

    def __init__(self, src_dir):
        self.src_dir = src_dir

    def __call__(self, filename):
        if filename not in EXAMPLES:
            raise ValueError(
                f"{filename} is not in docs/sphinxext/gallery_order.py's "
                "EXAMPLES: add it where it belongs in the gallery."
            )
        return EXAMPLES.index(filename)
