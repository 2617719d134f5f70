"""A check refused for want of a parse slot (HTTP 429) reaches the page as a message."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import flask

from samverkansvav import web
from samverkansvav.testing import plain_text
from samverkansvav.web.components import find_component
from samverkansvav.web.pages.upload import UPLOAD_REFUSED, refused_message
from samverkansvav.web.parse_gate import LARGE_BODY_BYTES, REFUSAL_HEADER, ParseGate, install


def test_a_refused_large_callback_names_its_reason(tmp_path):
    server = flask.Flask(__name__)
    server.add_url_rule("/_dash-update-component", "cb", lambda: "ok", methods=["POST"])
    install(server, SimpleNamespace(data_dir=str(tmp_path), max_parallel_parses=2))
    client = server.test_client()
    big = b"x" * (LARGE_BODY_BYTES + 1)
    gate = ParseGate(tmp_path / "parse-slots", slots=2)
    with gate.slot("user:a", signed_in=True), gate.slot("user:b", signed_in=True):
        refused = client.post("/_dash-update-component", data=big)
    assert refused.status_code == 429
    assert refused.headers[REFUSAL_HEADER] == "busy"
    assert plain_text(refused).startswith("Servern kontrollerar redan så många filer")
    assert REFUSAL_HEADER not in client.post("/_dash-update-component", data=big).headers


def test_the_page_says_why_in_its_language():
    note = refused_message({"reason": "client", "at": 1}, "sv")
    assert note.id == "upload-refused-note"
    assert note.children.children.startswith("En fil från dig kontrolleras redan.")
    assert note.children.className == "message message-warning"
    english = refused_message({"reason": "quota"}, "en")
    assert english.children.children.startswith("The server has no room for more uploaded files")
    # An unknown or missing reason reads as "busy".
    assert refused_message({"reason": "<script>"}, "en").children.children.startswith(
        "The server is already checking as many files as it can."
    )
    assert refused_message(None, "sv").children.children.startswith("Servern kontrollerar redan")


def test_the_upload_page_carries_the_store_and_the_callback(app):
    from samverkansvav.web.page import PageContext
    from samverkansvav.web.pages import upload_layout

    state = app.server.config["SAMVERKANSVAV_STATE"]
    with app.server.test_request_context("/ladda-upp"):
        tree = upload_layout.layout(PageContext(bundle=state.bundle(), lang="sv", state=state))
    assert find_component(tree, UPLOAD_REFUSED).data is None
    inputs = [i for cb in app.callback_map.values() for i in cb["inputs"]]
    assert {"id": UPLOAD_REFUSED, "property": "data"} in inputs
    # The script the app serves from its assets reads that header and fills that store.
    script = (Path(web.__file__).parent / "assets" / "gate_refusal.js").read_text(encoding="utf-8")
    assert REFUSAL_HEADER in script and f'"{UPLOAD_REFUSED}"' in script
    assert app.server.test_client().get("/assets/gate_refusal.js").status_code == 200
