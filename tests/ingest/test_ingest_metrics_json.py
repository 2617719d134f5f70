"""The metrics command's JSON text equals ``json.dumps(..., indent=1)`` byte for byte."""

import json
import math

import numpy as np
import pandas as pd

from samverkansvav.commands.metrics import JSON_KEYS, metrics_json, metrics_records


def _frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(JSON_KEYS))


def test_metrics_json_matches_json_dumps_on_awkward_values():
    # Quotes, backslashes, control characters, non-ASCII, None, NaN (→ null), ±inf, ints, floats.
    rows = [
        {
            "kommunkod": "0180",
            "namn": 'Stockholm "stad"\\\n\tÅ',
            "n_arrangements": 3,
            "n_partners": 0,
            "dependency_share": 0.1,
            "provider_hhi": math.nan,
            "top_provider": None,
            "top_provider_share": 1e-7,
            "systemledningsindex": 12.25,
        },
        {
            "kommunkod": "R20",
            "namn": "Region Dalarna",
            "n_arrangements": 1,
            "n_partners": 2,
            "dependency_share": math.inf,
            "provider_hhi": 0.5,
            "top_provider": "x\u2028y",
            "top_provider_share": -math.inf,
            "systemledningsindex": 0.0,
        },
    ]
    frame = _frame(rows)
    expected = json.dumps(metrics_records(frame), ensure_ascii=False, indent=1)
    assert metrics_json(frame) == expected


def test_metrics_json_numpy_int_columns_and_empty_frame():
    frame = _frame([{k: None for k in JSON_KEYS}])
    frame["n_hosted"] = np.array([7], dtype=np.int64)  # numpy int becomes plain 7
    assert metrics_json(frame) == json.dumps(metrics_records(frame), ensure_ascii=False, indent=1)
    assert '"n_hosted": 7' in metrics_json(frame)
    assert metrics_json(frame.iloc[0:0]) == "[]"
