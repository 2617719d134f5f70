"""Whose register a version is: a municipality's own, or a region's regional register.

A municipality's register is stored under its kommunkod ("2080" Falun) and speaks
for that municipality only. An administrator's regional register speaks for no
municipality (DOMAIN §4, authority): it is stored under the region's code, ``R``
and the län code ("R20" Region Dalarna, the region's id in the parties table), so
it never becomes, or replaces, a municipality's version. Gotland's region is the
municipality 0980; its regional register is still kept apart, under "R09".

Examples
--------
>>> is_region_code("R20"), is_region_code("2080"), is_region_code("R2")
(True, False, False)
>>> region_code("20"), region_code(9)
('R20', 'R09')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from samverkansvav.store.db import StoreError

__all__ = [
    "REGION_PREFIX",
    "is_region_code",
    "region_code",
    "regional_register_code",
    "register_name",
    "check_code_for_scope",
]

#: A region code is this prefix and the two-digit län code.
REGION_PREFIX = "R"
_REGION_CODE = re.compile(r"R\d{2}")


def is_region_code(code: Any) -> bool:
    """Whether ``code`` names a region's register ("R20") rather than a municipality's."""
    return bool(_REGION_CODE.fullmatch(str(code or "").strip()))


def region_code(lan_code: Any) -> str:
    """The region code of a län: ``"R"`` and the two-digit län code."""
    text = str(lan_code).strip()
    return f"{REGION_PREFIX}{int(text):02d}" if text.isdigit() else f"{REGION_PREFIX}{text}"


def regional_register_code(kommun: str, parties: pd.DataFrame | None = None) -> str:
    """The code a regional register chosen by ``kommun`` is stored under: its län's region.

    A region code is returned as it is. ``parties`` (default: the reference
    table) gives the municipality's län; :class:`StoreError` when it has none.

    Examples
    --------
    >>> regional_register_code("2080"), regional_register_code("R20")
    ('R20', 'R20')
    >>> regional_register_code("0980")  # Gotland: the regional register is kept apart
    'R09'
    """
    code = str(kommun or "").strip()
    if is_region_code(code):
        return code
    if parties is None:
        from samverkansvav.reference import load_parties

        parties = load_parties()
    ids = parties["id"].astype(str) if "id" in parties.columns else parties.index.astype(str)
    lan = parties.loc[(ids == code).to_numpy(), "lan_code"] if "lan_code" in parties else pd.Series([])
    lan = lan.dropna()
    if lan.empty or not str(lan.iloc[0]).strip():
        raise StoreError(
            f"Ett regionalt register sparas under regionens kod, men {code or 'kommunen'} hör inte till "
            "något känt län. Välj en kommun i länet registret gäller."
        )
    return region_code(lan.iloc[0])


def register_name(code: str, names: Mapping[str, str] | None = None) -> str:
    """How a register is named to users: the party's name, for a region code the region's.

    Examples
    --------
    >>> register_name("R20"), register_name("R09"), register_name("2080", {"2080": "Falun"})
    ('Region Dalarna', 'Region Gotland', 'Falun')
    """
    names = names or {}
    if code in names:
        return str(names[code])
    if is_region_code(code):
        from samverkansvav.reference import load_region_names

        return load_region_names().get(code[len(REGION_PREFIX) :], code)
    return code


def check_code_for_scope(code: str, scope: str | None) -> None:
    """:class:`StoreError` unless ``code`` fits ``scope``; nothing is written before this holds.

    A regional register is stored under a region code only, so it never becomes a
    municipality's version; a municipality's register never under a region code.
    ``None`` (command line, tests) accepts either.
    """
    if scope == "regional" and not is_region_code(code):
        raise StoreError(
            f"Ett regionalt register sparas under regionens kod (t.ex. R20 för Region Dalarna), "
            f"inte under kommunkoden {code}: det får aldrig ersätta kommunens eget register."
        )
    if scope == "kommun" and is_region_code(code):
        raise StoreError(f"{code} är en regions kod; en kommuns register sparas under kommunkoden.")
