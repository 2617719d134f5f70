"""Fixtures shared by every test package.

Tests that need something the machine may lack (Chromium, a PostgreSQL server,
``../shared``) call :func:`require`, which skips with a visible reason locally and
fails in CI (``CI=true``), where `.ci/run` installs and starts everything.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from samverkansvav.model import CooperationWeb
from samverkansvav.testing import require as _require

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"


@pytest.fixture
def require():
    """``require(condition, reason)``: skip locally, fail in CI (:mod:`samverkansvav.testing`)."""
    return _require


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    _require(SHARED_DIR.is_dir(), f"the shared reference folder {SHARED_DIR.name}/ is not beside the repo")
    return SHARED_DIR


def tiny_web() -> CooperationWeb:
    """Four municipalities, five arrangements; the hand-computed answers live in the tests.

    - ``gn``: gemensam nämnd, host A, members A, B, C (IT)
    - ``kf``: kommunalförbund, members A, B, C (räddningstjänst)
    - ``av``: avtalssamverkan, host B, members B, D (löneadministration)
    - ``inf``: informell, members C, D (regional samverkan)
    - ``gn2``: gemensam nämnd without a named host, members A, D (överförmyndare)
    """
    parties = [
        {
            "id": f"000{i}",
            "name": n,
            "kind": "kommun",
            "lan_code": "01",
            "lan_name": "Testlän",
            "lat": 59.0 + i / 10,
            "lon": 18.0 + i / 10,
            "population": 1000 * i,
        }
        for i, n in enumerate(["A", "B", "C", "D", "E"], start=1)
    ]
    arrangements = [
        {"id": "gn", "name": "GN IT", "form": "gemensam_namnd", "area": "IT", "host": "0001"},
        {"id": "kf", "name": "Räddningsförbundet", "form": "kommunalforbund", "area": "räddningstjänst"},
        {"id": "av", "name": "Lön", "form": "avtalssamverkan", "area": "löneadministration", "host": "0002"},
        {"id": "inf", "name": "Nätverket", "form": "informell", "area": "regional samverkan"},
        {"id": "gn2", "name": "ÖF", "form": "gemensam_namnd", "area": "överförmyndare"},
    ]
    members = {"gn": "123", "kf": "123", "av": "24", "inf": "34", "gn2": "14"}
    memberships = []
    for arr in arrangements:
        for digit in members[arr["id"]]:
            pid = f"000{digit}"
            role = "värd" if arr.get("host") == pid else "medlem"
            memberships.append({"arrangement_id": arr["id"], "party_id": pid, "role": role})
    return CooperationWeb.from_records(parties=parties, arrangements=arrangements, memberships=memberships)


@pytest.fixture
def small_web() -> CooperationWeb:
    return tiny_web()
