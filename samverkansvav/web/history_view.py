"""The Historik views: a municipality's history on its profile, a region's on Översikt.

Each function takes a :class:`~samverkansvav.web.data.Bundle` and returns Dash
components; pages wire them in with one call. The analysis date of the bundle
(``bundle.on``) is the single "when": timelines run up to it, and nothing after it
is shown. Heavy figures are computed once per bundle (``bundle._cached``).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from dash import html

from samverkansvav.analysis.history import (
    EVENT_KINDS,
    events,
    membership_periods,
    recorded_exits,
    region_yearly,
    yearly_figures,
)
from samverkansvav.figures.history import region_figure, timeline_figure, yearly_figure
from samverkansvav.web.components import data_table, graph, message
from samverkansvav.web.i18n import form_labels, t

__all__ = [
    "HISTORY_ID",
    "REGION_HISTORY_ID",
    "events_table",
    "history_section",
    "region_history",
    "recorded_exits_section",
    "exits_table",
    "scenario_exits_block",
]

HISTORY_ID = "profile-history"
REGION_HISTORY_ID = "overview-history"
#: Events listed under the region timeline (newest first).
RECENT_EVENTS = 30
#: Bars in a municipality's timeline (one per membership period; the latest started are drawn).
TIMELINE_BARS = 60


def events_table(items, bundle, lang: str) -> pd.DataFrame:
    """Events as display rows: date (or "datum okänt"), event, arrangement, who, source."""
    forms = form_labels(lang)
    rows = [
        {
            "date": e.date.isoformat() if e.date else t("history.date_unknown", lang),
            "event": t(f"history.kind.{e.kind}", lang),
            "arrangement": e.arrangement,
            "form": forms.get(e.form, e.form),
            "party": bundle.name(e.party_id) if e.party_id else ", ".join(bundle.name(m) for m in e.members),
            "source": e.source or "",
        }
        for e in items
    ]
    return pd.DataFrame(rows, columns=["date", "event", "arrangement", "form", "party", "source"])


_EVENT_COLUMNS = [
    ("date", "history.col.date"),
    ("event", "history.col.event"),
    ("arrangement", "col.arrangement"),
    ("form", "col.form"),
    ("party", "history.col.party"),
    ("source", "history.col.source"),
]


def _until(items, bundle) -> list:
    """Events up to the analysis date (undated ones kept: they are not after it)."""
    return [e for e in items if e.date is None or e.date <= bundle.on]


def _metrics_row(bundle, kod: str):
    """The bundle's metrics of ``kod`` on its date (the last point of its figures per year)."""
    return bundle.metrics.loc[kod] if kod in bundle.metrics.index else None


def history_section(bundle, kod: str, lang: str) -> html.Section:
    """The ``Historik`` section of the municipality profile for ``kod``."""

    def compute():
        return (
            membership_periods(bundle.web_all, kod, on=bundle.on),
            yearly_figures(bundle.web_all, kod, on=bundle.on, metrics_on=_metrics_row(bundle, kod)),
            _until(events(bundle.web_all, kommun=kod), bundle),
        )

    periods, per_year, items = bundle._cached(("history", kod), compute)
    texts = {
        key: t(f"history.{key}", lang) for key in ("start_unknown", "end_unknown", "ongoing", "analysis_date")
    }
    titles = {
        "n_arrangements": t("metric.n_arrangements", lang),
        "n_partners": t("metric.n_partners", lang),
        "systemledningsindex": t("metric.systemledningsindex", lang),
        "dependency_share": t("metric.dependency_share", lang),
    }
    # A bar per period: a municipality in thousands of arrangements would get a chart
    # thousands of rows high and megabytes large, so the latest started are drawn.
    shown = periods.tail(TIMELINE_BARS)
    timeline = timeline_figure(shown, on=bundle.on, form_names=form_labels(lang), texts=texts)
    capped = (
        message(t("history.timeline_capped", lang, n=len(shown), total=len(periods)), kind="muted")
        if len(shown) < len(periods)
        else None
    )
    return html.Section(
        [
            html.H3(t("history.title", lang)),
            html.P(t("history.help", lang, date=bundle.on.isoformat()), className="section-help"),
            html.H4(t("history.timeline", lang)),
            graph(f"{HISTORY_ID}-timeline", timeline, filename=f"historik-{kod}"),
            capped,
            html.H4(t("history.per_year", lang)),
            graph(
                f"{HISTORY_ID}-per-year",
                yearly_figure(per_year, titles=titles),
                filename=f"matt-per-ar-{kod}",
            ),
            html.H4(t("history.events", lang)),
            data_table(f"kommun-{kod}-historik", events_table(items, bundle, lang), _EVENT_COLUMNS, lang)
            if any(e.date for e in items)
            else message(t("history.no_events", lang), kind="muted"),
        ],
        className="section history",
        id=HISTORY_ID,
    )


def _region_key(lan: str | None, kommuner: Iterable[str] | None) -> tuple:
    picked = tuple(sorted({str(k) for k in (kommuner or [])}))
    return (lan or "", picked)


def region_history(
    bundle, *, lan: str | None = None, kommuner: Iterable[str] | None = None, lang: str
) -> html.Section:
    """A region's timeline for Översikt: the hand-picked municipalities, else the län,
    else all Sweden; with its latest events and earlier exits."""
    party_ids = bundle.region_party_ids(lan=lan, kommuner=kommuner)
    picked = bool(kommuner) and party_ids is not None

    def compute():
        ids_ = party_ids if picked else None
        frame = region_yearly(bundle.web_all, None if picked else lan, on=bundle.on, party_ids=ids_)
        items = _until(events(bundle.web_all, lan=None if picked else lan, party_ids=ids_), bundle)
        return frame, items

    frame, items = bundle._cached(("region-history", *_region_key(lan, kommuner)), compute)
    titles = {kind: t(f"history.kind.{kind}", lang) for kind in EVENT_KINDS}
    titles.update(
        {
            "n_arrangements": t("metric.n_arrangements", lang),
            "n_start_unknown": t("history.n_start_unknown", lang),
            "events": t("history.n_events", lang),
        }
    )
    dated = sorted((e for e in items if e.date), key=lambda e: e.date, reverse=True)[:RECENT_EVENTS]
    return html.Section(
        [
            html.H3(t("history.region_title", lang)),
            html.P(t("history.region_help", lang, date=bundle.on.isoformat()), className="section-help"),
            graph(
                f"{REGION_HISTORY_ID}-figure",
                region_figure(frame, titles=titles),
                filename=f"utveckling-{lan or 'sverige'}",
            ),
            html.H4(t("history.recent_events", lang)),
            data_table("oversikt-handelser", events_table(dated, bundle, lang), _EVENT_COLUMNS, lang)
            if dated
            else message(t("history.no_events", lang), kind="muted"),
            recorded_exits_section(bundle, lan=None if picked else lan, lang=lang, heading_level=4),
        ],
        className="section history",
        id=REGION_HISTORY_ID,
    )


def exits_table(bundle, exits, lang: str) -> pd.DataFrame:
    """Recorded exits as display rows."""
    return pd.DataFrame(
        [
            {
                "last_day": x.last_day.isoformat(),
                "leavers": ", ".join(x.leaver_names),
                "arrangement": x.arrangement,
                "remaining": ", ".join(x.remaining_names),
                "source": x.source or "",
            }
            for x in exits
        ],
        columns=["last_day", "leavers", "arrangement", "remaining", "source"],
    )


def recorded_exits_section(bundle, *, lan: str | None, lang: str, heading_level: int = 3):
    """ "Tidigare utträden i regionen": real exits up to the analysis date, with who remained."""
    exits = [
        x
        for x in bundle._cached(
            ("recorded-exits", lan or ""), lambda: recorded_exits(bundle.web_all, lan=lan)
        )
        if x.last_day < bundle.on
    ]
    heading = html.H4 if heading_level == 4 else html.H3
    body = (
        data_table(
            f"tidigare-utraden-{lan or 'sverige'}",
            exits_table(bundle, exits, lang),
            [
                ("last_day", "history.col.last_day"),
                ("leavers", "history.col.leavers"),
                ("arrangement", "col.arrangement"),
                ("remaining", "history.col.remaining"),
                ("source", "history.col.source"),
            ],
            lang,
        )
        if exits
        else message(t("history.no_exits", lang), kind="muted")
    )
    return html.Div(
        [
            heading(t("history.exits", lang)),
            html.P(t("history.exits_help", lang), className="section-help"),
            body,
        ],
        className="recorded-exits",
    )


def scenario_exits_block(bundle, result, lang: str) -> list:
    """For an exit scenario: the earlier real exits in the leaver's län, as a list of one
    section (empty for other scenarios or a party without a län)."""
    kommun = getattr(result, "kommun", None)
    if kommun is None or not hasattr(result, "functions_to_rebuild") or kommun not in bundle.parties.index:
        return []
    lan = bundle.parties.at[kommun, "lan_code"]
    if lan is None or pd.isna(lan):
        return []
    return [
        html.Section(
            recorded_exits_section(bundle, lan=str(lan), lang=lang),
            className="section",
            id="scenario-recorded-exits",
        )
    ]
