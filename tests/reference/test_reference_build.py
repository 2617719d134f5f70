"""The committed reference files and the script that builds them."""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
from pathlib import Path

import pandas as pd
import pytest

STATUSES = {"aktiv", "avslutad", "planerad"}
# Sweden with a margin: 55.34–69.06 N, 10.96–24.17 E.
LAT, LON = (55.0, 69.5), (10.5, 24.5)


def _load_script(repo_root: Path):
    spec = importlib.util.spec_from_file_location(
        "build_reference_under_test", repo_root / "scripts" / "build_reference.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(repo_root: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(repo_root / "data" / name, dtype=str, keep_default_na=False)


# ------------------------------------------------------ committed files
def test_kommuner_file(repo_root):
    kommuner = _read(repo_root, "kommuner.csv")
    assert list(kommuner.columns) == [
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
    assert len(kommuner) == 290
    assert kommuner["kommunkod"].str.fullmatch(r"\d{4}").all()
    assert kommuner["kommunkod"].is_unique
    assert kommuner["namn"].is_unique
    # The first two digits of a kommunkod are its län code.
    assert (kommuner["kommunkod"].str[:2] == kommuner["lan_kod"]).all()
    assert kommuner["lat"].astype(float).between(*LAT).all()
    assert kommuner["lon"].astype(float).between(*LON).all()
    assert kommuner["befolkning"].str.fullmatch(r"\d+").all()
    assert kommuner.set_index("kommunkod").at["2023", "namn"] == "Malung-Sälen"


def test_lan_file(repo_root):
    lan = _read(repo_root, "lan.csv")
    assert list(lan.columns) == ["lan_kod", "lan_namn", "region_namn"]
    assert len(lan) == 21
    regions = dict(zip(lan["lan_kod"], lan["region_namn"]))
    assert regions["01"] == "Region Stockholm"
    assert regions["14"] == "Västra Götalandsregionen"
    assert regions["09"] == "Region Gotland"
    assert regions["20"] == "Region Dalarna"


def test_no_boundaries_or_machine_paths_in_data(repo_root):
    data = repo_root / "data"
    assert not list(data.glob("*.geojson"))
    for path in [data / n for n in ("kommuner.csv", "lan.csv", "demo_samverkan.csv", "SOURCES.md")]:
        text = path.read_text("utf-8")
        assert str(repo_root.parent) + "/" not in text and "coordinates" not in text, path.name


@pytest.fixture(scope="module")
def demo(repo_root) -> pd.DataFrame:
    return _read(repo_root, "demo_samverkan.csv")


def test_demo_columns_and_counts(demo):
    assert list(demo.columns) == [
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
    assert demo["id"].nunique() == 205
    assert demo["arrangemang"].nunique() == 205
    # One id per name and one name per id.
    assert (demo.groupby("id")["arrangemang"].nunique() == 1).all()
    assert demo["id"].str.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*").all()
    assert not demo.duplicated(["id", "medlem_kommunkod"]).any()
    assert (demo.drop_duplicates("id")["form"] == "samordningsforbund").sum() == 20


def test_demo_arrangement_fields_are_constant_per_arrangement(demo):
    per_arr = demo.groupby("id")[
        ["form", "vardkommun", "sate", "startdatum", "slutdatum", "status", "kalla", "anmarkning"]
    ].nunique()
    assert (per_arr == 1).all().all()


def test_demo_statuses_and_dates(demo):
    assert set(demo["status"]) <= STATUSES
    for column in ("startdatum", "slutdatum", "medlem_startdatum", "medlem_slutdatum"):
        filled = demo[column][demo[column] != ""]
        assert filled.map(dt.date.fromisoformat).notna().all()
    arr = demo.drop_duplicates("id").set_index("id")
    ended = arr[arr["status"] == "avslutad"]
    today = dt.date.today().isoformat()
    dated = ended[ended["slutdatum"] != ""]
    assert (dated["slutdatum"] < today).all()
    # The one ended arrangement whose source gives no year: it stays ended, date unknown.
    assert ended.index[ended["slutdatum"] == ""].tolist() == [
        "raddningstjanstforbundet-ostra-norrbotten-rfon"
    ]
    with_both = arr[(arr["startdatum"] != "") & (arr["slutdatum"] != "")]
    assert (with_both["startdatum"] <= with_both["slutdatum"]).all()
    # 177 dated memberships in the source, 40 of them ended (plus dates the caveats add).
    assert (demo["medlem_slutdatum"] != "").sum() == 40
    assert ((demo["medlem_startdatum"] != "") | (demo["medlem_slutdatum"] != "")).sum() >= 177


def test_demo_caveats_read_into_fields(demo):
    arr = demo.drop_duplicates("id").set_index("id")
    emmaboda = arr.loc["raddningstjanstforbundet-emmaboda-torsas"]
    # "Verksamt 2007-01-01 till och med 2022"
    assert (emmaboda["startdatum"], emmaboda["slutdatum"], emmaboda["status"]) == (
        "2007-01-01",
        "2022-12-31",
        "avslutad",
    )
    osk = arr.loc["ostra-smalands-kommunalteknikforbund-osk"]
    # "Säte Hultsfred ... Avvecklas senast 2024-12-31": a seat, not a host.
    assert (osk["sate"], osk["vardkommun"], osk["slutdatum"]) == ("0860", "", "2024-12-31")
    lund = arr.loc["lund-eslov-gemensam-overformyndarnamnd"]
    assert (lund["startdatum"], lund["vardkommun"]) == ("2023-01-01", "1281")
    kalmar = "kalmar-borgholm-morbylanga-gemensam-overformyndarverksamhet"
    assert arr.at[kalmar, "status"] == "planerad"
    assert arr.at["va-syd", "sate"] == "1280" and arr.at["va-syd", "vardkommun"] == ""
    # "Vallentuna beslutade juni 2013 att lämna": the year is read into the end date.
    vallentuna = "gemensamt-overformyndarkansli-vallentuna-norrtalje-taby"
    assert (arr.at[vallentuna, "status"], arr.at[vallentuna, "slutdatum"]) == ("avslutad", "2013-12-31")


def test_demo_keeps_former_members_with_their_last_day(demo):
    """The three recorded exits: the leaver is a row with its last day, the others stay."""

    def member(arrangement: str, code: str) -> dict:
        rows = demo[(demo["id"] == arrangement) & (demo["medlem_kommunkod"] == code)]
        assert len(rows) == 1
        return rows.iloc[0].to_dict()

    assert member("kommunalforbundet-inkop-gavleborg", "2180")["medlem_slutdatum"] == "2019-12-31"
    assert member("soderasens-miljoforbund", "1260")["medlem_slutdatum"] == "2022-12-31"
    kinda = member("kommunalforbundet-itsam", "0513")
    assert (kinda["medlem_startdatum"], kinda["medlem_slutdatum"]) == ("2009-01-01", "2024-03-31")
    assert member("kommunalforbundet-itsam", "0884")["medlem_startdatum"] == "2012-07-01"
    # An arrangement whose members all left ended on the latest last day.
    nvu = demo[demo["id"] == "norra-vastmanlands-utbildningsforbund-nvu"].iloc[0]
    assert (nvu["slutdatum"], nvu["status"]) == ("2021-12-31", "avslutad")
    # A month-only source date is the month's first day.
    assert member("samverkan-bygg-och-miljo-vingaker-finspang", "0428")["medlem_startdatum"] == "2024-01-01"


def test_demo_hosts_only_for_host_forms_and_among_members(demo):
    arr = demo.drop_duplicates("id")
    hosted = arr[arr["vardkommun"] != ""]
    assert set(hosted["form"]) <= {"gemensam_namnd", "avtalssamverkan"}
    for _, row in hosted.iterrows():
        members = set(demo.loc[demo["id"] == row["id"], "medlem_kommunkod"])
        assert row["vardkommun"] in members, row["id"]
    seated = arr[arr["sate"] != ""]
    assert not set(seated["form"]) & {"gemensam_namnd", "avtalssamverkan", "informell"}


def test_demo_members_resolve_to_default_parties(demo, parties, resolver):
    ids = set(parties["id"])
    assert set(demo["medlem_kommunkod"]) <= ids
    assert set(demo["vardkommun"]) - {""} <= ids
    assert set(demo["sate"]) - {""} <= ids
    names = dict(zip(parties["id"], parties["name"]))
    assert (demo["medlem_kommunkod"].map(names) == demo["medlem_namn"]).all()
    # Every samordningsförbund has both state agencies, a region and a municipality.
    finsam = demo[demo["form"] == "samordningsforbund"]
    for arrangement, rows in finsam.groupby("id"):
        codes = set(rows["medlem_kommunkod"])
        assert {"forsakringskassan", "arbetsformedlingen"} <= codes, arrangement
        assert any(c.startswith("R") for c in codes) and any(c.isdigit() for c in codes), arrangement


def test_demo_keeps_source_and_caveat_verbatim(demo, shared_dir):
    source = pd.read_csv(shared_dir / "data" / "samverkan_verklig.csv", dtype=str, keep_default_na=False)
    # Each member row's own source and note: the row's, or the arrangement's when equal.
    own_source = demo["medlem_kalla"].where(demo["medlem_kalla"] != "", demo["kalla"])
    own_note = demo["medlem_anmarkning"].where(demo["medlem_anmarkning"] != "", demo["anmarkning"])
    pairs = set(zip(source["arrangemang"], source["kalla"], source["anmarkning"]))
    assert set(zip(demo["arrangemang"], own_source, own_note)) >= pairs
    # Every source row is in the demo; the extra rows are the regions the caveats add.
    # Region Skåne in RÅSK, Region Värmland in Värmlandsrådet, Region Jämtland Härjedalen as host.
    assert len(demo) - len(source) == 3
    assert set(demo.loc[~demo["medlem_kommunkod"].str[0].str.isdigit(), "medlem_namn"]) >= {
        "Försäkringskassan",
        "Arbetsförmedlingen",
        "Region Skåne",
    }


# -------------------------------------------------------------- script
def test_slugify(repo_root):
    script = _load_script(repo_root)
    assert script.slugify("Gemensam överförmyndarnämnd Bräcke–Berg–Härjedalen") == (
        "gemensam-overformyndarnamnd-bracke-berg-harjedalen"
    )
    assert script.slugify("V6 – Västra Skaraborg") == "v6-vastra-skaraborg"
    long_slug = script.slugify("ord " * 40)
    assert len(long_slug) <= 60 and not long_slug.endswith("-")


def test_caveat_table_is_valid(repo_root):
    script = _load_script(repo_root)
    for caveat in script.CAVEATS.values():
        assert caveat.get("status", "aktiv") in STATUSES
        assert str(caveat["varfor"]).strip()


def test_build_is_byte_identical_to_committed_files(repo_root, shared_dir, tmp_path):
    script = _load_script(repo_root)
    assert script.main(["--shared", str(shared_dir), "--out", str(tmp_path)]) == 0
    for name in ("kommuner.csv", "lan.csv", "demo_samverkan.csv", "SOURCES.md"):
        assert (tmp_path / name).read_bytes() == (repo_root / "data" / name).read_bytes(), name
    # And running it again changes nothing (deterministic).
    again = tmp_path / "again"
    assert script.main(["--shared", str(shared_dir), "--out", str(again)]) == 0
    for name in ("kommuner.csv", "lan.csv", "demo_samverkan.csv", "SOURCES.md"):
        assert (again / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_build_without_shared_reports_and_returns_2(repo_root, tmp_path):
    script = _load_script(repo_root)
    assert script.main(["--shared", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")]) == 2


def test_csv_is_plain_utf8_with_unix_newlines(repo_root):
    raw = (repo_root / "data" / "kommuner.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    rows = list(csv.reader(raw.decode("utf-8").splitlines()))
    assert rows[1][0] == "0114"  # the leading zero is in the file
