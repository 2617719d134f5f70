"""Settings are data: each one is documented in the README and read from the environment."""

from __future__ import annotations

from pathlib import Path

from samverkansvav.config import SETTINGS, load_config

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_documented_in_the_readme():
    undocumented = [s.env_name for s in SETTINGS if f"`{s.env_name}`" not in README]
    assert undocumented == []


def test_environment_overrides_defaults_and_parses_types():
    config = load_config(
        {"SAMVERKANSVAV_MAX_UPLOAD_MB": "2,5".replace(",", "."), "SAMVERKANSVAV_INCLUDE_DEMO_DATA": "nej"}
    )
    assert config.max_upload_mb == 2.5
    assert config.include_demo_data is False
    assert load_config({}).max_upload_mb == 10.0


def test_explicit_overrides_win_and_unknown_names_are_refused():
    config = load_config({"SAMVERKANSVAV_LANGUAGE": "en"}, language="sv")
    assert config.language == "sv"
    try:
        load_config({}, no_such_setting=1)
    except KeyError as exc:
        assert "no_such_setting" in str(exc)
    else:
        raise AssertionError("an unknown setting was accepted")
