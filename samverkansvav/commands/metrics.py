"""``python -m samverkansvav metrics``: per-municipality metrics as JSON or CSV.

Usage::

    python -m samverkansvav metrics                       # the embedded demo data
    python -m samverkansvav metrics register.xlsx other.csv --date 2024-06-30
    python -m samverkansvav metrics reg.xlsx --parties aktorer.csv --format csv --out m.csv

JSON is a list with one object per party that is a member of at least one
arrangement current on ``--date`` (default today), with exactly the keys of
:data:`JSON_KEYS`. CSV carries the same columns followed by the cost-weighted
dependency share and every component of the systemledningsindex.

Exit codes: 0 ok; 1 the input has errors (only the check report is printed, on
stderr); 2 a file cannot be read at all. This path must stay free of dash and
plotly (start-up time matters for scripts); heavy imports live inside ``run``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import math
from itertools import chain, repeat

__all__ = ["NAME", "HELP", "JSON_KEYS", "add_arguments", "run", "metrics_records", "metrics_json"]

NAME = "metrics"
HELP = "Beräkna mått per kommun (beroende, komplexitet, systemledningsindex) som JSON eller CSV."

#: Keys of every JSON object, in order.
JSON_KEYS: tuple[str, ...] = (
    "kommunkod",
    "namn",
    "n_arrangements",
    "n_partners",
    "n_forms",
    "n_areas",
    "n_constellations",
    "n_hosted",
    "n_unknown_provider",
    "dependency_share",
    "provider_hhi",
    "top_provider",
    "top_provider_share",
    "systemledningsindex",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from samverkansvav.commands._common import add_date_argument, add_input_arguments

    add_input_arguments(parser)
    add_date_argument(
        parser, help="Analysdatum: bara samverkan som gäller detta datum räknas (standard: i dag)."
    )
    parser.add_argument("--format", choices=("json", "csv"), default="json", help="Utdataformat.")
    parser.add_argument(
        "--out", metavar="SÖKVÄG", default=None, help="Skriv till fil i stället för standard ut."
    )


def _plain(value):
    """A JSON-ready Python value (NaN becomes None, numpy scalars become int/float)."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def metrics_records(frame) -> list[dict]:
    """The JSON objects for a :func:`municipality_metrics` frame (exactly :data:`JSON_KEYS`)."""
    return [
        {key: _plain(value) for key, value in zip(JSON_KEYS, row)}
        for row in frame.loc[:, list(JSON_KEYS)].itertuples(index=False, name=None)
    ]


def _json_value(value, encode_text) -> str:
    """One value as ``json.dumps`` writes it (after :func:`_plain`)."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return encode_text(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (math.inf, -math.inf):
            return "Infinity" if value > 0 else "-Infinity"
        return float.__repr__(value)
    import json

    return json.dumps(value, ensure_ascii=False)


def _plain_column(series) -> list:
    """A column as :func:`_plain` values, converted column-wise."""
    values = series.tolist()
    if series.dtype.kind in "iub":
        return values
    if series.dtype.kind == "f":
        return [None if v != v else v for v in values]
    if set(map(type, values)) <= {str, type(None)}:
        return values  # _plain leaves text and None as they are
    return [_plain(v) for v in values]


def metrics_json(frame) -> str:
    """``json.dumps(metrics_records(frame), ensure_ascii=False, indent=1)``, built directly.

    The standard encoder falls back to pure Python when ``indent`` is set, which is
    slow for tens of thousands of parties; the text here is byte-identical.

    Examples
    --------
    >>> import json, pandas as pd
    >>> frame = pd.DataFrame({k: [None] for k in JSON_KEYS}).assign(namn=["Åre, x"], n_partners=[3])
    >>> metrics_json(frame) == json.dumps(metrics_records(frame), ensure_ascii=False, indent=1)
    True
    """
    try:
        from json.encoder import c_encode_basestring as encode_text  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - CPython always has the C helper
        encode_text = None
    if encode_text is None:
        from json.encoder import py_encode_basestring as encode_text
    if len(frame) == 0:
        return "[]"
    encoded = [_encoded_column(frame[key], encode_text) for key in JSON_KEYS]
    # The text before each value is fixed (the first key also closes the object
    # before and opens the next): one join over (text, value, text, value, ...).
    keys = [encode_text(key) for key in JSON_KEYS]
    between = "\n },\n {\n  " + keys[0] + ": "
    before = [between] + [",\n  " + key + ": " for key in keys[1:]]
    text = "".join(chain.from_iterable(zip(*chain.from_iterable(zip(map(repeat, before), encoded)))))
    return "[\n {\n  " + keys[0] + ": " + text[len(between) :] + "\n }\n]"


def _encoded_column(series, encode_text) -> list[str]:
    """JSON text of every value of one column; number columns by their dtype, without
    looking at each value's type."""
    kind = series.dtype.kind
    if kind in "iuf":
        import numpy as np
        import pandas as pd

        numbers = series.to_numpy()
        if kind in "iu":
            codes, distinct = pd.factorize(numbers)
            return np.array(list(map(int.__repr__, distinct.tolist())), dtype=object)[codes].tolist()
        numbers = numbers.astype(np.float64, copy=False)
        if not np.isinf(numbers).any():
            # Counts and shares repeat: write each distinct number once. Distinct by
            # bit pattern, so that -0.0 stays "-0.0"; every NaN is null.
            codes, distinct = pd.factorize(numbers.view(np.int64))
            values = distinct.view(np.float64).tolist()
            texts = ["null" if v != v else float.__repr__(v) for v in values]
            return np.array(texts, dtype=object)[codes].tolist()
    return _json_column(_plain_column(series), encode_text)


def _json_column(values: list, encode_text) -> list[str]:
    """JSON text of every value of one column (one type check per column when it can)."""
    types = set(map(type, values))
    if types <= {str, type(None)}:
        return ["null" if v is None else encode_text(v) for v in values]
    if types <= {int}:
        return list(map(int.__repr__, values))
    if types <= {float, type(None)} and all(v is None or math.isfinite(v) for v in values):
        return ["null" if v is None else float.__repr__(v) for v in values]
    return [_json_value(v, encode_text) for v in values]


def run(args: argparse.Namespace) -> int:
    # The command builds tables of tens of thousands of small objects and no reference
    # cycles, then ends: the cyclic collector would only rescan them. Reference
    # counting still frees everything; the collector resumes afterwards.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(args)
    finally:
        if was_enabled:
            gc.enable()


def _run(args: argparse.Namespace) -> int:
    from samverkansvav.commands._common import EXIT_OK, load_web, write_bytes

    web, _, code = load_web(args)
    if web is None:
        return code

    from samverkansvav.analysis.metrics import municipality_metrics

    on = args.date or dt.date.today()
    frame = municipality_metrics(web.current_on(on))

    if args.format == "json":
        payload = (metrics_json(frame) + "\n").encode()
    else:
        from samverkansvav.export import csv_bytes

        extra = ["dependency_share_cost"] + [c for c in frame.columns if c.startswith("sli_")]
        payload = csv_bytes(frame.loc[:, list(JSON_KEYS) + extra].reset_index(drop=True))

    if args.out:
        with open(args.out, "wb") as handle:
            handle.write(payload)
    else:
        write_bytes(payload)
    return EXIT_OK
