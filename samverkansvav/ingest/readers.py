"""Raw cells from a workbook or a CSV file, with sheet names and Excel row numbers.

Nothing is interpreted here beyond decoding: a sheet becomes a DataFrame of raw cell
values whose index ``i`` is Excel row ``i + 1``. Workbooks are normally read with
calamine (:mod:`samverkansvav.ingest.workbook`); :class:`WorkbookSource` is the
openpyxl reader kept for .xlsx files calamine cannot hold safely. It opens the
workbook once in read-only, data-only mode without external links and without
keeping macros; the sheet XML is inspected directly for the two things read-only
mode hides (merged ranges, formulas whose value was never calculated).
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from samverkansvav.ingest.container import UnreadableFile

__all__ = [
    "RawSheet",
    "WorkbookSource",
    "CsvSource",
    "decode_text",
    "sniff_separator",
    "missing_formula_cells",
]


def _openpyxl() -> Any:
    """openpyxl, imported on first use (a CSV never needs it; it costs start-up time).

    openpyxl uses defusedxml automatically when it is importable, unless the
    environment switches it off; refuse to parse untrusted XML without it.
    """
    import openpyxl

    assert openpyxl.DEFUSEDXML is True, (
        "openpyxl kör utan defusedxml (installera defusedxml och sätt inte OPENPYXL_DEFUSEDXML=False)"
    )
    return openpyxl


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>\s*[^<\s]")
_INLINE = re.compile(rb"<(?:\w+:)?is>")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]{1,3}\d+(?::[A-Z]{1,3}\d+)?)"')


def _column_index(letters: bytes) -> int:
    index = 0
    for char in letters.decode("ascii"):
        index = index * 26 + (ord(char) - 64)
    return index


@dataclass
class RawSheet:
    """One sheet's raw cells.

    ``frame`` has integer columns (0-based) and index = Excel row − 1. ``missing_formulas``
    holds (row, column) 1-based positions of formulas without a calculated value.
    """

    name: str | None
    frame: pd.DataFrame
    hidden: bool = False
    merged: list[str] = field(default_factory=list)
    missing_formulas: set[tuple[int, int]] = field(default_factory=set)
    epoch_1904: bool = False
    too_many_rows: bool = False
    too_many_columns: bool = False
    encoding: str | None = None
    separator: str | None = None


class WorkbookSource:
    """An .xlsx/.xlsm workbook opened once with openpyxl; sheets are read on demand."""

    def __init__(self, data: bytes, file_name: str, *, max_rows: int, max_columns: int) -> None:
        self.file_name = file_name
        self.max_rows = max_rows
        self.max_columns = max_columns
        self._data = data
        #: ``counter(n, total)`` called for each row read (progress), or ``None``.
        self.row_counter: Any = None
        openpyxl = _openpyxl()
        try:
            with warnings.catch_warnings():
                # openpyxl warns about unsupported extensions (data validation, ...).
                warnings.simplefilter("ignore")
                self._wb = openpyxl.load_workbook(
                    io.BytesIO(data), read_only=True, data_only=True, keep_links=False, keep_vba=False
                )
        except Exception as exc:  # openpyxl raises many types for broken files
            raise UnreadableFile(
                file_name,
                "Arbetsboken kan inte läsas (den verkar trasig eller inte sparad av Excel). "
                "Öppna den i Excel och spara som .xlsx igen.",
            ) from exc
        self.epoch_1904 = self._wb.epoch.year == 1904

    def close(self) -> None:
        self._wb.close()

    def sheets(self) -> list[tuple[str, bool]]:
        """(name, hidden) for every worksheet, in workbook order."""
        return [(ws.title, ws.sheet_state != "visible") for ws in self._wb.worksheets]

    def head(self, name: str, rows: int = 12) -> list[tuple]:
        ws = self._wb[name]
        ws.reset_dimensions()
        out = []
        for row in ws.iter_rows(max_row=rows, max_col=self.max_columns, values_only=True):
            out.append(tuple(row))
        return out

    def read(self, name: str) -> RawSheet:
        ws = self._wb[name]
        # The stated row count, for progress only, before the reset below drops it.
        total = getattr(ws, "max_row", None)
        # A lying <dimension> would make read-only mode trust it; reset to scan.
        ws.reset_dimensions()
        rows: list[tuple] = []
        too_many = False
        limit = self.max_rows + 20
        counter = self.row_counter
        try:
            for row in ws.iter_rows(max_col=self.max_columns + 1, values_only=True):
                rows.append(row)
                if counter is not None:
                    counter(len(rows), total)
                if len(rows) > limit:
                    too_many = True
                    break
        except Exception as exc:
            raise UnreadableFile(
                self.file_name,
                f"Bladet {name} kan inte läsas (trasig XML). Öppna filen i Excel och spara som .xlsx igen.",
            ) from exc
        # Rows come padded with None up to max_col; the empty columns on the right
        # carry nothing, so only the filled width is turned into a DataFrame.
        width = _filled_width(rows)
        wide = width > self.max_columns
        width = min(width, self.max_columns)
        frame = pd.DataFrame.from_records([row[:width] for row in rows]) if rows else pd.DataFrame()
        frame = frame.astype(object)
        frame = frame.where(frame.notna(), None)
        merged, missing = self._inspect_xml(ws)
        return RawSheet(
            name=name,
            frame=frame,
            hidden=ws.sheet_state != "visible",
            merged=merged,
            missing_formulas=missing,
            epoch_1904=self.epoch_1904,
            too_many_rows=too_many,
            too_many_columns=bool(wide),
        )

    def _inspect_xml(self, ws: Any) -> tuple[list[str], set[tuple[int, int]]]:
        path = str(getattr(ws, "_worksheet_path", "")).lstrip("/")
        try:
            with zipfile.ZipFile(io.BytesIO(self._data)) as archive:
                xml = archive.read(path)
        except (KeyError, zipfile.BadZipFile, OSError):
            return [], set()
        merged = [m.decode("ascii") for m in _MERGE.findall(xml)]
        return merged, missing_formula_cells(xml)


def missing_formula_cells(xml: bytes) -> set[tuple[int, int]]:
    """(row, column), 1-based, of every formula cell in sheet XML that has no stored value."""
    missing: set[tuple[int, int]] = set()
    if _FORMULA_TAG.search(xml):
        for match in _CELL.finditer(xml):
            body = match.group(2)
            if not body or not _FORMULA_TAG.search(body):
                continue
            if _VALUE.search(body) or _INLINE.search(body):
                continue
            ref = _REF.search(match.group(1))
            if ref:
                missing.add((int(ref.group(2)), _column_index(ref.group(1))))
    return missing


def _filled_width(rows: list[tuple]) -> int:
    """1 + the largest column index holding a value (not None) in any row.

    Examples
    --------
    >>> _filled_width([(1, None, None), (None, None, None), (None, 2, None, None)])
    2
    >>> _filled_width([(None,), ()])
    0
    """
    width = 0
    for row in rows:
        # tuple.count runs in C: the usual row has only None beyond the width.
        if len(row) > width and row[width:].count(None) != len(row) - width:
            end = len(row)
            while row[end - 1] is None:
                end -= 1
            width = end
    return width


# ---------------------------------------------------------------------------- CSV
def decode_text(data: bytes, file_name: str) -> tuple[str, str]:
    """Decode CSV bytes: BOM first (UTF-8, UTF-16), then strict UTF-8, then cp1252.

    Examples
    --------
    >>> decode_text("Ö;1".encode("cp1252"), "x.csv")
    ('Ö;1', 'cp1252')
    >>> decode_text(b"\\xef\\xbb\\xbfNamn", "x.csv")
    ('Namn', 'utf-8-sig')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(
        file_name,
        "Textkodningen i CSV-filen känns inte igen (varken UTF-8 eller Windows-1252). "
        "Spara filen i Excel som 'CSV UTF-8 (kommaavgränsad)'.",
    )


def sniff_separator(text: str) -> str:
    """The field separator (``;``, ``,`` or tab) that splits the first lines most evenly.

    Examples
    --------
    >>> sniff_separator("Namn;Årskostnad\\nA;1 250,50\\nB;3,5\\n")
    ';'
    >>> sniff_separator("a,b,c\\n1,2,3\\n")
    ','
    """
    lines = _first_lines(text, 40)
    sample = "\n".join(lines)
    best, best_score = ",", (-1, -1)
    for sep in (";", ",", "\t"):
        counts = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=sep) if any(c.strip() for c in r)]
        counts = [c for c in counts if c > 1]
        if not counts:
            continue
        mode = max(set(counts), key=lambda c: (counts.count(c), c))
        score = (counts.count(mode), mode)
        if score > best_score:
            best, best_score = sep, score
    return best


def _all_text(frame: pd.DataFrame) -> bool:
    """True when every cell is a ``str`` (the usual CSV: no short rows padded with NaN)."""
    return all(
        frame[column].dtype == object and pd.api.types.infer_dtype(frame[column], skipna=False) == "string"
        for column in frame.columns
    )


def _first_lines(text: str, count: int) -> list[str]:
    """``text.splitlines()[:count]`` without splitting a large text to its end.

    A head of the text that holds more than ``count`` lines has the first ``count``
    complete (a later line had begun), so they are the text's own.

    Examples
    --------
    >>> _first_lines("a\\nb\\r\\nc\\n", 2), _first_lines("a\\nb", 5)
    (['a', 'b'], ['a', 'b'])
    """
    size = 8192
    while True:
        lines = text[:size].splitlines()
        if len(lines) > count or size >= len(text):
            return lines[:count]
        size *= 4


class CsvSource:
    """A CSV file as one sheet (no sheet name)."""

    def __init__(self, data: bytes, file_name: str, *, max_rows: int, max_columns: int) -> None:
        self.file_name = file_name
        self.max_rows = max_rows
        self.max_columns = max_columns
        # One line ending: a bare CR (old Mac files, or a damaged file) makes the csv
        # module refuse the text ("new-line character seen in unquoted field").
        if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\r" in data:
            # Outside UTF-16 the bytes CR and LF are those characters and nothing else
            # (UTF-8 and cp1252 alike), so replacing them in the bytes, which is faster,
            # changes the text as replacing them in the text would; only ASCII bytes
            # change, so the encoding found is the same.
            data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        text, self.encoding = decode_text(data, file_name)
        if "\x00" in text:
            raise UnreadableFile(file_name, "CSV-filen innehåller binära tecken (NUL) och kan inte läsas.")
        if "\r" in text:  # UTF-16, whose bytes were left as they were
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.text = text
        # Strict UTF-8 is the text's own UTF-8 encoding: pandas can read these bytes.
        self._utf8 = data if self.encoding == "utf-8" else None
        try:
            self.separator = sniff_separator(self.text)
        except csv.Error as exc:
            raise self._unreadable() from exc

    def _unreadable(self) -> UnreadableFile:
        return UnreadableFile(
            self.file_name,
            "CSV-filen kan inte delas upp i rader och kolumner (trasiga citattecken eller radslut). "
            "Öppna den i Excel och spara som .xlsx eller som 'CSV UTF-8'.",
        )

    def sheets(self) -> list[tuple[str | None, bool]]:
        return [(None, False)]

    def close(self) -> None:
        pass

    def read(self, name: str | None = None) -> RawSheet:
        options = dict(
            # object, not str: the same Python strings without a StringDtype round trip
            sep=self.separator,
            header=None,
            dtype=object,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            quotechar='"',
            engine="c",
            # One pass over the whole text: the rows are capped (nrows), and reading in
            # chunks only to join them again costs an eighth more time.
            low_memory=False,
            nrows=self.max_rows + 21,
        )
        try:
            frame = pd.read_csv(self._buffer(), **options)
        except pd.errors.EmptyDataError:
            frame = pd.DataFrame()
        except pd.errors.ParserError:
            # Ragged rows (a title line above the header, a row with an extra field):
            # size the table by the widest row instead of the first.
            try:
                width = max(
                    (len(r) for r in csv.reader(io.StringIO(self.text), delimiter=self.separator)), default=1
                )
            except csv.Error as exc:
                raise self._unreadable() from exc
            try:
                frame = pd.read_csv(io.StringIO(self.text), names=list(range(width)), **options)
            except (pd.errors.ParserError, csv.Error) as exc:
                raise UnreadableFile(
                    self.file_name,
                    "CSV-filen kan inte delas upp i kolumner (t.ex. ett citattecken som aldrig avslutas). "
                    "Öppna den i Excel och spara som .xlsx.",
                ) from exc
        too_many = len(frame) > self.max_rows + 20
        wide = frame.shape[1] > self.max_columns
        if wide:
            frame = frame.iloc[:, : self.max_columns]
        if not _all_text(frame):
            frame = frame.astype(object).fillna("")
        frame.columns = range(frame.shape[1])
        return RawSheet(
            name=None,
            frame=frame,
            too_many_rows=too_many,
            too_many_columns=wide,
            encoding=self.encoding,
            separator=self.separator,
        )

    def _buffer(self) -> io.IOBase:
        """The decoded text for pandas' C parser: as UTF-8 bytes, which it reads a third
        faster than a text stream (the same characters either way); a text that starts
        with a byte order mark stays a text stream, so nothing strips that mark."""
        if self._utf8 is not None:
            return io.BytesIO(self._utf8)
        if not self.text.startswith("\ufeff"):
            try:
                return io.BytesIO(self.text.encode("utf-8"))
            except UnicodeEncodeError:
                pass
        return io.StringIO(self.text)

    def head(self, name: str | None = None, rows: int = 12) -> list[tuple]:
        reader = csv.reader(io.StringIO(self.text), delimiter=self.separator)
        out = []
        try:
            for row in reader:
                out.append(tuple(row))
                if len(out) >= rows:
                    break
        except csv.Error as exc:
            raise self._unreadable() from exc
        return out
