"""Progress of reading one register: the stages a caller hears and the row counter.

A caller passes ``progress(stage, fraction)``; :class:`Progress` forwards the stages
in order and never goes backwards. While a workbook's rows are read, the source
reports every :data:`ROWS_PER_TICK` rows through its ``row_counter`` hook.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = [
    "PROGRESS_STAGES",
    "ROWS_PER_TICK",
    "ProgressCallback",
    "Progress",
    "count_rows",
    "STAGE_OPENED",
    "STAGE_READING",
    "STAGE_ROWS",
    "STAGE_HEADERS",
    "STAGE_VALUES",
    "STAGE_MEMBERS",
    "STAGE_CHECKS",
    "STAGE_DONE",
]

#: ``progress(stage, fraction)``: told where reading a register has come (fraction 0..1).
ProgressCallback = Callable[[str, float], None]

# The stages a progress callback hears, in order, with the fraction reached at each.
# Fractions are rough shares of the time a large file takes (reading the rows
# dominates for workbooks); an early stop (no header, too many rows) jumps to "Klar".
STAGE_OPENED = ("Filen öppnad", 0.05)
STAGE_READING = "Läser rader"  # 0.05 → 0.70 while a workbook's rows are read
STAGE_ROWS = ("Rader inlästa", 0.72)
STAGE_HEADERS = ("Rubriker tolkade", 0.74)
STAGE_VALUES = ("Värden tolkade", 0.80)
STAGE_MEMBERS = ("Medlemmar matchade", 0.90)
STAGE_CHECKS = ("Kontroller klara", 0.97)
STAGE_DONE = ("Klar", 1.0)
READING_SPAN = (0.05, 0.70)
#: Every stage label, in the order the callback may hear them.
PROGRESS_STAGES = (
    STAGE_OPENED[0],
    STAGE_READING,
    STAGE_ROWS[0],
    STAGE_HEADERS[0],
    STAGE_VALUES[0],
    STAGE_MEMBERS[0],
    STAGE_CHECKS[0],
    STAGE_DONE[0],
)
#: How many rows are read between two progress reports.
ROWS_PER_TICK = 2000


class Progress:
    """Forwards stages to the caller's callback, never going backwards.

    With no callback every call returns at once (a handful per file), so reading
    without progress costs nothing measurable.
    """

    __slots__ = ("callback", "last")

    def __init__(self, callback: ProgressCallback | None) -> None:
        self.callback = callback
        self.last = 0.0

    def __call__(self, stage: tuple[str, float] | str, fraction: float | None = None) -> None:
        if self.callback is None:
            return
        label, value = stage if fraction is None else (stage, fraction)
        value = min(max(float(value), self.last), 1.0)
        self.last = value
        self.callback(label, value)


def count_rows(source: Any, progress: Progress, *, rows_per_tick: int = ROWS_PER_TICK) -> None:
    """Let a workbook source report row reading through its ``row_counter`` hook.

    Both workbook readers call the hook as ``counter(n, total)`` for each row they
    convert (``total`` from the sheet's stated dimension, which may be missing or
    lie: that only makes the bar less even).
    """
    if not hasattr(source, "row_counter"):
        return
    low, high = READING_SPAN

    def counted(n: int, total: int | None) -> None:
        if total and n % rows_per_tick == 0:
            progress(STAGE_READING, low + (high - low) * min(n / total, 1.0))

    source.row_counter = counted
