"""Hypothesis budgets: a small one by default (CI), a long one on demand.

HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz.py
"""

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

# The test modules import their shared helpers (tests/_data.py) by name; with
# --import-mode=importlib pytest does not put this folder on sys.path itself.
sys.path.insert(0, str(Path(__file__).parent))

settings.register_profile(
    "ci", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
