"""Run the Samverkansväv dashboard.

    python app.py                      # the embedded demo data on http://127.0.0.1:8050
    python app.py --port 8080 --host 0.0.0.0
    python app.py --data register1.xlsx register2.xlsx   # your registers instead of the demo
    gunicorn app:server                # production (WSGI)

``server`` is the Flask server of an app built on the default data, for gunicorn.
"""

from __future__ import annotations

import argparse
import sys

from samverkansvav.web.app import create_app

__all__ = ["main", "server", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Samverkansväv: webbgränssnittet.")
    parser.add_argument("--port", type=int, default=8050, help="port (standard 8050)")
    parser.add_argument("--host", default="127.0.0.1", help="adress att lyssna på (standard 127.0.0.1)")
    parser.add_argument(
        "--data", nargs="+", metavar="FIL", help="register (xlsx/csv) att visa i stället för demodatan"
    )
    parser.add_argument("--debug", action="store_true", help="Dash debugläge (endast lokalt)")
    return parser


def _load_web(paths: list[str]):
    from samverkansvav.config import load_config
    from samverkansvav.ingest import load_registers
    from samverkansvav.reference import load_parties

    config = load_config()
    parties = load_parties(config.parties_file) if config.parties_file else load_parties()
    web, report = load_registers(paths, parties=parties)
    if report is not None and report.as_text():
        print(report.as_text(), file=sys.stderr)
    return web


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    web = None
    if args.data:
        web = _load_web(args.data)
        if web is None:
            print("Registren innehåller fel; rätta dem och försök igen (se rapporten ovan).", file=sys.stderr)
            return 1
    app = create_app(web=web)
    app.run(host=args.host, port=args.port, debug=args.debug)
    return 0


def __getattr__(name: str):
    # Built lazily so that importing this module (tests, --help) does not load the data.
    if name == "server":
        global server
        server = create_app().server
        return server
    raise AttributeError(name)


if __name__ == "__main__":
    raise SystemExit(main())
