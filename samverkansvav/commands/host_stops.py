"""``python -m samverkansvav host-stops``: what the dependents lose when a host stops.

Usage::

    python -m samverkansvav host-stops Göteborg               # the embedded demo data
    python -m samverkansvav host-stops 1480 register.xlsx --format json

Every current gemensam nämnd and avtalssamverkan hosted by KOMMUN is listed with
its dependents and the candidate new hosts, ranked with their evidence. The JSON
is :meth:`HostStopResult.to_dict`; ``--lang en`` gives the text in English. Exit codes as
for ``exit``.
"""

from __future__ import annotations

import argparse

__all__ = ["NAME", "HELP", "add_arguments", "run"]

NAME = "host-stops"
HELP = "Värden upphör: vilka kommuner förlorar vad, och vem kan bli ny värd?"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from samverkansvav.commands._scenario import add_common_arguments

    add_common_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from samverkansvav.commands._common import EXIT_OK
    from samverkansvav.commands._scenario import emit, load_web_and_party
    from samverkansvav.scenarios import host_stops

    web, party_id, code = load_web_and_party(args)
    if web is None:
        return code
    emit(host_stops(web, party_id, on=args.date), args.format, args.lang)
    return EXIT_OK
