"""Extract: from a sheet of cells to a clean table of fields.

Choose the sheet and its header row, map each header to a field (by its variants, or
by its words), fill merged ranges, find the reporting kommun above the header, and
clean the cells below it. Everything here works on a :class:`RawSheet` (a frame of
cells) and reports through a :class:`Collector`; nothing is interpreted as a date,
amount or party yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from samverkansvav.ingest.cells import (
    Collector,
    blank_codes,
    cell_ref,
    cell_text,
    column_letter,
    factorize_cells,
    object_array,
    short_text,
    spread_distinct,
)
from samverkansvav.ingest.headers import (
    FIELD_LABELS,
    LIST_FIELDS,
    LONG_FIELDS,
    field_by_meaning,
    find_header_row,
    header_unit,
    looks_like_cost,
    match_header,
)
from samverkansvav.ingest.limits import limits
from samverkansvav.ingest.readers import RawSheet
from samverkansvav.ingest.values import CONTROL_CHARACTERS, clean_text, norm_key
from samverkansvav.reference.name_cache import NameCache
from samverkansvav.report import ERROR, INFO, WARNING

__all__ = [
    "Columns",
    "ERROR_VALUES",
    "SIDE_SHEETS",
    "TOTAL_WORDS",
    "choose_sheet",
    "drop_total_rows",
    "file_reporter",
    "fill_merged",
    "map_headers",
    "prepare_table",
    "report_unknown",
]

#: Excel's error values: a cell holding one is an error of its own.
ERROR_VALUES = frozenset(
    {
        "#REF!",
        "#N/A",
        "#VALUE!",
        "#DIV/0!",
        "#NAME?",
        "#NUM!",
        "#NULL!",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
        "#FIELD!",
        "#BLOCKED!",
    }
)
#: First words of a row that sums a column ("Totalt", "Summa").
TOTAL_WORDS = ("totalt", "summa", "total", "sum", "totalsumma")
#: Sheets that accompany a register and are never the register itself.
SIDE_SHEETS = {"medlemskap", "listor", "instruktioner", "lists", "vardelistor"}


@dataclass
class Columns:
    """Where each field is in a sheet and what its header says."""

    index: dict[str, int] = field(default_factory=dict)
    label: dict[str, str] = field(default_factory=dict)
    factor: dict[str, float] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    #: Fields two headers could both be by their words (an error has said so).
    ambiguous: set[str] = field(default_factory=set)


def choose_sheet(source: Any) -> tuple[str | None, int | None]:
    """The sheet holding the register and its header row (``None`` when no header is found).

    A sheet named Samverkan wins; else the visible sheet with the best header, side
    sheets (Medlemskap, Listor, Instruktioner) aside.
    """
    sheets = source.sheets()
    if len(sheets) == 1 and sheets[0][0] is None:
        head = source.head(None)
        return None, find_header_row(head)[0]
    named = [n for n, _ in sheets if norm_key(n) == "samverkan"]
    if named:
        return named[0], find_header_row(source.head(named[0]))[0]
    best: tuple | None = None
    for position, (name, hidden) in enumerate(sheets):
        if norm_key(name) in SIDE_SHEETS:
            continue
        index, score = find_header_row(source.head(name))
        if index is None:
            continue
        # Visible sheets win over hidden ones; then the better header; then order.
        rank = (not hidden, score, -position)
        if best is None or rank > best[0]:
            best = (rank, name, index)
    if best is None:
        return (sheets[0][0] if sheets else None), None
    return best[1], best[2]


def map_headers(
    raw: RawSheet,
    header_row: int,
    out: Collector,
    *,
    report_unknown: bool = True,
    meanings: frozenset[str] | None = None,
) -> Columns:
    """Which field each header names (``meanings``: the fields headers may also be read as
    by their words; default all)."""
    cols = Columns()
    frame = raw.frame
    years: dict[str, int | None] = {}
    unknown: list[str] = []
    cells = frame.iloc[header_row].tolist() if len(frame) > header_row else []
    unknown_at: list[tuple[int, str]] = []
    for j, cell in enumerate(cells):
        text, _ = clean_text(cell_text(cell))
        letter = column_letter(j + 1)
        if not text:
            body = frame.iloc[header_row + 1 :, j]
            if (body.notna() & body.ne("")).any():
                out.add(
                    WARNING,
                    "blank_header",
                    f"Kolumn {letter} har värden men ingen rubrik och läses inte.",
                    "Skriv en rubrik från mallen i rubrikraden, eller ta bort kolumnen.",
                    row=header_row + 1,
                    column=letter,
                )
            continue
        match = match_header(text)
        if match.field is None:
            unknown_at.append((j, text))
            continue
        if match.field in cols.index:
            previous = cols.label[match.field]
            if match.field == "annual_cost" and match.year and years.get("annual_cost"):
                if match.year > (years["annual_cost"] or 0):
                    cols.index[match.field], cols.label[match.field] = j, text
                    cols.factor[match.field] = match.factor
                    years["annual_cost"] = match.year
                out.add(
                    INFO,
                    "several_cost_years",
                    f"Flera kostnadskolumner ('{previous}' och '{text}'); den senaste årets kolumn används.",
                    row=header_row + 1,
                    column=text,
                )
                continue
            out.add(
                ERROR,
                "duplicate_header",
                f"Kolumnerna '{previous}' och '{text}' betyder samma sak; det går inte att veta vilken som gäller.",
                "Ta bort eller byt namn på den ena kolumnen.",
                row=header_row + 1,
                column=text,
            )
            continue
        cols.index[match.field] = j
        cols.label[match.field] = text
        cols.factor[match.field] = match.factor
        years[match.field] = match.year
    settled = _map_by_meaning(cols, unknown_at, out, row=header_row + 1, meanings=meanings)
    unknown = [text for j, text in unknown_at if j not in settled]
    cols.unknown = unknown
    if unknown and report_unknown:
        report_unknown(out, unknown, row=header_row + 1, cost_label=cols.label.get("annual_cost"))
    return cols


def _map_by_meaning(
    cols: Columns,
    unknown_at: list[tuple[int, str]],
    out: Collector,
    *,
    row: int,
    meanings: frozenset[str] | None = None,
) -> set[int]:
    """Read headers no variant matched by their words ("Samverkande kommuner" → members).

    Only where no header matched the field exactly (a long form's member column also
    rules out a members list). One candidate is used, with an info; two candidates for
    the members are an error naming both, two cost columns a warning naming both
    (unless their years tell the latest). Returns the column positions settled here.
    """
    candidates: dict[str, list[tuple[int, str]]] = {}
    for j, text in unknown_at:
        fld = field_by_meaning(text)
        if fld is not None and (meanings is None or fld in meanings):
            candidates.setdefault(fld, []).append((j, text))
    settled: set[int] = set()
    present = set(cols.index)
    for fld, found in candidates.items():
        if fld in present or (fld in LIST_FIELDS and LONG_FIELDS & present):
            continue
        label = FIELD_LABELS.get(fld, fld)
        if len(found) > 1:
            years = [header_unit(text)[1] for _, text in found]
            if fld == "annual_cost" and None not in years and len(set(years)) == len(years):
                found = [max(zip(years, found))[1]]
                out.add(
                    INFO,
                    "several_cost_years",
                    f"Flera kostnadskolumner ({', '.join(repr(t) for _, t in sorted(candidates[fld]))}); "
                    f"den senaste årets kolumn '{found[0][1]}' används.",
                    row=row,
                    column=found[0][1],
                )
            else:
                names = " och ".join(f"'{text}'" for _, text in found)
                if fld in LIST_FIELDS:
                    cols.ambiguous.add(fld)
                    out.add(
                        ERROR,
                        "ambiguous_header",
                        f"Kolumnerna {names} kan båda vara kolumnen {label}; det går inte att veta vilken "
                        "som gäller.",
                        f"Döp om den kolumn som ska läsas till {label}, eller ta bort den andra.",
                        row=row,
                        column=found[0][1],
                    )
                else:
                    out.add(
                        WARNING,
                        "ambiguous_header",
                        f"Kolumnerna {names} ser båda ut att vara {label}; ingen av dem läses.",
                        f"Döp om den kolumn som ska läsas till {label}.",
                        row=row,
                        column=found[0][1],
                    )
                settled.update(j for j, _ in found)
                continue
        j, text = found[0]
        cols.index[fld], cols.label[fld] = j, text
        cols.factor[fld] = header_unit(text)[0]
        settled.update(j for j, _ in candidates[fld])
        out.add(
            INFO,
            "header_by_meaning",
            f"Kolumnen '{text}' läses som {label} efter orden i rubriken.",
            f"Inget att göra om det stämmer; döp annars om kolumnen (mallens rubrik är {label}).",
            row=row,
            column=text,
        )
    return settled


def report_unknown(
    out: Collector, unknown: list[str], *, row: int, host_gap: bool = False, cost_label: str | None = None
) -> None:
    """The headers that were not understood: an info, or a warning when the missing
    host column is probably among them (every row would otherwise just say "no host").

    A header that speaks of money is a warning of its own, naming it: otherwise its
    costs would silently not be read.
    """
    for text in [u for u in unknown if looks_like_cost(u)]:
        why = f", eftersom kolumnen '{cost_label}' redan läses som årskostnad" if cost_label else ""
        out.add(
            WARNING,
            "unread_cost_column",
            f"Kolumnen '{text}' ser ut att innehålla kostnader men läses inte{why}; dess belopp kommer inte med.",
            "Döp om kolumnen till Årskostnad (kr) om den anger kommunens årskostnad, annars kan den tas bort.",
            row=row,
            column=text,
        )
    unknown = [u for u in unknown if not looks_like_cost(u)]
    if not unknown:
        return
    names = ", ".join(f"'{u}'" for u in unknown)
    if host_gap:
        out.add(
            WARNING,
            "unknown_columns",
            f"Ingen kolumn för värdkommun känns igen, och kolumnerna {names} förstås inte och läses inte. "
            "Därför saknas värdkommun på raderna nedan.",
            "Döp om värdkommunens kolumn till Värdkommun (eller Huvudman, Utförare) så läses den.",
            row=row,
        )
    else:
        out.add(
            INFO,
            "unknown_columns",
            f"Kolumner som inte känns igen och inte läses: {names}.",
            "Byt rubrik till mallens namn om kolumnen ska läsas in.",
            row=row,
        )


def fill_merged(raw: RawSheet, header_row: int, out: Collector) -> None:
    """Fill merged ranges below the header explicitly.

    Excel keeps a merged range's value in its top-left cell only. A range within one
    column ("Värdkommun" merged over three rows) means that value for every row, so it
    is copied into the empty cells and the user is told. A range across columns cannot
    be read as a value per field: it stays as it is and is a warning.
    """
    frame = raw.frame
    for rng in raw.merged:
        first, _, last = rng.partition(":")
        try:
            (r0, c0), (r1, c1) = cell_ref(first), cell_ref(last or first)
        except ValueError:
            continue
        if r0 <= header_row or (r0 == r1 and c0 == c1):
            continue  # banners and headers above the data are not data
        if c0 != c1:
            out.add(
                WARNING,
                "merged_cells",
                f"Sammanfogade celler {rng} över flera kolumner: bara den första cellen har ett värde, "
                "övriga läses som tomma.",
                "Dela upp sammanfogningen och fyll i värdet i varje cell.",
                row=r0 + 1,
            )
            continue
        if c0 >= frame.shape[1] or r0 >= len(frame):
            continue
        value = frame.iat[r0, c0]
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        end = min(r1, len(frame) - 1)
        filled = 0
        for r in range(r0 + 1, end + 1):
            cell = frame.iat[r, c0]
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                frame.iat[r, c0] = value
                filled += 1
        if filled:
            header = cell_text(frame.iat[header_row, c0]).strip() if header_row < len(frame) else ""
            out.add(
                INFO,
                "merged_cells",
                f"Sammanfogade celler {rng}: värdet '{short_text(value)}' i den första cellen gäller för alla "
                f"{r1 - r0 + 1} rader och har fyllts i på raderna {r0 + 2}–{end + 1}.",
                "Kontrollera att värdet gäller alla raderna; dela annars upp sammanfogningen.",
                row=r0 + 1,
                column=header or column_letter(c0 + 1),
            )


def file_reporter(
    raw: RawSheet, header_row: int, *, given: str | None, names: NameCache, out: Collector
) -> str | None:
    """The reporting kommun: ``given`` (upload form, ``--reporter``), else a
    "Rapporterande kommun: Ale" cell above the header, else a banner naming one kommun."""
    text = given
    if not text:
        # "Rapporterande kommun: Ale" above the header.
        for r in range(min(header_row, 10)):
            row = raw.frame.iloc[r].tolist()
            for j, cell in enumerate(row):
                if match_header(cell_text(cell).rstrip(": ")).field == "reporter":
                    rest = [cell_text(c) for c in row[j + 1 :] if cell_text(c).strip()]
                    if rest:
                        text = rest[0]
                    break
    if not text:
        return _banner_reporter(raw, header_row, names=names, out=out)
    hit = names.resolve(str(text))
    if hit.party_id is None:
        out.add(
            ERROR,
            "unknown_reporter",
            f"Rapporterande kommun '{text}' känns inte igen."
            + (f" Menade du {', '.join(hit.suggestions)}?" if hit.suggestions else ""),
            "Ange kommunens namn eller kommunkod.",
        )
    return hit.party_id


def _banner_reporter(raw: RawSheet, header_row: int, *, names: NameCache, out: Collector) -> str | None:
    """A title above the header naming exactly one kommun ("Avtalsregister
    samverkan 2024 – Vännäs kommun") gives the reporting kommun."""
    parties = names.parties
    if header_row <= 0 or "kind" not in parties.columns:
        return None
    texts = [
        (r + 1, cell.strip())
        for r in range(min(header_row, 10))
        for cell in raw.frame.iloc[r].tolist()
        if isinstance(cell, str) and cell.strip()
    ]
    if not texts:
        return None
    kommuner = [str(pid) for pid, kind in zip(parties["id"], parties["kind"]) if kind == "kommun"]
    found: dict[str, tuple[int, str]] = {}
    for row, text in texts:
        for pid in names.resolver.named_in(text, kommuner, with_suffix=True):
            found.setdefault(pid, (row, text))
    if len(found) != 1:
        return None
    pid, (row, text) = next(iter(found.items()))
    out.add(
        INFO,
        "reporter_from_banner",
        f"Rapporterande kommun är inte angiven; {names.name_of(pid)} används eftersom "
        f"rubriken '{short_text(text)}' (rad {row}) nämner den.",
        "Ange rapporterande kommun vid uppladdningen (eller --reporter) om det är fel kommun.",
    )
    return pid


def prepare_table(
    raw: RawSheet,
    header_row: int,
    cols: Columns,
    out: Collector,
    *,
    max_rows: int,
    codes: dict[str, tuple[np.ndarray, Any]] | None = None,
) -> pd.DataFrame | None:
    """The rows below the header as clean cells, one column per field, with ``_row``
    (the Excel row). Blank and total rows are dropped; error values, overlong cells
    and formulas without a value are errors; ``None`` when no row remains or too many do.

    ``codes``, when given, receives each field's ``factorize_cells`` of its cleaned
    column, derived from the factorisation the cleaning made: the layers above
    read the codes instead of factorising the same column again.
    """
    used = sorted(cols.index.items(), key=lambda kv: kv[1])
    body = raw.frame.iloc[header_row + 1 :, [j for _, j in used]]
    body.columns = [f for f, _ in used]
    # Each column is factorised once here; when no row is dropped below (the usual
    # case) the same codes serve the cleaning loop.
    factorised = {fld: factorize_cells(body[fld]) for fld, _ in used}
    n_read = len(body)
    blank = np.logical_and.reduce([blank_codes(*factorised[fld]) for fld, _ in used])
    if blank.any():
        body = body.loc[~blank]
        factorised = {}
    body = drop_total_rows(raw, body, out, factorised)
    if len(body) != n_read:
        factorised = {}
    if len(body) > max_rows:
        out.add(
            ERROR,
            "too_many_rows",
            f"Registret har {len(body)} rader; gränsen är {max_rows}.",
            "Dela upp registret i flera filer.",
        )
        return None
    if body.empty:
        out.add(ERROR, "no_rows", "Registret har rubriker men inga rader.", "Fyll i minst ett arrangemang.")
        return None
    row_numbers = body.index.to_numpy() + 1
    rows = row_numbers.tolist()
    columns: dict[str, Any] = {"_row": rows}
    for fld, j in used:
        raw_codes, uniques = factorised.get(fld) or factorize_cells(body[fld])
        columns[fld], cleaned_uniques = _clean_column(
            raw_codes, uniques, rows, out, label=cols.label[fld], column=j, missing=raw.missing_formulas
        )
        if codes is not None:
            codes[fld] = _cleaned_codes(raw_codes, uniques, cleaned_uniques)
    return pd.DataFrame(columns, index=body.index)


def _cleaned_codes(
    raw_codes: np.ndarray, raw_uniques: np.ndarray, cleaned_uniques: np.ndarray
) -> tuple[np.ndarray, Any]:
    """``pd.factorize`` of the cleaned column, from the raw column's codes.

    Cleaning maps each distinct raw value to one cleaned value, so the cleaned
    column's distinct values are those of the cleaned uniques: factorising them
    (in first-appearance order, as the column's own rows give it) and following
    each raw code there gives the same codes and uniques, blank cells as -1.
    """
    if cleaned_uniques[:-1].tolist() == raw_uniques.tolist():
        # Nothing was changed (the usual case): the raw codes are the cleaned ones.
        return raw_codes, cleaned_uniques[:-1]
    unique_codes, uniques = pd.factorize(cleaned_uniques, use_na_sentinel=True)
    # The last cleaned value stands for the raw column's blank cells (code -1).
    return unique_codes[np.where(raw_codes < 0, len(unique_codes) - 1, raw_codes)], uniques


def drop_total_rows(
    raw: RawSheet, body: pd.DataFrame, out: Collector, factorised: dict[str, tuple] | None = None
) -> pd.DataFrame:
    """Drop "Totalt"/"Summa" rows: the first text in the row (any column, read or
    not) starts with a total word and the row names no form and no member.

    Such rows sum a cost column; they describe no arrangement, so they are skipped
    with one info rather than reported as a nameless arrangement.
    """
    structural = [f for f in ("form", "members", "member", "member_code") if f in body.columns]
    if body.empty:
        return body
    if structural:
        factorised = factorised or {}
        empty = np.logical_and.reduce(
            [blank_codes(*(factorised.get(fld) or factorize_cells(body[fld]))) for fld in structural]
        )
        candidates = body.index[empty]
    else:
        candidates = body.index
    totals: list[tuple[int, str]] = []
    for idx in candidates:
        first = next((c for c in raw.frame.loc[idx].tolist() if isinstance(c, str) and c.strip()), None)
        if first is not None and norm_key(first).split(" ")[0] in TOTAL_WORDS:
            totals.append((idx, first.strip()))
    if not totals:
        return body
    shown = ", ".join(f"rad {idx + 1} ('{short_text(text)}')" for idx, text in totals[:10])
    out.add(
        INFO,
        "total_row",
        f"Summeringsrader hoppades över: {shown}{' …' if len(totals) > 10 else ''}.",
        "Inget att göra; en summa beskriver inget samverkansarrangemang.",
    )
    return body.drop(index=[idx for idx, _ in totals])


def _clean_column(
    codes: np.ndarray,
    uniques: Any,
    rows: list[int],
    out: Collector,
    *,
    label: str,
    column: int,
    missing: set[tuple[int, int]],
) -> tuple[np.ndarray, np.ndarray]:
    """One column's cells cleaned (each distinct value once): stripped, control
    characters removed (an info), error values blank (an error each), with errors for
    overlong cells and formulas without a cached value. ``column`` is 0-based.

    Also returns the cleaned value of each raw distinct value, then ``None`` for blank cells.
    """
    uniques = uniques.tolist()
    all_text = set(map(type, uniques)) <= {str}
    texts = uniques if all_text else [u for u in uniques if isinstance(u, str)]
    if CONTROL_CHARACTERS.search("\n".join(texts)) is None:
        # No control characters anywhere (the usual case): cleaning is a strip.
        if all_text:
            cleaned_values = list(map(str.strip, uniques))
        else:
            cleaned_values = [u.strip() if isinstance(u, str) else u for u in uniques]
        changed = []
        # Only text can be an error value, and here the cleaned text is u.strip().
        errors = (
            []
            if ERROR_VALUES.isdisjoint(cleaned_values)
            else [k for k, v in enumerate(cleaned_values) if isinstance(v, str) and v in ERROR_VALUES]
        )
    else:
        cleaned = [clean_text(u) for u in uniques]
        cleaned_values = [c[0] for c in cleaned]
        changed = [k for k, c in enumerate(cleaned) if c[1]]
        errors = [k for k, u in enumerate(uniques) if isinstance(u, str) and u.strip() in ERROR_VALUES]
    values_u = np.empty(len(uniques) + 1, dtype=object)
    values_u[: len(uniques)] = object_array(cleaned_values)
    values_u[len(uniques)] = None
    cell_limit = limits().cell  # limits.py: the setting, never above Excel's MAX_CELL_CHARS
    too_long = (
        [k for k, u in enumerate(uniques) if isinstance(u, str) and len(u) > cell_limit]
        if texts and max(map(len, texts)) > cell_limit
        else []
    )
    for k in errors:
        values_u[k] = None
    safe_codes = np.where(codes < 0, len(uniques), codes)
    cleaned_column = spread_distinct(values_u, safe_codes)
    if changed:
        bad = np.flatnonzero(np.isin(codes, changed))
        shown = ", ".join(str(rows[p]) for p in bad[:5]) + (" …" if len(bad) > 5 else "")
        out.add(
            INFO,
            "control_characters",
            f"Osynliga styrtecken togs bort ur {len(bad)} celler (rad {shown}).",
            "Inget att göra; tecknen hade stört export till Excel.",
            column=label,
        )
    for k in errors:
        for p in np.flatnonzero(codes == k):
            out.add(
                ERROR,
                "cell_error",
                f"Cellen innehåller felvärdet {uniques[k]} från en formel.",
                "Rätta formeln eller skriv in värdet.",
                row=rows[p],
                column=label,
            )
    for k in too_long:
        for p in np.flatnonzero(codes == k):
            out.add(
                ERROR,
                "cell_too_long",
                f"Cellen har fler än {cell_limit} tecken.",
                "Korta texten.",
                row=rows[p],
                column=label,
            )
    if missing:
        for row in rows:
            if (row, column + 1) in missing:
                out.add(
                    ERROR,
                    "formula_without_value",
                    "Cellen har en formel utan beräknat värde (filen är inte sparad i Excel).",
                    "Öppna filen i Excel, låt den räkna om och spara, eller skriv in värdet.",
                    row=row,
                    column=label,
                )
    return cleaned_column, values_u
