"""Samordningsförbund (Finsam): the state agencies and the region are members and
partners; a förbund without every required kind of member is an error."""

from __future__ import annotations

import pytest

from samverkansvav.analysis.metrics import municipality_metrics
from samverkansvav.cli import main
from samverkansvav.ingest import read_register

HEADER = ["Namn", "Form", "Område", "Medlemmar"]
ALE, KUNGALV, STENUNGSUND = "1440", "1482", "1415"
FK, AF, VGR = "forsakringskassan", "arbetsformedlingen", "R14"


def test_a_complete_samordningsforbund_passes_check_and_its_parties_are_partners(write_xlsx, capsys):
    path = write_xlsx(
        {
            "Samverkan": [
                HEADER,
                [
                    "Samordningsförbundet Ale-Kungälv",
                    "Finsam",
                    "rehabilitering",
                    "Ale, Kungälv, Försäkringskassan, Arbetsförmedlingen, Västra Götalandsregionen",
                ],
                ["IT-samverkan", "kommunalförbund", "IT", "Ale, Stenungsund"],
            ]
        }
    )
    assert main(["check", str(path)]) == 0
    assert "0 fel" in capsys.readouterr().out
    result = read_register(path)
    web = result.web
    assert (
        web.arrangements.set_index("name").loc["Samordningsförbundet Ale-Kungälv", "form"]
        == "samordningsforbund"
    )
    finsam = web.arrangements.loc[web.arrangements["form"] == "samordningsforbund", "id"].iloc[0]
    assert web.members_of(finsam) == sorted([ALE, KUNGALV, FK, AF, VGR])
    partners = municipality_metrics(web)["n_partners"].to_dict()
    # Ale: Kungälv, FK, AF, VGR (förbundet) + Stenungsund (IT) = 5.
    # Kungälv: Ale, FK, AF, VGR = 4. FK: Ale, Kungälv, AF, VGR = 4. Stenungsund: Ale = 1.
    assert partners[ALE] == 5
    assert partners[KUNGALV] == 4
    assert partners[FK] == 4 and partners[AF] == 4 and partners[VGR] == 4
    assert partners[STENUNGSUND] == 1


@pytest.mark.parametrize(
    "members,missing",
    [
        ("Ale, Kungälv, Försäkringskassan", "Arbetsförmedlingen och minst en region"),
        ("Försäkringskassan, Arbetsförmedlingen, Västra Götalandsregionen", "minst en kommun"),
        ("Ale, Arbetsförmedlingen, Västra Götalandsregionen", "Försäkringskassan"),
        ("Ale, Kungälv", "Försäkringskassan, Arbetsförmedlingen och minst en region"),
    ],
)
def test_a_samordningsforbund_missing_a_required_member_is_an_error(write_xlsx, members, missing):
    path = write_xlsx(
        {
            "Samverkan": [
                HEADER,
                ["IT", "kommunalförbund", "IT", "Ale, Kungälv"],
                ["Finsam Ale", "samordningsförbund", "rehabilitering", members],
            ]
        }
    )
    result = read_register(path)
    assert not result.ok
    errors = [i for i in result.report.issues if i.level == "fel"]
    assert [(i.code, i.row, i.column, i.arrangement) for i in errors] == [
        ("finsam_missing_member", 3, "Medlemmar", "Finsam Ale")
    ]
    assert f"saknar obligatoriska medlemmar: {missing}." in errors[0].message
    assert "2003:1210" in errors[0].message
    # The other arrangement is still usable for previews.
    assert result.usable_web.arrangements["name"].tolist() == ["IT"]


def test_long_form_samordningsforbund_with_region_rows(write_csv):
    rows = [["Namn", "Form", "Medlem"]] + [
        ["Finsam Skåne", "Finsam", m]
        for m in ("Malmö", "Försäkringskassan", "Arbetsförmedlingen", "Region Skåne")
    ]
    result = read_register(write_csv(rows))
    assert result.ok, result.report.issues
    assert int(municipality_metrics(result.web).loc["1280", "n_partners"]) == 3
