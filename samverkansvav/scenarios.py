"""Scenarios before a decision: a municipality exits, a host stops, where to join.

Every function is pure: it takes a
:class:`~samverkansvav.model.CooperationWeb` and returns a frozen result object
with ``to_dict()`` (JSON-ready: plain Python values, ISO dates, ``None`` for
unknown) and ``tables()`` (Swedish-headed DataFrames for Excel export and the
dashboard). Unknown facts stay unknown: a missing cost gives ``None``, never 0.

Ranking of candidate new hosts
------------------------------
When a host leaves (or stops), the remaining members are ranked by a transparent
score built from evidence in the web, each part shown to the user::

    score = 3 · (other arrangements in the same area it already hosts)
          + 2 · (share of the other remaining members it already performs a task for)
          + 1 · (its shared arrangements with the other remaining members,
                 relative to the best candidate's)
          + 1 · (its population relative to the largest candidate's)

Hosting the same area weighs most because it means staff, systems and routines
already exist; serving the others already and many ties show the relation is
established; population stands for capacity. Ties: higher population, then
kommunkod. Only remaining members are candidates: a host must be a member.

Examples
--------
>>> from samverkansvav.model import CooperationWeb
>>> web = CooperationWeb.from_records(
...     parties=[{"id": i, "name": n, "kind": "kommun"} for i, n in
...              [("0001", "A"), ("0002", "B"), ("0003", "C")]],
...     arrangements=[{"id": "av", "name": "Lön", "form": "avtalssamverkan",
...                    "area": "lön", "host": "0001"}],
...     memberships=[{"arrangement_id": "av", "party_id": "0001", "role": "utförare"},
...                  {"arrangement_id": "av", "party_id": "0002", "role": "uppdragsgivare"}])
>>> result = exit_scenario(web, "0002")
>>> result.arrangements[0].status, result.arrangements[0].remaining
('upplöses', ('0001',))
>>> [f.id for f in result.functions_to_rebuild]
['av']
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any, Iterable

import pandas as pd

from samverkansvav.model import FORMS, HOST_FORMS, CooperationWeb
from samverkansvav.vocabulary import form_label

__all__ = [
    "DISSOLVES",
    "NO_HOST",
    "CONTINUES",
    "FORM_LABELS",
    "CANDIDATE_WEIGHTS",
    "ChecklistItem",
    "HostCandidate",
    "MemberIncrease",
    "ArrangementExit",
    "FunctionToRebuild",
    "LostProvider",
    "MunicipalityFigures",
    "NetworkFigures",
    "ExitResult",
    "HostedArrangement",
    "DependentLoss",
    "HostStopResult",
    "JoinOption",
    "AreaHost",
    "JoinOptions",
    "checklist_for",
    "exit_scenario",
    "host_stops",
    "where_to_join",
]

DISSOLVES, NO_HOST, CONTINUES = "upplöses", "saknar_värd", "fortsätter"
STATUS_LABELS = {DISSOLVES: "upplöses", NO_HOST: "saknar värd", CONTINUES: "fortsätter"}

FORM_LABELS: dict[str, str] = {form: form_label(form) for form in FORMS}

#: Weights of the host-candidate score (see the module docstring).
CANDIDATE_WEIGHTS: dict[str, float] = {
    "same_area": 3.0,
    "served": 2.0,
    "ties": 1.0,
    "population": 1.0,
}


# ====================================================================== helpers
def _clean(value: Any) -> Any:
    """A JSON-ready plain Python value (NaN → None, dates → ISO, numpy → Python)."""
    if value is None:
        return None
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool):
        return value
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value


def _as_dict(obj: Any, rename: dict[str, str] | None = None) -> dict[str, Any]:
    """A result object as JSON-ready data; ``rename`` gives fields their Swedish keys."""
    data = _clean(asdict(obj))
    for field_name, key in (rename or {}).items():
        data[key] = data.pop(field_name)
    return data


#: Party fields under the keys the command line's JSON uses.
_PARTY_KEYS = {"party_id": "kommunkod", "name": "namn"}


def _number(value: Any) -> float | None:
    """A finite float or None."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _months(value: Any) -> int | float | None:
    number = _number(value)
    if number is None:
        return None
    return int(number) if number.is_integer() else number


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return None


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole ``months``, clamped to the end of a shorter month.

    Examples
    --------
    >>> add_months(dt.date(2024, 1, 31), 1)
    datetime.date(2024, 2, 29)
    >>> add_months(dt.date(2024, 11, 15), 3)
    datetime.date(2025, 2, 15)
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _earliest_end(on: dt.date, notice: int | float | None, end: dt.date | None) -> dt.date | None:
    """The earlier of ``on`` + notice and the agreed end date; None when both unknown."""
    candidates = []
    if notice is not None:
        whole = math.ceil(notice)  # a part month still has to be served
        candidates.append(add_months(on, whole))
    if end is not None:
        candidates.append(end)
    return min(candidates) if candidates else None


def _kr(value: float | None) -> str:
    if value is None:
        return "okänd"
    return f"{value:,.0f}".replace(",", " ") + " kr"


def _pct(value: float | None) -> str:
    return "okänd" if value is None else f"{value:.1f} %".replace(".", ",")


class _Index:
    """Lookups over one web built once (member sets, hosts, areas, names)."""

    def __init__(self, web: CooperationWeb) -> None:
        self.web = web
        arr = web.arrangements
        self.rows: dict[str, dict] = {str(r["id"]): r for r in arr.to_dict("records")}
        self.members: dict[str, set[str]] = defaultdict(set)
        for a_id, p_id in zip(web.memberships["arrangement_id"], web.memberships["party_id"]):
            if a_id is not None and p_id is not None and not pd.isna(p_id):
                self.members[str(a_id)].add(str(p_id))
        self.by_party: dict[str, set[str]] = defaultdict(set)
        for a_id, members in self.members.items():
            for p_id in members:
                self.by_party[p_id].add(a_id)
        self.providers: dict[str, str | None] = {
            str(k): (None if v is None or pd.isna(v) else str(v)) for k, v in web.providers().items()
        }
        self.names = {str(k): str(v) for k, v in web.party_names().items() if v is not None}
        self._member_values: dict[tuple[str, str], dict[str, float | None]] | None = None
        parties = web.parties.set_index("id") if len(web.parties) else None
        self.population: dict[str, float | None] = {}
        self.coords: dict[str, tuple[float, float]] = {}
        if parties is not None:
            for pid, row in parties.iterrows():
                self.population[str(pid)] = _number(row.get("population"))
                lat, lon = _number(row.get("lat")), _number(row.get("lon"))
                if lat is not None and lon is not None:
                    self.coords[str(pid)] = (lat, lon)

    def host(self, a_id: str) -> str | None:
        row = self.rows[a_id]
        host = row.get("host")
        if row.get("form") not in HOST_FORMS or host is None or pd.isna(host):
            return None
        return str(host)

    def area(self, a_id: str) -> str:
        area = self.rows[a_id].get("area")
        return "" if area is None or pd.isna(area) else str(area)

    def name(self, pid: str | None) -> str:
        if pid is None:
            return "okänd"
        return self.names.get(pid, pid)

    def member_value(self, a_id: str, pid: str, column: str) -> float | None:
        """``share`` or ``annual_cost`` of one membership (None when unknown)."""
        if self._member_values is None:
            mem = self.web.memberships
            self._member_values = {
                (str(a), str(p)): {"share": _number(s), "annual_cost": _number(c)}
                for a, p, s, c in zip(mem["arrangement_id"], mem["party_id"], mem["share"],
                                      mem["annual_cost"])
            }
        return self._member_values.get((a_id, pid), {}).get(column)


# ==================================================================== checklist
@dataclass(frozen=True)
class ChecklistItem:
    """One practical question to settle, with its legal reference when there is one."""

    topic: str
    question: str
    reference: str = ""

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)


_KL9 = "kommunallagen 9 kap."
_COMMON = (
    ChecklistItem(
        "Övergångsorganisation",
        "Vem ansvarar i varje berörd kommun för att genomföra beslutet och för dialogen med de "
        "andra kommunerna? Ta med ekonomi, HR och den fackliga samverkan från start.",
    ),
    ChecklistItem(
        "Personal och verksamhetsövergång",
        "Vilka anställda berörs? Avgör om flytten av uppgiften är en verksamhetsövergång där "
        "anställningarna följer med till den nya arbetsgivaren, och vilken kommun som hanterar "
        "en eventuell övertalighet.",
        "lagen (1982:80) om anställningsskydd 6 b §",
    ),
    ChecklistItem(
        "Rekrytering",
        "Behöver någon kommun anställa eller köpa in kompetens för att kunna utföra uppgiften "
        "själv redan första dagen efter övergången?",
    ),
    ChecklistItem(
        "IT-system och data",
        "Vilka gemensamma verksamhetssystem, licenser och register berörs? Bestäm hur ärenden, "
        "akter och historik delas upp och vem som har åtkomst till vad efter bytet.",
    ),
    ChecklistItem(
        "Ekonomi och avräkning",
        "Hur görs slutavräkningen för innevarande år, och hur fördelas kvarstående kostnader "
        "för lokaler, avtal och inventarier mellan parterna?",
    ),
    ChecklistItem(
        "Gemensam kommunikation",
        "Vad säger kommunerna gemensamt till medarbetare, invånare och företag, och när? "
        "Samma besked från alla parter bevarar förtroendet under övergången.",
    ),
    ChecklistItem(
        "Tidsplan",
        "Finns en gemensam tidsplan från beslut till sista dag, med datum för politiska beslut, "
        "uppsägning, överlämning och start av den nya organisationen?",
    ),
)
_BY_FORM: dict[str, tuple[ChecklistItem, ...]] = {
    "kommunalforbund": (
        ChecklistItem(
            "Förbundsordning",
            "Förbundsordningen måste ändras när en medlem lämnar. Ändringen ska antas av "
            "fullmäktige i varje medlemskommun, så samordna ärendena i tid.",
            _KL9,
        ),
        ChecklistItem(
            "Ansvar för skulder och eget kapital",
            "Medlemmarna svarar för förbundets skulder när dess tillgångar inte räcker. Hur "
            "regleras den utträdande medlemmens andel av eget kapital och av åtaganden från "
            "medlemstiden, till exempel pensioner och hyresavtal?",
            _KL9,
        ),
        ChecklistItem(
            "Villkor för utträde",
            "Vad säger förbundsordningen om uppsägningstid, utträdesdag och hur tillgångar "
            "skiftas när en medlem lämnar?",
            _KL9,
        ),
    ),
    "gemensam_namnd": (
        ChecklistItem(
            "Samverkansavtal och reglemente",
            "Överenskommelsen om den gemensamma nämnden och dess reglemente behöver ändras. "
            "Ändringarna ska antas av fullmäktige i varje samverkande kommun.",
            _KL9,
        ),
        ChecklistItem(
            "Ledamöter och ersättare",
            "Den utträdande kommunens ledamöter och ersättare ska lämna nämnden; se över "
            "nämndens storlek och fördelningen av platser bland de kvarvarande.",
            _KL9,
        ),
    ),
    "avtalssamverkan": (
        ChecklistItem(
            "Uppsägning enligt avtalet",
            "Säg upp avtalet enligt dess villkor och uppsägningstid. Ansvaret för uppgiften har "
            "hela tiden legat kvar hos varje uppdragsgivande kommun, som nu själv måste ordna "
            "utförandet från avtalets sista dag.",
            "kommunallagen 9 kap. 37 §",
        ),
        ChecklistItem(
            "Delegering",
            "Återkalla beslut som delegerat beslutanderätt till anställda i den utförande "
            "kommunen, och besluta om ny delegering i den egna organisationen.",
            "kommunallagen 9 kap. 37 §",
        ),
        ChecklistItem(
            "Nytt avtal och upphandling",
            "Ska uppgiften i stället utföras av en annan kommun? Pröva att villkoren för "
            "undantaget från upphandling är uppfyllda (mindre än 20 % av verksamheten på den "
            "öppna marknaden).",
            "LOU 3 kap. 17 §",
        ),
    ),
    "bolag": (
        ChecklistItem(
            "Ägaravtal och bolagsordning",
            "Hur överlåts eller löses den utträdande ägarens aktier? Läs ägaravtalets och "
            "bolagsordningens regler om hembud, förköp och värdering.",
            "ägaravtal och bolagsordning",
        ),
        ChecklistItem(
            "Tjänster som köps från bolaget",
            "Vilka avtal om tjänster från bolaget löper vidare efter ägarbytet, och på vilka "
            "villkor?",
        ),
    ),
    "stiftelse": (
        ChecklistItem(
            "Stiftelseförordnandet",
            "Vad säger förordnandet och stadgarna om en stiftares eller huvudmans utträde och om "
            "förordnanderätt i styrelsen?",
            "stiftelseförordnandet",
        ),
    ),
    "ekonomisk_forening": (
        ChecklistItem(
            "Föreningens stadgar",
            "Utträde sker enligt stadgarna: kontrollera uppsägningstid och om insatsen betalas "
            "tillbaka.",
            "föreningens stadgar",
        ),
    ),
    "ideell_forening": (
        ChecklistItem(
            "Föreningens stadgar",
            "Utträde sker enligt stadgarna: kontrollera uppsägningstid och avgifter som redan "
            "är beslutade för året.",
            "föreningens stadgar",
        ),
    ),
}
_HOST_LEAVES: dict[str, ChecklistItem] = {
    "gemensam_namnd": ChecklistItem(
        "Ny värdkommun",
        "Värdkommunen lämnar: vilken av de kvarvarande kommunerna tar över som värd, med "
        "nämnden i sin organisation, arbetsgivaransvaret och budgetansvaret?",
        _KL9,
    ),
    "avtalssamverkan": ChecklistItem(
        "Ny utförare",
        "Den utförande kommunen lämnar: vilken kommun ska utföra uppgiften i ett nytt avtal, "
        "och hinner avtalet beslutas innan det gamla upphör?",
        "kommunallagen 9 kap. 37 §",
    ),
}
_INFORMAL = (
    ChecklistItem(
        "Inget formellt utträde",
        "Informell samverkan vilar inte på något bindande beslut. Meddela de andra "
        "deltagarna och kom överens om vem som tar över gemensamma uppgifter, till exempel "
        "att vara sammankallande.",
    ),
)


def checklist_for(form: str, *, host_leaves: bool = False) -> list[ChecklistItem]:
    """The practical questions at an exit, adapted to the legal ``form``.

    Parameters
    ----------
    form
        One of :data:`samverkansvav.model.FORMS`.
    host_leaves
        Add the question of a new host (gemensam nämnd, avtalssamverkan).

    Raises
    ------
    ValueError
        For an unknown form.

    Examples
    --------
    >>> [i.topic for i in checklist_for("informell")]
    ['Inget formellt utträde', 'Gemensam kommunikation']
    >>> checklist_for("avtalssamverkan")[0].reference
    'kommunallagen 9 kap. 37 §'
    """
    if form not in FORMS:
        raise ValueError(f"Okänd samverkansform {form!r}; giltiga: {', '.join(FORMS)}.")
    if form == "informell":
        communication = next(i for i in _COMMON if i.topic == "Gemensam kommunikation")
        return [*_INFORMAL, communication]
    items = list(_BY_FORM.get(form, ()))
    if host_leaves and form in _HOST_LEAVES:
        items.insert(0, _HOST_LEAVES[form])
    return items + list(_COMMON)


# =================================================================== candidates
@dataclass(frozen=True)
class HostCandidate:
    """A possible new host with the evidence behind its score."""

    party_id: str
    name: str
    score: float
    evidence: tuple[str, ...]
    same_area_hosted: int
    served_members: int
    ties: int
    population: float | None

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self, _PARTY_KEYS)


def _other(n: int) -> str:
    """Swedish agreement: "1 annan samverkan", "2 andra samverkan"."""
    return f"{n} annan" if n == 1 else f"{n} andra"


def _rank_candidates(
    index: _Index, arrangement_id: str, candidates: Iterable[str]
) -> tuple[HostCandidate, ...]:
    """Rank ``candidates`` as new host of ``arrangement_id`` (see module docstring)."""
    candidates = sorted(set(candidates))
    if not candidates:
        return ()
    area = index.area(arrangement_id).casefold()
    raw: dict[str, dict[str, Any]] = {}
    for c in candidates:
        others = [r for r in candidates if r != c]
        hosted_same = sorted(
            b for b in index.by_party.get(c, ())
            if b != arrangement_id and index.host(b) == c and area
            and index.area(b).casefold() == area
        )
        served = {
            r for b in index.by_party.get(c, ())
            if b != arrangement_id and index.host(b) == c
            for r in index.members[b] if r in others
        }
        ties = sum(
            len((index.by_party.get(c, set()) & index.by_party.get(r, set())) - {arrangement_id})
            for r in others
        )
        raw[c] = {
            "hosted_same": hosted_same, "served": len(served), "others": len(others),
            "ties": ties, "population": index.population.get(c),
        }
    max_ties = max(v["ties"] for v in raw.values())
    max_pop = max((v["population"] or 0.0) for v in raw.values())
    w = CANDIDATE_WEIGHTS
    ranked = []
    for c, v in raw.items():
        served_part = v["served"] / v["others"] if v["others"] else 0.0
        ties_part = v["ties"] / max_ties if max_ties else 0.0
        pop_part = (v["population"] or 0.0) / max_pop if max_pop else 0.0
        score = (w["same_area"] * len(v["hosted_same"]) + w["served"] * served_part
                 + w["ties"] * ties_part + w["population"] * pop_part)
        evidence = []
        if v["hosted_same"]:
            names = ", ".join(index.name(b) for b in v["hosted_same"])
            evidence.append(
                f"Är redan värd för {_other(len(v['hosted_same']))} samverkan inom samma område "
                f"({names})."
            )
        else:
            evidence.append("Är inte värd för någon annan samverkan inom samma område.")
        evidence.append(
            f"Utför redan andra uppgifter åt {v['served']} av {v['others']} övriga kvarvarande."
        )
        evidence.append(f"Delar {_other(v['ties'])} samverkan med de övriga kvarvarande.")
        if v["population"] is None:
            evidence.append("Befolkning okänd.")
        else:
            evidence.append(f"Befolkning {v['population']:,.0f}.".replace(",", " "))
        ranked.append(HostCandidate(
            party_id=c, name=index.name(c), score=round(score, 3), evidence=tuple(evidence),
            same_area_hosted=len(v["hosted_same"]), served_members=v["served"], ties=v["ties"],
            population=v["population"],
        ))
    ranked.sort(key=lambda h: (-h.score, -(h.population or 0.0), h.party_id))
    return tuple(ranked)


# ======================================================================== exit
@dataclass(frozen=True)
class MemberIncrease:
    """How much more one remaining member pays when the leaver's cost is spread."""

    party_id: str
    name: str
    kr: float | None
    percent: float | None
    basis: str  # "andel" (by known shares) or "lika" (equal split)

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self, _PARTY_KEYS)


@dataclass(frozen=True)
class ArrangementExit:
    """What happens to one arrangement when the municipality leaves it."""

    id: str
    name: str
    form: str
    area: str
    status: str
    host: str | None
    remaining: tuple[str, ...]
    remaining_names: tuple[str, ...]
    new_host_candidates: tuple[HostCandidate, ...]
    annual_cost: float | None
    cost_to_redistribute: float | None
    split: str | None
    increase: tuple[MemberIncrease, ...]
    notice_months: int | float | None
    earliest_end: dt.date | None
    checklist: tuple[ChecklistItem, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "namn": self.name, "form": self.form, "omrade": self.area,
            "status": self.status, "host": self.host, "remaining": list(self.remaining),
            "remaining_names": list(self.remaining_names),
            "new_host_candidates": [c.to_dict() for c in self.new_host_candidates],
            "annual_cost": _clean(self.annual_cost),
            "cost_to_redistribute": _clean(self.cost_to_redistribute),
            "split": self.split,
            "increase": [i.to_dict() for i in self.increase],
            "notice_months": _clean(self.notice_months),
            "earliest_end": _clean(self.earliest_end),
        }


@dataclass(frozen=True)
class FunctionToRebuild:
    """A task the leaver got from someone else and must now provide or buy itself."""

    id: str
    name: str
    area: str
    form: str
    provider: str | None
    provider_name: str
    notice_months: int | float | None
    earliest_end: dt.date | None
    staff: float | None = None  # no source gives staff numbers yet

    def to_dict(self) -> dict[str, Any]:
        data = _as_dict(self)
        data["namn"] = data.pop("name")
        data["omrade"] = data.pop("area")
        return data


@dataclass(frozen=True)
class LostProvider:
    """A municipality left with no provider in an area where it had one before."""

    party_id: str
    name: str
    area: str
    provider: str
    provider_name: str
    arrangement_ids: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self, {**_PARTY_KEYS, "area": "omrade"})


@dataclass(frozen=True)
class MunicipalityFigures:
    party_id: str
    name: str
    n_partners: int
    dependency_share: float
    provider_hhi: float

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self, _PARTY_KEYS)


@dataclass(frozen=True)
class NetworkFigures:
    """Network-level figures and the figures of every affected municipality."""

    n_components: int
    n_parties: int
    n_arrangements: int
    municipalities: tuple[MunicipalityFigures, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_components": self.n_components, "n_parties": self.n_parties,
            "n_arrangements": self.n_arrangements,
            "municipalities": [m.to_dict() for m in self.municipalities],
        }

    def by_party(self) -> dict[str, MunicipalityFigures]:
        return {m.party_id: m for m in self.municipalities}


def _n_components(index: _Index) -> int:
    """Connected components of the co-membership graph among member parties."""
    import networkx as nx

    graph = nx.Graph()
    for members in index.members.values():
        ordered = sorted(members)
        graph.add_nodes_from(ordered)
        # a star per arrangement connects the same nodes as the full clique
        graph.add_edges_from((ordered[0], m) for m in ordered[1:])
    return nx.number_connected_components(graph)


def _metrics(web: CooperationWeb, party_ids: list[str]) -> pd.DataFrame:
    # imported here so that loading the scenarios module stays cheap at start-up
    from samverkansvav.analysis.metrics import municipality_metrics

    return municipality_metrics(web, party_ids=party_ids)


def _network_figures(web: CooperationWeb, index: _Index, party_ids: list[str]) -> NetworkFigures:
    metrics = _metrics(web, party_ids) if party_ids else pd.DataFrame()
    municipalities = []
    for p in party_ids:
        row = metrics.loc[p] if p in metrics.index else {}
        municipalities.append(MunicipalityFigures(
            party_id=p, name=index.name(p),
            n_partners=int(_number(row.get("n_partners")) or 0),
            dependency_share=round(_number(row.get("dependency_share")) or 0.0, 6),
            provider_hhi=round(_number(row.get("provider_hhi")) or 0.0, 6),
        ))
    return NetworkFigures(
        n_components=_n_components(index), n_parties=len(index.by_party),
        n_arrangements=len(index.rows), municipalities=tuple(municipalities),
    )


def _lost_only_provider(before: _Index, after: _Index, parties: Iterable[str]) -> tuple[LostProvider, ...]:
    """Parties that had a provider in an area before and have none after."""
    def providers_by_area(index: _Index, p: str) -> dict[str, dict[str, list[str]]]:
        result: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for a in index.by_party.get(p, ()):
            provider = index.providers.get(a)
            if provider is not None and provider != p:
                result[index.area(a)][provider].append(a)
        return result

    lost = []
    for p in sorted(set(parties)):
        had, has = providers_by_area(before, p), providers_by_area(after, p)
        for area, providers in sorted(had.items()):
            if has.get(area):
                continue
            for provider, arrs in sorted(providers.items()):
                lost.append(LostProvider(
                    party_id=p, name=before.name(p), area=area, provider=provider,
                    provider_name=before.name(provider), arrangement_ids=tuple(sorted(arrs)),
                ))
    return tuple(lost)


def _without(web: CooperationWeb, leaver: str, arrangement_ids: set[str],
             dissolved: set[str], hostless: set[str]) -> CooperationWeb:
    """The web after ``leaver`` left ``arrangement_ids``."""
    arr = web.arrangements.loc[~web.arrangements["id"].isin(dissolved)].copy()
    arr["host"] = arr["host"].astype(object)
    arr.loc[arr["id"].isin(hostless), "host"] = None
    mem = web.memberships
    gone = (mem["arrangement_id"].isin(arrangement_ids) & (mem["party_id"] == leaver)) | mem[
        "arrangement_id"
    ].isin(dissolved)
    return CooperationWeb(web.parties, arr, mem.loc[~gone], web.sources)


def _increase(index: _Index, a_id: str, remaining: tuple[str, ...], cost: float | None
              ) -> tuple[str, tuple[MemberIncrease, ...]]:
    shares = {r: index.member_value(a_id, r, "share") for r in remaining}
    known = all(s is not None for s in shares.values()) and sum(shares.values()) > 0
    basis = "andel" if known else "lika"
    total = sum(shares.values()) if known else float(len(remaining))
    out = []
    for r in remaining:
        weight = (shares[r] if known else 1.0) / total
        kr = None if cost is None else cost * weight
        own = index.member_value(a_id, r, "annual_cost")
        percent = None if kr is None or not own else 100.0 * kr / own
        out.append(MemberIncrease(
            party_id=r, name=index.name(r), kr=None if kr is None else round(kr, 2),
            percent=None if percent is None else round(percent, 2), basis=basis,
        ))
    return basis, tuple(out)


@dataclass(frozen=True)
class ExitResult:
    """Everything :func:`exit_scenario` finds."""

    kommun: str
    kommun_name: str
    on: dt.date
    arrangements: tuple[ArrangementExit, ...]
    functions_to_rebuild: tuple[FunctionToRebuild, ...]
    before: NetworkFigures
    after: NetworkFigures
    lost_only_provider: tuple[LostProvider, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kommun": self.kommun,
            "namn": self.kommun_name,
            "datum": self.on.isoformat(),
            "arrangements": [a.to_dict() for a in self.arrangements],
            "functions_to_rebuild": [f.to_dict() for f in self.functions_to_rebuild],
            "before": self.before.to_dict(),
            "after": self.after.to_dict(),
            "lost_only_provider": [l.to_dict() for l in self.lost_only_provider],
            "checklist": [
                {"id": a.id, "namn": a.name, "form": a.form,
                 "items": [i.to_dict() for i in a.checklist]}
                for a in self.arrangements
            ],
        }

    def tables(self) -> dict[str, pd.DataFrame]:
        names = {a.id: a.name for a in self.arrangements}
        summary = pd.DataFrame([{
            "Id": a.id, "Samverkan": a.name, "Form": FORM_LABELS.get(a.form, a.form),
            "Område": a.area, "Status": STATUS_LABELS[a.status],
            "Kvarvarande": ", ".join(a.remaining),
            "Föreslagen ny värd": a.new_host_candidates[0].name if a.new_host_candidates else None,
            "Årskostnad (kr)": a.annual_cost,
            "Kostnad att fördela (kr)": a.cost_to_redistribute,
            "Uppsägningstid (mån)": a.notice_months, "Tidigaste slut": a.earliest_end,
        } for a in self.arrangements], columns=_SUMMARY_COLUMNS)
        costs = pd.DataFrame([{
            "Samverkan": a.name, "Kommunkod": i.party_id, "Kommun": i.name,
            "Ökning (kr)": i.kr, "Ökning (%)": i.percent,
            "Fördelning": "efter andel" if i.basis == "andel" else "lika delar",
        } for a in self.arrangements for i in a.increase], columns=_COST_COLUMNS)
        candidates = _candidate_table(
            (names[a.id], a.new_host_candidates) for a in self.arrangements
        )
        rebuild = pd.DataFrame([{
            "Id": f.id, "Samverkan": f.name, "Område": f.area,
            "Form": FORM_LABELS.get(f.form, f.form), "Tidigare utförare": f.provider_name,
            "Uppsägningstid (mån)": f.notice_months, "Tidigaste slut": f.earliest_end,
            "Personal": f.staff,
        } for f in self.functions_to_rebuild], columns=_REBUILD_COLUMNS)
        return {
            "Samverkan": summary,
            "Kostnadsfördelning": costs,
            "Värdkandidater": candidates,
            "Att bygga upp": rebuild,
            "Före och efter": _before_after_table(self.before, self.after),
            "Nätverk": _network_table(self.before, self.after),
            "Förlorar enda utförare": _lost_table(self.lost_only_provider),
            "Checklista": _checklist_table((a.name, a.form, a.checklist) for a in self.arrangements),
        }

    def to_text(self) -> str:
        """A readable Swedish summary (the CLI's text format)."""
        lines = [f"Utträde: {self.kommun_name} ({self.kommun}) per {self.on.isoformat()}", ""]
        if not self.arrangements:
            lines.append("Kommunen är inte med i någon pågående samverkan.")
        for a in self.arrangements:
            lines.append(f"* {a.name} [{FORM_LABELS.get(a.form, a.form)}, {a.area}]: "
                         f"{STATUS_LABELS[a.status]}")
            lines.append(f"  Kvarvarande: {', '.join(a.remaining_names) or 'inga'}")
            if a.new_host_candidates:
                ranked = ", ".join(f"{c.name} ({c.score:g})" for c in a.new_host_candidates[:3])
                lines.append(f"  Möjliga nya värdar: {ranked}")
            if a.increase and a.cost_to_redistribute is None:
                lines.append("  Kostnad att fördela: okänd (kommunens årskostnad saknas)")
            elif a.increase:
                lines.append(f"  Kostnad att fördela: {_kr(a.cost_to_redistribute)} "
                             f"({'efter andel' if a.split == 'andel' else 'lika delar'})")
                for i in a.increase:
                    lines.append(f"    {i.name}: +{_kr(i.kr)} ({_pct(i.percent)})")
            end = a.earliest_end.isoformat() if a.earliest_end else "okänt"
            notice = "okänd" if a.notice_months is None else f"{a.notice_months} mån"
            lines.append(f"  Uppsägningstid: {notice}; tidigaste slut: {end}")
        if self.functions_to_rebuild:
            lines += ["", "Uppgifter att bygga upp eller köpa på nytt:"]
            for f in self.functions_to_rebuild:
                lines.append(f"* {f.area}: {f.name} (utförare {f.provider_name})")
        lines += ["", f"Nätverket: {self.before.n_components} → {self.after.n_components} "
                      "sammanhängande delar"]
        after = self.after.by_party()
        for m in self.before.municipalities:
            a = after[m.party_id]
            lines.append(f"  {m.name}: partner {m.n_partners} → {a.n_partners}, beroendeandel "
                         f"{m.dependency_share:.2f} → {a.dependency_share:.2f}")
        if self.lost_only_provider:
            lines += ["", "Förlorar sin enda utförare inom ett område:"]
            for l in self.lost_only_provider:
                lines.append(f"* {l.name}: {l.area} (tidigare {l.provider_name})")
        return "\n".join(lines)


_SUMMARY_COLUMNS = ["Id", "Samverkan", "Form", "Område", "Status", "Kvarvarande",
                    "Föreslagen ny värd", "Årskostnad (kr)", "Kostnad att fördela (kr)",
                    "Uppsägningstid (mån)", "Tidigaste slut"]
_COST_COLUMNS = ["Samverkan", "Kommunkod", "Kommun", "Ökning (kr)", "Ökning (%)", "Fördelning"]
_REBUILD_COLUMNS = ["Id", "Samverkan", "Område", "Form", "Tidigare utförare",
                    "Uppsägningstid (mån)", "Tidigaste slut", "Personal"]


def _candidate_table(groups: Iterable[tuple[str, tuple[HostCandidate, ...]]]) -> pd.DataFrame:
    return pd.DataFrame([{
        "Samverkan": name, "Rang": rank, "Kommunkod": c.party_id, "Kommun": c.name,
        "Poäng": c.score, "Underlag": " ".join(c.evidence),
    } for name, cands in groups for rank, c in enumerate(cands, start=1)],
        columns=["Samverkan", "Rang", "Kommunkod", "Kommun", "Poäng", "Underlag"])


def _before_after_table(before: NetworkFigures, after: NetworkFigures) -> pd.DataFrame:
    after_by = after.by_party()
    return pd.DataFrame([{
        "Kommunkod": m.party_id, "Kommun": m.name,
        "Partner före": m.n_partners, "Partner efter": after_by[m.party_id].n_partners,
        "Beroendeandel före": m.dependency_share,
        "Beroendeandel efter": after_by[m.party_id].dependency_share,
        "Koncentration (HHI) före": m.provider_hhi,
        "Koncentration (HHI) efter": after_by[m.party_id].provider_hhi,
    } for m in before.municipalities], columns=[
        "Kommunkod", "Kommun", "Partner före", "Partner efter", "Beroendeandel före",
        "Beroendeandel efter", "Koncentration (HHI) före", "Koncentration (HHI) efter"])


def _network_table(before: NetworkFigures, after: NetworkFigures) -> pd.DataFrame:
    return pd.DataFrame({
        "Mått": ["Sammanhängande delar", "Aktörer med samverkan", "Samverkan"],
        "Före": [before.n_components, before.n_parties, before.n_arrangements],
        "Efter": [after.n_components, after.n_parties, after.n_arrangements],
    })


def _lost_table(lost: tuple[LostProvider, ...]) -> pd.DataFrame:
    return pd.DataFrame([{
        "Kommunkod": l.party_id, "Kommun": l.name, "Område": l.area,
        "Tidigare utförare": l.provider_name, "Samverkan": ", ".join(l.arrangement_ids),
    } for l in lost], columns=["Kommunkod", "Kommun", "Område", "Tidigare utförare", "Samverkan"])


def _checklist_table(groups: Iterable[tuple[str, str, tuple[ChecklistItem, ...]]]) -> pd.DataFrame:
    return pd.DataFrame([{
        "Samverkan": name, "Form": FORM_LABELS.get(form, form), "Ämne": i.topic,
        "Fråga": i.question, "Hänvisning": i.reference,
    } for name, form, items in groups for i in items],
        columns=["Samverkan", "Form", "Ämne", "Fråga", "Hänvisning"])


def exit_scenario(
    web: CooperationWeb,
    kommun: str,
    *,
    arrangement_ids: Iterable[str] | None = None,
    on: dt.date | None = None,
) -> ExitResult:
    """What happens when ``kommun`` leaves a set of its arrangements.

    Parameters
    ----------
    web
        The cooperation web; only arrangements and memberships current on ``on``
        are considered.
    kommun
        Party id of the leaver (resolve names first, e.g. with ``PartyResolver``).
    arrangement_ids
        The arrangements it leaves; default every current arrangement it is in.
    on
        Analysis date (default today); notice periods run from it.

    Returns
    -------
    ExitResult
        Per arrangement the status (``upplöses`` when fewer than two members
        remain, ``saknar_värd`` when the leaver was the host, else
        ``fortsätter``), the remaining members, ranked candidate hosts, the
        leaver's annual cost and each remaining member's increase (by known
        shares, else equal split; percent of the member's own cost when known),
        notice and earliest end; the functions the leaver must rebuild; network
        figures before and after; and who loses its only provider in an area.

    Raises
    ------
    ValueError
        When an id in ``arrangement_ids`` is not a current arrangement of
        ``kommun``.
    """
    on = on or dt.date.today()
    current = web.current_on(on)
    before = _Index(current)
    own = before.by_party.get(kommun, set())
    if arrangement_ids is None:
        chosen = set(own)
    else:
        chosen = {str(a) for a in arrangement_ids}
        unknown = sorted(chosen - own)
        if unknown:
            raise ValueError(
                f"{before.name(kommun)} ({kommun}) är inte med i pågående samverkan "
                f"{', '.join(unknown)} per {on.isoformat()}."
            )
    exits: list[ArrangementExit] = []
    rebuild: list[FunctionToRebuild] = []
    dissolved, hostless = set(), set()
    for a_id in sorted(chosen, key=lambda a: (before.name(a).casefold(), a)):
        row = before.rows[a_id]
        form = str(row["form"])
        host = before.host(a_id)
        remaining = tuple(sorted(before.members[a_id] - {kommun}))
        was_host = host == kommun
        if len(remaining) < 2:
            status = DISSOLVES
            dissolved.add(a_id)
        elif was_host:
            status = NO_HOST
            hostless.add(a_id)
        else:
            status = CONTINUES
        candidates = (
            _rank_candidates(before, a_id, remaining) if status == NO_HOST else ()
        )
        cost = before.member_value(a_id, kommun, "annual_cost")
        if status == DISSOLVES:
            split, increase, to_spread = None, (), None
        else:
            split, increase = _increase(before, a_id, remaining, cost)
            to_spread = cost
        notice = _months(row.get("notice_months"))
        earliest = _earliest_end(on, notice, _date(row.get("end")))
        exits.append(ArrangementExit(
            id=a_id, name=before.name(a_id), form=form, area=before.area(a_id), status=status,
            host=host, remaining=remaining,
            remaining_names=tuple(before.name(r) for r in remaining),
            new_host_candidates=candidates, annual_cost=cost,
            cost_to_redistribute=to_spread, split=split, increase=increase,
            notice_months=notice, earliest_end=earliest,
            checklist=tuple(checklist_for(form, host_leaves=was_host) if form in FORMS else ()),
        ))
        provider = before.providers.get(a_id)
        if form != "informell" and provider != kommun:
            rebuild.append(FunctionToRebuild(
                id=a_id, name=before.name(a_id), area=before.area(a_id), form=form,
                provider=provider, provider_name=before.name(provider),
                notice_months=notice, earliest_end=earliest,
            ))
    after_web = _without(current, kommun, chosen, dissolved, hostless)
    after = _Index(after_web)
    affected = sorted({kommun}.union(*(before.members[a] for a in chosen)) if chosen else {kommun})
    return ExitResult(
        kommun=kommun, kommun_name=before.name(kommun), on=on, arrangements=tuple(exits),
        functions_to_rebuild=tuple(rebuild),
        before=_network_figures(current, before, affected),
        after=_network_figures(after_web, after, affected),
        lost_only_provider=_lost_only_provider(before, after, set(affected) - {kommun}),
    )


# ================================================================== host stops
@dataclass(frozen=True)
class HostedArrangement:
    """One arrangement the stopping host provided."""

    id: str
    name: str
    form: str
    area: str
    status: str
    dependents: tuple[str, ...]
    new_host_candidates: tuple[HostCandidate, ...]
    notice_months: int | float | None
    earliest_end: dt.date | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "namn": self.name, "form": self.form, "omrade": self.area,
            "status": self.status, "dependents": list(self.dependents),
            "new_host_candidates": [c.to_dict() for c in self.new_host_candidates],
            "notice_months": _clean(self.notice_months),
            "earliest_end": _clean(self.earliest_end),
        }


@dataclass(frozen=True)
class DependentLoss:
    """What one dependent municipality loses when the host stops."""

    party_id: str
    name: str
    arrangements: tuple[tuple[str, str, str], ...]  # (id, name, area)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kommunkod": self.party_id, "namn": self.name,
            "loses": [{"id": i, "namn": n, "omrade": a} for i, n, a in self.arrangements],
        }


@dataclass(frozen=True)
class HostStopResult:
    """Everything :func:`host_stops` finds."""

    host: str
    host_name: str
    on: dt.date
    arrangements: tuple[HostedArrangement, ...]
    dependents: tuple[DependentLoss, ...]
    lost_only_provider: tuple[LostProvider, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "host": self.host, "namn": self.host_name, "datum": self.on.isoformat(),
            "arrangements": [a.to_dict() for a in self.arrangements],
            "dependents": [d.to_dict() for d in self.dependents],
            "lost_only_provider": [l.to_dict() for l in self.lost_only_provider],
        }

    def tables(self) -> dict[str, pd.DataFrame]:
        summary = pd.DataFrame([{
            "Id": a.id, "Samverkan": a.name, "Form": FORM_LABELS.get(a.form, a.form),
            "Område": a.area, "Status": STATUS_LABELS[a.status],
            "Beroende kommuner": ", ".join(a.dependents),
            "Föreslagen ny värd": a.new_host_candidates[0].name if a.new_host_candidates else None,
            "Uppsägningstid (mån)": a.notice_months, "Tidigaste slut": a.earliest_end,
        } for a in self.arrangements], columns=[
            "Id", "Samverkan", "Form", "Område", "Status", "Beroende kommuner",
            "Föreslagen ny värd", "Uppsägningstid (mån)", "Tidigaste slut"])
        losses = pd.DataFrame([{
            "Kommunkod": d.party_id, "Kommun": d.name, "Samverkan": n, "Område": area,
        } for d in self.dependents for _, n, area in d.arrangements],
            columns=["Kommunkod", "Kommun", "Samverkan", "Område"])
        return {
            "Värdskap": summary,
            "Beroende kommuner": losses,
            "Värdkandidater": _candidate_table((a.name, a.new_host_candidates)
                                               for a in self.arrangements),
            "Förlorar enda utförare": _lost_table(self.lost_only_provider),
            "Checklista": _checklist_table(
                (a.name, a.form, tuple(checklist_for(a.form, host_leaves=True)))
                for a in self.arrangements
            ),
        }

    def to_text(self) -> str:
        lines = [f"Värden upphör: {self.host_name} ({self.host}) per {self.on.isoformat()}", ""]
        if not self.arrangements:
            lines.append("Kommunen är inte värd för någon pågående samverkan.")
        for a in self.arrangements:
            lines.append(f"* {a.name} [{FORM_LABELS.get(a.form, a.form)}, {a.area}]: "
                         f"{len(a.dependents)} beroende kommuner, {STATUS_LABELS[a.status]}")
            for rank, c in enumerate(a.new_host_candidates[:3], start=1):
                lines.append(f"  {rank}. {c.name} (poäng {c.score:g}): {' '.join(c.evidence)}")
        if self.dependents:
            lines += ["", "Beroende kommuner och vad de förlorar:"]
            for d in self.dependents:
                lines.append(f"* {d.name}: " + ", ".join(f"{n} ({area})"
                                                       for _, n, area in d.arrangements))
        return "\n".join(lines)


def host_stops(web: CooperationWeb, host: str, *, on: dt.date | None = None) -> HostStopResult:
    """What the dependents lose when ``host`` stops providing everything it hosts.

    Every current arrangement of a host-based form (gemensam nämnd,
    avtalssamverkan) whose host is ``host`` is affected. For each: the dependent
    members, whether enough remain to continue with a new host, and the
    dependents ranked as candidate hosts (the same evidence as in
    :func:`exit_scenario`).
    """
    on = on or dt.date.today()
    current = web.current_on(on)
    index = _Index(current)
    hosted = sorted((a for a in index.rows if index.host(a) == host),
                    key=lambda a: (index.name(a).casefold(), a))
    arrangements, losses = [], defaultdict(list)
    dissolved, hostless = set(), set()
    for a_id in hosted:
        dependents = tuple(sorted(index.members[a_id] - {host}))
        status = DISSOLVES if len(dependents) < 2 else NO_HOST
        (dissolved if status == DISSOLVES else hostless).add(a_id)
        row = index.rows[a_id]
        notice = _months(row.get("notice_months"))
        arrangements.append(HostedArrangement(
            id=a_id, name=index.name(a_id), form=str(row["form"]), area=index.area(a_id),
            status=status, dependents=dependents,
            # one dependent left has no one to share a host with: it looks at where_to_join
            new_host_candidates=(
                _rank_candidates(index, a_id, dependents) if status == NO_HOST else ()
            ),
            notice_months=notice, earliest_end=_earliest_end(on, notice, _date(row.get("end"))),
        ))
        for d in dependents:
            losses[d].append((a_id, index.name(a_id), index.area(a_id)))
    after = _Index(_without(current, host, set(hosted), dissolved, hostless))
    return HostStopResult(
        host=host, host_name=index.name(host), on=on, arrangements=tuple(arrangements),
        dependents=tuple(DependentLoss(d, index.name(d), tuple(losses[d])) for d in sorted(losses)),
        lost_only_provider=_lost_only_provider(index, after, losses.keys()),
    )


# ================================================================ where to join
def _haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km (mean Earth radius 6 371 km)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@dataclass(frozen=True)
class JoinOption:
    """An existing arrangement in the area the municipality could join."""

    id: str
    name: str
    form: str
    host: str | None
    provider_name: str
    members: tuple[str, ...]
    nearest_member: str | None
    nearest_km: float | None
    mean_km: float | None

    def to_dict(self) -> dict[str, Any]:
        data = _as_dict(self)
        data["namn"] = data.pop("name")
        return data


@dataclass(frozen=True)
class AreaHost:
    """A municipality that already hosts the area."""

    party_id: str
    name: str
    arrangement_ids: tuple[str, ...]
    distance_km: float | None

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self, _PARTY_KEYS)


@dataclass(frozen=True)
class JoinOptions:
    """Result of :func:`where_to_join`."""

    kommun: str
    kommun_name: str
    area: str
    options: tuple[JoinOption, ...]
    hosts: tuple[AreaHost, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kommun": self.kommun, "namn": self.kommun_name, "omrade": self.area,
            "options": [o.to_dict() for o in self.options],
            "hosts": [h.to_dict() for h in self.hosts],
        }

    def tables(self) -> dict[str, pd.DataFrame]:
        options = pd.DataFrame([{
            "Id": o.id, "Samverkan": o.name, "Form": FORM_LABELS.get(o.form, o.form),
            "Utförare": o.provider_name, "Medlemmar": ", ".join(o.members),
            "Närmaste medlem": o.nearest_member, "Avstånd (km)": o.nearest_km,
            "Medelavstånd (km)": o.mean_km,
        } for o in self.options], columns=[
            "Id", "Samverkan", "Form", "Utförare", "Medlemmar", "Närmaste medlem",
            "Avstånd (km)", "Medelavstånd (km)"])
        hosts = pd.DataFrame([{
            "Kommunkod": h.party_id, "Kommun": h.name, "Samverkan": ", ".join(h.arrangement_ids),
            "Avstånd (km)": h.distance_km,
        } for h in self.hosts], columns=["Kommunkod", "Kommun", "Samverkan", "Avstånd (km)"])
        return {"Att ansluta till": options, "Värdar i området": hosts}


def where_to_join(
    web: CooperationWeb, kommun: str, area: str, *, on: dt.date | None = None
) -> JoinOptions:
    """Existing arrangements in ``area`` that ``kommun`` is not in, and the area's hosts.

    Options are sorted by the distance from ``kommun`` to the nearest member
    (haversine on the parties' lat/lon; unknown distances last), then by form in
    the order of :data:`~samverkansvav.model.FORMS`, then by name. Informal
    networks are included (joining one is cheap). Area names are compared
    case-insensitively.
    """
    on = on or dt.date.today()
    index = _Index(web.current_on(on))
    wanted = area.strip().casefold()
    origin = index.coords.get(kommun)

    def distance(pid: str) -> float | None:
        target = index.coords.get(pid)
        if origin is None or target is None:
            return None
        return round(_haversine_km(origin, target), 1)

    options = []
    hosts: dict[str, list[str]] = defaultdict(list)
    for a_id, row in index.rows.items():
        if index.area(a_id).strip().casefold() != wanted:
            continue
        host = index.host(a_id)
        if host is not None and host != kommun:
            hosts[host].append(a_id)
        members = tuple(sorted(index.members[a_id]))
        if kommun in members:
            continue
        distances = {m: distance(m) for m in members}
        known = {m: d for m, d in distances.items() if d is not None}
        nearest = min(known, key=lambda m: (known[m], m)) if known else None
        options.append(JoinOption(
            id=a_id, name=index.name(a_id), form=str(row["form"]), host=host,
            provider_name=index.name(index.providers.get(a_id)) if index.providers.get(a_id)
            # A host-based form without a named host has a provider nobody wrote down;
            # informal cooperation has none at all.
            else ("ej angiven" if row["form"] in HOST_FORMS else "ingen"),
            members=members, nearest_member=nearest,
            nearest_km=known[nearest] if nearest else None,
            mean_km=round(sum(known.values()) / len(known), 1) if known else None,
        ))
    form_rank = {f: i for i, f in enumerate(FORMS)}
    options.sort(key=lambda o: (o.nearest_km is None, o.nearest_km or 0.0,
                                form_rank.get(o.form, len(FORMS)), o.name.casefold(), o.id))
    area_hosts = sorted(
        (AreaHost(h, index.name(h), tuple(sorted(a)), distance(h)) for h, a in hosts.items()),
        key=lambda h: (h.distance_km is None, h.distance_km or 0.0, h.party_id),
    )
    return JoinOptions(kommun=kommun, kommun_name=index.name(kommun), area=area,
                       options=tuple(options), hosts=tuple(area_hosts))
