"""One rule for "the same arrangement" (issue 11): å/ä/ö are kept, so Håbo's and Habo's
IT-nämnd stay two arrangements in the merge, in `check` and in `metrics`."""

from __future__ import annotations

import json

import pytest

from samverkansvav.cli import main
from samverkansvav.ingest import merge_results, read_register
from samverkansvav.ingest.identity import ArrangementIndex, name_key

HEADER = ["Namn", "Form", "Område", "Värdkommun", "Medlemmar"]


@pytest.fixture
def habo_pair(write_csv):
    a = write_csv(
        [HEADER, ["Håbo IT-nämnd", "gemensam nämnd", "IT", "Håbo", "Håbo, Upplands-Bro"]], name="a.csv"
    )
    b = write_csv([HEADER, ["Habo IT-nämnd", "gemensam nämnd", "IT", "Habo", "Habo, Mullsjö"]], name="b.csv")
    return a, b


def test_habo_pair_merges_into_two_arrangements_with_their_own_hosts(habo_pair):
    a, b = habo_pair
    web, report = merge_results([read_register(a, reporter="Håbo"), read_register(b, reporter="Habo")])
    arr = web.arrangements.set_index("name")
    assert sorted(arr.index) == ["Habo IT-nämnd", "Håbo IT-nämnd"]
    # Håbo 0305, Upplands-Bro 0139; Habo 0643, Mullsjö 0642.
    assert web.members_of(arr.loc["Håbo IT-nämnd", "id"]) == ["0139", "0305"]
    assert web.members_of(arr.loc["Habo IT-nämnd", "id"]) == ["0642", "0643"]
    assert (arr.loc["Håbo IT-nämnd", "host"], arr.loc["Habo IT-nämnd", "host"]) == ("0305", "0643")
    assert web.arrangements["id"].is_unique
    assert [i.code for i in report if i.code.startswith("conflict")] == []


def test_check_reports_no_conflict_for_the_habo_pair(habo_pair, capsys):
    a, b = habo_pair
    main(["check", str(a), str(b)])
    out = capsys.readouterr().out
    assert "olika" not in out and "conflict" not in out


def test_metrics_counts_two_arrangements(habo_pair, capsys):
    a, b = habo_pair
    assert main(["metrics", str(a), str(b), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_code = {r["kommunkod"]: r for r in rows}
    # Each of the four municipalities is in exactly one arrangement with one partner;
    # Håbo and Habo each host theirs (one merged arrangement would have 3 partners, no host).
    for code in ("0305", "0139", "0643", "0642"):
        assert (by_code[code]["n_arrangements"], by_code[code]["n_partners"]) == (1, 1)
    assert (by_code["0305"]["n_hosted"], by_code["0643"]["n_hosted"]) == (1, 1)
    assert (by_code["0139"]["top_provider"], by_code["0642"]["top_provider"]) == ("0305", "0643")


def test_exact_name_matches_despite_case_space_and_punctuation():
    index = ArrangementIndex()
    index.add(None, "Håbo IT-nämnd", "gemensam_namnd")
    assert index.match(None, "HÅBO it  nämnd.", "gemensam_namnd") == 0
    assert index.match(None, "Habo IT-nämnd", "gemensam_namnd") is None
    assert index.match(None, "Håbo IT-nämnd", "avtalssamverkan") is None
    assert index.suggest("Habo IT-nämnd", "gemensam_namnd") == 0
    assert name_key("Räddningstjänsten Dala-Mitt") == "räddningstjänsten dala mitt"


def test_a_given_id_still_matches_across_renamed_descriptions():
    index = ArrangementIndex()
    index.add("x1", "Lönecentrum", "avtalssamverkan")
    assert index.match("x1", "Lönecentrum Dalarna", "avtalssamverkan") == 0


def test_a_ten_thousand_character_name_is_an_error_naming_its_row(write_csv, capsys):
    path = write_csv(
        [
            HEADER,
            ["Håbo IT-nämnd", "gemensam nämnd", "IT", "Håbo", "Håbo, Upplands-Bro"],
            ["x" * 10_000, "kommunalförbund", "IT", "", "Håbo, Upplands-Bro"],
        ],
        name="lang.csv",
    )
    result = read_register(path)
    errors = [(i.code, i.row, i.column) for i in result.report.errors if i.code == "name_too_long"]
    assert errors == [("name_too_long", 3, "Namn")]
    assert [i.message for i in result.report.errors if i.code == "name_too_long"] == [
        "Namnet har 10000 tecken; högst 300 tillåts."
    ]
    assert result.web is None  # nothing from the file is stored or merged
    assert main(["check", str(path)]) != 0
    assert "rad 3" in capsys.readouterr().out
