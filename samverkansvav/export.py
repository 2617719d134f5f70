"""Safe spreadsheet and CSV export: user text is always text, numbers stay numbers.

Every table the project hands to a user as a file goes through this module, so
the rules against formula injection live in one place:

- :func:`workbook_bytes` writes an ``.xlsx`` with xlsxwriter cell by cell. Text is
  written with ``write_string`` (and the workbook's automatic conversions of
  strings to formulas, URLs and numbers are switched off), so a register cell
  holding ``=HYPERLINK("http://evil","klicka")`` opens as the literal text it
  was. Real numbers (negative too) are written as numbers, dates as dates, and
  missing values (``None``, ``NaN``, ``NaT``, ``pd.NA``) as empty cells.
- :func:`csv_bytes` writes the dialect Swedish Excel opens directly on a double
  click: UTF-8 with a byte-order mark (so å, ä, ö survive), ``;`` as separator,
  decimal comma, CRLF line ends and RFC 4180 quoting. CSV has no cell types, so
  text that starts with ``=``, ``+``, ``-``, ``@``, tab, CR or NUL gets a leading
  apostrophe (OWASP ASVS 1.2.10); real numbers are never touched, so ``-5``
  stays a number that sums.

Examples
--------
>>> import pandas as pd
>>> csv_bytes(pd.DataFrame({"namn": ["=1+1", "Ale"], "kr": [-5.5, 2]})).decode("utf-8-sig")
"namn;kr\\r\\n'=1+1;-5,5\\r\\nAle;2\\r\\n"
>>> workbook_bytes({"Blad": pd.DataFrame({"a": [1]})})[:2]
b'PK'
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import math
import numbers
import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

__all__ = [
    "WORKBOOK_OPTIONS",
    "FORMULA_TRIGGERS",
    "PERCENT",
    "workbook_bytes",
    "csv_bytes",
    "safe_sheet_names",
    "neutralise_text",
]

#: xlsxwriter options: never reinterpret a string.
WORKBOOK_OPTIONS: dict[str, Any] = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "remove_timezone": True,
    "in_memory": True,
}
#: Excel number format for shares stored as fractions (0.5 shows as 50,0 % in Swedish Excel).
PERCENT = "0.0%"
#: First characters that make a spreadsheet treat a CSV field as a formula.
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "\x00")

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# C0 controls other than tab, LF, CR cannot be represented in a CSV a
# spreadsheet reads back sanely; xlsxwriter escapes them itself in .xlsx.
_CSV_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f]")
_MAX_SHEET_NAME = 31
_MAX_COLUMN_WIDTH = 60
_MAX_CELL_CHARS = 32_767


# ---------------------------------------------------------------- values
def _is_missing(value: Any) -> bool:
    """None, NaN, NaT and pd.NA (also numpy's) are missing; containers never are."""
    if value is None:
        return True
    if not pd.api.types.is_scalar(value):
        return False
    return bool(pd.isna(value))


def _as_number(value: Any) -> float | int | None:
    """The value as a Python number when it is a real, finite number (not bool)."""
    if isinstance(value, bool) or (hasattr(value, "dtype") and getattr(value.dtype, "kind", "") == "b"):
        return None
    if isinstance(value, decimal.Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else None
    return None


def _as_text(value: Any) -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(_as_text(v) for v in value if not _is_missing(v))
    return str(value)


def neutralise_text(text: str) -> str:
    """Prefix ``'`` to text a spreadsheet would run as a formula.

    Examples
    --------
    >>> neutralise_text("=HYPERLINK(\\"x\\")")
    '\\'=HYPERLINK("x")'
    >>> neutralise_text("Ale kommun")
    'Ale kommun'
    """
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def safe_sheet_names(names: list[str]) -> list[str]:
    """Excel-valid, unique (case-insensitively) sheet names in the same order.

    Forbidden characters ``[]:*?/\\`` become ``_``, leading/trailing apostrophes
    are dropped, names are cut to 31 characters, empty names become ``Blad``, and
    repeats get `` (2)``, `` (3)`` … within the 31 characters.

    Examples
    --------
    >>> safe_sheet_names(["a/b", "A_B", "", "x" * 40])
    ['a_b', 'A_B (2)', 'Blad', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx']
    """
    result: list[str] = []
    seen: set[str] = set()
    for raw in names:
        name = _SHEET_FORBIDDEN.sub("_", str(raw))
        name = "".join(ch for ch in name if ch >= " ").strip().strip("'").strip()
        if not name:
            name = "Blad"
        if name.casefold() == "history":  # reserved by Excel
            name = f"{name}_"
        name = name[:_MAX_SHEET_NAME]
        candidate, n = name, 1
        while candidate.casefold() in seen:
            n += 1
            suffix = f" ({n})"
            candidate = name[: _MAX_SHEET_NAME - len(suffix)] + suffix
        seen.add(candidate.casefold())
        result.append(candidate)
    return result


def _prepared(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame whose meaningful index is a column and whose headers are flat text."""
    if not isinstance(frame.index, pd.RangeIndex) or frame.index.name is not None:
        frame = frame.reset_index()
    frame = frame.copy()
    if isinstance(frame.columns, pd.MultiIndex):
        frame.columns = [" ".join(str(p) for p in col if str(p)) for col in frame.columns]
    frame.columns = [str(c) for c in frame.columns]
    return frame


# ---------------------------------------------------------------- xlsx
def workbook_bytes(
    sheets: Mapping[str, pd.DataFrame],
    *,
    number_formats: Mapping[str, Mapping[str, str]] | None = None,
    wrap_columns: Mapping[str, Iterable[str]] | None = None,
) -> bytes:
    """An ``.xlsx`` workbook with one sheet per frame, every string written as text.

    Parameters
    ----------
    sheets
        Sheet name → table, in the order the sheets should appear. Names are made
        Excel-valid and unique (:func:`safe_sheet_names`). A frame with a
        non-default index gets the index as its first column(s).
    number_formats
        Sheet name (as given in ``sheets``) → column → Excel number format for the
        numbers in that column, e.g. :data:`PERCENT` for shares stored as 0.5.
    wrap_columns
        Sheet name → columns whose text wraps in a column of at most 60 characters
        (long questions, sources).

    Returns
    -------
    bytes
        The workbook. Headers are bold with the first row frozen, columns are
        sized to their content (capped), numbers are numeric cells, dates are
        date cells (``yyyy-mm-dd``), missing values are empty cells, and text is
        always a string cell — never a formula, URL or number.

    Examples
    --------
    >>> import io, openpyxl, pandas as pd
    >>> data = workbook_bytes({"Data": pd.DataFrame({"t": ["=1+1"], "n": [-2]})})
    >>> ws = openpyxl.load_workbook(io.BytesIO(data))["Data"]
    >>> (ws["A2"].value, ws["A2"].data_type, ws["B2"].value)
    ('=1+1', 's', -2)
    """
    import xlsxwriter  # heavy; only needed when exporting

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    header_format = workbook.add_format({"bold": True, "text_wrap": False})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    datetime_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    wrap_format = workbook.add_format({"text_wrap": True, "valign": "top"})
    formats: dict[str, Any] = {}
    items = list(sheets.items()) or [("Tomt", pd.DataFrame())]
    for name, (key, frame) in zip(safe_sheet_names([k for k, _ in items]), items):
        frame = _prepared(frame)
        sheet = workbook.add_worksheet(name)
        widths = [len(c) for c in frame.columns]
        wanted = dict((number_formats or {}).get(key, {}))
        column_formats = {}
        for col, column in enumerate(frame.columns):
            if column in wanted:
                spec = wanted[column]
                formats.setdefault(spec, workbook.add_format({"num_format": spec}))
                column_formats[col] = formats[spec]
        wrapped = {
            col
            for col, column in enumerate(frame.columns)
            if column in set((wrap_columns or {}).get(key, ()))
        }
        for col, header in enumerate(frame.columns):
            sheet.write_string(0, col, header[:_MAX_CELL_CHARS], header_format)
        for row, values in enumerate(frame.itertuples(index=False, name=None), start=1):
            for col, value in enumerate(values):
                shown = _write_cell(
                    sheet,
                    row,
                    col,
                    value,
                    date_format,
                    datetime_format,
                    column_formats.get(col) or (wrap_format if col in wrapped else None),
                )
                widths[col] = max(widths[col], shown)
        for col, width in enumerate(widths):
            sheet.set_column(
                col, col, min(_MAX_COLUMN_WIDTH, width + 2), wrap_format if col in wrapped else None
            )
        if len(frame.columns):
            sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def _write_cell(sheet, row: int, col: int, value: Any, date_format, datetime_format, cell_format=None) -> int:
    """Write one value with an explicit type; return its display width.

    ``cell_format`` (a number format or text wrapping) applies to numbers and text.
    """
    if _is_missing(value):
        return 0
    if isinstance(value, (bool,)) or type(value).__name__ == "bool_":
        sheet.write_boolean(row, col, bool(value))
        return 5
    number = _as_number(value)
    if number is not None:
        sheet.write_number(row, col, number, cell_format)
        return len(f"{number:,}")
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        if value.time() == dt.time(0):
            sheet.write_datetime(row, col, value, date_format)
            return 10
        sheet.write_datetime(row, col, value, datetime_format)
        return 16
    if isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime(value.year, value.month, value.day), date_format)
        return 10
    text = _as_text(value)[:_MAX_CELL_CHARS]
    if text:
        sheet.write_string(row, col, text, cell_format)
    return max((len(line) for line in text.splitlines()), default=0)


# ---------------------------------------------------------------- csv
def _csv_number(number: float | int, decimal_mark: str) -> str:
    if isinstance(number, int):
        return str(number)
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number).replace(".", decimal_mark)


def _csv_field(value: Any, decimal_mark: str) -> str:
    if _is_missing(value):
        return ""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return str(bool(value))
    number = _as_number(value)
    if number is not None:
        return _csv_number(number, decimal_mark)
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _as_text(value)
    # neutralise first (NUL counts as a trigger), then drop unrepresentable controls
    text = neutralise_text(text).replace("\x00", "")
    return _CSV_CONTROL.sub("", text)


def csv_bytes(frame: pd.DataFrame, *, sep: str = ";", decimal: str = ",") -> bytes:
    """CSV for Swedish Excel with formula neutralisation of text cells.

    UTF-8 with BOM, ``sep`` (default ``;``) between fields, ``decimal`` (default
    ``,``) in non-integral numbers, CRLF line ends, fields quoted only when they
    hold the separator, a quote or a line break. Text (headers included) starting
    with one of :data:`FORMULA_TRIGGERS` is prefixed with ``'``; numbers are
    written as numbers whatever their sign. Missing values are empty fields,
    dates ISO ``yyyy-mm-dd``.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"t": ["-1", "@SUM(A1)"], "n": [-1, 0.25]})
    >>> csv_bytes(frame, sep=",", decimal=".").decode("utf-8-sig").splitlines()
    ['t,n', "'-1,-1", "'@SUM(A1),0.25"]
    """
    if sep == decimal:
        raise ValueError("Fältavgränsaren och decimaltecknet måste skilja sig åt.")
    frame = _prepared(frame)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([_csv_field(c, decimal) for c in frame.columns])
    for values in frame.itertuples(index=False, name=None):
        writer.writerow([_csv_field(v, decimal) for v in values])
    return out.getvalue().encode("utf-8-sig")
