"""Exit rules of a samordningsförbund (Finsam, lag (2003:1210)), not those of KL 9 kap.

- Parties (3 §): Försäkringskassan, Arbetsförmedlingen, at least one region and at
  least one municipality must all be members. An exit that leaves one of them
  without a member puts the förbund into liquidation (15 §): status ``upplöses``.
- Notice: three years unless the förbundsordning says less.
- Funding (5 §): Försäkringskassan pays half, the regions a quarter together and the
  municipalities a quarter together. The parties' shares never change, so what a
  leaving municipality paid falls on the remaining municipalities only (by their
  known shares, else by population when every one is known, else equally).

Examples
--------
>>> notice_months(None), notice_months(12), notice_months(48)
(36, 12, 36)
"""

from __future__ import annotations

import re

from samverkansvav.scenarios.index import _Index

__all__ = [
    "FORM",
    "FORSAKRINGSKASSAN",
    "ARBETSFORMEDLINGEN",
    "NOTICE_MONTHS",
    "party_group",
    "missing_parties",
    "notice_months",
    "cost_sharers",
]

FORM = "samordningsforbund"
FORSAKRINGSKASSAN, ARBETSFORMEDLINGEN = "forsakringskassan", "arbetsformedlingen"
#: Notice period of lag (2003:1210) when the förbundsordning gives no shorter one.
NOTICE_MONTHS = 36
#: The kinds of party that must all remain (3 §), with the name shown to the user.
REQUIRED: tuple[tuple[str, str], ...] = (
    ("kommun", "kommun"),
    ("region", "region"),
    (FORSAKRINGSKASSAN, "Försäkringskassan"),
    (ARBETSFORMEDLINGEN, "Arbetsförmedlingen"),
)
_KOMMUNKOD = re.compile(r"^\d{4}$")
_REGION_ID = re.compile(r"^R\d{2}$")


def party_group(index: _Index, party_id: str) -> str:
    """``kommun``, ``region``, ``forsakringskassan``, ``arbetsformedlingen`` or ``annan``.

    The kind comes from the parties table; ids in the reference form (a kommunkod,
    ``R`` + länskod) decide when the table has no kind.
    """
    if party_id in (FORSAKRINGSKASSAN, ARBETSFORMEDLINGEN):
        return party_id
    kind = index.kinds.get(party_id, "")
    if kind in ("kommun", "region"):
        return kind
    if not kind and _KOMMUNKOD.match(party_id):
        return "kommun"
    if not kind and _REGION_ID.match(party_id):
        return "region"
    return "annan"


def missing_parties(index: _Index, remaining: tuple[str, ...]) -> tuple[str, ...]:
    """Names of the required kinds of party (3 §) that no remaining member is."""
    present = {party_group(index, p) for p in remaining}
    return tuple(label for group, label in REQUIRED if group not in present)


def notice_months(register_months: int | float | None) -> int | float:
    """Three years, or the register's notice when it is shorter."""
    if register_months is None:
        return NOTICE_MONTHS
    return min(register_months, NOTICE_MONTHS)


def cost_sharers(index: _Index, leaver: str, remaining: tuple[str, ...]) -> tuple[str, ...]:
    """The remaining members who take over the leaver's cost: those of its own party (5 §)."""
    group = party_group(index, leaver)
    return tuple(r for r in remaining if party_group(index, r) == group)
