"""Party names as they stand in real documents: official names ("Göteborgs Stad",
"Region Gotland"), genitive -s, Habo vs Håbo, misspellings, regions and state agencies
as members, and hosts written as prose."""

from __future__ import annotations

import pytest

from samverkansvav.ingest import read_register


@pytest.mark.parametrize(
    "name, expected",
    [
        # Göteborgs Stad 1480, Mölndals stad 1481, Partille kommun 1402
        ("Alkohol- och tobakstillstånd", {"1480", "1481", "1402"}),
        # Region Gotland is kommun 0980 (not a region party); Stockholms stad 0180
        ("Krisberedskap Gotland", {"0980", "0180"}),
        # Falu kommun 2080, Borlänge 2081, Gagnefs kommun 2026, Malung-Sälens kommun 2023
        ("Lönesamverkan Dalarna", {"2080", "2081", "2026", "2023"}),
        # Habo (Jönköpings län) 0643 + Mullsjö 0642
        ("Överförmyndare Södra Jönköping", {"0643", "0642"}),
        # Håbo (Uppsala län) 0305 + Upplands Väsby 0114
        ("Överförmyndare Uppland", {"0305", "0114"}),
        # "Bjurholms, Nordmalings, Robertsfors, Vindeln och Vännäs kommuner"
        ("Överförmyndare Umeåregionen", {"2403", "2401", "2409", "2404", "2460"}),
    ],
)
def test_official_names_resolve(official_names_register, members, name, expected):
    result = read_register(official_names_register)
    assert result.ok, result.report.as_text()
    assert set(members(result.web, name)) == expected


@pytest.mark.parametrize(
    "name, host",
    [
        ("Alkohol- och tobakstillstånd", "1480"),  # "Göteborgs Stad"
        ("Lönesamverkan Dalarna", "2080"),  # "Falu kommun" (irregular: not "Faluns")
        ("Överförmyndare Södra Jönköping", "0643"),  # "Habo kommun" stays Habo
        ("Överförmyndare Uppland", "0305"),  # "Håbo kommun" stays Håbo
    ],
)
def test_hosts_with_official_names(official_names_register, arrangement, name, host):
    web = read_register(official_names_register).web
    assert arrangement(web, name)["host"] == host


def test_names_are_matched_exactly_without_notice(official_names_register, find):
    """Exact official names need no 'interpreted' notice: nothing was guessed."""
    report = read_register(official_names_register).report
    assert find(report, code="name_interpreted") == []
    assert [i for i in report if i.level != "info"] == []


def test_misspelled_member_is_an_error_with_suggestion(misspelled_register, find):
    result = read_register(misspelled_register)
    errors = find(result.report, level="fel", row=2, column="Medlemmar")
    assert len(errors) == 1
    issue = errors[0]
    assert "Nordmalling" in issue.message  # what was written
    assert "Nordmaling" in f"{issue.message} {issue.hint}".replace("Nordmalling", "")  # the suggestion
    assert result.web is None  # never a silent guess


def test_samordningsforbund_with_region_and_state_agencies(finsam_register, members, arrangement):
    result = read_register(finsam_register)
    assert result.ok, result.report.as_text()
    web = result.web
    assert set(members(web, "Samordningsförbundet Malmö")) == {
        "1280",
        "R12",
        "forsakringskassan",
        "arbetsformedlingen",
    }
    assert set(members(web, "Samordningsförbundet Umeå")) == {
        "2480",
        "R24",
        "forsakringskassan",
        "arbetsformedlingen",
    }
    # A samordningsförbund is its own legal person: it provides, no host is invented.
    arr = arrangement(web, "Samordningsförbundet Malmö")
    assert arr["form"] == "samordningsforbund" and arr["host"] is None


def test_host_with_parenthesised_role_resolves(avtalssamverkan_register, usable, arrangement):
    web = usable(read_register(avtalssamverkan_register))
    # "Umeå (värdkommun)" -> Umeå 2480
    assert arrangement(web, "Lönehantering")["host"] == "2480"


def test_missing_host_in_avtalssamverkan_is_a_warning_on_that_row(
    avtalssamverkan_register, usable, arrangement, find
):
    result = read_register(avtalssamverkan_register)
    warnings = find(result.report, level="varning", row=4, code="host_missing")
    assert len(warnings) == 1 and warnings[0].column == "Huvudman"
    arr = arrangement(usable(result), "Arkivsamverkan")
    assert arr["host"] is None  # never invented
    assert not find(result.report, level="fel", row=4)


def test_every_avtalssamverkan_row_gets_the_lou_reminder(avtalssamverkan_register, find):
    report = read_register(avtalssamverkan_register).report
    assert {i.row for i in find(report, level="info", code="lou_check")} >= {3, 4}


def test_prose_host_is_interpreted_and_reported(avtalssamverkan_register, usable, arrangement, find):
    """ "Skellefteå kommun ansvarar" names exactly one municipality that is also a member:
    the host is Skellefteå (2482), said in an info/warning, not an error."""
    result = read_register(avtalssamverkan_register)
    assert find(result.report, level="fel", row=2) == []
    assert find(result.report, code="host_missing", row=2) == []
    assert arrangement(usable(result), "Gemensam upphandling")["host"] == "2482"
    assert [
        i for i in result.report if i.row == 2 and i.column == "Huvudman" and i.level in ("info", "varning")
    ]


def test_unresolvable_host_does_not_also_claim_host_is_missing(avtalssamverkan_register, find):
    """Whatever happens to a host cell that cannot be read, the user must not be told both
    'matches no municipality' and 'no host given' for the same cell."""
    report = read_register(avtalssamverkan_register).report
    codes = {i.code for i in report if i.row == 2 and i.level != "info"}
    assert not ({"unknown_host", "host_missing"} <= codes)
