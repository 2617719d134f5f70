"""Column helpers the views share: counts per area, member pairs, missing values, joined names.

Each works on a whole column at once (a big register repeats a few values many
times, so each distinct value is looked at once) and returns plain pandas or
numpy objects.

Examples
--------
>>> joined_names([("A", "B"), ("A", "B"), ("B",)], {"A": "Avesta"}, leave_out="B")
['Avesta', 'Avesta', '']
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from samverkansvav.ingest.values import is_blank
from samverkansvav.model import CooperationWeb, split_areas

__all__ = ["count_by_area", "pair_links", "missing_mask", "joined_names", "as_objects"]


def count_by_area(areas: pd.Series, *, missing: str = "–") -> pd.Series:
    """How many arrangements have each area, counting every area of a list.

    ``areas`` holds arrangements' ``area`` values ("IT; löneadministration" counts
    once for IT and once for löneadministration); a missing area counts as ``missing``.
    Largest count first, ties in order of appearance.

    Examples
    --------
    >>> count_by_area(pd.Series(["IT; lön", "IT", None])).to_dict()
    {'IT': 2, 'lön': 1, '–': 1}
    """
    lists = areas.map(lambda v: [missing] if is_blank(v) else (list(split_areas(v)) or [missing]))
    return lists.explode().value_counts(sort=True).sort_values(ascending=False, kind="stable").rename("count")


def pair_links(web: CooperationWeb, *, max_members: int | None = None) -> pd.DataFrame:
    """One row per (arrangement, pair of its members): columns a, b (a < b), arrangement_id, form, area.

    The map draws these; an arrangement with N members gives N·(N−1)/2 rows here
    (a projection for drawing, never stored in the model). Arrangements with more
    than ``max_members`` members are left out.

    Examples
    --------
    >>> web = CooperationWeb.from_records(
    ...     parties=[], arrangements=[{"id": "x", "form": "informell", "area": "IT"}],
    ...     memberships=[{"arrangement_id": "x", "party_id": p} for p in "CAB"])
    >>> pair_links(web)[["a", "b"]].values.tolist()
    [['A', 'B'], ['A', 'C'], ['B', 'C']]
    """
    mem = web.memberships[["arrangement_id", "party_id"]].dropna().drop_duplicates()
    if max_members is not None:
        sizes = mem.groupby("arrangement_id")["party_id"].transform("size")
        mem = mem[sizes <= max_members]
    columns = ["a", "b", "arrangement_id", "form", "area"]
    if mem.empty:
        return pd.DataFrame(columns=columns)
    merged = mem.merge(mem, on="arrangement_id", suffixes=("_a", "_b"))
    merged = merged[merged["party_id_a"] < merged["party_id_b"]]
    arr = web.arrangements.drop_duplicates("id").set_index("id")
    out = pd.DataFrame(
        {
            "a": merged["party_id_a"].to_numpy(dtype=object),
            "b": merged["party_id_b"].to_numpy(dtype=object),
            "arrangement_id": merged["arrangement_id"].to_numpy(dtype=object),
        }
    )
    out["form"] = out["arrangement_id"].map(arr["form"]).astype(object)
    out["area"] = out["arrangement_id"].map(arr["area"]).astype(object)
    return out.sort_values(["a", "b", "arrangement_id"]).reset_index(drop=True)


def as_objects(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as plain ``object`` dtype.

    pandas' string dtype iterates element by element through Python calls; the
    views zip over these columns on every callback, so object dtype (numpy-backed
    iteration) is several times faster.
    """
    text = [c for c in frame.columns if pd.api.types.is_string_dtype(frame[c]) and frame[c].dtype != object]
    return frame.astype({c: object for c in text}) if text else frame


def missing_mask(values: pd.Series) -> np.ndarray:
    """Which values are missing (``None``, NaN/NaT or blank text): ``is_blank`` for a whole column.

    Examples
    --------
    >>> missing_mask(pd.Series(["a", " ", None, 3.0, float("nan")], dtype=object)).tolist()
    [False, True, True, False, True]
    """
    missing = values.isna().to_numpy(dtype=bool, copy=True)
    if values.dtype == object or pd.api.types.is_string_dtype(values):
        present = values[~missing]
        try:
            # Each distinct value is looked at once (a column often repeats a few values).
            codes, uniques = pd.factorize(present)
        except TypeError:  # unhashable values (lists): none of them is blank text
            codes, uniques = np.zeros(len(present), dtype=np.intp), pd.Index([None])
        blank = np.array([isinstance(v, str) and not v.strip() for v in uniques], dtype=bool)
        missing[~missing] = blank[codes] if len(codes) else np.zeros(0, dtype=bool)
    return missing


def joined_names(
    groups: Iterable[tuple], names: dict[str, str], *, leave_out: str | None = None
) -> list[str]:
    """ ", "-joined display names of each group of party ids, each distinct group named once.

    Many arrangements share the same members (a big register repeats a few
    constellations thousands of times), so the text is built per distinct group.
    """
    texts: dict[tuple, str] = {}
    out = []
    for group in groups:
        text = texts.get(group)
        if text is None:
            text = texts[group] = ", ".join(str(names.get(m) or m) for m in group if m != leave_out)
        out.append(text)
    return out
