"""What reading one sheet has found so far, shared by the normalise and assemble layers.

:class:`SheetState` is deliberately plain: the layers are functions of it (``f(state,
table, cols)``), so each can be called in a test on a hand-made frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from samverkansvav.ingest.cells import Collector, factorize_cells
from samverkansvav.ingest.progress import Progress
from samverkansvav.reference.name_cache import NameCache

__all__ = ["MEMBER_FRAME_COLUMNS", "SheetState"]

#: The membership rows as read, before roles are derived (``_key`` is the arrangement).
MEMBER_FRAME_COLUMNS = ("_key", "party_id", "_row", "role_raw", "share", "annual_cost", "start", "end")


def _empty_member_frame() -> pd.DataFrame:
    return pd.DataFrame(columns=list(MEMBER_FRAME_COLUMNS))


@dataclass
class SheetState:
    """The register being read: names to resolve against, issues, and what is built.

    ``arrangements`` are records (one dict per arrangement, model columns plus the raw
    texts and ``_key``/``_row``); ``member_frame`` has :data:`MEMBER_FRAME_COLUMNS`;
    ``bad_keys`` are arrangements with an error of their own; ``display_name`` names an
    arrangement key in messages; ``labels`` are the headers as written, per field.
    """

    names: NameCache
    out: Collector
    progress: Progress = field(default_factory=lambda: Progress(None))
    reporter_id: str | None = None
    layout: str | None = None
    epoch_1904: bool = False
    present: set[str] = field(default_factory=set)
    labels: dict[str, str] = field(default_factory=dict)
    display_name: dict[str, str] = field(default_factory=dict)
    bad_keys: set[str] = field(default_factory=set)
    arrangements: list[dict] = field(default_factory=list)
    member_frame: pd.DataFrame = field(default_factory=_empty_member_frame)
    #: Wide form: the first record of each arrangement key (duplicates compare to it).
    records_by_key: dict[str, dict] = field(default_factory=dict)
    #: Wide form: a Medlemskap fee table without an arrangement column.
    single_share: dict | None = None
    #: The cleaned table and each field's factorisation from the cleaning step (see
    #: :meth:`column_codes`).
    table: pd.DataFrame | None = field(default=None, repr=False)
    table_codes: dict[str, tuple[np.ndarray, Any]] = field(default_factory=dict, repr=False)

    def column_codes(self, table: pd.DataFrame, fld: str) -> tuple[np.ndarray, Any]:
        """``factorize_cells(table[fld])``: the cleaning step's codes when ``table`` is the
        cleaned table itself (not a selection of its rows), else factorised here."""
        if table is self.table and fld in self.table_codes:
            return self.table_codes[fld]
        return factorize_cells(table[fld])

    def label(self, fld: str | None) -> str | None:
        """The header of ``fld`` as written in the register (``None`` if absent)."""
        return self.labels.get(fld) if fld else None
