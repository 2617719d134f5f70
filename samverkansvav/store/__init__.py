"""Persistence of uploaded registers: versions per municipality, undo, backups.

See :mod:`samverkansvav.store.store` for the promises (all-or-nothing imports,
locking, duplicates, undo, backups), :mod:`~samverkansvav.store.schema` for the
tables and :mod:`~samverkansvav.store.diff` for the upload preview.

Typical use::

    store = Store.from_config()              # DATABASE_URL or instance/samverkansvav.db
    preview = store.preview(result, kommun="2023")
    version = store.import_register(result, kommun="2023", user="anna")
    web = store.current_web(parties)         # every municipality's latest + demo data
"""

from __future__ import annotations

import importlib
from typing import Any

# Names load on first use (PEP 562) so that ``samverkansvav.store.commandline``,
# imported while the CLI builds its parsers, does not pull in SQLAlchemy and pandas.
_EXPORTS = {
    "Store": "samverkansvav.store.store",
    "Version": "samverkansvav.store.store",
    "RegisterLike": "samverkansvav.store.store",
    "RegisterHasErrors": "samverkansvav.store.store",
    "NotOwnRegister": "samverkansvav.store.store",
    "VersionNotFound": "samverkansvav.store.store",
    "BackupError": "samverkansvav.store.store",
    "WriteFailed": "samverkansvav.store.store",
    "Preview": "samverkansvav.store.diff",
    "ArrangementRef": "samverkansvav.store.diff",
    "Change": "samverkansvav.store.diff",
    "Conflict": "samverkansvav.store.diff",
    "StoreError": "samverkansvav.store.db",
    "StoreBusy": "samverkansvav.store.db",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'samverkansvav.store' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
