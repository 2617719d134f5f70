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

from samverkansvav.analysis._tables import is_known, member_set_keys, partner_counts, prepare
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

_COUNT_COLUMNS = tuple(c for c in METRIC_COLUMNS if c.startswith("n_"))


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


def _area_pairs(areas: pd.Series, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(row, area code) for every area of every membership row.

    An arrangement with several areas ("IT; löneadministration") contributes each of
    them; a missing area counts as one unknown area. Each distinct value is split once.
    """
    value_codes, uniques = pd.factorize(areas.astype(object).fillna(_NO_AREA))
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
    # Sort and drop repeats rather than np.unique, which is several times slower here.
    pairs = np.sort(rows.astype(np.int64) * width + values)
    pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
    return np.bincount(pairs // width, minlength=n)


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
    rows = inc.rows

    def per_party_nunique(values: np.ndarray) -> np.ndarray:
        """Distinct values per party code (values are integer codes)."""
        return _nunique_by_row(rows, values, n)

    def per_party_count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(rows[mask], minlength=n)

    form_codes, _ = pd.factorize(mem["form"].astype(object))
    area_rows, area_codes = _area_pairs(mem["area"], rows)
    constellation = member_set_keys(inc)[inc.cols] if n else np.zeros(0, dtype=np.int64)

    party_of_row = inc.party_ids[rows] if n else np.zeros(0, dtype=object)
    provider = mem["provider"].to_numpy(dtype=object)
    provider_known = is_known(mem["provider"]).to_numpy()
    in_d = provider_known & (provider != party_of_row)
    host_known = is_known(mem["host"]).to_numpy()
    is_host_form = mem["form"].isin(("gemensam_namnd", "avtalssamverkan")).to_numpy()

    counts = {
        "n_arrangements": np.bincount(rows, minlength=n),
        "n_partners": partner_counts(inc),
        "n_forms": per_party_nunique(form_codes.astype(np.int64)),
        "n_areas": _nunique_by_row(area_rows, area_codes, n),
        "n_constellations": per_party_nunique(constellation),
        "n_hosted": per_party_count(host_known & (mem["host"].to_numpy(dtype=object) == party_of_row)),
        "n_unknown_provider": per_party_count(is_host_form & ~host_known),
        "n_own_governance": per_party_count(mem["form"].isin(ENTITY_FORMS).to_numpy()),
        "n_joint_committee": per_party_count(mem["form"].eq("gemensam_namnd").to_numpy()),
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

    # Provider concentration over D(m).
    hhi = np.zeros(n, dtype=float)
    top_provider = np.full(n, None, dtype=object)
    top_share = np.zeros(n, dtype=float)
    if in_d.any():
        dep = pd.DataFrame({"row": rows[in_d], "provider": provider[in_d].astype(str)})
        per = dep.groupby(["row", "provider"], sort=True).size().rename("k").reset_index()
        per["share"] = per["k"] / n_dep[per["row"].to_numpy()]
        hhi_by_row = (per["share"] ** 2).groupby(per["row"]).sum()
        hhi[hhi_by_row.index.to_numpy()] = hhi_by_row.to_numpy()
        # Largest count first, then provider id ascending: the first row per party wins.
        best = per.sort_values(["row", "k", "provider"], ascending=[True, False, True])
        best = best.drop_duplicates("row")
        top_provider[best["row"].to_numpy()] = best["provider"].to_numpy(dtype=object)
        top_share[best["row"].to_numpy()] = best["share"].to_numpy(dtype=float)

    frame = pd.DataFrame(counts, index=pd.Index(inc.party_ids, dtype=object, name="id"))
    frame["dependency_share"] = dependency_share
    frame["dependency_share_cost"] = dependency_share_cost
    frame["provider_hhi"] = hhi
    frame["top_provider"] = pd.Series(top_provider, index=frame.index, dtype=object)
    frame["top_provider_share"] = top_share

    if party_ids is None:
        wanted = list(frame.index)
    else:
        wanted = list(dict.fromkeys(str(p) for p in party_ids))
    frame = frame.reindex(pd.Index(wanted, dtype=object, name="id"))
    for column in _COUNT_COLUMNS:
        frame[column] = frame[column].fillna(0).astype(np.int64)
    for column in ("dependency_share", "provider_hhi", "top_provider_share"):
        frame[column] = frame[column].fillna(0.0).astype(float)
    frame["top_provider"] = frame["top_provider"].astype(object).where(frame["top_provider"].notna(), None)

    names = web.party_names()
    frame["kommunkod"] = pd.Series(list(frame.index), index=frame.index, dtype=object)
    frame["namn"] = pd.Series(_names_of(names, list(frame.index)), index=frame.index, dtype=object)
    providers = frame["top_provider"].tolist()
    provider_names = _names_of(names, [p for p in providers if p is not None])
    it = iter(provider_names)
    frame["top_provider_name"] = pd.Series(
        [None if p is None else next(it) for p in providers], index=frame.index, dtype=object
    )

    total = pd.Series(0.0, index=frame.index)
    sli = {}
    for key, _label, _text, weight in index_components(weights):
        contribution = frame[_COMPONENTS[key][2]].astype(float) * weight
        sli[f"sli_{key}"] = contribution
        total = total + contribution
    frame["systemledningsindex"] = total
    frame = frame.loc[:, list(METRIC_COLUMNS)]
    for column, values in sli.items():
        frame[column] = values
    return frame


def _names_of(names: dict, keys: list) -> list[str]:
    """:func:`_name` for many keys; text names (the usual case) are looked up in C."""
    values = list(map(names.get, keys))
    if set(map(type, values)) <= {str}:
        stripped = list(map(str.strip, values))
        return [value if kept else str(key) for key, value, kept in zip(keys, values, stripped)]
    return [_name(names, key) for key in keys]


def _name(names: dict, key: str) -> str:
    value = names.get(key)
    if value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() == "":
        return str(key)
    return str(value)
