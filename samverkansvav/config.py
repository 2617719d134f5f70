"""Settings as data: every setting has a name, a default, an environment variable and help.

A test fails when a setting is undocumented in the README. Values come from the
environment (``SAMVERKANSVAV_<NAME>`` unless ``env`` says otherwise) so that a
deployment needs no code change.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Setting", "SETTINGS", "PROJECT_ROOT", "DATA_DIR", "Config", "load_config"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: The project's own reference tables and demo data (committed).
DATA_DIR = PROJECT_ROOT / "data"


def _bool(text: str) -> bool:
    return text.strip().lower() in {"1", "true", "yes", "ja", "on"}


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str
    env: str | None = None

    @property
    def env_name(self) -> str:
        return self.env or f"SAMVERKANSVAV_{self.name.upper()}"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "data_dir",
        "instance",
        "Katalog för databas, säkerhetskopior och uppladdningar (relativ till arbetskatalogen).",
    ),
    Setting(
        "database_url",
        None,
        "SQLAlchemy-URL till databasen; tom betyder SQLite-filen samverkansvav.db i data_dir.",
        env="DATABASE_URL",
    ),
    Setting(
        "parties_file",
        None,
        "CSV med egen aktörstabell (id, namn, typ, lat, lon, befolkning) i stället för Sveriges kommuner.",
    ),
    Setting(
        "boundaries_geojson",
        None,
        "GeoJSON med kommungränser att rita på kartan; tom ger en ren karta utan gränser.",
    ),
    Setting(
        "include_demo_data",
        True,
        "Ta med den inbäddade demodatan (verkliga samverkansarrangemang) i den regionala datamängden.",
        _bool,
    ),
    Setting(
        "max_upload_mb",
        10.0,
        "Största tillåtna registerfil i megabyte; större uppladdningar avvisas av servern.",
        float,
    ),
    Setting("max_rows", 100_000, "Största antal rader i ett register.", int),
    Setting("parse_timeout_s", 60.0, "Längsta tid för att läsa en uppladdad fil innan den avvisas.", float),
    Setting("parse_memory_mb", 1024, "Största minne för processen som läser en uppladdad fil.", int),
    Setting(
        "secret_key",
        None,
        "Hemlig nyckel för inloggningssessioner; krävs i produktionsläge.",
        env="SAMVERKANSVAV_SECRET_KEY",
    ),
    Setting(
        "require_login_to_read",
        False,
        "Kräv inloggning även för att läsa vyerna (annars är läsvyerna publika).",
        _bool,
    ),
    Setting("language", "sv", "Standardspråk i gränssnittet: sv eller en."),
    Setting(
        "accounts_file",
        None,
        "JSON-fil med konton (användarnamn, lösenordshash, kommun, roll); "
        "tom betyder att ingen kan logga in och uppladdning är stängd.",
    ),
    Setting(
        "trusted_proxies",
        None,
        "IP-adresser eller nät (kommaseparerade) för omvända proxyer vars "
        "X-Forwarded-For litas på; tom betyder att klientens IP är anslutningens.",
    ),
    Setting(
        "max_parallel_parses",
        2,
        "Största antal uppladdade filer som läses samtidigt på servern (alla "
        "arbetsprocesser tillsammans); håll det under antalet arbetsprocesser.",
        int,
    ),
    Setting(
        "upload_quota_mb",
        200.0,
        "Största sammanlagda storlek i megabyte för uppladdade filer som väntar på att sparas.",
        float,
    ),
    Setting("max_name_chars", 300, "Längsta tillåtna namn på en samverkan (tecken).", int),
    Setting(
        "max_cell_chars",
        32_767,
        "Längsta tillåtna text i en cell (tecken) i ett register; högst 32 767 (Excels gräns).",
        int,
    ),
    Setting(
        "production",
        False,
        "Produktionsläge: hemlig nyckel krävs, sessionskakan skickas bara över HTTPS och felsökningsläget är avstängt.",
        _bool,
    ),
)


@dataclass(frozen=True)
class Config:
    values: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError as exc:
            raise AttributeError(name) from exc

    def replace(self, **changes: Any) -> Config:
        unknown = set(changes) - {s.name for s in SETTINGS}
        if unknown:
            raise KeyError(f"Okända inställningar: {sorted(unknown)}")
        return Config({**self.values, **changes})


def load_config(environ: dict[str, str] | None = None, **overrides: Any) -> Config:
    """Defaults, then the environment, then explicit overrides."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = environ.get(setting.env_name)
        values[setting.name] = setting.parse(raw) if raw not in (None, "") else setting.default
    return Config(values).replace(**overrides) if overrides else Config(values)
