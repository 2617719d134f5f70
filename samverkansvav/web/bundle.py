"""The per-dataset bundle: everything the views need, computed once per dataset and date.

A callback never recomputes the analysis: it looks up a :class:`Bundle` in the
app's :class:`~samverkansvav.web.data.DataState` and filters precomputed tables.
:func:`build_bundle` computes the tables every view shares; heavy,
page-specific pieces (network layouts, risk tables, the co-membership matrix)
are ``cached_property`` values: computed the first time a page needs them, then
reused by every later callback.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from samverkansvav.ingest.values import is_blank
from samverkansvav.model import FORMS, HOST_FORMS, CooperationWeb, members_by_arrangement, split_areas
from samverkansvav.web.columns import as_objects, joined_names, missing_mask, pair_links

#: Rendered page layouts kept per bundle (a page view is served from here the second time).
LAYOUT_CACHE_SIZE = 256

__all__ = ["Bundle", "build_bundle", "GAP_COLUMNS", "RANKED_COLUMNS", "MAX_LINE_MEMBERS", "LAYOUT_CACHE_SIZE"]

#: Arrangements with more members than this are not drawn as map lines: a national
#: arrangement of 290 members would add 41,905 lines and hide everything else.
MAX_LINE_MEMBERS = 40

#: Metric columns for which each municipality's rank within its län is precomputed
#: (plus every ``sli_`` component column).
RANKED_COLUMNS: tuple[str, ...] = (
    "systemledningsindex",
    "n_arrangements",
    "n_partners",
    "n_forms",
    "n_areas",
    "n_constellations",
    "n_hosted",
    "dependency_share",
    "provider_hhi",
)


@dataclass(eq=False)
class Bundle:
    """Precomputed tables of one dataset on one analysis date.

    ``web`` is ``web_all.current_on(on)``: ended arrangements are never shown as
    current. Attributes are plain pandas objects; treat them as read-only.
    """

    key: str
    on: dt.date
    web_all: CooperationWeb
    web: CooperationWeb
    parties: pd.DataFrame  # indexed by party id
    kommun_ids: list[str]  # kind == "kommun", sorted
    metrics: pd.DataFrame  # municipality_metrics, every kommun + every member party
    ranks: pd.DataFrame  # rank within län of RANKED_COLUMNS (kommuner only)
    lan_sizes: dict[str, int]  # number of kommuner per län
    arrangements: pd.DataFrame  # indexed by id: + provider, provider_name, members, n_members
    memberships: pd.DataFrame  # memberships joined with arrangement facts
    links: pd.DataFrame  # pair_links
    comembership: pd.DataFrame  # a, b, shared, jaccard; strongest first
    communities: dict[str, int]
    lans: list[tuple[str, str]]  # (code, name) of län with at least one kommun
    areas: list[str]
    forms: list[str]
    arrangements_by_lan: dict[str, frozenset[str]]
    names: dict[str, str]
    _cache: dict = field(default_factory=dict, repr=False)
    _layouts: OrderedDict = field(default_factory=OrderedDict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # ------------------------------------------------------------- regions
    def region_party_ids(
        self, *, lan: str | None = None, kommuner: Iterable[str] | None = None
    ) -> list[str] | None:
        """Kommun ids of a region: the hand-picked set, else the län, else ``None`` (all)."""
        picked = [k for k in (kommuner or []) if k in self.parties.index]
        if picked:
            return sorted(set(picked))
        if lan:
            lan_of = self.parties["lan_code"]
            return sorted(pid for pid in self.kommun_ids if lan_of.get(pid) == lan)
        return None

    def region_arrangement_ids(self, party_ids: list[str] | None) -> set[str] | None:
        """Arrangements with at least one member among ``party_ids`` (``None`` = all)."""
        if party_ids is None:
            return None
        mem = self.memberships
        return set(mem.loc[mem["party_id"].isin(set(party_ids)), "arrangement_id"])

    def name(self, party_id: str | None) -> str:
        if party_id is None:
            return ""
        return str(self.names.get(party_id) or party_id)

    # ------------------------------------------------------ lazily computed
    def _cached(self, key, compute):
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        value = compute()
        with self._lock:
            self._cache.setdefault(key, value)
            return self._cache[key]

    def cached_layout(self, key, compute):
        """A page layout rendered once per URL on this bundle (least recently used kept).

        Bounded, so that arbitrary query strings cannot grow the memory; a new
        dataset or date is a new bundle, so nothing stale is ever served.
        """
        with self._lock:
            if key in self._layouts:
                self._layouts.move_to_end(key)
                return self._layouts[key]
        value = compute()
        with self._lock:
            self._layouts[key] = value
            while len(self._layouts) > LAYOUT_CACHE_SIZE:
                self._layouts.popitem(last=False)
        return value

    @cached_property
    def profile_order(self) -> pd.DataFrame:
        """Where each arrangement (index: id) comes in a profile's lists: ``by_form`` (forms in
        their usual order, then name, then id) and ``by_name`` (name, then id).

        Sorted once per bundle, so each municipality's profile sorts integers, not text.
        """
        arr = self.arrangements
        form_rank = arr["form"].map({f: i for i, f in enumerate(FORMS)}).fillna(len(FORMS))
        keys = pd.DataFrame({"form": form_rank, "name": arr["name"], "id": arr.index}, index=arr.index)
        by_form = keys.sort_values(["form", "name", "id"], kind="stable").index
        by_name = keys.sort_values(["name", "id"], kind="stable").index
        order = pd.DataFrame(index=arr.index)
        order["by_form"] = pd.Series(np.arange(len(arr)), index=by_form)
        order["by_name"] = pd.Series(np.arange(len(arr)), index=by_name)
        return order

    def warm(self) -> Bundle:
        """Compute the tables every municipality's profile needs (dependency edges, list order).

        Called where a bundle is built, so that with a big register the first
        visitor of a profile does not wait for them.
        """
        self.dependency_edges  # noqa: B018 - a cached property, computed here once
        self.profile_order  # noqa: B018
        return self

    @cached_property
    def dependency_edges(self) -> pd.DataFrame:
        from samverkansvav.analysis.network import dependency_edges

        return as_objects(dependency_edges(self.web))

    @cached_property
    def member_ids(self) -> frozenset[str]:
        """Parties that are a member of at least one current arrangement."""
        return frozenset(self.memberships["party_id"].tolist())

    @cached_property
    def risks(self) -> dict[str, pd.DataFrame]:
        from samverkansvav.analysis.risk import concentration_risks

        return concentration_risks(self.web_all, on=self.on, metrics=self.metrics)

    @cached_property
    def provider_ranking(self) -> pd.DataFrame:
        from samverkansvav.analysis.network import provider_ranking

        return provider_ranking(self.web)

    @cached_property
    def same_partners(self) -> pd.DataFrame:
        from samverkansvav.analysis.network import same_partners_different_forms

        return same_partners_different_forms(self.web)

    @cached_property
    def comembership_matrix(self) -> pd.DataFrame:
        from samverkansvav.analysis.network import comembership_matrix

        return comembership_matrix(self.web)

    @cached_property
    def member_sets(self) -> pd.DataFrame:
        from samverkansvav.figures.upset import member_set_counts

        return member_set_counts(self.web.memberships)

    @cached_property
    def summary(self) -> dict:
        from samverkansvav.analysis.network import network_summary

        return network_summary(self.web)

    def projection_positions(self) -> dict[str, tuple[float, float]]:
        """Spring layout (networkx, seed 0) of the co-membership projection, computed once.

        Views of one län or one municipality use the same positions, so a
        municipality stays in the same place whatever the filter.
        """
        from samverkansvav.figures.network import spring_positions

        def compute():
            edges = self.comembership
            nodes = set(self.memberships["party_id"])
            return spring_positions(nodes, zip(edges["a"], edges["b"], edges["shared"]))

        return self._cached("projection", compute)

    def bipartite_positions(self) -> dict[str, tuple[float, float]]:
        """Positions of the party–arrangement graph, derived from :meth:`projection_positions`.

        Parties keep their projection position; each arrangement sits at the mean
        of its members, nudged on a small circle by a stable hash of its id so
        that arrangements with the same members do not cover each other. A full
        force layout of thousands of arrangement nodes would take minutes at
        national scale; this one is instant and just as deterministic.
        """
        import zlib

        def compute():
            party_pos = self.projection_positions()
            mem = self.memberships[["arrangement_id", "party_id"]]
            xy = pd.DataFrame(
                [party_pos.get(p, (0.0, 0.0)) for p in mem["party_id"]], columns=["x", "y"], index=mem.index
            )
            centre = xy.groupby(mem["arrangement_id"]).mean()
            out = dict(party_pos)
            for aid, (x, y) in zip(centre.index, centre.to_numpy()):
                angle = (zlib.crc32(str(aid).encode("utf-8")) % 360) * np.pi / 180
                out[f"a:{aid}"] = (
                    round(float(x + 18 * np.cos(angle)), 1),
                    round(float(y + 18 * np.sin(angle)), 1),
                )
            return out

        return self._cached("bipartite", compute)


def _arrangement_table(web: CooperationWeb, names: dict[str, str], on: dt.date) -> pd.DataFrame:
    arr = web.arrangements.drop_duplicates("id").set_index("id", drop=False).rename_axis(None)
    providers = web.providers()
    providers = providers[~providers.index.duplicated()]
    provider = providers.reindex(arr.index).astype(object)
    provider = provider.where(~missing_mask(provider), None)
    arr = arr.assign(provider=provider)
    arr["provider_name"] = [None if p is None else str(names.get(p) or p) for p in arr["provider"]]
    mem = web.memberships.drop_duplicates(["arrangement_id", "party_id"])
    members = members_by_arrangement(mem)
    arr["members"] = [members.get(a, ()) for a in arr.index]
    arr["n_members"] = arr["members"].map(len).astype(int)
    arr["member_names"] = joined_names(arr["members"], names)
    # Data gaps, one boolean column each (the views count and list them).
    from samverkansvav.analysis.risk import two_years_before

    cutoff = two_years_before(on)
    arr["gap_no_host"] = arr["form"].isin(HOST_FORMS) & missing_mask(arr["host"])
    arr["gap_no_notice"] = missing_mask(arr["notice_months"])
    arr["gap_no_goal"] = missing_mask(arr["goal"])
    arr["gap_no_owner"] = missing_mask(arr["owner"])
    no_evaluation = missing_mask(arr["last_evaluated"])
    arr["gap_no_evaluation"] = no_evaluation
    evaluated = pd.Series(pd.NaT, index=arr.index, dtype="datetime64[ns]")
    if (~no_evaluation).any():
        evaluated[~no_evaluation] = pd.to_datetime(arr["last_evaluated"][~no_evaluation])
    # Before midnight of the cutoff day is the same as "its date is before the cutoff".
    arr["gap_old_evaluation"] = ~no_evaluation & (evaluated < pd.Timestamp(cutoff)).to_numpy()
    known = mem.loc[~missing_mask(mem["annual_cost"]), "arrangement_id"]
    arr["gap_no_cost"] = ~arr.index.isin(set(known))
    return arr


GAP_COLUMNS: tuple[str, ...] = (
    "gap_no_host",
    "gap_no_cost",
    "gap_no_notice",
    "gap_no_goal",
    "gap_no_owner",
    "gap_no_evaluation",
    "gap_old_evaluation",
)


def build_bundle(web_all: CooperationWeb, *, on: dt.date, key: str = "default") -> Bundle:
    """Compute every table the views share for ``web_all`` on date ``on``."""
    from samverkansvav.analysis.metrics import municipality_metrics
    from samverkansvav.analysis.network import comembership, communities

    web = web_all.current_on(on)
    parties = web.parties.drop_duplicates("id").set_index("id", drop=False).rename_axis(None)
    kommun_ids = sorted(parties.index[parties["kind"].eq("kommun")].tolist())
    member_ids = web.member_parties()
    metric_ids = sorted(set(kommun_ids) | set(member_ids))
    metrics = municipality_metrics(web, party_ids=metric_ids)
    names = web.party_names()

    ranked = list(RANKED_COLUMNS) + [c for c in metrics.columns if str(c).startswith("sli_")]
    kommun_metrics = metrics.loc[[k for k in kommun_ids if k in metrics.index], ranked]
    lan_of = parties["lan_code"].reindex(kommun_metrics.index)
    ranks = kommun_metrics.groupby(lan_of.fillna(""), dropna=False).rank(ascending=False, method="min")
    ranks = ranks.astype(int) if len(ranks) else ranks
    lan_sizes = {str(k): int(v) for k, v in lan_of.fillna("").value_counts().items()}

    arrangements = _arrangement_table(web, names, on)
    arr_cols = [
        "form",
        "area",
        "host",
        "provider",
        "provider_name",
        "name",
        "notice_months",
        "last_evaluated",
        "goal",
        "n_members",
        "member_names",
    ]
    mem = web.memberships.drop_duplicates(["arrangement_id", "party_id"]).reset_index(drop=True)
    memberships = mem.join(arrangements[arr_cols], on="arrangement_id")
    memberships["arrangement_end"] = memberships["arrangement_id"].map(arrangements["end"])

    lan_codes = parties["lan_code"]
    mem_lan = memberships["party_id"].map(lan_codes)
    arrangements_by_lan = {
        str(code): frozenset(group.to_numpy(dtype=object).tolist())
        for code, group in memberships["arrangement_id"].groupby(mem_lan)
        if not is_blank(code)
    }
    kommuner = parties.loc[kommun_ids]
    lans = sorted(
        {(str(c), str(n)) for c, n in zip(kommuner["lan_code"], kommuner["lan_name"]) if not is_blank(c)}
    )
    # Every area of an arrangement's list is a filter choice of its own.
    # (Each distinct area text once: a big register repeats a few.)
    area_texts = pd.unique(arrangements["area"].to_numpy(dtype=object))
    areas = sorted({a for value in area_texts if not is_blank(value) for a in split_areas(value)})
    present_forms = set(arrangements["form"].to_numpy(dtype=object).tolist())
    forms = [f for f in FORMS if f in present_forms]

    return Bundle(
        key=key,
        on=on,
        web_all=web_all,
        web=web,
        parties=as_objects(parties),
        kommun_ids=kommun_ids,
        metrics=as_objects(metrics),
        ranks=ranks,
        lan_sizes=lan_sizes,
        arrangements=as_objects(arrangements),
        memberships=as_objects(memberships),
        links=as_objects(pair_links(web, max_members=MAX_LINE_MEMBERS)),
        # Strongest ties first, so views that cap the number of edges take the head.
        comembership=as_objects(comembership(web))
        .sort_values(["shared", "a", "b"], ascending=[False, True, True], kind="stable")
        .reset_index(drop=True),
        communities=communities(web, seed=0),
        lans=lans,
        areas=areas,
        forms=forms,
        arrangements_by_lan=arrangements_by_lan,
        names=names,
    )
