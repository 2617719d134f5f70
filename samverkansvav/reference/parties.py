"""The parties table: municipalities, regions and other public bodies.

The default table is built from the project's own reference files in ``data/``
(made by ``scripts/build_reference.py``): the 290 municipalities, one region per
län (Gotland excepted: the municipality 0980 is "Region Gotland" and carries the
regional tasks itself) and the national bodies that occur as members of real
arrangements (Försäkringskassan and Arbetsförmedlingen in samordningsförbund).

A user may replace it with a parties CSV of their own (``id, namn, typ`` plus
optional ``lat, lon, befolkning``), so the same engine serves any set of
parties.
"""

from __future__ import annotations

import csv
import functools
import io
import operator
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from samverkansvav.model import PARTY_COLUMNS

__all__ = [
    "DATA_DIR",
    "PARTY_KINDS",
    "NATIONAL_BODIES",
    "load_parties",
    "load_lan",
    "load_region_names",
    "read_parties_csv",
]

#: ``data/`` of the repository (the reference files live there, not in the package).
DATA_DIR: Path = Path(__file__).resolve().parents[2] / "data"

PARTY_KINDS: tuple[str, ...] = ("kommun", "region", "annan")

#: National bodies that are members of real arrangements (samordningsförbund
#: under lag 2003:1210 have Försäkringskassan and Arbetsförmedlingen as members).
#: Stable ids without accents; no län, no coordinates (they are national).
NATIONAL_BODIES: tuple[tuple[str, str], ...] = (
    ("arbetsformedlingen", "Arbetsförmedlingen"),
    ("forsakringskassan", "Försäkringskassan"),
)

#: Kind values accepted in a user's parties file (folded, lower case) → kind.
_KIND_SYNONYMS: dict[str, str] = {
    "kommun": "kommun",
    "kommuner": "kommun",
    "municipality": "kommun",
    "stad": "kommun",
    "region": "region",
    "landsting": "region",
    "county": "region",
    "annan": "annan",
    "annat": "annan",
    "myndighet": "annan",
    "other": "annan",
}

#: Header variants of a user's parties file (lower case, stripped) → field.
_HEADER_SYNONYMS: dict[str, str] = {
    "id": "id",
    "kod": "id",
    "kommunkod": "id",
    "code": "id",
    "namn": "name",
    "name": "name",
    "typ": "kind",
    "kind": "kind",
    "type": "kind",
    "lat": "lat",
    "latitud": "lat",
    "latitude": "lat",
    "lon": "lon",
    "lng": "lon",
    "longitud": "lon",
    "longitude": "lon",
    "befolkning": "population",
    "invånare": "population",
    "folkmängd": "population",
    "population": "population",
    "lan_kod": "lan_code",
    "länskod": "lan_code",
    "län_kod": "lan_code",
    "lan_code": "lan_code",
    "lan_namn": "lan_name",
    "län": "lan_name",
    "län_namn": "lan_name",
    "lan_name": "lan_name",
}

_SWEDISH_FIELD = {
    "id": "id",
    "name": "namn",
    "kind": "typ",
    "lat": "lat",
    "lon": "lon",
    "population": "befolkning",
    "lan_code": "lan_kod",
    "lan_name": "lan_namn",
}


# --------------------------------------------------------------- default data
@functools.lru_cache(maxsize=4)
def _read_kommuner(data_dir: Path) -> pd.DataFrame:
    return pd.read_csv(
        data_dir / "kommuner.csv",
        dtype={
            "kommunkod": str,
            "namn": str,
            "lan_kod": str,
            "lan_namn": str,
            "befolkning_precision": str,
            "befolkning_kalla": str,
        },
        keep_default_na=False,
        na_values={"lat": [""], "lon": [""], "befolkning": [""], "befolkning_ar": [""]},
        encoding="utf-8",
    )


@functools.lru_cache(maxsize=4)
def _read_lan(data_dir: Path) -> pd.DataFrame:
    return pd.read_csv(data_dir / "lan.csv", dtype=str, keep_default_na=False, encoding="utf-8")


@functools.lru_cache(maxsize=4)
def _default_parties(data_dir: Path) -> pd.DataFrame:
    kommuner = _read_kommuner(data_dir)
    lan = _read_lan(data_dir)
    municipalities = pd.DataFrame(
        {
            "id": kommuner["kommunkod"],
            "name": kommuner["namn"],
            "kind": "kommun",
            "lan_code": kommuner["lan_kod"],
            "lan_name": kommuner["lan_namn"],
            "lat": kommuner["lat"].astype(float),
            "lon": kommuner["lon"].astype(float),
            "population": kommuner["befolkning"].astype("Int64"),
            "population_year": kommuner["befolkning_ar"].astype("Int64"),
            "population_precision": kommuner["befolkning_precision"],
            "population_source": kommuner["befolkning_kalla"],
        }
    )
    centres = municipalities.groupby("lan_code")[["lat", "lon"]].mean()
    region_rows = []
    for rec in lan.itertuples(index=False):
        if rec.lan_kod == "09":
            # Gotland: the municipality is the region (see module docstring).
            continue
        region_rows.append(
            {
                "id": f"R{rec.lan_kod}",
                "name": rec.region_namn,
                "kind": "region",
                "lan_code": rec.lan_kod,
                "lan_name": rec.lan_namn,
                # A marker for maps, not a seat: the mean of the län's municipalities.
                "lat": round(float(centres.at[rec.lan_kod, "lat"]), 6),
                "lon": round(float(centres.at[rec.lan_kod, "lon"]), 6),
            }
        )
    national = [{"id": pid, "name": name, "kind": "annan"} for pid, name in NATIONAL_BODIES]
    frame = pd.concat([municipalities, pd.DataFrame(region_rows), pd.DataFrame(national)], ignore_index=True)
    return _finish(frame)


def _finish(frame: pd.DataFrame) -> pd.DataFrame:
    """Order the columns as the model does and fix the dtypes."""
    for column in PARTY_COLUMNS:
        if column not in frame.columns:
            frame[column] = None
    frame = frame.loc[:, list(PARTY_COLUMNS)].reset_index(drop=True)
    frame["lat"] = pd.to_numeric(frame["lat"]).astype(float)
    frame["lon"] = pd.to_numeric(frame["lon"]).astype(float)
    frame["population"] = pd.to_numeric(frame["population"]).astype("Int64")
    frame["population_year"] = pd.to_numeric(frame["population_year"]).astype("Int64")
    for column in ("id", "name", "kind", "lan_code", "lan_name", "population_precision", "population_source"):
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def load_parties(path: str | Path | None = None) -> pd.DataFrame:
    """The parties table in :data:`samverkansvav.model.PARTY_COLUMNS`.

    Parameters
    ----------
    path
        ``None`` for the Swedish default (290 kommuner, 20 regions — Gotland's
        regional tasks lie with the municipality 0980 — and national bodies).
        Otherwise a user parties CSV that replaces the default entirely (see
        :func:`read_parties_csv`).

    Returns
    -------
    pandas.DataFrame
        A fresh copy each call (the default is read once and cached).

    Raises
    ------
    ValueError
        With a Swedish message naming row and column when a user file is invalid.

    Examples
    --------
    >>> parties = load_parties()
    >>> parties["kind"].value_counts().to_dict()
    {'kommun': 290, 'region': 20, 'annan': 2}
    >>> parties.set_index("id").at["2023", "name"]
    'Malung-Sälen'
    """
    if path is None:
        return _default_parties(DATA_DIR).copy()
    return read_parties_csv(path)


def load_lan() -> pd.DataFrame:
    """The 21 län: columns ``lan_code``, ``lan_name`` (sorted by code).

    Examples
    --------
    >>> lan = load_lan()
    >>> len(lan), lan.iloc[0].tolist()
    (21, ['01', 'Stockholm'])
    """
    lan = _read_lan(DATA_DIR)
    return pd.DataFrame({"lan_code": lan["lan_kod"], "lan_name": lan["lan_namn"]}).copy()


def load_region_names() -> dict[str, str]:
    """Län code → name of the region body ("20" → "Region Dalarna", "09" → "Region Gotland").

    Examples
    --------
    >>> load_region_names()["14"]
    'Västra Götalandsregionen'
    """
    lan = _read_lan(DATA_DIR)
    return dict(zip(lan["lan_kod"], lan["region_namn"]))


# ---------------------------------------------------------- user parties CSV
def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    # cp1252 leaves five bytes undefined; latin-1 decodes anything.
    return raw.decode("latin-1")


def _sniff_delimiter(text: str) -> str:
    first = _first_line(text) if text.strip() else ""
    return ";" if first.count(";") > first.count(",") else ","


def _first_line(text: str) -> str:
    """``text.splitlines()[0]`` without splitting the rest of a large text."""
    size = 4096
    while True:
        lines = text[:size].splitlines()
        if len(lines) > 1 or size >= len(text):
            return lines[0] if lines else ""
        size *= 4


def _csv_rows(text: str, delimiter: str) -> list[list[str]]:
    """The rows ``csv.reader`` reads from ``text``.

    Without quotes, carriage returns or NUL characters a row is a line split at the
    delimiter (a blank line is ``[]``), which ``str.split`` does many times faster.

    Examples
    --------
    >>> _csv_rows("id;namn\\n\\n0180;Stockholm\\n", ";")
    [['id', 'namn'], [], ['0180', 'Stockholm']]
    >>> _csv_rows('id,namn\\n1,"A, B"', ",")
    [['id', 'namn'], ['1', 'A, B']]
    """
    if '"' in text or "\r" in text or "\x00" in text:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line.split(delimiter) if line else [] for line in lines]


def _parse_number(text: str) -> float:
    """Swedish or English decimal number ("59,33", "59.33", "12 345").

    Examples
    --------
    >>> _parse_number("59,33"), _parse_number("709 037")
    (59.33, 709037.0)
    """
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    return float(cleaned)


def _object_array(values: list) -> np.ndarray:
    """A 1-d object array holding exactly these values."""
    return np.fromiter(values, dtype=object, count=len(values))


def _text_column(values: np.ndarray) -> pd.Series:
    """Texts and ``None`` as the model keeps them: an object column (pandas would
    otherwise infer its string dtype, where ``None`` becomes NaN)."""
    return pd.Series(values, dtype=object, copy=False)


def _none_if_empty(texts: np.ndarray) -> np.ndarray:
    """``None`` where a text is empty (the array itself when none is)."""
    empty = texts == ""
    return np.where(empty, None, texts) if empty.any() else texts


def _first_of_each(texts: np.ndarray) -> np.ndarray:
    """True where a text occurs for the first time in ``texts``.

    Examples
    --------
    >>> _first_of_each(np.array(["a", "b", "a", ""], dtype=object)).tolist()
    [True, True, False, True]
    """
    # Usually every id is unique, which one set tells faster than marking duplicates.
    if len(set(texts.tolist())) == len(texts):
        return np.ones(len(texts), dtype=bool)
    return ~pd.Series(texts, dtype=object).duplicated(keep="first").to_numpy()


def _given_where(mask: np.ndarray, text: str) -> np.ndarray:
    """An object array: ``text`` where ``mask`` holds, ``None`` elsewhere."""
    values = np.full(len(mask), None, dtype=object)
    values[mask] = text
    return values


#: The only bytes of a column of plain decimal numbers ("59.33", "-1.5", "988"),
#: one cell a line.
_PLAIN_DECIMAL_BYTES = b"0123456789.-\n"


def _plain_decimals(values: list[str]) -> np.ndarray | None:
    """``float`` of each text when every text is made of ASCII digits, ``.`` and ``-``
    only and ``float`` reads them all; ``None`` otherwise (then nothing is known).

    Such a column is read by pandas' C parser, one cell a line, which neither makes
    a Python float per cell nor reads such texts differently from ``float``: both
    round the decimal correctly (-0 keeps its sign) and both refuse the same texts
    ("-", ".", "1.2.3", "1-2", "--1"), in which case the parser fails and the answer
    is ``None``.

    Examples
    --------
    >>> _plain_decimals(["59.33", "-0.5", "988"]).tolist()
    [59.33, -0.5, 988.0]
    >>> _plain_decimals(["1e3"]) is None, _plain_decimals(["1-2"]) is None, _plain_decimals([" 5"]) is None
    (True, True, True)
    """
    try:
        lines = "\n".join(values).encode("ascii")
    except UnicodeEncodeError:
        return None
    # A cell holding a newline would read as two lines.
    if lines.translate(None, _PLAIN_DECIMAL_BYTES) or lines.count(b"\n") != len(values) - 1:
        return None
    try:
        numbers = pd.read_csv(
            io.BytesIO(lines),
            header=None,
            names=["number"],
            dtype=np.float64,
            na_filter=False,
            quoting=csv.QUOTE_NONE,
            skip_blank_lines=False,
            encoding="ascii",
            engine="c",
        )["number"].to_numpy()
    except (ValueError, TypeError):
        return None
    return numbers if len(numbers) == len(values) else None


def _parse_numbers(texts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_parse_number` over a column of stripped texts: ``(numbers, readable)``.

    Empty text is not readable (the caller treats it as "not given"). Plain decimals
    (the usual case) are read in one call by :func:`_plain_decimals`; other texts
    that ``float`` reads ("1e3", "inf") are converted by numpy in one call, which
    reads a string the way ``float`` does; when ``float`` cannot read a cell
    ("59,33", "1 234"), every filled cell goes through :func:`_parse_number`. Where
    ``float`` reads a stripped cell, :func:`_parse_number` reads the same number (the
    cell has no comma and no inner white space for it to clean away), so the answers
    never depend on the path.

    Examples
    --------
    >>> numbers, readable = _parse_numbers(np.array(["59,33", "", "abc", "1 234"], dtype=object))
    >>> numbers.tolist()[:1], numbers.tolist()[3], readable.tolist()
    ([59.33], 1234.0, [True, False, False, True])
    >>> _parse_numbers(np.array(["1.5", "-2"], dtype=object))[0].tolist()
    [1.5, -2.0]
    >>> _parse_numbers(np.array(["1e3", "", "inf"], dtype=object))[0].tolist()
    [1000.0, nan, inf]
    """
    filled = texts != ""
    numbers = np.full(len(texts), np.nan)
    readable = filled.copy()
    # Usually every cell is filled: then no cell needs to be picked out.
    values = texts if filled.all() else texts[filled]
    if not len(values):
        return numbers, readable
    plain = _plain_decimals(values.tolist())
    if plain is not None:
        numbers[filled] = plain
        return numbers, readable
    try:
        numbers[filled] = values.astype(float)
        return numbers, readable
    except ValueError:
        pass
    for position in np.flatnonzero(filled).tolist():
        try:
            numbers[position] = _parse_number(texts[position])
        except ValueError:
            readable[position] = False
    return numbers, readable


def _plain_grid(raw: bytes, text: str, delimiter: str) -> tuple[list[str], list[str], bool] | None:
    """The header's cells, every data row's cells in one list (row after row) and
    whether those cells are already stripped (:func:`_grid_cells_are_stripped`),
    when each line of ``text`` holds as many cells as the header; ``None`` otherwise.

    Such a text (without quotes, carriage returns or NUL, which ``csv.reader`` reads
    differently) is one even grid: splitting it once at every delimiter and newline
    gives the cells :func:`_csv_rows` would, without building a list per row. The
    delimiters per line are counted in ``raw``: every encoding :func:`_decode` accepts
    writes the newline and the delimiter as their own single ASCII byte.

    Examples
    --------
    >>> _plain_grid(b"id;namn\\n1;A\\n", "id;namn\\n1;A\\n", ";")
    (['id', 'namn'], ['1', 'A'], True)
    >>> _plain_grid(b"id;namn\\n\\n1;A", "id;namn\\n\\n1;A", ";") is None
    True
    """
    if '"' in text or "\r" in text or "\x00" in text:
        return None
    octets = np.frombuffer(raw, dtype=np.uint8)
    line_ends = np.flatnonzero(octets == ord("\n"))
    if not raw.endswith(b"\n"):
        line_ends = np.append(line_ends, len(raw))
    delimiters_before = np.searchsorted(np.flatnonzero(octets == ord(delimiter)), line_ends)
    per_line = np.diff(delimiters_before, prepend=0)
    # One cell per line would make a blank line an empty cell, not an empty row.
    if per_line[0] == 0 or (per_line != per_line[0]).any():
        return None
    body = text[:-1] if text.endswith("\n") else text
    cells = body.replace("\n", delimiter).split(delimiter)
    width = int(per_line[0]) + 1
    return cells[:width], cells[width:], _grid_cells_are_stripped(octets, text, delimiter)


#: Every character ``str.isspace`` holds for (what ``str.strip`` removes), written
#: out rather than found by testing every code point at start-up; a test keeps it equal.
WHITE_SPACE: str = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


@functools.lru_cache(maxsize=1)
def _white_space_but_blank_and_newline() -> tuple[str, ...]:
    """Every character ``str.strip`` removes, except the blank and the newline."""
    return tuple(char for char in WHITE_SPACE if char not in " \n")


def _grid_cells_are_stripped(octets: np.ndarray, text: str, delimiter: str) -> bool:
    """True when no cell of a plain grid (see :func:`_plain_grid`) starts or ends
    with white space, so stripping the cells would change none of them.

    Holds when the only white space is the newline between rows and blanks that
    touch neither a delimiter, a newline nor either end of the text. ``octets`` are
    the text's encoded bytes, where the blank, the newline and the delimiter are
    their own single bytes (so a blank's neighbouring byte is one of them exactly
    when its neighbouring character is).

    Examples
    --------
    >>> def stripped(text):
    ...     return _grid_cells_are_stripped(np.frombuffer(text.encode(), dtype=np.uint8), text, ",")
    >>> stripped("id,namn\\n1,Upplands Väsby\\n")
    True
    >>> stripped("id,namn\\n1, Ale\\n"), stripped("id,namn \\n1,Ale"), stripped("id\\tx"), stripped(" id")
    (False, False, False, False)
    """
    if any(char in text for char in _white_space_but_blank_and_newline()):
        return False
    body = text[:-1] if text.endswith("\n") else text
    if body.startswith(" ") or body.endswith(" "):
        return False
    blanks = np.flatnonzero(octets == ord(" "))
    neighbours = np.concatenate(
        (octets[blanks[blanks > 0] - 1], octets[blanks[blanks < len(octets) - 1] + 1])
    )
    return not ((neighbours == ord(delimiter)) | (neighbours == ord("\n"))).any()


def _data_columns(
    raw: bytes, text: str, delimiter: str
) -> tuple[list[str], Callable[[int], list[str]], np.ndarray, bool]:
    """``(header cells, data_column, row_numbers, stripped)`` of a parties CSV.

    ``data_column(index)`` is that column's raw cells of the data rows ("" where a
    row is too short); blank rows (every cell white space) are not data.
    ``row_numbers`` are those rows' numbers as a spreadsheet shows them (the header
    is row 1). ``stripped`` tells that no data cell starts or ends with white space
    (``False`` when not known).
    """
    grid = _plain_grid(raw, text, delimiter)
    if grid is not None:
        header_cells, cells, stripped = grid
        width = len(header_cells)
        # Usually the first cell of every row is filled: then no row is blank.
        if (stripped and "" not in cells[::width]) or all(map(str.strip, cells[::width])):
            row_numbers = np.arange(2, len(cells) // width + 2)
            return header_cells, lambda index: cells[index::width], row_numbers, stripped
        rows = [cells[start : start + width] for start in range(0, len(cells), width)]
    else:
        stripped = False
        all_rows = _csv_rows(text, delimiter)
        header_cells, rows = all_rows[0], all_rows[1:]
    # A row is blank when every cell is white space.
    keep = list(map(bool, map(str.strip, map("".join, rows))))
    if not all(keep):
        rows = [row for row, wanted in zip(rows, keep) if wanted]
    row_numbers = np.flatnonzero(np.array(keep, dtype=bool)) + 2
    width = min(map(len, rows), default=0)

    def data_column(index: int) -> list[str]:
        if index < width:
            return list(map(operator.itemgetter(index), rows))
        return [row[index] if index < len(row) else "" for row in rows]

    return header_cells, data_column, row_numbers, stripped


def read_parties_csv(path: str | Path) -> pd.DataFrame:
    """Read and validate a user's parties CSV.

    Columns (Swedish or English headers, any order): ``id``, ``namn``/``name``,
    ``typ``/``kind`` (``kommun``, ``region`` or ``annan``), optional ``lat``,
    ``lon``, ``befolkning``, ``lan_kod``, ``lan_namn``. UTF-8 (with or without
    BOM) or cp1252; ``,`` or ``;`` as separator. Ids are kept as text, so
    "0180" keeps its zero.

    Every problem is collected; a single :class:`ValueError` lists them all with
    the row number as a spreadsheet shows it (the header is row 1).
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"Partsfilen {path.name} kan inte läsas: {exc.strerror}") from exc
    text = _decode(raw)
    # Empty or only white space (without stripping a copy of a large text).
    if not text or text.isspace():
        raise ValueError(f"Partsfilen {path.name} är tom.")
    header_cells, data_column, row_numbers, stripped = _data_columns(raw, text, _sniff_delimiter(text))
    header = [cell.strip().strip("\ufeff").casefold() for cell in header_cells]
    fields: dict[str, int] = {}
    for index, name in enumerate(header):
        field = _HEADER_SYNONYMS.get(name)
        if field is not None and field not in fields:
            fields[field] = index
    missing = [_SWEDISH_FIELD[f] for f in ("id", "name", "kind") if f not in fields]
    if missing:
        raise ValueError(
            f"Partsfilen {path.name} saknar kolumnen/kolumnerna {', '.join(missing)} "
            f"(rad 1). Obligatoriska kolumner: id, namn, typ."
        )

    # Every cell is a piece of the text: without a no-break space in the text, no cell has one.
    has_no_break_space = "\u00a0" in text

    # Column-wise from here on: each column is one list, each check one mask.
    def column(field: str) -> np.ndarray:
        index = fields.get(field)
        values = [""] * len(row_numbers) if index is None else data_column(index)
        if stripped:
            # No white space at the cells' ends, hence no no-break space anywhere.
            return _object_array(values)
        if has_no_break_space and "\u00a0" in "".join(values):
            values = [value.replace("\u00a0", " ") for value in values]
        return _object_array(list(map(str.strip, values)))

    found: list[tuple[int, int, str]] = []  # (row, check order, message): sorted to row order

    def report(mask: np.ndarray, order: int, message: Callable[[int, int], str]) -> None:
        for position in np.flatnonzero(mask).tolist():
            found.append((int(row_numbers[position]), order, message(position, int(row_numbers[position]))))

    pid, name, kind_raw = column("id"), column("name"), column("kind")
    report(pid == "", 0, lambda p, r: f"Rad {r}, kolumn id: id saknas.")
    first = _first_of_each(pid)
    repeated = ~first & (pid != "")
    if repeated.any():
        first_row = dict(zip(pid[first].tolist(), row_numbers[first].tolist()))
        report(
            repeated,
            0,
            lambda p, r: f"Rad {r}, kolumn id: id {pid[p]!r} finns redan på rad {first_row[pid[p]]}.",
        )
    report(name == "", 1, lambda p, r: f"Rad {r}, kolumn namn: namn saknas.")
    # Few distinct kinds: look each up once.
    kind_codes, kind_texts = pd.factorize(kind_raw)
    kind = _object_array([_KIND_SYNONYMS.get(text.casefold()) for text in kind_texts.tolist()])[kind_codes]
    report(
        np.equal(kind, None),
        2,
        lambda p, r: (
            f"Rad {r}, kolumn typ: {kind_raw[p]!r} är ingen känd typ (tillåtna: {', '.join(PARTY_KINDS)})."
        ),
    )
    coordinates: dict[str, np.ndarray] = {}
    given_of: dict[str, np.ndarray] = {}
    for order, (field, low, high) in enumerate((("lat", -90.0, 90.0), ("lon", -180.0, 180.0)), start=3):
        text = column(field)
        numbers, readable = _parse_numbers(text)
        given = text != ""
        report(
            given & ~readable,
            order,
            lambda p, r, t=text, f=field: f"Rad {r}, kolumn {f}: {t[p]!r} är inget tal.",
        )
        with np.errstate(invalid="ignore"):
            outside = readable & ~((low <= numbers) & (numbers <= high))
        report(
            outside,
            order,
            lambda p, r, t=text, f=field, lo=low, hi=high: (
                f"Rad {r}, kolumn {f}: {t[p]!r} ligger utanför {lo:g}…{hi:g}."
            ),
        )
        coordinates[field] = np.where(readable & ~outside, numbers, np.nan)
        given_of[field] = given
    report(
        given_of["lat"] != given_of["lon"],
        5,
        lambda p, r: f"Rad {r}, kolumn lat/lon: ange både lat och lon, eller ingen av dem.",
    )
    text = column("population")
    numbers, readable = _parse_numbers(text)
    report((text != "") & ~readable, 6, lambda p, r: f"Rad {r}, kolumn befolkning: {text[p]!r} är inget tal.")
    with np.errstate(invalid="ignore"):
        whole = np.isfinite(numbers) & (numbers >= 0) & (numbers == np.floor(numbers))
    report(readable & ~whole, 6, lambda p, r: f"Rad {r}, kolumn befolkning: {text[p]!r} är inget heltal ≥ 0.")
    has_population = readable & whole

    problems = [message for _, _, message in sorted(found, key=lambda item: (item[0], item[1]))]
    # Already in the model's columns and dtypes: what _finish would make of it.
    records = pd.DataFrame(
        {
            "id": _text_column(pid),
            "name": _text_column(name),
            "kind": _text_column(kind),
            "lan_code": _text_column(_none_if_empty(column("lan_code"))),
            "lan_name": _text_column(_none_if_empty(column("lan_name"))),
            "lat": coordinates["lat"],
            "lon": coordinates["lon"],
            "population": pd.array(np.where(has_population, numbers, np.nan), dtype="Float64").astype(
                "Int64"
            ),
            # A user file gives no year: every value missing, as _finish would leave it.
            "population_year": pd.arrays.IntegerArray(
                np.zeros(len(pid), dtype=np.int64), np.ones(len(pid), dtype=bool)
            ),
            "population_precision": _text_column(np.full(len(pid), None, dtype=object)),
            "population_source": _text_column(_given_where(has_population, path.name)),
        }
    )

    if problems:
        shown = problems[:50]
        more = f"\n… och {len(problems) - 50} fel till." if len(problems) > 50 else ""
        raise ValueError(f"Partsfilen {path.name} har fel:\n" + "\n".join(shown) + more)
    if records.empty:
        raise ValueError(f"Partsfilen {path.name} innehåller inga parter (bara rubrikraden).")
    return records
