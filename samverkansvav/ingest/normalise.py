"""Normalise: clean cells to values, once per distinct cell, with every problem reported.

Shared by both layouts: :func:`parse_values` and :func:`parse_dates` turn a column
into values (dates, amounts, shares, months, statuses), :func:`arrangement_values`
gives the arrangement-level fields (name, form, area, dates, key) of a table, and
:func:`resolve_party` / :func:`resolve_host` turn a name into a party id. Problems
go to ``state.out`` with the Excel row; an arrangement with an error of its own is
added to ``state.bad_keys``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, repeat
from operator import itemgetter
from typing import Any

import numpy as np
import pandas as pd

from samverkansvav.ingest.cells import cell_text, map_unique, object_array, short_text, stripped_cells
from samverkansvav.ingest.extract import Columns
from samverkansvav.ingest.limits import limits, names_too_long
from samverkansvav.ingest.state import SheetState
from samverkansvav.ingest.values import (
    MAX_YEAR,
    MIN_YEAR,
    accepted_forms_text,
    is_blank,
    is_open_ended,
    normalise_areas,
    normalise_form,
    normalise_status,
    parse_amount,
    parse_date,
    parse_months,
    slugify,
    year_from_number,
)
from samverkansvav.model import AREA_SEPARATOR
from samverkansvav.reference.names import is_collective_term
from samverkansvav.report import ERROR, INFO, WARNING
from samverkansvav.vocabulary import field_label

__all__ = [
    "ARRANGEMENT_FIELDS",
    "HINTS",
    "LONG_LABELS",
    "amount_parser",
    "arrangement_key",
    "arrangement_values",
    "parse_dates",
    "parse_status_cell",
    "parse_numbers",
    "parse_values",
    "PlainNumbers",
    "PLAIN_SHARES",
    "plain_amounts",
    "plain_amount",
    "plain_share",
    "reporter_for",
    "resolve_host",
    "resolve_party",
]


def parse_values(
    state: SheetState,
    table: pd.DataFrame,
    fld: str,
    func: Callable[[Any], tuple[Any, str | None]],
    cols: Columns,
    *,
    what: str,
    keys: list | None = None,
    level: str = ERROR,
    plain: Callable[[float], tuple[Any, str | None]] | None = None,
    codes: ColumnCodes | None = None,
    parse_all: Callable[[list], list[tuple[Any, str | None]]] | None = None,
) -> list:
    """Apply a ``(value, problem)`` parser per distinct cell; problems become errors.

    ``plain``, when given, is what ``func`` returns for plain decimal text
    (``"1250"``, ``"17,5"``) as a function of its float: such cells skip ``func``.
    ``parse_all``, when given, parses the list of distinct values at once (what
    ``func`` gives for each). ``codes``: the fields' ``factorize_cells`` of ``table``
    when known (see :func:`arrangement_values`).
    """
    if fld not in table:
        return [None] * len(table)
    codes, uniques = _column_codes(state, table, fld, codes)
    if parse_all is not None:
        parsed = parse_all(uniques.tolist())
    elif plain is None:
        parsed = [func(u) for u in uniques.tolist()]
    else:
        parsed = _parsed_with_plain(uniques.tolist(), func, plain)
    parsed.append(func(None) if (codes < 0).any() else (None, None))
    codes = np.where(codes < 0, len(parsed) - 1, codes)
    values = object_array([value for value, _ in parsed])[codes].tolist()
    problems = {k: problem for k, (_, problem) in enumerate(parsed) if problem}
    _report_problems(state, table, fld, cols, codes, problems, what=what, keys=keys, level=level)
    return values


def _report_problems(
    state: SheetState,
    table: pd.DataFrame,
    fld: str,
    cols: Columns,
    codes: np.ndarray,
    problems: dict[int, str],
    *,
    what: str,
    keys: list | None,
    level: str,
) -> None:
    """One issue per row whose distinct value (``codes``, blank cells included) has a
    problem in ``problems``, in row order as a row-by-row scan would report them."""
    if not problems:
        return
    label = cols.label[fld]
    rows = table["_row"].tolist()
    raw = table[fld].tolist()
    for pos in np.flatnonzero(np.isin(codes, list(problems))).tolist():
        problem = problems[codes[pos]]
        arrangement = keys[pos] if keys else None
        state.out.add(
            level,
            f"bad_{what}",
            f"'{short_text(raw[pos])}' {problem}.",
            HINTS[what],
            row=rows[pos],
            column=label,
            arrangement=state.display_name.get(arrangement) if arrangement else None,
        )
        if arrangement and level == ERROR:
            state.bad_keys.add(arrangement)


@dataclass(frozen=True)
class PlainNumbers:
    """What a number parser gives for plain decimal text, for many texts at once.

    ``values`` maps the texts' floats to the parsed floats and ``rejects`` tells which
    floats the parser refuses with ``problem`` (their value is then ``None``); the
    same answers as the parser's ``plain`` function, one float at a time.
    """

    values: Callable[[np.ndarray], np.ndarray]
    rejects: Callable[[np.ndarray], np.ndarray]
    problem: str


def parse_numbers(
    state: SheetState,
    table: pd.DataFrame,
    fld: str,
    func: Callable[[Any], tuple[Any, str | None]],
    cols: Columns,
    *,
    what: str,
    keys: list | None,
    plain: Callable[[float], tuple[Any, str | None]],
    plain_numbers: PlainNumbers,
) -> Any:
    """:func:`parse_values` of a number column, as a float array with NaN for ``None``
    when every value is a float or ``None`` (the usual column), else as its list.

    The same issues in the same order: distinct plain decimal texts are parsed by
    ``plain_numbers`` in array passes, the other distinct cells by ``func``; a value
    that is no float (or ``None``) sends the whole column through :func:`parse_values`.
    """
    if fld not in table:
        return [None] * len(table)
    codes, uniques = _column_codes(state, table, fld, None)
    blank = func(None) if (codes < 0).any() else (None, None)
    parsed = _parsed_floats([*uniques.tolist()], func, plain_numbers, blank)
    if parsed is None:
        return parse_values(state, table, fld, func, cols, what=what, keys=keys, plain=plain)
    floats, problems = parsed
    codes = np.where(codes < 0, len(floats) - 1, codes)
    _report_problems(state, table, fld, cols, codes, problems, what=what, keys=keys, level=ERROR)
    return floats[codes]


def _parsed_floats(
    values: list,
    func: Callable[[Any], tuple[Any, str | None]],
    plain_numbers: PlainNumbers,
    blank: tuple[Any, str | None],
) -> tuple[np.ndarray, dict[int, str]] | None:
    """Each distinct text's parsed float (NaN for ``None``), then ``blank``'s, and the
    problems by position; ``None`` when a value is not text or a parsed value is no
    float (then only the one-by-one reading gives the column)."""
    if not set(map(type, values)) <= {str}:
        return None
    is_plain = _plain_mask(values)
    floats = np.full(len(values) + 1, np.nan)
    problems: dict[int, str] = {}
    numbers = np.array(_decimal_floats(list(compress(values, is_plain.tolist()))), dtype=float)
    rejected = plain_numbers.rejects(numbers)
    plain_values = plain_numbers.values(numbers)
    plain_values[rejected] = np.nan
    plain_at = np.flatnonzero(is_plain)
    floats[plain_at] = plain_values
    problems.update(dict.fromkeys(plain_at[rejected].tolist(), plain_numbers.problem))
    others = [(k, func(values[k])) for k in np.flatnonzero(~is_plain).tolist()]
    for k, (value, problem) in [*others, (len(values), blank)]:
        if value is not None and type(value) is not float:
            return None
        if value is not None:
            floats[k] = value
        if problem:
            problems[k] = problem
    return floats, problems


#: Each field's ``factorize_cells`` of a table's column, by field.
ColumnCodes = dict[str, tuple[np.ndarray, Any]]


def _column_codes(
    state: SheetState, table: pd.DataFrame, fld: str, codes: ColumnCodes | None
) -> tuple[np.ndarray, Any]:
    """``factorize_cells(table[fld])``: from ``codes`` when given there, else from the state."""
    known = codes.get(fld) if codes is not None else None
    return known if known is not None else state.column_codes(table, fld)


def _parsed_with_plain(
    values: list,
    func: Callable[[Any], tuple[Any, str | None]],
    plain: Callable[[float], tuple[Any, str | None]],
) -> list:
    """``func`` of each value, with plain decimal text given to ``plain`` as its float.

    Plain text holds only digits and one decimal mark, so many such texts are joined,
    turned to floats and handed to ``plain`` in a few C-level passes.
    """
    fullmatch = PLAIN_DECIMAL.fullmatch
    if not values or not set(map(type, values)) <= {str}:
        return [
            plain(float(u.replace(",", "."))) if isinstance(u, str) and fullmatch(u) else func(u)
            for u in values
        ]
    is_plain = _plain_mask(values)
    plain_texts = list(compress(values, is_plain.tolist()))
    plain_parsed = list(map(plain, _decimal_floats(plain_texts)))
    if len(plain_parsed) == len(values):
        return plain_parsed
    # The few other values (blank, with a unit or spaces) are parsed one by one.
    parsed = np.empty(len(values), dtype=object)
    parsed[is_plain] = object_array(plain_parsed)
    for k in np.flatnonzero(~is_plain).tolist():
        parsed[k] = func(values[k])
    return parsed.tolist()


def _plain_mask(texts: list[str]) -> np.ndarray:
    """Which texts are plain decimal text (:data:`PLAIN_DECIMAL`)."""
    fullmatch = PLAIN_DECIMAL.fullmatch
    if "".join(texts).isascii():
        # For ASCII text isdigit is [0-9]+, tested in C: most plain cells are whole
        # numbers, and only the others need the pattern.
        is_plain = np.fromiter(map(str.isdigit, texts), dtype=bool, count=len(texts))
        others = np.flatnonzero(~is_plain)
        is_plain[others] = [bool(fullmatch(texts[k])) for k in others.tolist()]
        return is_plain
    return np.fromiter(map(bool, map(fullmatch, texts)), dtype=bool, count=len(texts))


def _decimal_floats(texts: list[str]) -> list[float]:
    """The float of each plain decimal text (digits, perhaps one "," or "." and digits)."""
    if not texts:
        return []
    joined = "\n".join(texts)
    if "," not in joined and "." not in joined:
        # Whole numbers alone: int reads digits several times faster than float, and
        # float of an int rounds as float of its text does (both correctly).
        try:
            return list(map(float, map(int, texts)))
        except (ValueError, OverflowError):  # beyond int's digit limit or float's range
            pass
    return list(map(float, joined.replace(",", ".").split("\n")))


def parse_dates(
    state: SheetState,
    table: pd.DataFrame,
    fld: str,
    cols: Columns,
    *,
    keys: list,
    period_end: bool = False,
    open_ended: bool = False,
    codes: ColumnCodes | None = None,
) -> list:
    """Dates of one column; end columns also accept "tills vidare" (open end).

    Interpretations are reported as infos: open-ended words once per column (they
    are common and harmless), a year typed as a number on its own row.
    """
    epoch = state.epoch_1904

    def parse(value: Any) -> tuple[dt.date | None, str | None]:
        if open_ended and is_open_ended(value):
            return None, None
        return parse_date(value, epoch_1904=epoch, period_end=period_end)

    values = parse_values(
        state,
        table,
        fld,
        parse,
        cols,
        what="date",
        keys=keys,
        codes=codes,
        parse_all=lambda uniques: _parsed_dates(uniques, parse),
    )
    if fld not in table:
        return values
    codes, uniques = _column_codes(state, table, fld, codes)
    uniques = uniques.tolist()
    open_codes = [k for k, u in enumerate(uniques) if open_ended and is_open_ended(u)]
    # Only numbers are years typed as numbers: a column of text alone has none.
    year_codes = (
        {} if set(map(type, uniques)) <= {str} else {k: year_from_number(u) for k, u in enumerate(uniques)}
    )
    year_codes = {k: y for k, y in year_codes.items() if y is not None}
    if not open_codes and not year_codes:
        return values
    label = cols.label[fld]
    rows = table["_row"].tolist()
    if open_codes:
        hits = np.flatnonzero(np.isin(codes, open_codes)).tolist()
        shown = ", ".join(str(rows[p]) for p in hits[:10]) + (" …" if len(hits) > 10 else "")
        words = ", ".join(f"'{short_text(uniques[k])}'" for k in open_codes[:3]) + (
            " m.fl." if len(open_codes) > 3 else ""
        )
        state.out.add(
            INFO,
            "open_ended",
            f"{words} betyder att avtalet gäller tills vidare; {len(hits)} "
            f"rad{'er' if len(hits) != 1 else ''} läses utan slutdatum (rad {shown}).",
            "Inget att göra. Skriv ett datum om avtalet har ett slutdatum.",
            column=label,
        )
    for pos in np.flatnonzero(np.isin(codes, list(year_codes))).tolist():
        year = year_codes[codes[pos]]
        day = values[pos]
        state.out.add(
            INFO,
            "year_as_date",
            f"Talet {year} tolkades som året {year} ({day.isoformat()}), inte som ett Excel-datum.",
            "Skriv hela datumet (ÅÅÅÅ-MM-DD) om ett annat datum avses.",
            row=rows[pos],
            column=label,
            arrangement=state.display_name.get(keys[pos]) if keys else None,
        )
    return values


def _area_fields(text: str) -> tuple[str | None, tuple[str, ...], bool]:
    """An area cell's normalised areas joined, its unknown areas, and whether the
    joined text is blank (a missing area)."""
    matches = normalise_areas(text) if text else None
    area = AREA_SEPARATOR.join(m.area for m in matches) if matches else None
    unknown = tuple(m.area for m in matches if not m.known) if matches else ()
    return area, unknown, is_blank(area)


def _parsed_dates(values: list, parse: Callable[[Any], tuple[Any, str | None]]) -> list:
    """``parse`` of each value; a list of ISO dates (``2023-07-01``) alone, the usual
    column (beside one empty text for its blank cells), is read by
    ``date.fromisoformat`` in one C-level pass.

    Such text is never open-ended and ``parse_date`` reads it as that same date when
    it exists and its year is in range; anything else goes through ``parse``.
    """
    if values and set(map(type, values)) <= {str}:
        # Distinct values hold "" at most once; list.index finds it in one C scan.
        blank = values.index("") if "" in values else None
        dates = values if blank is None else values[:blank] + values[blank + 1 :]
        if (
            dates
            and ISO_DATES.fullmatch("\n".join(dates))
            and min(dates)[:4] >= str(MIN_YEAR)
            and max(dates)[:4] <= str(MAX_YEAR)
        ):
            try:
                parsed = list(zip(map(dt.date.fromisoformat, dates), repeat(None)))
            except ValueError:  # a day that does not exist, e.g. 2023-02-30
                return [parse(u) for u in values]
            if blank is not None:
                parsed.insert(blank, parse(""))
            return parsed
    return [parse(u) for u in values]


def arrangement_values(
    state: SheetState, table: pd.DataFrame, cols: Columns, *, codes: ColumnCodes | None = None
) -> pd.DataFrame:
    """Arrangement-level values: name, form, area, key; shared by both layouts.

    ``codes``: each field's ``factorize_cells`` of ``table``'s column where known (a
    table of some rows of the cleaned table has no codes in the state); the others
    are taken from the state.
    """
    out = state.out

    def texts(fld: str) -> list[str]:
        """The column's cells as stripped text."""
        return stripped_cells(table[fld], _column_codes(state, table, fld, codes))

    names = texts("name")
    form_raw = texts("form")
    forms = map_unique(pd.Series(form_raw, dtype=object), normalise_form)
    ids = texts("id") if "id" in table else [""] * len(table)
    keys = [arrangement_key(given, name, form_text) for name, form_text, given in zip(names, form_raw, ids)]
    frame = pd.DataFrame(
        {
            "_row": table["_row"].tolist(),
            "_key": keys,
            "name": names,
            "form_raw": form_raw,
            "form": forms,
        },
        index=table.index,
    )
    state.display_name.clear()
    for key, name in zip(keys, names):
        if key is not None:
            state.display_name.setdefault(key, name or key)
    rows = frame["_row"].tolist()
    max_chars = limits().name  # limits.py
    too_long = names_too_long(names, rows, max_chars) if max(map(len, names), default=0) > max_chars else ()
    for row, text, hint in too_long:
        out.add(ERROR, "name_too_long", text, hint, row=row, column=cols.label["name"])
    for pos, (name, form, text, key) in enumerate(zip(names, forms, form_raw, keys)):
        if not name:
            out.add(
                ERROR,
                "missing_name",
                "Arrangemanget saknar namn.",
                "Skriv samverkans namn i kolumnen för namn.",
                row=rows[pos],
                column=cols.label["name"],
            )
            if key:
                state.bad_keys.add(key)
        if form is None:
            message = "Form saknas." if not text else f"Okänd form '{short_text(text)}'."
            out.add(
                ERROR,
                "unknown_form",
                message + f" Godkända former: {accepted_forms_text()}.",
                "Välj en form ur listan (t.ex. gemensam nämnd, kommunalförbund, avtalssamverkan).",
                row=rows[pos],
                column=cols.label["form"],
                arrangement=name or None,
            )
            if key:
                state.bad_keys.add(key)
    if "area" in table:
        area_raw = texts("area")
        # Each area of a list ("Miljö, bygg, fysisk planering") is normalised on its
        # own and the list is stored joined, so the store's schema stays one text;
        # each distinct text once.
        area_fields = map_unique(pd.Series(area_raw, dtype=object), _area_fields)
        frame["area_raw"] = [t or None for t in area_raw]
        frame["area"] = [area for area, _, _ in area_fields]
        frame["area_unknown"] = [unknown for _, unknown, _ in area_fields]
        missing_areas = list(compress(range(len(area_fields)), map(itemgetter(2), area_fields)))
    else:
        frame["area_raw"] = frame["area"] = None
        frame["area_unknown"] = [()] * len(frame)
        missing_areas = []
    for pos in missing_areas:
        out.add(
            WARNING,
            "missing_area",
            "Område saknas.",
            "Fyll i verksamhetsområdet.",
            row=rows[pos],
            column=cols.label["area"],
            arrangement=names[pos] or None,
        )
    keys_list = frame["_key"].tolist()
    frame["start"] = parse_dates(state, table, "start", cols, keys=keys_list, codes=codes)
    frame["end"] = parse_dates(
        state, table, "end", cols, keys=keys_list, period_end=True, open_ended=True, codes=codes
    )
    frame["last_evaluated"] = parse_dates(
        state, table, "last_evaluated", cols, keys=keys_list, period_end=True, codes=codes
    )
    frame["notice_months"] = parse_values(
        state, table, "notice_months", parse_months, cols, what="months", keys=keys_list, codes=codes
    )
    frame["status"] = parse_values(
        state,
        table,
        "status",
        parse_status_cell,
        cols,
        what="status",
        keys=keys_list,
        level=WARNING,
        codes=codes,
    )
    for fld in ("owner", "goal", "source", "note"):
        frame[fld] = [text or None for text in texts(fld)] if fld in table else None
    frame["host_raw"] = texts("host") if "host" in table else ""
    frame["seat_raw"] = texts("seat") if "seat" in table else ""
    frame["reporter_raw"] = texts("reporter") if "reporter" in table else ""
    return frame


def resolve_party(
    state: SheetState,
    text: str,
    *,
    row: int,
    column: str,
    arrangement: str | None,
    key: str | None,
    what: str,
) -> str | None:
    """Resolve one party text; unknown → error with suggestions, fuzzy → info."""
    if is_collective_term(text):
        state.out.add(
            ERROR,
            f"unknown_{what}",
            f"'{short_text(text)}' är ett samlingsnamn, inte en namngiven kommun eller aktör; "
            "det går inte att veta vilka som ingår.",
            "Skriv ut varje medlemskommun med namn (t.ex. 'Umeå, Vännäs, Bjurholm'), "
            "även när samverkan omfattar alla kommuner i länet.",
            row=row,
            column=column,
            arrangement=arrangement,
        )
        if key:
            state.bad_keys.add(key)
        return None
    hit = state.names.resolve(text)
    if hit.party_id is None:
        suggestion = f" Menade du {' eller '.join(hit.suggestions)}?" if hit.suggestions else ""
        state.out.add(
            ERROR,
            f"unknown_{what}",
            f"'{short_text(text)}' matchar ingen känd kommun eller aktör.{suggestion}",
            "Skriv kommunens namn som i SCB:s kommunlista eller ange kommunkoden (fyra siffror).",
            row=row,
            column=column,
            arrangement=arrangement,
        )
        if key:
            state.bad_keys.add(key)
        return None
    if not hit.exact:
        state.out.add(
            INFO,
            "name_interpreted",
            f"'{short_text(text)}' tolkades som {state.names.name_of(hit.party_id)}.",
            "Kontrollera tolkningen; skriv namnet exakt för att slippa meddelandet.",
            row=row,
            column=column,
            arrangement=arrangement,
        )
    return hit.party_id


def resolve_host(
    state: SheetState,
    text: str,
    member_ids: list[str],
    *,
    row: int,
    column: str | None,
    arrangement: str | None,
    key: str,
) -> str | None:
    """The host party of a host cell; prose naming exactly one member is accepted.

    "Skellefteå kommun ansvarar" or "Umeå är värdkommun" name one member: that
    member is the host, said in an info. Anything else is one ``unknown_host``
    error that lists the members to choose from.
    """
    hit = state.names.resolve(text)
    if hit.party_id is not None or is_collective_term(text):
        return resolve_party(
            state, text, row=row, column=column, arrangement=arrangement, key=key, what="host"
        )
    named = state.names.resolver.named_in(text, member_ids) if member_ids else []
    if len(named) == 1:
        state.out.add(
            INFO,
            "name_interpreted",
            f"Värdkommunen '{short_text(text)}' tolkades som {state.names.name_of(named[0])}, "
            "den enda medlemmen som nämns i texten.",
            "Kontrollera tolkningen; skriv bara kommunens namn i kolumnen för att slippa meddelandet.",
            row=row,
            column=column,
            arrangement=arrangement,
        )
        return named[0]
    choices = sorted(state.names.name_of(pid) for pid in member_ids)
    if named:
        problem = (
            "nämner flera medlemmar ("
            + ", ".join(state.names.name_of(p) for p in named)
            + ") och det framgår inte vilken som är värd."
        )
    else:
        suggestion = f" Menade du {' eller '.join(hit.suggestions)}?" if hit.suggestions else ""
        problem = f"matchar ingen känd kommun eller aktör.{suggestion}"
    state.out.add(
        ERROR,
        "unknown_host",
        f"Värdkommunen '{short_text(text)}' {problem}",
        (
            "Skriv värdkommunens namn, en av medlemmarna: " + ", ".join(choices) + "."
            if choices
            else "Skriv kommunens namn som i SCB:s kommunlista eller ange kommunkoden."
        ),
        row=row,
        column=column,
        arrangement=arrangement,
    )
    state.bad_keys.add(key)
    return None


def reporter_for(state: SheetState, text: str, *, row: int, column: str | None) -> str | None:
    if not text:
        return state.reporter_id
    return resolve_party(
        state,
        text,
        row=row,
        column=column or "Rapporterande kommun",
        arrangement=None,
        key=None,
        what="reporter",
    )


@lru_cache(maxsize=65536)
def arrangement_key(given: str, name: str, form_text: str) -> str | None:
    """The arrangement id: the given Id, else a slug of the name and the normalised form."""
    if given:
        return given
    if not name:
        return None
    form = normalise_form(form_text)
    return f"{slugify(name)}--{form or slugify(form_text) or 'okand'}"


#: The fields that describe an arrangement (repeated on each of its rows in the long form).
ARRANGEMENT_FIELDS = (
    "id",
    "name",
    "form",
    "area",
    "host",
    "seat",
    "start",
    "end",
    "status",
    "notice_months",
    "owner",
    "goal",
    "last_evaluated",
    "source",
    "note",
    "reporter",
)
#: How a field is named when an arrangement's rows disagree about it: its word in running
#: text (the raw columns, "<field>_raw", are named as their field).
LONG_LABELS = {
    key: field_label(key.removesuffix("_raw"), text=True)
    for key in (
        "form",
        "area_raw",
        "host_raw",
        "seat_raw",
        "start",
        "end",
        "status",
        "notice_months",
        "owner",
        "goal",
        "last_evaluated",
        "reporter_raw",
        "source",
        "note",
    )
}


#: Plain decimal text: ``parse_amount`` and ``parse_share`` read it as ``float`` with
#: the comma as decimal point, and no unit (the text has no room for one).
PLAIN_DECIMAL = re.compile(r"[0-9]+(?:[.,][0-9]+)?")
#: Lines of ISO dates alone (``2023-07-01``), one per line.
ISO_DATES = re.compile(r"(?:[0-9]{4}-[0-9]{2}-[0-9]{2}\n)*[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NEGATIVE_AMOUNT = "är negativt; en årskostnad kan inte vara negativ"
_SHARE_RANGE = "andelen måste ligga mellan 0 och 100 %"


def plain_amount(factor: float) -> Callable[[float], tuple[float | None, str | None]]:
    """:func:`amount_parser` of plain decimal text, given its float."""

    def plain(number: float) -> tuple[float | None, str | None]:
        number = number * factor
        return (None, _NEGATIVE_AMOUNT) if number < 0 else (number, None)

    return plain


def plain_amounts(factor: float) -> PlainNumbers:
    """:func:`plain_amount` of many floats at once (float products, as one by one)."""
    return PlainNumbers(lambda numbers: numbers * factor, lambda values: values < 0, _NEGATIVE_AMOUNT)


def _share_values(numbers: np.ndarray) -> np.ndarray:
    # Python's round (correctly rounded), as plain_share has it; numpy's may differ.
    return np.array([round(share, 10) for share in (numbers / 100.0).tolist()], dtype=float)


#: :func:`plain_share` of many floats at once.
PLAIN_SHARES = PlainNumbers(_share_values, lambda numbers: ~((numbers >= 0) & (numbers <= 100)), _SHARE_RANGE)


def plain_share(number: float) -> tuple[float | None, str | None]:
    """:func:`parse_share` of plain decimal text, given its float."""
    if not 0 <= number <= 100:
        return None, _SHARE_RANGE
    return round(number / 100.0, 10), None


def amount_parser(factor: float) -> Callable[[Any], tuple[float | None, str | None]]:
    """Amounts under a header with unit ``factor``; a unit written in the cell wins."""

    def parse(value: Any) -> tuple[float | None, str | None]:
        number, problem = parse_amount(value, header_factor=factor)
        if problem or number is None:
            return number, problem
        if number < 0:
            return None, _NEGATIVE_AMOUNT
        return number, None

    return parse


def parse_status_cell(value: Any) -> tuple[str | None, str | None]:
    """A status cell as ``(status, problem)``; blank is no status and no problem."""
    text = cell_text(value).strip()
    if not text:
        return None, None
    status = normalise_status(text)
    if status is None:
        return None, "är ingen känd status (aktiv, avslutad eller planerad)"
    return status, None


#: What to do about a value that could not be read, per kind of value.
HINTS = {
    "date": "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2023-07-01.",
    "amount": "Skriv beloppet som ett tal i kronor, t.ex. 1 250 000 eller 1250000,50.",
    "months": 'Skriv uppsägningstiden i månader, t.ex. 12, "6 månader" eller "1 år".',
    "status": "Skriv aktiv, avslutad eller planerad.",
    "share": "Skriv andelen i procent, t.ex. 17,5 %.",
}
