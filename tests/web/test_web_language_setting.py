"""The ``language`` setting is the language of a visitor who has not chosen one."""

from __future__ import annotations

import pytest

from samverkansvav.config import load_config
from samverkansvav.testing import callback_output, plain_text, strings_in
from samverkansvav.web.app import create_app, switch_language
from samverkansvav.web.i18n import app_language, normalise_lang

SAME_ORIGIN = {"Origin": "http://localhost"}


@pytest.fixture
def app_in(small_web, tmp_path):
    def build(language: str):
        config = load_config({}, data_dir=str(tmp_path / "instance"), language=language)
        return create_app(config, web=small_web)

    return build


def _route(client, pathname: str, search: str) -> list[str]:
    """Every text of the navbar and page the router sends for a URL, as a browser asks for it."""
    deps = client.get("/_dash-dependencies").get_json()
    router = next(
        cb
        for cb in deps
        if [(i["id"], i["property"]) for i in cb["inputs"]] == [("url", "pathname"), ("url", "search")]
    )
    outputs = [
        dict(zip(("id", "property"), part.rsplit(".", 1)))
        for part in router["output"].strip(".").split("...")
    ]
    values = {"pathname": pathname, "search": search}
    body = {
        "output": router["output"],
        "outputs": outputs,
        "inputs": [{**i, "value": values[i["property"]]} for i in router["inputs"]],
        "changedPropIds": ["url.pathname"],
        "state": [{**s, "value": None} for s in router["state"]],
    }
    response = client.post("/_dash-update-component", json=body, headers=SAME_ORIGIN)
    assert response.status_code == 200
    data = response.get_json()
    return list(strings_in(callback_output(data, "navbar", "children"))) + list(
        strings_in(callback_output(data, "page-content", "children"))
    )


def test_an_english_app_greets_a_visitor_without_a_choice_in_english(app_in):
    texts = _route(app_in("en").server.test_client(), "/", "")
    assert "Overview" in texts and "Dependency and risk" in texts  # heading and menu
    assert "Översikt" not in texts and "Beroende och risk" not in texts


def test_the_swedish_default_is_unchanged(app_in):
    texts = _route(app_in("sv").server.test_client(), "/", "")
    assert "Översikt" in texts and "Beroende och risk" in texts
    assert "Overview" not in texts


def test_the_visitors_choice_wins_over_the_setting(app_in):
    texts = _route(app_in("en").server.test_client(), "/", "?lang=sv")
    assert "Översikt" in texts and "Overview" not in texts


def test_the_language_switch_leaves_out_only_the_apps_own_language(app_in):
    with app_in("en").server.app_context():
        assert app_language() == "en"
        assert normalise_lang(None) == "en" and normalise_lang("fi") == "en"
        # Swedish is now a choice and must stay in the URL; English is the default.
        assert switch_language("sv", "?kod=0001") == "?kod=0001&lang=sv"
        assert switch_language("en", "?kod=0001&lang=sv") == "?kod=0001"
    assert app_language() == "sv"  # outside an app: Swedish, as before
    assert switch_language("sv", "?kod=0001&lang=en") == "?kod=0001"


def test_the_sign_in_page_of_an_english_app_is_english(app_in):
    client = app_in("en").server.test_client()
    english = plain_text(client.get("/logga-in"))
    assert '<html lang="en">' in english and "<h1>Sign in</h1>" in english
    swedish = plain_text(client.get("/logga-in?next=/ladda-upp%3Flang%3Dsv"))
    assert '<html lang="sv">' in swedish and "<h1>Logga in</h1>" in swedish
