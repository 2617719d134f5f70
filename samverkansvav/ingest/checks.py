"""Checks on one normalised arrangement: warnings and infos.

Errors that make a row unusable (no name, unknown form, too few or unknown members,
a host outside the members, unreadable dates and amounts) are found while the row is
read, because they stop the row from being built. The checks here look at a built
arrangement and explain gaps and legal questions; each finding names the field it is
about so the report can point at the column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from samverkansvav import vocabulary
from samverkansvav.ingest.values import norm_key
from samverkansvav.model import HOST_FORMS, split_areas
from samverkansvav.report import ERROR, INFO, WARNING
from samverkansvav.vocabulary import field_label, form_label

__all__ = [
    "Finding",
    "arrangement_findings",
    "arrangement_findings_flat",
    "samordningsforbund_findings",
    "FOLLOW_UP_FIELDS",
    "required_fields",
    "header_findings",
    "follow_up_columns_finding",
]

#: Fields whose absence is a follow-up gap (follow-up is often missing in practice): goal, owner, evaluation.
FOLLOW_UP_FIELDS: tuple[str, ...] = ("goal", "owner", "last_evaluated")
# How the follow-up sentence names each field: the table's running-text word, except that
# "senast utvärderad" does not fit after "… är inte angivet", so the date is named instead.
_FOLLOW_UP_LABELS = {
    **{f: field_label(f, text=True) for f in FOLLOW_UP_FIELDS},
    "last_evaluated": "datum för senaste utvärdering",
}

_BEREDSKAP_WORDS = ("beredskap", "krisledning", "civilt forsvar", "civil forsvar")
_TAXA_WORDS = ("avgiftstaxa", "taxa ", "taxor", "taxan")


@dataclass(frozen=True)
class Finding:
    """One problem with an arrangement: level, stable code, Swedish message and hint."""

    level: str
    code: str
    message: str
    hint: str
    field: str | None = None


def _mentions(words: tuple[str, ...], *texts: Any) -> bool:
    haystack = _haystack(texts)
    return any(w in haystack for w in _word_keys(words))


def _mentions_each(words: tuple[str, ...], rows: Sequence[tuple[Any, ...]]) -> np.ndarray:
    """``_mentions(words, *texts)`` for each row of texts, searched in one pass.

    The rows' haystacks are joined by newlines, which no normalised text contains, so
    a match never spans two rows and each row holding a word has a match of its own.
    """
    # Texts repeat down a column (areas, goals): each distinct one is normalised once.
    keys_by_column = [_keys_of_texts(column) for column in zip(*rows)]
    haystacks = [" " + " ".join([k for k in keys if k is not None]) + " " for keys in zip(*keys_by_column)]
    found = np.zeros(len(haystacks), dtype=bool)
    if haystacks:
        starts = np.cumsum([0] + [len(h) + 1 for h in haystacks[:-1]])
        at = [m.start() for m in _words_pattern(words).finditer("\n".join(haystacks))]
        found[np.searchsorted(starts, at, side="right") - 1] = True
    return found


def _haystack(texts: Iterable[Any]) -> str:
    """The filled texts normalised, between spaces, where :func:`_mentions` looks for words."""
    return " " + " ".join(_text_key(t) if isinstance(t, str) else norm_key(t) for t in texts if t) + " "


def _keys_of_texts(texts: Sequence[Any]) -> list[str | None]:
    """Each text's key as :func:`_haystack` normalises it; ``None`` for a blank text,
    which :func:`_haystack` leaves out."""
    key_of = {
        t: (_text_key(t) if isinstance(t, str) else norm_key(t)) if t else None for t in dict.fromkeys(texts)
    }
    return [key_of[t] for t in texts]


@lru_cache(maxsize=8)
def _word_keys(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(norm_key(w) for w in words)


@lru_cache(maxsize=8)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, _word_keys(words))))


# Areas, names and goals repeat across a register's arrangements: normalise each once.
@lru_cache(maxsize=8192)
def _text_key(text: str) -> str:
    return norm_key(text)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value == ""


def _blank_each(arrs: Sequence[dict], fld: str) -> list[bool]:
    """:func:`_blank` of each record's ``fld``, the test written out (a register has
    thousands of records)."""
    values = [arr.get(fld) for arr in arrs]
    return [bool(v is None or (isinstance(v, float) and v != v) or v == "") for v in values]


def arrangement_findings(arr: dict, *, present_fields: set[str]) -> list[Finding]:
    """Warnings and infos for one arrangement record (model columns).

    ``present_fields`` are the fields the register has a column for; follow-up gaps
    are only reported per arrangement when the column exists (a missing column is
    reported once per file by the caller).

    Examples
    --------
    >>> arr = {"name": "IT-nämnden", "form": "gemensam_namnd", "area": "IT", "host": None}
    >>> [f.code for f in arrangement_findings(arr, present_fields=set())]
    ['host_missing']
    >>> arr = {"name": "Lön", "form": "avtalssamverkan", "area": "löneadministration", "host": "0001",
    ...        "start": __import__("datetime").date(2024, 1, 1),
    ...        "end": __import__("datetime").date(2023, 1, 1)}
    >>> [f.code for f in arrangement_findings(arr, present_fields=set())]
    ['end_before_start', 'lou_check']
    """
    findings: list[Finding] = []
    form = arr.get("form")
    if form in HOST_FORMS and _blank(arr.get("host")):
        findings.append(_host_missing(form))
    if form == "gemensam_namnd" or form == "kommunalforbund":
        findings.extend(_legal_limit_findings(arr, form))
    start, end = arr.get("start"), arr.get("end")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        findings.append(_end_before_start(start, end))
    if form == "avtalssamverkan":
        findings.append(_LOU_CHECK)
    if present_fields:
        missing = tuple(f for f in FOLLOW_UP_FIELDS if f in present_fields and _blank(arr.get(f)))
        if missing:
            findings.append(_missing_follow_up(missing))
    findings.extend(_unknown_area_findings(arr))
    return findings


def _legal_limit_findings(arr: dict, form: str) -> list[Finding]:
    """A gemensam nämnd or kommunalförbund whose area or name texts touch a task the
    form cannot take over (only these forms have legal limits read from the texts)."""
    findings: list[Finding] = []
    area_texts = (arr.get("area"), arr.get("area_raw"), arr.get("name"))
    beredskap = "krisberedskap" in split_areas(arr.get("area")) or _mentions(_BEREDSKAP_WORDS, *area_texts)
    if form == "gemensam_namnd":
        if beredskap:
            findings.append(_GN_BEREDSKAP)
    else:
        if beredskap:
            findings.append(_KF_BEREDSKAP)
        if _mentions(_TAXA_WORDS, *area_texts, arr.get("goal")):
            findings.append(_KF_AVGIFTSTAXA)
    return findings


def _end_before_start(start: dt.date, end: dt.date) -> Finding:
    return Finding(
        WARNING,
        "end_before_start",
        f"Slutdatum {end.isoformat()} ligger före startdatum {start.isoformat()}.",
        "Rätta datumen (de kan ha bytt plats).",
        "end",
    )


def _unknown_area_findings(arr: dict) -> list[Finding]:
    """One info per unknown area of a list; ``area_known`` is the older single-area flag."""
    unknown = arr.get("area_unknown") or ()
    if not unknown and arr.get("area_known") is False and not _blank(arr.get("area_raw")):
        unknown = [arr.get("area_raw")]
    return [
        Finding(
            INFO,
            "unknown_area",
            f"Området '{area}' finns inte i ordlistan och behålls som det är skrivet.",
            "Använd ett område ur mallens lista om något passar, så blir jämförelser mellan kommuner möjliga.",
            "area",
        )
        for area in unknown
    ]


def arrangement_findings_flat(
    arrs: Sequence[dict], *, present_fields: set[str]
) -> tuple[list[int], list[Finding]]:
    """:func:`arrangement_findings` of all the records at once, computed check by check
    (a register has thousands of arrangements and most checks test one field).

    Gives every finding with the position of its record, ordered by position and,
    within a record, as :func:`arrangement_findings` lists them.

    Examples
    --------
    >>> arrs = [{"name": "A", "form": "avtalssamverkan", "host": "0001"}, {"name": "B", "form": "bolag"},
    ...         {"name": "C", "form": "gemensam_namnd", "area": "krisberedskap", "host": None}]
    >>> positions, findings = arrangement_findings_flat(arrs, present_fields=set())
    >>> list(zip(positions, [f.code for f in findings]))
    [(0, 'lou_check'), (2, 'host_missing'), (2, 'gn_beredskap')]
    """
    forms = [arr.get("form") for arr in arrs]
    # One (positions, findings) per check, in the order arrangement_findings makes them;
    # a stable sort by position then gives each record's findings in that order.
    checks: list[tuple[list[int], list[Finding]]] = []
    at = [
        i for i, (form, arr) in enumerate(zip(forms, arrs)) if form in HOST_FORMS and _blank(arr.get("host"))
    ]
    checks.append((at, [_host_missing(forms[i]) for i in at]))
    legal = [i for i, form in enumerate(forms) if form == "gemensam_namnd" or form == "kommunalforbund"]
    beredskap, taxa = _legal_limits_each([arrs[i] for i in legal])
    at = [i for i, found in zip(legal, beredskap) if found]
    checks.append((at, [_GN_BEREDSKAP if forms[i] == "gemensam_namnd" else _KF_BEREDSKAP for i in at]))
    at = [i for i, found in zip(legal, taxa) if found]
    checks.append((at, [_KF_AVGIFTSTAXA] * len(at)))
    starts, ends = [arr.get("start") for arr in arrs], [arr.get("end") for arr in arrs]
    at = [
        i
        for i, (start, end) in enumerate(zip(starts, ends))
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start
    ]
    checks.append((at, [_end_before_start(starts[i], ends[i]) for i in at]))
    at = [i for i, form in enumerate(forms) if form == "avtalssamverkan"]
    checks.append((at, [_LOU_CHECK] * len(at)))
    asked = [f for f in FOLLOW_UP_FIELDS if f in present_fields]
    if asked:
        # Which of the asked fields are blank, as bits: bit j is asked[j].
        missing_bits = sum(np.array(_blank_each(arrs, f), dtype=np.int64) << j for j, f in enumerate(asked))
        at = np.flatnonzero(missing_bits).tolist()
        by_bits = {
            bits: _missing_follow_up(tuple(f for j, f in enumerate(asked) if bits >> j & 1))
            for bits in range(1, 1 << len(asked))
        }
        checks.append((at, [by_bits[bits] for bits in missing_bits[at].tolist()]))
    at, found = [], []
    for i, arr in enumerate(arrs):
        if arr.get("area_unknown") or arr.get("area_known") is False:
            for finding in _unknown_area_findings(arr):
                at.append(i)
                found.append(finding)
    checks.append((at, found))
    positions = np.concatenate([np.asarray(at, dtype=np.intp) for at, _ in checks])
    order = np.argsort(positions, kind="stable")
    findings = [finding for _, found in checks for finding in found]
    return positions[order].tolist(), [findings[k] for k in order.tolist()]


def _legal_limits_each(arrs: Sequence[dict]) -> tuple[list[bool], list[bool]]:
    """For each gemensam nämnd or kommunalförbund: whether :func:`_legal_limit_findings`
    finds beredskap, and (a kommunalförbund) avgiftstaxor; the texts of all of them
    searched at once."""
    area_texts = [(arr.get("area"), arr.get("area_raw"), arr.get("name")) for arr in arrs]
    crisis_area = {
        area: "krisberedskap" in split_areas(area) for area in dict.fromkeys(t[0] for t in area_texts)
    }
    beredskap = [
        crisis_area[texts[0]] or mentioned
        for texts, mentioned in zip(area_texts, _mentions_each(_BEREDSKAP_WORDS, area_texts).tolist())
    ]
    federations = [i for i, arr in enumerate(arrs) if arr.get("form") != "gemensam_namnd"]
    taxa = np.zeros(len(arrs), dtype=bool)
    taxa[federations] = _mentions_each(
        _TAXA_WORDS, [(*area_texts[i], arrs[i].get("goal")) for i in federations]
    )
    return beredskap, taxa.tolist()


# The findings below read the same for every arrangement they concern (findings are
# immutable): each is built once, not once per arrangement of a large register.
@lru_cache(maxsize=32)
def _host_missing(form: str) -> Finding:
    return Finding(
        WARNING,
        "host_missing",
        f"Ingen värdkommun angiven för {form_label(form)}; beroendet kan inte knytas till någon utförare.",
        "Fyll i värdkommunen (den kommun som utför uppgiften eller där nämnden ingår).",
        "host",
    )


_GN_BEREDSKAP = Finding(
    WARNING,
    "gn_beredskap",
    "Gemensam nämnd inom beredskap/krisledning: en gemensam nämnd kan inte ta över "
    "kommunstyrelsens uppgifter vid höjd beredskap (KL 9 kap. 21 §, LEH 2 kap. 2 §).",
    "Kontrollera att nämndens reglemente inte omfattar uppgifter under höjd beredskap.",
    "area",
)
_KF_BEREDSKAP = Finding(
    WARNING,
    "kf_beredskap",
    "Kommunalförbund för beredskap: organisationen för höjd beredskap kan inte lämnas över till ett förbund.",
    "Kontrollera förbundsordningen; beredskapsuppgifterna ska ligga kvar hos kommunerna.",
    "area",
)
_KF_AVGIFTSTAXA = Finding(
    WARNING,
    "kf_avgiftstaxa",
    "Kommunalförbund som beslutar avgiftstaxor: normgivning som taxor kan inte överlåtas till ett förbund.",
    "Låt varje medlemskommuns fullmäktige besluta taxan; förbundet kan ta fram förslag.",
    "area",
)
_LOU_CHECK = Finding(
    INFO,
    "lou_check",
    "Avtalssamverkan: undantaget från upphandling gäller bara om villkoren i LOU 3 kap. 17 § är uppfyllda "
    "(bland annat högst 20 % av verksamheten på den öppna marknaden).",
    "Dokumentera hur villkoren i LOU 3 kap. 17 § är uppfyllda.",
    "form",
)


@lru_cache(maxsize=8)
def _missing_follow_up(missing: tuple[str, ...]) -> Finding:
    labels = ", ".join(_FOLLOW_UP_LABELS[f] for f in missing)
    return Finding(
        INFO,
        "missing_follow_up",
        f"Uppföljning saknas: {labels} är inte angivet.",
        "Ange mål, ansvarig och när samverkan senast utvärderades, så att den kan följas upp.",
        missing[0],
    )


#: The state agencies that must be members of a samordningsförbund (lag (2003:1210) 3 §),
#: recognised by party id or by name.
_FINSAM_AGENCIES: tuple[tuple[str, str], ...] = (
    ("forsakringskassan", "Försäkringskassan"),
    ("arbetsformedlingen", "Arbetsförmedlingen"),
)


def samordningsforbund_findings(members: Iterable[tuple[str, str, Any]]) -> list[Finding]:
    """An error when a samordningsförbund lacks a required kind of member.

    ``members`` are ``(party id, name, kind)`` of its members. Lag (2003:1210) 3 §:
    Försäkringskassan, Arbetsförmedlingen, at least one region and at least one
    municipality must all be members (DOMAIN §3).

    Examples
    --------
    >>> ok = [("forsakringskassan", "Försäkringskassan", "annan"),
    ...       ("arbetsformedlingen", "Arbetsförmedlingen", "annan"),
    ...       ("R12", "Region Skåne", "region"), ("1280", "Malmö", "kommun")]
    >>> samordningsforbund_findings(ok)
    []
    >>> [f.message for f in samordningsforbund_findings(ok[1:3])]  # doctest: +ELLIPSIS
    ['Samordningsförbundet saknar obligatoriska medlemmar: Försäkringskassan och minst en kommun. ...']
    """
    members = list(members)
    keys = {norm_key(pid) for pid, _, _ in members} | {norm_key(name) for _, name, _ in members}
    kinds = {kind for _, _, kind in members}
    missing = [
        label for key, label in _FINSAM_AGENCIES if not any(k == key or k.startswith(key + " ") for k in keys)
    ]
    if "region" not in kinds:
        missing.append("minst en region")
    if "kommun" not in kinds:
        missing.append("minst en kommun")
    if not missing:
        return []
    listed = missing[0] if len(missing) == 1 else ", ".join(missing[:-1]) + " och " + missing[-1]
    return [
        Finding(
            ERROR,
            "finsam_missing_member",
            f"Samordningsförbundet saknar obligatoriska medlemmar: {listed}. Enligt lag (2003:1210) 3 § ska "
            "Försäkringskassan, Arbetsförmedlingen, minst en region och minst en kommun vara medlemmar.",
            "Lägg till de saknade parterna bland medlemmarna, t.ex. 'Försäkringskassan, Arbetsförmedlingen, "
            "Region Skåne', eller rätta formen om det inte är ett samordningsförbund.",
            "members",
        )
    ]


# ------------------------------------------------------------------ columns
def required_fields(fields: Collection[str], *, long_form: bool) -> list[str]:
    """The fields a layout cannot be read without (``vocabulary/fields.csv``): name,
    form and the members (a members list in the wide form; a member code, else a
    member name, in the long form).

    Examples
    --------
    >>> required_fields({"name", "member_code"}, long_form=True)
    ['name', 'form', 'member_code']
    >>> required_fields(set(), long_form=False)
    ['name', 'form', 'members']
    """
    return list(vocabulary.required_fields("long" if long_form else "wide", fields))


def header_findings(
    fields: Collection[str],
    labels: Mapping[str, str],
    *,
    long_form: bool,
    ambiguous: Collection[str] = (),
) -> list[Finding]:
    """What the header row lacks or cannot use (``fields``: the fields it has).

    A missing required column is the only finding when there is one (a field two
    headers could both be, ``ambiguous``, has its own error and is not repeated).
    Otherwise: member dates in the wide form (not read: the row lists all members) and
    a missing area column. A finding's ``field`` is the column to point at, if any.

    Examples
    --------
    >>> [f.code for f in header_findings({"name"}, {}, long_form=False)]
    ['missing_column']
    >>> found = header_findings({"name", "form", "members", "member_end"}, {"member_end": "Till"},
    ...                         long_form=False)
    >>> [(f.code, f.field) for f in found]
    [('member_dates_not_read', 'member_end'), ('missing_area_column', None)]
    """
    missing = [f for f in required_fields(fields, long_form=long_form) if f not in fields]
    if missing:
        shown = [f for f in missing if f not in ambiguous]
        if not shown:
            return []
        return [
            Finding(
                ERROR,
                "missing_column",
                "Kolumn saknas: " + ", ".join(field_label(f) for f in shown) + ".",
                "Lägg till kolumnen med en rubrik från mallen.",
            )
        ]
    findings: list[Finding] = []
    if not long_form:
        for fld in ("member_start", "member_end"):
            if fld in fields:
                findings.append(
                    Finding(
                        WARNING,
                        "member_dates_not_read",
                        f"Kolumnen '{labels[fld]}' gäller en enskild medlem men raden listar alla "
                        "medlemmar; datumen läses inte.",
                        "Skriv medlemmarnas datum på bladet Medlemskap (Medlem från, Medlem till), "
                        "en rad per medlem.",
                        fld,
                    )
                )
    if "area" not in fields:
        findings.append(
            Finding(
                WARNING,
                "missing_area_column",
                "Kolumnen Område saknas; områden blir okända.",
                "Lägg till kolumnen Område (verksamhetsområde).",
            )
        )
    return findings


def follow_up_columns_finding(fields: Collection[str]) -> Finding | None:
    """An info when the register has no column for goal, owner or last evaluation.

    Examples
    --------
    >>> follow_up_columns_finding({"goal"}).message
    'Registret saknar kolumnerna Ansvarig, Senast utvärderad; mål, ansvar och utvärdering kan inte följas upp.'
    >>> follow_up_columns_finding(set(FOLLOW_UP_FIELDS)) is None
    True
    """
    absent = [f for f in FOLLOW_UP_FIELDS if f not in fields]
    if not absent:
        return None
    return Finding(
        INFO,
        "missing_follow_up_columns",
        "Registret saknar kolumnerna "
        + ", ".join(field_label(f) for f in absent)
        + "; mål, ansvar och utvärdering kan inte följas upp.",
        "Lägg till kolumnerna från mallen och fyll i dem.",
    )
