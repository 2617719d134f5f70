"""Scenario page: the plain summary a decision-maker reads first, and a network that can be read.

Pure helpers of :mod:`samverkansvav.web.pages.scenario` (tests call them directly):

- :func:`exit_summary_lines` / :func:`host_summary_lines`: what the municipality must
  arrange itself, what the others lose, and what it costs where known, in sentences;
  :func:`summary_block` shows them above everything else.
- :func:`unknown_cost_line`: the arrangements whose cost is unknown, in one line
  instead of a table column full of "okänd".
- :func:`ring_positions` / :func:`scenario_network`: the affected municipalities
  around the leaving one on rings spaced for their labels (no overlaps at any
  size), and a legend that names only the kinds of line actually drawn.

Examples
--------
>>> pos = ring_positions("0", ["1", "2", "3", "4"])
>>> pos["0"], len(pos)
((0.0, 0.0), 5)
>>> join_names(["Borlänge"], "sv"), join_names(["Borlänge", "Gagnef", "Säter"], "sv")
('Borlänge', 'Borlänge, Gagnef och Säter')
>>> join_names(["A", "B"], "en")
'A and B'
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pandas as pd
from dash import html

from samverkansvav import format as fmt
from samverkansvav.web.i18n import t

__all__ = [
    "join_names",
    "counted",
    "exit_summary_lines",
    "host_summary_lines",
    "unknown_cost_line",
    "summary_block",
    "ring_positions",
    "scenario_network",
    "network_stylesheet",
    "network_legend",
    "LABEL_FONT_PX",
    "RING_SPACING",
]

#: Label size of the scenario network, in model units (the view is fitted at zoom ≤ 1).
LABEL_FONT_PX = 12
#: Least distance between neighbours on a ring, in model units: room for a label
#: of about 15 characters at :data:`LABEL_FONT_PX`.
RING_SPACING = 110.0
_FIRST_RING = 160.0
_RING_GAP = 90.0

_LOST, _WEAKENED = "#D55E00", "#E69F00"


def join_names(names: Sequence[str], lang: str) -> str:
    """``A``, ``A och B``, ``A, B och C`` (``and`` in English)."""
    names = [str(n) for n in names]
    if len(names) <= 1:
        return names[0] if names else ""
    word = " och " if lang == "sv" else " and "
    return ", ".join(names[:-1]) + word + names[-1]


def counted(key: str, n: int, lang: str, **values: Any) -> str:
    """``"1 uppgift"`` / ``"2 uppgifter"`` from a ``"{n} one|{n} many"`` text (no ``|``: the same for both).

    Examples
    --------
    >>> counted("scenario.sum.n_kommuner", 1, "sv"), counted("scenario.sum.n_kommuner", 3, "en")
    ('1 kommun', '3 municipalities')
    """
    forms = t(key, lang, n=n, **values).split("|")
    return forms[0] if n == 1 or len(forms) == 1 else forms[1]


def unknown_cost_line(names: Sequence[str], lang: str) -> str | None:
    """One sentence naming the arrangements whose cost is unknown (``None`` when there are none)."""
    if not names:
        return None
    return t(
        "scenario.sum.cost_unknown",
        lang,
        n=counted("scenario.sum.n_arr", len(names), lang),
        names=join_names(sorted(names, key=str.casefold), lang),
    )


def exit_summary_lines(result: Any, lang: str) -> list[str]:
    """The exit scenario in plain sentences, most important first.

    1. what the leaving municipality must arrange itself (functions it got from others);
    2. arrangements that end, or lose their host, and who is left without a provider;
    3. the cost the others take over where it is known, and one line for the unknown.
    """
    name = result.kommun_name
    lines = []
    rebuild = result.functions_to_rebuild
    if rebuild:
        parts = [
            t("scenario.sum.task_no_host", lang, area=f.area, name=f.name)
            if f.provider is None
            else t("scenario.sum.task_entity", lang, area=f.area, name=f.name)
            if f.provider_name == f.name
            else t("scenario.sum.task", lang, area=f.area, name=f.name, provider=f.provider_name)
            for f in rebuild
        ]
        lines.append(
            t(
                "scenario.sum.must_arrange",
                lang,
                name=name,
                n=counted("scenario.sum.n_tasks", len(rebuild), lang),
                tasks="; ".join(parts),
            )
        )
    else:
        lines.append(t("scenario.sum.nothing_to_arrange", lang, name=name))
    ended = [a.name for a in result.arrangements if a.status == "upplöses"]
    hostless = [a.name for a in result.arrangements if a.status == "saknar_värd"]
    if ended:
        lines.append(counted("scenario.sum.ended", len(ended), lang, names=join_names(ended, lang)))
    if hostless:
        lines.append(counted("scenario.sum.hostless", len(hostless), lang, names=join_names(hostless, lang)))
    # The leaver's own losses are the tasks above; this line is about the others.
    lost = _lost_by_party(x for x in result.lost_only_provider if x.party_id != result.kommun)
    if lost:
        lines.append(
            t(
                "scenario.sum.others_lose",
                lang,
                what="; ".join(
                    t("scenario.sum.party_loses", lang, name=party, areas=join_names(areas, lang))
                    for party, areas in lost
                ),
            )
        )
    elif result.arrangements and not ended and not hostless:
        lines.append(t("scenario.sum.others_continue", lang))
    known = [
        (a.name, a.cost_to_redistribute, a.remaining_names)
        for a in result.arrangements
        if a.status != "upplöses" and a.cost_to_redistribute is not None
    ]
    for arr_name, cost, remaining in known:
        lines.append(t("scenario.sum.cost", lang, kr=fmt.kr(cost, lang), name=arr_name, n=len(remaining)))
    unknown = [
        a.name for a in result.arrangements if a.status != "upplöses" and a.cost_to_redistribute is None
    ]
    line = unknown_cost_line(unknown, lang)
    if line:
        lines.append(line)
    return lines


def host_summary_lines(result: Any, lang: str) -> list[str]:
    """The host-stop scenario in plain sentences: who loses what, what ends, candidates."""
    lines = [
        t(
            "scenario.sum.host_stops",
            lang,
            name=result.host_name,
            n=counted("scenario.sum.n_arr", len(result.arrangements), lang),
            n_dep=counted("scenario.sum.n_kommuner", len(result.dependents), lang),
        )
    ]
    for d in result.dependents:
        lines.append(
            t(
                "scenario.sum.dependent_loses",
                lang,
                name=d.name,
                what=join_names([f"{n} ({area})" for _, n, area in d.arrangements], lang),
            )
        )
    ended = [a.name for a in result.arrangements if a.status == "upplöses"]
    if ended:
        lines.append(counted("scenario.sum.ended", len(ended), lang, names=join_names(ended, lang)))
    for a in result.arrangements:
        if a.status != "upplöses" and a.new_host_candidates:
            lines.append(t("scenario.sum.candidate", lang, name=a.name, host=a.new_host_candidates[0].name))
    return lines


def _lost_by_party(lost: Iterable[Any]) -> list[tuple[str, list[str]]]:
    by_party: dict[str, list[str]] = {}
    for x in lost:
        by_party.setdefault(x.name, [])
        if x.area not in by_party[x.name]:
            by_party[x.name].append(x.area)
    return sorted(by_party.items(), key=lambda kv: kv[0].casefold())


def summary_block(lines: Sequence[str], lang: str) -> html.Section:
    """The summary box shown first on the page."""
    return html.Section(
        [html.H3(t("scenario.sum.heading", lang)), html.Ul([html.Li(line) for line in lines])],
        className="scenario-summary",
        id="scenario-summary",
    )


# ------------------------------------------------------------------ network
def ring_positions(
    center: str, others: Sequence[str], *, spacing: float = RING_SPACING
) -> dict[str, tuple[float, float]]:
    """``center`` at the origin and ``others`` (in the given order) on rings around it.

    Each ring holds as many nodes as fit with at least ``spacing`` along the ring
    between neighbours; the rest go on the next ring, further out. Every other
    ring is turned half a step so labels of neighbouring rings do not line up.
    Deterministic: the same input gives the same picture.
    """
    positions: dict[str, tuple[float, float]] = {center: (0.0, 0.0)}
    remaining = [o for o in others if o != center]
    radius, ring_no = _FIRST_RING, 0
    while remaining:
        capacity = max(1, int(2 * math.pi * radius // spacing))
        ring, remaining = remaining[:capacity], remaining[capacity:]
        step = 2 * math.pi / len(ring)
        offset = -math.pi / 2 + (step / 2 if ring_no % 2 else 0.0)
        for i, node in enumerate(ring):
            angle = offset + step * i
            positions[node] = (round(radius * math.cos(angle), 1), round(radius * math.sin(angle), 1))
        radius += _RING_GAP
        ring_no += 1
    return positions


def scenario_network(
    leaver: str,
    affected: Sequence[str],
    comembership: pd.DataFrame,
    lost: dict[tuple[str, str], int],
    name_of: Callable[[str], str],
) -> list[dict]:
    """Cytoscape elements: the leaver in the middle, the others on rings, ties among them.

    ``comembership`` has columns ``a``, ``b``, ``shared``; ``lost`` maps a sorted
    pair to the number of shared arrangements the scenario removes. An edge gets
    class ``lost`` (nothing shared afterwards), ``weakened`` (fewer than before) or
    ``kept``.
    """
    affected = sorted(set(affected), key=lambda p: (name_of(p).casefold(), p))
    others = [p for p in affected if p != leaver]
    positions = ring_positions(leaver, others)
    elements: list[dict] = [
        {
            "data": {"id": p, "label": name_of(p)},
            "position": {"x": x, "y": y},
            "classes": "leaver" if p == leaver else "member",
        }
        for p, (x, y) in positions.items()
    ]
    keep = set(affected)
    edges = comembership[comembership["a"].isin(keep) & comembership["b"].isin(keep)]
    for a, b, shared in zip(edges["a"], edges["b"], edges["shared"]):
        pair = tuple(sorted((str(a), str(b))))
        gone = lost.get(pair, 0)
        kind = "kept" if not gone else ("lost" if int(shared) - gone <= 0 else "weakened")
        elements.append(
            {
                "data": {
                    "id": f"{pair[0]}-{pair[1]}",
                    "source": pair[0],
                    "target": pair[1],
                    "shared": int(shared),
                },
                "classes": kind,
            }
        )
    return elements


def network_stylesheet() -> list[dict]:
    """The scenario network's own style: fixed label size, three kinds of line."""
    return [
        {
            "selector": "node",
            "style": {
                "label": "data(label)",
                "font-size": LABEL_FONT_PX,
                "width": 16,
                "height": 16,
                "background-color": "#56B4E9",
                "color": "#1d2733",
                "text-valign": "bottom",
                "text-margin-y": 4,
                "text-background-color": "#fff",
                "text-background-opacity": 0.8,
                "text-background-padding": 1,
            },
        },
        {
            "selector": "node.leaver",
            "style": {
                "background-color": "#12324a",
                "width": 26,
                "height": 26,
                "font-weight": "bold",
                "font-size": LABEL_FONT_PX + 2,
            },
        },
        {
            "selector": "edge",
            "style": {"curve-style": "straight", "width": 2, "line-color": "#9aa7b4", "opacity": 0.8},
        },
        {"selector": "edge.weakened", "style": {"line-color": _WEAKENED, "width": 3, "opacity": 1}},
        {
            "selector": "edge.lost",
            "style": {"line-color": _LOST, "line-style": "dashed", "width": 3, "opacity": 1},
        },
    ]


def network_legend(elements: Sequence[dict], lang: str) -> html.Div:
    """A legend naming only what is drawn, with counts (``scenario.legend.*``)."""
    counts = {"kept": 0, "weakened": 0, "lost": 0}
    for element in elements:
        kind = element.get("classes")
        if "source" in element.get("data", {}) and kind in counts:
            counts[kind] += 1
    items = [
        html.Span(
            [
                html.Span(className="swatch", style={"background": "#12324a", "borderRadius": "50%"}),
                t("scenario.legend.leaver", lang),
            ],
            className="legend-item",
        )
    ]
    styles = {
        "kept": "3px solid #9aa7b4",
        "weakened": f"3px solid {_WEAKENED}",
        "lost": f"3px dashed {_LOST}",
    }
    for kind in ("lost", "weakened", "kept"):
        if counts[kind]:
            items.append(
                html.Span(
                    [
                        html.Span(className="line", style={"borderTop": styles[kind]}),
                        t(f"scenario.legend.{kind}", lang, n=counts[kind]),
                    ],
                    className="legend-item",
                )
            )
    return html.Div(items, className="scenario-legend", id="scenario-network-legend")
