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
import math
import re
from pathlib import Path

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
    "id": "id", "name": "namn", "kind": "typ", "lat": "lat", "lon": "lon",
    "population": "befolkning", "lan_code": "lan_kod", "lan_name": "lan_namn",
}


# --------------------------------------------------------------- default data
@functools.lru_cache(maxsize=4)
def _read_kommuner(data_dir: Path) -> pd.DataFrame:
    return pd.read_csv(
        data_dir / "kommuner.csv",
        dtype={"kommunkod": str, "namn": str, "lan_kod": str, "lan_namn": str,
               "befolkning_precision": str, "befolkning_kalla": str},
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
    municipalities = pd.DataFrame({
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
    })
    centres = municipalities.groupby("lan_code")[["lat", "lon"]].mean()
    region_rows = []
    for rec in lan.itertuples(index=False):
        if rec.lan_kod == "09":
            # Gotland: the municipality is the region (see module docstring).
            continue
        region_rows.append({
            "id": f"R{rec.lan_kod}",
            "name": rec.region_namn,
            "kind": "region",
            "lan_code": rec.lan_kod,
            "lan_name": rec.lan_namn,
            # A marker for maps, not a seat: the mean of the län's municipalities.
            "lat": round(float(centres.at[rec.lan_kod, "lat"]), 6),
            "lon": round(float(centres.at[rec.lan_kod, "lon"]), 6),
        })
    national = [{"id": pid, "name": name, "kind": "annan"} for pid, name in NATIONAL_BODIES]
    frame = pd.concat(
        [municipalities, pd.DataFrame(region_rows), pd.DataFrame(national)], ignore_index=True
    )
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
    for column in ("id", "name", "kind", "lan_code", "lan_name",
                   "population_precision", "population_source"):
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
    first = text.splitlines()[0] if text.strip() else ""
    return ";" if first.count(";") > first.count(",") else ","


def _parse_number(text: str) -> float:
    """Swedish or English decimal number ("59,33", "59.33", "12 345")."""
    cleaned = re.sub(r"[\s\u00a0\u202f]", "", text)
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    return float(cleaned)


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
    if not text.strip():
        raise ValueError(f"Partsfilen {path.name} är tom.")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    rows = list(reader)
    header = [cell.strip().strip("\ufeff").casefold() for cell in rows[0]]
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

    problems: list[str] = []
    records: list[dict[str, object]] = []
    seen: dict[str, int] = {}

    def cell(row: list[str], field: str) -> str:
        index = fields.get(field)
        if index is None or index >= len(row):
            return ""
        return row[index].replace("\u00a0", " ").strip()

    for row_no, row in enumerate(rows[1:], start=2):
        if not any(value.strip() for value in row):
            continue  # blank lines are not data
        pid, name, kind_raw = cell(row, "id"), cell(row, "name"), cell(row, "kind")
        if not pid:
            problems.append(f"Rad {row_no}, kolumn id: id saknas.")
        elif pid in seen:
            problems.append(f"Rad {row_no}, kolumn id: id {pid!r} finns redan på rad {seen[pid]}.")
        else:
            seen[pid] = row_no
        if not name:
            problems.append(f"Rad {row_no}, kolumn namn: namn saknas.")
        kind = _KIND_SYNONYMS.get(kind_raw.casefold())
        if kind is None:
            problems.append(
                f"Rad {row_no}, kolumn typ: {kind_raw!r} är ingen känd typ "
                f"(tillåtna: {', '.join(PARTY_KINDS)})."
            )
        record: dict[str, object] = {"id": pid, "name": name, "kind": kind,
                                     "lan_code": cell(row, "lan_code") or None,
                                     "lan_name": cell(row, "lan_name") or None}
        for field, low, high in (("lat", -90.0, 90.0), ("lon", -180.0, 180.0)):
            value = cell(row, field)
            if not value:
                record[field] = None
                continue
            try:
                number = _parse_number(value)
            except ValueError:
                problems.append(f"Rad {row_no}, kolumn {field}: {value!r} är inget tal.")
                continue
            if not (low <= number <= high) or math.isnan(number):
                problems.append(
                    f"Rad {row_no}, kolumn {field}: {value!r} ligger utanför {low:g}…{high:g}."
                )
                continue
            record[field] = number
        if bool(cell(row, "lat")) != bool(cell(row, "lon")):
            problems.append(
                f"Rad {row_no}, kolumn lat/lon: ange både lat och lon, eller ingen av dem."
            )
        value = cell(row, "population")
        record["population"] = None
        if value:
            try:
                number = _parse_number(value)
            except ValueError:
                problems.append(f"Rad {row_no}, kolumn befolkning: {value!r} är inget tal.")
            else:
                if number < 0 or number != int(number):
                    problems.append(
                        f"Rad {row_no}, kolumn befolkning: {value!r} är inget heltal ≥ 0."
                    )
                else:
                    record["population"] = int(number)
                    record["population_source"] = path.name
        records.append(record)

    if problems:
        shown = problems[:50]
        more = f"\n… och {len(problems) - 50} fel till." if len(problems) > 50 else ""
        raise ValueError(f"Partsfilen {path.name} har fel:\n" + "\n".join(shown) + more)
    if not records:
        raise ValueError(f"Partsfilen {path.name} innehåller inga parter (bara rubrikraden).")
    return _finish(pd.DataFrame(records))
