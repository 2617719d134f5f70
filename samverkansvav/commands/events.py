"""``python -m samverkansvav events``: the history of the web (formed, joined, left, ended).

Usage::

    python -m samverkansvav events                          # every event in the demo data
    python -m samverkansvav events --kommun Kinda --format text
    python -m samverkansvav events register.xlsx --lan 05 --format csv

``--kommun`` keeps the events of the arrangements the municipality has ever been in
(a kommunkod or a name; a misspelt name gets suggestions); ``--lan`` those of
arrangements with a member in the län (a länskod such as ``05`` or a name such as
"Östergötland"). JSON is a list of :meth:`Event.to_dict` objects; CSV has the
columns of :data:`~samverkansvav.analysis.history.EVENT_COLUMNS` (``;`` and
formula-safe, like every export); text is one Swedish line per event. Every event
names its source. Exit codes: 0 ok; 1 input errors (check report, unknown
municipality or län, on stderr); 2 a file cannot be read at all.
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["NAME", "HELP", "add_arguments", "run", "resolve_lan", "events_text"]

NAME = "events"
HELP = "Händelser över tid: när samverkan bildades och avslutades, när kommuner gick med och lämnade."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from samverkansvav.commands._common import add_input_arguments

    add_input_arguments(parser)
    parser.add_argument(
        "--kommun",
        metavar="KOMMUN",
        default=None,
        help="Bara händelser i samverkan där kommunen är eller har varit med.",
    )
    parser.add_argument(
        "--lan",
        metavar="LÄN",
        default=None,
        help="Bara händelser i samverkan med någon medlem i länet (kod eller namn).",
    )
    parser.add_argument(
        "--format", choices=("json", "csv", "text"), default="text", help="Utdataformat (standard: text)."
    )


def resolve_lan(parties, value: str) -> tuple[str | None, list[str]]:
    """(länskod, suggestions) for a code ("05", "5") or a name ("Östergötland", "Östergötlands län").

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"lan_code": ["05", "14"], "lan_name": ["Östergötland", "Västra Götaland"]})
    >>> resolve_lan(table, "5"), resolve_lan(table, "östergötlands län")[0], resolve_lan(table, "Väst")
    (('05', []), '05', (None, ['Västra Götaland']))
    """
    import unicodedata

    def norm(text: str) -> str:
        text = unicodedata.normalize("NFKC", str(text)).casefold().strip()
        for suffix in (" län", "s län"):
            if text.endswith(suffix):
                text = text[: -len(suffix)]
        return text.rstrip("s") if text.endswith("s") and len(text) > 3 else text

    pairs = {
        (str(c), str(n))
        for c, n in zip(parties["lan_code"], parties["lan_name"])
        if c is not None and str(c) not in ("", "None", "nan", "<NA>")
    }
    wanted = str(value).strip()
    if wanted.isdigit():
        code = wanted.zfill(2)
        return (code, []) if any(c == code for c, _ in pairs) else (None, [])
    key = norm(wanted)
    for code, name in sorted(pairs):
        if norm(name) == key:
            return code, []
    suggestions = sorted({name for _, name in pairs if key and key in norm(name)})
    return None, suggestions


def events_text(items, *, heading: str) -> str:
    """One Swedish line per event: date, what happened, who, and the source."""
    from samverkansvav import format as fmt
    from samverkansvav.analysis.history import EVENT_LABELS
    from samverkansvav.vocabulary import form_label

    lines = [heading, ""]
    if not items:
        lines.append("Inga daterade händelser i datan.")
    for e in items:
        day = fmt.date(e.date, "sv") if e.date else "datum okänt"
        who = f"{e.party} " if e.party else ""
        what = EVENT_LABELS[e.kind]["sv"]
        if e.kind in ("joined", "left"):
            line = f"{day}  {who}{what} {e.arrangement}"
        else:
            line = f"{day}  {e.arrangement} {what}"
        lines.append(f"{line} [{form_label(e.form)}]")
        lines.append(f"            källa: {e.source or 'saknas'}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from samverkansvav.commands._common import (
        EXIT_INPUT_ERRORS,
        EXIT_OK,
        load_web,
        party_table,
        resolve_party,
        write_bytes,
    )

    web, parties, code = load_web(args)
    if web is None:
        return code

    table = party_table(web, parties)
    kommun = lan = None
    heading = "Händelser"
    if args.kommun:
        resolution = resolve_party(table, args.kommun)
        if resolution is None:
            return EXIT_INPUT_ERRORS
        kommun = resolution.party_id
        heading += (
            f" i samverkan där {web.party_names().get(kommun, kommun)} ({kommun}) är eller har varit med"
        )
    if args.lan:
        lan, suggestions = resolve_lan(table, args.lan)
        if lan is None:
            hint = f" Menade du: {', '.join(suggestions)}?" if suggestions else " Ange länskoden, t.ex. 05."
            print(f"FEL: hittar inget län som heter {args.lan!r}.{hint}", file=sys.stderr)
            return EXIT_INPUT_ERRORS
        heading += f" i län {lan}"

    from samverkansvav.analysis.history import events, events_frame

    items = events(web, kommun=kommun, lan=lan)
    if args.format == "json":
        import json

        payload = json.dumps([e.to_dict() for e in items], ensure_ascii=False, indent=1) + "\n"
        data = payload.encode("utf-8")
    elif args.format == "csv":
        from samverkansvav.export import csv_bytes

        data = csv_bytes(events_frame(items))
    else:
        data = (events_text(items, heading=heading) + "\n").encode("utf-8")
    write_bytes(data)
    return EXIT_OK
