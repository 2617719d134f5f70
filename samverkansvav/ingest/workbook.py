"""Workbooks (.xlsx, .xlsm, .ods, .xls) read with calamine, openpyxl only where it must.

calamine (python-calamine, Rust) reads cell values, sheet names, visibility and
merged ranges an order of magnitude faster than openpyxl. It does not show three
things the register checks need, so they are taken from the file itself:

- formulas saved without a calculated value and error cells (``#REF!``): calamine
  gives both as empty cells; the sheet XML says which they are (.xlsx);
- the 1904 date system of numbers typed without a date format (``workbook.xml``,
  the DATEMODE record of .xls);
- cells whose position would make calamine allocate a huge grid (a cell in
  column XFD): such a workbook is read with openpyxl, which streams it row by row
  under the same limits (:class:`~samverkansvav.ingest.readers.WorkbookSource`).

Before calamine sees an .xlsx or .ods, every ZIP member has been inflated once by
:func:`~samverkansvav.ingest.container.verify_zip_members` (no lying sizes, no DTD),
so entity and zip bombs are refused as before; openpyxl keeps using defusedxml.
Cells come out as openpyxl would give them: ``None`` for empty, ``int`` for whole
numbers, ``datetime``/``date`` for date-formatted cells, text unchanged.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from typing import Any

import pandas as pd

from samverkansvav.ingest.container import UnreadableFile, verify_zip_members
from samverkansvav.ingest.readers import (
    RawSheet,
    WorkbookSource,
    _column_index,
    _filled_width,
    missing_formula_cells,
)

__all__ = ["CalamineSource", "open_workbook"]

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"

#: calamine holds a sheet as one dense grid from A1 to the farthest cell: one cell
#: in XFD1048576 would ask for 17 billion cells. A reference with a two-letter
#: column or a five-digit row is the cheap sign to measure the grid exactly.
_FAR_COLUMN = re.compile(rb'r="(?:[A-Z]{2}|[A-Z]*\d{5})')
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
#: The largest grid (rows × columns) handed to calamine; a larger one is streamed by openpyxl.
MAX_GRID_CELLS = 4_000_000
_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\b([^>]*?\bt="e"[^>]*)>(.*?)</(?:\w+:)?c>', re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_V = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_DATE1904 = re.compile(rb'\bdate1904="(?:1|true)"')
# .xls (BIFF8): a BOOLERR record holding an error, a FORMULA record whose cached
# result is an error, and DATEMODE = 1 (the 1904 system). A raw scan of the file:
# a record split across OLE sectors can be missed, never invented in text cells.
_BIFF_ERROR_CODES = rb"[\x00\x07\x0f\x17\x1d\x24\x2a\x2b]"
_XLS_BOOLERR = re.compile(rb"\x05\x02\x08\x00.{6}" + _BIFF_ERROR_CODES + rb"\x01", re.DOTALL)
_XLS_FORMULA_ERROR = re.compile(
    rb"\x06\x00..(?:.{6})\x02\x00" + _BIFF_ERROR_CODES + rb"\x00\x00\x00\xff\xff", re.DOTALL
)
_XLS_DATEMODE_1904 = b"\x22\x00\x02\x00\x01\x00"
_ODS_SPAN = re.compile(rb'number-(?:columns|rows)-spanned="(?!1")\d+"')


def _calamine() -> Any:
    import python_calamine

    return python_calamine


def open_workbook(data: bytes, file_name: str, kind: str, *, max_rows: int, max_columns: int) -> Any:
    """A sheet source for a workbook already accepted by :func:`~samverkansvav.ingest.container.sniff`.

    ``kind`` is ``"xlsx"``, ``"ods"`` or ``"xls"``. Returns a :class:`CalamineSource`,
    or the openpyxl :class:`~samverkansvav.ingest.readers.WorkbookSource` for an .xlsx
    whose cell positions calamine cannot hold safely. Raises :class:`UnreadableFile`.
    """
    if kind == "xlsx":
        parts = _xlsx_parts(data, file_name)
        # Every part holding cells, also one the workbook names in an unusual place.
        if any(_grid_cells(xml) > MAX_GRID_CELLS for xml in parts.cell_parts):
            return WorkbookSource(data, file_name, max_rows=max_rows, max_columns=max_columns)
        return CalamineSource(data, file_name, kind, max_rows=max_rows, max_columns=max_columns, parts=parts)
    if kind == "ods":
        content = verify_zip_members(data, file_name, keep=("content.xml",)).get("content.xml", b"")
        if _ODS_SPAN.search(content):
            raise UnreadableFile(
                file_name,
                "Kalkylbladet (.ods) har sammanfogade celler, som inte kan läsas säkert ur OpenDocument-filer. "
                "Ta bort sammanfogningarna eller spara filen som Excel-arbetsbok (.xlsx).",
            )
        return CalamineSource(data, file_name, kind, max_rows=max_rows, max_columns=max_columns)
    if _XLS_BOOLERR.search(data) or _XLS_FORMULA_ERROR.search(data):
        raise UnreadableFile(
            file_name,
            "Arbetsboken (.xls) innehåller felvärden från formler (t.ex. #REF! eller #SAKNAS!), som inte kan "
            "läsas säkert ur det gamla Excel-formatet. Rätta formlerna, eller spara filen som .xlsx och "
            "kontrollera den igen.",
        )
    return CalamineSource(
        data,
        file_name,
        kind,
        max_rows=max_rows,
        max_columns=max_columns,
        epoch_1904=_XLS_DATEMODE_1904 in data,
    )


class _XlsxParts:
    """What the sheet XML says beyond calamine: sheet paths, 1904 flag."""

    def __init__(self, sheets: dict[str, bytes], cell_parts: list[bytes], epoch_1904: bool) -> None:
        self.sheets = sheets
        self.cell_parts = cell_parts
        self.epoch_1904 = epoch_1904


#: Large parts without cells, not kept in memory after verification.
_NO_CELLS = ("xl/sharedStrings.xml", "xl/styles.xml")


def _keep_part(name: str) -> bool:
    return name == "xl/_rels/workbook.xml.rels" or (
        name.startswith("xl/")
        and name.endswith(".xml")
        and name not in _NO_CELLS
        and not name.startswith(("xl/theme/", "xl/drawings/", "xl/charts/"))
    )


def _xlsx_parts(data: bytes, file_name: str) -> _XlsxParts:
    parts = verify_zip_members(data, file_name, keep=_keep_part)
    workbook = parts.get("xl/workbook.xml", b"")
    sheets: dict[str, bytes] = {}
    try:
        # Safe to parse: verify_zip_members refused any DTD, so no entities exist.
        root = ET.fromstring(workbook)
        rels = ET.fromstring(parts.get("xl/_rels/workbook.xml.rels", b"<Relationships/>"))
    except ET.ParseError as exc:
        raise UnreadableFile(
            file_name,
            "Arbetsboken kan inte läsas (den verkar trasig eller inte sparad av Excel). "
            "Öppna den i Excel och spara som .xlsx igen.",
        ) from exc
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(_PKG_REL)}
    for sheet in root.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_REL), "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if path in parts:
            sheets[sheet.get("name", "")] = parts[path]
    cell_parts = [body for body in parts.values() if b"sheetData" in body]
    return _XlsxParts(sheets, cell_parts, _DATE1904.search(workbook) is not None)


def _grid_cells(xml: bytes) -> int:
    """Rows × columns of the grid from A1 to the farthest cell or row the sheet XML names."""
    if not _FAR_COLUMN.search(xml):
        return 9_999 * 26  # nothing beyond column Z or row 9 999
    refs = _CELL_REF.findall(xml)
    rows = [int(r) for _, r in refs] + [int(r) for r in _ROW_NUMBER.findall(xml)]
    max_col = max((_column_index(letters) for letters in {c for c, _ in refs}), default=1)
    return max(rows, default=0) * max_col


def _error_cells(xml: bytes) -> dict[tuple[int, int], str]:
    """(row, column) 1-based → the error text (``#REF!``) of every error cell."""
    if b't="e"' not in xml:
        return {}
    found = {}
    for match in _ERROR_CELL.finditer(xml):
        ref = _REF.search(match.group(1))
        value = _V.search(match.group(2))
        if ref and value:
            found[(int(ref.group(2)), _column_index(ref.group(1)))] = value.group(1).decode(
                "utf-8", "replace"
            )
    return found


class CalamineSource:
    """A workbook opened once with calamine; each sheet is read once, on demand."""

    def __init__(
        self,
        data: bytes,
        file_name: str,
        kind: str,
        *,
        max_rows: int,
        max_columns: int,
        parts: _XlsxParts | None = None,
        epoch_1904: bool = False,
    ) -> None:
        self.file_name = file_name
        self.kind = kind
        self.max_rows = max_rows
        self.max_columns = max_columns
        self._parts = parts
        self.epoch_1904 = parts.epoch_1904 if parts is not None else epoch_1904
        #: Called as ``(rows_done, rows_total)`` while a sheet's rows are converted (progress).
        self.row_counter: Any = None
        calamine = _calamine()
        try:
            self._wb = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
            metadata = self._wb.sheets_metadata
        except calamine.PasswordError as exc:
            raise UnreadableFile(
                file_name,
                "Arbetsboken är lösenordsskyddad (krypterad) och kan inte läsas. "
                "Ta bort lösenordet och spara filen som .xlsx.",
            ) from exc
        except BaseException as exc:  # calamine errors, and pyo3's PanicException (a BaseException)
            if isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError)):
                raise
            raise self._unreadable() from exc
        worksheet = calamine.SheetTypeEnum.WorkSheet
        visible = calamine.SheetVisibleEnum.Visible
        self._sheets = [(m.name, m.visible != visible) for m in metadata if m.typ == worksheet]
        self._cache: dict[str, RawSheet] = {}

    def _unreadable(self, sheet: str | None = None) -> UnreadableFile:
        fmt = {"xls": "det gamla Excel-formatet (.xls)", "ods": "OpenDocument-formatet (.ods)"}.get(self.kind)
        where = f"Bladet {sheet}" if sheet else "Arbetsboken"
        detail = f" i {fmt}" if fmt else ""
        return UnreadableFile(
            self.file_name,
            f"{where}{detail} kan inte läsas (filen verkar trasig eller inte sparad av ett kalkylprogram). "
            "Öppna den i Excel eller LibreOffice och spara den igen; Spara filen som .xlsx om felet kvarstår.",
        )

    def close(self) -> None:
        try:
            self._wb.close()
        except Exception:  # already closed
            pass

    def sheets(self) -> list[tuple[str, bool]]:
        """(name, hidden) for every worksheet, in workbook order."""
        return list(self._sheets)

    def head(self, name: str, rows: int = 12) -> list[tuple]:
        frame = self.read(name).frame
        return [tuple(r) for r in frame.iloc[:rows].itertuples(index=False, name=None)]

    def read(self, name: str) -> RawSheet:
        cached = self._cache.get(name)
        if cached is None:
            cached = self._cache[name] = self._read(name)
        return cached

    def _read(self, name: str) -> RawSheet:
        limit = self.max_rows + 20
        try:
            sheet = self._wb.get_sheet_by_name(name)
            total = sheet.height
            rows = sheet.to_python(skip_empty_area=False, nrows=limit + 1)
            merged_ranges = sheet.merged_cell_ranges or []
        except BaseException as exc:
            if isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError)):
                raise
            raise self._unreadable(name) from exc
        too_many = len(rows) > limit
        rows = rows[: limit + 1]
        counter = self.row_counter
        # calamine gives "" for an empty cell and floats for every number; openpyxl's
        # None and int for whole numbers are what the value parsers expect.
        converted = [
            [
                None
                if v == ""
                else (int(v) if v.__class__ is float and v.is_integer() and -(2**53) < v < 2**53 else v)
                for v in row
            ]
            for row in rows
        ]
        if counter is not None:
            for n in range(1, len(converted) + 1):
                counter(n, total)
        width = _filled_width(converted)
        wide = width > self.max_columns
        width = min(width, self.max_columns)
        if converted:
            frame = pd.DataFrame.from_records(
                [row[:width] for row in converted] if width < len(converted[0]) else converted
            )
            # The same dtype round as the openpyxl reader (a column of whole numbers with
            # blanks becomes floats there too), so both readers give identical frames.
            frame = frame.astype(object)
            frame = frame.where(frame.notna(), None)
        else:
            frame = pd.DataFrame()
        missing: set[tuple[int, int]] = set()
        if self._parts is not None and name in self._parts.sheets:
            xml = self._parts.sheets[name]
            if b"<f" in xml or b":f" in xml:  # no formula at all: nothing to look for
                missing = missing_formula_cells(xml)
            for (row, col), text in _error_cells(xml).items():
                if row - 1 < len(frame) and col - 1 < frame.shape[1]:
                    frame.iat[row - 1, col - 1] = text
        merged = [_range_text(start, end) for start, end in merged_ranges]
        return RawSheet(
            name=name,
            frame=frame,
            hidden=dict(self._sheets).get(name, False),
            merged=merged,
            missing_formulas=missing,
            epoch_1904=self.epoch_1904,
            too_many_rows=too_many,
            too_many_columns=bool(wide),
        )


def _letters(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def _range_text(start: tuple[int, int], end: tuple[int, int]) -> str:
    """``((2, 4), (4, 4))`` (0-based row, column) → ``"E3:E5"``."""
    first = f"{_letters(start[1])}{start[0] + 1}"
    last = f"{_letters(end[1])}{end[0] + 1}"
    return first if first == last else f"{first}:{last}"
