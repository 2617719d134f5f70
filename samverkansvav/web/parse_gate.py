"""Bounded upload checks: how many files are read at once, by whom, and how much waits on disk.

Reading an uploaded register is the one expensive thing an anonymous visitor can
ask for. The gate keeps it bounded across every worker process of the server:

- **Global cap.** At most ``max_parallel_parses`` files are read at once (all
  gunicorn workers together; keep it below the number of workers, so reading
  views always have a free worker). One of the slots is kept for signed-in users
  when there are two or more.
- **Per client.** One file at a time per client (signed-in user, else IP).
- **No queue.** A check that finds no free slot is refused at once with a
  Swedish message ("försök igen om en stund"): nobody's worker waits on a queue.
- **Disk.** Files waiting for "Spara" may take ``upload_quota_mb`` together;
  older ones are deleted first, then a new upload is refused. Files that
  cannot be saved (anonymous checks, files with errors) are deleted at once.

Slots are ``flock`` locks on files in ``data_dir/parse-slots``: the kernel
releases them when a process dies, so a killed worker never leaks a slot.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from samverkansvav.config import Config

__all__ = ["ParseGate", "GateClosed", "make_room", "MESSAGES", "CLIENT_BUCKETS"]

#: Lock files for the per-client cap (two clients in one bucket wait for each other).
CLIENT_BUCKETS = 4096

MESSAGES = {
    "busy": {
        "sv": "Servern kontrollerar redan så många filer som den hinner just nu. Försök igen om en "
        "liten stund.",
        "en": "The server is already checking as many files as it can. Please try again shortly.",
    },
    "client": {
        "sv": "En fil från dig kontrolleras redan. Vänta tills den är klar innan du laddar upp nästa.",
        "en": "A file from you is already being checked. Wait until it is done before uploading the next.",
    },
    "quota": {
        "sv": "Servern har inte plats för fler uppladdade filer just nu. Försök igen senare eller "
        "kontakta förvaltaren.",
        "en": "The server has no room for more uploaded files right now. Try again later or contact "
        "the administrator.",
    },
}


class GateClosed(Exception):
    """No slot (``reason`` ``busy`` / ``client``) or no disk room (``quota``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def message(self, lang: str = "sv") -> str:
        return MESSAGES[self.reason]["en" if lang == "en" else "sv"]


@dataclass(frozen=True)
class ParseGate:
    """Cross-process slots for reading uploads (see the module docstring)."""

    folder: Path
    slots: int = 2

    @classmethod
    def from_config(cls, config: Config) -> ParseGate:
        slots = max(1, config.max_parallel_parses)
        return cls(Path(config.data_dir) / "parse-slots", slots)

    def _try_lock(self, name: str):  # -> file object or None
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle = open(self.folder / name, "a+b")  # noqa: SIM115 - held until released
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return None
        return handle

    @contextlib.contextmanager
    def slot(self, client: str, *, signed_in: bool) -> Iterator[None]:
        """Hold a reading slot for ``client`` while the block runs, or raise :class:`GateClosed`.

        Inside a request that already holds a slot (see :func:`install`) the block
        runs under that one.
        """
        if _request_holds_slot():
            yield
            return
        with self._acquire(client, signed_in=signed_in):
            yield

    @contextlib.contextmanager
    def _acquire(self, client: str, *, signed_in: bool) -> Iterator[None]:
        # A fixed number of lock files: clients hash into buckets, so the folder stays small.
        bucket = int(hashlib.sha256(client.encode("utf-8")).hexdigest()[:8], 16) % CLIENT_BUCKETS
        mine = self._try_lock(f"client-{bucket}.lock")
        if mine is None:
            raise GateClosed("client")
        held = None
        try:
            usable = self.slots if (signed_in or self.slots < 2) else self.slots - 1
            for i in range(usable):
                held = self._try_lock(f"slot-{i}.lock")
                if held is not None:
                    break
            if held is None:
                raise GateClosed("busy")
            yield
        finally:
            if held is not None:
                held.close()
            mine.close()


def make_room(
    folder: Path, incoming: int, quota_bytes: int, *, ttl_s: float, now: float | None = None
) -> None:
    """Make room for ``incoming`` bytes in the upload folder, or raise :class:`GateClosed` ("quota").

    Deletes files older than ``ttl_s``; if the folder would still exceed
    ``quota_bytes``, deletes the oldest waiting uploads (they can be uploaded
    again); refuses when even an empty folder could not take the file.
    """
    if incoming > quota_bytes:
        raise GateClosed("quota")
    now = time.time() if now is None else now
    try:
        entries = []
        for path in folder.iterdir():
            try:
                st = path.stat()
            except OSError:
                continue
            if now - st.st_mtime > ttl_s:
                with contextlib.suppress(OSError):
                    path.unlink()
                continue
            entries.append((st.st_mtime, st.st_size, path))
    except OSError:
        return
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries, key=lambda e: e[0]):
        if total + incoming <= quota_bytes:
            break
        with contextlib.suppress(OSError):
            path.unlink()
            total -= size
    if total + incoming > quota_bytes:
        raise GateClosed("quota")


def client_key(account) -> str:  # noqa: ANN001 - an Account or None
    """Who is checking: the signed-in user, else the client IP (trusted proxies honoured)."""
    if account is not None:
        return f"user:{account.username}"
    from samverkansvav.web.auth import request_ip

    return f"ip:{request_ip()}"


def gate_for(config: Config) -> ParseGate:
    return ParseGate.from_config(config)


# --------------------------------------------------------------------------- per request
#: Callback requests larger than this carry a file: they need a parse slot before
#: their body is read at all (page callbacks are a few kilobytes).
LARGE_BODY_BYTES = 256 * 1024
#: Response header of a refused request naming why (``busy``, ``client`` or ``quota``).
REFUSAL_HEADER = "X-Samverkansvav-Refusal"
_HELD = "_samverkansvav_parse_slot"


def _request_holds_slot() -> bool:
    try:
        import flask
    except ImportError:  # pragma: no cover - flask comes with dash
        return False
    return flask.has_request_context() and flask.g.get(_HELD) is not None


def install(server, config=None) -> None:  # noqa: ANN001 - a Flask app and a Config
    """Give every large callback request (an uploaded file) a parse slot before its body is read.

    ``config`` defaults to the app's ``SAMVERKANSVAV_CONFIG`` at request time.

    A request that gets none is answered at once - 429 with the Swedish message,
    after its body is read off the socket unparsed - so a flood of uploads never
    occupies more workers than there are slots for longer than a copy: decoding
    and parsing happen only inside a slot.
    """
    import flask

    if server.extensions.get("samverkansvav_parse_gate"):
        return
    server.extensions["samverkansvav_parse_gate"] = True

    def settings():  # noqa: ANN202 - the app's settings, read when a request comes (set after install)
        if config is not None:
            return config
        found = flask.current_app.config.get("SAMVERKANSVAV_CONFIG")
        if found is None:
            from samverkansvav.config import load_config

            found = load_config()
        return found

    def before() -> flask.Response | None:
        request = flask.request
        if request.method != "POST" or not request.path.endswith("_dash-update-component"):
            return None
        if request.content_length is not None and request.content_length <= LARGE_BODY_BYTES:
            return None
        from samverkansvav.web.auth import current_account

        account = current_account()
        held = gate_for(settings())._acquire(client_key(account), signed_in=account is not None)
        try:
            held.__enter__()
        except GateClosed as exc:
            # Read the body off the socket (cheap: no JSON, no base64) so the client gets
            # the answer instead of a broken pipe; the size limit has already been checked.
            stream = request.stream
            while stream.read(1 << 20):
                pass
            response = flask.make_response(exc.message("sv"), 429)
            response.mimetype = "text/plain"
            response.headers["Retry-After"] = "5"
            # The page shows the message in its own language (assets/gate_refusal.js): the
            # renderer itself drops a callback's error answer without a word.
            response.headers[REFUSAL_HEADER] = exc.reason
            return response
        flask.g.setdefault(_HELD, held)
        return None

    def release(_error=None) -> None:  # noqa: ANN001
        held = flask.g.pop(_HELD, None)
        if held is not None:
            held.__exit__(None, None, None)

    server.before_request(before)
    server.teardown_request(release)


__all__ += ["client_key", "gate_for", "install", "LARGE_BODY_BYTES", "REFUSAL_HEADER"]
