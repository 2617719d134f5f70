"""Seeded synthetic registers for benchmarks and scale tests.

Two presets:

``sverige``
    The 290 real municipalities (from the reference data), about 3,000
    arrangements and 15,000 memberships, a realistic mix of forms and areas,
    members chosen among geographic neighbours (a few län-wide and national
    arrangements). Members are written by name, as municipalities write them.
``frankrike``
    A generated parties table of 35,000 parties (34,900 communes and 100
    départements as regions), about 10,000 arrangements and 50,000
    memberships with heavy-tailed sizes (one national arrangement of 1,000
    members). Members are written by code.

Every preset writes the wide workbook (one row per arrangement, sheet
``Samverkan``) and the long CSV (one row per membership); ``frankrike`` also
writes its parties table, which must be passed as ``--parties``. The same
``seed`` always gives the same files.

Examples
--------
>>> reg = generate("sverige", seed=1, n_arrangements=20)
>>> len(reg.arrangements), reg.memberships["arrangement_id"].nunique()
(20, 20)
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from samverkansvav.ingest.values import is_blank
from samverkansvav.vocabulary import ENTITY_FORMS, HOST_FORMS, field_label

__all__ = ["PRESETS", "SyntheticRegister", "generate", "write_files"]

#: preset -> (number of arrangements, target mean size)
PRESETS: dict[str, tuple[int, float]] = {"sverige": (3_000, 5.0), "frankrike": (10_000, 5.0)}

_FORMS = (
    "avtalssamverkan",
    "gemensam_namnd",
    "kommunalforbund",
    "bolag",
    "informell",
    "stiftelse",
    "ekonomisk_forening",
    "ideell_forening",
)
_FORM_P = (0.42, 0.15, 0.13, 0.08, 0.14, 0.02, 0.03, 0.03)
_FORM_LABEL = {
    "avtalssamverkan": "Avtalssamverkan",
    "gemensam_namnd": "Gemensam nämnd",
    "kommunalforbund": "Kommunalförbund",
    "bolag": "Bolag",
    "informell": "Nätverk",
    "stiftelse": "Stiftelse",
    "ekonomisk_forening": "Ekonomisk förening",
    "ideell_forening": "Ideell förening",
}
# Areas from the ingest vocabulary; beredskap is left out so that no synthetic row
# trips the legal warnings about gemensam nämnd / förbund in that area.
_AREAS = (
    "IT",
    "VA",
    "avfall",
    "räddningstjänst",
    "överförmyndare",
    "löneadministration",
    "ekonomiadministration",
    "upphandling",
    "miljö- och hälsoskydd",
    "bygg och miljö",
    "gymnasieskola",
    "vuxenutbildning",
    "familjerätt",
    "socialtjänst",
    "kollektivtrafik",
    "energi- och klimatrådgivning",
    "alkohol och tobak (tillstånd)",
    "kultur och fritid",
    "besöksnäring",
    "arbetsmarknad",
    "HR/personal",
    "larmcentral",
    "regional utveckling",
)

#: The arrangement's own columns, first in both files.
_ARRANGEMENT_FIELDS = ("id", "name", "form", "area", "host", "seat")
#: The fields of the wide workbook's columns, in order; headers from the field table.
WIDE_FIELDS = _ARRANGEMENT_FIELDS + (
    "members",
    "start",
    "end",
    "notice_months",
    "owner",
    "goal",
    "last_evaluated",
)
WIDE_HEADERS = tuple(field_label(field) for field in WIDE_FIELDS)
#: The fields of the long CSV's columns, in order (one row per membership).
LONG_FIELDS = _ARRANGEMENT_FIELDS + (
    "member_code",
    "member",
    "role",
    "share",
    "annual_cost",
    "start",
    "end",
    "goal",
    "last_evaluated",
)
LONG_HEADERS = tuple(field_label(field) for field in LONG_FIELDS)


@dataclass(frozen=True)
class SyntheticRegister:
    """A generated register: ``parties`` (reference form), arrangements, memberships."""

    preset: str
    parties: pd.DataFrame
    arrangements: pd.DataFrame
    memberships: pd.DataFrame
    members_by_name: bool


def _sverige_parties() -> pd.DataFrame:
    from samverkansvav.reference import load_parties

    parties = load_parties()
    return parties[parties["kind"] == "kommun"].reset_index(drop=True)


_SYLLABLES = (
    "bel",
    "mont",
    "val",
    "ro",
    "ville",
    "cour",
    "sai",
    "lan",
    "ber",
    "mar",
    "fon",
    "ta",
    "ne",
    "gri",
    "vi",
    "lo",
    "pré",
    "chá",
    "teau",
    "bois",
    "mou",
    "lin",
    "sur",
    "ri",
    "gnac",
    "ac",
    "euil",
    "dor",
    "ven",
    "cel",
    "tour",
    "nay",
    "mi",
    "pe",
    "san",
)


def _frankrike_parties(rng: np.random.Generator, n: int = 35_000, n_regions: int = 100) -> pd.DataFrame:
    centres = np.column_stack([rng.uniform(43.0, 50.5, n_regions), rng.uniform(-1.5, 7.5, n_regions)])
    n_communes = n - n_regions
    dept = rng.integers(0, n_regions, n_communes)
    lat = centres[dept, 0] + rng.normal(0, 0.35, n_communes)
    lon = centres[dept, 1] + rng.normal(0, 0.45, n_communes)
    syl = np.array(_SYLLABLES, dtype=object)
    parts = rng.integers(0, len(syl), (n_communes, 3))
    names = [
        f"{(syl[a] + syl[b]).capitalize()}-{syl[c]} ({d + 1:03d}-{i:05d})"
        for i, ((a, b, c), d) in enumerate(zip(parts, dept))
    ]
    communes = pd.DataFrame(
        {
            "id": [f"C{i:05d}" for i in range(n_communes)],
            "name": names,
            "kind": "kommun",
            "lan_code": [f"D{d + 1:03d}" for d in dept],
            "lat": lat.round(5),
            "lon": lon.round(5),
            "population": np.maximum(50, rng.lognormal(6.5, 1.3, n_communes)).astype(int),
        }
    )
    regions = pd.DataFrame(
        {
            "id": [f"D{d + 1:03d}" for d in range(n_regions)],
            "name": [f"Département {d + 1:03d}" for d in range(n_regions)],
            "kind": "region",
            "lan_code": [f"D{d + 1:03d}" for d in range(n_regions)],
            "lat": centres[:, 0].round(5),
            "lon": centres[:, 1].round(5),
            "population": 0,
        }
    )
    return pd.concat([communes, regions], ignore_index=True)


def _sizes(rng: np.random.Generator, n: int, *, mean: float, cap: int, preset: str) -> np.ndarray:
    """Heavy-tailed arrangement sizes ≥ 2 with roughly the given mean."""
    if preset == "frankrike":
        sizes = 2 + np.floor(rng.pareto(1.5, n) * 1.8).astype(int)
        sizes = np.minimum(sizes, cap)
        sizes[0] = cap  # one national arrangement of ``cap`` members
    else:
        # Mostly small neighbour groups, some län-wide, a few national.
        sizes = 2 + rng.geometric(1 / (mean - 2.6), n)
        big = rng.random(n) < 0.02
        sizes[big] = rng.integers(10, 40, big.sum())
        national = rng.random(n) < 0.002
        sizes[national] = rng.integers(150, cap + 1, national.sum())
    return np.clip(sizes, 2, cap)


def _date(rng: np.random.Generator, start_year: int, end_year: int) -> dt.date:
    return dt.date(
        int(rng.integers(start_year, end_year + 1)), int(rng.integers(1, 13)), int(rng.integers(1, 29))
    )


def generate(preset: str, *, seed: int = 0, n_arrangements: int | None = None) -> SyntheticRegister:
    """Generate a register for ``preset`` (``sverige`` or ``frankrike``)."""
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; choose one of {sorted(PRESETS)}")
    rng = np.random.default_rng(seed)
    n_default, mean = PRESETS[preset]
    n_arr = n_arrangements or n_default
    if preset == "sverige":
        parties = _sverige_parties()
        cap = len(parties)
    else:
        parties = _frankrike_parties(rng)
        cap = 1_000
    communes = parties[parties["kind"] == "kommun"].reset_index(drop=True)
    coords = np.column_stack(
        [communes["lat"].astype(float), communes["lon"].astype(float) * 0.55]
    )  # rough km scaling
    population = pd.to_numeric(communes["population"], errors="coerce").fillna(1000).to_numpy()
    from scipy.spatial import cKDTree

    tree = cKDTree(coords)
    sizes = _sizes(rng, n_arr, mean=mean, cap=min(cap, len(communes)), preset=preset)
    forms = rng.choice(_FORMS, size=n_arr, p=_FORM_P)
    areas = rng.choice(_AREAS, size=n_arr)
    centres = rng.integers(0, len(communes), n_arr)
    ids = communes["id"].to_numpy(dtype=object)

    arrangements, memberships = [], []
    for k in range(n_arr):
        size, form, area = int(sizes[k]), str(forms[k]), str(areas[k])
        # The nearest ``size`` communes around a random centre, with a little noise so
        # neighbouring groups overlap without being identical.
        pool = min(len(communes), size + max(1, size // 3))
        _, near = tree.query(coords[centres[k]], k=pool)
        near = np.atleast_1d(near)
        chosen = np.sort(rng.choice(near, size=size, replace=False))
        member_ids = ids[chosen]
        weights = population[chosen] / population[chosen].sum()
        host = seat = None
        if form in HOST_FORMS and rng.random() > 0.04:  # 4 % leave the host unnamed
            host = member_ids[int(np.argmax(weights))] if rng.random() < 0.7 else rng.choice(member_ids)
        if form in ENTITY_FORMS:
            seat = member_ids[int(np.argmax(weights))]
        start = _date(rng, 1995, 2023)
        ended = rng.random() < 0.04
        arr_id = f"syn-{k:05d}"
        arrangements.append(
            {
                "id": arr_id,
                "name": f"{_FORM_LABEL[form]} {area} {k:05d}",
                "form": form,
                "area": area,
                "host": host,
                "seat": seat,
                "start": start,
                "end": _date(rng, 2020, 2024) if ended else None,
                "notice_months": int(rng.choice([6, 12, 18, 24])),
                "owner": "Kommundirektören" if rng.random() < 0.5 else None,
                "goal": f"Effektivare {area}" if rng.random() < 0.5 else None,
                "last_evaluated": _date(rng, 2015, 2024) if rng.random() < 0.6 else None,
            }
        )
        with_cost = rng.random() < 0.8
        total = float(rng.integers(200, 50_000)) * 1000.0 * size**0.5
        for pid, w in zip(member_ids, weights):
            if host is not None:
                role = (
                    ("värd" if form == "gemensam_namnd" else "utförare")
                    if pid == host
                    else ("medlem" if form == "gemensam_namnd" else "uppdragsgivare")
                )
            else:
                role = "medlem"
            memberships.append(
                {
                    "arrangement_id": arr_id,
                    "party_id": pid,
                    "role": role,
                    "share": round(float(w), 4) if with_cost else None,
                    "annual_cost": round(total * float(w)) if with_cost else None,
                }
            )
    return SyntheticRegister(
        preset=preset,
        parties=parties,
        arrangements=pd.DataFrame(arrangements),
        memberships=pd.DataFrame(memberships),
        members_by_name=(preset == "sverige"),
    )


def _text(value) -> str:
    if is_blank(value):
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_files(reg: SyntheticRegister, out_dir: str | Path) -> dict[str, Path]:
    """Write ``<preset>.xlsx`` (wide), ``<preset>_lang.csv`` (long) and, for a
    generated parties table, ``<preset>_parter.csv``. Returns the paths by kind
    (``wide``, ``long``, ``parties``)."""
    import xlsxwriter

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    names = dict(zip(reg.parties["id"], reg.parties["name"]))
    label = (lambda pid: names[pid]) if reg.members_by_name else (lambda pid: pid)
    members = reg.memberships.groupby("arrangement_id", sort=False)["party_id"].agg(list)
    paths: dict[str, Path] = {}

    wide = out_dir / f"{reg.preset}.xlsx"
    book = xlsxwriter.Workbook(
        str(wide),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    sheet = book.add_worksheet("Samverkan")
    sheet.write_row(0, 0, WIDE_HEADERS)
    for r, a in enumerate(reg.arrangements.to_dict("records"), start=1):
        row = [
            a["id"],
            a["name"],
            a["form"],
            a["area"],
            "" if is_blank(a["host"]) else label(a["host"]),
            "" if is_blank(a["seat"]) else label(a["seat"]),
            ", ".join(label(p) for p in members[a["id"]]),
            _text(a["start"]),
            _text(a["end"]),
            a["notice_months"],
            _text(a["owner"]),
            _text(a["goal"]),
            _text(a["last_evaluated"]),
        ]
        for c, value in enumerate(row):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(r, c, value)
            elif value != "":
                sheet.write_string(r, c, value)
    book.close()
    paths["wide"] = wide

    long = out_dir / f"{reg.preset}_lang.csv"
    rows = reg.memberships.merge(
        reg.arrangements.rename(columns={"id": "arrangement_id"}), on="arrangement_id", how="left"
    )
    with open(long, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(LONG_HEADERS)
        for m in rows.to_dict("records"):
            share = "" if is_blank(m["share"]) else f"{100 * m['share']:.2f}"
            cost = "" if is_blank(m["annual_cost"]) else str(int(m["annual_cost"]))
            writer.writerow(
                [
                    m["arrangement_id"],
                    m["name"],
                    m["form"],
                    m["area"],
                    _text(m["host"]),
                    _text(m["seat"]),
                    m["party_id"],
                    names[m["party_id"]],
                    m["role"],
                    share,
                    cost,
                    _text(m["start"]),
                    _text(m["end"]),
                    _text(m["goal"]),
                    _text(m["last_evaluated"]),
                ]
            )
    paths["long"] = long

    if reg.preset != "sverige":
        parties_path = out_dir / f"{reg.preset}_parter.csv"
        table = reg.parties.rename(
            columns={"name": "namn", "kind": "typ", "population": "befolkning", "lan_code": "lan_kod"}
        )
        table.loc[:, ["id", "namn", "typ", "lan_kod", "lat", "lon", "befolkning"]].to_csv(
            parties_path, index=False
        )
        paths["parties"] = parties_path
    return paths
