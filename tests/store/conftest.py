"""Fixtures for the store tests: a store on each backend, registers built in code.

``store`` is parametrised over SQLite (always) and PostgreSQL (when
``SAMVERKANSVAV_TEST_POSTGRES_URL`` names a server: a fresh database is created
for the test session and dropped afterwards; every test gets an empty schema).
Without that variable the PostgreSQL cases skip with a visible reason locally
and fail in CI.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from samverkansvav.model import CooperationWeb
from samverkansvav.report import ERROR, Issue, Report
from samverkansvav.store import Store
from samverkansvav.testing import require

PG_ENV = "SAMVERKANSVAV_TEST_POSTGRES_URL"
REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class FakeResult:
    """A checked register built in code: the attributes the store reads
    (:class:`samverkansvav.store.store.RegisterLike`)."""

    file_name: str
    sha256: str
    reporter: str | None
    report: Report = field(default_factory=Report)
    web: CooperationWeb | None = None

    @property
    def ok(self) -> bool:
        return self.web is not None and not self.report.has_errors


PARTIES = [{"id": f"000{i}", "name": n, "kind": "kommun"} for i, n in enumerate("ABCDE", start=1)]


def build_web(arrangements: list[dict], members: dict[str, str]) -> CooperationWeb:
    """A web from arrangement dicts and ``{arrangement id: "123"}`` (digits = parties 000d)."""
    memberships = []
    for arr in arrangements:
        for digit in members[arr["id"]]:
            pid = f"000{digit}"
            role = "värd" if arr.get("host") == pid else "medlem"
            memberships.append({"arrangement_id": arr["id"], "party_id": pid, "role": role})
    return CooperationWeb.from_records(parties=PARTIES, arrangements=arrangements, memberships=memberships)


def result_of(
    web: CooperationWeb | None, *, name: str = "register.xlsx", errors: int = 0, reporter: str | None = None
) -> FakeResult:
    """A checked register; its SHA-256 stands for the file and follows its content."""
    report = Report([Issue("info", "no_goal", "Mål saknas.", file=name, row=2)])
    for i in range(errors):
        report.add(Issue(ERROR, "unknown_form", "Okänd form.", file=name, row=3 + i, column="Form"))
    content = json.dumps(
        None
        if web is None
        else [web.arrangements.astype(str).values.tolist(), web.memberships.astype(str).values.tolist()]
    )
    sha = hashlib.sha256(content.encode()).hexdigest()
    return FakeResult(name, sha, reporter, report, None if errors else web)


@pytest.fixture
def make_result() -> Callable[..., FakeResult]:
    return result_of


@pytest.fixture
def make_web() -> Callable[..., CooperationWeb]:
    return build_web


# ----------------------------------------------------------------- backends
def _pg_admin_url(url: str, database: str | None = None) -> str:
    from sqlalchemy.engine import make_url

    from samverkansvav.store.db import normalise_url

    parsed = make_url(normalise_url(url))
    return parsed.set(database=database or parsed.database).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_database_url():
    """A throwaway database on the configured server, dropped after the session."""
    server = os.environ.get(PG_ENV)
    require(bool(server), f"PostgreSQL tests need {PG_ENV} (a server URL); none is set")
    import sqlalchemy as sa

    name = f"samverkansvav_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(_pg_admin_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield _pg_admin_url(server, name)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _reset_pg(url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    """URL of an empty database on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'samverkansvav.db'}"
    url = request.getfixturevalue("pg_database_url")
    _reset_pg(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'data' / 'samverkansvav.db'}"


@pytest.fixture
def store(db_url):
    with Store.open(db_url) as opened:
        yield opened


# --------------------------------------------------------------- subprocess
#: A child process that imports one register given as JSON: {"url", "kommun",
#: "arrangements", "memberships", "sha256", "file_name"}. It prints the stored
#: version number, or BUSY on StoreBusy.
CHILD_IMPORT = r"""
import json, sys
from samverkansvav.model import CooperationWeb
from samverkansvav.report import Report
from samverkansvav.store import Store, StoreBusy

spec = json.load(open(sys.argv[1], encoding="utf-8"))

class Result:
    file_name = spec["file_name"]
    sha256 = spec["sha256"]
    reporter = spec["kommun"]
    report = Report()
    web = CooperationWeb.from_records(parties=[], arrangements=spec["arrangements"],
                                      memberships=spec["memberships"])

store = Store.open(spec["url"], retry_attempts=spec.get("retry_attempts", 4))
try:
    version = store.import_register(Result(), kommun=spec["kommun"])
except StoreBusy:
    print("BUSY", flush=True)
else:
    print(version.version_no, flush=True)
store.close()
"""


def start_import_process(
    spec: dict, tmp_path: Path, *, env: dict[str, str] | None = None
) -> subprocess.Popen:
    spec_file = tmp_path / f"spec-{uuid.uuid4().hex[:8]}.json"
    spec_file.write_text(json.dumps(spec), encoding="utf-8")
    child_env = {**os.environ, **(env or {})}
    child_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), child_env.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, "-c", CHILD_IMPORT, str(spec_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env,
        cwd=REPO_ROOT,
    )


@pytest.fixture
def import_process(tmp_path) -> Callable[..., subprocess.Popen]:
    """Start a real ``python`` process that imports a register (see CHILD_IMPORT)."""
    started: list[subprocess.Popen] = []

    def start(spec: dict, *, env: dict[str, str] | None = None) -> subprocess.Popen:
        proc = start_import_process(spec, tmp_path, env=env)
        started.append(proc)
        return proc

    yield start
    for proc in started:  # only the processes this fixture started
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        for stream in (proc.stdout, proc.stderr):
            if stream:
                stream.close()


def big_register_spec(url: str, kommun: str, *, n: int, tag: str) -> dict:
    """``n`` two-member avtalssamverkan rows (ids ``<tag>-<i>``), JSON-ready."""
    arrangements = [
        {
            "id": f"{tag}-{i}",
            "name": f"Avtal {tag} {i}",
            "form": "avtalssamverkan",
            "area": "IT",
            "host": "0001",
        }
        for i in range(n)
    ]
    memberships = [
        {"arrangement_id": f"{tag}-{i}", "party_id": pid, "role": role}
        for i in range(n)
        for pid, role in (("0001", "utförare"), ("0002", "uppdragsgivare"))
    ]
    return {
        "url": url,
        "kommun": kommun,
        "arrangements": arrangements,
        "memberships": memberships,
        "sha256": hashlib.sha256(tag.encode()).hexdigest(),
        "file_name": f"{tag}.xlsx",
    }


@pytest.fixture
def big_spec() -> Callable[..., dict]:
    return big_register_spec


def sqlite_file_of(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


@pytest.fixture
def sqlite_fingerprint() -> Callable[[str], str]:
    """SHA-256 of the SQLite main file plus its WAL (when present), for byte-for-byte checks."""

    def fingerprint(url: str) -> str:
        path = sqlite_file_of(url)
        digest = hashlib.sha256(path.read_bytes())
        wal = path.with_name(path.name + "-wal")
        if wal.exists():
            digest.update(wal.read_bytes())
        return digest.hexdigest()

    return fingerprint
