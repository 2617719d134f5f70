"""The sign-in page speaks the language of the page the user came from."""

from __future__ import annotations

from samverkansvav.testing import plain_text

SAME_ORIGIN = {"Origin": "http://localhost"}


def test_sign_in_page_is_swedish_by_default(make_app):
    page = plain_text(make_app().server.test_client().get("/logga-in"))
    assert '<html lang="sv">' in page
    assert "<h1>Logga in</h1>" in page and "Användarnamn" in page and "Lösenord" in page


def test_sign_in_page_follows_lang_of_the_next_page(make_app):
    client = make_app().server.test_client()
    page = plain_text(client.get("/logga-in?next=/ladda-upp%3Flang%3Den"))
    assert '<html lang="en">' in page
    assert "<h1>Sign in</h1>" in page and "User name" in page and "Password" in page
    assert "Logga in" not in page


def test_failed_sign_in_message_is_translated_and_the_same_for_unknown_users(make_app, passwords):
    client = make_app().server.test_client()
    wrong = client.post(
        "/logga-in", data={"username": "anna", "password": "fel", "lang": "en"}, headers=SAME_ORIGIN
    )
    unknown = client.post(
        "/logga-in", data={"username": "ingen", "password": "fel", "lang": "en"}, headers=SAME_ORIGIN
    )
    assert wrong.status_code == unknown.status_code == 401
    assert "Wrong user name or password." in plain_text(wrong)
    assert "Wrong user name or password." in plain_text(unknown)
