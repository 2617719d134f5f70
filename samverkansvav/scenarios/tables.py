"""A scenario result as tables for the Excel and CSV export, headed in Swedish or English.

:func:`scenario_tables` gives every part of a result as a DataFrame keyed by a sheet
code (``summary``, ``costs``, ``candidates`` …) with column headers in the language
asked for; :func:`sheet_name` and :func:`header` name the sheets and columns, so a
caller that reshapes a table (the web's export) finds its columns in any language.
Values stay values: numbers are numbers, dates are dates, unknown is empty. The
result objects' ``tables()`` are the Swedish tables under their Swedish sheet names.

Examples
--------
>>> header("to_redistribute", "sv"), header("to_redistribute", "en")
('Kostnad att fördela (kr)', 'Cost to redistribute (kr)')
>>> sheet_name("lost", "sv"), sheet_name("lost", "en")
('Förlorar enda utförare', 'Lose their only provider')
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from samverkansvav.scenarios.text import (
    basis_label,
    candidate_evidence,
    checklist,
    form_name,
    option_provider,
    party_label,
    status_label,
)

__all__ = ["HEADERS", "SHEETS", "header", "sheet_name", "scenario_tables", "localised_tables"]

#: Column headers by code: (Swedish, English).
HEADERS: dict[str, tuple[str, str]] = {
    "id": ("Id", "Id"),
    "arrangement": ("Samverkan", "Arrangement"),
    "form": ("Form", "Form"),
    "area": ("Område", "Area"),
    "status": ("Status", "Status"),
    "remaining": ("Kvarvarande", "Remaining"),
    "dependents": ("Beroende kommuner", "Dependent municipalities"),
    "new_host": ("Föreslagen ny värd", "Proposed new host"),
    "annual_cost": ("Årskostnad (kr)", "Annual cost (kr)"),
    "to_redistribute": ("Kostnad att fördela (kr)", "Cost to redistribute (kr)"),
    "notice": ("Uppsägningstid (mån)", "Notice (months)"),
    "earliest_end": ("Tidigaste slut", "Earliest end"),
    "kommunkod": ("Kommunkod", "Municipality code"),
    "kommun": ("Kommun", "Municipality"),
    "increase_kr": ("Ökning (kr)", "Increase (kr)"),
    "increase_pct": ("Ökning (%)", "Increase (%)"),
    "basis": ("Fördelning", "Split"),
    "rank": ("Rang", "Rank"),
    "score": ("Poäng", "Score"),
    "evidence": ("Underlag", "Evidence"),
    "former_provider": ("Tidigare utförare", "Former provider"),
    "staff": ("Personal", "Staff"),
    "partners_before": ("Partner före", "Partners before"),
    "partners_after": ("Partner efter", "Partners after"),
    "dependency_before": ("Beroendeandel före", "Dependency share before"),
    "dependency_after": ("Beroendeandel efter", "Dependency share after"),
    "hhi_before": ("Koncentration (HHI) före", "Concentration (HHI) before"),
    "hhi_after": ("Koncentration (HHI) efter", "Concentration (HHI) after"),
    "missing_after": ("Utförare saknas efter", "Provider missing after"),
    "metric": ("Mått", "Measure"),
    "before": ("Före", "Before"),
    "after": ("Efter", "After"),
    "topic": ("Ämne", "Topic"),
    "question": ("Fråga", "Question"),
    "reference": ("Hänvisning", "Reference"),
    "provider": ("Utförare", "Provider"),
    "members": ("Medlemmar", "Members"),
    "nearest_member": ("Närmaste medlem", "Nearest member"),
    "distance_km": ("Avstånd (km)", "Distance (km)"),
    "mean_km": ("Medelavstånd (km)", "Mean distance (km)"),
    "source": ("Källa", "Source"),
}

#: Sheet names by code: (Swedish, English).
SHEETS: dict[str, tuple[str, str]] = {
    "summary": ("Samverkan", "Arrangements"),
    "hosting": ("Värdskap", "Hosting"),
    "costs": ("Kostnadsfördelning", "Cost split"),
    "candidates": ("Värdkandidater", "Host candidates"),
    "rebuild": ("Att bygga upp", "To build up"),
    "dependents": ("Beroende kommuner", "Dependent municipalities"),
    "before_after": ("Före och efter", "Before and after"),
    "network": ("Nätverk", "Network"),
    "lost": ("Förlorar enda utförare", "Lose their only provider"),
    "checklist": ("Checklista", "Checklist"),
    "options": ("Att ansluta till", "Arrangements to join"),
    "hosts": ("Värdar i området", "Hosts in the area"),
}

#: The rows of the network table: (Swedish, English).
NETWORK_MEASURES: tuple[tuple[str, str], ...] = (
    ("Sammanhängande delar", "Connected groups"),
    ("Aktörer med samverkan", "Parties with cooperation"),
    ("Samverkan", "Arrangements"),
)


def header(code: str, lang: str) -> str:
    """A column header in ``lang``."""
    sv, en = HEADERS[code]
    return en if lang == "en" else sv


def sheet_name(code: str, lang: str) -> str:
    """A sheet name in ``lang``."""
    sv, en = SHEETS[code]
    return en if lang == "en" else sv


def _frame(rows: Iterable[dict[str, Any]], columns: Sequence[str], lang: str) -> pd.DataFrame:
    """Rows keyed by column code as a frame headed in ``lang`` (the columns even when empty)."""
    frame = pd.DataFrame(list(rows), columns=list(columns))
    return frame.rename(columns={c: header(c, lang) for c in columns})


def _arrangement_rows(result: Any, lang: str, members: str, extra: Sequence[str]) -> pd.DataFrame:
    """The one-row-per-arrangement summary shared by an exit and a host stop: ``members`` is
    the attribute listing who is left (``remaining`` / ``dependents``), ``extra`` the
    exit's cost columns."""
    columns = [
        "id",
        "arrangement",
        "form",
        "area",
        "status",
        members,
        "new_host",
        *extra,
        "notice",
        "earliest_end",
    ]
    rows = []
    for a in result.arrangements:
        row = {
            "id": a.id,
            "arrangement": a.name,
            "form": form_name(a.form, lang),
            "area": a.area,
            "status": status_label(a.status, lang),
            members: ", ".join(getattr(a, members)),
            "new_host": a.new_host_candidates[0].name if a.new_host_candidates else None,
            "notice": a.notice_months,
            "earliest_end": a.earliest_end,
        }
        if extra:
            row.update(annual_cost=a.annual_cost, to_redistribute=a.cost_to_redistribute)
        rows.append(row)
    return _frame(rows, columns, lang)


def _candidates(result: Any, lang: str) -> pd.DataFrame:
    rows = [
        {
            "arrangement": a.name,
            "rank": rank,
            "kommunkod": c.party_id,
            "kommun": c.name,
            "score": c.score,
            "evidence": " ".join(candidate_evidence(c, lang)),
        }
        for a in result.arrangements
        for rank, c in enumerate(a.new_host_candidates, start=1)
    ]
    return _frame(rows, ["arrangement", "rank", "kommunkod", "kommun", "score", "evidence"], lang)


def _checklist(result: Any, lang: str, *, host_stops: bool) -> pd.DataFrame:
    rows = [
        {
            "arrangement": a.name,
            "form": form_name(a.form, lang),
            "topic": item.topic,
            "question": item.question,
            "reference": item.reference,
        }
        for a in result.arrangements
        for item in checklist(a.form, host_leaves=host_stops or a.host_leaves, lang=lang)
    ]
    return _frame(rows, ["arrangement", "form", "topic", "question", "reference"], lang)


def _lost(result: Any, lang: str) -> pd.DataFrame:
    rows = [
        {
            "kommunkod": x.party_id,
            "kommun": x.name,
            "area": x.area,
            "former_provider": x.provider_name,
            "arrangement": ", ".join(x.arrangement_ids),
        }
        for x in result.lost_only_provider
    ]
    return _frame(rows, ["kommunkod", "kommun", "area", "former_provider", "arrangement"], lang)


def _before_after(result: Any, lang: str) -> pd.DataFrame:
    after = result.after.by_party()
    rows = [
        {
            "kommunkod": m.party_id,
            "kommun": m.name,
            "partners_before": m.n_partners,
            "partners_after": after[m.party_id].n_partners,
            "dependency_before": m.dependency_share,
            "dependency_after": after[m.party_id].dependency_share,
            "hhi_before": m.provider_hhi,
            "hhi_after": after[m.party_id].provider_hhi,
            "missing_after": after[m.party_id].n_missing_provider,
        }
        for m in result.before.municipalities
    ]
    columns = ["kommunkod", "kommun", "partners_before", "partners_after", "dependency_before"]
    columns += ["dependency_after", "hhi_before", "hhi_after", "missing_after"]
    return _frame(rows, columns, lang)


def _network(result: Any, lang: str) -> pd.DataFrame:
    before, after = result.before, result.after
    return pd.DataFrame(
        {
            header("metric", lang): [en if lang == "en" else sv for sv, en in NETWORK_MEASURES],
            header("before", lang): [before.n_components, before.n_parties, before.n_arrangements],
            header("after", lang): [after.n_components, after.n_parties, after.n_arrangements],
        }
    )


def _exit_tables(result: Any, lang: str) -> dict[str, pd.DataFrame]:
    costs = [
        {
            "arrangement": a.name,
            "kommunkod": i.party_id,
            "kommun": i.name,
            "increase_kr": i.kr,
            "increase_pct": i.percent,
            "basis": basis_label(i.basis, lang),
        }
        for a in result.arrangements
        for i in a.increase
    ]
    rebuild = [
        {
            "id": f.id,
            "arrangement": f.name,
            "area": f.area,
            "form": form_name(f.form, lang),
            "former_provider": party_label(f.provider, f.provider_name, lang),
            "notice": f.notice_months,
            "earliest_end": f.earliest_end,
            "staff": f.staff,
        }
        for f in result.functions_to_rebuild
    ]
    return {
        "summary": _arrangement_rows(result, lang, "remaining", ("annual_cost", "to_redistribute")),
        "costs": _frame(
            costs, ["arrangement", "kommunkod", "kommun", "increase_kr", "increase_pct", "basis"], lang
        ),
        "candidates": _candidates(result, lang),
        "rebuild": _frame(
            rebuild,
            ["id", "arrangement", "area", "form", "former_provider", "notice", "earliest_end", "staff"],
            lang,
        ),
        "before_after": _before_after(result, lang),
        "network": _network(result, lang),
        "lost": _lost(result, lang),
        "checklist": _checklist(result, lang, host_stops=False),
    }


def _host_tables(result: Any, lang: str) -> dict[str, pd.DataFrame]:
    losses = [
        {"kommunkod": d.party_id, "kommun": d.name, "arrangement": n, "area": area}
        for d in result.dependents
        for _, n, area in d.arrangements
    ]
    return {
        "hosting": _arrangement_rows(result, lang, "dependents", ()),
        "dependents": _frame(losses, ["kommunkod", "kommun", "arrangement", "area"], lang),
        "candidates": _candidates(result, lang),
        "lost": _lost(result, lang),
        "checklist": _checklist(result, lang, host_stops=True),
    }


def _join_tables(result: Any, lang: str) -> dict[str, pd.DataFrame]:
    options = [
        {
            "id": o.id,
            "arrangement": o.name,
            "form": form_name(o.form, lang),
            "provider": option_provider(o, lang),
            "members": ", ".join(o.members),
            "nearest_member": o.nearest_member,
            "distance_km": o.nearest_km,
            "mean_km": o.mean_km,
        }
        for o in result.options
    ]
    hosts = [
        {
            "kommunkod": h.party_id,
            "kommun": h.name,
            "arrangement": ", ".join(h.arrangement_ids),
            "distance_km": h.distance_km,
        }
        for h in result.hosts
    ]
    columns = ["id", "arrangement", "form", "provider", "members", "nearest_member", "distance_km", "mean_km"]
    return {
        "options": _frame(options, columns, lang),
        "hosts": _frame(hosts, ["kommunkod", "kommun", "arrangement", "distance_km"], lang),
    }


def scenario_tables(result: Any, lang: str = "sv") -> dict[str, pd.DataFrame]:
    """Every part of an exit, host-stop or join result as a table headed in ``lang``, by sheet code."""
    if hasattr(result, "options"):
        return _join_tables(result, lang)
    if hasattr(result, "host"):
        return _host_tables(result, lang)
    return _exit_tables(result, lang)


def localised_tables(result: Any, lang: str = "sv") -> dict[str, pd.DataFrame]:
    """:func:`scenario_tables` under sheet names in ``lang``."""
    return {sheet_name(code, lang): frame for code, frame in scenario_tables(result, lang).items()}
