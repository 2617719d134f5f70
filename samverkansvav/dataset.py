"""The regional dataset: every stored register's latest version merged, plus the demo data.

The store only stores versions; this module assembles what the views show.
Every register's latest version is merged with
:func:`samverkansvav.ingest.merge.merge_registers` under the authority rule
(DOMAIN §4): a municipality's checked version (``scope="kommun"``) speaks for
that municipality only; a regional register (an administrator's, stored under
its region's code) or an unchecked version states claims, which never override
what a municipality says about itself. Registers are taken in the order they
were first stored, so where registers disagree on a detail a later upload never
overturns what was stated first. The demo data then adds the arrangements no
register describes; it never overrides a register.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import pandas as pd

from samverkansvav.ingest.identity import ArrangementIndex
from samverkansvav.model import CooperationWeb
from samverkansvav.report import Report

if TYPE_CHECKING:
    from samverkansvav.ingest.merge import Merged
    from samverkansvav.store.versions import Version

__all__ = [
    "StoredRegisters",
    "current_merged",
    "current_dataset",
    "current_web",
    "add_demo",
    "REGIONAL_LABEL",
]

#: How a regional register is named in the merge report's file names.
REGIONAL_LABEL = "regionalt register"


class StoredRegisters(Protocol):
    """What the assembly needs from :class:`samverkansvav.store.Store`."""

    def latest_registers(
        self, parties: pd.DataFrame | None = None
    ) -> list[tuple[Version, CooperationWeb]]: ...


def current_merged(
    store: StoredRegisters,
    parties: pd.DataFrame | None,
    *,
    include_demo: bool = True,
    demo_web: CooperationWeb | None = None,
) -> Merged:
    """The regional dataset, its merge report and the disagreements between registers.

    ``parties`` is attached to the result; ``demo_web`` defaults to
    :func:`samverkansvav.demo.load_demo_web` and is left out with
    ``include_demo=False``. A regional register's rows are reported by the
    region (``reported_by`` is its code, e.g. "R20"): they are marked as the
    region's, and no municipality's cost or membership is taken from them as
    that municipality's own word.
    """
    from samverkansvav.ingest import RegisterResult
    from samverkansvav.ingest.merge import Merged, merge_registers

    results, speakers = [], []
    for version, web in store.latest_registers(parties):
        arr = web.arrangements.copy()
        if version.is_regional:
            arr["reported_by"] = version.kommun
        else:
            reported = arr["reported_by"]
            arr["reported_by"] = reported.where(reported.notna(), version.kommun)
        web = CooperationWeb(web.parties, arr, web.memberships, web.sources)
        label = f"{REGIONAL_LABEL}, " if version.is_regional else ""
        results.append(
            RegisterResult(
                file_name=f"{version.file_name} ({label}{version.kommun} v{version.version_no})",
                sha256=version.sha256,
                reporter=version.kommun,
                report=Report(),
                web=web,
            )
        )
        # Only a checked municipality's version speaks with its authority; a regional
        # or unchecked one states claims that never override a municipality's own.
        speakers.append(version.kommun if version.scope == "kommun" else None)
    merged = merge_registers(results, parties=parties, speakers=speakers)
    web = merged.web
    if parties is not None:
        web = web.with_parties(parties)
    if include_demo:
        if demo_web is None:
            from samverkansvav.demo import load_demo_web

            demo_web = load_demo_web(parties)
        web = add_demo(web, demo_web)
    return Merged(web, merged.report, merged.disagreements)


def current_dataset(
    store: StoredRegisters,
    parties: pd.DataFrame | None,
    *,
    include_demo: bool = True,
    demo_web: CooperationWeb | None = None,
) -> tuple[CooperationWeb, Report]:
    """The regional dataset and the report of conflicts found while merging it (see :func:`current_merged`)."""
    merged = current_merged(store, parties, include_demo=include_demo, demo_web=demo_web)
    return merged.web, merged.report


def current_web(
    store: StoredRegisters,
    parties: pd.DataFrame | None,
    *,
    include_demo: bool = True,
    demo_web: CooperationWeb | None = None,
) -> CooperationWeb:
    """The regional dataset (see :func:`current_merged`) without the merge report."""
    return current_merged(store, parties, include_demo=include_demo, demo_web=demo_web).web


def add_demo(web: CooperationWeb, demo: CooperationWeb) -> CooperationWeb:
    """``web`` plus the demo arrangements that no register describes.

    A register's description always wins over the embedded demo data (same id,
    or same normalised name and form): the municipality knows its own
    cooperation better than a published snapshot does.

    Examples
    --------
    >>> mk = lambda ids: CooperationWeb.from_records(parties=[],
    ...     arrangements=[{"id": i, "name": i.upper(), "form": "informell"} for i in ids],
    ...     memberships=[{"arrangement_id": i, "party_id": p} for i in ids for p in ("1", "2")])
    >>> add_demo(mk(["a"]), mk(["a", "b"])).arrangements["id"].tolist()
    ['a', 'b']
    """
    arr = web.arrangements
    index = ArrangementIndex()
    for i, n, f in zip(arr["id"], arr["name"], arr["form"]):
        index.add(i, n, f)
    demo_arr = demo.arrangements
    keep = [
        index.match(i, n, f) is None for i, n, f in zip(demo_arr["id"], demo_arr["name"], demo_arr["form"])
    ]
    extra = demo_arr.loc[pd.Series(keep, index=demo_arr.index, dtype=bool)]
    extra_mem = demo.memberships[demo.memberships["arrangement_id"].isin(set(extra["id"]))]
    frames = [f for f in (arr, extra) if len(f)]
    mem_frames = [f for f in (web.memberships, extra_mem) if len(f)]
    return CooperationWeb(
        web.parties,
        pd.concat(frames, ignore_index=True) if frames else None,
        pd.concat(mem_frames, ignore_index=True) if mem_frames else None,
        tuple(web.sources) + tuple(demo.sources),
    )
