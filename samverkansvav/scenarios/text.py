"""The words of a scenario result, in Swedish or English.

The engine (:mod:`.exit`, :mod:`.host_stops`, :mod:`.join`, :mod:`.candidates`)
returns codes and values: a status code, a cost-split code, the counts behind a
candidate's score, whether the host leaves. This module is the one place that turns
them into text a reader sees, for the command line, the web page and the Excel
export alike. Swedish is the default and reads exactly as it always has.

Examples
--------
>>> status_label("saknar_värd", "sv"), status_label("saknar_värd", "en")
('saknar värd', 'no host')
>>> counted("n_arrangements", 1, "en"), counted("n_arrangements", 3, "en")
('1 arrangement', '3 arrangements')
>>> checklist_topic("Förbundsordning", "en"), checklist_topic("Något nytt", "en")
('Federation charter', 'Något nytt')
>>> party_label(None, "okänd", "en"), party_label("1480", "Göteborg", "en")
('unknown', 'Göteborg')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from samverkansvav import format as fmt
from samverkansvav.model import FORMS, HOST_FORMS
from samverkansvav.scenarios.checklists import ChecklistItem, checklist_for, topic_translations
from samverkansvav.scenarios.index import CONTINUES, DISSOLVES, MISSING_PROVIDER, NO_HOST, STATUS_LABELS
from samverkansvav.vocabulary import form_label

__all__ = [
    "PHRASES",
    "phrase",
    "counted",
    "status_label",
    "basis_label",
    "form_name",
    "party_label",
    "option_provider",
    "required_party_label",
    "candidate_evidence",
    "checklist",
    "checklist_topic",
    "exit_text",
    "host_stops_text",
    "join_text",
    "scenario_text",
]

#: Every sentence and word of a scenario outside the checklist table, ``{key: {lang: text}}``.
#: A ``one|many`` text is chosen by :func:`counted`.
PHRASES: dict[str, dict[str, str]] = {
    **{
        f"status.{code}": {"sv": STATUS_LABELS[code], "en": en}
        for code, en in ((DISSOLVES, "dissolves"), (NO_HOST, "no host"), (CONTINUES, "continues"))
    },
    "basis.andel": {"sv": "efter andel", "en": "by share"},
    "basis.befolkning": {"sv": "efter befolkning", "en": "by population"},
    "basis.lika": {"sv": "lika delar", "en": "equal split"},
    "party.kommun": {"sv": "kommun", "en": "municipality"},
    "party.region": {"sv": "region", "en": "region"},
    "unknown_party": {"sv": "okänd", "en": "unknown"},
    "missing_provider": {"sv": "utförare saknas", "en": "provider missing"},
    "not_named": {"sv": "ej angiven", "en": "not named"},
    "no_provider": {"sv": "ingen", "en": "none"},
    "none": {"sv": "inga", "en": "none"},
    "n_arrangements": {"sv": "{n} samverkan|{n} samverkan", "en": "{n} arrangement|{n} arrangements"},
    "n_other": {"sv": "{n} annan|{n} andra", "en": "{n} other arrangement|{n} other arrangements"},
    # host candidates: the evidence behind the score
    "evidence.hosts_same": {
        "sv": "Är redan värd för {other} samverkan inom samma område ({names}).",
        "en": "Already hosts {other} in the same area ({names}).",
    },
    "evidence.hosts_none": {
        "sv": "Är inte värd för någon annan samverkan inom samma område.",
        "en": "Hosts no other arrangement in the same area.",
    },
    "evidence.serves": {
        "sv": "Utför redan andra uppgifter åt {served} av {others} övriga kvarvarande.",
        "en": "Already performs other tasks for {served} of the {others} other remaining members.",
    },
    "evidence.ties": {
        "sv": "Delar {other} samverkan med de övriga kvarvarande.",
        "en": "Shares {other} with the other remaining members.",
    },
    "evidence.population": {"sv": "Befolkning {population}.", "en": "Population {population}."},
    "evidence.population_unknown": {"sv": "Befolkning okänd.", "en": "Population unknown."},
    # the exit as text
    "exit.heading": {"sv": "Utträde: {name} ({kod}) per {date}", "en": "Exit: {name} ({kod}) as of {date}"},
    "exit.nothing": {
        "sv": "Kommunen är inte med i någon pågående samverkan.",
        "en": "The municipality is not in any current arrangement.",
    },
    "exit.remaining": {"sv": "  Kvarvarande: {names}", "en": "  Remaining: {names}"},
    "exit.missing_parties": {
        "sv": "  Saknar efter utträdet: {parties} – förbundet ska träda i likvidation "
        "(lag (2003:1210) 3 och 15 §§)",
        "en": "  Missing after the exit: {parties} – the federation must go into liquidation "
        "(lag (2003:1210) 3 and 15 §§)",
    },
    "exit.candidates": {"sv": "  Möjliga nya värdar: {ranked}", "en": "  Possible new hosts: {ranked}"},
    "exit.cost_unknown": {
        "sv": "  Kostnad att fördela: okänd (kommunens årskostnad saknas)",
        "en": "  Cost to redistribute: unknown (the municipality's annual cost is missing)",
    },
    "exit.cost": {
        "sv": "  Kostnad att fördela: {kr} ({basis})",
        "en": "  Cost to redistribute: {kr} ({basis})",
    },
    "exit.notice": {
        "sv": "  Uppsägningstid: {notice}; tidigaste slut: {end}",
        "en": "  Notice: {notice}; earliest end: {end}",
    },
    "exit.months": {"sv": "{n} mån", "en": "{n} months"},
    "exit.end_unknown": {"sv": "okänt", "en": "unknown"},
    "exit.rebuild": {
        "sv": "Uppgifter att bygga upp eller köpa på nytt:",
        "en": "Tasks to build up or buy anew:",
    },
    "exit.rebuild_item": {
        "sv": "* {area}: {name} (utförare {provider})",
        "en": "* {area}: {name} (provider {provider})",
    },
    "exit.network": {
        "sv": "Nätverket: {before} → {after} sammanhängande delar",
        "en": "The network: {before} → {after} connected groups",
    },
    "exit.party": {
        "sv": "  {name}: partner {before} → {after}, beroendeandel {share_before} → {share_after}{missing}",
        "en": "  {name}: partners {before} → {after}, dependency share {share_before} → {share_after}{missing}",
    },
    "exit.party_missing": {"sv": " ({n} med utförare som saknas)", "en": " ({n} with a missing provider)"},
    "exit.lost": {
        "sv": "Förlorar sin enda utförare inom ett område:",
        "en": "Loses its only provider in an area:",
    },
    "exit.lost_item": {
        "sv": "* {name}: {area} (tidigare {provider})",
        "en": "* {name}: {area} (formerly {provider})",
    },
    "exit.lost_none": {
        "sv": "Ingen kommun står utan utförare inom något område efteråt.",
        "en": "No municipality is left without a provider in any area afterwards.",
    },
    # the host stop as text
    "host.heading": {
        "sv": "Värden upphör: {name} ({kod}) per {date}",
        "en": "Host stops: {name} ({kod}) as of {date}",
    },
    "host.nothing": {
        "sv": "Kommunen är inte värd för någon pågående samverkan.",
        "en": "The municipality hosts no current arrangement.",
    },
    "host.n_dependents": {
        "sv": "{n} beroende kommun|{n} beroende kommuner",
        "en": "{n} dependent municipality|{n} dependent municipalities",
    },
    "host.candidate": {
        "sv": "  {rank}. {name} (poäng {score}): {evidence}",
        "en": "  {rank}. {name} (score {score}): {evidence}",
    },
    "host.dependents": {
        "sv": "Beroende kommuner och vad de förlorar:",
        "en": "Dependent municipalities and what they lose:",
    },
    # joining as text
    "join.heading": {
        "sv": "Ansluta: {name} ({kod}), område {area}, per {date}",
        "en": "Joining: {name} ({kod}), area {area}, as of {date}",
    },
    "join.options": {
        "sv": "Samverkan att ansluta till ({n}), närmast först:",
        "en": "Arrangements to join ({n}), nearest first:",
    },
    "join.option": {
        "sv": "  {i}. {name} ({form}); utförare: {provider}",
        "en": "  {i}. {name} ({form}); provider: {provider}",
    },
    "join.members": {
        "sv": "     medlemmar: {members}; {nearest}",
        "en": "     members: {members}; {nearest}",
    },
    "join.nearest": {"sv": "närmaste medlem {name}, {km}", "en": "nearest member {name}, {km}"},
    "join.no_coordinates": {
        "sv": "avstånd okänt (koordinater saknas)",
        "en": "distance unknown (no coordinates)",
    },
    "join.km_unknown": {"sv": "okänt avstånd", "en": "unknown distance"},
    "join.no_options": {
        "sv": "Ingen pågående samverkan inom {area} som {name} inte redan är med i.",
        "en": "No current arrangement in {area} that {name} is not already in.",
    },
    "join.hosts": {
        "sv": "Kommuner som redan är värd inom området:",
        "en": "Municipalities already hosting the area:",
    },
    "join.host": {
        "sv": "  - {name} ({kod}), {km}: {arrangements}",
        "en": "  - {name} ({kod}), {km}: {arrangements}",
    },
    "join.no_hosts": {
        "sv": "Ingen kommun är värd (gemensam nämnd eller avtalssamverkan) inom området.",
        "en": "No municipality is host (joint committee or contract cooperation) in the area.",
    },
    # the cover sheet of the Excel export
    "cover.item": {"sv": "Uppgift", "en": "Item"},
    "cover.value": {"sv": "Värde", "en": "Value"},
    "cover.name": {"sv": "Om rapporten", "en": "About the report"},
    "cover.scenario": {"sv": "Scenario", "en": "Scenario"},
    "cover.kommun": {"sv": "Kommun", "en": "Municipality"},
    "cover.on": {"sv": "Analysdatum", "en": "Analysis date"},
    "cover.made": {"sv": "Skapad", "en": "Created"},
    "cover.reporters": {"sv": "Uppladdade register", "en": "Uploaded registers"},
    "cover.source": {"sv": "Datakälla", "en": "Data source"},
    "cover.no_sources": {
        "sv": "Samverkansväv (inga källor angivna för de berörda samverkan)",
        "en": "Samverkansväv (no sources given for the arrangements concerned)",
    },
    "cover.missing_sources": {
        "sv": "{n} av {total} berörda samverkan saknar angiven källa.",
        "en": "{n} of the {total} arrangements concerned have no source given.",
    },
    "cover.empty": {"sv": "Tomma delar", "en": "Empty parts"},
    "cover.empty_parts": {"sv": "{parts}: inga rader.", "en": "{parts}: no rows."},
    "cover.amounts": {"sv": "Belopp och andelar", "en": "Amounts and shares"},
    "cover.amounts_text": {
        "sv": "Belopp i kronor per år; andelar i procent. Tom cell = okänt.",
        "en": "Amounts in kronor per year; shares in per cent. Empty cell = unknown.",
    },
    "cover.exit": {"sv": "Utträde: {name} lämnar {arrangements}", "en": "Exit: {name} leaves {arrangements}"},
    "cover.host": {
        "sv": "Värden upphör: {name} slutar utföra {arrangements}",
        "en": "Host stops: {name} stops providing {arrangements}",
    },
    "cover.join": {
        "sv": "Ansluta: var kan {name} ansluta inom {area}?",
        "en": "Joining: where could {name} join in {area}?",
    },
    "cover.groups": {
        "sv": "Grupper av kommuner som hänger ihop genom samverkan",
        "en": "Groups of municipalities linked through cooperation",
    },
}


def phrase(key: str, lang: str, **values: Any) -> str:
    """The phrase ``key`` in ``lang`` (Swedish for any other language), filled with ``values``."""
    entry = PHRASES[key]
    text = entry.get(lang) or entry["sv"]
    return text.format(**values) if values else text


def counted(key: str, n: int, lang: str, **values: Any) -> str:
    """The singular or plural half of a ``one|many`` phrase for ``n``."""
    forms = phrase(key, lang, n=n, **values).split("|")
    return forms[0] if n == 1 or len(forms) == 1 else forms[1]


def status_label(status: str, lang: str) -> str:
    """``upplöses`` / ``saknar värd`` / ``fortsätter`` in ``lang``."""
    return phrase(f"status.{status}", lang)


def basis_label(basis: str | None, lang: str) -> str | None:
    """How a cost is split (``andel``, ``befolkning``, ``lika``) in words; unknown codes as they are."""
    return phrase(f"basis.{basis}", lang) if f"basis.{basis}" in PHRASES else basis


def form_name(form: str, lang: str, *, capital: bool = False) -> str:
    """The legal form in running text (``gemensam nämnd`` / ``joint committee``); ``capital``
    for the start of a cell (``Gemensam nämnd``)."""
    return form_label(form, "en" if lang == "en" else "sv", capital=capital)


def party_label(party_id: str | None, name: str, lang: str) -> str:
    """A party's name, or the words for an unknown party and a provider that has left."""
    if party_id is None:
        return phrase("unknown_party", lang)
    if party_id == MISSING_PROVIDER:
        return phrase("missing_provider", lang)
    return name


def option_provider(option: Any, lang: str) -> str:
    """Who performs a :class:`~.join.JoinOption`: a name, ``not named`` (a host-based form
    without a named host) or ``none`` (informal cooperation has no provider)."""
    if option.provider_name is not None:
        return option.provider_name
    return phrase("not_named" if option.form in HOST_FORMS else "no_provider", lang)


def required_party_label(label: str, lang: str) -> str:
    """A kind of party a samordningsförbund must keep (authorities keep their Swedish names)."""
    key = f"party.{label}"
    return phrase(key, lang) if key in PHRASES else label


def candidate_evidence(candidate: Any, lang: str) -> tuple[str, ...]:
    """The evidence behind a :class:`~.candidates.HostCandidate`'s score, one sentence each."""
    c = candidate
    evidence = []
    if c.same_area_hosted:
        evidence.append(
            phrase(
                "evidence.hosts_same",
                lang,
                other=counted("n_other", c.same_area_hosted, lang),
                names=", ".join(c.same_area_names),
            )
        )
    else:
        evidence.append(phrase("evidence.hosts_none", lang))
    evidence.append(phrase("evidence.serves", lang, served=c.served_members, others=c.n_others))
    evidence.append(phrase("evidence.ties", lang, other=counted("n_other", c.ties, lang)))
    if c.population is None:
        evidence.append(phrase("evidence.population_unknown", lang))
    else:
        evidence.append(phrase("evidence.population", lang, population=fmt.number(c.population, lang)))
    return tuple(evidence)


def checklist(form: str, *, host_leaves: bool, lang: str) -> tuple[ChecklistItem, ...]:
    """The checklist of an arrangement in ``lang`` (none for a form outside the vocabulary)."""
    return tuple(checklist_for(form, host_leaves=host_leaves, lang=lang)) if form in FORMS else ()


def checklist_topic(topic: str, lang: str) -> str:
    """A Swedish checklist topic in ``lang`` (unchanged when the table does not know it)."""
    return topic if lang != "en" else topic_translations().get(topic, topic)


# ------------------------------------------------------------------ command-line text
def _opening(kind: str, name: str, kod: str, result: Any, lang: str) -> list[str]:
    """The heading line, a blank line, and the line for a party with nothing to lose."""
    lines = [phrase(f"{kind}.heading", lang, name=name, kod=kod, date=result.on.isoformat()), ""]
    if not result.arrangements:
        lines.append(phrase(f"{kind}.nothing", lang))
    return lines


def exit_text(result: Any, lang: str = "sv") -> str:
    """A readable summary of an :class:`~.exit.ExitResult` (the CLI's text format)."""
    p = lang
    lines = _opening("exit", result.kommun_name, result.kommun, result, p)
    for a in result.arrangements:
        lines.append(f"* {a.name} [{form_name(a.form, p)}, {a.area}]: {status_label(a.status, p)}")
        lines.append(phrase("exit.remaining", p, names=", ".join(a.remaining_names) or phrase("none", p)))
        if a.missing_parties:
            parties = ", ".join(required_party_label(m, p) for m in a.missing_parties)
            lines.append(phrase("exit.missing_parties", p, parties=parties))
        if a.new_host_candidates:
            ranked = ", ".join(f"{c.name} ({c.score:g})" for c in a.new_host_candidates[:3])
            lines.append(phrase("exit.candidates", p, ranked=ranked))
        if a.increase and a.cost_to_redistribute is None:
            lines.append(phrase("exit.cost_unknown", p))
        elif a.increase:
            lines.append(
                phrase("exit.cost", p, kr=fmt.kr(a.cost_to_redistribute, p), basis=basis_label(a.split, p))
            )
            for i in a.increase:
                lines.append(f"    {i.name}: +{fmt.kr(i.kr, p)} ({fmt.percent(i.percent, p)})")
        end = a.earliest_end.isoformat() if a.earliest_end else phrase("exit.end_unknown", p)
        notice = fmt.unknown(p) if a.notice_months is None else phrase("exit.months", p, n=a.notice_months)
        lines.append(phrase("exit.notice", p, notice=notice, end=end))
    if result.functions_to_rebuild:
        lines += ["", phrase("exit.rebuild", p)]
        for f in result.functions_to_rebuild:
            provider = party_label(f.provider, f.provider_name, p)
            lines.append(phrase("exit.rebuild_item", p, area=f.area, name=f.name, provider=provider))
    lines += [
        "",
        phrase("exit.network", p, before=result.before.n_components, after=result.after.n_components),
    ]
    after = result.after.by_party()
    # Two decimals with a point in both languages: the CLI's figures read as they always have.
    for m in result.before.municipalities:
        a = after[m.party_id]
        missing = phrase("exit.party_missing", p, n=a.n_missing_provider) if a.n_missing_provider else ""
        lines.append(
            phrase(
                "exit.party",
                p,
                name=m.name,
                before=m.n_partners,
                after=a.n_partners,
                share_before=f"{m.dependency_share:.2f}",
                share_after=f"{a.dependency_share:.2f}",
                missing=missing,
            )
        )
    lines.append("")
    if result.lost_only_provider:
        lines.append(phrase("exit.lost", p))
        for x in result.lost_only_provider:
            lines.append(phrase("exit.lost_item", p, name=x.name, area=x.area, provider=x.provider_name))
    else:
        lines.append(phrase("exit.lost_none", p))
    return "\n".join(lines)


def host_stops_text(result: Any, lang: str = "sv") -> str:
    """A readable summary of a :class:`~.host_stops.HostStopResult`."""
    p = lang
    lines = _opening("host", result.host_name, result.host, result, p)
    for a in result.arrangements:
        lines.append(
            f"* {a.name} [{form_name(a.form, p)}, {a.area}]: "
            f"{counted('host.n_dependents', len(a.dependents), p)}, {status_label(a.status, p)}"
        )
        for rank, c in enumerate(a.new_host_candidates[:3], start=1):
            evidence = " ".join(candidate_evidence(c, p))
            lines.append(
                phrase("host.candidate", p, rank=rank, name=c.name, score=f"{c.score:g}", evidence=evidence)
            )
    if result.dependents:
        lines += ["", phrase("host.dependents", p)]
        for d in result.dependents:
            lines.append(f"* {d.name}: " + ", ".join(f"{n} ({area})" for _, n, area in d.arrangements))
    return "\n".join(lines)


def _km(value: float | None, lang: str) -> str:
    return phrase("join.km_unknown", lang) if value is None else f"{fmt.km(value, lang)} km"


def join_text(result: Any, *, names: Mapping[str, str], on: dt.date, lang: str = "sv") -> str:
    """A readable summary of a :class:`~.join.JoinOptions` (``names``: party and arrangement names)."""
    p = lang

    def name(pid: str | None) -> str:
        return phrase("unknown_party", p) if pid is None else names.get(pid, pid)

    lines = [
        phrase(
            "join.heading",
            p,
            name=result.kommun_name,
            kod=result.kommun,
            area=result.area,
            date=on.isoformat(),
        ),
        "",
    ]
    if result.options:
        lines.append(phrase("join.options", p, n=len(result.options)))
        for i, option in enumerate(result.options, start=1):
            members = ", ".join(name(m) for m in option.members) or phrase("none", p)
            nearest = (
                phrase("join.nearest", p, name=name(option.nearest_member), km=_km(option.nearest_km, p))
                if option.nearest_member
                else phrase("join.no_coordinates", p)
            )
            lines.append(
                phrase(
                    "join.option",
                    p,
                    i=i,
                    name=option.name,
                    form=form_name(option.form, p),
                    provider=option_provider(option, p),
                )
            )
            lines.append(phrase("join.members", p, members=members, nearest=nearest))
    else:
        lines.append(phrase("join.no_options", p, area=result.area, name=result.kommun_name))
    lines.append("")
    if result.hosts:
        lines.append(phrase("join.hosts", p))
        for host in result.hosts:
            arrangements = ", ".join(names.get(a, a) for a in host.arrangement_ids)
            lines.append(
                phrase(
                    "join.host",
                    p,
                    name=host.name,
                    kod=host.party_id,
                    km=_km(host.distance_km, p),
                    arrangements=arrangements,
                )
            )
    else:
        lines.append(phrase("join.no_hosts", p))
    return "\n".join(lines)


def scenario_text(result: Any, lang: str = "sv") -> str:
    """The text of an exit or a host stop (joining needs names: :func:`join_text`)."""
    return host_stops_text(result, lang) if hasattr(result, "host") else exit_text(result, lang)
