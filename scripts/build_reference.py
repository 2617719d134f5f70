"""Build the project's reference tables in ``data/`` from the shared sources.

Reads ``../shared/data/kommuner.csv``, ``../shared/geo/*.geojson`` and
``../shared/data/samverkan_verklig.csv`` (``../shared`` is the folder beside the
repository) and writes:

- ``data/kommuner.csv``  — the 290 municipalities with län, an interior point and
  population (year, precision and source kept per row);
- ``data/lan.csv``       — the 21 län with the name of their region;
- ``data/demo_samverkan.csv`` — the real arrangements (one row per arrangement ×
  member, former members included) with membership dates from the source and
  arrangement dates, status, seat and host read out of the source's caveats by
  the reviewed table :data:`CAVEATS` below;
- ``data/SOURCES.md``    — where every file comes from and its caveats.

The boundary polygons are never copied: only derived facts (code, name, län,
one point) are written. The output is deterministic: running the script twice
gives byte-identical files.

Usage::

    python scripts/build_reference.py            # writes into data/
    python scripts/build_reference.py --out DIR  # writes into DIR (tests)
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import unicodedata
from pathlib import Path

__all__ = [
    "REGION_NAMES",
    "CAVEATS",
    "build_kommuner",
    "build_lan",
    "build_demo",
    "build_sources_md",
    "slugify",
    "main",
]

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO_ROOT.parent / "shared"

#: The body responsible for regional tasks in each län (2024 names). Gotland has
#: no separate region: the municipality 0980 carries the name "Region Gotland".
REGION_NAMES: dict[str, str] = {
    "01": "Region Stockholm",
    "03": "Region Uppsala",
    "04": "Region Sörmland",
    "05": "Region Östergötland",
    "06": "Region Jönköpings län",
    "07": "Region Kronoberg",
    "08": "Region Kalmar län",
    "09": "Region Gotland",
    "10": "Region Blekinge",
    "12": "Region Skåne",
    "13": "Region Halland",
    "14": "Västra Götalandsregionen",
    "17": "Region Värmland",
    "18": "Region Örebro län",
    "19": "Region Västmanland",
    "20": "Region Dalarna",
    "21": "Region Gävleborg",
    "22": "Region Västernorrland",
    "23": "Region Jämtland Härjedalen",
    "24": "Region Västerbotten",
    "25": "Region Norrbotten",
}

# Sweden's extent with a margin (Smygehuk 55.34 N … Treriksröset 69.06 N,
# 10.96 E … Haparanda 24.17 E); a point outside means a swapped lat/lon.
_LAT_RANGE = (55.0, 69.5)
_LON_RANGE = (10.5, 24.5)


# --------------------------------------------------------------------- helpers
def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    """Write UTF-8 CSV with ``\\n`` line ends (byte-stable across platforms)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _fmt_coord(value: float) -> str:
    # Six decimals is ~0.1 m; fixed formatting keeps the output byte-stable.
    return f"{float(value):.6f}"


def slugify(text: str, *, max_length: int = 60) -> str:
    """Stable ASCII id from a name: lowercase, accents dropped, hyphens.

    Long names are cut at a word boundary (uniqueness is checked by the caller).

    Examples
    --------
    >>> slugify("Räddningstjänsten Östra Götaland (RTÖG)")
    'raddningstjansten-ostra-gotaland-rtog'
    >>> slugify("Gemensam överförmyndarnämnd Bräcke–Berg–Härjedalen")
    'gemensam-overformyndarnamnd-bracke-berg-harjedalen'
    """
    folded = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in folded if not unicodedata.combining(c))
    slug = re.sub(r"-+", "-", "".join(c if c.isascii() and c.isalnum() else "-" for c in letters))
    slug = slug.strip("-")
    if len(slug) > max_length:
        slug = slug[: max_length + 1].rsplit("-", 1)[0]
    return slug


# ------------------------------------------------------------------- kommuner
def build_kommuner(shared: Path) -> list[list[object]]:
    """Rows of ``data/kommuner.csv`` (sorted by kommunkod)."""
    source = _read_csv(shared / "data" / "kommuner.csv")
    geo = json.loads((shared / "geo" / "swedish_municipalities.geojson").read_text("utf-8"))
    points: dict[str, tuple[float, float, str, str]] = {}
    for feature in geo["features"]:
        props = feature["properties"]
        lat, lon = props["geo_point_2d"]
        code = str(props["id"]).zfill(4)
        points[code] = (lat, lon, props["kom_namn"], str(props["lan_code"]).zfill(2))
    rows = []
    for rec in source:
        code = rec["kommunkod"].strip().zfill(4)
        lat, lon, geo_name, geo_lan = points[code]
        # The two sources must agree; a mismatch means one of them changed.
        if geo_name != rec["namn"] or geo_lan != rec["lan_kod"].zfill(2):
            raise SystemExit(f"kommun {code}: {rec['namn']}/{rec['lan_kod']} vs geo {geo_name}/{geo_lan}")
        if not (_LAT_RANGE[0] <= lat <= _LAT_RANGE[1] and _LON_RANGE[0] <= lon <= _LON_RANGE[1]):
            raise SystemExit(f"kommun {code}: point {lat},{lon} outside Sweden")
        rows.append(
            [
                code,
                rec["namn"],
                rec["lan_kod"].zfill(2),
                rec["lan_namn"],
                _fmt_coord(lat),
                _fmt_coord(lon),
                rec["befolkning"].strip(),
                rec["ar"].strip(),
                rec["precision"].strip(),
                rec["kalla"].strip(),
            ]
        )
    if len(rows) != 290 or len(points) != 290:
        raise SystemExit(f"expected 290 municipalities, got {len(rows)} (geo {len(points)})")
    return sorted(rows, key=lambda r: r[0])


KOMMUNER_HEADER = [
    "kommunkod",
    "namn",
    "lan_kod",
    "lan_namn",
    "lat",
    "lon",
    "befolkning",
    "befolkning_ar",
    "befolkning_precision",
    "befolkning_kalla",
]


# ------------------------------------------------------------------------ län
def build_lan(shared: Path, kommuner: list[list[object]]) -> list[list[object]]:
    """Rows of ``data/lan.csv`` (sorted by län code)."""
    geo = json.loads((shared / "geo" / "swedish_regions.geojson").read_text("utf-8"))
    names = {str(f["properties"]["l_id"]).zfill(2): f["properties"]["name"] for f in geo["features"]}
    from_kommuner = {str(row[2]): str(row[3]) for row in kommuner}
    if names != from_kommuner:
        raise SystemExit(f"län names differ: geo {names} vs kommuner.csv {from_kommuner}")
    if set(names) != set(REGION_NAMES):
        raise SystemExit("län codes differ from REGION_NAMES")
    return [[code, names[code], REGION_NAMES[code]] for code in sorted(names)]


LAN_HEADER = ["lan_kod", "lan_namn", "region_namn"]


# ----------------------------------------------------------------------- demo
#: What each arrangement's caveat (``anmarkning``) says, read by hand and encoded
#: here so that every change to the source is explicit and reviewable. Keys:
#: ``startdatum``/``slutdatum`` (ISO; only where the source gives a day, "1 jan",
#: or "till och med <år>"; a bare founding year stays in the note), ``status``
#: (default ``aktiv``), ``sate`` (a federation's or company's seat — never a host),
#: ``vardkommun`` (party id; ``""`` removes a value the source put in that column
#: for a form that has no host), ``medlem_start`` (member id → date it joined),
#: ``extra_medlemmar`` (parties the note names as members but the member rows
#: lack: regions and national bodies), ``varfor`` (why, for data/SOURCES.md).
#: Arrangements not listed keep the source's values and status ``aktiv``.
CAVEATS: dict[str, dict[str, object]] = {
    "Räddningstjänstförbundet Mitt Bohuslän": {
        "sate": "1485",
        "slutdatum": "2024-12-31",
        "status": "avslutad",
        "varfor": "säte Uddevalla; slogs ihop med NÄRF till Räddningstjänsten Fyrbodal "
        "fr.o.m. 2025-01-01 (enligt anmärkningen på Fyrbodals rader)",
    },
    "Värends Räddningstjänstförbund": {"sate": "0780", "varfor": "säte Växjö"},
    "Medelpads Räddningstjänstförbund": {"sate": "2281", "varfor": "säte Sundsvall"},
    "Nerikes Brandkår": {"sate": "1880", "varfor": "säte Örebro"},
    "Södertörns brandförsvarsförbund": {"sate": "0136", "varfor": "säte Haninge"},
    "Storstockholms brandförsvar": {"startdatum": "2009-01-01", "varfor": "bildat 1 jan 2009"},
    "Räddningstjänsten Syd": {"startdatum": "2006-01-01", "varfor": "bildat 1 jan 2006"},
    "Norra Älvsborgs Räddningstjänstförbund (NÄRF)": {
        "slutdatum": "2024-12-31",
        "status": "avslutad",
        "varfor": "slogs ihop med Räddningstjänsten Mitt Bohuslän till Räddningstjänsten "
        "Fyrbodal fr.o.m. 2025-01-01 (enligt anmärkningen på Fyrbodals rader)",
    },
    "Räddningstjänsten Karlstadsregionen": {
        "startdatum": "2000-01-01",
        "varfor": "bildat 1 jan 2000; Hammarös och Munkfors inträde anges bara som år "
        "(Munkfors med två olika år) och lämnas odaterade",
    },
    "Gemensam överförmyndarnämnd Bräcke–Berg–Härjedalen": {
        "startdatum": "2023-01-01",
        "varfor": "från 1 jan 2023; Bräcke var värd för den tidigare nämnden med två "
        "kommuner, men värd för den nuvarande anges inte (lämnas tom)",
    },
    "Gemensam nämnd för samverkan inom drift och service, utveckling samt "
    "specialistfunktioner (Jämtlands län)": {
        "startdatum": "2018-07-01",
        "vardkommun": "R23",
        "extra_medlemmar": ("R23",),
        "varfor": "fr.o.m. 1 juli 2018; källan anger Region Jämtland Härjedalen som värd "
        "och som part ('länets åtta kommuner samt Region Jämtland Härjedalen')",
    },
    "Räddningstjänsten Skåne Nordväst (RSNV)": {
        "startdatum": "2015-01-01",
        "medlem_start": {"1278": "2024-01-01"},
        "varfor": "start 1 jan 2015; Båstad medlem fr.o.m. jan 2024",
    },
    "Gemensam miljönämnd Mjölby–Boxholm–Ödeshög": {
        "startdatum": "2021-01-01",
        "varfor": "fr.o.m. 1 jan 2021",
    },
    "VA SYD": {
        "sate": "1280",
        "vardkommun": "",
        "medlem_start": {"1262": "2019-01-01"},
        "varfor": "källans värdkommun Malmö är förbundets säte enligt förbundsordningen "
        "(ett kommunalförbund har ingen värd); Lomma medlem fr.o.m. 2019-01-01",
    },
    "Östra Smålands Kommunalteknikförbund (ÖSK)": {
        "sate": "0860",
        "vardkommun": "",
        "startdatum": "2011-01-01",
        "slutdatum": "2024-12-31",
        "status": "avslutad",
        "varfor": "säte Hultsfred (stod som värdkommun); bildat 2011-01-01, avvecklas senast 2024-12-31",
    },
    "Jämtlands Räddningstjänstförbund": {
        "medlem_start": {"2321": "2024-01-01"},
        "varfor": "Åre medlem fr.o.m. 2024-01-01",
    },
    "Södertälje–Nykvarn överförmyndarhandläggning": {
        "startdatum": "2021-01-15",
        "varfor": "fr.o.m. 2021-01-15",
    },
    "Kalmar–Borgholm–Mörbylånga gemensam överförmyndarverksamhet": {
        "status": "planerad",
        "varfor": "källan är ett förslag (2014) villkorat av beslut i Borgholm och "
        "Mörbylånga som inte har bekräftats; den föreslagna starten 2016-01-01 "
        "sätts inte som startdatum",
    },
    "Romeleås- och sjölandskapskommittén (RÅSK)": {
        "extra_medlemmar": ("R12",),
        "varfor": "Region Skåne ingår enligt anmärkningen",
    },
    "Lund–Eslöv gemensam överförmyndarnämnd": {
        "startdatum": "2023-01-01",
        "varfor": "bildas 2023-01-01 med Lund som värdkommun",
    },
    "Höglandsförbundet (Höglandets kommunalförbund)": {
        "sate": "0686",
        "vardkommun": "",
        "varfor": "säte i Eksjö (stod som värdkommun)",
    },
    "Räddningstjänstförbundet Emmaboda-Torsås": {
        "startdatum": "2007-01-01",
        "slutdatum": "2022-12-31",
        "status": "avslutad",
        "varfor": "verksamt 2007-01-01 till och med 2022",
    },
    "Laholmsbuktens VA AB (LBVA)": {
        "sate": "1380",
        "vardkommun": "",
        "startdatum": "2020-01-01",
        "varfor": "bolag fr.o.m. 2020-01-01 med säte Halmstad (stod som värdkommun; "
        "Halmstad var värd för den tidigare gemensamma nämnden 2011–2019)",
    },
    "Brandkåren Attunda": {
        "medlem_start": {"0191": "2009-01-01", "0330": "2009-01-01"},
        "varfor": "Sigtuna och Knivsta medlemmar sedan 2009-01-01",
    },
    "Gemensam räddningsnämnd Lidköping–Vara–Grästorp–Essunga": {
        "startdatum": "2021-01-01",
        "slutdatum": "2022-12-31",
        "status": "avslutad",
        "varfor": "avtal fr.o.m. 2021-01-01; källan ber att nämnden behandlas som historisk "
        "(troligen avvecklad när kommunerna gick in i Räddningstjänsten Skaraborg "
        "2023-01-01) — slutdatumet är därför osäkert",
    },
    "Kommunalförbundet Inköp Gävleborg": {
        "varfor": "Gävle lämnade 2020-01-01 (tidigare medlem med sista dag 2019-12-31); "
        "förbundet är under avveckling men finns kvar som avtalsförvaltare "
        "(status aktiv, inget slutdatum anges)",
    },
    "Dalslands miljö- och energiförbund": {
        "sate": "1461",
        "vardkommun": "",
        "varfor": "säte Mellerud (stod som värdkommun); Åmål har utträtt och finns inte bland medlemmarna",
    },
    "Viadidaktnämnden": {
        "slutdatum": "2024-12-31",
        "status": "avslutad",
        "varfor": "avtalet uppsagt 2022, nämnden upphörde senast 2024-12-31",
    },
    "Norra Västmanlands Kommunalteknikförbund (NVK)": {
        "vardkommun": "",
        "varfor": "Fagersta stod som värdkommun men ett kommunalförbund har ingen värd och "
        "källan anger uttryckligen att sätet inte är angivet (huvudkontoret ligger "
        "i Fagersta) — varken värd eller säte sätts",
    },
    "Gemensam nämnd i överförmyndarfrågor Bollnäs–Ovanåker–Ljusdal": {
        "medlem_start": {"2161": "2023-01-01"},
        "varfor": "Ljusdal ingår fr.o.m. 2023-01-01",
    },
    "Gemensam överförmyndarnämnd Ljusnarsberg–Lindesberg–Hällefors–Nora": {
        "varfor": "värdkommunen Ljusnarsberg finns i källans kolumn men är enligt "
        "anmärkningen härledd ur var nämnden är placerad; behålls och flaggas här",
    },
    "Söderåsens miljöförbund": {
        "startdatum": "2009-09-01",
        "varfor": "bildat 2009-09-01; Bjuv lämnade 2022-12-31 (tidigare medlem)",
    },
    "Räddningstjänsten Fyrbodal": {
        "startdatum": "2025-01-01",
        "varfor": "i drift fr.o.m. 2025-01-01 (sammanslagning av NÄRF och Räddningstjänsten Mitt Bohuslän)",
    },
    "Vakin – Vatten och avfallskompetens i Norr AB": {
        "startdatum": "2016-01-01",
        "medlem_start": {"2401": "2021-01-01"},
        "varfor": "bildat 2016-01-01; Nordmaling delägare fr.o.m. 2021-01-01",
    },
    "Gemensam överförmyndarnämnd i Uppsala län": {
        "status": "planerad",
        "varfor": "källan är en planuppgift från 2010 (nämnd från årsskiftet 2011) och "
        "sammansättningen är inte verifierad",
    },
    "Karlstadsregionen (kommunsamverkan)": {
        "startdatum": "2021-09-23",
        "varfor": "informell samverkan på grund av avsiktsförklaringen 2021-09-23",
    },
    "Värmlandsrådet (Samverkansavtal Värmland)": {
        "extra_medlemmar": ("R17",),
        "varfor": "Region Värmland ingår enligt anmärkningen",
    },
    "Gemensamt överförmyndarkansli Vallentuna–Norrtälje–Täby–Österåker": {
        "status": "avslutad",
        "slutdatum": "2013-12-31",
        "varfor": "källan kallar det historiskt: Vallentuna beslutade i juni 2013 att lämna "
        "och fortsättningen för de övriga är inte verifierad; bara året är känt, "
        "så slutdatum sätts till årets sista dag",
    },
    "Klarälvdalens räddningstjänstförbund": {
        "status": "avslutad",
        "slutdatum": "2010-12-31",
        "varfor": "historiskt: Munkfors gick in i Räddningstjänsten Karlstadsregionen "
        "2011-01-01 och förbundet upphörde dessförinnan (härlett)",
    },
    "Räddningstjänsten Östra Skaraborg (RÖS)": {
        "status": "avslutad",
        "slutdatum": "2022-12-31",
        "varfor": "historiskt: gick upp i Räddningstjänsten Skaraborg; anmärkningen härleder "
        "upphörandet till 2022-12-31",
    },
    "Räddningsnämnden Västerbergslagen (Räddningstjänsten Västerbergslagen)": {
        "status": "avslutad",
        "slutdatum": "2017-12-31",
        "varfor": "historiskt: Ljusnarsberg flyttade sin räddningstjänst till Nerikes "
        "Brandkår (medlem där fr.o.m. 2018-01-01)",
    },
    "Räddningstjänstförbundet Östra Norrbotten (RFÖN)": {
        "status": "avslutad",
        "varfor": "historiskt och osäkert; källan anger inget år för upphörandet, så "
        "arrangemanget visas som avslutat med okänt datum",
    },
    "Räddningsregion södra Kalmar län (samverkan ledning)": {
        "status": "avslutad",
        "slutdatum": "2022-12-31",
        "varfor": "ersatt av Räddningstjänsten Sydost 2023-01-01 (härlett i anmärkningen)",
    },
}

DEMO_HEADER = [
    "id",
    "arrangemang",
    "form",
    "omrade",
    "medlem_kommunkod",
    "medlem_namn",
    "vardkommun",
    "sate",
    "startdatum",
    "slutdatum",
    "status",
    "kalla",
    "anmarkning",
    "medlem_startdatum",
    "medlem_slutdatum",
    "medlem_kalla",
    "medlem_anmarkning",
]
_STATUSES = ("aktiv", "avslutad", "planerad")
_HOST_FORMS = ("gemensam_namnd", "avtalssamverkan")
_NATIONAL = {
    "arbetsformedlingen": "Arbetsförmedlingen",
    "forsakringskassan": "Försäkringskassan",
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Notes that call an arrangement history must have a reviewed CAVEATS entry.
_HISTORICAL = re.compile(r"^HISTORISK", re.IGNORECASE)


def _party_names(kommuner: list[list[object]]) -> dict[str, str]:
    names = {str(row[0]): str(row[1]) for row in kommuner}
    names.update({f"R{code}": name for code, name in REGION_NAMES.items() if code != "09"})
    names.update(_NATIONAL)
    return names


def _check_caveat(name: str, caveat: dict[str, object], names: dict[str, str]) -> None:
    """Fail loudly on a typo in the reviewed table (it is data, not code)."""
    allowed = {
        "startdatum",
        "slutdatum",
        "status",
        "sate",
        "vardkommun",
        "medlem_start",
        "extra_medlemmar",
        "varfor",
    }
    unknown = set(caveat) - allowed
    if unknown or "varfor" not in caveat:
        raise SystemExit(f"CAVEATS[{name!r}]: unknown keys {unknown} or no 'varfor'")
    for key in ("startdatum", "slutdatum"):
        if key in caveat and not _DATE.fullmatch(str(caveat[key])):
            raise SystemExit(f"CAVEATS[{name!r}][{key}] is not an ISO date")
    if caveat.get("status", "aktiv") not in _STATUSES:
        raise SystemExit(f"CAVEATS[{name!r}]: bad status")
    ids = [caveat.get("sate") or None, caveat.get("vardkommun") or None]
    ids += list(caveat.get("extra_medlemmar", ())) + list(caveat.get("medlem_start", {}))
    for pid in filter(None, ids):
        if pid not in names:
            raise SystemExit(f"CAVEATS[{name!r}]: unknown party id {pid}")


def _member_id(rec: dict[str, str], by_name: dict[str, str], arrangement: str) -> str:
    """Party id of a source member row: its kommunkod, or a region's or agency's id by name."""
    code = rec["medlem_kommunkod"].strip()
    if code:
        return code.zfill(4)
    pid = by_name.get(rec["medlem_namn"].strip())
    if pid is None:
        raise SystemExit(f"{arrangement!r}: member {rec['medlem_namn']!r} has no code and no known name")
    return pid


def _first_day(text: str, where: str) -> str:
    """An ISO day from a source date: a bare year or year-month means its first day.

    The source writes "2024-01" where only the month is known (as it writes 1 January
    where only the year is known); anything else must already be an ISO date.
    """
    text = text.strip()
    if not text or _DATE.fullmatch(text):
        return text
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return f"{text}-01"
    if re.fullmatch(r"\d{4}", text):
        return f"{text}-01-01"
    raise SystemExit(f"{where}: {text!r} is not a date")


def _derived_dates(rows: list[dict[str, str]]) -> tuple[str, str]:
    """(start, end) an arrangement's member rows imply, ``""`` where they imply nothing.

    When every membership has a first day the arrangement began with the earliest;
    when every membership has a last day it ended with the latest (all members left).
    """
    starts = [r["medlem_fran"] for r in rows]
    ends = [r["medlem_till"] for r in rows]
    start = min(starts) if all(starts) else ""
    end = max(ends) if all(ends) else ""
    return start, end


def build_demo(shared: Path, kommuner: list[list[object]]) -> tuple[list[str], list[list[object]]]:
    """Header and rows of ``data/demo_samverkan.csv``.

    One row per arrangement × member, in the source's order, with the members
    that :data:`CAVEATS` adds (regions, national bodies) after each arrangement's
    own rows. ``vardkommun``, ``sate`` and ``medlem_kommunkod`` hold party ids
    (kommunkod, ``R`` + län code, or a national body's id). Former members stay,
    with their last day in ``medlem_slutdatum``. ``kalla``/``anmarkning`` are the
    arrangement's (its first source row's); a member row whose own source or note
    differs keeps it in ``medlem_kalla``/``medlem_anmarkning``.
    """
    source = _read_csv(shared / "data" / "samverkan_verklig.csv")
    names = _party_names(kommuner)
    by_name = {name: pid for pid, name in names.items()}
    groups: dict[str, list[dict[str, str]]] = {}
    for rec in source:
        for column in ("medlem_fran", "medlem_till"):
            rec[column] = _first_day(rec[column], f"{rec['arrangemang']!r} {column}")
        groups.setdefault(rec["arrangemang"], []).append(rec)
    unknown = set(CAVEATS) - set(groups)
    if unknown:
        raise SystemExit(f"CAVEATS names arrangements not in the source: {sorted(unknown)}")

    rows: list[list[object]] = []
    seen_ids: dict[str, str] = {}
    for name, members in groups.items():
        slug = slugify(name)
        if slug in seen_ids:
            raise SystemExit(f"id {slug} is not unique ({name!r} and {seen_ids[slug]!r})")
        seen_ids[slug] = name
        first = members[0]
        for field in ("form", "omrade", "vardkommun"):
            if len({m[field] for m in members}) != 1:
                raise SystemExit(f"{name!r}: {field} differs between member rows")
        caveat = CAVEATS.get(name, {})
        if name in CAVEATS:
            _check_caveat(name, caveat, names)
        elif _HISTORICAL.match(first["anmarkning"]) and not _derived_dates(members)[1]:
            raise SystemExit(
                f"{name!r}: the note calls it history but no end is known; review it into CAVEATS"
            )
        if "vardkommun" in caveat:
            host = str(caveat["vardkommun"])
        elif first["vardkommun"].strip():
            host = by_name.get(first["vardkommun"].strip(), "")
            if not host:
                raise SystemExit(f"{name!r}: host {first['vardkommun']!r} needs a CAVEATS entry")
        else:
            host = ""
        if host and first["form"] not in _HOST_FORMS:
            raise SystemExit(f"{name!r}: a {first['form']} has no host; use 'sate'")
        member_ids = [_member_id(m, by_name, name) for m in members]
        extra = list(caveat.get("extra_medlemmar", ()))
        if set(extra) & set(member_ids):
            raise SystemExit(f"{name!r}: extra_medlemmar already in the source")
        if host and host not in member_ids + extra:
            raise SystemExit(f"{name!r}: host {host} is not a member")
        joined: dict[str, str] = dict(caveat.get("medlem_start", {}))  # type: ignore[arg-type]
        if set(joined) - set(member_ids + extra):
            raise SystemExit(f"{name!r}: medlem_start names a non-member")
        for pid, m in zip(member_ids, members):
            if pid in joined and m["medlem_fran"]:
                raise SystemExit(f"{name!r}: medlem_start {pid} is already dated in the source")
        derived_start, derived_end = _derived_dates(members)
        start = str(caveat.get("startdatum", derived_start))
        end = str(caveat.get("slutdatum", derived_end))
        status = str(caveat.get("status", "avslutad" if derived_end else "aktiv"))
        if end and status == "aktiv":
            raise SystemExit(f"{name!r}: an end date {end} with status aktiv; review it")
        common = [
            first["form"],
            first["omrade"],
            host,
            caveat.get("sate", ""),
            start,
            end,
            status,
            first["kalla"],
            first["anmarkning"],
        ]
        entries = [
            (pid, m["medlem_namn"].strip(), m["medlem_fran"], m["medlem_till"], m["kalla"], m["anmarkning"])
            for pid, m in zip(member_ids, members)
        ]
        entries += [(pid, names[pid], "", "", first["kalla"], first["anmarkning"]) for pid in extra]
        if len({entry[0] for entry in entries}) != len(entries):
            raise SystemExit(f"{name!r}: a member occurs twice")
        for pid, member_name, m_start, m_end, m_source, m_note in entries:
            if pid[0].isdigit() and names.get(pid) != member_name:
                raise SystemExit(f"{name!r}: member {pid} {member_name!r} vs reference {names.get(pid)!r}")
            form, area, host_id, seat, a_start, a_end, a_status, a_source, a_note = common
            rows.append(
                [
                    slug,
                    name,
                    form,
                    area,
                    pid,
                    member_name,
                    host_id,
                    seat,
                    a_start,
                    a_end,
                    a_status,
                    a_source,
                    a_note,
                    m_start or joined.get(pid, ""),
                    m_end,
                    "" if m_source == a_source else m_source,
                    "" if m_note == a_note else m_note,
                ]
            )
    if len(seen_ids) != 205:
        raise SystemExit(f"expected 205 arrangements, got {len(seen_ids)}")
    return DEMO_HEADER, rows


# -------------------------------------------------------------------- sources
_SOURCES_HEAD = """\
# Datakällor / Data sources

Filerna i den här mappen byggs av `scripts/build_reference.py` ur projektets delade
källmaterial (mappen `shared` bredvid arkivet). Kör skriptet igen för att återskapa dem;
resultatet blir byte för byte detsamma. Gränsfilerna (polygoner) kopieras aldrig hit – bara
härledda fakta: kod, namn, län och en punkt.

The files in this folder are built by `scripts/build_reference.py` from the project's shared
source material (the `shared` folder beside the repository). Re-running the script recreates
them byte for byte. Boundary polygons are never copied here, only derived facts: code, name,
county and one point.

## kommuner.csv

Sveriges 290 kommuner: `kommunkod` (fyra siffror, alltid text med inledande nolla),
`namn`, `lan_kod`, `lan_namn`, `lat`/`lon` (en punkt inuti kommunen, inte centrum eller
kommunhus), `befolkning`, `befolkning_ar`, `befolkning_precision`, `befolkning_kalla`.

- Kod, namn, län och punkt: kommungränser från Valmyndigheten via okfse/sweden-geojson
  (förenklade med mapshaper, via opendatasoft). Punkten är fältet `geo_point_2d`, avrundad
  till sex decimaler. Namn och län kontrolleras mot befolkningstabellen när skriptet körs.
- Befolkning: varje rad anger sin egen källa och sitt år. `exakt` = avskriven från en
  officiell eller regional statistiksida (år 2021–2024); `avrundad_100` = SKR:s
  kommungruppsindelning avrundad till närmaste hundratal (motsvarar folkmängden
  2020-12-31). Åren skiljer sig mellan raderna, så visa alltid år och precision. Några
  källor är speglar av Wikipedia eller andra webbsidor; de återges som de angavs.

The 290 municipalities. Code, name, county and an interior point come from the
municipality boundaries (Valmyndigheten via okfse/sweden-geojson); population carries its
own source, year and precision per row (`exakt`: transcribed from an official or regional
statistics page, 2021–2024; `avrundad_100`: SKR's municipality-group dataset rounded to
100, i.e. the population of 31 Dec 2020). Years differ between rows: always show year and
precision. Some population sources are mirrors of Wikipedia or other pages and are kept as
given.

## lan.csv

De 21 länen: `lan_kod`, `lan_namn` (från länsgränsfilen) och `region_namn`, namnet på det
organ som har regionens uppgifter (2024 års namn, t.ex. "Region Dalarna",
"Västra Götalandsregionen", "Region Sörmland"). På Gotland finns ingen separat region:
kommunen 0980 heter Region Gotland och sköter själv regionens uppgifter. I partstabellen
finns därför 20 regioner (id `R` + länskod) och Gotland som kommun.

The 21 counties with the name of the body that holds the regional tasks. Gotland has no
separate region: municipality 0980 is called Region Gotland. The parties table therefore
has 20 region parties (id `R` + county code) and Gotland as a municipality.

## demo_samverkan.csv

Projektets inbäddade demodata: verkliga samverkansarrangemang, en rad per arrangemang och
medlem. Källa: en sammanställning av förbundsordningar, reglementen, kommuners och
förbunds webbsidor, årsredovisningar och press; varje rad anger sin källa i `kalla`.
Källans anmärkning finns oförändrad i `anmarkning`, och källan finns oförändrad i `kalla`.

Kolumner: `id` (stabil ASCII-slug av namnet), `arrangemang`, `form`, `omrade`,
`medlem_kommunkod` (partens id: kommunkod, `R` + länskod för en region, eller
`arbetsformedlingen`/`forsakringskassan`), `medlem_namn`, `vardkommun` och `sate` (partens
id; en värd finns bara för gemensam nämnd och avtalssamverkan, ett säte bara för
förbund och bolag – ett säte är ingen värd), `startdatum`, `slutdatum` (ISO-datum, tomt när
källan inte anger en dag), `status` (`aktiv`, `avslutad`, `planerad`), `kalla`,
`anmarkning` (arrangemangets källa och anmärkning: den första källradens),
`medlem_startdatum`, `medlem_slutdatum` (medlemskapets första och sista dag där källan
daterar det; tidigare medlemmar finns kvar som rader med sista dag), `medlem_kalla`,
`medlem_anmarkning` (medlemsradens egen källa och anmärkning när de skiljer sig från
arrangemangets, annars tomma). Formen `samordningsforbund` (Finsam, lag 2003:1210) har
Försäkringskassan, Arbetsförmedlingen och regionen som medlemsrader.

Förbehåll: en del medlemslistor är äldre än i dag, vissa bygger bara på en dokumenttitel
eller på "alla kommuner i länet", och en värd eller ett säte anges bara där källan anger
det – annars lämnas fältet tomt och verktyget redovisar det som okänt. Ett årtal utan dag
("bildat 2008") sätts aldrig som datum utan står kvar i anmärkningen.

The embedded demo data: real cooperation arrangements, one row per arrangement and member,
each row naming its public source (`kalla`, unchanged) and the compiler's caveat
(`anmarkning`, unchanged). Host and seat are party ids; a host exists only for joint
committees and contract cooperation, a seat only for federations and companies. Dates are
ISO dates and are set only where the source gives a day; a bare year stays in the caveat.
Caveats: some member lists are older than today, some rows rest only on a document title or
on "all municipalities in the county", and a host or seat is named only where the source
names it.

### Ändringar mot källan / Changes made to the source

Anmärkningarna har lästs en och en; det som de uttryckligen säger om datum, status, säte,
värd och medlemmar har förts in i fälten enligt tabellen `CAVEATS` i byggskriptet. Alla
andra arrangemang har status `aktiv` och källans värden. Källans värdkommun (ett namn)
skrivs som kommunkod. Två regler gäller utan tabellrad: när varje medlemskap har en
första dag började arrangemanget med den tidigaste, och när varje medlemskap har en sista
dag upphörde det med den senaste (status `avslutad`); ett datum där källan bara anger år
och månad ("2024-01") blir månadens första dag. En anmärkning som kallar
arrangemanget historiskt utan att något slutdatum följer av raderna måste ha en rad i
tabellen. Former members are rows with their last day (Gävle in Inköp Gävleborg to
2019-12-31, Bjuv in Söderåsens miljöförbund to 2022-12-31, Kinda in Itsam to 2024-03-31);
an arrangement whose members all left ended on the latest of those days.

| arrangemang | ändrat / changed | varför (ur anmärkningen) |
|---|---|---|
"""


def build_sources_md() -> str:
    """Text of ``data/SOURCES.md`` (the change table is generated from :data:`CAVEATS`)."""
    lines = []
    for name in sorted(CAVEATS):
        caveat = CAVEATS[name]
        changed = []
        for key in ("startdatum", "slutdatum", "status", "sate", "vardkommun"):
            if key in caveat:
                value = caveat[key] or "(tömd / cleared)"
                changed.append(f"{key}={value}")
        for pid, date in dict(caveat.get("medlem_start", {})).items():  # type: ignore[arg-type]
            changed.append(f"medlem_startdatum {pid}={date}")
        extra = caveat.get("extra_medlemmar", ())
        if extra:
            added = ", ".join(extra)  # type: ignore[arg-type]
            changed.append(f"nya medlemsrader / added members: {added}")
        cell = "; ".join(changed) if changed else "inget fält (endast notering) / none"
        reason = str(caveat["varfor"]).replace("|", "/")
        lines.append(f"| {name} | {cell} | {reason} |")
    return _SOURCES_HEAD + "\n".join(lines) + "\n"


# ----------------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "data", help="output folder")
    args = parser.parse_args(argv)
    shared: Path = args.shared
    out: Path = args.out
    if not (shared / "data" / "kommuner.csv").is_file():
        print(f"shared data not found in {shared}", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    kommuner = build_kommuner(shared)
    _write_csv(out / "kommuner.csv", KOMMUNER_HEADER, kommuner)
    _write_csv(out / "lan.csv", LAN_HEADER, build_lan(shared, kommuner))
    header, demo = build_demo(shared, kommuner)
    _write_csv(out / "demo_samverkan.csv", header, demo)
    (out / "SOURCES.md").write_bytes(build_sources_md().encode("utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
