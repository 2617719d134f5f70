"""Colour-blind-safe colours and network shapes for the legal forms.

The Okabe–Ito palette (Okabe & Ito 2008) stays distinguishable for the common
kinds of colour vision deficiency; every form also gets its own node shape in
the network so that colour is never the only cue.

Examples
--------
>>> FORM_COLOURS["gemensam_namnd"]
'#0072B2'
>>> community_colour(0) == community_colour(len(COMMUNITY_COLOURS))
True
"""

from __future__ import annotations

from samverkansvav.model import FORMS

__all__ = [
    "OKABE_ITO",
    "FORM_COLOURS",
    "FORM_SHAPES",
    "COMMUNITY_COLOURS",
    "MUNICIPALITY_SHAPE",
    "SEQUENTIAL_SCALE",
    "community_colour",
    "form_colour",
]

#: Okabe–Ito, in their published order (black last; we use a mid grey instead of
#: black for informal cooperation so that lines of real forms stand out).
OKABE_ITO: tuple[str, ...] = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000",
)

FORM_COLOURS: dict[str, str] = {
    "gemensam_namnd": "#0072B2",
    "kommunalforbund": "#D55E00",
    "avtalssamverkan": "#009E73",
    "bolag": "#CC79A7",
    "stiftelse": "#E69F00",
    "ekonomisk_forening": "#56B4E9",
    "ideell_forening": "#B8A800",  # darkened Okabe–Ito yellow: pure yellow vanishes on white
    "informell": "#8C8C8C",
    "samordningsforbund": "#7A4E9E",  # a violet outside Okabe–Ito, apart from the förbund orange
}
assert set(FORM_COLOURS) == set(FORMS)

#: cytoscape.js node shapes per form (municipalities are ellipses).
FORM_SHAPES: dict[str, str] = {
    "gemensam_namnd": "round-rectangle",
    "kommunalforbund": "diamond",
    "avtalssamverkan": "triangle",
    "bolag": "hexagon",
    "stiftelse": "star",
    "ekonomisk_forening": "pentagon",
    "ideell_forening": "octagon",
    "informell": "vee",
    "samordningsforbund": "barrel",
}
MUNICIPALITY_SHAPE = "ellipse"

#: Communities: Okabe–Ito without black, then Paul Tol's muted set for more groups.
COMMUNITY_COLOURS: tuple[str, ...] = OKABE_ITO[:7] + (
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255",
    "#AA4499",
)

#: Sequential scale for metrics (viridis is perceptually uniform and colour-blind safe).
SEQUENTIAL_SCALE = "Viridis"


def community_colour(community: int | None) -> str:
    """Colour of a community number (cycles; grey for ``None``)."""
    if community is None or community < 0:
        return "#BBBBBB"
    return COMMUNITY_COLOURS[int(community) % len(COMMUNITY_COLOURS)]


def form_colour(form: str) -> str:
    """Colour of a form, grey for an unknown value."""
    return FORM_COLOURS.get(form, "#777777")
