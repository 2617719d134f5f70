"""Property tests on the ingest.

1. What is written is what is read: small valid registers among real
   municipalities, written as .xlsx (typed cells) and as .csv (Swedish text
   formats), read back to the same names, forms, hosts, members, dates and
   amounts (negative amounts included).
2. Mutations of valid files (byte flips, truncation, random bytes) give only
   ``UnreadableFile`` or a report whose issues use the known codes — never
   another exception, never a hang (Hypothesis deadline per example).

Settings are derandomized (same examples every run, stable in CI) and sized to
keep this file well under a minute.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from samverkansvav.issue_codes import ISSUE_CODES

#: Every issue code the project may emit (the catalogue, checked against the source).
KNOWN_CODES = frozenset(ISSUE_CODES)

#: Form as written -> canonical form (synonyms as people write them).
FORM_WRITINGS = {
    "gemensam nämnd": "gemensam_namnd",
    "Gemensam Nämnd": "gemensam_namnd",
    "GN": "gemensam_namnd",
    "Kommunalförbund": "kommunalforbund",
    "KF": "kommunalforbund",
    "förbund": "kommunalforbund",
    "avtal": "avtalssamverkan",
    "Samverkansavtal": "avtalssamverkan",
    "avtalssamverkan": "avtalssamverkan",
    "AB": "bolag",
    "aktiebolag": "bolag",
    "stiftelse": "stiftelse",
    "ekonomisk förening": "ekonomisk_forening",
    "ideell förening": "ideell_forening",
    "nätverk": "informell",
}
HOST_FORMS = {"gemensam_namnd", "avtalssamverkan"}
AREAS = ["IT", "räddningstjänst", "löneadministration", "överförmyndare", "ekonomiadministration"]
REPORTER = "2062"  # Mora: a member of every generated arrangement, so its costs land somewhere
SEPARATORS = [", ", "; ", " / ", "\n"]
HEADER = ["Id", "Namn", "Form", "Område", "Värdkommun", "Medlemmar", "Startdatum", "Årskostnad (kr)"]

SETTINGS = dict(derandomize=True, suppress_health_check=[HealthCheck.too_slow], database=None)


@pytest.fixture(scope="module")
def kommuner(parties) -> list[tuple[str, str]]:
    """(kommunkod, name) of real municipalities whose names survive list splitting."""
    rows = parties[parties["kind"] == "kommun"]
    pool = [
        (pid, name)
        for pid, name in zip(rows["id"], rows["name"])
        if not re.search(r"\b(och|samt)\b|[,;/]", name) and pid != REPORTER
    ]
    assert len(pool) > 250
    return sorted(pool)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("properties")


# ---------------------------------------------------------------- strategies
WORD = st.text(alphabet="abcdefghijklmnoprstuvyåäöÅÄÖBDEFGHKLMNS0123456789", min_size=2, max_size=10)
NAMES = (
    st.lists(WORD, min_size=1, max_size=4)
    .map(" ".join)
    .filter(
        # not a "Totalt"/"Summa" row (skipped by design), starts with a letter
        lambda n: n[0].isalpha() and not re.match(r"(?i)(totalt|summa)", n)
    )
)
AMOUNTS = st.integers(min_value=0, max_value=2_000_000_000_00).map(lambda c: Decimal(c) / 100)
DATES = st.dates(min_value=dt.date(1960, 1, 1), max_value=dt.date(2060, 12, 31))


@st.composite
def registers(draw, pool: list[tuple[str, str]]):
    """A list of arrangements: dicts with the written and the expected values."""
    n = draw(st.integers(min_value=1, max_value=5))
    names = draw(st.lists(NAMES, min_size=n, max_size=n, unique_by=lambda s: s.casefold()))
    result = []
    for i, name in enumerate(names):
        form_text = draw(st.sampled_from(sorted(FORM_WRITINGS)))
        form = FORM_WRITINGS[form_text]
        others = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=5, unique=True))
        members = [(REPORTER, "Mora")] + others
        members = draw(st.permutations(members))
        host = draw(st.sampled_from(members)) if form in HOST_FORMS else None
        written = [draw(st.sampled_from([code, nm])) for code, nm in members]
        result.append(
            {
                "id": f"p{i}",
                "name": name,
                "form_text": form_text,
                "form": form,
                "area": draw(st.sampled_from(AREAS)),
                "host": host[0] if host else None,
                "host_text": (draw(st.sampled_from([host[0], host[1]])) if host else None),
                "members": {code for code, _ in members},
                "members_text": draw(st.sampled_from(SEPARATORS)).join(written),
                "start": draw(st.one_of(st.none(), DATES)),
                "cost": draw(st.one_of(st.none(), AMOUNTS)),
            }
        )
    return result


def swedish_amount(value: Decimal, *, thousands: str) -> str:
    """1250000.5 -> '1 250 000,50' (thousands separator given); negatives with '-' or U+2212."""
    text = f"{abs(value):,.2f}".replace(",", thousands).replace(".", ",")
    return ("\u2212" if value < 0 else "") + text


def write_xlsx(path: Path, register: list[dict]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Samverkan"
    ws.append(HEADER)
    for a in register:
        ws.append(
            [
                a["id"],
                a["name"],
                a["form_text"],
                a["area"],
                a["host_text"],
                a["members_text"],
                a["start"],
                float(a["cost"]) if a["cost"] is not None else None,
            ]
        )
    wb.save(path)
    return path


def write_csv(path: Path, register: list[dict], *, sep: str, encoding: str, thousands: str) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(HEADER)
    for a in register:
        writer.writerow(
            [
                a["id"],
                a["name"],
                a["form_text"],
                a["area"],
                a["host_text"] or "",
                a["members_text"],
                a["start"].isoformat() if a["start"] else "",
                swedish_amount(a["cost"], thousands=thousands) if a["cost"] is not None else "",
            ]
        )
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def assert_read_back(result, register: list[dict]) -> None:
    assert result.ok, result.report.as_text()
    web = result.web
    arrangements = web.arrangements.set_index("id")
    assert sorted(arrangements.index) == sorted(a["id"] for a in register)
    m = web.memberships
    for a in register:
        got = arrangements.loc[a["id"]]
        assert got["name"] == a["name"]
        assert got["form"] == a["form"]
        assert (got["host"] or None) == a["host"]
        assert got["start"] == a["start"]
        assert set(m.loc[m["arrangement_id"] == a["id"], "party_id"]) == a["members"]
        cost = m.loc[(m["arrangement_id"] == a["id"]) & (m["party_id"] == REPORTER), "annual_cost"].iloc[0]
        if a["cost"] is None:
            assert cost != cost  # NaN: unknown stays unknown
        else:
            assert cost == float(a["cost"])


# ---------------------------------------------------------------- round trips
def test_xlsx_round_trip(ingest, parties, kommuner, workdir):
    @settings(
        max_examples=25, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate], **SETTINGS
    )
    @given(registers(kommuner))
    def check(register):
        path = write_xlsx(workdir / "rt.xlsx", register)
        assert_read_back(ingest.read_register(path, parties=parties, reporter=REPORTER), register)

    check()


@pytest.mark.parametrize(
    "sep, encoding, thousands",
    [(";", "utf-8-sig", " "), (";", "cp1252", "\u00a0"), (",", "utf-8", " "), ("\t", "utf-16", "\u202f")],
)
def test_csv_round_trip(ingest, parties, kommuner, workdir, sep, encoding, thousands):
    @settings(
        max_examples=10, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate], **SETTINGS
    )
    @given(registers(kommuner))
    def check(register):
        # cp1252 cannot hold every character a name might contain
        if encoding == "cp1252":
            try:
                "".join(a["name"] for a in register).encode("cp1252")
            except UnicodeEncodeError:
                assume(False)
        path = write_csv(workdir / "rt.csv", register, sep=sep, encoding=encoding, thousands=thousands)
        assert_read_back(ingest.read_register(path, parties=parties, reporter=REPORTER), register)

    check()


def test_swedish_amount_formatting_examples():
    # the writer used above, checked by hand
    assert swedish_amount(Decimal("1250000.5"), thousands=" ") == "1 250 000,50"
    assert swedish_amount(Decimal("-5"), thousands=" ") == "\u22125,00"
    assert swedish_amount(Decimal("0.07"), thousands="\u00a0") == "0,07"


# ---------------------------------------------------------------- mutations
def _valid_files(workdir: Path, kommuner) -> dict[str, bytes]:
    register = [
        {
            "id": "m1",
            "name": "Lönenämnden",
            "form_text": "GN",
            "form": "gemensam_namnd",
            "area": "IT",
            "host": "2062",
            "host_text": "Mora",
            "members": {"2062", kommuner[0][0]},
            "members_text": f"Mora, {kommuner[0][1]}",
            "start": dt.date(2020, 1, 1),
            "cost": Decimal("1500.25"),
        },
        {
            "id": "m2",
            "name": "Räddning Väst",
            "form_text": "KF",
            "form": "kommunalforbund",
            "area": "räddningstjänst",
            "host": None,
            "host_text": None,
            "members": {"2062", kommuner[1][0]},
            "members_text": f"2062; {kommuner[1][0]}",
            "start": None,
            "cost": Decimal("1250000.5"),
        },
    ]
    return {
        "xlsx": write_xlsx(workdir / "base.xlsx", register).read_bytes(),
        "csv": write_csv(
            workdir / "base.csv", register, sep=";", encoding="utf-8-sig", thousands=" "
        ).read_bytes(),
    }


@st.composite
def mutations(draw, data: bytes):
    kind = draw(st.sampled_from(["flip", "truncate", "insert", "overwrite", "random"]))
    if kind == "random":
        return draw(st.binary(min_size=0, max_size=2048))
    buf = bytearray(data)
    if kind == "truncate":
        return bytes(buf[: draw(st.integers(0, len(buf)))])
    for _ in range(draw(st.integers(1, 8))):
        pos = draw(st.integers(0, len(buf) - 1))
        if kind == "flip":
            buf[pos] ^= 1 << draw(st.integers(0, 7))
        elif kind == "insert":
            buf[pos:pos] = draw(st.binary(min_size=1, max_size=16))
        else:
            chunk = draw(st.binary(min_size=1, max_size=16))
            buf[pos : pos + len(chunk)] = chunk
    return bytes(buf)


def _check_outcome(ingest, path: Path, parties) -> None:
    try:
        result = ingest.read_register(path, parties=parties, reporter=REPORTER)
    except ingest.UnreadableFile as exc:
        assert exc.file == path.name
        assert exc.message and "Traceback" not in exc.message
        return
    unknown = {i.code for i in result.report} - KNOWN_CODES
    assert not unknown, f"undocumented issue codes {unknown}"
    assert all(i.level in ("fel", "varning", "info") and i.message for i in result.report)
    assert (result.web is None) == result.report.has_errors


@pytest.mark.parametrize(
    "kind",
    [
        "xlsx",
        "csv",
    ],
)
def test_mutated_files_give_only_documented_outcomes(ingest, parties, kommuner, workdir, kind):
    base = _valid_files(workdir, kommuner)[kind]
    path = workdir / f"mutated.{kind}"

    # Every example must finish within the deadline: a hang or a slow blow-up fails.
    # No shrinking: a failure is reported as found, which keeps the file's runtime bounded.
    @settings(
        max_examples=60,
        deadline=dt.timedelta(seconds=5),
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
        **SETTINGS,
    )
    @given(mutations(base))
    def check(data):
        path.write_bytes(data)
        _check_outcome(ingest, path, parties)

    check()


def test_the_unmutated_base_files_are_valid(ingest, parties, kommuner, workdir):
    for kind, data in _valid_files(workdir, kommuner).items():
        path = workdir / f"ok.{kind}"
        path.write_bytes(data)
        result = ingest.read_register(path, parties=parties, reporter=REPORTER)
        assert result.ok, result.report.as_text()
        m = result.web.memberships
        cost = m.loc[(m["arrangement_id"] == "m1") & (m["party_id"] == REPORTER), "annual_cost"].iloc[0]
        assert cost == 1500.25


@pytest.mark.parametrize("written", [-1500.25, "\u22121 500,25", "-1 500,25"])
def test_negative_annual_cost_is_a_row_error_never_made_positive(ingest, parties, kommuner, workdir, written):
    # The ingest refuses negative annual costs (bad_amount); it must never drop the sign.
    register = [
        {
            "id": "n1",
            "name": "Lön",
            "form_text": "KF",
            "form": "kommunalforbund",
            "area": "IT",
            "host": None,
            "host_text": None,
            "members": {"2062", kommuner[0][0]},
            "members_text": f"Mora, {kommuner[0][1]}",
            "start": None,
            "cost": None,
        }
    ]
    path = write_xlsx(workdir / "neg.xlsx", register)
    wb = openpyxl.load_workbook(path)
    wb.active["H2"] = written
    wb.save(path)
    result = ingest.read_register(path, parties=parties, reporter=REPORTER)
    assert [(i.code, i.row) for i in result.report.errors] == [("bad_amount", 2)]


def test_csv_with_bare_cr_and_vertical_tab_is_not_a_crash(ingest, parties, workdir):
    path = workdir / "bare_cr.csv"
    path.write_bytes(
        "\ufeffId;Namn;Form;Område;Värdkommun;Medlemmar\r\x0bm1;Lön;GN;IT;Mora;Mora, Orsa\r\n".encode()
    )
    _check_outcome(ingest, path, parties)
