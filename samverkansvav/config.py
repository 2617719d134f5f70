"""Settings as data: every setting is a typed field of :class:`Config` with a default and help.

:data:`SETTINGS` (name, default, environment variable, help, parser) is generated from
the fields, so a setting is declared once; a test fails when one is undocumented in the
README. Values come from the environment (``SAMVERKANSVAV_<NAME>`` unless the field names
another variable) so that a deployment needs no code change.

Examples
--------
>>> load_config({"SAMVERKANSVAV_MAX_UPLOAD_MB": "2.5"}).max_upload_mb
2.5
>>> Config().replace(language="en").language
'en'
"""

from __future__ import annotations

import dataclasses
import os
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

__all__ = ["Setting", "SETTINGS", "PROJECT_ROOT", "DATA_DIR", "Config", "Language", "load_config"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: The project's own reference tables and demo data (committed).
DATA_DIR = PROJECT_ROOT / "data"

#: The interface languages; the ``language`` setting picks the one a visitor sees first.
Language = Literal["sv", "en"]
_LANGUAGES: tuple[str, ...] = typing.get_args(Language)

_T = TypeVar("_T")


def _bool(text: str) -> bool:
    return text.strip().lower() in {"1", "true", "yes", "ja", "on"}


def _language(text: str) -> str:
    value = text.strip().lower()
    if value not in _LANGUAGES:
        raise ValueError(f"Okänt språk {text!r}: välj sv eller en.")
    return value


def _setting(
    default: _T,
    help: str,
    *,
    env: str | None = None,
    parse: Callable[[str], Any] | None = None,
    secret: bool = False,
) -> _T:
    """A :class:`Config` field: its default, its help text and, where not the usual ones, its
    environment variable and parser (the usual parser follows the field's type). A secret is
    left out of the config's ``repr`` so that it never reaches a log."""
    metadata = {"help": help, "env": env, "parse": parse}
    return field(default=default, metadata=metadata, repr=not secret)


@dataclass(frozen=True)
class Config:
    """Every setting of the application, typed; build one with :func:`load_config`."""

    data_dir: str = _setting(
        "instance",
        "Katalog för databas, säkerhetskopior och uppladdningar (relativ till arbetskatalogen).",
    )
    database_url: str | None = _setting(
        None,
        "SQLAlchemy-URL till databasen; tom betyder SQLite-filen samverkansvav.db i data_dir.",
        env="DATABASE_URL",
    )
    parties_file: str | None = _setting(
        None,
        "CSV med egen aktörstabell (id, namn, typ, lat, lon, befolkning) i stället för Sveriges kommuner.",
    )
    boundaries_geojson: str | None = _setting(
        None,
        "GeoJSON med kommungränser att rita på kartan; tom ger en ren karta utan gränser.",
    )
    include_demo_data: bool = _setting(
        True,
        "Ta med den inbäddade demodatan (verkliga samverkansarrangemang) i den regionala datamängden.",
    )
    max_upload_mb: float = _setting(
        10.0,
        "Största tillåtna registerfil i megabyte; större uppladdningar avvisas av servern.",
    )
    max_rows: int = _setting(100_000, "Största antal rader i ett register.")
    parse_timeout_s: float = _setting(60.0, "Längsta tid för att läsa en uppladdad fil innan den avvisas.")
    parse_memory_mb: int = _setting(1024, "Största minne för processen som läser en uppladdad fil.")
    secret_key: str | None = _setting(
        None,
        "Hemlig nyckel för inloggningssessioner; krävs i produktionsläge.",
        env="SAMVERKANSVAV_SECRET_KEY",
        secret=True,
    )
    require_login_to_read: bool = _setting(
        False,
        "Kräv inloggning även för att läsa vyerna (annars är läsvyerna publika).",
    )
    language: Language = _setting("sv", "Standardspråk i gränssnittet: sv eller en.", parse=_language)
    accounts_file: str | None = _setting(
        None,
        "JSON-fil med konton (användarnamn, lösenordshash, kommun, roll); "
        "tom betyder att ingen kan logga in och uppladdning är stängd.",
    )
    trusted_proxies: str | None = _setting(
        None,
        "IP-adresser eller nät (kommaseparerade) för omvända proxyer vars "
        "X-Forwarded-For litas på; tom betyder att klientens IP är anslutningens.",
    )
    max_parallel_parses: int = _setting(
        2,
        "Största antal uppladdade filer som läses samtidigt på servern (alla "
        "arbetsprocesser tillsammans); håll det under antalet arbetsprocesser.",
    )
    upload_quota_mb: float = _setting(
        200.0,
        "Största sammanlagda storlek i megabyte för uppladdade filer som väntar på att sparas.",
    )
    max_name_chars: int = _setting(300, "Längsta tillåtna namn på en samverkan (tecken).")
    max_cell_chars: int = _setting(
        32_767,
        "Längsta tillåtna text i en cell (tecken) i ett register; högst 32 767 (Excels gräns).",
    )
    production: bool = _setting(
        False,
        "Produktionsläge: hemlig nyckel krävs, sessionskakan skickas bara över HTTPS och "
        "felsökningsläget är avstängt.",
    )

    def __post_init__(self) -> None:
        # The only setting with a closed set of values: a typo must not silently mean Swedish.
        _language(self.language)

    def replace(self, **changes: Any) -> Config:
        """A copy with ``changes``; an unknown setting name is a ``KeyError``."""
        unknown = set(changes) - {setting.name for setting in SETTINGS}
        if unknown:
            raise KeyError(f"Okända inställningar: {sorted(unknown)}")
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class Setting:
    """One row of the settings table (generated from a :class:`Config` field)."""

    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str
    env: str | None = None

    @property
    def env_name(self) -> str:
        return self.env or f"SAMVERKANSVAV_{self.name.upper()}"


def _parser(kind: Any) -> Callable[[str], Any]:
    """How an environment value becomes a value of the field's type (``str | None`` is text)."""
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        (kind,) = [arg for arg in typing.get_args(kind) if arg is not type(None)]
    parsers: dict[Any, Callable[[str], Any]] = {bool: _bool, int: int, float: float, str: str}
    return parsers[kind]


def _settings_table() -> tuple[Setting, ...]:
    kinds = typing.get_type_hints(Config)
    return tuple(
        Setting(
            name=item.name,
            default=item.default,
            help=item.metadata["help"],
            parse=item.metadata["parse"] or _parser(kinds[item.name]),
            env=item.metadata["env"],
        )
        for item in dataclasses.fields(Config)
    )


SETTINGS: tuple[Setting, ...] = _settings_table()


def load_config(environ: Mapping[str, str] | None = None, **overrides: Any) -> Config:
    """Defaults, then the environment, then explicit overrides."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = environ.get(setting.env_name)
        if raw not in (None, ""):
            values[setting.name] = setting.parse(raw)
    return Config(**values).replace(**overrides)
