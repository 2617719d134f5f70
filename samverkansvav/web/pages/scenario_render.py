"""Scenario page: the selection, the computed scenario and its rendered content.

Plain functions the page's callbacks call (tests call them directly): which scenario
a selection asks for (:func:`compute_scenario`), the content shown for it
(:func:`render_scenario`), the map and network of what the scenario takes away, and
the Excel download (:func:`scenario_download`, in the page's language).

Examples
--------
>>> normalise_kind("värd"), normalise_kind("host"), normalise_kind(None), normalise_kind("x")
('värd', 'värd', 'utträde', None)
>>> normalise_kind("ansluta"), normalise_kind("join")
('ansluta', 'ansluta')
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

import dash_cytoscape as cyto
import pandas as pd
from dash import dcc, html

from samverkansvav.figures.map import map_figure, point_frame
from samverkansvav.web import ids
from samverkansvav.web.components import graph, message, section, stat
from samverkansvav.web.i18n import form_labels, t
from samverkansvav.web.pages.scenario_summary import (
    counted,
    exit_summary_lines,
    host_summary_lines,
    network_legend,
    network_stylesheet,
    scenario_network,
    summary_block,
)
from samverkansvav.web.pages.scenario_tables import (
    BEFORE_AFTER_COLUMNS,
    EXIT_OUTCOME_COLUMNS,
    HOST_COLUMNS,
    HOST_OUTCOME_COLUMNS,
    NETWORK_COLUMNS,
    OPTION_COLUMNS,
    REBUILD_COLUMNS,
    cost_parts,
    exit_tables,
    format_km,
    format_kr,
    host_tables,
    html_table,
    join_tables,
    shared_sections,
    status_list,
)

if TYPE_CHECKING:
    from samverkansvav.web.data import Bundle

__all__ = [
    "EXIT",
    "HOST",
    "JOIN",
    "KINDS",
    "normalise_kind",
    "arrangement_options",
    "area_options",
    "match_area",
    "compute_scenario",
    "lost_links",
    "scenario_elements",
    "render_scenario",
    "scenario_download",
]

log = logging.getLogger(__name__)

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


def normalise_kind(value: str | None) -> str | None:
    """``utträde`` or ``värd`` from a URL value (empty → ``utträde``; unknown → ``None``)."""
    if value is None or str(value).strip() == "":
        return EXIT
    return _KIND_ALIASES.get(str(value).strip().casefold())


# ------------------------------------------------------------------ selection
def arrangement_options(bundle: Bundle, kod: str | None, lang: str) -> list[dict]:
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


def area_options(bundle: Bundle) -> list[dict]:
    """The policy areas of the current bundle as dropdown options (sorted ignoring case)."""
    return [{"label": a, "value": a} for a in sorted(bundle.areas, key=lambda a: (a.casefold(), a))]


def match_area(bundle: Bundle, area: str | None) -> str | None:
    """The bundle's area that ``area`` names (ignoring case and outer spaces), or ``None``."""
    if area is None or not str(area).strip():
        return None
    wanted = str(area).strip().casefold()
    return next((a for a in sorted(bundle.areas) if a.strip().casefold() == wanted), None)


def _compute_join(bundle: Bundle, kod: str, area: str | None, lang: str, notes: list):
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
    bundle: Bundle,
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


def scenario_elements(bundle: Bundle, result) -> list[dict]:
    """Cytoscape elements of the affected municipalities around the leaver; ties it loses get
    class ``lost`` (no shared arrangement left) or ``weakened`` (fewer than before), the
    others ``kept`` (see :func:`~.scenario_summary.scenario_network`)."""
    leaver, _ = _leaver_and_groups(result)
    lost = {(a, b): int(n) for a, b, n in lost_links(result).itertuples(index=False, name=None)}
    return scenario_network(leaver, _affected(result), bundle.comembership, lost, bundle.name)


def _map(bundle: Bundle, result, lang: str, boundaries: dict | None):
    affected = _affected(result)
    leaver, groups = _leaver_and_groups(result)
    lan_of = bundle.parties["lan_code"]
    lan = lan_of.get(leaver)
    region = {p for p in bundle.kommun_ids if lan is not None and lan_of.get(p) == lan}
    shown = sorted((region | set(affected)) & set(bundle.parties.index))
    points = point_frame(bundle.parties, shown)
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


def _current_state(bundle: Bundle, result, lang: str, boundaries: dict | None) -> html.Div:
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


# ------------------------------------------------------------------ render
def _heading(key: str, lang: str, *, name: str, kod: str, result) -> html.H3:
    """The exit or host-stop heading, with ``1 arrangement`` / ``2 arrangements`` agreeing."""
    arrangements = counted("scenario.sum.n_arr", len(result.arrangements), lang)
    return html.H3(
        t(key, lang, name=name, kod=kod, arrangements=arrangements, date=result.on.isoformat()),
        id="scenario-heading",
    )


def _opening(
    bundle: Bundle, result, lang: str, boundaries, heading, summary: list[str], stats, shared: dict
) -> list:
    """What an exit and a host stop show first: heading, summary, figures, statuses, the map and
    network, the outcome per arrangement and the candidate hosts."""
    return [
        heading,
        summary_block(summary, lang),
        stats,
        status_list(result, lang),
        _current_state(bundle, result, lang, boundaries),
        shared["outcome"],
        shared["candidates"],
    ]


def _status_stats(result, lang: str) -> list:
    """How many arrangements the scenario touches, and how many end or lose their host."""
    n_status = {s: sum(1 for a in result.arrangements if a.status == s) for s in ("upplöses", "saknar_värd")}
    return [
        stat(t("scenario.stat.dissolved", lang), n_status["upplöses"], stat_id="scenario-n-dissolved"),
        stat(t("scenario.stat.no_host", lang), n_status["saknar_värd"], stat_id="scenario-n-no-host"),
    ]


def _n_arrangements(result, lang: str):
    return stat(
        t("scenario.stat.arrangements", lang), len(result.arrangements), stat_id="scenario-n-arrangements"
    )


def _render_exit(bundle: Bundle, result, lang: str, boundaries: dict | None) -> list:
    tables = exit_tables(bundle, result, lang)
    costs = [
        a.cost_to_redistribute
        for a in result.arrangements
        if a.status != "upplöses" and a.cost_to_redistribute is not None
    ]
    stats = html.Div(
        [
            _n_arrangements(result, lang),
            *_status_stats(result, lang),
            stat(
                t("scenario.stat.cost", lang),
                format_kr(sum(costs), lang) if costs else t("scenario.unknown", lang),
                explanation=t("scenario.stat.cost_help", lang),
                stat_id="scenario-cost",
            ),
        ],
        className="stats",
    )
    shared = shared_sections(
        tables, result, lang, EXIT_OUTCOME_COLUMNS, numeric=("annual_cost", "to_redistribute", "notice")
    )
    heading = _heading(
        "scenario.exit_heading", lang, name=result.kommun_name, kod=result.kommun, result=result
    )
    return [
        *_opening(bundle, result, lang, boundaries, heading, exit_summary_lines(result, lang), stats, shared),
        section(
            t("scenario.costs", lang),
            *cost_parts(result, tables["costs"], lang),
            help_text=t("scenario.costs_help", lang),
        ),
        section(
            t("scenario.before_after", lang),
            html_table(
                "scenario-before-after",
                tables["before_after"],
                BEFORE_AFTER_COLUMNS,
                lang,
                numeric=[field for field, _ in BEFORE_AFTER_COLUMNS[1:]],
            ),
            html.H4(t("scenario.network_table", lang)),
            html_table(
                "scenario-network-table",
                tables["network"],
                NETWORK_COLUMNS,
                lang,
                numeric=("before", "after"),
            ),
            help_text=t("scenario.before_after_help", lang),
        ),
        section(
            t("scenario.rebuild", lang),
            html_table("scenario-rebuild", tables["rebuild"], REBUILD_COLUMNS, lang),
            help_text=t("scenario.rebuild_help", lang),
        ),
        shared["lost"],
        shared["checklist"],
    ]


def _render_host(bundle: Bundle, result, lang: str, boundaries: dict | None) -> list:
    tables = host_tables(bundle, result, lang)
    stats = html.Div(
        [
            _n_arrangements(result, lang),
            stat(
                t("scenario.stat.dependents", lang), len(result.dependents), stat_id="scenario-n-dependents"
            ),
            *_status_stats(result, lang),
        ],
        className="stats",
    )
    shared = shared_sections(tables, result, lang, HOST_OUTCOME_COLUMNS, numeric=("notice",))
    heading = _heading("scenario.host_heading", lang, name=result.host_name, kod=result.host, result=result)
    return [
        *_opening(bundle, result, lang, boundaries, heading, host_summary_lines(result, lang), stats, shared),
        section(
            t("scenario.dependents", lang),
            html_table(
                "scenario-dependents",
                tables["dependents"],
                [("kommun", "scenario.col.kommun"), ("loses", "scenario.col.loses")],
                lang,
            ),
        ),
        shared["lost"],
        shared["checklist"],
    ]


def _table_or_note(table_id: str, frame, columns, lang: str, empty_key: str, *, shown: bool) -> html.Div:
    if shown:
        return html_table(table_id, frame, columns, lang, numeric=("distance_km",))
    return html.Div(message(t(empty_key, lang), kind="muted"), id=table_id)


def _render_join(bundle: Bundle, result, lang: str, boundaries: dict | None) -> list:
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
            _table_or_note(
                "scenario-join-options",
                tables["options"],
                OPTION_COLUMNS,
                lang,
                "scenario.join.no_options",
                shown=bool(result.options),
            ),
            help_text=t("scenario.join.options_help", lang),
        ),
        section(
            t("scenario.join.hosts", lang),
            _table_or_note(
                "scenario-join-hosts",
                tables["hosts"],
                HOST_COLUMNS,
                lang,
                "scenario.join.no_hosts",
                shown=bool(result.hosts),
            ),
            help_text=t("scenario.join.hosts_help", lang),
        ),
    ]


def _renderer(result):
    from samverkansvav.scenarios import JoinOptions

    if isinstance(result, JoinOptions):
        return _render_join
    return _render_host if hasattr(result, "host") else _render_exit


def render_scenario(
    bundle: Bundle,
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
    bundle: Bundle,
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
            scenario_workbook(bundle, result, lang=lang),
            f"scenario-ansluta-{safe}-{safe_area}-{bundle.on.isoformat()}.xlsx",
        )
    is_host = hasattr(result, "host")
    party = result.host if is_host else result.kommun
    safe = "".join(ch for ch in party if ch.isalnum()) or "kommun"
    filename = f"scenario-{'vardstopp' if is_host else 'uttrade'}-{safe}-{result.on.isoformat()}.xlsx"
    return dcc.send_bytes(scenario_workbook(bundle, result, lang=lang), filename)
