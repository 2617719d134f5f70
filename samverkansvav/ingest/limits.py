"""Length limits on register text, so one huge cell cannot slow every page that shows it.

A 10,000-character arrangement name is an error naming its row, not a name that
freezes the scenario page for every member municipality. The limits are the
settings ``max_name_chars`` and ``max_cell_chars`` (see :mod:`samverkansvav.config`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

__all__ = ["Limits", "limits", "names_too_long"]

#: Excel's own limit on a cell; no setting may allow more.
EXCEL_CELL_CHARS = 32_767


class Limits(tuple):
    """``(max_name_chars, max_cell_chars)``."""

    @property
    def name(self) -> int:
        return self[0]

    @property
    def cell(self) -> int:
        return self[1]


def limits() -> Limits:
    """The configured limits (environment settings; defaults 300 and 32,767 characters)."""
    from samverkansvav.config import load_config

    config = load_config()
    cell = min(EXCEL_CELL_CHARS, max(1, int(config.max_cell_chars)))
    return Limits((max(1, min(int(config.max_name_chars), cell)), cell))


def names_too_long(
    names: Iterable[str], rows: Iterable[int], max_chars: int
) -> Iterator[tuple[int, str, str]]:
    """``(row, message, hint)`` for every name longer than ``max_chars`` characters.

    >>> list(names_too_long(["Kort", "x" * 12], [2, 3], 10))
    [(3, 'Namnet har 12 tecken; högst 10 tillåts.',
      'Korta namnet; längre beskrivningar hör hemma i kolumnen Mål eller Anmärkning.')]
    """
    for name, row in zip(names, rows):
        if isinstance(name, str) and len(name) > max_chars:
            yield (
                row,
                f"Namnet har {len(name)} tecken; högst {max_chars} tillåts.",
                "Korta namnet; längre beskrivningar hör hemma i kolumnen Mål eller Anmärkning.",
            )
