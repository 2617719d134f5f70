"""Sorted codes and the metrics JSON of repeated numbers, against hand-computed answers."""

import json

import numpy as np
import pandas as pd

from samverkansvav.analysis._tables import sorted_codes
from samverkansvav.commands.metrics import JSON_KEYS, metrics_json, metrics_records


def test_sorted_codes_orders_by_code_point_like_str():
    values = pd.Series(["b", "Å", "a", "B", "b", "ab", "a"], dtype=object)
    codes, distinct = sorted_codes(values)
    # Code points: "B" (66) < "a" (97) < "ab" < "b" (98) < "Å" (197).
    assert distinct.tolist() == ["B", "a", "ab", "b", "Å"]
    assert codes.tolist() == [3, 4, 1, 0, 3, 2, 1]


def test_sorted_codes_keeps_pandas_order_for_a_trailing_nul_and_for_non_text():
    for values in (["a\x00", "a", "b"], [2, 10, 1]):
        codes, distinct = sorted_codes(pd.Series(values, dtype=object))
        expected_codes, expected = pd.factorize(pd.Series(values, dtype=object), sort=True)
        assert codes.tolist() == expected_codes.tolist()
        assert list(distinct) == list(expected)


def test_metrics_json_repeated_numbers_keep_their_sign_and_nan():
    frame = pd.DataFrame({key: [None] * 4 for key in JSON_KEYS})
    frame["n_partners"] = [3, 0, 3, 12]
    frame["provider_hhi"] = [0.0, -0.0, np.nan, 0.0]
    text = metrics_json(frame)
    assert text == json.dumps(metrics_records(frame), ensure_ascii=False, indent=1)
    assert [line.strip() for line in text.splitlines() if "provider_hhi" in line] == [
        '"provider_hhi": 0.0,',
        '"provider_hhi": -0.0,',
        '"provider_hhi": null,',
        '"provider_hhi": 0.0,',
    ]
