"""Read one register file into a checked :class:`~samverkansvav.model.CooperationWeb`.

The flow is: sniff the container → pick the sheet and the header row → map headers to
fields → clean cells (:mod:`~samverkansvav.ingest.extract`) → normalise values, each
distinct value once (:mod:`~samverkansvav.ingest.normalise`, with
:mod:`~samverkansvav.ingest.wide` and :mod:`~samverkansvav.ingest.long` per layout) →
settle arrangements and memberships and run the checks
(:mod:`~samverkansvav.ingest.assemble`) → report. This module ties the layers together. Every problem is collected
with file, sheet, Excel row and the column header as written; a file with any error
yields no web (``RegisterResult.web is None``).

Two layouts are recognised from the headers:

- wide: one row per arrangement, members listed in one cell (``Medlemmar``), with an
  optional ``Medlemskap`` sheet giving shares and costs per member;
- long: one row per arrangement × member (``medlem_kommunkod`` / ``medlem_namn``), as
  in the real data set.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from samverkansvav.ingest.assemble import build_web, finish
from samverkansvav.ingest.cells import Collector
from samverkansvav.ingest.checks import follow_up_columns_finding, header_findings, required_fields
from samverkansvav.ingest.container import UnreadableFile, sniff
from samverkansvav.ingest.extract import (
    Columns,
    choose_sheet,
    file_reporter,
    fill_merged,
    map_headers,
    prepare_table,
    report_unknown,
)
from samverkansvav.ingest.headers import LIST_FIELDS, LONG_FIELDS
from samverkansvav.ingest.progress import (
    PROGRESS_STAGES,
    ROWS_PER_TICK,
    STAGE_CHECKS,
    STAGE_DONE,
    STAGE_HEADERS,
    STAGE_MEMBERS,
    STAGE_OPENED,
    STAGE_ROWS,
    Progress,
    ProgressCallback,
    count_rows,
)
from samverkansvav.ingest.readers import CsvSource, RawSheet
from samverkansvav.ingest.state import SheetState
from samverkansvav.model import CooperationWeb
from samverkansvav.reference.name_cache import NameCache, default_parties_and_resolver
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
# Rows between two progress reports while a workbook is read (a test lowers it).
_ROWS_PER_TICK = ROWS_PER_TICK


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
    #: ``web``'s tables are already in the merged form (built by
    #: :func:`~samverkansvav.ingest.assemble.build_web`): alone, it merges to itself.
    settled: bool = field(default=False, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """True when the file had no errors and produced a web."""
        return self.web is not None and not self.report.has_errors


def default_parties() -> pd.DataFrame:
    """The default parties table (loaded once per process)."""
    return default_parties_and_resolver()[0]


def cap_issues(
    issues: list[Issue], *, limit: int = MAX_LISTED_ISSUES, more_infos: int = 0, file: str | None = None
) -> list[Issue]:
    """At most ``limit`` issues (errors first kept), plus one summary line for the rest.

    The summary carries the most severe level among the dropped issues, so a capped
    report still says whether it has errors. ``more_infos`` counts infos of ``file``
    that came after at least ``limit`` kept infos and were never built (see
    :class:`~samverkansvav.ingest.cells.Collector`): they are only counted.
    """
    if len(issues) + more_infos <= limit:
        return issues
    order = {ERROR: 0, WARNING: 1, INFO: 2}
    ranked = sorted(range(len(issues)), key=lambda i: (order.get(issues[i].level, 3), i))
    keep = sorted(ranked[:limit])
    dropped = [issues[i] for i in ranked[limit:]]
    counts = {lvl: sum(1 for i in dropped if i.level == lvl) for lvl in (ERROR, WARNING, INFO)}
    counts[INFO] += more_infos
    levels = [i.level for i in dropped] + ([INFO] if more_infos else [])
    worst = min(levels, key=lambda lvl: order.get(lvl, 3))
    summary = Issue(
        worst,
        "more_issues",
        f"Ytterligare {len(dropped) + more_infos} problem visas inte ({counts[ERROR]} fel, "
        f"{counts[WARNING]} varningar, {counts[INFO]} info).",
        "Rätta de visade problemen och kontrollera filen igen.",
        file=dropped[0].file if dropped else file,
    )
    return [issues[i] for i in keep] + [summary]


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
    with _collector_paused():
        return _read_bytes(
            data,
            file_name=file_name,
            parties=parties,
            reporter=reporter,
            max_rows=max_rows,
            progress=progress,
        )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a register is read.

    Reading builds hundreds of thousands of small objects (cells, records, issues)
    and no reference cycles, so the collector would only scan them over and over: a
    tenth of the time of a large register. Reference counting still frees everything;
    the collector resumes (if it was running) when the register has been read.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read_bytes(
    data: bytes,
    *,
    file_name: str,
    parties: pd.DataFrame | None,
    reporter: str | None,
    max_rows: int | None,
    progress: ProgressCallback | None,
) -> RegisterResult:
    if max_rows is None:
        from samverkansvav.config import load_config

        max_rows = int(load_config().max_rows)
    sha = hashlib.sha256(data).hexdigest()
    kind = sniff(data, file_name)
    names = NameCache(parties)
    # Infos beyond what the capped report lists are only counted.
    out = Collector(file_name, keep_infos=MAX_LISTED_ISSUES)
    source: Any
    if kind == "csv":
        source = CsvSource(data, file_name, max_rows=max_rows, max_columns=MAX_COLUMNS)
    else:
        # Imported here: a CSV register needs no workbook reader (nor its XML parser).
        from samverkansvav.ingest.workbook import open_workbook

        source = open_workbook(data, file_name, kind, max_rows=max_rows, max_columns=MAX_COLUMNS)
    tracker = Progress(progress)
    if progress is not None:
        tracker(STAGE_OPENED)
        if kind != "csv":
            count_rows(source, tracker, rows_per_tick=_ROWS_PER_TICK)
    state = SheetState(names, out, tracker)
    try:
        _read_source(source, state, reporter=reporter, max_rows=max_rows)
    finally:
        source.close()
    report = Report(cap_issues(out.issues, more_infos=out.more_infos, file=out.file))
    usable = build_web(state, only_valid=True)
    web = None if report.has_errors else usable
    tracker(STAGE_DONE)
    return RegisterResult(file_name, sha, state.reporter_id, report, web, usable, state.layout, settled=True)


def _read_source(source: Any, state: SheetState, *, reporter: str | None, max_rows: int) -> None:
    """Read the register's sheet (and its Medlemskap sheet) into ``state``."""
    out = state.out
    sheet_name, header_row = choose_sheet(source)
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
    raw = source.read(sheet_name)
    state.progress(STAGE_ROWS)
    state.epoch_1904 = raw.epoch_1904
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
            f"Registret har fler än {max_rows} rader, som är gränsen.",
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
    state.reporter_id = file_reporter(raw, header_row, given=reporter, names=state.names, out=out)
    cols = map_headers(raw, header_row, out, report_unknown=False)
    state.present = set(cols.index)
    state.labels = dict(cols.label)
    state.progress(STAGE_HEADERS)
    fill_merged(raw, header_row, out)
    try:
        _read_layout(source, state, raw, header_row, cols, max_rows=max_rows)
    finally:
        if cols.unknown:
            host_gap = "host" not in cols.index and any(i.code == "host_missing" for i in out.issues)
            report_unknown(
                out,
                cols.unknown,
                row=header_row + 1,
                host_gap=host_gap,
                cost_label=cols.label.get("annual_cost"),
            )


def _read_layout(
    source: Any, state: SheetState, raw: RawSheet, header_row: int, cols: Columns, *, max_rows: int
) -> None:
    """The wide or long layout, told by the headers, read and settled."""
    out = state.out
    is_long = bool(LONG_FIELDS & set(cols.index)) and not (LIST_FIELDS & set(cols.index))
    state.layout = "lång" if is_long else "bred"
    header_row_number = header_row + 1
    for finding in header_findings(cols.index, cols.label, long_form=is_long, ambiguous=cols.ambiguous):
        out.add(
            finding.level,
            finding.code,
            finding.message,
            finding.hint,
            row=header_row_number,
            column=cols.label[finding.field] if finding.field else None,
        )
    if any(f not in cols.index for f in required_fields(cols.index, long_form=is_long)):
        return
    follow_up = follow_up_columns_finding(cols.index)
    if follow_up is not None:
        out.add(follow_up.level, follow_up.code, follow_up.message, follow_up.hint)
    table = prepare_table(raw, header_row, cols, out, max_rows=max_rows, codes=state.table_codes)
    if table is None:
        return
    state.table = table
    # Each layout's reader is imported only for a register in that layout.
    if is_long:
        from samverkansvav.ingest.long import read_long

        read_long(state, table, cols)
    else:
        from samverkansvav.ingest.wide import read_medlemskap, read_wide

        shares = read_medlemskap(state, source)
        read_wide(state, table, cols, shares)
    state.progress(STAGE_MEMBERS)
    finish(state)
    state.progress(STAGE_CHECKS)
