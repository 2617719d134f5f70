"""Read municipal cooperation registers, check them and merge them.

``read_register`` turns one .xlsx/.xlsm/.ods/.xls/.csv file into a checked
:class:`~samverkansvav.model.CooperationWeb` plus a :class:`~samverkansvav.report.Report`;
``merge_results`` and ``load_registers`` combine several registers and report where
they disagree.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from samverkansvav.ingest.container import UnreadableFile
    from samverkansvav.ingest.merge import load_registers, merge_results
    from samverkansvav.ingest.register import RegisterResult, read_register, read_register_bytes

#: Where each public name lives. They are loaded on first use, so that catching
#: ``UnreadableFile`` does not import the whole reader.
_HOMES = {
    "RegisterResult": "samverkansvav.ingest.register",
    "UnreadableFile": "samverkansvav.ingest.container",
    "load_registers": "samverkansvav.ingest.merge",
    "merge_results": "samverkansvav.ingest.merge",
    "read_register": "samverkansvav.ingest.register",
    "read_register_bytes": "samverkansvav.ingest.register",
}

__all__ = [
    "RegisterResult",
    "UnreadableFile",
    "load_registers",
    "merge_results",
    "read_register",
    "read_register_bytes",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
