"""Searchable dropdowns: at most 200 options with the page, the rest found by typing."""

from __future__ import annotations

import datetime as dt

import dash

from samverkansvav.model import CooperationWeb
from samverkansvav.web import ids
from samverkansvav.web.components import (
    OPTION_LIMIT,
    capped_options,
    find_component,
    register_option_search,
    searchable_dropdown,
)
from samverkansvav.web.data import build_bundle
from samverkansvav.web.page import PageContext

#: 5,000 parties named "Part 0000" … "Part 4999", in that order.
SOURCE = [{"label": f"Part {i:04d}", "value": f"p{i:04d}"} for i in range(5000)]


class _State:
    """What ``context_for`` needs from the app's state: a bundle per date."""

    boundaries = None

    def bundle(self, on: dt.date | None = None):
        return None


def test_a_5000_option_source_sends_the_first_200_and_the_selected_one():
    assert OPTION_LIMIT == 200
    dropdown = searchable_dropdown("d", SOURCE, value="p4321")
    values = [o["value"] for o in dropdown.options]
    assert len(values) == 201
    assert values[:200] == [f"p{i:04d}" for i in range(200)]
    assert values[200] == "p4321"  # the selected value keeps its label
    assert dropdown.searchable is True
    multi = searchable_dropdown("m", SOURCE, value=["p0001", "p3000", "p4999"], multi=True)
    assert len(multi.options) == 202 and multi.options[-1]["value"] == "p4999"


def test_typing_finds_an_option_beyond_the_first_200():
    app = dash.Dash(__name__)
    search = register_option_search(app, "d", _State(), lambda bundle: SOURCE)
    assert "d.options" in app.callback_map
    found = search("part 4321", None, "")
    assert found == [{"label": "Part 4321", "value": "p4321"}]
    # "Part 43" matches 4300 … 4399: 100 options.
    assert [o["value"] for o in search("Part 43", None, "")] == [f"p{i}" for i in range(4300, 4400)]
    # "Part" matches all 5,000: the first 200 are sent, plus what is selected.
    some = search("Part", "p4999", "")
    assert len(some) == 201 and some[-1]["value"] == "p4999"
    # An empty search gives the first page again (after a choice the list is whole).
    assert [o["value"] for o in search("", None, "")] == [f"p{i:04d}" for i in range(200)]
    assert search("ingen sådan", None, "") == []


def test_matching_keeps_a_a_and_o_apart():
    options = [{"label": n, "value": n} for n in ["Habo", "Håbo", "Malå", "Mala"]]
    assert [o["value"] for o in capped_options(options, search="håbo")] == ["Håbo"]
    assert [o["value"] for o in capped_options(options, search="MALA")] == ["Mala"]


def _many_municipalities(n: int) -> CooperationWeb:
    parties = [
        {"id": f"k{i:03d}", "name": f"Kommun {i:03d}", "kind": "kommun", "lan_code": "05", "lan_name": "Ö"}
        for i in range(n)
    ]
    arrangements = [{"id": "x", "name": "Avtal", "form": "avtalssamverkan", "area": "IT", "host": "k000"}]
    memberships = [{"arrangement_id": "x", "party_id": p} for p in ("k000", "k420")]
    return CooperationWeb.from_records(parties=parties, arrangements=arrangements, memberships=memberships)


def test_the_pages_send_at_most_200_municipalities():
    from samverkansvav.web.pages import karta, kommunprofil, natverk, oversikt

    bundle = build_bundle(_many_municipalities(450), on=dt.date(2025, 1, 1))
    checks = [
        (
            kommunprofil.layout(PageContext(bundle=bundle, lang="sv", query={"kod": "k420"})),
            ids.PROFILE_KOMMUN,
        ),
        (natverk.layout(PageContext(bundle=bundle, lang="sv", query={"fokus": "k420"})), ids.NET_FOCUS),
        (oversikt.layout(PageContext(bundle=bundle, lang="sv", query={"kommuner": "k420"})), ids.OV_KOMMUNER),
        (karta.layout(PageContext(bundle=bundle, lang="sv", query={"fokus": "k420"})), karta.MAP_FOCUS),
    ]
    for tree, component_id in checks:
        dropdown = find_component(tree, component_id)
        values = [o["value"] for o in dropdown.options]
        assert len(values) == 201, component_id  # Kommun 000 … 199, then the chosen k420
        assert values[0] == "k000" and values[-1] == "k420", component_id
    assert len(find_component(checks[2][0], oversikt.SEARCH_ID).options) == 200


def test_a_list_that_depends_on_another_choice_is_searched_within_that_choice():
    from dash import State

    by_owner = {"a": SOURCE[:3000], "b": SOURCE[3000:]}
    app = dash.Dash(__name__)
    search = register_option_search(
        app,
        "arr",
        _State(),
        lambda bundle, owner: by_owner.get(owner, []),
        depends_on=[State("owner", "value")],
    )
    assert [s["id"] for s in app.callback_map["arr.options"]["state"]] == ["arr", "url", "owner"]
    assert search("Part 4321", None, "", "a") == []  # not among a's
    assert search("Part 4321", None, "", "b") == [{"label": "Part 4321", "value": "p4321"}]
    assert len(search("", None, "", "b")) == 200


def test_another_callback_may_fill_the_same_list():
    from dash import Input, Output

    app = dash.Dash(__name__)
    app.callback(Output("arr", "options"), Input("owner", "value"))(lambda owner: [])
    register_option_search(app, "arr", _State(), lambda bundle: SOURCE, allow_duplicate=True)
    outputs = sorted(key.split("@")[0] for key in app.callback_map)
    assert outputs == ["arr.options", "arr.options"]


class _BundleState(_State):
    """A state whose every date gives the one ``bundle``."""

    def __init__(self, bundle) -> None:
        self._bundle = bundle

    def bundle(self, on: dt.date | None = None):
        return self._bundle


def _registered(app: dash.Dash, output: str) -> tuple[list[str], object]:
    """The state ids and the plain function of the one callback writing ``output`` (``id.prop``)."""
    matches = [spec for key, spec in app.callback_map.items() if key.split("@")[0] == output]
    assert len(matches) == 1, (output, len(matches))
    return [s["id"] for s in matches[0]["state"]], matches[0]["callback"].__wrapped__


def _many_arrangements(n: int) -> CooperationWeb:
    """k000 is in ``n`` arrangements "Avtal 0000" …; k001 only in the first ten."""
    parties = [
        {"id": f"k{i:03d}", "name": f"Kommun {i:03d}", "kind": "kommun", "lan_code": "05", "lan_name": "Ö"}
        for i in range(2)
    ]
    arrangements = [
        {"id": f"x{i:04d}", "name": f"Avtal {i:04d}", "form": "avtalssamverkan", "area": "IT", "host": "k000"}
        for i in range(n)
    ]
    memberships = [{"arrangement_id": f"x{i:04d}", "party_id": "k000"} for i in range(n)]
    memberships += [{"arrangement_id": f"x{i:04d}", "party_id": "k001"} for i in range(10)]
    return CooperationWeb.from_records(parties=parties, arrangements=arrangements, memberships=memberships)


def test_the_scenario_page_sends_at_most_200_arrangements_and_finds_the_rest_by_typing():
    from samverkansvav.web.pages import scenario

    bundle = build_bundle(_many_arrangements(5000), on=dt.date(2025, 1, 1))
    tree = scenario.layout(PageContext(bundle=bundle, lang="sv", query={"kod": "k000", "arr": "x4321"}))
    arrangements = [o["value"] for o in find_component(tree, ids.SCENARIO_ARRANGEMENTS).options]
    assert arrangements == [f"x{i:04d}" for i in range(200)] + ["x4321"]  # the chosen one keeps its label
    assert find_component(tree, ids.SCENARIO_ARRANGEMENTS).value == ["x4321"]
    assert [o["value"] for o in find_component(tree, ids.SCENARIO_KOMMUN).options] == ["k000", "k001"]

    app = dash.Dash(__name__)
    state = _BundleState(bundle)
    scenario.register(app, state)
    # Choosing a municipality sends its first 200 arrangements and clears the choice.
    options, chosen = scenario.arrangement_choices(state, "k000", "")
    assert [o["value"] for o in options] == [f"x{i:04d}" for i in range(200)] and chosen == []
    assert len(scenario.arrangement_choices(state, "k001", "")[0]) == 10

    state_ids, search = _registered(app, f"{ids.SCENARIO_ARRANGEMENTS}.options")
    assert state_ids == [ids.SCENARIO_ARRANGEMENTS, ids.URL, ids.SCENARIO_KOMMUN]
    found = search("avtal 4321", None, "", "k000")
    assert [o["value"] for o in found] == ["x4321"]
    assert found[0]["label"].startswith("Avtal 4321 (")
    assert search("Avtal 4321", None, "", "k001") == []  # only the chosen municipality's own
    assert len(search("Avtal", None, "", "k000")) == 200
    assert [o["value"] for o in search("Avtal 43", ["x0001"], "", "k000")] == ["x0001"] + [
        f"x{i}" for i in range(4300, 4400)
    ]
    english = search("avtal 4321", None, "?lang=en", "k000")[0]["label"]
    assert english.startswith("Avtal 4321 (") and english != found[0]["label"]

    _, kommun_search = _registered(app, f"{ids.SCENARIO_KOMMUN}.options")
    assert kommun_search("001", None, "") == [{"label": "Kommun 001 (k001)", "value": "k001"}]


def test_a_control_ties_its_label_to_the_component_and_keeps_the_blocks_props():
    from dash import dcc, html

    from samverkansvav.web.components import control

    block = control("Län", dcc.Dropdown(id="lan"), help_text="Tomt = hela Sverige", id="b", style={"x": 1})
    label, dropdown, help_line = block.children
    assert isinstance(label, html.Label) and (label.children, label.htmlFor) == ("Län", "lan")
    assert dropdown.id == "lan" and help_line.className == "control-help"
    assert (block.className, block.id, block.style) == ("control", "b", {"x": 1})
    assert len(control("Län", dcc.Dropdown(id="lan"), class_name="control wide").children) == 2
    # Radio buttons have no one element to tie the label to.
    radio_label = control("Vy", dcc.RadioItems(id="vy"), label_for=False).children[0]
    assert radio_label.to_plotly_json()["props"] == {"children": "Vy"}


def test_a_municipality_dropdown_sends_the_first_200_and_says_choose_a_municipality():
    from samverkansvav.web.components import municipality_dropdown
    from samverkansvav.web.i18n import t

    bundle = build_bundle(_many_municipalities(450), on=dt.date(2025, 1, 1))
    dropdown = municipality_dropdown("d", bundle, "en", value=["k420"], multi=True)
    values = [o["value"] for o in dropdown.options]
    assert values == [f"k{i:03d}" for i in range(200)] + ["k420"]
    assert dropdown.options[0] == {"label": "Kommun 000 (k000)", "value": "k000"}
    assert dropdown.multi is True and dropdown.placeholder == t("filter.municipality_placeholder", "en")
