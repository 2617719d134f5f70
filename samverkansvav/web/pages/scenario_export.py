"""The scenario's Excel workbook as a reader gets it: a cover sheet, names, percentages, no empty sheets.

:func:`scenario_sheets` starts from the engine's tables
(:func:`samverkansvav.scenarios.tables.scenario_tables`, the same tables the CLI's
``tables()`` gives, headed in the page's language) and makes them readable for
someone who opens the file without the app:

- a first sheet **Om rapporten** (*About the report*): the scenario in words, the
  municipality, the analysis date, when the file was made, the data sources behind
  the affected arrangements, and which parts had nothing to list;
- municipality and arrangement codes replaced by names (remaining members,
  members, lists of arrangements, the nearest member); code columns dropped;
- shares as Excel percentages (0.5 is shown as 50,0 %), the increase in per cent too;
- graph jargon replaced ("Sammanhängande delar" → "Grupper av kommuner som
  hänger ihop genom samverkan");
- empty tables left out (named on the cover instead).

Every word comes from :mod:`samverkansvav.scenarios.text` and
:mod:`samverkansvav.scenarios.tables`, in Swedish or English.
:func:`scenario_workbook` writes the sheets through
:func:`samverkansvav.export.workbook_bytes`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from samverkansvav.export import PERCENT, workbook_bytes
from samverkansvav.scenarios.tables import header, scenario_tables, sheet_name
from samverkansvav.scenarios.text import counted, phrase

__all__ = ["COVER", "scenario_sheets", "scenario_workbook", "cover_frame"]

#: Name of the cover sheet (in Swedish; :func:`cover_name` gives it in any language).
COVER = "Om rapporten"
_CODE_COLUMNS = ("id", "kommunkod")
_PERCENT_COLUMNS = {"costs": ("increase_pct",), "before_after": ("dependency_before", "dependency_after")}


def cover_name(lang: str) -> str:
    """The cover sheet's name in ``lang``."""
    return phrase("cover.name", lang)


def _names(bundle: Any, ids: Any) -> str:
    return ", ".join(bundle.name(str(i)) for i in ids)


def _arrangement_names(bundle: Any, text: Any) -> str:
    """``"gn, av"`` (arrangement ids) → ``"GN IT, Lön"``."""
    names = bundle.arrangements["name"] if "name" in bundle.arrangements else pd.Series(dtype=object)
    parts = [p.strip() for p in str(text or "").split(",") if p.strip()]
    return ", ".join(str(names.get(p, p)) for p in parts)


def _scenario_text(result: Any, lang: str) -> tuple[str, str]:
    if hasattr(result, "options"):
        return (
            phrase("cover.join", lang, name=result.kommun_name, area=result.area),
            f"{result.kommun_name} ({result.kommun})",
        )
    arrangements = counted("n_arrangements", len(result.arrangements), lang)
    if hasattr(result, "host"):
        return (
            phrase("cover.host", lang, name=result.host_name, arrangements=arrangements),
            f"{result.host_name} ({result.host})",
        )
    return (
        phrase("cover.exit", lang, name=result.kommun_name, arrangements=arrangements),
        f"{result.kommun_name} ({result.kommun})",
    )


def _affected_ids(result: Any) -> list[str]:
    if hasattr(result, "options"):
        return [o.id for o in result.options]
    return [a.id for a in result.arrangements]


def cover_frame(
    bundle: Any, result: Any, *, omitted: list[str], made: dt.date | None = None, lang: str = "sv"
) -> pd.DataFrame:
    """The cover sheet: item and value rows (scenario, kommun, dates, sources, omitted parts)."""
    scenario, kommun = _scenario_text(result, lang)
    on = getattr(result, "on", None) or bundle.on
    rows = [
        (phrase("cover.scenario", lang), scenario),
        (phrase("cover.kommun", lang), kommun),
        (phrase("cover.on", lang), on.isoformat()),
        (phrase("cover.made", lang), (made or dt.date.today()).isoformat()),
    ]
    arr = bundle.web_all.arrangements
    affected = arr[arr["id"].isin(_affected_ids(result))]
    sources = sorted(
        {str(s).strip() for s in affected.get("source", pd.Series(dtype=object)).dropna() if str(s).strip()}
    )
    reporters = sorted(
        {
            bundle.name(str(r))
            for r in affected.get("reported_by", pd.Series(dtype=object)).dropna()
            if str(r).strip()
        }
    )
    if reporters:
        rows.append((phrase("cover.reporters", lang), ", ".join(reporters)))
    source = phrase("cover.source", lang)
    if sources:
        rows += [(source if i == 0 else "", s) for i, s in enumerate(sources)]
    else:
        rows.append((source, phrase("cover.no_sources", lang)))
    n_missing = int(affected["source"].isna().sum()) if "source" in affected else len(affected)
    if sources and n_missing:
        rows.append(("", phrase("cover.missing_sources", lang, n=n_missing, total=len(affected))))
    empty = phrase("cover.empty_parts", lang, parts=", ".join(omitted)) if omitted else phrase("none", lang)
    rows.append((phrase("cover.empty", lang), empty))
    rows.append((phrase("cover.amounts", lang), phrase("cover.amounts_text", lang)))
    return pd.DataFrame(rows, columns=[phrase("cover.item", lang), phrase("cover.value", lang)])


def _readable(bundle: Any, result: Any, code: str, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    frame = frame.copy()

    def column(name: str) -> str:
        return header(name, lang)

    if code == "summary":
        frame[column("remaining")] = [", ".join(a.remaining_names) for a in result.arrangements]
        if "source" in bundle.web_all.arrangements:
            sources = dict(zip(bundle.web_all.arrangements["id"], bundle.web_all.arrangements["source"]))
            found = [sources.get(a.id) for a in result.arrangements]
            if any(isinstance(v, str) and v.strip() for v in found):
                frame[column("source")] = found
    if code == "hosting":
        frame[column("dependents")] = [_names(bundle, a.dependents) for a in result.arrangements]
    if code == "options":
        frame[column("members")] = [_names(bundle, o.members) for o in result.options]
        frame[column("nearest_member")] = [
            bundle.name(o.nearest_member) if o.nearest_member else None for o in result.options
        ]
    if code in ("lost", "hosts"):
        frame[column("arrangement")] = [_arrangement_names(bundle, v) for v in frame[column("arrangement")]]
    if code == "costs":
        pct = column("increase_pct")
        frame[pct] = [None if v is None or pd.isna(v) else float(v) / 100 for v in frame[pct]]
    if code == "network":
        first = frame.columns[0]
        frame[first] = [phrase("cover.groups", lang) if i == 0 else m for i, m in enumerate(frame[first])]
    codes = [column(c) for c in _CODE_COLUMNS]
    return frame.drop(columns=[c for c in codes if c in frame.columns])


def scenario_sheets(
    bundle: Any, result: Any, *, made: dt.date | None = None, lang: str = "sv"
) -> tuple[dict[str, pd.DataFrame], dict[str, dict[str, str]]]:
    """The workbook's sheets in ``lang`` (cover first, empty parts left out) and their number formats."""
    sheets: dict[str, pd.DataFrame] = {}
    omitted: list[str] = []
    formats: dict[str, dict[str, str]] = {}
    for code, frame in scenario_tables(result, lang).items():
        name = sheet_name(code, lang)
        if frame.empty:
            omitted.append(name)
            continue
        sheets[name] = _readable(bundle, result, code, frame, lang)
        if code in _PERCENT_COLUMNS:
            formats[name] = {header(c, lang): PERCENT for c in _PERCENT_COLUMNS[code]}
    cover = cover_frame(bundle, result, omitted=omitted, made=made, lang=lang)
    return {cover_name(lang): cover, **sheets}, formats


def scenario_workbook(bundle: Any, result: Any, *, made: dt.date | None = None, lang: str = "sv") -> bytes:
    """The scenario as ``.xlsx`` bytes in ``lang`` (see the module docstring)."""
    sheets, formats = scenario_sheets(bundle, result, made=made, lang=lang)
    wrap = {
        cover_name(lang): (phrase("cover.value", lang),),
        sheet_name("checklist", lang): (header("question", lang),),
    }
    return workbook_bytes(sheets, number_formats=formats, wrap_columns=wrap)
