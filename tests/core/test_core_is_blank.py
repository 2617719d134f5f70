"""One "is missing" rule: ``values.is_blank`` replaces the private variants with the same results.

Each former variant is kept here as the reference it was, and compared with
:func:`~samverkansvav.ingest.values.is_blank` on the values its callers receive.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from samverkansvav.ingest import read_register
from samverkansvav.ingest.identity import ArrangementIndex, name_key
from samverkansvav.ingest.values import is_blank
from samverkansvav.synthetic import generate


def _former_table_rule(value) -> bool:  # web/components.py: a table cell shown as ""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _former_synthetic_rule(value) -> bool:  # synthetic.py: a generated value left empty
    return value is None or (isinstance(value, float) and np.isnan(value))


def _former_identity_rule(value) -> bool:  # ingest/identity.py: "  " counted as present
    return value is None or (isinstance(value, float) and value != value) or value == ""


CELLS = [
    None,
    float("nan"),
    np.nan,
    np.float32("nan"),
    pd.NA,
    pd.NaT,
    np.datetime64("NaT"),
    "",
    "   ",
    "\t\n",
    "x",
    " Lön ",
    0,
    0.0,
    np.int64(3),
    1.5,
    False,
    dt.date(2020, 1, 1),
    pd.Timestamp("2020-01-01"),
    np.datetime64("2020-01-01"),
]


@pytest.mark.parametrize("value", CELLS, ids=repr)
def test_table_cells_are_blank_exactly_when_they_were(value):
    assert is_blank(value) == _former_table_rule(value)


def test_the_rules_differ_only_where_expected():
    # Hand-listed: whitespace-only text is blank for the table rule and is_blank, not for identity's;
    # pandas' NA and the NaTs and float32 NaN were missed by identity's and synthetic's.
    with pytest.raises(TypeError):  # identity's rule could not even be asked about pd.NA
        bool(_former_identity_rule(pd.NA))
    to_identity = [v for v in CELLS if v is not pd.NA and is_blank(v) != _former_identity_rule(v)]
    assert [repr(v) for v in to_identity] == [
        repr(v) for v in (np.float32("nan"), pd.NaT, np.datetime64("NaT"), "   ", "\t\n")
    ]
    to_synthetic = [v for v in CELLS if is_blank(v) != _former_synthetic_rule(v)]
    assert [repr(v) for v in to_synthetic] == [
        repr(v) for v in (np.float32("nan"), pd.NA, pd.NaT, np.datetime64("NaT"), "", "   ", "\t\n")
    ]


@pytest.mark.parametrize("preset", ["sverige", "frankrike"])
def test_synthetic_values_never_fall_where_the_rules_differ(preset):
    reg = generate(preset, seed=3, n_arrangements=300)
    arrangement_values = reg.arrangements[
        ["host", "seat", "start", "end", "owner", "goal", "last_evaluated"]
    ].to_numpy(dtype=object)
    membership_values = reg.memberships[["share", "annual_cost"]].to_numpy(dtype=object)
    values = list(arrangement_values.ravel()) + list(membership_values.ravel())
    assert values  # the check below looks at something
    assert any(_former_synthetic_rule(v) for v in values)  # and at missing values too
    assert all(is_blank(v) == _former_synthetic_rule(v) for v in values)


def test_identity_receives_no_whitespace_only_text(tmp_path):
    # Whitespace-only cells in every field identity looks at: the register reader
    # strips them before the model, so "  " never reaches the same-arrangement rule.
    path = tmp_path / "register.csv"
    path.write_text(
        "Id,Namn,Form,Område,Värdkommun,Medlemmar,Status,Slutdatum,Rapporterande kommun\n"
        '   ,"  Håbo IT-nämnd ",gemensam nämnd,IT,  ,"Håbo, Upplands-Bro", ,  ,Håbo\n'
        'x2,Habo IT-nämnd,gemensam nämnd,IT,Habo,"Habo, Mullsjö",avslutad,2024-06-30,Håbo\n',
        encoding="utf-8",
    )
    arrangements = read_register(path).web.arrangements
    assert len(arrangements) == 2
    seen = arrangements[["id", "name", "form", "host", "status", "end"]].to_numpy(dtype=object).ravel()
    assert not any(isinstance(v, str) and v and not v.strip() for v in seen)
    assert all(is_blank(v) == _former_identity_rule(v) for v in seen)
    first = arrangements.iloc[0]
    assert first["name"] == "Håbo IT-nämnd" and not is_blank(first["id"]) and is_blank(first["host"])


def test_blank_ids_and_names_never_match():
    index = ArrangementIndex()
    assert index.add(None, "Håbo IT-nämnd", "gemensam_namnd") == 0
    assert index.add(float("nan"), "  ", "gemensam_namnd") == 1
    assert index.match(pd.NA, "HÅBO it-nämnd", "gemensam_namnd") == 0
    assert index.match(None, "   ", "gemensam_namnd") is None
    assert name_key(pd.NA) == "" and name_key("  ") == ""
