"""Settings are data: each one is documented in the README and read from the environment."""

from __future__ import annotations

import dataclasses
import re
import typing
from pathlib import Path

import pytest

from samverkansvav.config import SETTINGS, Config, load_config

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


def test_the_settings_table_is_the_config_fields_with_their_defaults():
    assert [f.name for f in dataclasses.fields(Config)] == [s.name for s in SETTINGS]
    assert Config() == load_config({})
    assert {s.name: s.default for s in SETTINGS} == dataclasses.asdict(Config())
    assert load_config({}).max_parallel_parses == 2 and load_config({}).upload_quota_mb == 200.0


def test_every_default_has_its_fields_type():
    kinds = typing.get_type_hints(Config)
    for setting in SETTINGS:
        kind = kinds[setting.name]
        if setting.default is None:
            assert type(None) in typing.get_args(kind), setting.name
        elif setting.name == "language":
            assert setting.default in typing.get_args(kind)
        else:
            assert type(setting.default) is kind, setting.name


def test_each_type_is_parsed_from_its_environment_text():
    config = load_config(
        {
            "SAMVERKANSVAV_MAX_ROWS": "500",
            "SAMVERKANSVAV_PARSE_TIMEOUT_S": "2.5",
            "SAMVERKANSVAV_PRODUCTION": "ja",
            "SAMVERKANSVAV_REQUIRE_LOGIN_TO_READ": "0",
            "DATABASE_URL": "sqlite:///register.db",
            "SAMVERKANSVAV_LANGUAGE": " EN ",
            "SAMVERKANSVAV_ACCOUNTS_FILE": "",  # empty is the default, not an empty path
        }
    )
    assert (config.max_rows, config.parse_timeout_s) == (500, 2.5)
    assert (config.production, config.require_login_to_read) == (True, False)
    assert config.database_url == "sqlite:///register.db"
    assert config.language == "en"
    assert config.accounts_file is None


def test_an_unknown_language_is_refused_not_read_as_swedish():
    with pytest.raises(ValueError, match="sv eller en"):
        load_config({"SAMVERKANSVAV_LANGUAGE": "fi"})
    with pytest.raises(ValueError, match="sv eller en"):
        Config(language="de")  # type: ignore[arg-type]


def test_a_config_is_frozen_and_copied_with_changes():
    config = load_config({}, max_upload_mb=5.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.max_upload_mb = 1.0  # type: ignore[misc]
    assert config.replace(max_rows=7).max_rows == 7
    assert dataclasses.replace(config, max_rows=8).max_rows == 8
    assert config.max_rows == 100_000 and config.max_upload_mb == 5.0


def test_the_secret_key_stays_out_of_the_repr():
    config = load_config({"SAMVERKANSVAV_SECRET_KEY": "hemlig-nyckel-1234567890"})
    assert config.secret_key == "hemlig-nyckel-1234567890"
    assert "hemlig-nyckel" not in repr(config)


def test_no_code_falls_back_to_a_default_of_its_own():
    """A setting's default lives in the Config only, never again in a ``getattr(config, …, default)``."""
    package = Path(__file__).resolve().parents[2] / "samverkansvav"
    fallback = re.compile(r"getattr\(\s*[\w.]*config\s*,")
    offenders = [
        f"{path.relative_to(package)}:{number}"
        for path in sorted(package.rglob("*.py"))
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if fallback.search(line)
    ]
    assert offenders == []
    assert fallback.search('float(getattr(env.config, "upload_quota_mb", 200.0))')  # the rule can fail
