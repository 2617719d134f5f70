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
    "SEQUENTIAL_STEPS",
    "delta_e",
    "community_colour",
    "form_colour",
]

#: Okabe–Ito, in their published order (black last; we use a mid grey instead of
#: black for informal cooperation so that lines of real forms stand out).
OKABE_ITO: tuple[str, ...] = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#000000",
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

#: Communities (groups of municipalities): never a form colour. Each is at least
#: ΔE 20 (CIELAB) from every colour of :data:`FORM_COLOURS`, so a group can never be
#: read as a legal form when both are drawn (a test checks this).
COMMUNITY_COLOURS: tuple[str, ...] = (
    "#332288",
    "#EE8866",
    "#117733",
    "#EEDD88",
    "#882255",
    "#66A61E",
    "#FFAABB",
    "#2D6E6E",
    "#8D5B2D",
    "#1F3A5F",
    "#999933",
    "#E7298A",
)

#: Stepped sequential colours for metrics on the map, light sand to dark brown (the
#: brown half of ColorBrewer BrBG): a hue no form uses (each step ΔE ≥ 20 from every
#: form colour), so a point's colour never reads as a line's form.
SEQUENTIAL_STEPS: tuple[str, ...] = ("#f6e8c3", "#dfc27d", "#bf812d", "#8c510a", "#543005")
#: The same as a continuous plotly scale (for views that need one).
SEQUENTIAL_SCALE = [[i / (len(SEQUENTIAL_STEPS) - 1), c] for i, c in enumerate(SEQUENTIAL_STEPS)]


def delta_e(a: str, b: str) -> float:
    """CIE76 colour difference of two ``#RRGGBB`` colours (about 2.3 is just noticeable).

    Examples
    --------
    >>> delta_e("#000000", "#000000")
    0.0
    >>> round(delta_e("#000000", "#FFFFFF"))
    100
    """
    import math

    def lab(hex_: str) -> tuple[float, float, float]:
        rgb = [int(hex_.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        rgb = [((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92 for c in rgb]
        x = (0.4124 * rgb[0] + 0.3576 * rgb[1] + 0.1805 * rgb[2]) / 0.95047
        y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]
        z = (0.0193 * rgb[0] + 0.1192 * rgb[1] + 0.9505 * rgb[2]) / 1.08883
        f = [v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116 for v in (x, y, z)]
        return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])

    return math.dist(lab(a), lab(b))


def community_colour(community: int | None) -> str:
    """Colour of a community number (cycles; grey for ``None``)."""
    if community is None or community < 0:
        return "#BBBBBB"
    return COMMUNITY_COLOURS[int(community) % len(COMMUNITY_COLOURS)]


def form_colour(form: str) -> str:
    """Colour of a form, grey for an unknown value."""
    return FORM_COLOURS.get(form, "#777777")
