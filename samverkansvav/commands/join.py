"""``python -m samverkansvav join``: which existing arrangements could a municipality join?

Usage::

    python -m samverkansvav join Uddevalla löneadministration        # the embedded demo data
    python -m samverkansvav join 1485 lön register.xlsx --format json
    python -m samverkansvav join "Järfälla kommun" familjerätt --date 2024-06-30

KOMMUN is a kommunkod or a name, resolved as for ``exit``. OMRÅDE is a policy
area as people write it: it is normalised through the register vocabulary
(``lön`` → ``löneadministration``) and then matched, ignoring case, against the
areas of the arrangements current on ``--date``. An area that matches none is an
error listing the known areas. The JSON is :meth:`JoinOptions.to_dict`; the text
is a readable summary in Swedish, or in English with ``--lang en``. Exit codes as for ``exit``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable

__all__ = ["NAME", "HELP", "add_arguments", "run", "match_area"]

NAME = "join"
HELP = "Var kan kommunen ansluta? Befintlig samverkan inom ett område och kommuner som redan är värd."


def _add_area(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "omrade", metavar="OMRÅDE", help="Verksamhetsområde, t.ex. räddningstjänst, överförmyndare eller lön."
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from samverkansvav.commands._scenario import add_common_arguments

    add_common_arguments(parser, after_kommun=_add_area)


def match_area(text: str, areas: Iterable[str]) -> str | None:
    """The area among ``areas`` that ``text`` means, or ``None``.

    The written text is compared ignoring case, first as written and then in its
    canonical form from the register vocabulary (so a synonym finds the area the
    registers normalised to). Areas outside the vocabulary match as written.

    Examples
    --------
    >>> areas = ["löneadministration", "räddningstjänst", "Gravplatser"]
    >>> match_area("Räddningstjänst", areas), match_area("lön", areas)
    ('räddningstjänst', 'löneadministration')
    >>> match_area(" gravplatser ", areas), match_area("skola", areas) is None
    ('Gravplatser', True)
    """
    from samverkansvav.ingest.values import normalise_area

    by_key: dict[str, str] = {}
    for area in sorted({str(a) for a in areas}):
        by_key.setdefault(area.strip().casefold(), area)
    raw = str(text).strip()
    if not raw:
        return None
    if raw.casefold() in by_key:
        return by_key[raw.casefold()]
    canonical = normalise_area(raw)
    if canonical.known and canonical.area.casefold() in by_key:
        return by_key[canonical.area.casefold()]
    # A web area written outside the vocabulary may still normalise to the same area.
    if canonical.known:
        for area in by_key.values():
            other = normalise_area(area)
            if other.known and other.area == canonical.area:
                return area
    return None


def run(args: argparse.Namespace) -> int:
    from samverkansvav import format as fmt
    from samverkansvav.commands._common import EXIT_INPUT_ERRORS, EXIT_OK, write
    from samverkansvav.commands._scenario import load_web_and_party, write_json
    from samverkansvav.scenarios import where_to_join
    from samverkansvav.scenarios.text import join_text

    web, party_id, code = load_web_and_party(args)
    if web is None:
        return code
    on = args.date or dt.date.today()
    current = web.current_on(on)
    known = sorted(
        {str(a) for a in current.arrangements["area"].dropna() if str(a).strip()}, key=str.casefold
    )
    area = match_area(args.omrade, known)
    if area is None:
        listed = ", ".join(known) if known else "inga"
        print(
            f"FEL: området {args.omrade!r} finns inte i någon pågående samverkan per {fmt.date(on, 'sv')}. "
            f"Kända områden: {listed}.",
            file=sys.stderr,
        )
        return EXIT_INPUT_ERRORS
    result = where_to_join(web, party_id, area, on=on)
    if args.format == "json":
        write_json(result)
    else:
        names = {str(k): str(v) for k, v in web.party_names().items() if v is not None}
        write(join_text(result, names=names, on=on, lang=args.lang))
    return EXIT_OK
