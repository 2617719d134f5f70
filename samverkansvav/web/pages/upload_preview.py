"""What the upload page shows about a checked register: how it was read and what it changes.

Pure helpers of :mod:`samverkansvav.web.pages.upload` (tests call them directly):

- :func:`sorted_report_frame`: the check report with errors first, then warnings,
  then information, and with command-line words replaced by the page's own.
- :func:`arrangement_frame` / :func:`render_arrangements`: every arrangement of the
  file with form, host and members as they were read, names the reader had to
  guess marked, and rows that do not include the reporting municipality flagged.
- :func:`change_frame`: what changes per arrangement, in words ("Säte: – → Falun").

Examples
--------
>>> level_rank("fel"), level_rank("varning"), level_rank("info"), level_rank("annat")
(0, 1, 2, 3)
>>> page_wording("Ange rapporterande kommun vid uppladdningen (eller --reporter) om det är fel kommun.", "sv")
'Ange rapporterande kommun vid uppladdningen om det är fel kommun.'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
from dash import html

from samverkansvav.vocabulary import field_label as _field_label
from samverkansvav.web.i18n import form_labels, normalise_lang, t

__all__ = [
    "LEVEL_ORDER",
    "level_rank",
    "page_wording",
    "sorted_report_frame",
    "guessed_names",
    "arrangement_frame",
    "render_arrangements",
    "field_label",
    "change_texts",
    "change_frame",
    "conflict_value",
]

#: The order of the check report: what blocks saving first.
LEVEL_ORDER: tuple[str, ...] = ("fel", "varning", "info")

_PARTY_FIELDS = frozenset({"host", "seat"})
_DASH = "–"

# The reader's hints are shared with the command line, which names its flag; on the
# page the municipality chosen in the form is the reporter.
_CLI_WORDS = (
    (re.compile(r"\s*\(eller --reporter\)"), ""),
    (re.compile(r"\(kolumn, cell ovanför rubrikerna eller --reporter\)"), "upload.reporter_places"),
    (re.compile(r"\s*--reporter\b"), ""),
)
_GUESS = re.compile(r"'(?P<raw>[^']+)' tolkades som (?P<name>.+?)(?:, |\. |\.$|$)")


def level_rank(level: str) -> int:
    """Sort key of a report level: errors, warnings, information, anything else."""
    return LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)


def page_wording(text: Any, lang: str) -> Any:
    """A reader message without command-line words (the page's kommun choice is the reporter)."""
    if not isinstance(text, str) or "--" not in text:
        return text
    for pattern, key in _CLI_WORDS:
        text = pattern.sub(lambda _m, key=key: t(key, lang) if key else "", text)
    return text


def sorted_report_frame(frame: pd.DataFrame, lang: str = "sv") -> pd.DataFrame:
    """The report table sorted errors → warnings → info (stable within a level), page wording."""
    if frame.empty:
        return frame
    order = sorted(range(len(frame)), key=lambda i: level_rank(str(frame["level"].iloc[i])))
    out = frame.iloc[order].reset_index(drop=True)
    for column in ("message", "hint"):
        out[column] = [page_wording(v, lang) for v in out[column]]
    return out


def guessed_names(report: Iterable[Any]) -> dict[str, list[tuple[str, str]]]:
    """Arrangement name → ``(as written, read as)`` for every name the reader had to interpret.

    Examples
    --------
    >>> from samverkansvav.report import Issue
    >>> guessed_names([Issue("info", "name_interpreted", "'Borlänges' tolkades som Borlänge.",
    ...                      arrangement="Lönenämnd")])
    {'Lönenämnd': [('Borlänges', 'Borlänge')]}
    """
    out: dict[str, list[tuple[str, str]]] = {}
    for issue in report:
        if getattr(issue, "code", None) != "name_interpreted" or not issue.arrangement:
            continue
        found = _GUESS.search(issue.message)
        if found:
            out.setdefault(str(issue.arrangement), []).append((found["raw"], found["name"].strip()))
    return out


def _name(names: Mapping[str, str], party: Any) -> str:
    if party is None or (not isinstance(party, str) and pd.isna(party)) or str(party) == "":
        return _DASH
    return str(names.get(str(party), party))


def arrangement_frame(
    web: Any,
    kommun: str | None,
    names: Mapping[str, str],
    guesses: Mapping[str, list[tuple[str, str]]],
    lang: str = "sv",
) -> pd.DataFrame:
    """One row per arrangement of the file, as read.

    Columns: ``id``, ``name``, ``form`` (label), ``host`` (name or –), ``members``
    (names, sorted), ``guessed`` (``"'Borlänges' → Borlänge"`` texts), and
    ``includes_reporter`` (whether ``kommun`` is a member; ``True`` when no kommun).
    """
    columns = ["id", "name", "form", "host", "members", "guessed", "includes_reporter"]
    if web is None or web.arrangements.empty:
        return pd.DataFrame(columns=columns)
    forms = form_labels(lang)
    mem = web.memberships
    rows = []
    for rec in web.arrangements.to_dict("records"):
        members = mem.loc[mem["arrangement_id"] == rec["id"], "party_id"].astype(str).tolist()
        shown = sorted((_name(names, p) for p in members), key=str.casefold)
        guessed = [f"'{raw}' → {read}" for raw, read in guesses.get(str(rec["name"]), [])]
        rows.append(
            {
                "id": str(rec["id"]),
                "name": str(rec["name"]),
                "form": forms.get(rec["form"], str(rec["form"])),
                "host": _name(names, rec.get("host")),
                "members": ", ".join(shown),
                "guessed": "; ".join(guessed),
                "includes_reporter": True if not kommun else str(kommun) in members,
            }
        )
    return pd.DataFrame(rows, columns=columns)


def render_arrangements(frame: pd.DataFrame, kommun_name: str | None, lang: str = "sv") -> html.Div:
    """The arrangements as read: a plain table (wraps, prints) with guesses and outsiders marked."""
    n = len(frame)
    outside = int((~frame["includes_reporter"].astype(bool)).sum()) if n else 0
    parts: list = []
    if kommun_name and outside:
        verb = "does" if outside == 1 else "do"  # English only; the Swedish verb has one form
        parts.append(
            html.Div(
                t("upload.outside", lang, n=outside, total=n, kommun=kommun_name, verb=verb),
                className="message message-warning",
                id="upload-outside",
                role="status",
            )
        )
    head = html.Thead(
        html.Tr(
            [
                html.Th(t(k, lang))
                for k in ("upload.col.name", "upload.col.form", "upload.col.host", "upload.col.members")
            ]
        )
    )
    body = []
    for row in frame.to_dict("records"):
        member_cell: list = [row["members"]]
        if row["guessed"]:
            member_cell.append(html.Div(t("upload.guessed", lang, what=row["guessed"]), className="guessed"))
        name_cell: list = [row["name"]]
        if kommun_name and not row["includes_reporter"]:
            name_cell.append(
                html.Div(t("upload.not_member", lang, kommun=kommun_name), className="outside-note")
            )
        classes = " ".join(
            c
            for c in (
                "row-guessed" if row["guessed"] else "",
                "row-outside" if kommun_name and not row["includes_reporter"] else "",
            )
            if c
        )
        body.append(
            html.Tr(
                [html.Td(name_cell), html.Td(row["form"]), html.Td(row["host"]), html.Td(member_cell)],
                className=classes or None,
            )
        )
    parts.append(
        html.Div(
            html.Table([head, html.Tbody(body)], className="upload-read-table"), className="table-scroll"
        )
    )
    return html.Div(parts, id="upload-read")


def field_label(field: str, lang: str = "sv") -> str:
    """The reader-facing name of a changed field (``seat`` → ``Säte``): the field
    table's header in the page's language."""
    return _field_label(field, normalise_lang(lang))


def _value(field: str, value: Any, names: Mapping[str, str], lang: str) -> str:
    if value is None or (not isinstance(value, (str, list, tuple)) and pd.isna(value)) or value == "":
        return _DASH
    if field in _PARTY_FIELDS:
        return _name(names, value)
    if field == "form":
        return form_labels(lang).get(str(value), str(value))
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.date().isoformat() if isinstance(value, pd.Timestamp) else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _records(web: Any) -> dict[str, dict[str, Any]]:
    if web is None:
        return {}
    return {str(r["id"]): r for r in web.arrangements.to_dict("records")}


def _members(web: Any) -> dict[str, set[str]]:
    if web is None:
        return {}
    mem = web.memberships
    return {str(a): set(group["party_id"].astype(str)) for a, group in mem.groupby("arrangement_id")}


def change_texts(
    fields: Iterable[str],
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    members_before: set[str],
    members_after: set[str],
    names: Mapping[str, str],
    lang: str = "sv",
) -> list[str]:
    """One line per changed field: ``"Säte: – → Falun"``, ``"Medlemmar: + Gagnef; − Leksand"``.

    Examples
    --------
    >>> change_texts(["seat"], {"seat": None}, {"seat": "2080"}, set(), set(), {"2080": "Falun"})
    ['Säte: – → Falun']
    >>> change_texts(["members"], {}, {}, {"1", "2"}, {"1", "3"}, {"2": "B", "3": "C"})
    ['Medlemmar: + C; − B']
    """
    lines = []
    for field in fields:
        label = field_label(field, lang)
        if field == "members":
            added = sorted((_name(names, p) for p in members_after - members_before), key=str.casefold)
            gone = sorted((_name(names, p) for p in members_before - members_after), key=str.casefold)
            parts = ([f"+ {', '.join(added)}"] if added else []) + ([f"− {', '.join(gone)}"] if gone else [])
            lines.append(f"{label}: {'; '.join(parts)}")
        elif field == "membership_details":
            lines.append(f"{label}: {t('upload.details_changed', lang)}")
        else:
            old, new = (
                _value(field, before.get(field), names, lang),
                _value(field, after.get(field), names, lang),
            )
            lines.append(f"{label}: {old} → {new}")
    return lines


def change_frame(
    changes: Iterable[Any], old_web: Any, new_web: Any, names: Mapping[str, str], lang: str = "sv"
) -> pd.DataFrame:
    """Columns ``arrangement_id``, ``name``, ``fields`` (the :func:`change_texts` lines joined by "; ")."""
    before, after = _records(old_web), _records(new_web)
    members_before, members_after = _members(old_web), _members(new_web)
    rows = []
    for change in changes:
        aid = str(change.arrangement_id)
        lines = change_texts(
            change.fields,
            before.get(aid, {}),
            after.get(aid, {}),
            members_before.get(aid, set()),
            members_after.get(aid, set()),
            names,
            lang,
        )
        rows.append({"arrangement_id": aid, "name": change.name, "fields": "; ".join(lines)})
    return pd.DataFrame(rows, columns=["arrangement_id", "name", "fields"])


def conflict_value(field: str, text: Any, names: Mapping[str, str], lang: str = "sv") -> str:
    """A conflict's value in words: member ids → names, host id → name, form → label.

    Examples
    --------
    >>> conflict_value("members", "0001, 0002", {"0001": "A", "0002": "B"})
    'A, B'
    >>> conflict_value("host", None, {})
    '–'
    """
    if field == "members":
        parts = [p.strip() for p in str(text or "").split(",") if p.strip()]
        return ", ".join(sorted((_name(names, p) for p in parts), key=str.casefold)) or _DASH
    return _value(field, text, names, lang)
