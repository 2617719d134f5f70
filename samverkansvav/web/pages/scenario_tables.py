"""Scenario page: the display tables and the blocks built from them.

Every cell is a display string in the page's language: numbers through
:mod:`samverkansvav.format`, statuses, splits, evidence and checklists through
:mod:`samverkansvav.scenarios.text` (the one presentation of a scenario result,
shared with the command line and the export). Tests call the table functions
directly.

Examples
--------
>>> format_kr(72000.0, "sv"), format_kr(72000.0, "en"), format_kr(None, "sv")
('72 000 kr', '72,000 kr', 'okänd')
>>> format_percent(24.0, "sv"), format_percent(24.0, "en")
('24,0 %', '24.0%')
>>> format_km(24.95, "sv"), format_km(24.95, "en"), format_km(None, "en")
('24,9', '24.9', 'unknown')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd
from dash import html

from samverkansvav import format as fmt
from samverkansvav.scenarios import text
from samverkansvav.web.components import message, section
from samverkansvav.web.i18n import t
from samverkansvav.web.pages.scenario_summary import counted, join_names

if TYPE_CHECKING:
    from samverkansvav.web.data import Bundle

__all__ = [
    "format_kr",
    "format_percent",
    "format_km",
    "checklist_topic",
    "html_table",
    "exit_tables",
    "host_tables",
    "join_tables",
    "checklist_block",
    "status_list",
    "cost_parts",
    "OUTCOME_COLUMNS",
    "CANDIDATE_COLUMNS",
    "LOST_COLUMNS",
    "OPTION_COLUMNS",
    "HOST_COLUMNS",
]

format_kr = fmt.kr
format_km = fmt.km
checklist_topic = text.checklist_topic


def format_percent(value: float | None, lang: str, *, digits: int = 1) -> str:
    """A percentage (already ×100): ``24,0 %`` in Swedish, ``24.0%`` in English."""
    return fmt.percent(value, lang, digits=digits)


def _plain(value: Any, lang: str) -> str:
    """Any cell value as display text (unknown for missing)."""
    if value is None:
        return fmt.unknown(lang)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    try:
        if pd.isna(value):
            return fmt.unknown(lang)
    except (TypeError, ValueError):
        pass
    return str(value)


def html_table(
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


def _columns(*fields: str) -> list[tuple[str, str]]:
    """``(field, "scenario.col.<field>")`` for each field: a table's columns and their header keys."""
    return [(field, f"scenario.col.{field}") for field in fields]


OUTCOME_COLUMNS = _columns("arrangement", "form", "area", "status")
CANDIDATE_COLUMNS = _columns("arrangement", "rank", "kommun", "score", "evidence")
LOST_COLUMNS = _columns("kommun", "area", "provider", "arrangement")
OPTION_COLUMNS = _columns("arrangement", "form", "performer", "members", "nearest_member", "distance_km")
HOST_COLUMNS = _columns("kommun", "kommunkod", "hosts_arrangements", "distance_km")
EXIT_OUTCOME_COLUMNS = OUTCOME_COLUMNS + _columns(
    "remaining", "new_host", "annual_cost", "to_redistribute", "notice", "earliest_end"
)
HOST_OUTCOME_COLUMNS = OUTCOME_COLUMNS + _columns("dependents", "new_host", "notice", "earliest_end")
COST_COLUMNS = _columns("arrangement", "kommun", "increase_kr", "increase_pct", "basis")
BEFORE_AFTER_COLUMNS = _columns(
    "kommun",
    "partners_before",
    "partners_after",
    "dependency_before",
    "dependency_after",
    "hhi_before",
    "hhi_after",
)
NETWORK_COLUMNS = _columns("metric", "before", "after")
REBUILD_COLUMNS = _columns("arrangement", "area", "form", "provider", "notice", "earliest_end", "staff")


# ------------------------------------------------------------------ tables
def _names(bundle: Bundle, party_ids: Iterable[str], lang: str) -> str:
    names = [bundle.name(p) for p in party_ids]
    return ", ".join(names) if names else t("scenario.none", lang)


def _outcome(bundle: Bundle, result, lang: str, members: str, costs: bool) -> pd.DataFrame:
    """One row per arrangement, shared by an exit (``remaining``, with costs) and a host stop
    (``dependents``)."""
    rows = []
    for a in result.arrangements:
        row = {
            "arrangement": a.name,
            "form": text.form_name(a.form, lang, capital=True),
            "area": a.area,
            "status": text.status_label(a.status, lang),
            members: _names(bundle, getattr(a, members), lang),
            "new_host": a.new_host_candidates[0].name if a.new_host_candidates else "–",
        }
        if costs:
            row["annual_cost"] = format_kr(a.annual_cost, lang)
            row["to_redistribute"] = (
                format_kr(a.cost_to_redistribute, lang) if a.status != "upplöses" else "–"
            )
        row["notice"] = _plain(a.notice_months, lang)
        row["earliest_end"] = _plain(a.earliest_end, lang)
        rows.append(row)
    extra = ["annual_cost", "to_redistribute"] if costs else []
    columns = ["arrangement", "form", "area", "status", members, "new_host", *extra, "notice", "earliest_end"]
    return pd.DataFrame(rows, columns=columns)


def exit_tables(bundle: Bundle, result, lang: str) -> dict[str, pd.DataFrame]:
    """Display tables of an exit (every cell a formatted string).

    Keys: ``outcome``, ``candidates``, ``costs``, ``before_after``, ``network``,
    ``rebuild``, ``lost``.
    """
    costs = pd.DataFrame(
        [
            {
                "arrangement": a.name,
                "kommunkod": i.party_id,
                "kommun": i.name,
                "increase_kr": format_kr(i.kr, lang),
                "increase_pct": format_percent(i.percent, lang),
                "basis": text.basis_label(i.basis, lang),
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
                "hhi_before": fmt.decimal(m.provider_hhi, lang),
                "hhi_after": fmt.decimal(after[m.party_id].provider_hhi, lang),
            }
            for m in result.before.municipalities
        ],
        columns=["kommunkod", "kommun", *(field for field, _ in BEFORE_AFTER_COLUMNS[1:])],
    )
    figures = [(result.before, "before"), (result.after, "after")]
    network = pd.DataFrame(
        {
            "metric": [
                t("scenario.metric.groups", lang),
                t("scenario.metric.parties", lang),
                t("scenario.metric.arrangements", lang),
            ],
            **{
                column: [str(f.n_components), str(f.n_parties), str(f.n_arrangements)]
                for f, column in figures
            },
        }
    )
    rebuild = pd.DataFrame(
        [
            {
                "arrangement": f.name,
                "area": f.area,
                "form": text.form_name(f.form, lang, capital=True),
                "provider": text.party_label(f.provider, f.provider_name, lang),
                "notice": _plain(f.notice_months, lang),
                "earliest_end": _plain(f.earliest_end, lang),
                "staff": _plain(f.staff, lang),
            }
            for f in result.functions_to_rebuild
        ],
        columns=[field for field, _ in REBUILD_COLUMNS],
    )
    return {
        "outcome": _outcome(bundle, result, lang, "remaining", costs=True),
        "candidates": _candidates(result, lang),
        "costs": costs,
        "before_after": before_after,
        "network": network,
        "rebuild": rebuild,
        "lost": _lost(bundle, result, lang),
    }


def host_tables(bundle: Bundle, result, lang: str) -> dict[str, pd.DataFrame]:
    """Display tables of a host stop. Keys: ``outcome``, ``candidates``, ``dependents``, ``lost``."""
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
        "outcome": _outcome(bundle, result, lang, "dependents", costs=False),
        "candidates": _candidates(result, lang),
        "dependents": dependents,
        "lost": _lost(bundle, result, lang),
    }


def join_tables(bundle: Bundle, result, lang: str) -> dict[str, pd.DataFrame]:
    """Display tables of a join scenario. Keys: ``options``, ``hosts`` (every cell a string)."""
    arr_names = bundle.arrangements["name"]
    options = pd.DataFrame(
        [
            {
                "arrangement": o.name,
                "form": text.form_name(o.form, lang, capital=True),
                "performer": text.option_provider(o, lang),
                "members": _names(bundle, o.members, lang),
                "nearest_member": bundle.name(o.nearest_member) if o.nearest_member else fmt.unknown(lang),
                "distance_km": format_km(o.nearest_km, lang),
            }
            for o in result.options
        ],
        columns=[field for field, _ in OPTION_COLUMNS],
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
                "score": fmt.decimal(c.score, lang),
                "evidence": " ".join(text.candidate_evidence(c, lang)),
            }
            for a in result.arrangements
            for rank, c in enumerate(a.new_host_candidates, start=1)
        ],
        columns=["arrangement", "rank", "kommunkod", "kommun", "score", "evidence"],
    )


def _lost(bundle: Bundle, result, lang: str) -> pd.DataFrame:
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


# ------------------------------------------------------------------ blocks
def checklist_block(result, lang: str) -> html.Div:
    """The checklist of every arrangement in ``lang``; a host stop always needs a new host."""
    blocks = []
    for i, a in enumerate(result.arrangements):
        items = text.checklist(a.form, host_leaves=getattr(a, "host_leaves", True), lang=lang)
        blocks.append(
            html.Div(
                [
                    html.H4(f"{a.name} ({text.form_name(a.form, lang, capital=True)})"),
                    html.Ol(
                        [
                            html.Li(
                                [html.B(item.topic + ": "), item.question]
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


def status_list(result, lang: str) -> html.Ul:
    """One line per arrangement with its status (ids by position, for tests and readers)."""
    return html.Ul(
        [
            html.Li(
                [
                    html.B(a.name + ": "),
                    html.Span(
                        text.status_label(a.status, lang),
                        id=f"scenario-status-{i}",
                        className=f"status status-{a.status}",
                    ),
                ]
            )
            for i, a in enumerate(result.arrangements)
        ],
        className="scenario-status",
    )


def cost_parts(result, costs: pd.DataFrame, lang: str) -> list:
    """The cost table with known increases only, and one line for all the unknown ones."""
    unknown_arr = {a.name for a in result.arrangements for i in a.increase if i.kr is None}
    unknown_rows = sum(1 for a in result.arrangements for i in a.increase if i.kr is None)
    known = costs[~costs["arrangement"].isin(unknown_arr)] if len(costs) else costs
    parts: list = []
    if len(known) or not unknown_rows:
        parts.append(
            html_table(
                "scenario-costs",
                known,
                COST_COLUMNS,
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


def shared_sections(tables: dict[str, pd.DataFrame], result, lang: str, outcome_columns, numeric) -> dict:
    """The sections an exit and a host stop both show: outcome, candidates, lost, checklist."""
    lost = tables["lost"]
    return {
        "outcome": section(
            t("scenario.outcome", lang),
            html_table("scenario-outcome", tables["outcome"], outcome_columns, lang, numeric=numeric),
            help_text=t("scenario.outcome_help", lang),
        ),
        "candidates": section(
            t("scenario.candidates", lang),
            html_table(
                "scenario-candidates",
                tables["candidates"],
                CANDIDATE_COLUMNS,
                lang,
                numeric=("rank", "score"),
            ),
            help_text=t("scenario.candidates_help", lang),
        ),
        "lost": section(
            t("scenario.lost", lang),
            html_table("scenario-lost", lost, LOST_COLUMNS, lang)
            if len(lost)
            else message(t("scenario.lost_none", lang), kind="muted"),
        ),
        "checklist": section(
            t("scenario.checklist", lang),
            checklist_block(result, lang),
            help_text=t("scenario.checklist_help", lang),
        ),
    }
