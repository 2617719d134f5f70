"""Undo: restoring an earlier version is a new version with exactly the old rows."""

from __future__ import annotations

import pandas as pd
import pytest

from samverkansvav.dataset import current_web
from samverkansvav.store import VersionNotFound


def _frames(web):
    return web.arrangements, web.memberships


def test_restore_copies_the_old_rows_exactly(store, small_web, make_web, make_result):
    v1 = store.import_register(make_result(small_web, name="v1.xlsx"), kommun="0001")
    other = make_web([{"id": "ny", "name": "Ny", "form": "informell"}], {"ny": "125"})
    store.import_register(make_result(other, name="v2.xlsx"), kommun="0001", user="anna")
    restored = store.restore("0001", 1, user="bertil")

    assert (restored.version_no, restored.kind, restored.restored_from) == (3, "restore", 1)
    assert (restored.user, restored.file_name, restored.sha256) == ("bertil", "v1.xlsx", v1.sha256)
    assert (restored.n_arrangements, restored.n_memberships) == (5, 12)
    for now, then in zip(_frames(store.version_web("0001", 3)), _frames(store.version_web("0001", 1))):
        pd.testing.assert_frame_equal(now, then)
    # nothing overwritten: v1 5+12 rows, v2 1+3, v3 5+12 → 11 arrangements, 27 memberships
    assert store.counts() == {"registers": 1, "versions": 3, "arrangements": 11, "memberships": 27}


def test_restore_makes_the_old_version_current(store, small_web, make_web, make_result):
    store.import_register(make_result(small_web), kommun="0001")
    other = make_web([{"id": "ny", "name": "Ny", "form": "informell"}], {"ny": "12"})
    store.import_register(make_result(other), kommun="0001")
    store.restore("0001", 1)
    current = current_web(store, None, include_demo=False)
    assert current.arrangements["id"].tolist() == ["gn", "kf", "av", "inf", "gn2"]


def test_restore_then_reupload_of_restored_file_is_duplicate(store, small_web, make_web, make_result):
    store.import_register(make_result(small_web), kommun="0001")
    other = make_web([{"id": "ny", "name": "Ny", "form": "informell"}], {"ny": "12"})
    store.import_register(make_result(other), kommun="0001")
    store.restore("0001", 1)
    again = store.import_register(make_result(small_web), kommun="0001")
    assert (again.duplicate, again.version_no) == (True, 3)


def test_restore_of_unknown_version_writes_nothing(store, small_web, make_result):
    store.import_register(make_result(small_web), kommun="0001")
    before = store.counts()
    with pytest.raises(VersionNotFound) as caught:
        store.restore("0001", 7)
    assert "Version 7" in caught.value.message
    with pytest.raises(VersionNotFound):
        store.restore("0002", 1)
    assert store.counts() == before
