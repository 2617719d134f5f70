"""Bounded load test on loopback: simulated users browse while imports run (not a unit test).

Usage::

    python scripts/load_test.py [--users 20] [--duration 30] [--workers 4] [--think 1.0]
                                [--scale demo|sverige] [--import-threads 2]
                                [--anonymous-uploads 8] [--upload-mb 4] [--consistency-probes 16]

What it does, and nothing more:

1. starts gunicorn (``gunicorn.conf.py``, production mode, a random secret) on
   ``127.0.0.1`` and a free port - the address is fixed to loopback, there is
   no option to point it anywhere else;
2. the database is PostgreSQL when ``SAMVERKANSVAV_TEST_POSTGRES_URL`` (or
   ``DATABASE_URL``) is set, else a fresh SQLite file in a temporary folder;
3. for ``--duration`` seconds, ``--users`` threads each load a page and send the
   router callback for it (what a browser does on navigation), then reads it
   for a random 0.5–1.5 × ``--think`` seconds (0 = no pause, a closed loop), while
   ``--import-threads`` threads run ``python -m samverkansvav import`` with a new
   register file each time (distinct SHA-256, so each must become exactly one
   new version);
   and ``--anonymous-uploads`` threads (no sign-in) send register files of about
   ``--upload-mb`` MB to the upload check callback back to back - the flood that
   must neither occupy every worker nor fill the disk (a refusal "försök igen
   om en stund" is the expected answer when the parse slots are taken);
4. two-worker consistency: before the load, one register is imported through
   the command line and ``--consistency-probes`` page requests, each on a new
   connection (so they spread over the workers), must all show it; the time
   until they do is reported; then the same for an undo (``restore``);
5. stops gunicorn, prints requests served, p50/p95/max latency (the reading
   pages separately), errors, the upload outcomes, and checks in the store that
   every successful import is stored exactly once.

Exit code 0 when there were no errors and the check holds, 1 otherwise, 2 when
an option is out of range or the server cannot be started (with a message
saying why).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

HOST = "127.0.0.1"  # loopback only, by construction
#: Municipalities the import threads write (codes of real kommuner, so the CLI resolves them).
IMPORT_KOMMUNER = ("2023", "2021", "2080", "2026")
START_TIMEOUT_S = 240
IMPORT_TIMEOUT_S = 180


def _fail(message: str, code: int = 2) -> None:
    print(f"load_test: {message}", file=sys.stderr)
    sys.exit(code)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _database_url() -> str | None:
    return os.environ.get("SAMVERKANSVAV_TEST_POSTGRES_URL") or os.environ.get("DATABASE_URL") or None


def _write_registers(out: Path, count: int, *, n_arrangements: int) -> list[Path]:
    """``count`` different valid registers (seeded synthetic data, one seed each)."""
    from samverkansvav.synthetic import generate, write_files

    paths = []
    for seed in range(count):
        reg = generate("sverige", seed=1000 + seed, n_arrangements=n_arrangements)
        wide = write_files(reg, out / f"reg{seed}")["wide"]
        paths.append(wide)
    return paths


def _app_module(tmp: Path, scale: str) -> str:
    """The gunicorn app spec: the production ``wsgi:server`` or, for ``sverige``, the same on synthetic data."""
    if scale == "demo":
        return "wsgi:server"
    from samverkansvav.synthetic import generate, write_files

    data = write_files(generate("sverige", seed=0), tmp / "sverige")["wide"]
    (tmp / "lt_app.py").write_text(
        "from samverkansvav.config import load_config\n"
        "from samverkansvav.ingest import load_registers\n"
        "from samverkansvav.web.app import create_app\n"
        "from samverkansvav.web.auth import install_auth\n"
        f"web, _report = load_registers([{str(data)!r}])\n"
        "config = load_config(production=True)\n"
        "app = create_app(config, web=web)\n"
        "install_auth(app, config)\n"
        "from samverkansvav.store import Store\n"
        "from samverkansvav.web.data import StoredSource\n"
        "store = Store.from_config(config)\n"
        "app.server.config['SAMVERKANSVAV_STORE'] = store\n"
        "app.server.config['SAMVERKANSVAV_BASE_WEB'] = web\n"
        "# Like the production app: every worker follows the database.\n"
        "app.server.config['SAMVERKANSVAV_STATE'].follow(StoredSource(store, web))\n"
        "server = app.server\n",
        encoding="utf-8",
    )
    return "lt_app:server"


def _start_server(tmp: Path, port: int, workers: int, app_spec: str, env: dict[str, str]) -> subprocess.Popen:
    log = open(tmp / "gunicorn.log", "wb")
    pythonpath = os.pathsep.join([str(tmp), str(REPO), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(REPO / "gunicorn.conf.py"),
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--chdir",
            str(REPO),
            app_spec,
        ],
        cwd=REPO,
        env={**env, "PYTHONPATH": pythonpath},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)  # this script's own gunicorn (its own session) only
    try:
        proc.wait(timeout=40)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _request(
    conn: http.client.HTTPConnection,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict | None = None,
) -> tuple[int, bytes]:
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    return response.status, response.read()


def _wait_ready(proc: subprocess.Popen, port: int, tmp: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = (tmp / "gunicorn.log").read_bytes()[-3000:].decode("utf-8", "replace")
            _fail(f"gunicorn stopped while starting (exit {proc.returncode}):\n{tail}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            status, _ = _request(conn, "GET", "/")
            conn.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    _fail(f"gunicorn did not answer within {START_TIMEOUT_S} s")


def _dependencies(port: int) -> list[dict]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    status, raw = _request(conn, "GET", "/_dash-dependencies")
    conn.close()
    if status != 200:
        _fail(f"/_dash-dependencies answered {status}")
    return json.loads(raw)


def _upload_body(port: int, data: bytes, file_name: str) -> bytes:
    """The upload check callback (``dcc.Upload`` contents) as the browser sends it."""
    import base64

    deps = _dependencies(port)
    check = next((cb for cb in deps if any(i["property"] == "contents" for i in cb["inputs"])), None)
    if check is None:
        _fail("the dashboard has no upload callback (an input on 'contents')")
    outputs = [
        dict(zip(("id", "property"), part.rsplit(".", 1))) for part in check["output"].strip(".").split("...")
    ]
    content = (
        "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,"
        + base64.b64encode(data).decode("ascii")
    )
    values = {"contents": content, "filename": file_name, "search": "", "last_modified": 0}
    return json.dumps(
        {
            "output": check["output"],
            "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": [{**i, "value": values.get(i["property"])} for i in check["inputs"]],
            "changedPropIds": [f"{check['inputs'][0]['id']}.contents"],
            "state": [{**st, "value": values.get(st["property"])} for st in check.get("state", [])],
        }
    ).encode("utf-8")


def _router_body(port: int, pathname: str, search: str = "") -> bytes:
    deps = _dependencies(port)
    router = next(
        (
            cb
            for cb in deps
            if [(i["id"], i["property"]) for i in cb["inputs"]] == [("url", "pathname"), ("url", "search")]
        ),
        None,
    )
    if router is None:
        _fail("the dashboard has no router callback on url.pathname/url.search")
    outputs = [
        dict(zip(("id", "property"), part.rsplit(".", 1)))
        for part in router["output"].strip(".").split("...")
    ]
    values = {"pathname": pathname, "search": search}
    return json.dumps(
        {
            "output": router["output"],
            "outputs": outputs,
            "inputs": [{**i, "value": values[i["property"]]} for i in router["inputs"]],
            "changedPropIds": ["url.pathname"],
            "state": [{**s, "value": None} for s in router["state"]],
        }
    ).encode("utf-8")


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter = Counter()
        self.imports: list[tuple[str, Path, int, float]] = []
        self.uploads: Counter = Counter()

    def record(self, kind: str, seconds: float, ok: bool, detail: str = "") -> None:
        with self.lock:
            self.latency[kind].append(seconds)
            if not ok:
                self.errors[f"{kind}: {detail}"] += 1


def _user(
    port: int,
    paths: list[str],
    bodies: dict[str, bytes],
    stop_at: float,
    results: Results,
    seed: int,
    think: float = 0.0,
) -> None:
    rng = random.Random(seed)
    origin = f"http://{HOST}:{port}"
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    while time.monotonic() < stop_at:
        path = rng.choice(paths)
        for kind, method, url, body, headers in (
            ("GET page", "GET", path, None, {}),
            (
                "POST callback",
                "POST",
                "/_dash-update-component",
                bodies[path],
                {"Content-Type": "application/json", "Origin": origin},
            ),
        ):
            began = time.perf_counter()
            try:
                status, _ = _request(conn, method, url, body, headers)
                results.record(kind, time.perf_counter() - began, status == 200, f"HTTP {status}")
            except (OSError, http.client.HTTPException) as exc:
                results.record(kind, time.perf_counter() - began, False, type(exc).__name__)
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=60)
        if think > 0:
            # A person reads the page before the next click; without a pause the
            # latency only measures how many users queue for two cores.
            time.sleep(min(think * rng.uniform(0.5, 1.5), max(0.0, stop_at - time.monotonic())))
    conn.close()


def _uploader(port: int, body: bytes, stop_at: float, results: Results) -> None:
    """An anonymous visitor sending register files to the check, back to back."""
    origin = f"http://{HOST}:{port}"
    while time.monotonic() < stop_at:
        began = time.perf_counter()
        conn = http.client.HTTPConnection(HOST, port, timeout=120)
        try:
            status, raw = _request(
                conn,
                "POST",
                "/_dash-update-component",
                body,
                {"Content-Type": "application/json", "Origin": origin},
            )
            if status == 429:  # the expected refusal while the parse slots are taken
                outcome = "refused at once (429)"
            elif status == 200:
                text = " ".join(_strings(json.loads(raw)))
                busy = "Försök igen om en liten stund" in text or "Vänta tills den är klar" in text
                outcome = "refused (busy)" if busy else "checked"
            else:
                outcome = f"HTTP {status}"
            results.record("POST upload", time.perf_counter() - began, status in (200, 429), f"HTTP {status}")
            with results.lock:
                results.uploads[outcome] += 1
        except (OSError, http.client.HTTPException) as exc:
            results.record("POST upload", time.perf_counter() - began, False, type(exc).__name__)
        finally:
            conn.close()


def _strings(value) -> list[str]:  # noqa: ANN001 - parsed JSON
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _shows(port: int, body: bytes, marker: str) -> bool:
    conn = http.client.HTTPConnection(HOST, port, timeout=60)  # a new connection: any worker
    try:
        status, raw = _request(
            conn,
            "POST",
            "/_dash-update-component",
            body,
            {"Content-Type": "application/json", "Origin": f"http://{HOST}:{port}"},
        )
    finally:
        conn.close()
    return status == 200 and marker in _strings(json.loads(raw))


def _consistency(port: int, env: dict[str, str], tmp: Path, probes: int) -> list[str]:
    """Save (import) then undo (restore) through the command line - another process than the
    workers - and time until every probe, each on a new connection, shows the change."""
    body = _router_body(port, "/kommun", "?kod=2081")
    marker = f"Lasttestets markör {secrets.token_hex(4)}"
    base, marked = tmp / "baseline.csv", tmp / "marker.csv"
    base.write_text(
        "Namn;Form;Område;Medlemmar\nLasttestets grund;kommunalförbund;IT;Borlänge, Säter\n", encoding="utf-8"
    )
    marked.write_text(
        f"Namn;Form;Område;Medlemmar\n{marker};kommunalförbund;IT;Borlänge, Säter\n", encoding="utf-8"
    )

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "samverkansvav", *args],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=IMPORT_TIMEOUT_S,
            stdin=subprocess.DEVNULL,
        )

    lines = []
    run("import", str(base), "--kommun", "2081", "--yes", "--user", "lasttest")
    from samverkansvav.store import Store

    with Store.open(env.get("DATABASE_URL"), data_dir=Path(env["SAMVERKANSVAV_DATA_DIR"])) as store:
        baseline = store.version("2081").version_no
    for step, args, present in (
        ("save", ("import", str(marked), "--kommun", "2081", "--yes", "--user", "lasttest"), True),
        ("undo", ("restore", "2081", str(baseline), "--user", "lasttest"), False),
    ):
        done = run(*args)
        if done.returncode != 0:
            lines.append(f"  consistency {step}: command failed: {(done.stderr or done.stdout)[-300:]}")
            continue
        began = time.monotonic()
        while time.monotonic() < began + 60:
            round_began = time.monotonic()
            if all(_shows(port, body, marker) == present for _ in range(probes)):
                # From the start of the first round in which every probe showed it.
                lines.append(
                    f"  consistency {step}: all {probes} probes (new connections, any worker) "
                    f"served it from {round_began - began:.1f} s after the command finished "
                    f"(the round took {time.monotonic() - round_began:.1f} s)"
                )
                break
            time.sleep(0.25)
        else:
            lines.append(f"  consistency {step}: NOT all probes served it within 60 s")
    return lines


def _importer(
    files: list[Path],
    next_file: list[int],
    env: dict[str, str],
    stop_at: float,
    results: Results,
    lock: threading.Lock,
) -> None:
    while time.monotonic() < stop_at:
        with lock:
            if next_file[0] >= len(files):
                return
            index = next_file[0]
            next_file[0] += 1
        kommun = IMPORT_KOMMUNER[index % len(IMPORT_KOMMUNER)]
        began = time.perf_counter()
        try:
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "samverkansvav",
                    "import",
                    str(files[index]),
                    "--kommun",
                    kommun,
                    "--yes",
                    "--user",
                    "lasttest",
                ],
                cwd=REPO,
                env=env,
                capture_output=True,
                text=True,
                timeout=IMPORT_TIMEOUT_S,
                stdin=subprocess.DEVNULL,
            )
            code = done.returncode
            if code != 0:
                print(
                    f"  import {files[index].parent.name} → {kommun} exit {code}: "
                    f"{(done.stderr or done.stdout).strip()[-300:]}",
                    file=sys.stderr,
                )
        except subprocess.TimeoutExpired:
            code = -1
        with results.lock:
            results.imports.append((kommun, files[index], code, time.perf_counter() - began))


def _upload_file(tmp: Path, megabytes: float) -> bytes:
    """A valid CSV register of about ``megabytes`` MB (many rows; parses in earnest)."""
    lines = ["Namn;Form;Område;Värdkommun;Medlemmar"]
    size, i = 0, 0
    target = int(megabytes * 1024 * 1024)
    while size < target:
        line = f"Flodavtal {i};avtalssamverkan;IT;Falun;Falun, Borlänge"
        lines.append(line)
        size += len(line) + 1
        i += 1
    return ("\n".join(lines) + "\n").encode("utf-8")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * (len(ordered) - 1)))))]


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20, help="concurrent simulated users (1–200)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load (1–600)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (1–16)")
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="mean seconds a simulated user reads a page before the next one (0–60)",
    )
    parser.add_argument(
        "--scale",
        choices=("demo", "sverige"),
        default="sverige",
        help="dataset served: the embedded demo data or the synthetic Sweden-sized one",
    )
    parser.add_argument("--import-threads", type=int, default=2, help="concurrent import processes (0–8)")
    parser.add_argument("--max-imports", type=int, default=40, help="register files prepared (1–200)")
    parser.add_argument(
        "--anonymous-uploads",
        type=int,
        default=8,
        help="concurrent anonymous upload checks, back to back (0–16)",
    )
    parser.add_argument(
        "--upload-mb", type=float, default=4.0, help="size of each uploaded file in MB (0.1–9)"
    )
    parser.add_argument(
        "--consistency-probes",
        type=int,
        default=16,
        help="page requests that must all show a save and an undo (0 = skip, up to 64)",
    )
    args = parser.parse_args(argv)
    # Bounded by design: refuse sizes that would turn a load test into a stress test of the machine.
    if not (
        1 <= args.users <= 200
        and 1 <= args.duration <= 600
        and 1 <= args.workers <= 16
        and 0 <= args.import_threads <= 8
        and 1 <= args.max_imports <= 200
        and 0 <= args.think <= 60
        and 0 <= args.anonymous_uploads <= 16
        and 0.1 <= args.upload_mb <= 9
        and 0 <= args.consistency_probes <= 64
    ):
        _fail("an option is outside its allowed range (see --help)")

    from samverkansvav.web.pages import load_pages

    paths = [page.path for page in load_pages()] or ["/"]
    url = _database_url()
    with tempfile.TemporaryDirectory(prefix="samverkansvav-load-") as tmp_name:
        tmp = Path(tmp_name)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SAMVERKANSVAV_", "GUNICORN_"))}
        env.update(
            {
                "SAMVERKANSVAV_SECRET_KEY": secrets.token_hex(32),
                "SAMVERKANSVAV_PRODUCTION": "true",
                "SAMVERKANSVAV_DATA_DIR": str(tmp / "instance"),
                "PYTHONPATH": str(REPO),
            }
        )
        env.pop("DATABASE_URL", None)
        if url:
            env["DATABASE_URL"] = url
        print(
            f"Database: {'PostgreSQL' if url else 'SQLite in a temporary folder'}; "
            f"dataset: {args.scale}; {args.workers} workers; {args.users} "
            f"users (think {args.think:g} s); {args.duration:g} s."
        )
        print("Preparing register files ...", flush=True)
        files = (
            _write_registers(tmp / "registers", args.max_imports, n_arrangements=25)
            if args.import_threads
            else []
        )

        from samverkansvav.store import Store

        def counts() -> dict[str, list]:
            with Store.open(url, data_dir=tmp / "instance") as store:
                return {k: store.history(k) for k in IMPORT_KOMMUNER}

        before = counts()
        app_spec = _app_module(tmp, args.scale)
        port = _free_port()
        print(f"Starting gunicorn on {HOST}:{port} ...", flush=True)
        began_start = time.monotonic()
        proc = _start_server(tmp, port, args.workers, app_spec, env)
        results = Results()
        try:
            _wait_ready(proc, port, tmp)
            print(
                f"Ready after {time.monotonic() - began_start:.1f} s. Load for {args.duration:g} s ...",
                flush=True,
            )
            consistency = (
                _consistency(port, env, tmp, args.consistency_probes) if args.consistency_probes else []
            )
            bodies = {p: _router_body(port, p) for p in paths}
            upload_body = (
                _upload_body(port, _upload_file(tmp, args.upload_mb), "flod.csv")
                if args.anonymous_uploads
                else b""
            )
            stop_at = time.monotonic() + args.duration
            threads = [
                threading.Thread(
                    target=_user, args=(port, paths, bodies, stop_at, results, i, args.think), daemon=True
                )
                for i in range(args.users)
            ]
            next_file, lock = [0], threading.Lock()
            threads += [
                threading.Thread(
                    target=_importer, args=(files, next_file, env, stop_at, results, lock), daemon=True
                )
                for _ in range(args.import_threads)
            ]
            threads += [
                threading.Thread(target=_uploader, args=(port, upload_body, stop_at, results), daemon=True)
                for _ in range(args.anonymous_uploads)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=args.duration + IMPORT_TIMEOUT_S + 60)
        finally:
            _stop_server(proc)
        after = counts()

        # ---- report
        print()
        all_latency = [s for values in results.latency.values() for s in values]
        served = len(all_latency)
        n_errors = sum(results.errors.values())
        print(f"Requests served: {served} ({served / args.duration:.1f}/s), errors: {n_errors}")
        for kind, values in sorted(results.latency.items()):
            print(
                f"  {kind:14s} n={len(values):6d}  p50={1000 * statistics.median(values):7.1f} ms  "
                f"p95={1000 * _percentile(values, 0.95):7.1f} ms  max={1000 * max(values):7.1f} ms"
            )
        if all_latency:
            print(
                f"  {'all':14s} n={served:6d}  p50={1000 * statistics.median(all_latency):7.1f} ms  "
                f"p95={1000 * _percentile(all_latency, 0.95):7.1f} ms"
            )
        reading = results.latency.get("GET page", []) + results.latency.get("POST callback", [])
        if reading:
            print(
                f"  {'reading pages':14s} n={len(reading):6d}  p95={1000 * _percentile(reading, 0.95):7.1f} ms"
                f"  (target < 500 ms)"
            )
        for what, n in results.errors.most_common(10):
            print(f"  error {what}: {n}")
        if results.uploads:
            print(
                "Anonymous upload checks: "
                + ", ".join(f"{k} {v}" for k, v in sorted(results.uploads.items()))
            )
        for line in consistency:
            print(line)
        consistent_workers = all("NOT" not in line and "failed" not in line for line in consistency)

        ok_imports = [(k, f) for k, f, code, _ in results.imports if code == 0]
        failed_imports = [(k, f, code) for k, f, code, _ in results.imports if code != 0]
        import_times = [s for *_, s in results.imports]
        print(
            f"Imports: {len(results.imports)} run, {len(ok_imports)} ok, {len(failed_imports)} failed"
            + (f", median {statistics.median(import_times):.1f} s each" if import_times else "")
        )
        consistent = True
        for kommun in IMPORT_KOMMUNER:
            # history() lists newest first: the new versions are those not there before.
            known = {v.version_no for v in before[kommun]}
            new = [v for v in after[kommun] if v.version_no not in known]
            expected = sorted(_sha256(f) for k, f in ok_imports if k == kommun)
            stored = sorted(v.sha256 for v in new)
            same = stored == expected and len(set(stored)) == len(stored)
            consistent &= same
            print(
                f"  {kommun}: {len(expected)} imported ok, {len(new)} new versions stored"
                f" -> {'each exactly once' if same else 'MISMATCH'}"
            )
        passed = n_errors == 0 and not failed_imports and consistent and consistent_workers
        print("RESULT:", "OK" if passed else "NOT OK")
        return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
