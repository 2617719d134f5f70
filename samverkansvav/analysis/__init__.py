"""Analysis of a cooperation web: per-municipality metrics, network structure, risks.

Submodules: :mod:`.metrics` (per-municipality metrics and the
systemledningsindex), :mod:`.network` (co-membership, communities, cores,
overlaps, provider ranking), :mod:`.risk` (concentration risks) and
:mod:`.graphs` (networkx graphs built on demand). Only :mod:`.metrics` is
imported here, so ``import samverkansvav.analysis`` stays light (no networkx or
scipy); import the others explicitly.
"""

from samverkansvav.analysis.metrics import (
    DEFAULT_WEIGHTS,
    METRIC_COLUMNS,
    IndexWeights,
    index_components,
    municipality_metrics,
)

__all__ = [
    "DEFAULT_WEIGHTS",
    "METRIC_COLUMNS",
    "IndexWeights",
    "index_components",
    "municipality_metrics",
]
