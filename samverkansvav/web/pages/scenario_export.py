"""The scenario's Excel workbook as a reader gets it: a cover sheet, names, percentages, no empty sheets.

:func:`scenario_sheets` starts from the engine's tables (``result.tables()``,
Swedish headers, the same for the CLI) and makes them readable for someone who
opens the file without the app:

- a first sheet **Om rapporten**: the scenario in words, the municipality, the
  analysis date, when the file was made, the data sources behind the affected
  arrangements, and which parts had nothing to list;
- municipality and arrangement codes replaced by names (``Kvarvarande``,
  ``Medlemmar``, ``Samverkan`` lists, ``Närmaste medlem``); code columns dropped;
- shares as Excel percentages (0.5 is shown as 50,0 %), ``Ökning (%)`` too;
- graph jargon replaced ("Sammanhängande delar" → "Grupper av kommuner som
  hänger ihop genom samverkan");
- empty tables left out (named on the cover instead).

:func:`scenario_workbook` writes them through :func:`samverkansvav.export.workbook_bytes`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from samverkansvav.export import PERCENT, workbook_bytes

__all__ = ["COVER", "scenario_sheets", "scenario_workbook", "cover_frame"]

#: Name of the cover sheet.
COVER = "Om rapporten"
_CODE_COLUMNS = ("Id", "Kommunkod")
_GROUPS = "Grupper av kommuner som hänger ihop genom samverkan"
_PERCENT_COLUMNS = {
    "Kostnadsfördelning": ("Ökning (%)",),
    "Före och efter": ("Beroendeandel före", "Beroendeandel efter"),
}
_WRAP_COLUMNS = {COVER: ("Värde",), "Checklista": ("Fråga",)}


def _names(bundle: Any, ids: Any) -> str:
    return ", ".join(bundle.name(str(i)) for i in ids)


def _arrangement_names(bundle: Any, text: Any) -> str:
    """``"gn, av"`` (arrangement ids) → ``"GN IT, Lön"``."""
    names = bundle.arrangements["name"] if "name" in bundle.arrangements else pd.Series(dtype=object)
    parts = [p.strip() for p in str(text or "").split(",") if p.strip()]
    return ", ".join(str(names.get(p, p)) for p in parts)


def _kind_of(result: Any) -> str:
    if hasattr(result, "options"):
        return "ansluta"
    return "värd" if hasattr(result, "host") else "utträde"


def _scenario_text(result: Any) -> tuple[str, str]:
    kind = _kind_of(result)
    if kind == "ansluta":
        return (
            f"Ansluta: var kan {result.kommun_name} ansluta inom {result.area}?",
            f"{result.kommun_name} ({result.kommun})",
        )
    if kind == "värd":
        return (
            f"Värden upphör: {result.host_name} slutar utföra {len(result.arrangements)} samverkan",
            f"{result.host_name} ({result.host})",
        )
    return (
        f"Utträde: {result.kommun_name} lämnar {len(result.arrangements)} samverkan",
        f"{result.kommun_name} ({result.kommun})",
    )


def _affected_ids(result: Any) -> list[str]:
    if hasattr(result, "options"):
        return [o.id for o in result.options]
    return [a.id for a in result.arrangements]


def cover_frame(bundle: Any, result: Any, *, omitted: list[str], made: dt.date | None = None) -> pd.DataFrame:
    """The cover sheet: ``Uppgift`` and ``Värde`` rows (scenario, kommun, dates, sources, omitted parts)."""
    scenario, kommun = _scenario_text(result)
    on = getattr(result, "on", None) or bundle.on
    rows = [
        ("Scenario", scenario),
        ("Kommun", kommun),
        ("Analysdatum", on.isoformat()),
        ("Skapad", (made or dt.date.today()).isoformat()),
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
        rows.append(("Uppladdade register", ", ".join(reporters)))
    if sources:
        rows += [("Datakälla" if i == 0 else "", s) for i, s in enumerate(sources)]
    else:
        rows.append(("Datakälla", "Samverkansväv (inga källor angivna för de berörda samverkan)"))
    n_missing = int(affected["source"].isna().sum()) if "source" in affected else len(affected)
    if sources and n_missing:
        rows.append(("", f"{n_missing} av {len(affected)} berörda samverkan saknar angiven källa."))
    rows.append(("Tomma delar", ", ".join(omitted) + ": inga rader." if omitted else "inga"))
    rows.append(("Belopp och andelar", "Belopp i kronor per år; andelar i procent. Tom cell = okänt."))
    return pd.DataFrame(rows, columns=["Uppgift", "Värde"])


def _readable(bundle: Any, result: Any, name: str, frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    if name == "Samverkan" and "Kvarvarande" in frame:
        frame["Kvarvarande"] = [", ".join(a.remaining_names) for a in result.arrangements]
        if "source" in bundle.web_all.arrangements:
            sources = dict(zip(bundle.web_all.arrangements["id"], bundle.web_all.arrangements["source"]))
            found = [sources.get(a.id) for a in result.arrangements]
            if any(isinstance(v, str) and v.strip() for v in found):
                frame["Källa"] = found
    if name == "Värdskap" and "Beroende kommuner" in frame:
        frame["Beroende kommuner"] = [_names(bundle, a.dependents) for a in result.arrangements]
    if name == "Att ansluta till":
        frame["Medlemmar"] = [_names(bundle, o.members) for o in result.options]
        frame["Närmaste medlem"] = [
            bundle.name(o.nearest_member) if o.nearest_member else None for o in result.options
        ]
    if name in ("Förlorar enda utförare", "Värdar i området") and "Samverkan" in frame:
        frame["Samverkan"] = [_arrangement_names(bundle, v) for v in frame["Samverkan"]]
    if name == "Kostnadsfördelning" and "Ökning (%)" in frame:
        frame["Ökning (%)"] = [
            None if v is None or pd.isna(v) else float(v) / 100 for v in frame["Ökning (%)"]
        ]
    if name == "Nätverk" and "Mått" in frame:
        frame["Mått"] = [_GROUPS if m == "Sammanhängande delar" else m for m in frame["Mått"]]
    return frame.drop(columns=[c for c in _CODE_COLUMNS if c in frame.columns])


def scenario_sheets(
    bundle: Any, result: Any, *, made: dt.date | None = None
) -> tuple[dict[str, pd.DataFrame], dict[str, dict[str, str]]]:
    """The workbook's sheets (cover first, empty parts left out) and their number formats."""
    sheets: dict[str, pd.DataFrame] = {}
    omitted: list[str] = []
    for name, frame in result.tables().items():
        if frame.empty:
            omitted.append(name)
            continue
        sheets[name] = _readable(bundle, result, name, frame)
    formats = {name: {c: PERCENT for c in cols} for name, cols in _PERCENT_COLUMNS.items() if name in sheets}
    return {COVER: cover_frame(bundle, result, omitted=omitted, made=made), **sheets}, formats


def scenario_workbook(bundle: Any, result: Any, *, made: dt.date | None = None) -> bytes:
    """The scenario as ``.xlsx`` bytes (see the module docstring)."""
    sheets, formats = scenario_sheets(bundle, result, made=made)
    return workbook_bytes(sheets, number_formats=formats, wrap_columns=_WRAP_COLUMNS)
