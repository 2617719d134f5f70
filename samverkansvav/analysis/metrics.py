"""Per-municipality metrics: complexity, dependency and the systemledningsindex.

For a party *m*, A(m) is the set of
arrangements *m* is a member of in the web given (filter it first with
``web.current_on(date)`` for an analysis date); provider(a) comes from
:meth:`CooperationWeb.providers`; D(m) is the part of A(m) whose provider is
known and is not *m* itself.

Only pandas and numpy are imported here (no networkx, scipy, dash or plotly), so
the ``metrics`` command starts fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from samverkansvav.analysis._tables import is_known, member_set_keys, partner_counts, prepare, run_starts
from samverkansvav.model import ENTITY_FORMS, CooperationWeb, split_areas

__all__ = [
    "IndexWeights",
    "DEFAULT_WEIGHTS",
    "METRIC_COLUMNS",
    "index_components",
    "municipality_metrics",
]


@dataclass(frozen=True)
class IndexWeights:
    """Weights of the systemledningsindex (one point per unit of each component).

    The index is a transparent weighted sum of counts a kommundirektör has to
    keep in view; it ranks municipalities by how much system leadership their
    cooperation web asks for, it is not an estimate of hours. The defaults rest
    on Public Partner's report on inter-municipal cooperation (sections 2 and
    4.3–4.4):

    arrangements = 1.0
        The unit. Each arrangement is a separate agreement to follow up, and
        §4.4 describes how cooperation pulls matters onto the CEO's desk that
        would never reach it in own management.
    partners = 0.25
        Every other party is a relationship (another kommunledning with its own
        ambitions, §4.3–4.4, "bygga partnerskap"). A quarter point, because
        partners usually come in groups already counted as constellations.
    constellations = 1.0
        §4.3 stresses that a municipality sits in several different
        constellations, sometimes with neighbours and sometimes not; each
        distinct set of partners is its own coordination arena, so it weighs as
        much as an arrangement. The same partners in several arrangements
        count once.
    forms = 1.0
        §2 shows that each legal form has its own steering, insight and
        accountability rules (reglemente, förbundsordning, contract), and §4.3
        lists competence in steering different forms as a prerequisite.
    areas = 0.5
        Arrangements in widely different policy areas (§4.3) widen what the
        leadership must understand; half a point since the area is also the
        arrangement's own subject.
    hosted = 2.0
        Hosting weighs most: for a gemensam nämnd the host's fullmäktige appoints
        the chair, the host is normally employer and draws up the budget after
        consulting the others (§2.1.1–2.1.2); in avtalssamverkan the host
        performs the task for the others. The host carries the administration
        on top of its membership.
    own_governance = 1.5
        Memberships of arrangements that are their own legal person
        (kommunalförbund, bolag, stiftelse, förening) need owner steering: a
        förbundsordning or articles adopted by every fullmäktige, seats in the
        direktion, liability for a federation's debts, and the risk that the
        body becomes too independent (§2.2, §2.4). More than a contract
        membership, less than hosting.
    joint_committee = 1.0
        Each gemensam nämnd membership means appointing at least one ledamot and
        one ersättare and adopting the reglemente in the own fullmäktige
        (§2.1.1–2.1.2).
    unknown_provider = 0.5
        A host-based arrangement whose host is not named is a steering gap: the
        dependency cannot be attributed or followed up (§4.3 asks for measurable
        follow-up). Half a point so that missing data raises rather than hides
        the workload.

    Contract membership (avtalssamverkan as uppdragsgivare) and informal
    networks get only the per-arrangement point, which is how hosting and
    own-governance forms come to weigh more than contract membership.
    """

    arrangements: float = 1.0
    partners: float = 0.25
    constellations: float = 1.0
    forms: float = 1.0
    areas: float = 0.5
    hosted: float = 2.0
    own_governance: float = 1.5
    joint_committee: float = 1.0
    unknown_provider: float = 0.5


DEFAULT_WEIGHTS = IndexWeights()

# key -> (Swedish label, Swedish explanation, source count column)
_COMPONENTS: dict[str, tuple[str, str, str]] = {
    "arrangements": (
        "Samverkansarrangemang",
        "Varje arrangemang är en egen överenskommelse som ska följas upp.",
        "n_arrangements",
    ),
    "partners": (
        "Samverkansparter",
        "Antal andra parter kommunen samverkar med; varje part är en relation att vårda.",
        "n_partners",
    ),
    "constellations": (
        "Konstellationer",
        "Antal olika grupperingar av parter; samma parter i flera arrangemang räknas en gång.",
        "n_constellations",
    ),
    "forms": (
        "Samverkansformer",
        "Varje juridisk form har sina egna regler för styrning, insyn och ansvar.",
        "n_forms",
    ),
    "areas": (
        "Verksamhetsområden",
        "Ju fler olika områden samverkan spänner över, desto bredare blir ledningsuppdraget.",
        "n_areas",
    ),
    "hosted": (
        "Värdskap",
        "Som värd bär kommunen administration, budget och ofta arbetsgivaransvar åt de andra.",
        "n_hosted",
    ),
    "own_governance": (
        "Ägarstyrning",
        "Medlemskap i förbund, bolag, stiftelser och föreningar kräver ägarstyrning "
        "via förbundsordning eller bolagsordning och platser i styrelse eller direktion.",
        "n_own_governance",
    ),
    "joint_committee": (
        "Gemensamma nämnder",
        "Varje gemensam nämnd kräver egna ledamöter och ersättare och ett reglemente som fullmäktige antar.",
        "n_joint_committee",
    ),
    "unknown_provider": (
        "Okänd utförare",
        "Arrangemang där värdkommunen inte är angiven; beroendet går inte att följa upp.",
        "n_unknown_provider",
    ),
}

#: Columns of :func:`municipality_metrics`, in order (before the ``sli_`` columns).
METRIC_COLUMNS: tuple[str, ...] = (
    "kommunkod",
    "namn",
    "n_arrangements",
    "n_partners",
    "n_forms",
    "n_areas",
    "n_constellations",
    "n_hosted",
    "n_unknown_provider",
    "n_own_governance",
    "n_joint_committee",
    "dependency_share",
    "dependency_share_cost",
    "provider_hhi",
    "top_provider",
    "top_provider_name",
    "top_provider_share",
    "systemledningsindex",
)


def index_components(
    weights: IndexWeights = DEFAULT_WEIGHTS,
) -> list[tuple[str, str, str, float]]:
    """Describe every component of the index: (key, label, explanation, weight).

    The column ``sli_<key>`` of :func:`municipality_metrics` holds the weighted
    contribution of the component.

    Examples
    --------
    >>> [key for key, *_ in index_components()][:3]
    ['arrangements', 'partners', 'constellations']
    >>> index_components()[5][:2], index_components()[5][3]
    (('hosted', 'Värdskap'), 2.0)
    """
    return [
        (f.name, _COMPONENTS[f.name][0], _COMPONENTS[f.name][1], float(getattr(weights, f.name)))
        for f in fields(weights)
    ]


_NO_AREA = "\x00okänt"

#: Above this many (party, value) cells, distinct values per party are counted by sorting.
_DENSE_CELLS = 4_000_000


def _area_pairs(areas: pd.Series, cols: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, area code) for every area of every membership row.

    ``areas`` holds the area of every arrangement (by column code); ``cols`` and
    ``rows`` name the membership rows. An arrangement with several areas
    ("IT; löneadministration") contributes each of them; a missing area counts as
    one unknown area. Each distinct value is split once.
    """
    arrangement_codes, uniques = pd.factorize(areas.astype(object).fillna(_NO_AREA))
    value_codes = arrangement_codes[cols]
    code_of: dict[str, int] = {}
    per_value = [
        [code_of.setdefault(a, len(code_of)) for a in (split_areas(v) or (v,))] for v in uniques.tolist()
    ]
    if not per_value:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    lengths_u = np.array([len(c) for c in per_value], dtype=np.int64)
    offsets_u = np.concatenate(([0], np.cumsum(lengths_u)[:-1]))
    flat_u = np.fromiter((c for codes in per_value for c in codes), dtype=np.int64)
    lengths = lengths_u[value_codes]
    starts = np.repeat(offsets_u[value_codes], lengths)
    within = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.repeat(rows, lengths), flat_u[starts + within]


def _nunique_by_row(rows: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """Distinct ``values`` per row code 0..n-1 (both integer arrays of equal length)."""
    if len(values) == 0:
        return np.zeros(n, dtype=np.int64)
    width = int(values.max()) + 1
    cells = rows.astype(np.int64) * width + values
    if n * width <= _DENSE_CELLS:
        # Few distinct values (forms, areas): mark every (row, value) cell of a table.
        seen = np.bincount(cells, minlength=n * width).reshape(n, width)
        return np.count_nonzero(seen, axis=1).astype(np.int64)
    # Sort and drop repeats rather than np.unique, which is several times slower here.
    cells = np.sort(cells)
    cells = cells[run_starts(cells)]
    return np.bincount(cells // width, minlength=n)


def _codes_in(ids: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The position of every value in ``ids`` (distinct), -1 where it is not there."""
    return pd.Index(ids, dtype=object).get_indexer(pd.Index(values, dtype=object))


def _provider_concentration(
    rows: np.ndarray, codes: np.ndarray, width: int, n_dep: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per party: HHI of its providers, the top provider's code (-1: none) and its share.

    ``rows`` and ``codes`` name one dependency each: the party's row code and its
    provider's code, 0..width-1 numbered in the providers' text order. Shares are
    k / |D(m)| for the k arrangements m has with a provider; the top provider
    has the largest k, ties going to the provider id that sorts first as text.
    """
    hhi = np.zeros(n, dtype=float)
    top_provider = np.full(n, -1, dtype=np.int64)
    top_share = np.zeros(n, dtype=float)
    if len(rows) == 0:
        return hhi, top_provider, top_share
    pairs = np.sort(rows * width + codes)
    first = np.flatnonzero(run_starts(pairs))
    k = np.diff(np.append(first, len(pairs)))
    pair_row, pair_provider = pairs[first] // width, pairs[first] % width
    share = k / n_dep[pair_row]
    # pandas' grouped sum (compensated) keeps the HHI the same to the last bit.
    hhi_by_row = pd.Series(share**2).groupby(pair_row).sum()
    hhi[hhi_by_row.index.to_numpy()] = hhi_by_row.to_numpy()
    # Largest count first; the stable sort keeps provider order within equal counts.
    best = np.lexsort((-k, pair_row))
    best = best[run_starts(pair_row[best])]
    top_provider[pair_row[best]] = pair_provider[best]
    top_share[pair_row[best]] = share[best]
    return hhi, top_provider, top_share


def municipality_metrics(
    web: CooperationWeb,
    *,
    weights: IndexWeights = DEFAULT_WEIGHTS,
    party_ids: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Complexity and dependency metrics of every member party.

    Parameters
    ----------
    web
        The cooperation web, already filtered (e.g. ``web.current_on(date)``).
    weights
        Weights of the systemledningsindex.
    party_ids
        Report exactly these parties, in this order (zeros for those without
        arrangements). Default: every party that is a member of at least one
        arrangement, sorted by id.

    Returns
    -------
    DataFrame indexed by party id with the columns :data:`METRIC_COLUMNS` and
    one ``sli_<key>`` column per index component; ``systemledningsindex`` is
    the sum of the ``sli_`` columns.

    Notes
    -----
    - ``dependency_share_cost`` is m's annual cost on D(m) divided by its
      annual cost on A(m); NaN unless m's cost is known for every arrangement
      in A(m) and the total is positive.
    - ``top_provider`` is the provider with most arrangements in D(m); ties go
      to the provider id that sorts first as text, so results are stable.
      ``None`` (share 0.0) when D(m) is empty. ``top_provider_name`` is the
      party's or the arrangement's name.
    - ``n_hosted`` counts arrangements whose named host is m;
      ``n_unknown_provider`` counts gemensam nämnd / avtalssamverkan without a
      named host (they are not in D(m)).

    Examples
    --------
    >>> web = CooperationWeb.from_records(
    ...     parties=[{"id": "0001", "name": "A"}, {"id": "0002", "name": "B"}],
    ...     arrangements=[{"id": "x", "name": "X", "form": "avtalssamverkan",
    ...                    "area": "IT", "host": "0001"}],
    ...     memberships=[{"arrangement_id": "x", "party_id": "0001"},
    ...                  {"arrangement_id": "x", "party_id": "0002"}],
    ... )
    >>> m = municipality_metrics(web)
    >>> m.loc["0002", ["n_partners", "dependency_share", "top_provider_name"]].to_dict()
    {'n_partners': 1, 'dependency_share': 1.0, 'top_provider_name': 'A'}
    >>> float(m.loc["0001", "systemledningsindex"])  # 1 + 0.25 + 1 + 1 + 0.5 + 2 (host)
    5.75
    """
    inc = prepare(web)
    mem = inc.members
    n = inc.n_parties
    rows, cols = inc.rows, inc.cols

    def per_party_count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(rows[mask], minlength=n)

    # Form, area, host and provider belong to the arrangement: decide them once per
    # arrangement (its first membership row; rows come grouped by arrangement) and
    # spread the answers over the membership rows by column code.
    first = np.flatnonzero(run_starts(cols))
    facts = mem.take(first).reset_index(drop=True)
    form = facts["form"].astype(object)
    form_codes, _ = pd.factorize(form)
    area_rows, area_codes = _area_pairs(facts["area"], cols, rows)
    constellation = member_set_keys(inc)[cols] if n else np.zeros(0, dtype=np.int64)

    # Provider and host as party row codes (-1: not a member party), to compare with rows.
    provider = facts["provider"].to_numpy(dtype=object)
    host = facts["host"].to_numpy(dtype=object)
    provider_row, host_row = np.split(_codes_in(inc.party_ids, np.concatenate([provider, host])), 2)
    provider_known = is_known(facts["provider"]).to_numpy()
    in_d = provider_known[cols] & (provider_row[cols] != rows)
    host_known = is_known(facts["host"]).to_numpy()
    is_host_form = form.isin(("gemensam_namnd", "avtalssamverkan")).to_numpy()

    counts = {
        "n_arrangements": np.bincount(rows, minlength=n),
        "n_partners": partner_counts(inc),
        "n_forms": _nunique_by_row(rows, form_codes.astype(np.int64)[cols], n),
        "n_areas": _nunique_by_row(area_rows, area_codes, n),
        "n_constellations": _nunique_by_row(rows, constellation, n),
        "n_hosted": per_party_count(host_known[cols] & (host_row[cols] == rows)),
        "n_unknown_provider": per_party_count((is_host_form & ~host_known)[cols]),
        "n_own_governance": per_party_count(form.isin(ENTITY_FORMS).to_numpy()[cols]),
        "n_joint_committee": per_party_count(form.eq("gemensam_namnd").to_numpy()[cols]),
    }
    n_dep = per_party_count(in_d)
    n_arr = counts["n_arrangements"]
    dependency_share = np.divide(n_dep, n_arr, out=np.zeros(n, dtype=float), where=n_arr > 0)

    # Cost-weighted dependency: only where every cost on A(m) is known.
    cost = mem["annual_cost"].to_numpy(dtype=float)
    cost_known = ~np.isnan(cost)
    all_known = per_party_count(cost_known) == n_arr
    cost_total = np.bincount(rows, weights=np.where(cost_known, cost, 0.0), minlength=n)
    cost_dep = np.bincount(rows, weights=np.where(cost_known & in_d, cost, 0.0), minlength=n)
    usable = all_known & (cost_total > 0)
    dependency_share_cost = np.full(n, np.nan)
    np.divide(cost_dep, cost_total, out=dependency_share_cost, where=usable)

    # Provider concentration over D(m), on provider codes numbered in text order
    # (np.unique sorts text by code point, as str does).
    named = np.flatnonzero(provider_known)
    provider_ids, named_codes = np.unique(provider[named].astype(str), return_inverse=True)
    provider_code = np.full(len(provider), -1, dtype=np.int64)
    provider_code[named] = named_codes.ravel()
    hhi, top_code, top_share = _provider_concentration(
        rows[in_d], provider_code[cols[in_d]], len(provider_ids), n_dep, n
    )

    if party_ids is None:
        index = pd.Index(inc.party_ids, dtype=object, name="id")
        position = np.arange(n)
    else:
        index = pd.Index(list(dict.fromkeys(str(p) for p in party_ids)), dtype=object, name="id")
        position = _codes_in(inc.party_ids, index.to_numpy())
    listed = position >= 0

    def reported(values: np.ndarray, absent) -> np.ndarray:
        """``values`` (by row code) for the reported parties; ``absent`` for a party
        without arrangements."""
        if party_ids is None:
            return values
        out = np.full(len(position), absent, dtype=values.dtype)
        out[listed] = values[position[listed]]
        return out

    def text_column(values: list) -> pd.Series:
        return pd.Series(values, index=index, dtype=object)

    names = web.party_names()
    top_code = reported(top_code, -1)
    # Name every distinct provider once (there are far fewer than parties); the
    # appended None stands for "no provider" (code -1).
    provider_ids = np.asarray(provider_ids.tolist() + [None], dtype=object)
    provider_names = np.asarray(_names_of(names, provider_ids[:-1].tolist()) + [None], dtype=object)
    columns: dict[str, object] = {"kommunkod": text_column(index.tolist())}
    columns["namn"] = text_column(_names_of(names, index.tolist()))
    for key, values in counts.items():
        columns[key] = reported(values.astype(np.int64, copy=False), 0)
    columns["dependency_share"] = reported(dependency_share, 0.0)
    columns["dependency_share_cost"] = reported(dependency_share_cost, np.nan)
    columns["provider_hhi"] = reported(hhi, 0.0)
    columns["top_provider"] = text_column(provider_ids[top_code].tolist())
    columns["top_provider_name"] = text_column(provider_names[top_code].tolist())
    columns["top_provider_share"] = reported(top_share, 0.0)

    total = np.zeros(len(index), dtype=float)
    sli = {}
    for key, _label, _text, weight in index_components(weights):
        contribution = columns[_COMPONENTS[key][2]].astype(float) * weight
        sli[f"sli_{key}"] = contribution
        total = total + contribution
    columns["systemledningsindex"] = total
    return pd.DataFrame({**{column: columns[column] for column in METRIC_COLUMNS}, **sli}, index=index)


def _names_of(names: dict, keys: list) -> list[str]:
    """:func:`_name` for many keys; text names (the usual case) are looked up in C."""
    values = list(map(names.get, keys))
    if set(map(type, values)) <= {str}:
        if all(map(str.strip, values)):
            return values
        stripped = list(map(str.strip, values))
        return [value if kept else str(key) for key, value, kept in zip(keys, values, stripped)]
    return [_name(names, key) for key in keys]


def _name(names: dict, key: str) -> str:
    value = names.get(key)
    if value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() == "":
        return str(key)
    return str(value)
