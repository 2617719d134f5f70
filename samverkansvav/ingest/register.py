"""Read one register file into a checked :class:`~samverkansvav.model.CooperationWeb`.

The flow is: sniff the container → pick the sheet and the header row → map headers to
fields → clean cells → normalise values (each distinct value once) → build
arrangements and memberships → run the checks → report. Every problem is collected
with file, sheet, Excel row and the column header as written; a file with any error
yields no web (``RegisterResult.web is None``).

Two layouts are recognised from the headers:

- wide: one row per arrangement, members listed in one cell (``Medlemmar``), with an
  optional ``Medlemskap`` sheet giving shares and costs per member;
- long: one row per arrangement × member (``medlem_kommunkod`` / ``medlem_namn``), as
  in the real data set.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from samverkansvav.ingest.checks import FOLLOW_UP_FIELDS, arrangement_findings, samordningsforbund_findings
from samverkansvav.ingest.container import UnreadableFile, sniff
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
from samverkansvav.ingest.limits import limits, names_too_long
from samverkansvav.ingest.readers import CsvSource, RawSheet
from samverkansvav.ingest.values import (
    _CONTROL,
    accepted_forms_text,
    clean_text,
    end_from_note,
    is_open_ended,
    norm_key,
    normalise_areas,
    normalise_form,
    normalise_role,
    normalise_status,
    parse_amount,
    parse_date,
    parse_months,
    parse_share,
    slugify,
    year_from_number,
)
from samverkansvav.ingest.workbook import open_workbook
from samverkansvav.model import (
    AREA_SEPARATOR,
    ARRANGEMENT_COLUMNS,
    ENTITY_FORMS,
    MEMBERSHIP_COLUMNS,
    CooperationWeb,
)
from samverkansvav.reference.names import Resolution as _Resolution
from samverkansvav.reference.names import is_collective_term
from samverkansvav.report import ERROR, INFO, WARNING, Issue, Report

__all__ = [
    "RegisterResult",
    "read_register",
    "read_register_bytes",
    "MAX_LISTED_ISSUES",
    "MAX_COLUMNS",
    "MAX_CELL_CHARS",
    "default_parties",
    "cap_issues",
    "ProgressCallback",
    "PROGRESS_STAGES",
]

MAX_LISTED_ISSUES = 1000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 32_767
_ERROR_VALUES = frozenset(
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
_TOTAL_WORDS = ("totalt", "summa", "total", "sum", "totalsumma")
_SIDE_SHEETS = {"medlemskap", "listor", "instruktioner", "lists", "vardelistor"}

#: ``progress(stage, fraction)``: told where reading a register has come (fraction 0..1).
ProgressCallback = Callable[[str, float], None]

# The stages a progress callback hears, in order, with the fraction reached at each.
# Fractions are rough shares of the time a large file takes (reading the rows
# dominates for workbooks); an early stop (no header, too many rows) jumps to "Klar".
_STAGE_OPENED = ("Filen öppnad", 0.05)
_STAGE_READING = "Läser rader"  # 0.05 → 0.70 while a workbook's rows are read
_STAGE_ROWS = ("Rader inlästa", 0.72)
_STAGE_HEADERS = ("Rubriker tolkade", 0.74)
_STAGE_VALUES = ("Värden tolkade", 0.80)
_STAGE_MEMBERS = ("Medlemmar matchade", 0.90)
_STAGE_CHECKS = ("Kontroller klara", 0.97)
_STAGE_DONE = ("Klar", 1.0)
_READING_SPAN = (0.05, 0.70)
#: Every stage label, in the order the callback may hear them.
PROGRESS_STAGES = (
    _STAGE_OPENED[0],
    _STAGE_READING,
    _STAGE_ROWS[0],
    _STAGE_HEADERS[0],
    _STAGE_VALUES[0],
    _STAGE_MEMBERS[0],
    _STAGE_CHECKS[0],
    _STAGE_DONE[0],
)
_ROWS_PER_TICK = 2000


class _Progress:
    """Forwards stages to the caller's callback, never going backwards.

    With no callback every call returns at once (a handful per file), so reading
    without progress costs nothing measurable.
    """

    __slots__ = ("callback", "last")

    def __init__(self, callback: ProgressCallback | None) -> None:
        self.callback = callback
        self.last = 0.0

    def __call__(self, stage: tuple[str, float] | str, fraction: float | None = None) -> None:
        if self.callback is None:
            return
        label, value = stage if fraction is None else (stage, fraction)
        value = min(max(float(value), self.last), 1.0)
        self.last = value
        self.callback(label, value)


class _CountingSheet:
    """A read-only worksheet whose full row scan reports progress every few rows.

    Only :meth:`iter_rows` without ``max_row`` (the full read, not the header peek)
    is counted; everything else is the worksheet itself.
    """

    def __init__(self, sheet: Any, total: int | None, progress: _Progress) -> None:
        self._sheet = sheet
        self._total = total
        self._progress = progress

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sheet, name)

    def iter_rows(self, *args: Any, **kwargs: Any) -> Iterable:
        rows = self._sheet.iter_rows(*args, **kwargs)
        if kwargs.get("max_row") is not None or not self._total:
            return rows
        return self._counted(rows)

    def _counted(self, rows: Iterable) -> Iterable:
        low, high = _READING_SPAN
        total = self._total
        progress = self._progress
        for n, row in enumerate(rows, 1):
            if n % _ROWS_PER_TICK == 0:
                progress(_STAGE_READING, low + (high - low) * min(n / total, 1.0))
            yield row


class _CountingWorkbook:
    """The workbook with :class:`_CountingSheet` sheets (progress only)."""

    def __init__(self, workbook: Any, progress: _Progress) -> None:
        self._workbook = workbook
        self._progress = progress
        # The <dimension> row counts, taken before the header peek resets them; a
        # missing or lying dimension only makes the bar less even.
        self._totals = {ws.title: getattr(ws, "max_row", None) for ws in workbook.worksheets}
        self._sheets: dict[str, _CountingSheet] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._workbook, name)

    def __getitem__(self, name: str) -> _CountingSheet:
        sheet = self._sheets.get(name)
        if sheet is None:
            sheet = self._sheets[name] = _CountingSheet(
                self._workbook[name], self._totals.get(name), self._progress
            )
        return sheet


def _count_rows(source: Any, progress: _Progress) -> None:
    """Let a workbook source report row reading (skipped silently if it changed shape)."""
    if hasattr(source, "row_counter"):  # the calamine reader converts rows one by one
        low, high = _READING_SPAN

        def counted(n: int, total: int) -> None:
            if total and n % _ROWS_PER_TICK == 0:
                progress(_STAGE_READING, low + (high - low) * min(n / total, 1.0))

        source.row_counter = counted
        return
    workbook = getattr(source, "_wb", None)
    if workbook is None or not hasattr(workbook, "worksheets"):
        return
    try:
        source._wb = _CountingWorkbook(workbook, progress)
    except Exception:  # only a progress nicety: never let it break reading
        return


@dataclass
class RegisterResult:
    """The outcome of reading one register.

    ``web`` is ``None`` when the report has errors (nothing from such a file may be
    stored or merged). ``usable_web`` holds the arrangements that had no errors of
    their own, for previews and the embedded demo data.
    """

    file_name: str
    sha256: str
    reporter: str | None
    report: Report
    web: CooperationWeb | None
    usable_web: CooperationWeb | None = field(default=None, repr=False)
    layout: str | None = None

    @property
    def ok(self) -> bool:
        """True when the file had no errors and produced a web."""
        return self.web is not None and not self.report.has_errors


# --------------------------------------------------------------------- parties
@lru_cache(maxsize=1)
def _default_parties_and_resolver() -> tuple[pd.DataFrame, Any]:
    from samverkansvav.reference import PartyResolver, load_parties

    parties = load_parties()
    return parties, PartyResolver(parties)


def default_parties() -> pd.DataFrame:
    """The default parties table (loaded once per process)."""
    return _default_parties_and_resolver()[0]


_PLAIN_ID = re.compile(r"[0-9A-Za-z_]+")


class _Names:
    """PartyResolver with a cache: each distinct text is resolved once.

    The resolver itself (which normalises every party name) is built only when a
    text needs it: a text that is literally a party id (ASCII letters, digits, ``_``)
    resolves the way :class:`PartyResolver` would resolve it, straight from the ids.
    """

    def __init__(self, parties: pd.DataFrame | None) -> None:
        from samverkansvav.reference import split_party_list

        self._resolver: Any = None
        if parties is None:
            self.parties, self._resolver = _default_parties_and_resolver()
        else:
            self.parties = parties
        ids = [str(pid) for pid in self.parties["id"]]
        self._names: dict[str, str] = dict(zip(ids, (str(n) for n in self.parties["name"])))
        # The resolver's own id rule: the casefolded id, the last such id winning.
        self._ids_casefold: dict[str, str] = {pid.casefold(): pid for pid in ids}
        self._split = split_party_list
        self._coarse: dict[str, str] = {}
        self._coarse_counts: dict[str, int] | None = None
        self._cache: dict[str, Any] = {}
        self._split_cache: dict[str, list[str]] = {}

    @property
    def resolver(self) -> Any:
        if self._resolver is None:
            from samverkansvav.reference import PartyResolver

            self._resolver = PartyResolver(self.parties)
        return self._resolver

    def _plain_id(self, raw: str) -> str | None:
        """The party whose id ``raw`` is, when the resolver could only say the same.

        For ASCII letters/digits the resolver's normalised key is ``raw.lower()`` and an
        id hit is the first thing it tries, so the answer is identical.
        """
        # For ASCII text isalnum() is [0-9A-Za-z]+: the regex is needed only for "_".
        if raw.isascii() and (raw.isalnum() or _PLAIN_ID.fullmatch(raw)):
            return self._ids_casefold.get(raw.lower())
        return None

    def plain_party(self, text: str) -> str | None:
        """The party :meth:`resolve` finds when ``text`` (stripped, short digits padded
        to four) is literally a party id; ``None`` otherwise (``resolve`` may still
        find one). Cheaper than :meth:`resolve`: no :class:`Resolution` is built."""
        raw = text.strip()
        if raw.isdigit() and len(raw) < 4:
            raw = raw.zfill(4)
        return self._plain_id(raw)

    def resolve(self, text: str) -> Any:
        hit = self._cache.get(text)
        if hit is None:
            raw = text.strip()
            if raw.isdigit() and len(raw) < 4:
                raw = raw.zfill(4)
            pid = self._plain_id(raw)
            hit = _Resolution(pid, (), True) if pid is not None else self.resolver.resolve(raw)
            self._cache[text] = hit
        return hit

    def learn_names(self, texts: Iterable[str]) -> None:
        """Prepare :meth:`names_party` for these member names (vectorised, once)."""
        if self._coarse_counts is None:
            self._coarse_counts = self._party_coarse_counts()
        if not self._coarse_counts:
            return
        fresh = [t for t in dict.fromkeys(texts) if t and t not in self._coarse]
        if fresh:
            self._coarse.update(zip(fresh, _coarse_keys(fresh)))

    def _party_coarse_counts(self) -> dict[str, int]:
        """How many party names and aliases share each coarse key ({} = no shortcut).

        The shortcut needs plain ASCII ids (so a name can be told apart from an id by
        its coarse key) and the resolver's alias table.
        """
        try:
            from samverkansvav.reference.names import _ALIASES

            _coarse_drop()
        except (
            ImportError,
            AttributeError,
        ):  # the resolver changed: no shortcut (it is only an optimisation)
            return {}
        ids = list(self._names)
        if not all(pid.isascii() and _PLAIN_ID.fullmatch(pid) for pid in ids):
            return {}
        names = list(self._names.values())
        aliases = [alias for pid in ids for alias in _ALIASES.get(pid, ())]
        keys = _coarse_keys(names + aliases)
        # Member names are usually written exactly as a party's name: reuse its key.
        self._coarse.update(zip(names, keys))
        counts: dict[str, int] = {}
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
        return counts

    def names_party(self, name: str, party_id: str) -> bool:
        """True when the resolver would resolve ``name`` to exactly ``party_id``.

        Holds for the party's own display name when no other party name or alias
        could normalise to the same key (the coarse key keeps only word characters,
        casefolded, so equal normalised names always share it), the name is not read
        as an id (ids are plain ASCII, so an id key would equal its coarse key) and it
        does not start with a code ("180 Stockholm"). Names must first be passed to
        :meth:`learn_names`.
        """
        coarse = self._coarse.get(name)
        if coarse is None or self._names.get(party_id) != name or name[:1].isdigit():
            return False
        return (
            self._coarse_counts.get(coarse, 0) == 1
            and not coarse.isdigit()
            and coarse not in self._ids_casefold
        )

    def split(self, text: str) -> list[str]:
        hit = self._split_cache.get(text)
        if hit is None:
            hit = self._split(text)
            self._split_cache[text] = hit
        return hit

    def name_of(self, party_id: str) -> str:
        return self._names.get(str(party_id), str(party_id))


def _object_array(values: list) -> np.ndarray:
    """A 1-d object array holding exactly these values (numpy never nests them)."""
    return np.fromiter(values, dtype=object, count=len(values))


@lru_cache(maxsize=1)
def _coarse_drop() -> re.Pattern:
    """Characters the coarse key drops: all whitespace (what ``\\s`` matches), the
    dashes and spaces the resolver turns into blanks and the punctuation it strips."""
    from samverkansvav.reference import names as reference_names

    chars = {chr(c) for c in range(0x3001) if chr(c).isspace()}  # U+3000 is the last space
    chars |= set(reference_names._DASHES) | set(reference_names._SPACES)
    chars |= set(" .,;:'\"`´’”“")
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]+")


def _coarse_keys(texts: list[str]) -> list[str]:
    """NFC, casefolded, without the characters of :func:`_coarse_drop`.

    Whenever the resolver's normalised keys of two texts are equal, so are their
    coarse keys: normalising only turns dropped characters into blanks, strips
    dropped characters and squeezes whitespace. An id-like key (ASCII letters,
    digits, ``_``) equals its own coarse key.

    Examples
    --------
    >>> _coarse_keys(["Upplands-Väsby ", "upplands väsby", "Å.", "A\u2013B"])
    ['upplandsväsby', 'upplandsväsby', 'å', 'ab']
    """
    drop = _coarse_drop().sub
    return [drop("", (t if t.isascii() else unicodedata.normalize("NFC", t)).casefold()) for t in texts]


# -------------------------------------------------------------------- helpers
def _text(value: Any) -> str:
    """A cell as text: integral floats lose ``.0``, dates become ISO."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float):
        if value != value:
            return ""
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _map_unique(values: pd.Series, func: Callable[[Any], Any]) -> list:
    """``func`` applied once per distinct value, spread back over the series."""
    codes, uniques = _factorize(values)
    uniques = uniques.tolist()
    if func is _strip_text and set(map(type, uniques)) <= {str}:
        results = list(map(str.strip, uniques))  # text cells: the same, mapped in C
    else:
        results = [func(u) for u in uniques]
    none_result = func(None) if (codes < 0).any() else None
    table = np.empty(len(results) + 1, dtype=object)
    table[: len(results)] = _object_array(results)
    table[len(results)] = none_result
    return table[np.where(codes < 0, len(results), codes)].tolist()


def _factorize(values: pd.Series) -> tuple[np.ndarray, Any]:
    """``pd.factorize(values, use_na_sentinel=True)``; a text or object column is
    factorised as its object array, which gives the same codes and uniques two to
    three times faster than the Series."""
    if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
        return pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    return pd.factorize(values, use_na_sentinel=True)


def _distinct_rows(columns: list[pd.Series]) -> np.ndarray:
    """Positions of the first row of each distinct combination, in row order: what
    ``frame.astype(str).drop_duplicates()`` keeps (cells compared as ``str``, empty
    cells equal to each other), computed on integer codes."""
    n = len(columns[0]) if columns else 0
    combined = np.zeros(n, dtype=np.int64)
    for column in columns:
        codes, uniques = _factorize(column.astype(str))
        combined, _ = pd.factorize(combined * (len(uniques) + 1) + (codes.astype(np.int64) + 1))
        combined = combined.astype(np.int64)
    return np.flatnonzero(~pd.Series(combined).duplicated().to_numpy())


def _blank_codes(codes: np.ndarray, uniques: Any) -> np.ndarray:
    """``column.isna() | column.eq("")`` from the column's ``pd.factorize``, as a
    boolean array: each distinct value is tested once."""
    empty = [k for k, u in enumerate(uniques.tolist()) if isinstance(u, str) and u == ""]
    return (codes < 0) | np.isin(codes, empty) if empty else codes < 0


def _strip_text(value: Any) -> str:
    """A cell as stripped text."""
    return _text(value).strip()


def _show(value: Any) -> str:
    text = _text(value)
    return text if len(text) <= 60 else text[:57] + "..."


def cap_issues(issues: list[Issue], *, limit: int = MAX_LISTED_ISSUES) -> list[Issue]:
    """At most ``limit`` issues (errors first kept), plus one summary line for the rest.

    The summary carries the most severe level among the dropped issues, so a capped
    report still says whether it has errors.
    """
    if len(issues) <= limit:
        return issues
    order = {ERROR: 0, WARNING: 1, INFO: 2}
    ranked = sorted(range(len(issues)), key=lambda i: (order.get(issues[i].level, 3), i))
    keep = sorted(ranked[:limit])
    dropped = [issues[i] for i in ranked[limit:]]
    counts = {lvl: sum(1 for i in dropped if i.level == lvl) for lvl in (ERROR, WARNING, INFO)}
    worst = min((i.level for i in dropped), key=lambda lvl: order.get(lvl, 3))
    summary = Issue(
        worst,
        "more_issues",
        f"Ytterligare {len(dropped)} problem visas inte ({counts[ERROR]} fel, {counts[WARNING]} varningar, "
        f"{counts[INFO]} info).",
        "Rätta de visade problemen och kontrollera filen igen.",
        file=dropped[0].file,
    )
    return [issues[i] for i in keep] + [summary]


class _Collector:
    def __init__(self, file: str) -> None:
        self.file = file
        self.sheet: str | None = None
        self.issues: list[Issue] = []

    def add(
        self,
        level: str,
        code: str,
        message: str,
        hint: str = "",
        *,
        row: int | None = None,
        column: str | None = None,
        arrangement: str | None = None,
        sheet: str | None = "",
    ) -> None:
        self.issues.append(
            Issue(
                level,
                code,
                message,
                hint,
                file=self.file,
                sheet=self.sheet if sheet == "" else sheet,
                row=row,
                column=column,
                arrangement=arrangement,
            )
        )


@dataclass
class _Columns:
    """Where each field is in a sheet and what its header says."""

    index: dict[str, int] = field(default_factory=dict)
    label: dict[str, str] = field(default_factory=dict)
    factor: dict[str, float] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    #: Fields two headers could both be by their words (an error has said so).
    ambiguous: set[str] = field(default_factory=set)


def _column_letter(index: int) -> str:
    """Excel's column letters for a 1-based column (openpyxl's rule, without importing it).

    Examples
    --------
    >>> [_column_letter(i) for i in (1, 26, 27, 52, 703)]
    ['A', 'Z', 'AA', 'AZ', 'AAA']
    """
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _map_headers(
    raw: RawSheet,
    header_row: int,
    out: _Collector,
    *,
    report_unknown: bool = True,
    meanings: frozenset[str] | None = None,
) -> _Columns:
    """Which field each header names (``meanings``: the fields headers may also be read as
    by their words; default all)."""
    cols = _Columns()
    frame = raw.frame
    years: dict[str, int | None] = {}
    unknown: list[str] = []
    cells = frame.iloc[header_row].tolist() if len(frame) > header_row else []
    unknown_at: list[tuple[int, str]] = []
    for j, cell in enumerate(cells):
        text, _ = clean_text(_text(cell))
        letter = _column_letter(j + 1)
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
        _report_unknown(out, unknown, row=header_row + 1, cost_label=cols.label.get("annual_cost"))
    return cols


def _map_by_meaning(
    cols: _Columns,
    unknown_at: list[tuple[int, str]],
    out: _Collector,
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


def _report_unknown(
    out: _Collector, unknown: list[str], *, row: int, host_gap: bool = False, cost_label: str | None = None
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


_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")


def _cell_ref(ref: str) -> tuple[int, int]:
    """0-based (row, column) of an A1 reference.

    Examples
    --------
    >>> _cell_ref("E3"), _cell_ref("AA10")
    ((2, 4), (9, 26))
    """
    match = _CELL_REF.fullmatch(ref)
    if not match:
        raise ValueError(ref)
    column = 0
    for char in match.group(1):
        column = column * 26 + (ord(char) - 64)
    return int(match.group(2)) - 1, column - 1


def _fill_merged(raw: RawSheet, header_row: int, out: _Collector) -> None:
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
            (r0, c0), (r1, c1) = _cell_ref(first), _cell_ref(last or first)
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
            header = _text(frame.iat[header_row, c0]).strip() if header_row < len(frame) else ""
            out.add(
                INFO,
                "merged_cells",
                f"Sammanfogade celler {rng}: värdet '{_show(value)}' i den första cellen gäller för alla "
                f"{r1 - r0 + 1} rader och har fyllts i på raderna {r0 + 2}–{end + 1}.",
                "Kontrollera att värdet gäller alla raderna; dela annars upp sammanfogningen.",
                row=r0 + 1,
                column=header or _column_letter(c0 + 1),
            )


# -------------------------------------------------------------------- entry
def read_register(
    path: str | Path,
    *,
    parties: pd.DataFrame | None = None,
    reporter: str | None = None,
    display_name: str | None = None,
    max_rows: int | None = None,
    progress: ProgressCallback | None = None,
) -> RegisterResult:
    """Read and check one register file (.xlsx, .xlsm, .ods, .xls or .csv).

    Never raises for bad content: every problem is in ``result.report``. Raises
    :class:`UnreadableFile` when the file is not a readable spreadsheet at all.

    Parameters
    ----------
    path
        The file.
    parties
        Parties table to resolve member names against (default: Swedish municipalities,
        regions and some national bodies).
    reporter
        Name or code of the reporting municipality; its annual cost is the
        ``Årskostnad`` column.
    display_name
        File name to show in messages (e.g. the uploaded name).
    max_rows
        Row limit (default: the ``max_rows`` setting).
    progress
        Called as ``progress(stage, fraction)`` with a Swedish stage label (one of
        :data:`PROGRESS_STAGES`) and a fraction 0..1 that never decreases; the last
        call says ``("Klar", 1.0)`` unless the file is unreadable. Never called when
        ``None``.
    """
    path = Path(path)
    name = display_name or path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(name, f"Filen kan inte öppnas ({exc.strerror or 'okänt fel'}).") from exc
    return read_register_bytes(
        data, file_name=name, parties=parties, reporter=reporter, max_rows=max_rows, progress=progress
    )


def read_register_bytes(
    data: bytes,
    *,
    file_name: str,
    parties: pd.DataFrame | None = None,
    reporter: str | None = None,
    max_rows: int | None = None,
    progress: ProgressCallback | None = None,
) -> RegisterResult:
    """:func:`read_register` for bytes already in memory (uploads)."""
    if max_rows is None:
        from samverkansvav.config import load_config

        max_rows = int(load_config().max_rows)
    sha = hashlib.sha256(data).hexdigest()
    kind = sniff(data, file_name)
    names = _Names(parties)
    out = _Collector(file_name)
    source: Any
    if kind == "csv":
        source = CsvSource(data, file_name, max_rows=max_rows, max_columns=MAX_COLUMNS)
    else:
        source = open_workbook(data, file_name, kind, max_rows=max_rows, max_columns=MAX_COLUMNS)
    tracker = _Progress(progress)
    if progress is not None:
        tracker(_STAGE_OPENED)
        if kind != "csv":
            _count_rows(source, tracker)
    try:
        parser = _RegisterParser(source, names, out, reporter=reporter, max_rows=max_rows, progress=tracker)
        parser.run()
    finally:
        source.close()
    report = Report(cap_issues(out.issues))
    usable = parser.build_web(only_valid=True)
    web = None if report.has_errors else usable
    tracker(_STAGE_DONE)
    return RegisterResult(file_name, sha, parser.reporter_id, report, web, usable, parser.layout)


# -------------------------------------------------------------------- parser
class _RegisterParser:
    def __init__(
        self,
        source: Any,
        names: _Names,
        out: _Collector,
        *,
        reporter: str | None,
        max_rows: int,
        progress: _Progress | None = None,
    ) -> None:
        self.source = source
        self.progress = progress or _Progress(None)
        self.names = names
        self.out = out
        self.reporter_arg = reporter
        self.reporter_id: str | None = None
        self.max_rows = max_rows
        self.layout: str | None = None
        self.epoch_1904 = False
        self.arrangements: list[dict] = []
        self.memberships: list[dict] = []
        self.bad_keys: set[str] = set()
        self.present: set[str] = set()
        self._records_by_key: dict[str, dict] = {}
        self._display_name: dict[str, str] = {}
        self._cols_labels: dict[str, str] = {}
        self._single_share: dict | None = None
        self.member_frame = pd.DataFrame(columns=list(_MEMBER_FRAME_COLUMNS))

    # ------------------------------------------------------------ sheets
    def _choose_sheet(self) -> tuple[str | None, int | None]:
        sheets = self.source.sheets()
        if len(sheets) == 1 and sheets[0][0] is None:
            head = self.source.head(None)
            return None, find_header_row(head)[0]
        named = [n for n, _ in sheets if norm_key(n) == "samverkan"]
        if named:
            return named[0], find_header_row(self.source.head(named[0]))[0]
        best: tuple | None = None
        for position, (name, hidden) in enumerate(sheets):
            if norm_key(name) in _SIDE_SHEETS:
                continue
            index, score = find_header_row(self.source.head(name))
            if index is None:
                continue
            # Visible sheets win over hidden ones; then the better header; then order.
            rank = (not hidden, score, -position)
            if best is None or rank > best[0]:
                best = (rank, name, index)
        if best is None:
            return (sheets[0][0] if sheets else None), None
        return best[1], best[2]

    def run(self) -> None:
        out = self.out
        sheet_name, header_row = self._choose_sheet()
        out.sheet = sheet_name
        if header_row is None:
            out.add(
                ERROR,
                "no_header",
                "Hittar ingen rubrikrad med kolumnerna för ett samverkansregister (t.ex. Namn, Form, Medlemmar).",
                "Använd mallen (python -m samverkansvav template) "
                "eller skriv rubrikerna i en av de tio första raderna.",
            )
            return
        raw = self.source.read(sheet_name)
        self.progress(_STAGE_ROWS)
        self.epoch_1904 = raw.epoch_1904
        if raw.hidden:
            out.add(
                WARNING,
                "hidden_sheet",
                "Bladet med registret är dolt i arbetsboken.",
                "Kontrollera att det är rätt blad; visa det i Excel om det ska användas.",
            )
        if raw.too_many_rows:
            out.add(
                ERROR,
                "too_many_rows",
                f"Registret har fler än {self.max_rows} rader, som är gränsen.",
                "Dela upp registret i flera filer.",
            )
            return
        if raw.too_many_columns:
            out.add(
                WARNING,
                "too_many_columns",
                f"Bladet har värden bortom kolumn {MAX_COLUMNS}; de läses inte.",
                "Ta bort överflödiga kolumner längst till höger.",
            )
        self._file_reporter(raw, header_row)
        cols = _map_headers(raw, header_row, out, report_unknown=False)
        self.present = set(cols.index)
        self._cols_labels = dict(cols.label)
        self.progress(_STAGE_HEADERS)
        _fill_merged(raw, header_row, out)
        try:
            self._run_sheet(raw, header_row, cols)
        finally:
            if cols.unknown:
                host_gap = "host" not in cols.index and any(i.code == "host_missing" for i in out.issues)
                _report_unknown(
                    out,
                    cols.unknown,
                    row=header_row + 1,
                    host_gap=host_gap,
                    cost_label=cols.label.get("annual_cost"),
                )

    def _run_sheet(self, raw: RawSheet, header_row: int, cols: _Columns) -> None:
        out = self.out
        is_long = bool(LONG_FIELDS & set(cols.index)) and not (LIST_FIELDS & set(cols.index))
        self.layout = "lång" if is_long else "bred"
        required = ["name", "form"] + (
            ["member_code" if "member_code" in cols.index else "member"] if is_long else ["members"]
        )
        missing = [f for f in required if f not in cols.index]
        # A field two headers could both be has its own error naming them.
        shown = [f for f in missing if f not in cols.ambiguous]
        if shown:
            labels = {"name": "Namn", "form": "Form", "members": "Medlemmar", "member": "Medlem"}
            out.add(
                ERROR,
                "missing_column",
                "Kolumn saknas: " + ", ".join(labels.get(f, f) for f in shown) + ".",
                "Lägg till kolumnen med en rubrik från mallen.",
                row=header_row + 1,
            )
        if missing:
            return
        if not is_long:
            for fld in ("member_start", "member_end"):
                if fld in cols.index:
                    out.add(
                        WARNING,
                        "member_dates_not_read",
                        f"Kolumnen '{cols.label[fld]}' gäller en enskild medlem men raden listar alla "
                        "medlemmar; datumen läses inte.",
                        "Skriv medlemmarnas datum på bladet Medlemskap (Medlem från, Medlem till), "
                        "en rad per medlem.",
                        row=header_row + 1,
                        column=cols.label[fld],
                    )
        if "area" not in cols.index:
            out.add(
                WARNING,
                "missing_area_column",
                "Kolumnen Område saknas; områden blir okända.",
                "Lägg till kolumnen Område (verksamhetsområde).",
                row=header_row + 1,
            )
        absent = [f for f in FOLLOW_UP_FIELDS if f not in cols.index]
        if absent:
            labels = {"goal": "Mål", "owner": "Ansvarig", "last_evaluated": "Senast utvärderad"}
            out.add(
                INFO,
                "missing_follow_up_columns",
                "Registret saknar kolumnerna "
                + ", ".join(labels[f] for f in absent)
                + "; mål, ansvar och utvärdering kan inte följas upp.",
                "Lägg till kolumnerna från mallen och fyll i dem.",
            )
        table = self._prepare(raw, header_row, cols)
        if table is None:
            return
        if is_long:
            self._long(table, cols)
        else:
            shares = self._medlemskap()
            self._wide(table, cols, shares)
        self.progress(_STAGE_MEMBERS)
        self._finish()
        self.progress(_STAGE_CHECKS)

    def _file_reporter(self, raw: RawSheet, header_row: int) -> None:
        text = self.reporter_arg
        if not text:
            # "Rapporterande kommun: Ale" above the header.
            for r in range(min(header_row, 10)):
                row = raw.frame.iloc[r].tolist()
                for j, cell in enumerate(row):
                    if match_header(_text(cell).rstrip(": ")).field == "reporter":
                        rest = [_text(c) for c in row[j + 1 :] if _text(c).strip()]
                        if rest:
                            text = rest[0]
                        break
        if not text:
            self._banner_reporter(raw, header_row)
            return
        if text:
            hit = self.names.resolve(str(text))
            if hit.party_id is None:
                self.out.add(
                    ERROR,
                    "unknown_reporter",
                    f"Rapporterande kommun '{text}' känns inte igen."
                    + (f" Menade du {', '.join(hit.suggestions)}?" if hit.suggestions else ""),
                    "Ange kommunens namn eller kommunkod.",
                )
            else:
                self.reporter_id = hit.party_id

    def _banner_reporter(self, raw: RawSheet, header_row: int) -> None:
        """A title above the header naming exactly one kommun ("Avtalsregister
        samverkan 2024 – Vännäs kommun") gives the reporting kommun."""
        parties = self.names.parties
        if header_row <= 0 or "kind" not in parties.columns:
            return
        texts = [
            (r + 1, cell.strip())
            for r in range(min(header_row, 10))
            for cell in raw.frame.iloc[r].tolist()
            if isinstance(cell, str) and cell.strip()
        ]
        if not texts:
            return
        kommuner = [str(pid) for pid, kind in zip(parties["id"], parties["kind"]) if kind == "kommun"]
        found: dict[str, tuple[int, str]] = {}
        for row, text in texts:
            for pid in self.names.resolver.named_in(text, kommuner, with_suffix=True):
                found.setdefault(pid, (row, text))
        if len(found) != 1:
            return
        pid, (row, text) = next(iter(found.items()))
        self.reporter_id = pid
        self.out.add(
            INFO,
            "reporter_from_banner",
            f"Rapporterande kommun är inte angiven; {self.names.name_of(pid)} används eftersom "
            f"rubriken '{_show(text)}' (rad {row}) nämner den.",
            "Ange rapporterande kommun vid uppladdningen (eller --reporter) om det är fel kommun.",
        )

    # ------------------------------------------------------------ cells
    def _prepare(self, raw: RawSheet, header_row: int, cols: _Columns) -> pd.DataFrame | None:
        out = self.out
        used = sorted(cols.index.items(), key=lambda kv: kv[1])
        body = raw.frame.iloc[header_row + 1 :, [j for _, j in used]]
        body.columns = [f for f, _ in used]
        # Each column is factorised once here; when no row is dropped below (the usual
        # case) the same codes serve the cleaning loop.
        factorised = {fld: _factorize(body[fld]) for fld, _ in used}
        n_read = len(body)
        blank = np.logical_and.reduce([_blank_codes(*factorised[fld]) for fld, _ in used])
        if blank.any():
            body = body.loc[~blank]
            factorised = {}
        body = self._drop_total_rows(raw, body, factorised)
        if len(body) != n_read:
            factorised = {}
        if len(body) > self.max_rows:
            out.add(
                ERROR,
                "too_many_rows",
                f"Registret har {len(body)} rader; gränsen är {self.max_rows}.",
                "Dela upp registret i flera filer.",
            )
            return None
        if body.empty:
            out.add(
                ERROR, "no_rows", "Registret har rubriker men inga rader.", "Fyll i minst ett arrangemang."
            )
            return None
        row_numbers = body.index.to_numpy() + 1
        rows = row_numbers.tolist()
        table = pd.DataFrame({"_row": rows}, index=body.index)
        missing = raw.missing_formulas
        for fld, j in used:
            label = cols.label[fld]
            codes, uniques = factorised.get(fld) or _factorize(body[fld])
            uniques = uniques.tolist()
            all_text = set(map(type, uniques)) <= {str}
            texts = uniques if all_text else [u for u in uniques if isinstance(u, str)]
            if _CONTROL.search("\n".join(texts)) is None:
                # No control characters anywhere (the usual case): cleaning is a strip.
                if all_text:
                    cleaned_values = list(map(str.strip, uniques))
                else:
                    cleaned_values = [u.strip() if isinstance(u, str) else u for u in uniques]
                changed = []
                # Only text can be an error value, and here the cleaned text is u.strip().
                errors = (
                    []
                    if _ERROR_VALUES.isdisjoint(cleaned_values)
                    else [
                        k for k, v in enumerate(cleaned_values) if isinstance(v, str) and v in _ERROR_VALUES
                    ]
                )
            else:
                cleaned = [clean_text(u) for u in uniques]
                cleaned_values = [c[0] for c in cleaned]
                changed = [k for k, c in enumerate(cleaned) if c[1]]
                errors = [
                    k for k, u in enumerate(uniques) if isinstance(u, str) and u.strip() in _ERROR_VALUES
                ]
            values_u = np.empty(len(uniques) + 1, dtype=object)
            values_u[: len(uniques)] = _object_array(cleaned_values)
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
            table[fld] = values_u[safe_codes]
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
                    if (row, j + 1) in missing:
                        out.add(
                            ERROR,
                            "formula_without_value",
                            "Cellen har en formel utan beräknat värde (filen är inte sparad i Excel).",
                            "Öppna filen i Excel, låt den räkna om och spara, eller skriv in värdet.",
                            row=row,
                            column=label,
                        )
        return table

    def _drop_total_rows(
        self, raw: RawSheet, body: pd.DataFrame, factorised: dict[str, tuple] | None = None
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
                [_blank_codes(*(factorised.get(fld) or _factorize(body[fld]))) for fld in structural]
            )
            candidates = body.index[empty]
        else:
            candidates = body.index
        totals: list[tuple[int, str]] = []
        for idx in candidates:
            first = next((c for c in raw.frame.loc[idx].tolist() if isinstance(c, str) and c.strip()), None)
            if first is not None and norm_key(first).split(" ")[0] in _TOTAL_WORDS:
                totals.append((idx, first.strip()))
        if not totals:
            return body
        shown = ", ".join(f"rad {idx + 1} ('{_show(text)}')" for idx, text in totals[:10])
        self.out.add(
            INFO,
            "total_row",
            f"Summeringsrader hoppades över: {shown}{' …' if len(totals) > 10 else ''}.",
            "Inget att göra; en summa beskriver inget samverkansarrangemang.",
        )
        return body.drop(index=[idx for idx, _ in totals])

    def _values(
        self,
        table: pd.DataFrame,
        fld: str,
        func: Callable[[Any], tuple[Any, str | None]],
        cols: _Columns,
        *,
        what: str,
        keys: list | None = None,
        level: str = ERROR,
        plain: Callable[[float], tuple[Any, str | None]] | None = None,
    ) -> list:
        """Apply a ``(value, problem)`` parser per distinct cell; problems become errors.

        ``plain``, when given, is what ``func`` returns for plain decimal text
        (``"1250"``, ``"17,5"``) as a function of its float: such cells skip ``func``.
        """
        if fld not in table:
            return [None] * len(table)
        codes, uniques = _factorize(table[fld])
        if plain is None:
            parsed = [func(u) for u in uniques.tolist()]
        else:
            fullmatch = _PLAIN_DECIMAL.fullmatch
            parsed = [
                plain(float(u.replace(",", "."))) if isinstance(u, str) and fullmatch(u) else func(u)
                for u in uniques.tolist()
            ]
        parsed.append(func(None) if (codes < 0).any() else (None, None))
        codes = np.where(codes < 0, len(parsed) - 1, codes)
        value_table = np.empty(len(parsed), dtype=object)
        for k, (value, _) in enumerate(parsed):
            value_table[k] = value
        values = value_table[codes].tolist()
        failed = [k for k, (_, problem) in enumerate(parsed) if problem]
        if failed:
            label = cols.label[fld]
            rows = table["_row"].tolist()
            raw = table[fld].tolist()
            # Row order, as a row-by-row scan would report them.
            for pos in np.flatnonzero(np.isin(codes, failed)).tolist():
                problem = parsed[codes[pos]][1]
                arrangement = keys[pos] if keys else None
                self.out.add(
                    level,
                    f"bad_{what}",
                    f"'{_show(raw[pos])}' {problem}.",
                    _HINTS[what],
                    row=rows[pos],
                    column=label,
                    arrangement=self._display_name.get(arrangement) if arrangement else None,
                )
                if arrangement and level == ERROR:
                    self.bad_keys.add(arrangement)
        return values

    def _dates(
        self,
        table: pd.DataFrame,
        fld: str,
        cols: _Columns,
        *,
        keys: list,
        period_end: bool = False,
        open_ended: bool = False,
    ) -> list:
        """Dates of one column; end columns also accept "tills vidare" (open end).

        Interpretations are reported as infos: open-ended words once per column (they
        are common and harmless), a year typed as a number on its own row.
        """
        epoch = self.epoch_1904

        def parse(value: Any) -> tuple[dt.date | None, str | None]:
            if open_ended and is_open_ended(value):
                return None, None
            return parse_date(value, epoch_1904=epoch, period_end=period_end)

        values = self._values(table, fld, parse, cols, what="date", keys=keys)
        if fld not in table:
            return values
        codes, uniques = _factorize(table[fld])
        uniques = uniques.tolist()
        open_codes = [k for k, u in enumerate(uniques) if open_ended and is_open_ended(u)]
        year_codes = {k: year_from_number(u) for k, u in enumerate(uniques)}
        year_codes = {k: y for k, y in year_codes.items() if y is not None}
        if not open_codes and not year_codes:
            return values
        label = cols.label[fld]
        rows = table["_row"].tolist()
        if open_codes:
            hits = np.flatnonzero(np.isin(codes, open_codes)).tolist()
            shown = ", ".join(str(rows[p]) for p in hits[:10]) + (" …" if len(hits) > 10 else "")
            words = ", ".join(f"'{_show(uniques[k])}'" for k in open_codes[:3]) + (
                " m.fl." if len(open_codes) > 3 else ""
            )
            self.out.add(
                INFO,
                "open_ended",
                f"{words} betyder att avtalet gäller tills vidare; {len(hits)} "
                f"rad{'er' if len(hits) != 1 else ''} läses utan slutdatum (rad {shown}).",
                "Inget att göra. Skriv ett datum om avtalet har ett slutdatum.",
                column=label,
            )
        for pos in np.flatnonzero(np.isin(codes, list(year_codes))).tolist():
            year = year_codes[codes[pos]]
            day = values[pos]
            self.out.add(
                INFO,
                "year_as_date",
                f"Talet {year} tolkades som året {year} ({day.isoformat()}), inte som ett Excel-datum.",
                "Skriv hela datumet (ÅÅÅÅ-MM-DD) om ett annat datum avses.",
                row=rows[pos],
                column=label,
                arrangement=self._display_name.get(keys[pos]) if keys else None,
            )
        return values

    # ------------------------------------------------------------ common values
    def _normalise(self, table: pd.DataFrame, cols: _Columns) -> pd.DataFrame:
        """Arrangement-level values: name, form, area, key; shared by both layouts."""
        out = self.out
        names = [_text(v).strip() for v in table["name"].tolist()]
        form_raw = [_text(v).strip() for v in table["form"].tolist()]
        forms = _map_unique(pd.Series(form_raw, dtype=object), normalise_form)
        ids = [_text(v).strip() for v in table["id"].tolist()] if "id" in table else [""] * len(table)
        keys = [
            _arrangement_key(given, name, form_text) for name, form_text, given in zip(names, form_raw, ids)
        ]
        frame = pd.DataFrame(
            {
                "_row": table["_row"].tolist(),
                "_key": keys,
                "name": names,
                "form_raw": form_raw,
                "form": forms,
            },
            index=table.index,
        )
        self._display_name = {}
        for key, name in zip(keys, names):
            if key is not None:
                self._display_name.setdefault(key, name or key)
        rows = frame["_row"].tolist()
        for row, text, hint in names_too_long(names, rows, limits().name):  # limits.py
            out.add(ERROR, "name_too_long", text, hint, row=row, column=cols.label["name"])
        for pos, (name, form, text, key) in enumerate(zip(names, forms, form_raw, keys)):
            if not name:
                out.add(
                    ERROR,
                    "missing_name",
                    "Arrangemanget saknar namn.",
                    "Skriv samverkans namn i kolumnen för namn.",
                    row=rows[pos],
                    column=cols.label["name"],
                )
                if key:
                    self.bad_keys.add(key)
            if form is None:
                message = "Form saknas." if not text else f"Okänd form '{_show(text)}'."
                out.add(
                    ERROR,
                    "unknown_form",
                    message + f" Godkända former: {accepted_forms_text()}.",
                    "Välj en form ur listan (t.ex. gemensam nämnd, kommunalförbund, avtalssamverkan).",
                    row=rows[pos],
                    column=cols.label["form"],
                    arrangement=name or None,
                )
                if key:
                    self.bad_keys.add(key)
        if "area" in table:
            area_raw = [_text(v).strip() for v in table["area"].tolist()]
            # Each area of a list ("Miljö, bygg, fysisk planering") is normalised on its
            # own and the list is stored joined, so the store's schema stays one text.
            matches = _map_unique(
                pd.Series(area_raw, dtype=object), lambda t: normalise_areas(t) if t else None
            )
            frame["area_raw"] = [t or None for t in area_raw]
            frame["area"] = [AREA_SEPARATOR.join(m.area for m in ms) if ms else None for ms in matches]
            frame["area_unknown"] = [tuple(m.area for m in ms if not m.known) if ms else () for ms in matches]
        else:
            frame["area_raw"] = frame["area"] = None
            frame["area_unknown"] = [()] * len(frame)
        for pos, area in enumerate(frame["area"].tolist()):
            if area is None and "area" in table:
                out.add(
                    WARNING,
                    "missing_area",
                    "Område saknas.",
                    "Fyll i verksamhetsområdet.",
                    row=rows[pos],
                    column=cols.label["area"],
                    arrangement=names[pos] or None,
                )
        keys_list = frame["_key"].tolist()
        frame["start"] = self._dates(table, "start", cols, keys=keys_list)
        frame["end"] = self._dates(table, "end", cols, keys=keys_list, period_end=True, open_ended=True)
        frame["last_evaluated"] = self._dates(table, "last_evaluated", cols, keys=keys_list, period_end=True)
        frame["notice_months"] = self._values(
            table, "notice_months", _parse_months, cols, what="months", keys=keys_list
        )
        frame["status"] = self._values(
            table, "status", _parse_status, cols, what="status", keys=keys_list, level=WARNING
        )
        for fld in ("owner", "goal", "source", "note"):
            frame[fld] = [(_text(v).strip() or None) for v in table[fld].tolist()] if fld in table else None
        frame["host_raw"] = [_text(v).strip() for v in table["host"].tolist()] if "host" in table else ""
        frame["seat_raw"] = [_text(v).strip() for v in table["seat"].tolist()] if "seat" in table else ""
        frame["reporter_raw"] = (
            [_text(v).strip() for v in table["reporter"].tolist()] if "reporter" in table else ""
        )
        return frame

    def _party(
        self, text: str, *, row: int, column: str, arrangement: str | None, key: str | None, what: str
    ) -> str | None:
        """Resolve one party text; unknown → error with suggestions, fuzzy → info."""
        if is_collective_term(text):
            self.out.add(
                ERROR,
                f"unknown_{what}",
                f"'{_show(text)}' är ett samlingsnamn, inte en namngiven kommun eller aktör; "
                "det går inte att veta vilka som ingår.",
                "Skriv ut varje medlemskommun med namn (t.ex. 'Umeå, Vännäs, Bjurholm'), "
                "även när samverkan omfattar alla kommuner i länet.",
                row=row,
                column=column,
                arrangement=arrangement,
            )
            if key:
                self.bad_keys.add(key)
            return None
        hit = self.names.resolve(text)
        if hit.party_id is None:
            suggestion = f" Menade du {' eller '.join(hit.suggestions)}?" if hit.suggestions else ""
            self.out.add(
                ERROR,
                f"unknown_{what}",
                f"'{_show(text)}' matchar ingen känd kommun eller aktör.{suggestion}",
                "Skriv kommunens namn som i SCB:s kommunlista eller ange kommunkoden (fyra siffror).",
                row=row,
                column=column,
                arrangement=arrangement,
            )
            if key:
                self.bad_keys.add(key)
            return None
        if not hit.exact:
            self.out.add(
                INFO,
                "name_interpreted",
                f"'{_show(text)}' tolkades som {self.names.name_of(hit.party_id)}.",
                "Kontrollera tolkningen; skriv namnet exakt för att slippa meddelandet.",
                row=row,
                column=column,
                arrangement=arrangement,
            )
        return hit.party_id

    def _host(
        self,
        text: str,
        member_ids: list[str],
        *,
        row: int,
        column: str | None,
        arrangement: str | None,
        key: str,
    ) -> str | None:
        """The host party of a host cell; prose naming exactly one member is accepted.

        "Skellefteå kommun ansvarar" or "Umeå är värdkommun" name one member: that
        member is the host, said in an info. Anything else is one ``unknown_host``
        error that lists the members to choose from.
        """
        hit = self.names.resolve(text)
        if hit.party_id is not None or is_collective_term(text):
            return self._party(text, row=row, column=column, arrangement=arrangement, key=key, what="host")
        named = self.names.resolver.named_in(text, member_ids) if member_ids else []
        if len(named) == 1:
            self.out.add(
                INFO,
                "name_interpreted",
                f"Värdkommunen '{_show(text)}' tolkades som {self.names.name_of(named[0])}, "
                "den enda medlemmen som nämns i texten.",
                "Kontrollera tolkningen; skriv bara kommunens namn i kolumnen för att slippa meddelandet.",
                row=row,
                column=column,
                arrangement=arrangement,
            )
            return named[0]
        choices = sorted(self.names.name_of(pid) for pid in member_ids)
        if named:
            problem = (
                "nämner flera medlemmar ("
                + ", ".join(self.names.name_of(p) for p in named)
                + ") och det framgår inte vilken som är värd."
            )
        else:
            suggestion = f" Menade du {' eller '.join(hit.suggestions)}?" if hit.suggestions else ""
            problem = f"matchar ingen känd kommun eller aktör.{suggestion}"
        self.out.add(
            ERROR,
            "unknown_host",
            f"Värdkommunen '{_show(text)}' {problem}",
            (
                "Skriv värdkommunens namn, en av medlemmarna: " + ", ".join(choices) + "."
                if choices
                else "Skriv kommunens namn som i SCB:s kommunlista eller ange kommunkoden."
            ),
            row=row,
            column=column,
            arrangement=arrangement,
        )
        self.bad_keys.add(key)
        return None

    def _reporter_for(self, text: str, *, row: int, column: str | None) -> str | None:
        if not text:
            return self.reporter_id
        return self._party(
            text,
            row=row,
            column=column or "Rapporterande kommun",
            arrangement=None,
            key=None,
            what="reporter",
        )

    # ------------------------------------------------------------ wide
    def _wide(self, table: pd.DataFrame, cols: _Columns, shares: dict) -> None:
        frame = self._normalise(table, cols)
        self.progress(_STAGE_VALUES)
        factor = cols.factor.get("annual_cost", 1.0)
        costs = self._values(
            table,
            "annual_cost",
            _parse_amount(factor),
            cols,
            what="amount",
            keys=frame["_key"].tolist(),
            plain=_plain_amount(factor),
        )
        members_raw = [_text(v) for v in table["members"].tolist()]
        seen: dict[str, int] = {}
        by_name: dict[str, list[int]] = {}
        member_label = cols.label["members"]
        for pos, rec in enumerate(_records(frame)):
            key, row = rec["_key"], rec["_row"]
            if key is None:
                continue
            if key in seen:
                first = self._records_by_key[key]
                differs = (
                    first["_members_text"] != members_raw[pos]
                    or first["form"] != rec["form"]
                    or first["host_raw"] != rec["host_raw"]
                    or first["area_raw"] != rec["area_raw"]
                )
                self.out.add(
                    WARNING,
                    "duplicate_arrangement",
                    f"Samma arrangemang finns redan på rad {seen[key]}"
                    + (" men beskrivs olika (medlemmar, form, värd eller område)." if differs else ".")
                    + " Raden hoppas över; uppgifterna på den första raden gäller.",
                    "Ta bort dubbletten eller ge raderna olika Id.",
                    row=row,
                    arrangement=rec["name"],
                )
                continue
            seen[key] = row
            by_name.setdefault(norm_key(rec["name"]), []).append(row)
            rec["_members_text"] = members_raw[pos]
            self._records_by_key[key] = rec
            names_in_cell = self.names.split(members_raw[pos])
            share_rows = shares.get(key) or shares.get(norm_key(rec["name"])) or {}
            if not names_in_cell and share_rows.get("_members"):
                names_in_cell = list(share_rows["_members"])
            members: dict[str, dict] = {}
            unresolved = 0
            for text in names_in_cell:
                pid = self._party(
                    text, row=row, column=member_label, arrangement=rec["name"], key=key, what="member"
                )
                if pid is None:
                    unresolved += 1
                    continue
                if pid in members:
                    self.out.add(
                        INFO,
                        "duplicate_member",
                        f"{self.names.name_of(pid)} står två gånger bland medlemmarna.",
                        "Ta bort dubbletten.",
                        row=row,
                        column=member_label,
                        arrangement=rec["name"],
                    )
                    continue
                members[pid] = {
                    "row": row,
                    "role_raw": None,
                    "share": np.nan,
                    "annual_cost": np.nan,
                    "start": None,
                    "end": None,
                }
            for pid, extra in share_rows.get("_by_party", {}).items():
                if pid in members:
                    members[pid].update(extra)
                elif extra.get("end") is not None:
                    # A former member: the Medlemmar cell lists today's members and the
                    # Medlemskap sheet keeps those who left, with their last day.
                    members[pid] = {
                        "row": extra.get("row"),
                        "role_raw": None,
                        "share": np.nan,
                        "annual_cost": np.nan,
                        "start": None,
                        "end": None,
                        **extra,
                    }
                else:
                    self.out.add(
                        WARNING,
                        "share_not_member",
                        f"{self.names.name_of(pid)} har en rad på bladet Medlemskap men är inte medlem.",
                        "Lägg till kommunen bland medlemmarna eller ta bort raden på bladet Medlemskap.",
                        row=extra.get("row"),
                        sheet="Medlemskap",
                        arrangement=rec["name"],
                    )
            rec["_unresolved"] = unresolved
            reporter = self._reporter_for(rec["reporter_raw"], row=row, column=cols.label.get("reporter"))
            rec["reported_by"] = reporter
            cost = costs[pos]
            if cost is not None:
                if reporter is None:
                    self.out.add(
                        INFO,
                        "cost_without_reporter",
                        "Årskostnaden kan inte knytas till en kommun eftersom rapporterande kommun saknas.",
                        "Ange rapporterande kommun (kolumn, cell ovanför rubrikerna eller --reporter).",
                        row=row,
                        column=cols.label.get("annual_cost"),
                        arrangement=rec["name"],
                    )
                elif reporter in members:
                    members[reporter]["annual_cost"] = cost
                elif unresolved:
                    pass  # the reporter may be among the unreadable members; that error says enough
                else:
                    self.out.add(
                        WARNING,
                        "cost_reporter_not_member",
                        f"Årskostnaden gäller {self.names.name_of(reporter)}, som inte är medlem.",
                        "Kontrollera medlemslistan eller rapporterande kommun.",
                        row=row,
                        column=cols.label.get("annual_cost"),
                        arrangement=rec["name"],
                    )
            rec["_members"] = members
            self.arrangements.append(rec)
        single = self._single_share
        if single and len(self.arrangements) == 1:
            # A fee table without an arrangement column describes the only arrangement.
            members = self.arrangements[0]["_members"]
            for pid, extra in single["_by_party"].items():
                if pid in members:
                    members[pid].update(extra)
        records = [
            {
                "_key": rec["_key"],
                "party_id": pid,
                "_row": m["row"],
                "role_raw": m.get("role_raw"),
                "share": m.get("share", np.nan),
                "annual_cost": m.get("annual_cost", np.nan),
                "start": m.get("start"),
                "end": m.get("end"),
            }
            for rec in self.arrangements
            for pid, m in rec.pop("_members").items()
        ]
        self.member_frame = pd.DataFrame(records, columns=list(_MEMBER_FRAME_COLUMNS))
        for rows in by_name.values():
            if len(rows) > 1:
                recs = [r for r in self.arrangements if r["_row"] in rows]
                if len({r["form"] for r in recs}) > 1:
                    self.out.add(
                        WARNING,
                        "same_name_different_form",
                        f"Namnet '{recs[0]['name']}' finns på raderna {', '.join(map(str, rows))} "
                        "med olika former.",
                        "Kontrollera om det är samma arrangemang; rätta formen eller namnet.",
                        row=rows[1],
                        arrangement=recs[0]["name"],
                    )

    def _medlemskap(self) -> dict:
        """Shares, costs and roles per member from an optional ``Medlemskap`` sheet."""
        sheets = [n for n, _ in self.source.sheets() if n is not None and norm_key(n) == "medlemskap"]
        if not sheets:
            return {}
        name = sheets[0]
        head = self.source.head(name)
        header_row, _ = find_header_row(head)
        out = self.out
        sheet_out = _Collector(out.file)
        sheet_out.sheet = name
        if header_row is None:
            out.add(
                WARNING,
                "medlemskap_no_header",
                "Bladet Medlemskap har ingen rubrikrad som känns igen och läses inte.",
                "Använd rubrikerna Id eller Namn, Medlem, Roll, Andel %, Årskostnad.",
                sheet=name,
            )
            return {}
        raw = self.source.read(name)
        # One member per row here: a members-list header is no member column.
        cols = _map_headers(raw, header_row, sheet_out, meanings=frozenset({"annual_cost"}))
        out.issues.extend(sheet_out.issues)
        member_field = (
            "member" if "member" in cols.index else ("member_code" if "member_code" in cols.index else None)
        )
        if member_field is None:
            out.add(
                WARNING,
                "medlemskap_no_member",
                "Bladet Medlemskap saknar kolumnen Medlem och läses inte.",
                "Lägg till kolumnen Medlem.",
                sheet=name,
            )
            return {}
        result: dict[str, dict] = {}
        body = raw.frame.iloc[header_row + 1 :]
        for idx, row_values in body.iterrows():
            row = int(idx) + 1
            cell = lambda f: row_values.iloc[cols.index[f]] if f in cols.index else None  # noqa: E731
            member_text = clean_text(_text(cell(member_field)))[0]
            ref = clean_text(_text(cell("id")))[0] or clean_text(_text(cell("name")))[0]
            if not member_text and not ref:
                continue
            if (
                norm_key(member_text).split(" ")[0] in _TOTAL_WORDS
                or norm_key(ref).split(" ")[0] in _TOTAL_WORDS
            ):
                continue
            target = ref if "id" in cols.index and _text(cell("id")).strip() else norm_key(ref)
            if not ref:
                target = "_only"
            entry = result.setdefault(target, {"_members": [], "_by_party": {}})
            entry["_members"].append(member_text)
            hit = self.names.resolve(member_text)
            if hit.party_id is None:
                suggestion = f" Menade du {' eller '.join(hit.suggestions)}?" if hit.suggestions else ""
                out.add(
                    ERROR,
                    "unknown_member",
                    f"'{_show(member_text)}' matchar ingen känd kommun eller aktör.{suggestion}",
                    "Skriv kommunens namn eller kommunkod.",
                    sheet=name,
                    row=row,
                    column=cols.label[member_field],
                )
                continue
            extra: dict[str, Any] = {"row": row}
            if "share" in cols.index:
                value, problem = parse_share(cell("share"))
                if problem:
                    out.add(
                        ERROR,
                        "bad_share",
                        f"'{_show(cell('share'))}' {problem}.",
                        _HINTS["share"],
                        sheet=name,
                        row=row,
                        column=cols.label["share"],
                    )
                elif value is not None:
                    extra["share"] = value
            if "annual_cost" in cols.index:
                value, problem = _parse_amount(cols.factor.get("annual_cost", 1.0))(cell("annual_cost"))
                if problem:
                    out.add(
                        ERROR,
                        "bad_amount",
                        f"'{_show(cell('annual_cost'))}' {problem}.",
                        _HINTS["amount"],
                        sheet=name,
                        row=row,
                        column=cols.label["annual_cost"],
                    )
                elif value is not None:
                    extra["annual_cost"] = value
            if "role" in cols.index and _text(cell("role")).strip():
                extra["role_raw"] = _text(cell("role")).strip()
            for fld, key in (("member_start", "start"), ("member_end", "end")):
                if fld not in cols.index or (fld == "member_end" and is_open_ended(cell(fld))):
                    continue
                day, problem = parse_date(
                    cell(fld), epoch_1904=self.epoch_1904, period_end=fld == "member_end"
                )
                if problem:
                    out.add(
                        ERROR,
                        "bad_date",
                        f"'{_show(cell(fld))}' {problem}.",
                        _HINTS["date"],
                        sheet=name,
                        row=row,
                        column=cols.label[fld],
                    )
                elif day is not None:
                    extra[key] = day
            if extra.get("start") and extra.get("end") and extra["end"] < extra["start"]:
                out.add(
                    WARNING,
                    "member_end_before_start",
                    f"Medlemskapet slutar {extra['end'].isoformat()}, före sitt startdatum "
                    f"{extra['start'].isoformat()}.",
                    "Rätta datumen (de kan ha bytt plats).",
                    sheet=name,
                    row=row,
                    column=cols.label["member_end"],
                )
            entry["_by_party"][hit.party_id] = extra
        if "_only" in result and len(result) == 1:
            # A single fee table without an arrangement column: it describes the only
            # arrangement on the Samverkan sheet (resolved by the caller's lookup).
            result["_single"] = result.pop("_only")
        self._single_share = result.get("_single")
        return result

    # ------------------------------------------------------------ long
    def _long(self, table: pd.DataFrame, cols: _Columns) -> None:
        """One row per arrangement × member: arrangement fields are read once per distinct row."""
        attr_fields = [f for f in _ARRANGEMENT_FIELDS if f in table.columns]
        # Rows repeat the arrangement's fields for every member: normalise each distinct
        # combination once (the first row where it occurs is the row reported).
        distinct = table.index[_distinct_rows([table[f] for f in attr_fields])]
        frame = self._normalise(table.loc[distinct], cols)
        self.progress(_STAGE_VALUES)
        name_text = _texts(table["name"])
        form_text = _texts(table["form"])
        id_text = _texts(table["id"]) if "id" in table else [""] * len(table)
        keys = [_arrangement_key(g, n, f) for g, n, f in zip(id_text, name_text, form_text)]
        rows = table["_row"].tolist()
        n = len(table)
        code_texts = _texts(table["member_code"]) if "member_code" in table else [""] * n
        member_texts = _texts(table["member"]) if "member" in table else [""] * n
        # Each distinct (code, name) pair is resolved once, then spread over the rows.
        code_ids, code_uniques = pd.factorize(_object_array(code_texts))
        name_ids, name_uniques = pd.factorize(_object_array(member_texts))
        pair_ids, pair_uniques = pd.factorize(
            code_ids.astype(np.int64) * max(len(name_uniques), 1) + name_ids
        )
        self.names.learn_names(name_uniques.tolist())
        plain_party, names_party = self.names.plain_party, self.names.names_party
        width = max(len(name_uniques), 1)
        hits = []
        for pair in pair_uniques.tolist():
            code, name = code_uniques[pair // width], name_uniques[pair % width]
            # The usual row: a party id as code beside that party's own name; the
            # same answer _resolve_pair's first branch gives, without its objects.
            pid = plain_party(code) if code else None
            hits.append(
                (pid, None, ())
                if pid is not None and names_party(name, pid)
                else self._resolve_pair(code, name)
            )
        member_ids = _object_array([hit[0] for hit in hits])[pair_ids].tolist() if n else []
        failed = [k for k, hit in enumerate(hits) if hit[1] is not None]
        for pos in np.flatnonzero(np.isin(pair_ids, failed)).tolist() if failed else []:
            _, problem, suggestions = hits[pair_ids[pos]]
            code, name = code_texts[pos], member_texts[pos]
            column = (
                cols.label["member_code"]
                if code and "member_code" in cols.label
                else cols.label.get("member", cols.label.get("member_code"))
            )
            self.out.add(
                ERROR,
                "member_code_name_mismatch" if problem == "mismatch" else "unknown_member",
                _member_problem(problem, code, name, suggestions),
                "Skriv kommunens namn som i SCB:s kommunlista eller ange kommunkoden (fyra siffror).",
                row=rows[pos],
                column=column,
                arrangement=name_text[pos] or None,
            )
            if keys[pos]:
                self.bad_keys.add(keys[pos])
        shares = self._values(table, "share", parse_share, cols, what="share", keys=keys, plain=_plain_share)
        factor = cols.factor.get("annual_cost", 1.0)
        costs = self._values(
            table,
            "annual_cost",
            _parse_amount(factor),
            cols,
            what="amount",
            keys=keys,
            plain=_plain_amount(factor),
        )
        mstarts = self._dates(table, "member_start", cols, keys=keys)
        mends = self._dates(table, "member_end", cols, keys=keys, period_end=True, open_ended=True)
        roles = [t or None for t in _texts(table["role"])] if "role" in table else [None] * n
        for pos in [p for p, (a, b) in enumerate(zip(mstarts, mends)) if a and b and b < a]:
            self.out.add(
                WARNING,
                "member_end_before_start",
                f"Medlemskapet slutar {mends[pos].isoformat()}, före sitt startdatum "
                f"{mstarts[pos].isoformat()}.",
                "Rätta datumen (de kan ha bytt plats).",
                row=rows[pos],
                column=cols.label["member_end"],
                arrangement=name_text[pos] or None,
            )
        mem = pd.DataFrame(
            {
                "_key": keys,
                "party_id": member_ids,
                "_row": rows,
                "role_raw": roles,
                "share": [np.nan if v is None else v for v in shares],
                "annual_cost": [np.nan if v is None else v for v in costs],
                "start": mstarts,
                "end": mends,
            }
        )
        mem = mem[mem["_key"].notna()]
        unresolved = mem.loc[mem["party_id"].isna(), "_key"].value_counts().to_dict()
        mem = mem[mem["party_id"].notna()]
        key_ids, _ = _factorize(mem["_key"])
        party_ids, party_uniques = _factorize(mem["party_id"])
        duplicated = pd.Series(key_ids.astype(np.int64) * (len(party_uniques) + 1) + party_ids).duplicated()
        duplicated = duplicated.to_numpy()
        if duplicated.any():
            for key, pid, row in mem.loc[duplicated, ["_key", "party_id", "_row"]].itertuples(index=False):
                self.out.add(
                    WARNING,
                    "duplicate_member",
                    f"{self.names.name_of(pid)} står redan på en tidigare rad för samma arrangemang; "
                    "raden hoppas över.",
                    "Ta bort dubbletten.",
                    row=int(row),
                    arrangement=self._display_name.get(key),
                )
            mem = mem[~duplicated.to_numpy()]
        self.member_frame = mem.reset_index(drop=True)
        # Collapse the distinct arrangement rows: the first filled-in value wins, and
        # a field written differently on an arrangement's rows is a warning.
        records: dict[str, dict] = {}
        for rec in _records(frame):
            key = rec["_key"]
            if key is None:
                continue
            first = records.get(key)
            if first is None:
                rec["_unresolved"] = int(unresolved.get(key, 0))
                records[key] = rec
                continue
            for fld, label in _LONG_LABELS.items():
                a, b = first.get(fld), rec.get(fld)
                if _filled(b) and not _filled(a):
                    first[fld] = b
                    if fld == "area_raw":
                        first["area"], first["area_unknown"] = rec.get("area"), rec.get("area_unknown")
                elif _filled(a) and _filled(b) and a != b:
                    self.out.add(
                        WARNING,
                        "inconsistent_rows",
                        f"Arrangemangets rader anger olika {label} (rad {first['_row']}: {_show(a)}; "
                        f"rad {rec['_row']}: {_show(b)}); den första gäller.",
                        "Skriv samma värde på alla rader för arrangemanget.",
                        row=rec["_row"],
                        arrangement=first["name"] or None,
                    )
        for rec in records.values():
            rec["reported_by"] = self._reporter_for(
                rec.get("reporter_raw") or "", row=rec["_row"], column=cols.label.get("reporter")
            )
            self.arrangements.append(rec)

    def _resolve_pair(self, code: str, name: str) -> tuple[str | None, str | None, tuple]:
        by_code = self.names.resolve(code) if code else None
        if (
            by_code is not None
            and by_code.party_id is not None
            and self.names.names_party(name, by_code.party_id)
        ):
            # The name is the code's own party's unambiguous name: they agree.
            return by_code.party_id, None, ()
        by_name = self.names.resolve(name) if name else None
        if by_code is not None and by_code.party_id is not None:
            if by_name is not None and by_name.party_id is not None and by_name.party_id != by_code.party_id:
                return (
                    None,
                    "mismatch",
                    (self.names.name_of(by_code.party_id), self.names.name_of(by_name.party_id)),
                )
            return by_code.party_id, None, ()
        if by_name is not None and by_name.party_id is not None:
            if by_code is not None:
                # An unknown code beside a known name: trust neither silently.
                return None, "bad_code", (self.names.name_of(by_name.party_id),)
            return by_name.party_id, None, ()
        if not code and not name:
            return None, "blank", ()
        hit = by_name or by_code
        return None, "unknown", tuple(hit.suggestions) if hit else ()

    # ------------------------------------------------------------ finish
    def _finish(self) -> None:
        out = self.out
        mem = self.member_frame
        counts = mem.groupby("_key", sort=False).size().to_dict() if len(mem) else {}
        pairs = set(zip(mem["_key"].tolist(), mem["party_id"].tolist()))
        role_hosts: dict[str, list[str]] = {}
        with_role = mem[mem["role_raw"].notna()] if len(mem) else mem
        if len(with_role):
            normed = _map_unique(with_role["role_raw"], lambda v: normalise_role(v) if v else None)
            # Only unknown roles (a warning) and host roles matter: visit just those rows.
            wanted = [i for i, role in enumerate(normed) if role is None or role in ("värd", "utförare")]
            keys_, pids_, rows_, raws_ = (
                with_role[c].to_numpy(dtype=object)[wanted].tolist()
                for c in ("_key", "party_id", "_row", "role_raw")
            )
            for key, pid, row, raw_role, role in zip(keys_, pids_, rows_, raws_, [normed[i] for i in wanted]):
                if role is None:
                    out.add(
                        WARNING,
                        "unknown_role",
                        f"Okänd roll '{_show(raw_role)}'; rollen härleds i stället.",
                        "Använd värd, utförare, uppdragsgivare eller medlem.",
                        row=int(row),
                        arrangement=self._display_name.get(key),
                    )
                elif role in ("värd", "utförare"):
                    role_hosts.setdefault(key, []).append(pid)
        member_column = self._label("members") or self._label("member_code") or self._label("member")
        host_column = self._label("host")
        members_of: dict[str, list[str]] = {}
        for key_, pid_ in pairs:
            members_of.setdefault(key_, []).append(pid_)
        added: list[dict] = []
        parties = self.names.parties
        kind_of = (
            dict(zip(parties["id"].astype(str), parties["kind"]))
            if "kind" in parties.columns
            and any(rec.get("form") == "samordningsforbund" for rec in self.arrangements)
            else None
        )
        for rec in self.arrangements:
            key, row, name = rec["_key"], rec["_row"], rec["name"] or None
            form = rec.get("form")
            stated = role_hosts.get(key, [])
            host = None
            host_text = rec.get("host_raw") or ""
            if host_text:
                host = self._host(
                    host_text, members_of.get(key, []), row=row, column=host_column, arrangement=name, key=key
                )
            elif len(stated) == 1 and form not in ENTITY_FORMS:
                host = stated[0]
            seat = None
            seat_text = rec.get("seat_raw") or ""
            if seat_text:
                hit = self.names.resolve(seat_text)
                if hit.party_id is None:
                    out.add(
                        WARNING,
                        "unknown_seat",
                        f"Sätet '{_show(seat_text)}' känns inte igen och utelämnas.",
                        "Skriv kommunens namn eller kommunkod.",
                        row=row,
                        column=self._label("seat"),
                        arrangement=name,
                    )
                else:
                    seat = hit.party_id
            if host is not None and (form in ENTITY_FORMS or form == "informell"):
                if seat is None and form in ENTITY_FORMS:
                    seat = host
                out.add(
                    INFO,
                    "host_for_entity",
                    "Värdkommun är angiven för en form utan värd; den tolkas "
                    + ("som säte." if form in ENTITY_FORMS else "inte som utförare.")
                    + " Ett förbund, bolag eller nätverk har ingen värdkommun.",
                    "Skriv kommunen i kolumnen Säte i stället.",
                    row=row,
                    column=host_column,
                    arrangement=name,
                )
                host = None
            if host is not None and stated and host not in stated:
                out.add(
                    WARNING,
                    "role_conflict",
                    f"Rollkolumnen anger {', '.join(self.names.name_of(p) for p in stated)} som värd/utförare "
                    f"men värdkommunen är {self.names.name_of(host)}; värdkommunen gäller.",
                    "Rätta rollen eller värdkommunen.",
                    row=row,
                    arrangement=name,
                )
            n_members = counts.get(key, 0) + rec.get("_unresolved", 0)
            if n_members < 2:
                out.add(
                    ERROR,
                    "too_few_members",
                    f"Arrangemanget har {n_members} medlem{'mar' if n_members != 1 else ''}; minst två krävs.",
                    "Ange alla medlemmar (även värdkommunen).",
                    row=row,
                    column=member_column,
                    arrangement=name,
                )
                self.bad_keys.add(key)
            if host is not None and (key, host) not in pairs and self.layout == "lång":
                # In the long form the host column is itself a statement that the host
                # takes part (e.g. a region hosting a joint committee whose member rows
                # list only the municipalities): add it as the host, and say so.
                out.add(
                    WARNING,
                    "host_added_as_member",
                    f"Värden {self.names.name_of(host)} saknas bland medlemsraderna och har lagts "
                    "till som medlem och värd.",
                    "Lägg till en rad för värden så att registret är komplett.",
                    row=row,
                    column=host_column,
                    arrangement=name,
                )
                added.append({"_key": key, "party_id": host, "_row": row})
                pairs.add((key, host))
            if host is not None and (key, host) not in pairs:
                out.add(
                    ERROR,
                    "host_not_member",
                    f"Värdkommunen {self.names.name_of(host)} finns inte bland medlemmarna.",
                    "Lägg till värdkommunen bland medlemmarna eller rätta värdkommunen.",
                    row=row,
                    column=host_column,
                    arrangement=name,
                )
                self.bad_keys.add(key)
            rec["host"], rec["seat"] = host, seat
            self._undated_end(rec)
            if form == "samordningsforbund" and not rec.get("_unresolved") and kind_of is not None:
                ids = members_of.get(key, [])
                for finding in samordningsforbund_findings(
                    (pid, self.names.name_of(pid), kind_of.get(pid)) for pid in ids
                ):
                    out.add(
                        finding.level,
                        finding.code,
                        finding.message,
                        finding.hint,
                        row=row,
                        column=member_column,
                        arrangement=name,
                    )
                    self.bad_keys.add(key)
            for finding in arrangement_findings(rec, present_fields=self.present):
                if finding.code == "host_missing" and host_text:
                    continue  # the host cell is filled but unreadable: its error says so
                out.add(
                    finding.level,
                    finding.code,
                    finding.message,
                    finding.hint,
                    row=row,
                    column=self._label(finding.field) if finding.field else None,
                    arrangement=name,
                )
        if added:
            mem = pd.concat([mem, pd.DataFrame(added)], ignore_index=True)
        if len(mem):
            host_of = {rec["_key"]: rec.get("host") for rec in self.arrangements}
            form_of = {rec["_key"]: rec.get("form") for rec in self.arrangements}
            hosts = mem["_key"].map(host_of)
            forms = mem["_key"].map(form_of)
            is_host = mem["party_id"].eq(hosts).to_numpy()
            gn = forms.eq("gemensam_namnd").to_numpy()
            av = forms.eq("avtalssamverkan").to_numpy()
            mem = mem.assign(
                role=np.select(
                    [gn & is_host, av & is_host, av & hosts.notna().to_numpy()],
                    ["värd", "utförare", "uppdragsgivare"],
                    "medlem",
                )
            )
        else:
            mem = mem.assign(role=pd.Series(dtype=object))
        self.member_frame = mem

    def _undated_end(self, rec: dict) -> None:
        """An ``avslutad`` arrangement without an end date: the date from its note when
        the note gives one ("upphörde 2013"), else kept as ended "datum okänt"
        (:meth:`CooperationWeb.current_on` shows it on past dates, not from today on)."""
        if rec.get("status") != "avslutad" or rec.get("end") is not None:
            return
        row, name = rec["_row"], rec["name"] or None
        found = end_from_note(rec.get("note"))
        if found is not None:
            rec["end"] = found.day
            self.out.add(
                INFO,
                "end_from_note",
                f"Slutdatum saknas; {found.day.isoformat()} lästes ur anmärkningen ('{_show(found.text)}').",
                "Kontrollera datumet och skriv det i kolumnen Slutdatum.",
                row=row,
                column=self._label("note"),
                arrangement=name,
            )
            return
        self.out.add(
            WARNING,
            "ended_without_date",
            "Status avslutad men inget slutdatum: visas som avslutad med okänt datum, det vill säga "
            "med på tidigare datum men inte i dag och framåt.",
            "Skriv slutdatumet i kolumnen Slutdatum (ÅÅÅÅ-MM-DD), eller året i Anmärkning "
            "(t.ex. 'upphörde 2013').",
            row=row,
            column=self._label("status"),
            arrangement=name,
        )

    def _label(self, fld: str | None) -> str | None:
        return self._labels.get(fld) if fld else None

    @property
    def _labels(self) -> dict[str, str]:
        return getattr(self, "_cols_labels", {})

    def build_web(self, *, only_valid: bool) -> CooperationWeb:
        arrangements = []
        for rec in self.arrangements:
            if only_valid and (rec["_key"] in self.bad_keys or rec.get("form") is None):
                continue
            rec["id"] = rec["_key"]
            arrangements.append(rec)
        arr = pd.DataFrame.from_records(arrangements, columns=list(ARRANGEMENT_COLUMNS))
        arr = arr.astype(object).where(arr.notna(), None)
        mem = self.member_frame
        if "role" not in mem.columns:
            mem = mem.assign(role="medlem")
        mem = mem[mem["_key"].isin(set(arr["id"]))]
        mem = mem.rename(columns={"_key": "arrangement_id"}).loc[:, list(MEMBERSHIP_COLUMNS)]
        mem = mem.reset_index(drop=True)
        mem["share"] = pd.to_numeric(mem["share"], errors="coerce").astype(float)
        mem["annual_cost"] = pd.to_numeric(mem["annual_cost"], errors="coerce").astype(float)
        mem["start"] = mem["start"].astype(object).where(mem["start"].notna(), None)
        mem["end"] = mem["end"].astype(object).where(mem["end"].notna(), None)
        return CooperationWeb(self.names.parties, arr, mem, (self.out.file,))


@lru_cache(maxsize=65536)
def _arrangement_key(given: str, name: str, form_text: str) -> str | None:
    """The arrangement id: the given Id, else a slug of the name and the normalised form."""
    if given:
        return given
    if not name:
        return None
    form = normalise_form(form_text)
    return f"{slugify(name)}--{form or slugify(form_text) or 'okand'}"


_ARRANGEMENT_FIELDS = (
    "id",
    "name",
    "form",
    "area",
    "host",
    "seat",
    "start",
    "end",
    "status",
    "notice_months",
    "owner",
    "goal",
    "last_evaluated",
    "source",
    "note",
    "reporter",
)
_LONG_LABELS = {
    "form": "form",
    "area_raw": "område",
    "host_raw": "värdkommun",
    "seat_raw": "säte",
    "start": "startdatum",
    "end": "slutdatum",
    "status": "status",
    "notice_months": "uppsägningstid",
    "owner": "ansvarig",
    "goal": "mål",
    "last_evaluated": "senast utvärderad",
    "reporter_raw": "rapporterande kommun",
    "source": "källa",
    "note": "anmärkning",
}
_MEMBER_FRAME_COLUMNS = ("_key", "party_id", "_row", "role_raw", "share", "annual_cost", "start", "end")


def _texts(series: pd.Series) -> list[str]:
    """Cells as stripped text, each distinct value converted once."""
    return _map_unique(series, _strip_text)


def _records(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")`` without per-cell boxing (much faster on object columns)."""
    columns = list(frame.columns)
    # pandas may store None as NaN in inferred string columns; give None back.
    lists = [
        [None if isinstance(v, float) and v != v else v for v in frame[c].tolist()]
        if frame[c].dtype != float
        else frame[c].tolist()
        for c in columns
    ]
    return [dict(zip(columns, values)) for values in zip(*lists)]


def _filled(value: Any) -> bool:
    return not (value is None or value == "" or (isinstance(value, float) and value != value))


def _role(form: str | None, host: str | None, party_id: str) -> str:
    if form == "gemensam_namnd":
        return "värd" if party_id == host else "medlem"
    if form == "avtalssamverkan":
        if host is None:
            return "medlem"
        return "utförare" if party_id == host else "uppdragsgivare"
    return "medlem"


def _member_problem(problem: str, code: str, name: str, suggestions: tuple) -> str:
    if problem == "blank":
        return "Medlem saknas på raden."
    if problem == "mismatch":
        return f"Kommunkod '{code}' och namn '{name}' pekar på olika aktörer ({' / '.join(suggestions)})."
    if problem == "bad_code":
        return f"Kommunkoden '{code}' finns inte (namnet '{name}' betyder {suggestions[0]})."
    text = code or name
    if is_collective_term(text):
        return (
            f"'{_show(text)}' är ett samlingsnamn, inte en namngiven kommun eller aktör; skriv en rad per "
            "medlemskommun med dess namn."
        )
    hint = f" Menade du {' eller '.join(suggestions)}?" if suggestions else ""
    return f"'{_show(text)}' matchar ingen känd kommun eller aktör.{hint}"


#: Plain decimal text: ``parse_amount`` and ``parse_share`` read it as ``float`` with
#: the comma as decimal point, and no unit (the text has no room for one).
_PLAIN_DECIMAL = re.compile(r"[0-9]+(?:[.,][0-9]+)?")
_NEGATIVE_AMOUNT = "är negativt; en årskostnad kan inte vara negativ"
_SHARE_RANGE = "andelen måste ligga mellan 0 och 100 %"


def _plain_amount(factor: float) -> Callable[[float], tuple[float | None, str | None]]:
    """:func:`_parse_amount` of plain decimal text, given its float."""

    def plain(number: float) -> tuple[float | None, str | None]:
        number = number * factor
        return (None, _NEGATIVE_AMOUNT) if number < 0 else (number, None)

    return plain


def _plain_share(number: float) -> tuple[float | None, str | None]:
    """:func:`parse_share` of plain decimal text, given its float."""
    if not 0 <= number <= 100:
        return None, _SHARE_RANGE
    return round(number / 100.0, 10), None


def _parse_amount(factor: float) -> Callable[[Any], tuple[float | None, str | None]]:
    """Amounts under a header with unit ``factor``; a unit written in the cell wins."""

    def parse(value: Any) -> tuple[float | None, str | None]:
        number, problem = parse_amount(value, header_factor=factor)
        if problem or number is None:
            return number, problem
        if number < 0:
            return None, _NEGATIVE_AMOUNT
        return number, None

    return parse


_parse_months = parse_months


def _parse_status(value: Any) -> tuple[str | None, str | None]:
    text = _text(value).strip()
    if not text:
        return None, None
    status = normalise_status(text)
    if status is None:
        return None, "är ingen känd status (aktiv, avslutad eller planerad)"
    return status, None


_HINTS = {
    "date": "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2023-07-01.",
    "amount": "Skriv beloppet som ett tal i kronor, t.ex. 1 250 000 eller 1250000,50.",
    "months": 'Skriv uppsägningstiden i månader, t.ex. 12, "6 månader" eller "1 år".',
    "status": "Skriv aktiv, avslutad eller planerad.",
    "share": "Skriv andelen i procent, t.ex. 17,5 %.",
}
