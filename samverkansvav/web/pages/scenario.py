"""Scenario: what happens if a municipality leaves, or a host stops providing.

URL: ``/scenario?typ=utträde&kod=<kommunkod>&arr=<id>,<id>`` (``arr`` empty = every
current arrangement of the municipality), ``/scenario?typ=värd&kod=<kommunkod>`` or
``/scenario?typ=ansluta&kod=<kommunkod>&omrade=<område>`` (where could the
municipality join: the current arrangements of that area it is not in, nearest
first, and the municipalities already hosting the area).

The scenario itself is computed per request by :mod:`samverkansvav.scenarios`
(it is what the user asked for, and it takes well under a second on the demo
data); the map, the network layout and the names come from the precomputed
bundle. The result is shown beside the current state: the map and the network
with the lost links marked, the before/after figures, the per-arrangement
outcome, the cost table, the functions to rebuild, who loses their only provider
and the checklist per arrangement (in the page's language, from the checklist
table's Swedish and English columns; legal references as Swedish law writes
them). "Ladda ner Excel" exports every part as its own sheet, after a cover
sheet, through :func:`.scenario_export.scenario_workbook`; "Skriv ut" opens the
browser's print dialog (controls carry the ``no-print`` class).

Its texts (keys ``scenario.*``) live in :mod:`..i18n` with every other label.

Examples
--------
>>> normalise_kind("värd"), normalise_kind("host"), normalise_kind(None), normalise_kind("x")
('värd', 'värd', 'utträde', None)
>>> normalise_kind("ansluta"), normalise_kind("join")
('ansluta', 'ansluta')
>>> checklist_topic("Förbundsordning", "en"), checklist_topic("Förbundsordning", "sv")
('Federation charter', 'Förbundsordning')
>>> checklist_topic("Något nytt", "en")  # a topic without a key stays as the engine wrote it
'Något nytt'
>>> format_km(24.95, "sv"), format_km(24.95, "en"), format_km(None, "en")
('24,9', '24.9', 'unknown')
>>> format_kr(72000.0, "sv"), format_kr(72000.0, "en"), format_kr(None, "sv")
('72 000 kr', '72,000 kr', 'okänd')
>>> format_percent(24.0, "sv"), format_percent(24.0, "en")
('24,0 %', '24.0%')
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

import dash_cytoscape as cyto
import pandas as pd
from dash import Input, Output, State, dcc, html
from dash.exceptions import PreventUpdate

from samverkansvav.figures.map import map_figure
from samverkansvav.vocabulary import FORMS
from samverkansvav.web import ids
from samverkansvav.web.components import graph, kommun_options, message, section, stat
from samverkansvav.web.i18n import TEXTS, form_labels, t
from samverkansvav.web.page import Page, PageContext, QueryParam, context_for
from samverkansvav.web.pages.scenario_summary import (
    counted,
    exit_summary_lines,
    host_summary_lines,
    join_names,
    network_legend,
    network_stylesheet,
    scenario_network,
    summary_block,
)

__all__ = [
    "PAGE",
    "PATH",
    "EXIT",
    "HOST",
    "JOIN",
    "KINDS",
    "PRINT_JS",
    "normalise_kind",
    "format_kr",
    "format_percent",
    "format_km",
    "checklist_topic",
    "arrangement_options",
    "area_options",
    "match_area",
    "join_tables",
    "compute_scenario",
    "lost_links",
    "scenario_elements",
    "exit_tables",
    "host_tables",
    "render_scenario",
    "scenario_download",
    "layout",
    "register",
]

log = logging.getLogger(__name__)

PATH = "/scenario"
EXIT, HOST, JOIN = "utträde", "värd", "ansluta"
KINDS: tuple[str, ...] = (EXIT, HOST, JOIN)
_KIND_ALIASES = {
    "utträde": EXIT,
    "uttrade": EXIT,
    "exit": EXIT,
    "värd": HOST,
    "vard": HOST,
    "host": HOST,
    "värdstopp": HOST,
    "host-stops": HOST,
    "ansluta": JOIN,
    "anslut": JOIN,
    "join": JOIN,
}

#: The engine writes checklist topics in Swedish; each one with a ``scenario.topic.*`` key
#: (its Swedish text is the topic itself) gets a translated heading.
_TOPIC_KEYS: dict[str, str] = {
    entry["sv"]: key for key, entry in TEXTS.items() if key.startswith("scenario.topic.")
}

#: Clientside print: the browser's own print dialog gives a clean PDF.
PRINT_JS = "function(n) { if (n) { window.print(); } return n || 0; }"


# ------------------------------------------------------------------ formatting
def normalise_kind(value: str | None) -> str | None:
    """``utträde`` or ``värd`` from a URL value (empty → ``utträde``; unknown → ``None``)."""
    if value is None or str(value).strip() == "":
        return EXIT
    return _KIND_ALIASES.get(str(value).strip().casefold())


def format_kr(value: float | None, lang: str) -> str:
    """Kronor with a thousands separator (space in Swedish, comma in English)."""
    if value is None or pd.isna(value):
        return t("scenario.unknown", lang)
    text = f"{float(value):,.0f}"
    return (text.replace(",", " ") if lang == "sv" else text) + " kr"


def format_percent(value: float | None, lang: str, *, digits: int = 1) -> str:
    """A percentage (already ×100): ``24,0 %`` in Swedish, ``24.0%`` in English."""
    if value is None or pd.isna(value):
        return t("scenario.unknown", lang)
    text = f"{float(value):.{digits}f}"
    return text.replace(".", ",") + " %" if lang == "sv" else text + "%"


def format_km(value: float | None, lang: str) -> str:
    """A distance in km with one decimal (decimal comma in Swedish); unknown for missing."""
    return _decimal(value, lang, 1)


def checklist_topic(topic: str, lang: str) -> str:
    """A checklist topic heading in ``lang`` (unchanged when it has no translation key)."""
    key = _TOPIC_KEYS.get(topic)
    return t(key, lang) if key else topic


def _decimal(value: float | None, lang: str, digits: int = 2) -> str:
    if value is None or pd.isna(value):
        return t("scenario.unknown", lang)
    text = f"{float(value):.{digits}f}"
    return text.replace(".", ",") if lang == "sv" else text


def _plain(value: Any, lang: str) -> str:
    """Any cell value as display text (unknown for missing)."""
    if value is None:
        return t("scenario.unknown", lang)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    try:
        if pd.isna(value):
            return t("scenario.unknown", lang)
    except (TypeError, ValueError):
        pass
    return str(value)


def _table(
    table_id: str,
    frame: pd.DataFrame,
    columns: Sequence[tuple[str, str]],
    lang: str,
    *,
    numeric: Iterable[str] = (),
) -> html.Div:
    """A plain HTML table (prints cleanly, unlike a virtualised grid) of display strings."""
    if frame.empty:
        return html.Div(message(t("scenario.no_rows", lang), kind="muted"), id=table_id)
    numeric = set(numeric)
    head = html.Thead(html.Tr([html.Th(t(key, lang)) for _, key in columns]))
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(str(row[field]), className="num" if field in numeric else None)
                    for field, _ in columns
                ]
            )
            for row in frame.to_dict("records")
        ]
    )
    return html.Div(
        html.Table([head, body], className="scenario-table"), id=table_id, className="table-scroll"
    )


# ------------------------------------------------------------------ selection
def arrangement_options(bundle, kod: str | None, lang: str) -> list[dict]:
    """The current arrangements of ``kod`` as dropdown options (by name)."""
    if not kod:
        return []
    mem = bundle.memberships
    own = mem.loc[mem["party_id"] == kod, ["arrangement_id", "name", "form", "area"]]
    labels = form_labels(lang)
    own = own.sort_values(["name", "arrangement_id"], key=lambda s: s.astype(str).str.casefold())
    return [
        {"label": f"{name} ({labels.get(form, form)}, {area})", "value": str(aid)}
        for aid, name, form, area in own.itertuples(index=False, name=None)
    ]


def area_options(bundle) -> list[dict]:
    """The policy areas of the current bundle as dropdown options (sorted ignoring case)."""
    return [{"label": a, "value": a} for a in sorted(bundle.areas, key=lambda a: (a.casefold(), a))]


def match_area(bundle, area: str | None) -> str | None:
    """The bundle's area that ``area`` names (ignoring case and outer spaces), or ``None``."""
    if area is None or not str(area).strip():
        return None
    wanted = str(area).strip().casefold()
    return next((a for a in sorted(bundle.areas) if a.strip().casefold() == wanted), None)


def _compute_join(bundle, kod: str, area: str | None, lang: str, notes: list):
    from samverkansvav.model import has_area
    from samverkansvav.scenarios import where_to_join

    name = bundle.name(kod)
    if area is None or not str(area).strip():
        return None, notes + [message(t("scenario.join.choose_area", lang, name=name))]
    matched = match_area(bundle, area)
    if matched is None:
        return None, notes + [message(t("scenario.join.unknown_area", lang, area=str(area)), kind="warning")]
    result = where_to_join(bundle.web_all, kod, matched, on=bundle.on)
    if not result.options:
        mem = bundle.memberships
        in_area = mem.loc[mem["area"].map(lambda value: has_area(value, [matched])), "party_id"]
        if kod in set(in_area):
            notes = notes + [message(t("scenario.join.already_in_all", lang, name=name, area=matched))]
        elif not result.hosts:
            return None, notes + [message(t("scenario.join.nothing", lang, area=matched))]
    return result, notes


def compute_scenario(
    bundle,
    *,
    kind: str | None,
    kod: str | None,
    arrangement_ids: Iterable[str] | None,
    lang: str,
    area: str | None = None,
):
    """The scenario result for a selection, or the reason there is none.

    Returns ``(result, notes)`` where ``result`` is an
    :class:`~samverkansvav.scenarios.ExitResult` /
    :class:`~samverkansvav.scenarios.HostStopResult` /
    :class:`~samverkansvav.scenarios.JoinOptions` or ``None``, and ``notes``
    is a list of message components to show (empty or unknown selection,
    ignored arrangement ids). ``area`` is only read for ``ansluta``.
    """
    from samverkansvav.scenarios import exit_scenario, host_stops

    notes: list = []
    chosen_kind = normalise_kind(kind)
    if chosen_kind is None:
        notes.append(message(t("scenario.unknown_type", lang, typ=str(kind)), kind="warning"))
        chosen_kind = EXIT
    if not kod:
        return None, notes + [message(t("scenario.empty", lang))]
    kod = str(kod)
    if kod not in bundle.parties.index and kod not in bundle.member_ids:
        return None, notes + [message(t("scenario.unknown_kommun", lang, kod=kod), kind="warning")]
    if chosen_kind == JOIN:
        return _compute_join(bundle, kod, area, lang, notes)
    name = bundle.name(kod)
    if chosen_kind == HOST:
        result = host_stops(bundle.web_all, kod, on=bundle.on)
        if not result.arrangements:
            return None, notes + [message(t("scenario.hosts_nothing", lang, name=name))]
        return result, notes
    own = {o["value"] for o in arrangement_options(bundle, kod, lang)}
    if not own:
        return None, notes + [message(t("scenario.no_arrangements", lang, name=name))]
    wanted = [str(a) for a in (arrangement_ids or []) if a not in (None, "")]
    known = sorted({a for a in wanted if a in own})
    unknown = sorted({a for a in wanted if a not in own})
    if unknown:
        notes.append(
            message(t("scenario.unknown_arrangements", lang, ids=", ".join(unknown)), kind="warning")
        )
        if not known:
            return None, notes + [message(t("scenario.none_known", lang, name=name), kind="warning")]
    result = exit_scenario(bundle.web_all, kod, arrangement_ids=known or None, on=bundle.on)
    return result, notes


# ------------------------------------------------------------------ map and network
def _leaver_and_groups(result) -> tuple[str, list[tuple[str, ...]]]:
    """The leaving party and the full member list of every affected arrangement."""
    if hasattr(result, "kommun"):
        return result.kommun, [(result.kommun,) + tuple(a.remaining) for a in result.arrangements]
    return result.host, [(result.host,) + tuple(a.dependents) for a in result.arrangements]


def lost_links(result) -> pd.DataFrame:
    """Columns ``a``, ``b`` (a < b), ``n``: ties the scenario removes, one row per pair.

    The leaver loses its tie to every other member of each affected arrangement
    (``n`` counts the arrangements behind a pair). Remaining members keep their
    ties to each other: a dissolved arrangement has at most one member left.
    """
    leaver, groups = _leaver_and_groups(result)
    counts: dict[tuple[str, str], int] = {}
    for members in groups:
        for other in set(members) - {leaver}:
            pair = tuple(sorted((leaver, other)))
            counts[pair] = counts.get(pair, 0) + 1
    rows = [{"a": a, "b": b, "n": n} for (a, b), n in sorted(counts.items())]
    return pd.DataFrame(rows, columns=["a", "b", "n"])


def _affected(result) -> list[str]:
    leaver, groups = _leaver_and_groups(result)
    return sorted({leaver}.union(*[set(g) for g in groups]))


def scenario_elements(bundle, result) -> list[dict]:
    """Cytoscape elements of the affected municipalities around the leaver; ties it loses get
    class ``lost`` (no shared arrangement left) or ``weakened`` (fewer than before), the
    others ``kept`` (see :func:`~.scenario_summary.scenario_network`)."""
    leaver, _ = _leaver_and_groups(result)
    lost = {(a, b): int(n) for a, b, n in lost_links(result).itertuples(index=False, name=None)}
    return scenario_network(leaver, _affected(result), bundle.comembership, lost, bundle.name)


def _map(bundle, result, lang: str, boundaries: dict | None):
    affected = _affected(result)
    leaver, groups = _leaver_and_groups(result)
    lan_of = bundle.parties["lan_code"]
    lan = lan_of.get(leaver)
    region = {p for p in bundle.kommun_ids if lan is not None and lan_of.get(p) == lan}
    shown = sorted((region | set(affected)) & set(bundle.parties.index))
    points = bundle.parties.loc[
        shown, ["name", "lat", "lon", "population", "population_year", "population_precision"]
    ].copy()
    counts = {p: sum(1 for g in groups if p in g) for p in shown}
    points["value"] = [float(counts[p]) for p in shown]
    links = bundle.links
    links = links[links["a"].isin(set(shown)) & links["b"].isin(set(shown))]
    links = (
        links.groupby(["a", "b", "form"], sort=True).size().rename("n").reset_index()
        if len(links)
        else pd.DataFrame({"a": [], "b": [], "form": [], "n": []})
    )
    labels = {
        "municipalities": t("map.municipalities", lang),
        "population": t("map.population", lang),
        "population_unknown": t("map.population_unknown", lang),
        "lost": t("map.lost", lang),
        "highlight": t("map.highlight", lang),
    }
    fig = map_figure(
        points,
        links,
        metric_label=t("scenario.map_metric", lang),
        form_labels=form_labels(lang),
        boundaries=boundaries,
        highlight=[leaver],
        lost_links=lost_links(result),
        labels=labels,
        height=460,
    )
    # Text on a map trace makes MapLibre fetch font glyphs from fonts.openmaptiles.org, which
    # fails offline (console error): keep the ring, show the name on hover only.
    fig.update_traces(mode="markers", selector={"name": labels["highlight"]})
    return fig


def _current_state(bundle, result, lang: str, boundaries: dict | None) -> html.Div:
    elements = scenario_elements(bundle, result)
    n_nodes = sum(1 for e in elements if "source" not in e["data"])
    # Rings grow with the number of municipalities; a taller canvas keeps the labels readable.
    height = 460 if n_nodes <= 20 else min(900, 460 + 12 * (n_nodes - 20))
    return html.Div(
        [
            section(
                t("scenario.map", lang),
                graph(ids.SCENARIO_MAP, _map(bundle, result, lang, boundaries), filename="scenario-karta"),
                help_text=t("scenario.map_help", lang),
            ),
            section(
                t("scenario.network", lang),
                network_legend(elements, lang),
                cyto.Cytoscape(
                    id=ids.SCENARIO_NETWORK,
                    elements=elements,
                    # fit, but never zoomed in past 1:1, so a few nodes do not get giant labels
                    layout={"name": "preset", "fit": True, "padding": 40},
                    stylesheet=network_stylesheet(),
                    style={"width": "100%", "height": f"{height}px"},
                    minZoom=0.2,
                    maxZoom=1.0,
                ),
                help_text=t("scenario.network_help_plain", lang),
            ),
        ],
        className="grid-2",
    )


# ------------------------------------------------------------------ tables
def _names(bundle, party_ids: Iterable[str], lang: str) -> str:
    names = [bundle.name(p) for p in party_ids]
    return ", ".join(names) if names else t("scenario.none", lang)


def exit_tables(bundle, result, lang: str) -> dict[str, pd.DataFrame]:
    """Display tables of an exit (every cell a formatted string).

    Keys: ``outcome``, ``candidates``, ``costs``, ``before_after``, ``network``,
    ``rebuild``, ``lost``.
    """
    forms = form_labels(lang)
    outcome = pd.DataFrame(
        [
            {
                "arrangement": a.name,
                "form": forms.get(a.form, a.form),
                "area": a.area,
                "status": t(f"scenario.status.{a.status}", lang),
                "remaining": _names(bundle, a.remaining, lang),
                "new_host": a.new_host_candidates[0].name if a.new_host_candidates else "–",
                "annual_cost": format_kr(a.annual_cost, lang),
                "to_redistribute": format_kr(a.cost_to_redistribute, lang) if a.status != "upplöses" else "–",
                "notice": _plain(a.notice_months, lang),
                "earliest_end": _plain(a.earliest_end, lang),
            }
            for a in result.arrangements
        ],
        columns=[
            "arrangement",
            "form",
            "area",
            "status",
            "remaining",
            "new_host",
            "annual_cost",
            "to_redistribute",
            "notice",
            "earliest_end",
        ],
    )
    costs = pd.DataFrame(
        [
            {
                "arrangement": a.name,
                "kommunkod": i.party_id,
                "kommun": i.name,
                "increase_kr": format_kr(i.kr, lang),
                "increase_pct": format_percent(i.percent, lang),
                "basis": t(f"scenario.basis.{i.basis}", lang),
            }
            for a in result.arrangements
            for i in a.increase
        ],
        columns=["arrangement", "kommunkod", "kommun", "increase_kr", "increase_pct", "basis"],
    )
    after = result.after.by_party()
    before_after = pd.DataFrame(
        [
            {
                "kommunkod": m.party_id,
                "kommun": m.name,
                "partners_before": str(m.n_partners),
                "partners_after": str(after[m.party_id].n_partners),
                "dependency_before": format_percent(100 * m.dependency_share, lang, digits=0),
                "dependency_after": format_percent(100 * after[m.party_id].dependency_share, lang, digits=0),
                "hhi_before": _decimal(m.provider_hhi, lang),
                "hhi_after": _decimal(after[m.party_id].provider_hhi, lang),
            }
            for m in result.before.municipalities
        ],
        columns=[
            "kommunkod",
            "kommun",
            "partners_before",
            "partners_after",
            "dependency_before",
            "dependency_after",
            "hhi_before",
            "hhi_after",
        ],
    )
    network = pd.DataFrame(
        {
            "metric": [
                t("scenario.metric.groups", lang),
                t("scenario.metric.parties", lang),
                t("scenario.metric.arrangements", lang),
            ],
            "before": [
                str(result.before.n_components),
                str(result.before.n_parties),
                str(result.before.n_arrangements),
            ],
            "after": [
                str(result.after.n_components),
                str(result.after.n_parties),
                str(result.after.n_arrangements),
            ],
        }
    )
    rebuild = pd.DataFrame(
        [
            {
                "arrangement": f.name,
                "area": f.area,
                "form": forms.get(f.form, f.form),
                "provider": f.provider_name,
                "notice": _plain(f.notice_months, lang),
                "earliest_end": _plain(f.earliest_end, lang),
                "staff": _plain(f.staff, lang),
            }
            for f in result.functions_to_rebuild
        ],
        columns=["arrangement", "area", "form", "provider", "notice", "earliest_end", "staff"],
    )
    return {
        "outcome": outcome,
        "candidates": _candidates(result, lang),
        "costs": costs,
        "before_after": before_after,
        "network": network,
        "rebuild": rebuild,
        "lost": _lost(bundle, result, lang),
    }


def host_tables(bundle, result, lang: str) -> dict[str, pd.DataFrame]:
    """Display tables of a host stop. Keys: ``outcome``, ``candidates``, ``dependents``, ``lost``."""
    forms = form_labels(lang)
    outcome = pd.DataFrame(
        [
            {
                "arrangement": a.name,
                "form": forms.get(a.form, a.form),
                "area": a.area,
                "status": t(f"scenario.status.{a.status}", lang),
                "dependents": _names(bundle, a.dependents, lang),
                "new_host": a.new_host_candidates[0].name if a.new_host_candidates else "–",
                "notice": _plain(a.notice_months, lang),
                "earliest_end": _plain(a.earliest_end, lang),
            }
            for a in result.arrangements
        ],
        columns=["arrangement", "form", "area", "status", "dependents", "new_host", "notice", "earliest_end"],
    )
    dependents = pd.DataFrame(
        [
            {
                "kommunkod": d.party_id,
                "kommun": d.name,
                "loses": ", ".join(f"{n} ({area})" for _, n, area in d.arrangements),
            }
            for d in result.dependents
        ],
        columns=["kommunkod", "kommun", "loses"],
    )
    return {
        "outcome": outcome,
        "candidates": _candidates(result, lang),
        "dependents": dependents,
        "lost": _lost(bundle, result, lang),
    }


def join_tables(bundle, result, lang: str) -> dict[str, pd.DataFrame]:
    """Display tables of a join scenario. Keys: ``options``, ``hosts`` (every cell a string)."""
    forms = form_labels(lang)
    arr_names = bundle.arrangements["name"]
    options = pd.DataFrame(
        [
            {
                "arrangement": o.name,
                "form": forms.get(o.form, o.form),
                "performer": (
                    t("value.not_named", lang)
                    if o.provider_name == "ej angiven"
                    else t("scenario.none", lang)
                    if o.provider_name == "ingen"
                    else o.provider_name
                ),
                "members": _names(bundle, o.members, lang),
                "nearest_member": bundle.name(o.nearest_member)
                if o.nearest_member
                else t("scenario.unknown", lang),
                "distance_km": format_km(o.nearest_km, lang),
            }
            for o in result.options
        ],
        columns=["arrangement", "form", "performer", "members", "nearest_member", "distance_km"],
    )
    hosts = pd.DataFrame(
        [
            {
                "kommunkod": h.party_id,
                "kommun": h.name,
                "hosts_arrangements": ", ".join(str(arr_names.get(a, a)) for a in h.arrangement_ids),
                "distance_km": format_km(h.distance_km, lang),
            }
            for h in result.hosts
        ],
        columns=["kommunkod", "kommun", "hosts_arrangements", "distance_km"],
    )
    return {"options": options, "hosts": hosts}


def _candidates(result, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "arrangement": a.name,
                "rank": str(rank),
                "kommunkod": c.party_id,
                "kommun": c.name,
                "score": _decimal(c.score, lang),
                "evidence": " ".join(c.evidence),
            }
            for a in result.arrangements
            for rank, c in enumerate(a.new_host_candidates, start=1)
        ],
        columns=["arrangement", "rank", "kommunkod", "kommun", "score", "evidence"],
    )


def _lost(bundle, result, lang: str) -> pd.DataFrame:
    arr_names = bundle.arrangements["name"]
    return pd.DataFrame(
        [
            {
                "kommunkod": x.party_id,
                "kommun": x.name,
                "area": x.area,
                "provider": x.provider_name,
                "arrangement": ", ".join(str(arr_names.get(a, a)) for a in x.arrangement_ids),
            }
            for x in result.lost_only_provider
        ],
        columns=["kommunkod", "kommun", "area", "provider", "arrangement"],
    )


def _checklist_items(arrangement, lang: str) -> tuple:
    """The arrangement's checklist in ``lang``.

    The exit engine attaches the Swedish checklist it chose (with or without the
    new-host question); the same choice in another language is the one whose Swedish
    version equals it. A host-stop arrangement always needs a new host.
    """
    from samverkansvav.scenarios import checklist_for

    if not hasattr(arrangement, "checklist"):
        return tuple(checklist_for(arrangement.form, host_leaves=True, lang=lang))
    if lang == "sv" or arrangement.form not in FORMS:
        return tuple(arrangement.checklist)
    for host_leaves in (False, True):
        if tuple(checklist_for(arrangement.form, host_leaves=host_leaves)) == tuple(arrangement.checklist):
            return tuple(checklist_for(arrangement.form, host_leaves=host_leaves, lang=lang))
    return tuple(arrangement.checklist)


def _checklist(result, lang: str) -> html.Div:
    forms = form_labels(lang)
    blocks = []
    for i, a in enumerate(result.arrangements):
        items = _checklist_items(a, lang)
        blocks.append(
            html.Div(
                [
                    html.H4(f"{a.name} ({forms.get(a.form, a.form)})"),
                    html.Ol(
                        [
                            html.Li(
                                [html.B(checklist_topic(item.topic, lang) + ": "), item.question]
                                + (
                                    [html.Span(f" ({item.reference})", className="muted")]
                                    if item.reference
                                    else []
                                )
                            )
                            for item in items
                        ]
                    ),
                ],
                className="checklist",
                id=f"scenario-checklist-{i}",
            )
        )
    if lang != "sv":
        # The legal references stay as Swedish law writes them: say so.
        blocks.insert(
            0, html.P(t("scenario.checklist_note", lang), className="muted", id="scenario-checklist-note")
        )
    return html.Div(blocks)


def _status_list(result, lang: str) -> html.Ul:
    """One line per arrangement with its status (ids by position, for tests and readers)."""
    return html.Ul(
        [
            html.Li(
                [
                    html.B(a.name + ": "),
                    html.Span(
                        t(f"scenario.status.{a.status}", lang),
                        id=f"scenario-status-{i}",
                        className=f"status status-{a.status}",
                    ),
                ]
            )
            for i, a in enumerate(result.arrangements)
        ],
        className="scenario-status",
    )


def _cost_parts(result, costs: pd.DataFrame, lang: str) -> list:
    """The cost table with known increases only, and one line for all the unknown ones."""
    unknown_arr = {a.name for a in result.arrangements for i in a.increase if i.kr is None}
    unknown_rows = sum(1 for a in result.arrangements for i in a.increase if i.kr is None)
    known = costs[~costs["arrangement"].isin(unknown_arr)] if len(costs) else costs
    parts: list = []
    if len(known) or not unknown_rows:
        parts.append(
            _table(
                "scenario-costs",
                known,
                [
                    ("arrangement", "scenario.col.arrangement"),
                    ("kommun", "scenario.col.kommun"),
                    ("increase_kr", "scenario.col.increase_kr"),
                    ("increase_pct", "scenario.col.increase_pct"),
                    ("basis", "scenario.col.basis"),
                ],
                lang,
                numeric=("increase_kr", "increase_pct"),
            )
        )
    if unknown_rows:
        parts.append(
            html.P(
                t(
                    "scenario.costs_unknown_rows",
                    lang,
                    n=counted("scenario.sum.n_kommuner", unknown_rows, lang),
                    names=join_names(sorted(unknown_arr, key=str.casefold), lang),
                ),
                className="muted",
                id="scenario-costs-unknown",
            )
        )
    return parts


# ------------------------------------------------------------------ render
_OUTCOME_COLUMNS = [
    ("arrangement", "scenario.col.arrangement"),
    ("form", "scenario.col.form"),
    ("area", "scenario.col.area"),
    ("status", "scenario.col.status"),
]
_CANDIDATE_COLUMNS = [
    ("arrangement", "scenario.col.arrangement"),
    ("rank", "scenario.col.rank"),
    ("kommun", "scenario.col.kommun"),
    ("score", "scenario.col.score"),
    ("evidence", "scenario.col.evidence"),
]
_LOST_COLUMNS = [
    ("kommun", "scenario.col.kommun"),
    ("area", "scenario.col.area"),
    ("provider", "scenario.col.provider"),
    ("arrangement", "scenario.col.arrangement"),
]


def _render_exit(bundle, result, lang: str, boundaries: dict | None) -> list:
    tables = exit_tables(bundle, result, lang)
    costs = [
        a.cost_to_redistribute
        for a in result.arrangements
        if a.status != "upplöses" and a.cost_to_redistribute is not None
    ]
    n_status = {s: sum(1 for a in result.arrangements if a.status == s) for s in ("upplöses", "saknar_värd")}
    stats = html.Div(
        [
            stat(
                t("scenario.stat.arrangements", lang),
                len(result.arrangements),
                stat_id="scenario-n-arrangements",
            ),
            stat(t("scenario.stat.dissolved", lang), n_status["upplöses"], stat_id="scenario-n-dissolved"),
            stat(t("scenario.stat.no_host", lang), n_status["saknar_värd"], stat_id="scenario-n-no-host"),
            stat(
                t("scenario.stat.cost", lang),
                format_kr(sum(costs), lang) if costs else t("scenario.unknown", lang),
                explanation=t("scenario.stat.cost_help", lang),
                stat_id="scenario-cost",
            ),
        ],
        className="stats",
    )
    lost = tables["lost"]
    return [
        html.H3(
            t(
                "scenario.exit_heading",
                lang,
                name=result.kommun_name,
                kod=result.kommun,
                n=len(result.arrangements),
                date=result.on.isoformat(),
            ),
            id="scenario-heading",
        ),
        summary_block(exit_summary_lines(result, lang), lang),
        stats,
        _status_list(result, lang),
        _current_state(bundle, result, lang, boundaries),
        section(
            t("scenario.outcome", lang),
            _table(
                "scenario-outcome",
                tables["outcome"],
                _OUTCOME_COLUMNS
                + [
                    ("remaining", "scenario.col.remaining"),
                    ("new_host", "scenario.col.new_host"),
                    ("annual_cost", "scenario.col.annual_cost"),
                    ("to_redistribute", "scenario.col.to_redistribute"),
                    ("notice", "scenario.col.notice"),
                    ("earliest_end", "scenario.col.earliest_end"),
                ],
                lang,
                numeric=("annual_cost", "to_redistribute", "notice"),
            ),
            help_text=t("scenario.outcome_help", lang),
        ),
        section(
            t("scenario.candidates", lang),
            _table(
                "scenario-candidates",
                tables["candidates"],
                _CANDIDATE_COLUMNS,
                lang,
                numeric=("rank", "score"),
            ),
            help_text=t("scenario.candidates_help", lang),
        ),
        section(
            t("scenario.costs", lang),
            *_cost_parts(result, tables["costs"], lang),
            help_text=t("scenario.costs_help", lang),
        ),
        section(
            t("scenario.before_after", lang),
            _table(
                "scenario-before-after",
                tables["before_after"],
                [
                    ("kommun", "scenario.col.kommun"),
                    ("partners_before", "scenario.col.partners_before"),
                    ("partners_after", "scenario.col.partners_after"),
                    ("dependency_before", "scenario.col.dependency_before"),
                    ("dependency_after", "scenario.col.dependency_after"),
                    ("hhi_before", "scenario.col.hhi_before"),
                    ("hhi_after", "scenario.col.hhi_after"),
                ],
                lang,
                numeric=(
                    "partners_before",
                    "partners_after",
                    "dependency_before",
                    "dependency_after",
                    "hhi_before",
                    "hhi_after",
                ),
            ),
            html.H4(t("scenario.network_table", lang)),
            _table(
                "scenario-network-table",
                tables["network"],
                [
                    ("metric", "scenario.col.metric"),
                    ("before", "scenario.col.before"),
                    ("after", "scenario.col.after"),
                ],
                lang,
                numeric=("before", "after"),
            ),
            help_text=t("scenario.before_after_help", lang),
        ),
        section(
            t("scenario.rebuild", lang),
            _table(
                "scenario-rebuild",
                tables["rebuild"],
                [
                    ("arrangement", "scenario.col.arrangement"),
                    ("area", "scenario.col.area"),
                    ("form", "scenario.col.form"),
                    ("provider", "scenario.col.provider"),
                    ("notice", "scenario.col.notice"),
                    ("earliest_end", "scenario.col.earliest_end"),
                    ("staff", "scenario.col.staff"),
                ],
                lang,
            ),
            help_text=t("scenario.rebuild_help", lang),
        ),
        section(
            t("scenario.lost", lang),
            _table("scenario-lost", lost, _LOST_COLUMNS, lang)
            if len(lost)
            else message(t("scenario.lost_none", lang), kind="muted"),
        ),
        section(
            t("scenario.checklist", lang),
            _checklist(result, lang),
            help_text=t("scenario.checklist_help", lang),
        ),
    ]


def _render_host(bundle, result, lang: str, boundaries: dict | None) -> list:
    tables = host_tables(bundle, result, lang)
    n_status = {s: sum(1 for a in result.arrangements if a.status == s) for s in ("upplöses", "saknar_värd")}
    stats = html.Div(
        [
            stat(
                t("scenario.stat.arrangements", lang),
                len(result.arrangements),
                stat_id="scenario-n-arrangements",
            ),
            stat(
                t("scenario.stat.dependents", lang), len(result.dependents), stat_id="scenario-n-dependents"
            ),
            stat(t("scenario.stat.dissolved", lang), n_status["upplöses"], stat_id="scenario-n-dissolved"),
            stat(t("scenario.stat.no_host", lang), n_status["saknar_värd"], stat_id="scenario-n-no-host"),
        ],
        className="stats",
    )
    lost = tables["lost"]
    return [
        html.H3(
            t(
                "scenario.host_heading",
                lang,
                name=result.host_name,
                kod=result.host,
                n=len(result.arrangements),
                date=result.on.isoformat(),
            ),
            id="scenario-heading",
        ),
        summary_block(host_summary_lines(result, lang), lang),
        stats,
        _status_list(result, lang),
        _current_state(bundle, result, lang, boundaries),
        section(
            t("scenario.outcome", lang),
            _table(
                "scenario-outcome",
                tables["outcome"],
                _OUTCOME_COLUMNS
                + [
                    ("dependents", "scenario.col.dependents"),
                    ("new_host", "scenario.col.new_host"),
                    ("notice", "scenario.col.notice"),
                    ("earliest_end", "scenario.col.earliest_end"),
                ],
                lang,
                numeric=("notice",),
            ),
            help_text=t("scenario.outcome_help", lang),
        ),
        section(
            t("scenario.candidates", lang),
            _table(
                "scenario-candidates",
                tables["candidates"],
                _CANDIDATE_COLUMNS,
                lang,
                numeric=("rank", "score"),
            ),
            help_text=t("scenario.candidates_help", lang),
        ),
        section(
            t("scenario.dependents", lang),
            _table(
                "scenario-dependents",
                tables["dependents"],
                [("kommun", "scenario.col.kommun"), ("loses", "scenario.col.loses")],
                lang,
            ),
        ),
        section(
            t("scenario.lost", lang),
            _table("scenario-lost", lost, _LOST_COLUMNS, lang)
            if len(lost)
            else message(t("scenario.lost_none", lang), kind="muted"),
        ),
        section(
            t("scenario.checklist", lang),
            _checklist(result, lang),
            help_text=t("scenario.checklist_help", lang),
        ),
    ]


_OPTION_COLUMNS = [
    ("arrangement", "scenario.col.arrangement"),
    ("form", "scenario.col.form"),
    ("performer", "scenario.col.performer"),
    ("members", "scenario.col.members"),
    ("nearest_member", "scenario.col.nearest_member"),
    ("distance_km", "scenario.col.distance_km"),
]
_HOST_COLUMNS = [
    ("kommun", "scenario.col.kommun"),
    ("kommunkod", "scenario.col.kommunkod"),
    ("hosts_arrangements", "scenario.col.hosts_arrangements"),
    ("distance_km", "scenario.col.distance_km"),
]


def _render_join(bundle, result, lang: str, boundaries: dict | None) -> list:
    tables = join_tables(bundle, result, lang)
    nearest = result.options[0] if result.options else None
    nearest_text = "–"
    if nearest is not None:
        nearest_text = (
            nearest.name
            if nearest.nearest_km is None
            else f"{nearest.name} ({format_km(nearest.nearest_km, lang)} km)"
        )
    stats = html.Div(
        [
            stat(t("scenario.stat.options", lang), len(result.options), stat_id="scenario-n-options"),
            stat(t("scenario.stat.hosts", lang), len(result.hosts), stat_id="scenario-n-hosts"),
            stat(t("scenario.stat.nearest", lang), nearest_text, stat_id="scenario-nearest"),
        ],
        className="stats",
    )
    return [
        html.H3(
            t(
                "scenario.join.heading",
                lang,
                name=result.kommun_name,
                kod=result.kommun,
                area=result.area,
                date=bundle.on.isoformat(),
            ),
            id="scenario-heading",
        ),
        stats,
        section(
            t("scenario.join.options", lang),
            _table(
                "scenario-join-options", tables["options"], _OPTION_COLUMNS, lang, numeric=("distance_km",)
            )
            if result.options
            else html.Div(
                message(t("scenario.join.no_options", lang), kind="muted"), id="scenario-join-options"
            ),
            help_text=t("scenario.join.options_help", lang),
        ),
        section(
            t("scenario.join.hosts", lang),
            _table("scenario-join-hosts", tables["hosts"], _HOST_COLUMNS, lang, numeric=("distance_km",))
            if result.hosts
            else html.Div(message(t("scenario.join.no_hosts", lang), kind="muted"), id="scenario-join-hosts"),
            help_text=t("scenario.join.hosts_help", lang),
        ),
    ]


def _renderer(result):
    from samverkansvav.scenarios import JoinOptions

    if isinstance(result, JoinOptions):
        return _render_join
    return _render_host if hasattr(result, "host") else _render_exit


def render_scenario(
    bundle,
    *,
    kind: str | None,
    kod: str | None,
    arrangement_ids: Iterable[str] | None,
    lang: str,
    boundaries: dict | None = None,
    area: str | None = None,
):
    """The scenario content for a selection (a plain function: tests call it directly).

    An empty or unknown selection gives a helpful message; an error inside the
    engine is logged and shown as a short message, never as a traceback.
    """
    try:
        result, notes = compute_scenario(
            bundle, kind=kind, kod=kod, arrangement_ids=arrangement_ids, lang=lang, area=area
        )
        if result is None:
            return html.Div(notes)
        body = _renderer(result)(bundle, result, lang, boundaries)
    except Exception:  # noqa: BLE001 - the user gets a message, the log gets the traceback
        log.exception(
            "Scenario kunde inte beräknas (typ=%r, kod=%r, arr=%r, omrade=%r)",
            kind,
            kod,
            arrangement_ids,
            area,
        )
        return html.Div(message(t("scenario.failed", lang), kind="warning"))
    from samverkansvav.web.history_view import scenario_exits_block

    return html.Div(notes + body + scenario_exits_block(bundle, result, lang))


def scenario_download(
    bundle,
    *,
    kind: str | None,
    kod: str | None,
    arrangement_ids: Iterable[str] | None,
    lang: str,
    area: str | None = None,
) -> dict | None:
    """The Excel workbook of a scenario as ``dcc.Download`` data (one sheet per part), or ``None``."""
    from samverkansvav.scenarios import JoinOptions
    from samverkansvav.web.pages.scenario_export import scenario_workbook

    try:
        result, _ = compute_scenario(
            bundle, kind=kind, kod=kod, arrangement_ids=arrangement_ids, lang=lang, area=area
        )
    except Exception:  # noqa: BLE001
        log.exception("Scenario kunde inte exporteras (typ=%r, kod=%r)", kind, kod)
        return None
    if result is None:
        return None
    if isinstance(result, JoinOptions):
        safe = "".join(ch for ch in result.kommun if ch.isalnum()) or "kommun"
        safe_area = "".join(ch for ch in result.area if ch.isalnum()) or "omrade"
        return dcc.send_bytes(
            scenario_workbook(bundle, result),
            f"scenario-ansluta-{safe}-{safe_area}-{bundle.on.isoformat()}.xlsx",
        )
    is_host = hasattr(result, "host")
    party = result.host if is_host else result.kommun
    safe = "".join(ch for ch in party if ch.isalnum()) or "kommun"
    filename = f"scenario-{'vardstopp' if is_host else 'uttrade'}-{safe}-{result.on.isoformat()}.xlsx"
    return dcc.send_bytes(scenario_workbook(bundle, result), filename)


# ------------------------------------------------------------------ page
def layout(ctx: PageContext):
    lang, bundle = ctx.lang, ctx.bundle
    raw_kind = ctx.param("typ")
    kind = normalise_kind(raw_kind) or EXIT
    kod = ctx.param("kod")
    arr = ctx.param_list("arr")
    area = ctx.param("omrade")
    areas = area_options(bundle)
    options = arrangement_options(bundle, kod, lang)
    known_options = {o["value"] for o in options}
    return html.Div(
        [
            html.H2(t("scenario.title", lang)),
            html.P(t("scenario.intro", lang), className="intro no-print"),
            html.Div(
                [
                    html.Div(
                        [
                            html.Label(t("scenario.type", lang)),
                            dcc.RadioItems(
                                id=ids.SCENARIO_TYPE,
                                value=kind,
                                options=[
                                    {"label": " " + t(f"scenario.type.{k}", lang), "value": k} for k in KINDS
                                ],
                            ),
                        ],
                        className="control",
                    ),
                    html.Div(
                        [
                            html.Label(t("scenario.kommun", lang), htmlFor=ids.SCENARIO_KOMMUN),
                            dcc.Dropdown(
                                id=ids.SCENARIO_KOMMUN,
                                options=kommun_options(bundle),
                                value=kod,
                                placeholder=t("filter.municipality_placeholder", lang),
                            ),
                        ],
                        className="control",
                    ),
                    html.Div(
                        [
                            html.Label(t("scenario.arrangements", lang), htmlFor=ids.SCENARIO_ARRANGEMENTS),
                            dcc.Dropdown(
                                id=ids.SCENARIO_ARRANGEMENTS,
                                options=options,
                                multi=True,
                                value=[a for a in arr if a in known_options],
                                placeholder=t("scenario.arrangements_all", lang),
                            ),
                            html.Span(t("scenario.arrangements_help", lang), className="control-help"),
                        ],
                        id=ids.SCENARIO_ARRANGEMENTS_BLOCK,
                        className="control",
                        style=_block_style(kind, EXIT),
                    ),
                    html.Div(
                        [
                            html.Label(t("scenario.area", lang), htmlFor=ids.SCENARIO_AREA),
                            dcc.Dropdown(
                                id=ids.SCENARIO_AREA,
                                options=areas,
                                value=match_area(bundle, area) if area else None,
                                placeholder=t("scenario.area_placeholder", lang),
                            ),
                        ],
                        id=ids.SCENARIO_AREA_BLOCK,
                        className="control",
                        style=_block_style(kind, JOIN),
                    ),
                    html.Div(
                        [
                            html.Button(
                                t("scenario.excel", lang), id=ids.SCENARIO_EXCEL, className="btn", n_clicks=0
                            ),
                            html.Button(
                                t("scenario.print", lang),
                                id=ids.SCENARIO_PRINT,
                                className="btn btn-light",
                                n_clicks=0,
                            ),
                            dcc.Download(id=ids.SCENARIO_DOWNLOAD),
                            dcc.Store(id=ids.SCENARIO_PRINTED, data=0),
                        ],
                        className="control table-actions",
                        style={"flex": "0 0 auto", "minWidth": "auto"},
                    ),
                ],
                className="controls no-print",
            ),
            html.Div(
                render_scenario(
                    bundle,
                    kind=raw_kind,
                    kod=kod,
                    arrangement_ids=arr,
                    lang=lang,
                    boundaries=ctx.boundaries,
                    area=area,
                ),
                id=ids.SCENARIO_CONTENT,
            ),
        ]
    )


def _block_style(kind: str | None, shown_for: str) -> dict:
    """Show a control block only for the scenario type it belongs to (hidden, not removed:
    the URL sync and the callbacks need every control in the page)."""
    return {} if (normalise_kind(kind) or EXIT) == shown_for else {"display": "none"}


def register(app, state) -> None:
    @app.callback(
        Output(ids.SCENARIO_ARRANGEMENTS, "options"),
        Output(ids.SCENARIO_ARRANGEMENTS, "value"),
        Input(ids.SCENARIO_KOMMUN, "value"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _choices(kod, search):
        # A new municipality starts from "all its arrangements" (an empty choice).
        c = context_for(state, search)
        return arrangement_options(c.bundle, kod, c.lang), []

    @app.callback(
        Output(ids.SCENARIO_ARRANGEMENTS_BLOCK, "style"),
        Output(ids.SCENARIO_AREA_BLOCK, "style"),
        Input(ids.SCENARIO_TYPE, "value"),
        prevent_initial_call=True,
    )
    def _blocks(kind):
        return _block_style(kind, EXIT), _block_style(kind, JOIN)

    @app.callback(
        Output(ids.SCENARIO_CONTENT, "children"),
        Input(ids.SCENARIO_TYPE, "value"),
        Input(ids.SCENARIO_KOMMUN, "value"),
        Input(ids.SCENARIO_ARRANGEMENTS, "value"),
        Input(ids.SCENARIO_AREA, "value"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _render(kind, kod, arrangement_ids, area, search):
        c = context_for(state, search)
        return render_scenario(
            c.bundle,
            kind=kind,
            kod=kod,
            arrangement_ids=arrangement_ids,
            lang=c.lang,
            boundaries=c.boundaries,
            area=area,
        )

    @app.callback(
        Output(ids.SCENARIO_DOWNLOAD, "data"),
        Input(ids.SCENARIO_EXCEL, "n_clicks"),
        State(ids.SCENARIO_TYPE, "value"),
        State(ids.SCENARIO_KOMMUN, "value"),
        State(ids.SCENARIO_ARRANGEMENTS, "value"),
        State(ids.SCENARIO_AREA, "value"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def _excel(n_clicks, kind, kod, arrangement_ids, area, search):
        if not n_clicks:
            raise PreventUpdate
        c = context_for(state, search)
        data = scenario_download(
            c.bundle, kind=kind, kod=kod, arrangement_ids=arrangement_ids, lang=c.lang, area=area
        )
        if data is None:
            raise PreventUpdate
        return data

    app.clientside_callback(
        PRINT_JS,
        Output(ids.SCENARIO_PRINTED, "data"),
        Input(ids.SCENARIO_PRINT, "n_clicks"),
        prevent_initial_call=True,
    )


PAGE = Page(
    path=PATH,
    nav_key="nav.scenario",
    layout=layout,
    register=register,
    params=(
        QueryParam("typ", ids.SCENARIO_TYPE),
        QueryParam("kod", ids.SCENARIO_KOMMUN),
        QueryParam("arr", ids.SCENARIO_ARRANGEMENTS, multi=True),
        QueryParam("omrade", ids.SCENARIO_AREA),
    ),
)
