"""Readers that misbehave on purpose, run by the sandbox child in the sandbox tests.

Loaded by file path inside the child process (never imported by the tests), so
each function has the reader signature ``f(path, **kwargs)``.
"""

from __future__ import annotations

import os
import pickle
import resource
import signal
import time

__all__ = [
    "echo",
    "hog_memory",
    "spin",
    "sleep_forever",
    "segfault",
    "raise_unreadable",
    "raise_bug",
    "write_big_file",
    "limits",
    "noisy",
    "evil_reply",
]


def echo(path, **kwargs):
    return {"path": path, **kwargs}


def hog_memory(path, **kwargs):
    chunks = []
    for _ in range(200):  # up to 10 GB in 50 MB pieces
        chunks.append(bytearray(50 * 1024 * 1024))
    return len(chunks)


def spin(path, **kwargs):
    while True:
        pass


def sleep_forever(path, **kwargs):
    time.sleep(3600)


def segfault(path, **kwargs):
    os.kill(os.getpid(), signal.SIGSEGV)


def raise_unreadable(path, **kwargs):
    from samverkansvav.ingest import UnreadableFile

    raise UnreadableFile("konstig.xlsx", "Filen är inget register: ett särskilt meddelande.")


def raise_bug(path, **kwargs):
    return {}["secret_internal_key"]


def write_big_file(path, **kwargs):
    target = str(path) + ".out"
    try:
        with open(target, "wb") as fh:
            fh.write(b"x" * (10 * 1024 * 1024))
            fh.flush()
    except OSError as exc:
        return {"error": exc.errno, "size": os.path.getsize(target)}
    return {"error": None, "size": os.path.getsize(target)}


def limits(path, **kwargs):
    got = {
        name: resource.getrlimit(getattr(resource, name))
        for name in ("RLIMIT_AS", "RLIMIT_CPU", "RLIMIT_FSIZE")
    }
    try:
        resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
        got["raised"] = True
    except (ValueError, OSError):
        got["raised"] = False
    return got


def noisy(path, **kwargs):
    print("this line must not corrupt the reply")
    return "fine"


class _Boom:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def evil_reply(path, **kwargs):
    # Write a reply that would run a command if the parent unpickled it blindly.
    os.write(1, pickle.dumps(("ok", _Boom(str(path) + ".pwned"))))
    os._exit(0)
