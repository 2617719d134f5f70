"""Pure figure builders: DataFrames in, ``plotly.graph_objects.Figure`` or cytoscape elements out.

Nothing here imports dash, reads files or knows about the UI language: every
label arrives as an argument, so the same function serves the Swedish and the
English dashboard, scripts and notebooks.
"""

from samverkansvav.figures.palette import (
    FORM_COLOURS,
    FORM_SHAPES,
    OKABE_ITO,
    community_colour,
)

__all__ = ["FORM_COLOURS", "FORM_SHAPES", "OKABE_ITO", "community_colour"]
