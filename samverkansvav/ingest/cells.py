"""Cells as the layers above see them: text, distinct values, row records, issues.

Registers repeat the same few values down long columns, so the functions here work on
each distinct value once (``pd.factorize``) and spread the result back over the rows.
:class:`Collector` gathers every :class:`~samverkansvav.report.Issue` of one file with
its sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from itertools import repeat
from typing import Any

import numpy as np
import pandas as pd

from samverkansvav.report import INFO, Issue

__all__ = [
    "Collector",
    "blank_codes",
    "cell_ref",
    "cell_text",
    "codes_at",
    "column_letter",
    "distinct_row_groups",
    "factorize_mapped",
    "factorize_cells",
    "frame_records",
    "is_filled",
    "is_text_column",
    "map_unique",
    "object_array",
    "short_text",
    "spread_distinct",
    "strip_text",
    "stripped_cells",
    "stripped_texts",
]


def object_array(values: list) -> np.ndarray:
    """A 1-d object array holding exactly these values (numpy never nests them)."""
    return np.fromiter(values, dtype=object, count=len(values))


#: pandas' text dtype, as it infers it for a column of text and blanks.
_TEXT_DTYPE = pd.StringDtype(storage="python", na_value=np.nan)


def spread_distinct(values: np.ndarray, codes: np.ndarray) -> Any:
    """The column ``values[codes]`` as a frame stores it: text and blanks (``None``)
    as a ``str`` column, anything else as objects (which the frame infers).

    pandas would infer the ``str`` dtype by checking every cell; the distinct values
    decide the same, and the ``str`` array of the distinct values is spread over the
    rows without a second check. ``values``: an object array whose values are all
    taken by some cell, except perhaps a last ``None`` (for blank cells, if any).
    """
    kinds = set(map(type, values.tolist()))
    if kinds <= {str, type(None)} and str in set(map(type, values[:-1].tolist())):
        return pd.array(values, dtype=_TEXT_DTYPE).take(codes)
    return values[codes]


def cell_text(value: Any) -> str:
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


def map_unique(
    values: pd.Series, func: Callable[[Any], Any], *, codes: tuple[np.ndarray, Any] | None = None
) -> list:
    """``func`` applied once per distinct value, spread back over the series.

    ``codes``: the series' ``factorize_cells`` when already known.
    """
    codes, uniques = codes if codes is not None else factorize_cells(values)
    uniques = uniques.tolist()
    if func is strip_text and set(map(type, uniques)) <= {str}:
        results = list(map(str.strip, uniques))  # text cells: the same, mapped in C
    else:
        results = [func(u) for u in uniques]
    none_result = func(None) if (codes < 0).any() else None
    table = np.empty(len(results) + 1, dtype=object)
    table[: len(results)] = object_array(results)
    table[len(results)] = none_result
    return table[np.where(codes < 0, len(results), codes)].tolist()


def factorize_cells(values: pd.Series) -> tuple[np.ndarray, Any]:
    """``pd.factorize(values, use_na_sentinel=True)``; a text or object column is
    factorised as its object array, which gives the same codes and uniques two to
    three times faster than the Series."""
    if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
        array = values.to_numpy(dtype=object)
        if _mostly_runs(array):
            found = _factorize_runs(array)
            if found is not None:
                return found
        return pd.factorize(array, use_na_sentinel=True)
    return pd.factorize(values, use_na_sentinel=True)


#: Columns shorter than this are factorised directly: runs would save next to nothing.
_RUNS_MIN_LENGTH = 2048
#: How many neighbouring pairs, spread over the column, :func:`_mostly_runs` compares.
_RUNS_SAMPLE = 512


def _mostly_runs(array: np.ndarray) -> bool:
    """Whether most cells of a long object column equal the cell above, judged on
    pairs spread over the column: a long-form register repeats an arrangement's
    fields on each of its member rows."""
    if len(array) < _RUNS_MIN_LENGTH:
        return False
    above = np.linspace(0, len(array) - 2, _RUNS_SAMPLE).astype(np.intp)
    try:
        changes = int(np.count_nonzero(array[above] != array[above + 1]))
    except (TypeError, ValueError):  # a cell whose comparison is no plain bool (pd.NA)
        return False
    return changes * 2 <= _RUNS_SAMPLE


def _factorize_runs(array: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """``pd.factorize(array, use_na_sentinel=True)`` from the first cell of each run
    of equal neighbouring cells alone, the run's other cells taking its code.

    The first cell holding a value always starts a run (else the cell above would
    hold it earlier), so the uniques are the same objects in the same order.
    ``None`` when a comparison gives no plain bool (then factorise directly).
    """
    starts = np.empty(len(array), dtype=bool)
    starts[:1] = True
    try:
        np.not_equal(array[1:], array[:-1], out=starts[1:])
    except (TypeError, ValueError):
        return None
    codes, uniques = pd.factorize(array[starts], use_na_sentinel=True)
    return codes[np.cumsum(starts) - 1], uniques


def distinct_row_groups(
    columns: list[pd.Series], codes: list[tuple[np.ndarray, Any] | None] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the first row of each distinct combination, in row order (what
    ``frame.astype(str).drop_duplicates()`` keeps: cells compared as ``str``, empty
    cells equal to each other), and for every row the number of its combination,
    computed on integer codes. Combinations are numbered in order of first
    appearance, so combination ``k`` first occurs at the ``k``-th position returned.

    ``codes``: each column's ``factorize_cells`` when already known; used for a text
    column (``str`` dtype, or object holding only text), whose str form it is."""
    n = len(columns[0]) if columns else 0
    combined = np.zeros(n, dtype=np.int64)
    for position, column in enumerate(columns):
        known = codes[position] if codes is not None else None
        if known is not None and is_text_column(column):
            codes_, uniques = known
        else:
            # A column of text alone (the usual case) is its own str form: no conversion.
            as_text = column if _only_text(column) else column.astype(str)
            codes_, uniques = factorize_cells(as_text)
        combined, _ = pd.factorize(combined * (len(uniques) + 1) + (codes_.astype(np.int64) + 1))
        combined = combined.astype(np.int64)
    return np.flatnonzero(~pd.Series(combined).duplicated().to_numpy()), combined


def is_text_column(column: pd.Series) -> bool:
    """True for a column whose ``astype(str)`` form its factorisation already gives:
    ``str`` dtype (NaN for missing cells), or object holding only text."""
    return _text_dtype(column) or _only_text(column)


def _text_dtype(column: pd.Series) -> bool:
    """True for a ``str`` column with NaN for missing cells: ``astype(str)`` leaves it as it is."""
    return isinstance(column.dtype, pd.StringDtype) and column.dtype.na_value is np.nan


def _only_text(column: pd.Series) -> bool:
    """True when every cell of an object column is a ``str`` (no None, NaN or number)."""
    return column.dtype == object and pd.api.types.infer_dtype(column, skipna=False) == "string"


def blank_codes(codes: np.ndarray, uniques: Any) -> np.ndarray:
    """``column.isna() | column.eq("")`` from the column's ``pd.factorize``, as a
    boolean array: each distinct value is tested once."""
    values = uniques.tolist()
    try:
        # Distinct values hold "" at most once; list.index finds it in one C scan.
        empty = values.index("")
    except ValueError:
        return codes < 0
    if not isinstance(values[empty], str):  # something equal to "" that is not text
        found = [k for k, u in enumerate(values) if isinstance(u, str) and u == ""]
        return (codes < 0) | np.isin(codes, found) if found else codes < 0
    return (codes < 0) | (codes == empty)


def strip_text(value: Any) -> str:
    """A cell as stripped text."""
    return cell_text(value).strip()


def short_text(value: Any) -> str:
    """A cell as text for a message, cut to 60 characters."""
    text = cell_text(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Collector:
    """Every issue of one file; ``sheet`` is the sheet being read (``None`` for CSV).

    With ``keep_infos``, only that many infos are kept as issues and the rest are
    counted in ``more_infos``: a report listing at most ``keep_infos`` issues, errors
    and warnings first, never shows a later one, and a large register can have
    tens of thousands of them.
    """

    def __init__(self, file: str, *, keep_infos: int | None = None) -> None:
        self.file = file
        self.sheet: str | None = None
        self.issues: list[Issue] = []
        self.keep_infos = keep_infos
        self.kept_infos = 0
        self.more_infos = 0

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
        if level == INFO and self.keep_infos is not None:
            if self.kept_infos >= self.keep_infos:
                self.more_infos += 1
                return
            self.kept_infos += 1
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

    @property
    def infos_full(self) -> bool:
        """Whether a further info would only be counted (``keep_infos`` are kept)."""
        return self.keep_infos is not None and self.kept_infos >= self.keep_infos

    def count_infos(self, count: int) -> None:
        """Count ``count`` infos beyond the kept ones, as as many :meth:`add` calls
        would once :attr:`infos_full`."""
        self.more_infos += count


def column_letter(index: int) -> str:
    """Excel's column letters for a 1-based column (openpyxl's rule, without importing it).

    Examples
    --------
    >>> [column_letter(i) for i in (1, 26, 27, 52, 703)]
    ['A', 'Z', 'AA', 'AZ', 'AAA']
    """
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")


def cell_ref(ref: str) -> tuple[int, int]:
    """0-based (row, column) of an A1 reference.

    Examples
    --------
    >>> cell_ref("E3"), cell_ref("AA10")
    ((2, 4), (9, 26))
    """
    match = _CELL_REF.fullmatch(ref)
    if not match:
        raise ValueError(ref)
    column = 0
    for char in match.group(1):
        column = column * 26 + (ord(char) - 64)
    return int(match.group(2)) - 1, column - 1


def stripped_texts(series: pd.Series, *, codes: tuple[np.ndarray, Any] | None = None) -> list[str]:
    """Cells as stripped text, each distinct value converted once (``codes``: see :func:`map_unique`)."""
    return map_unique(series, strip_text, codes=codes)


def factorize_mapped(
    codes: tuple[np.ndarray, Any], func: Callable[[Any], Any]
) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize`` of ``func`` applied to every cell of a column, from the column's
    ``factorize_cells``: ``func`` runs once per distinct value and only those values
    are factorised.

    Blank cells (code -1) take ``func(None)``, placed where a blank cell first occurs,
    so the uniques come in the order of first appearance, as over the rows.
    """
    cell_codes, uniques = codes
    values = uniques.tolist()
    if func is strip_text and set(map(type, values)) <= {str}:
        results = list(map(str.strip, values))  # text cells: the same, mapped in C
        if not (cell_codes < 0).any() and len(set(results)) == len(results):
            # Distinct texts stay distinct (a cleaned column is already stripped):
            # the column's own codes are those of the stripped texts.
            return cell_codes, object_array(results)
    else:
        results = [func(u) for u in values]
    blank = cell_codes < 0
    if blank.any():
        first_blank = int(np.argmax(blank))
        # The distinct values seen before the first blank cell come before func(None).
        slot = int(cell_codes[:first_blank].max()) + 1 if first_blank else 0
        results.insert(slot, func(None))
        cell_codes = np.where(blank, slot, cell_codes + (cell_codes >= slot))
    mapped_codes, mapped_uniques = pd.factorize(object_array(results), use_na_sentinel=True)
    return mapped_codes[cell_codes], mapped_uniques


def codes_at(codes: tuple[np.ndarray, Any], positions: np.ndarray) -> tuple[np.ndarray, Any] | None:
    """``factorize_cells`` of the rows at ``positions`` of a column, from the whole
    column's ``factorize_cells``; ``None`` unless the column's values are all text.

    Only for text: equal texts are one value, whereas factorising keeps one of
    ``1``, ``1.0`` and ``True`` for all three, which one depending on the rows kept.
    """
    cell_codes, uniques = codes
    if not set(map(type, uniques.tolist())) <= {str}:
        return None
    kept = cell_codes[positions]
    filled = kept >= 0
    # The column's codes of the kept rows, numbered again in order of first appearance.
    renumbered, old_codes = pd.factorize(kept[filled])
    kept_codes = np.full(len(kept), -1, dtype=np.intp)
    kept_codes[filled] = renumbered
    return kept_codes, uniques[old_codes]


def stripped_cells(column: pd.Series, codes: tuple[np.ndarray, Any]) -> list[str]:
    """:func:`strip_text` of every cell, row by row (``codes``: the column's
    ``factorize_cells``). A column of text alone is stripped once per distinct text;
    any other goes cell by cell, since factorising makes ``1``, ``1.0`` and ``True``
    one value although their texts differ."""
    if set(map(type, codes[1].tolist())) <= {str}:
        return stripped_texts(column, codes=codes)
    return [strip_text(v) for v in column.tolist()]


def frame_records(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")`` without per-cell boxing (much faster on object columns).

    A float NaN in a column that is not a float column is given back as ``None`` (pandas
    may store None as NaN in inferred string columns); every other value as it is.
    """
    columns = list(frame.columns)
    lists = [_none_for_nan(frame[c]) for c in columns]
    return list(map(dict, map(zip, repeat(columns), zip(*lists))))


def _none_for_nan(column: pd.Series) -> list:
    values = column.tolist()
    if column.dtype == float:
        return values
    # Only missing cells can be NaN: look at those alone (None stays None either way).
    missing = np.flatnonzero(column.isna().to_numpy()).tolist()
    if not missing:
        return values
    kinds = set(map(type, map(values.__getitem__, missing)))
    if kinds == {type(None)}:
        return values
    if kinds <= {float, type(None)}:
        # A missing float is NaN: every missing cell becomes None.
        array = object_array(values)
        array[missing] = None
        return array.tolist()
    for position in missing:
        value = values[position]
        if isinstance(value, float) and value != value:
            values[position] = None
    return values


def is_filled(value: Any) -> bool:
    """False for ``None``, ``""`` and NaN."""
    return not (value is None or value == "" or (isinstance(value, float) and value != value))
