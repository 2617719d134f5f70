"""The upload preview uses the one "same arrangement" rule: Håbo's and Habo's IT-nämnd
(both with the derived id habo-it-namnd--gemensam_namnd) are two arrangements, no conflict."""

from __future__ import annotations

import csv

from samverkansvav.dataset import current_dataset
from samverkansvav.ingest import read_register

HEADER = ["Namn", "Form", "Område", "Värdkommun", "Medlemmar"]


def _register(tmp_path, name, row, reporter):
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([HEADER, row])
    return read_register(path, reporter=reporter)


def test_habo_pair_is_two_arrangements_in_preview_and_merge(store, tmp_path):
    habo = _register(
        tmp_path, "b.csv", ["Habo IT-nämnd", "gemensam nämnd", "IT", "Habo", "Habo, Mullsjö"], "Habo"
    )
    hbo = _register(
        tmp_path, "a.csv", ["Håbo IT-nämnd", "gemensam nämnd", "IT", "Håbo", "Håbo, Upplands-Bro"], "Håbo"
    )
    # Both registers derive the same id from their names (the slug folds å).
    assert habo.web.arrangements["id"].tolist() == hbo.web.arrangements["id"].tolist()
    store.import_register(habo, kommun="0643")
    preview = store.preview(hbo, kommun="0305")
    assert preview.conflicts == ()
    assert [a.name for a in preview.new] == ["Håbo IT-nämnd"]
    store.import_register(hbo, kommun="0305")
    web, report = current_dataset(store, habo.web.parties, include_demo=False)
    by_name = web.arrangements.set_index("name")
    assert sorted(by_name.index) == ["Habo IT-nämnd", "Håbo IT-nämnd"]
    assert web.members_of(by_name.loc["Håbo IT-nämnd", "id"]) == ["0139", "0305"]
    assert web.members_of(by_name.loc["Habo IT-nämnd", "id"]) == ["0642", "0643"]
    assert [i.code for i in report if i.code.startswith("conflict")] == []
