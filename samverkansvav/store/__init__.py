"""Persistence of uploaded registers: versions per municipality and region, undo, backups.

See :mod:`samverkansvav.store.store` for the promises (all-or-nothing imports,
locking, duplicates, undo), :mod:`~samverkansvav.store.versions` for a stored
version, :mod:`~samverkansvav.store.registers` for whose register a version is
(a municipality's own, or a region's regional register),
:mod:`~samverkansvav.store.backup` for backups, :mod:`~samverkansvav.store.schema`
for the tables and :mod:`~samverkansvav.store.diff` for the upload preview. The
store only stores: :mod:`samverkansvav.dataset` assembles the regional dataset.

Typical use::

    store = Store.from_config()              # DATABASE_URL or instance/samverkansvav.db
    preview = store.preview(result, kommun="2023")
    version = store.import_register(result, kommun="2023", user="anna")
    web = current_web(store, parties)        # samverkansvav.dataset: latest versions + demo data
"""

from __future__ import annotations

import importlib
from typing import Any

# Names load on first use (PEP 562) so that importing the package (the CLI does so
# while it builds its parsers) does not pull in SQLAlchemy and pandas.
_EXPORTS = {
    "Store": "samverkansvav.store.store",
    "Version": "samverkansvav.store.versions",
    "RegisterLike": "samverkansvav.store.versions",
    "RegisterHasErrors": "samverkansvav.store.versions",
    "NotOwnRegister": "samverkansvav.store.versions",
    "VersionNotFound": "samverkansvav.store.versions",
    "WriteFailed": "samverkansvav.store.versions",
    "BackupError": "samverkansvav.store.backup",
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
