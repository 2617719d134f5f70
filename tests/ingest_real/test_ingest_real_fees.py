"""A federation's fee table (Medlemskommun · Medlemsavgift 2021 · Procentuell fördelning)
used as the Medlemskap sheet."""

from __future__ import annotations

import pytest

from samverkansvav.ingest import read_register

# Burlöv 1231, Eslöv 1285, Kävlinge 1261, Lund 1281, Malmö 1280
EXPECTED = {
    "1280": (0.4506, 57_649_000),  # "45,06" (no %), "57 649 000kr"
    "1281": (0.21, 26_870_000),  # "21,0 %", "26 870 000 kr"
    "1261": (0.175, 22_386_000),  # "17,5 %"
    "1285": (0.1044, 13_354_000),  # "10,44"
    "1231": (0.06, 7_675_000),  # "6,0 %"
}


def test_fee_table_is_read_without_issues_above_info(fee_table_register):
    result = read_register(fee_table_register)
    assert result.ok
    assert [i for i in result.report if i.level != "info"] == []


@pytest.mark.parametrize("party_id", sorted(EXPECTED))
def test_fee_table_share_and_fee(fee_table_register, members, party_id):
    web = read_register(fee_table_register).web
    row = members(web, "Räddningstjänsten Syd")[party_id]
    share, fee = EXPECTED[party_id]
    assert row["share"] == pytest.approx(share)
    assert row["annual_cost"] == pytest.approx(fee)


def test_fee_table_totals(fee_table_register, members):
    web = read_register(fee_table_register).web
    rows = members(web, "Räddningstjänsten Syd")
    # The Totalt row (127 934 000, 100 %) is skipped, not read as a member "Totalt".
    assert set(rows) == set(EXPECTED)
    # 0.4506 + 0.21 + 0.175 + 0.1044 + 0.06 = 1.0
    assert sum(r["share"] for r in rows.values()) == pytest.approx(1.0)
    # 57 649 000 + 26 870 000 + 22 386 000 + 13 354 000 + 7 675 000 = 127 934 000
    assert sum(r["annual_cost"] for r in rows.values()) == pytest.approx(127_934_000)


def test_misspelled_member_in_fee_table_is_an_error_on_the_medlemskap_sheet(write_xlsx, find):
    path = write_xlsx(
        {
            "Samverkan": [
                ["Namn", "Form", "Område", "Medlemmar"],
                [
                    "Räddningstjänsten Syd",
                    "Kommunalförbund",
                    "Räddningstjänst",
                    "Burlöv, Eslöv, Kävlinge, Lund, Malmö",
                ],
            ],
            "Medlemskap": [
                ["Medlemskommun", "Medlemsavgift 2021", "Procentuell fördelning"],
                ["Malmö stad", "57 649 000kr", "45,06"],
                ["Kävlinege kommun", "22 386 000", "17,5 %"],
            ],  # row 3: typo
        }
    )
    result = read_register(path)
    errors = find(result.report, level="fel", row=3)
    assert errors and errors[0].sheet == "Medlemskap"
    assert "Kävlinge" in f"{errors[0].message} {errors[0].hint}"
    assert result.web is None
