"""The embedded demo data: real Swedish cooperation arrangements (``data/demo_samverkan.csv``).

The file is built from the shared real data by ``scripts/build_reference.py`` and read
through the same ingest path as any uploaded register, so the demo shows exactly what
a user's file would show (including its data gaps, reported as warnings).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from samverkansvav.config import DATA_DIR
from samverkansvav.model import CooperationWeb
from samverkansvav.report import Report

__all__ = ["DEMO_FILE", "load_demo_web", "demo_report"]

#: The demo register (long form, one row per arrangement × member).
DEMO_FILE = DATA_DIR / "demo_samverkan.csv"


@lru_cache(maxsize=1)
def _demo_default():
    from samverkansvav.ingest import read_register

    return read_register(DEMO_FILE)


def load_demo_web(parties: pd.DataFrame | None = None) -> CooperationWeb:
    """The demo cooperation web (cached for the default parties table).

    Arrangements that fail a check are left out rather than failing the whole demo;
    :func:`demo_report` lists every issue.

    Examples
    --------
    >>> web = load_demo_web()
    >>> len(web.arrangements) >= 90
    True
    """
    if parties is None:
        result = _demo_default()
    else:
        from samverkansvav.ingest import read_register

        result = read_register(DEMO_FILE, parties=parties)
    web = result.usable_web
    assert web is not None
    return CooperationWeb(web.parties, web.arrangements, web.memberships, ("demo: " + DEMO_FILE.name,))


def demo_report() -> Report:
    """The check report of the demo data (warnings show the real data's gaps)."""
    return _demo_default().report
