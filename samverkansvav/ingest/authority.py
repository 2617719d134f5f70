"""Who may say what (DOMAIN §4, authority): a municipality's register speaks for itself.

A municipality's register speaks for its own memberships: its own participation,
its own cost and share, and the arrangements it is a member of. It cannot end,
remove or re-attribute another municipality's membership or cost.

- :func:`authority_issues` checks a register before it is stored as one
  municipality's: rows that do not include that municipality, or that name
  another reporting municipality, are errors for a municipality's register and
  notes for an administrator's regional register (stored, marked as regional).
- The regional merge (:mod:`samverkansvav.ingest.merge`) keeps what each party
  says about itself and records every disagreement as a
  :class:`~samverkansvav.ingest.identity.Disagreement`;
  :func:`disagreement_lines` turns those into the sentences a municipality's
  profile and upload page show ("Falun anger att … avslutades 2020-01-01; ert
  register anger aktiv").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from samverkansvav.ingest.identity import Disagreement
from samverkansvav.ingest.values import is_blank
from samverkansvav.model import CooperationWeb
from samverkansvav.report import ERROR, INFO, Issue, Report

__all__ = ["authority_issues", "disagreement_lines", "concerns", "MAX_LISTED"]

#: Rows named one by one in an authority message; the rest are counted.
MAX_LISTED = 10


def authority_issues(
    web: CooperationWeb,
    kommun: str,
    *,
    regional: bool = False,
    file_name: str | None = None,
    label: Callable[[str], str] = str,
) -> Report:
    """What in ``web`` the municipality ``kommun`` cannot say for itself.

    Errors (``regional=False``): an arrangement whose members do not include
    ``kommun`` (``not_own_arrangement``), and a row whose reporting municipality
    is another (``other_reporter``: its annual cost would be attributed to
    someone else). With ``regional=True`` the same findings are one info line
    each: an administrator's regional register may describe anyone, and is
    stored marked as regional.
    """
    report = Report()
    arr = web.arrangements
    members = web.memberships.groupby("arrangement_id")["party_id"].agg(lambda s: set(s.dropna()))
    level = INFO if regional else ERROR
    not_member: list[str] = []
    other: list[tuple[str, str]] = []
    for arr_id, name, reporter in zip(arr["id"], arr["name"], arr["reported_by"]):
        if kommun not in members.get(arr_id, set()):
            not_member.append(str(name))
        if not is_blank(reporter) and str(reporter) != kommun:
            other.append((str(name), str(reporter)))
    who = label(kommun)
    if not_member:
        listed = ", ".join(f"'{n}'" for n in not_member[:MAX_LISTED])
        more = f" och {len(not_member) - MAX_LISTED} till" if len(not_member) > MAX_LISTED else ""
        if regional:
            text = (
                f"{len(not_member)} samverkan har inte {who} bland medlemmarna ({listed}{more}). "
                "Registret sparas som ett regionalt register från en administratör."
            )
            hint = "Kontrollera att det är ett regionalt register."
        else:
            text = (
                f"{who}s register kan bara beskriva samverkan där {who} är medlem, men "
                f"{len(not_member)} rader har inte {who} bland medlemmarna: {listed}{more}."
            )
            hint = (
                f"Ta bort raderna, eller lägg till {who} bland medlemmarna om kommunen deltar. "
                "Andra kommuners samverkan redovisas i deras egna register."
            )
        report.add(Issue(level, "not_own_arrangement", text, hint, file=file_name))
    if other:
        listed = ", ".join(f"'{n}' ({label(r)})" for n, r in other[:MAX_LISTED])
        more = f" och {len(other) - MAX_LISTED} till" if len(other) > MAX_LISTED else ""
        if regional:
            text = f"{len(other)} rader anger en annan rapporterande kommun: {listed}{more}."
            hint = "Raderna sparas som det regionala registrets uppgifter."
        else:
            text = (
                f"{len(other)} rader anger en annan rapporterande kommun än {who}: {listed}{more}. "
                f"Ett register från {who} kan inte redovisa en annan kommuns kostnad eller medlemskap."
            )
            hint = f"Ta bort kolumnen Rapporterande kommun eller ange {who} på raderna."
        report.add(Issue(level, "other_reporter", text, hint, file=file_name))
    return report


def concerns(disagreement: Disagreement, kommun: str) -> bool:
    """Whether ``kommun`` should be shown ``disagreement`` (it is a member named by anyone)."""
    return kommun in disagreement.concerned or any(who == kommun for who, _ in disagreement.said)


_FIELD_TEXT = {
    "sv": {
        "form": "formen",
        "members": "medlemmarna",
        "host": "värdkommunen",
        "status": "status",
        "end": "slutdatum",
        "membership": "medlemskapet",
    },
    "en": {
        "form": "the form",
        "members": "the members",
        "host": "the host",
        "status": "the status",
        "end": "the end date",
        "membership": "the membership",
    },
}
_NOTHING = {"sv": "inget", "en": "nothing"}


def _value(field: str, value: str | None, label: Callable[[str], str], lang: str) -> str:
    if value is None:
        return _NOTHING[lang]
    if field == "members":
        return ", ".join(label(p.strip()) for p in value.split(",") if p.strip())
    if field == "host":
        return label(value)
    return value


def _claim(
    field: str,
    name: str,
    value: str | None,
    said: Mapping[str, str | None],
    speaker: str,
    label: Callable[[str], str],
    lang: str,
) -> str:
    """One speaker's claim as a clause: "Falun anger att 'X' avslutades 2020-01-01"."""
    who = label(speaker)
    if field == "status" and value == "avslutad":
        end = said.get("__end__")
        when = f" {end}" if end else ""
        return (
            f"{who} anger att '{name}' avslutades{when}"
            if lang == "sv"
            else f"{who} says '{name}' ended{when}"
        )
    shown = _value(field, value, label, lang)
    if lang == "sv":
        return f"{who} anger {_FIELD_TEXT['sv'][field]} {shown} för '{name}'"
    return f"{who} gives {_FIELD_TEXT['en'][field]} of '{name}' as {shown}"


def disagreement_lines(
    found: Iterable[Disagreement], kommun: str, *, label: Callable[[str], str] = str, lang: str = "sv"
) -> list[str]:
    """Sentences for ``kommun``'s profile and upload page, one per disagreement that concerns it.

    When ``kommun`` is among the speakers, the others' claims are set against
    "ert register" (your register); otherwise every claim is listed.

    Examples
    --------
    >>> d = Disagreement("x", "Räddningstjänsten", "status",
    ...                  (("2080", "avslutad"), ("2081", "aktiv")), ("2080", "2081"))
    >>> disagreement_lines([d], "2081", label={"2080": "Falun", "2081": "Borlänge"}.get)
    ["Falun anger att 'Räddningstjänsten' avslutades; ert register anger aktiv."]
    """
    lang = lang if lang in ("sv", "en") else "sv"
    found = list(found)
    ends = {(d.arrangement_id, who): v for d in found if d.field == "end" for who, v in d.said}
    lines: list[str] = []
    for d in found:
        if not concerns(d, kommun):
            continue
        said = dict(d.said)
        name = d.name or d.arrangement_id
        if d.field == "membership":
            claimers = [label(w) for w, v in d.said if v is not None and w != kommun]
            if lang == "sv":
                lines.append(
                    f"{', '.join(claimers)} anger att {label(kommun)} är medlem i '{name}'; "
                    "ert register tar inte upp den samverkan, så den visas inte som er."
                )
            else:
                lines.append(
                    f"{', '.join(claimers)} lists {label(kommun)} as a member of '{name}'; "
                    "your register does not, so it is not shown as yours."
                )
            continue
        if d.field == "end" and any(
            f.field == "status" and f.arrangement_id == d.arrangement_id for f in found
        ):
            continue  # said together with the status
        clauses = []
        for who, value in d.said:
            if who == kommun:
                continue
            extra = {"__end__": ends.get((d.arrangement_id, who))}
            clauses.append(_claim(d.field, name, value, {**said, **extra}, who, label, lang))
        if kommun in said:
            own = _value(d.field, said[kommun], label, lang)
            tail = f"ert register anger {own}" if lang == "sv" else f"your register says {own}"
            lines.append("; ".join(clauses) + f"; {tail}.")
        else:
            lines.append("; ".join(clauses) + ".")
    return lines
