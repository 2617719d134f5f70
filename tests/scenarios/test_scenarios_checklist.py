"""Checklists per legal form."""

from __future__ import annotations

import re

import pytest

from samverkansvav.model import FORMS
from samverkansvav.scenarios import checklist_for

COMMON = {
    "Övergångsorganisation",
    "Personal och verksamhetsövergång",
    "Rekrytering",
    "IT-system och data",
    "Ekonomi och avräkning",
    "Gemensam kommunikation",
    "Tidsplan",
}


@pytest.mark.parametrize("form", [f for f in FORMS if f != "informell"])
def test_every_formal_form_has_the_seven_practical_topics(form):
    topics = [i.topic for i in checklist_for(form)]
    assert COMMON <= set(topics)
    assert len(topics) == len(set(topics))


def test_federation_needs_new_forbundsordning_and_debt_liability():
    items = {i.topic: i for i in checklist_for("kommunalforbund")}
    assert "fullmäktige i varje medlemskommun" in items["Förbundsordning"].question
    assert items["Förbundsordning"].reference == "kommunallagen 9 kap."
    assert "eget kapital" in items["Ansvar för skulder och eget kapital"].question


def test_joint_committee_needs_changed_agreement_and_reglemente():
    items = {i.topic: i for i in checklist_for("gemensam_namnd")}
    assert "reglemente" in items["Samverkansavtal och reglemente"].question
    assert "Ny värdkommun" not in items
    assert checklist_for("gemensam_namnd", host_leaves=True)[0].topic == "Ny värdkommun"


def test_contract_follows_its_notice_period_under_kl_9_37():
    first = checklist_for("avtalssamverkan")[0]
    assert "uppsägningstid" in first.question
    assert first.reference == "kommunallagen 9 kap. 37 §"


def test_company_is_about_shares_and_informal_has_no_formal_exit():
    assert any("aktier" in i.question for i in checklist_for("bolag"))
    informal = checklist_for("informell")
    assert informal[0].topic == "Inget formellt utträde" and len(informal) == 2
    # host_leaves changes nothing for forms without a host
    assert checklist_for("kommunalforbund", host_leaves=True) == checklist_for("kommunalforbund")


def test_staff_item_cites_las():
    staff = next(i for i in checklist_for("kommunalforbund") if i.topic == "Personal och verksamhetsövergång")
    assert "6 b §" in staff.reference


def test_unknown_form_is_rejected():
    with pytest.raises(ValueError, match="Okänd samverkansform"):
        checklist_for("aktiebolag")


def test_checklist_text_is_not_copied_from_the_seed(shared_dir):
    seed = " ".join(p.read_text(encoding="utf-8") for p in (shared_dir / "seed").glob("*.txt"))
    seed = re.sub(r"\s+", " ", seed).casefold()
    for form in FORMS:
        for item in checklist_for(form, host_leaves=True):
            words = item.question.casefold().split()
            # no run of eight consecutive words may appear verbatim in the seed
            for start in range(max(1, len(words) - 7)):
                run = " ".join(words[start : start + 8])
                assert run not in seed, (form, run)
