"""Areas as lists: every area of "Miljö, bygg, fysisk planering" is read and counted."""

from __future__ import annotations

from samverkansvav.analysis.metrics import municipality_metrics
from samverkansvav.ingest import read_register
from samverkansvav.model import split_areas

HEADER = ["Namn", "Form", "Område", "Värdkommun", "Medlemmar"]
ALE, KUNGALV, STENUNGSUND = "1440", "1482", "1415"


def infos(result, code):
    return [i.message for i in result.report.issues if i.code == code]


def test_each_area_of_a_list_is_normalised_and_counted(write_xlsx):
    rows = [
        HEADER,
        ["Miljönämnden", "gemensam nämnd", "Miljö, bygg, fysisk planering", "Ale", "Ale, Kungälv"],
        ["IT-samverkan", "avtal", "IT; miljö", "Ale", "Ale, Stenungsund"],
    ]
    result = read_register(write_xlsx({"Samverkan": rows}))
    assert result.ok, result.report.issues
    areas = dict(zip(result.web.arrangements["name"], result.web.arrangements["area"]))
    assert areas == {
        "Miljönämnden": "miljö- och hälsoskydd; bygg och miljö; fysisk planering",
        "IT-samverkan": "IT; miljö- och hälsoskydd",
    }
    assert split_areas(areas["Miljönämnden"]) == (
        "miljö- och hälsoskydd",
        "bygg och miljö",
        "fysisk planering",
    )
    n_areas = municipality_metrics(result.web)["n_areas"].to_dict()
    # Kungälv: the three areas of the one nämnd; Stenungsund: IT and miljö;
    # Ale: the three plus IT (miljö counted once).
    assert n_areas == {ALE: 4, KUNGALV: 3, STENUNGSUND: 2}


def test_och_never_splits_an_area(write_xlsx):
    rows = [
        HEADER,
        ["Nämnden", "gemensam nämnd", "Miljö- och hälsoskydd; plan och bygg", "Ale", "Ale, Kungälv"],
    ]
    result = read_register(write_xlsx({"Samverkan": rows}))
    assert result.web.arrangements["area"].tolist() == ["miljö- och hälsoskydd; bygg och miljö"]
    assert int(municipality_metrics(result.web).loc[KUNGALV, "n_areas"]) == 2


def test_synonyms_of_one_area_in_a_list_count_once(write_xlsx):
    rows = [HEADER, ["Räddning", "kommunalförbund", "räddningstjänst, sotning", "", "Ale, Kungälv"]]
    result = read_register(write_xlsx({"Samverkan": rows}))
    assert result.web.arrangements["area"].tolist() == ["räddningstjänst"]


def test_unknown_areas_are_kept_and_flagged_one_by_one(write_xlsx):
    rows = [HEADER, ["Kyrkogårdar", "avtal", "IT, Gravplatser; Kyrkogårdsskötsel", "Ale", "Ale, Kungälv"]]
    result = read_register(write_xlsx({"Samverkan": rows}))
    assert result.ok
    assert result.web.arrangements["area"].tolist() == ["IT; Gravplatser; Kyrkogårdsskötsel"]
    messages = infos(result, "unknown_area")
    assert len(messages) == 2
    assert "'Gravplatser'" in messages[0] and "'Kyrkogårdsskötsel'" in messages[1]
    assert all(i.level == "info" for i in result.report.issues if i.code == "unknown_area")


def test_a_comma_inside_brackets_explains_an_area_rather_than_listing_one(write_xlsx):
    rows = [
        HEADER,
        ["Regionen", "kommunalförbund", "regional samverkan (näringsliv, turism), VA", "", "Ale, Kungälv"],
    ]
    result = read_register(write_xlsx({"Samverkan": rows}))
    assert result.web.arrangements["area"].tolist() == ["regional samverkan; VA"]


def test_long_form_reads_area_lists(write_csv):
    rows = [
        ["Namn", "Form", "Område", "Medlem"],
        ["Förbundet", "kommunalförbund", "Miljö, bygg, fysisk planering", "Ale"],
        ["Förbundet", "kommunalförbund", "Miljö, bygg, fysisk planering", "Kungälv"],
    ]
    result = read_register(write_csv(rows))
    assert result.ok and result.layout == "lång"
    assert int(municipality_metrics(result.web).loc[ALE, "n_areas"]) == 3
