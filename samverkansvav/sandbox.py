"""Read an untrusted register in a child process with limits on time, memory and output.

One hostile upload (an XML entity bomb, a zip bomb, a sheet claiming a million
columns, a parser bug that loops) must not take the server down. So the web
upload and the ``import`` command call :func:`read_register_sandboxed`, which
runs :func:`samverkansvav.ingest.read_register` in a fresh ``python -m
samverkansvav.sandbox`` process that

- caps its address space (``RLIMIT_AS``, setting ``parse_memory_mb``),
- caps its CPU time (``RLIMIT_CPU``, derived from ``parse_timeout_s``),
- may not grow any file beyond a few kilobytes (``RLIMIT_FSIZE``; the result
  travels back over a pipe, which the limit does not cover),
- is killed, with its whole process group, when the wall-clock timeout passes.

The limits are set by the child on itself *before* it reads the request, and
soft = hard, so the code that parses the hostile file can never raise them
again. The limits are not a privilege boundary: the child runs as the same
user. They bound resources, which is what a malformed or malicious spreadsheet
attacks. Results come back as a pickle read with an allow-listed unpickler
(defence in depth, not a security boundary for the reason above).

Every failure of the child -- timeout, memory, crash -- becomes
:class:`samverkansvav.ingest.UnreadableFile` with a Swedish message naming the
file, so callers handle one exception type (the ``check`` command exits 2).

Examples
--------
>>> size_limit_bytes(max_upload_mb=0.5)
524288
>>> _cpu_seconds(2.2)
4
"""

from __future__ import annotations

import io
import logging
import math
import os
import pickle
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["read_register_sandboxed", "size_limit_bytes", "SandboxLimits", "main"]

log = logging.getLogger(__name__)

#: The child may write files no larger than this (it needs none; the result
#: goes back over stdout). Zero would also work; a few kB leaves room for a
#: library that insists on a tiny cache file, and ``PYTHONDONTWRITEBYTECODE``
#: keeps the interpreter from trying to write ``.pyc`` files at all.
FSIZE_LIMIT_BYTES = 64 * 1024
#: The child's stderr kept for the log, so a crash is diagnosable without
#: letting a chatty failure fill the parent's memory.
STDERR_KEEP_BYTES = 20_000

# Status words of the child's reply (the first element of the pickled tuple).
#: The reader the child runs.
READER = "samverkansvav.ingest:read_register"

_OK = "ok"
_UNREADABLE = "unreadable"
_MEMORY = "memory"
_ERROR = "error"


@dataclass(frozen=True)
class SandboxLimits:
    """Wall-clock seconds and address-space megabytes for one child."""

    timeout_s: float
    memory_mb: int


def size_limit_bytes(*, max_upload_mb: float) -> int:
    """The upload limit in bytes (MiB, as the config's "megabyte" means)."""
    return int(max_upload_mb * 1024 * 1024)


def _cpu_seconds(timeout_s: float) -> int:
    # CPU seconds can never exceed wall-clock seconds for a single-threaded
    # child, so the wall-clock timeout normally fires first; the CPU limit is
    # the backstop should the parent die and leave the child spinning.
    return max(1, math.ceil(timeout_s)) + 1


def _unreadable(file: str, message: str) -> Exception:
    from samverkansvav.ingest import UnreadableFile

    return UnreadableFile(file, message)


def _format_mb(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def read_register_sandboxed(
    path: str | os.PathLike[str],
    *,
    parties: pd.DataFrame | None = None,
    reporter: str | None = None,
    display_name: str | None = None,
    timeout_s: float | None = None,
    memory_mb: int | None = None,
):
    """Read a register like ``read_register``, but in a resource-limited child process.

    Parameters
    ----------
    path
        The uploaded file.
    parties, reporter, display_name
        Passed to :func:`samverkansvav.ingest.read_register` unchanged.
    timeout_s, memory_mb
        Wall-clock limit and address-space limit for the child; ``None`` takes
        ``parse_timeout_s`` / ``parse_memory_mb`` from :func:`samverkansvav.config.load_config`.

    Returns
    -------
    RegisterResult
        Exactly what ``read_register`` returned in the child.

    Raises
    ------
    samverkansvav.ingest.UnreadableFile
        The file is larger than ``max_upload_mb`` (checked before any parsing),
        or ``read_register`` raised it (same message), or the child ran out of
        time or memory, or died.
    """
    from samverkansvav.config import load_config

    config = load_config()
    limits = SandboxLimits(
        timeout_s=float(config.parse_timeout_s if timeout_s is None else timeout_s),
        memory_mb=int(config.parse_memory_mb if memory_mb is None else memory_mb),
    )
    path = Path(path)
    name = display_name or path.name

    # Cheap checks first: no process is spawned for a file we would refuse anyway.
    try:
        size = path.stat().st_size
    except OSError:
        raise _unreadable(name, f"Filen {name} finns inte eller kan inte öppnas.") from None
    limit = size_limit_bytes(max_upload_mb=config.max_upload_mb)
    if size > limit:
        raise _unreadable(
            name,
            f"Filen {name} är för stor ({_format_mb(size / 1024 / 1024)} MB). "
            f"Största tillåtna storlek är {_format_mb(config.max_upload_mb)} MB "
            "(inställningen max_upload_mb). Dela upp registret eller ta bort onödiga blad.",
        )

    return _read_in_sandbox(
        path,
        name=name,
        target=READER,
        limits=limits,
        kwargs={"parties": parties, "reporter": reporter, "display_name": display_name},
    )


def _read_in_sandbox(path: Path, *, name: str, target: str, limits: SandboxLimits, kwargs: dict):
    """Call ``target(path, **kwargs)`` in the child and map every failure to UnreadableFile.

    ``target`` is ``"module:function"`` or ``"/file.py:function"``; always chosen by
    our own code (the tests use it to run a reader that misbehaves on purpose).
    """
    request = {"target": target, "path": str(path.resolve()), "kwargs": kwargs}
    reply, returncode, stderr, timed_out = _run_child(request, limits)
    if timed_out:
        raise _unreadable(name, _timeout_message(name, limits))
    if reply is not None:
        status = reply[0]
        if status == _OK:
            return reply[1]
        if status == _UNREADABLE:
            return_file, message = reply[1], reply[2]
            raise _unreadable(return_file, message)
        if status == _MEMORY:
            raise _unreadable(name, _memory_message(name, limits))
        # An exception that is neither UnreadableFile nor MemoryError is a bug in
        # the reader: log it for us, give the user a message without internals.
        log.error("read_register failed in the sandbox for %s: %s", name, reply[1])
        raise _unreadable(name, _crash_message(name))
    # No reply: the child was killed by a signal or exited without answering.
    if returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        # SIGKILL without our own timeout is the CPU hard limit (or the OOM killer).
        raise _unreadable(name, _timeout_message(name, limits))
    lowered = stderr.lower()
    # "memory allocation of N bytes failed": Rust (calamine) aborts the process on a failed allocation.
    if any(
        word in lowered
        for word in ("memoryerror", "cannot allocate", "bad_alloc", "out of memory", "memory allocation of")
    ):
        raise _unreadable(name, _memory_message(name, limits))
    log.error("sandboxed reader died for %s (exit %s): %s", name, returncode, stderr[-2000:])
    raise _unreadable(name, _crash_message(name))


def _timeout_message(name: str, limits: SandboxLimits) -> str:
    seconds = _format_mb(limits.timeout_s)
    return (
        f"Filen tog för lång tid att läsa: {name} var inte färdigläst efter {seconds} sekunder "
        "(inställningen parse_timeout_s). Kontrollera att filen är ett vanligt register; "
        "spara den på nytt som .xlsx eller dela upp den."
    )


def _memory_message(name: str, limits: SandboxLimits) -> str:
    return (
        f"Filen kräver för mycket minne för att läsas: {name} behövde mer än "
        f"{limits.memory_mb} MB (inställningen parse_memory_mb). Filen kan vara skadad eller "
        "innehålla väldigt mycket data; spara den på nytt som .xlsx eller dela upp den."
    )


def _crash_message(name: str) -> str:
    return (
        f"Filen {name} kunde inte läsas: läsningen avbröts oväntat. "
        "Spara filen på nytt som .xlsx eller .csv och försök igen; hör av dig till "
        "förvaltaren av verktyget om felet kvarstår."
    )


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    # BLAS/OpenMP thread pools reserve address space per thread, which would eat
    # into RLIMIT_AS, and the reader needs none of them.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
        env[var] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    # openpyxl reads this at import; "False" would silently switch off defusedxml.
    env.pop("OPENPYXL_DEFUSEDXML", None)
    # The child must import this very package, wherever the parent found it.
    root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def _run_child(request: dict, limits: SandboxLimits) -> tuple[tuple | None, int | None, str, bool]:
    """Run the child; return (reply or None, returncode, stderr tail, timed_out)."""
    payload = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
    cmd = [
        sys.executable,
        "-m",
        "samverkansvav.sandbox",
        "--memory-mb",
        str(limits.memory_mb),
        "--cpu-s",
        str(_cpu_seconds(limits.timeout_s)),
    ]
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_child_env(),
        # Own process group: on timeout we kill everything the child started.
        start_new_session=True,
        close_fds=True,
    )
    timed_out = False
    try:
        out, err = proc.communicate(payload, timeout=limits.timeout_s)
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill_group(proc)
        out, err = proc.communicate()
    except BaseException:
        _kill_group(proc)
        proc.communicate()
        raise
    stderr = err[-STDERR_KEEP_BYTES:].decode("utf-8", "replace")
    if timed_out:
        return None, proc.returncode, stderr, True
    reply = None
    if out:
        try:
            reply = _RestrictedUnpickler(io.BytesIO(out)).load()
        except Exception as exc:  # a truncated or foreign reply means the child died mid-write
            log.error("unreadable reply from sandbox child: %r", exc)
            reply = None
    if not (isinstance(reply, tuple) and reply and reply[0] in (_OK, _UNREADABLE, _MEMORY, _ERROR)):
        reply = None
    return reply, proc.returncode, stderr, False


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


# Modules whose classes a RegisterResult legitimately contains. Anything else in
# the reply (os.system, subprocess, eval...) is refused.
_ALLOWED_MODULE_PREFIXES = (
    "pandas.",
    "numpy.",
    "samverkansvav.",
    "datetime",
    "collections",
    "copyreg",
    "_codecs",
)
_ALLOWED_BUILTINS = frozenset(
    {
        "set",
        "frozenset",
        "tuple",
        "list",
        "dict",
        "slice",
        "complex",
        "range",
        "bytearray",
        "object",
        "int",
        "float",
        "str",
        "bytes",
        "bool",
    }
)


class _RestrictedUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module == "builtins" and name in _ALLOWED_BUILTINS:
            return super().find_class(module, name)
        if module in ("numpy", "pandas") or module.startswith(_ALLOWED_MODULE_PREFIXES):
            if name.startswith("read_") or name in {"eval", "load", "loads", "system", "query"}:
                raise pickle.UnpicklingError(f"refused {module}.{name}")
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refused {module}.{name}")


# ---------------------------------------------------------------------------
# The child side
# ---------------------------------------------------------------------------


def _apply_limits(*, memory_mb: int, cpu_s: int) -> None:
    import resource

    memory = memory_mb * 1024 * 1024
    # soft == hard: the parsing code cannot raise them again.
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s))
    resource.setrlimit(resource.RLIMIT_FSIZE, (FSIZE_LIMIT_BYTES, FSIZE_LIMIT_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _load_target(target: str):
    import importlib
    import importlib.util

    module_name, _, function = target.rpartition(":")
    if module_name.endswith(".py"):
        spec = importlib.util.spec_from_file_location("_sandbox_target", module_name)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    else:
        module = importlib.import_module(module_name)
    return getattr(module, function)


def _reply(stream, value: tuple) -> None:
    stream.write(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    stream.flush()


def main(argv: list[str] | None = None) -> int:
    """Entry point of the child: limits, then read the request on stdin, reply on stdout."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m samverkansvav.sandbox")
    parser.add_argument("--memory-mb", type=int, required=True)
    parser.add_argument("--cpu-s", type=int, required=True)
    args = parser.parse_args(argv)
    _apply_limits(memory_mb=args.memory_mb, cpu_s=args.cpu_s)
    out = sys.stdout.buffer
    # Anything the reader prints must not corrupt the reply on stdout.
    sys.stdout = sys.stderr
    request = pickle.loads(sys.stdin.buffer.read())  # from our own parent: trusted
    from samverkansvav.ingest import UnreadableFile

    reader = _load_target(request["target"])
    try:
        result = reader(request["path"], **request["kwargs"])
    except UnreadableFile as exc:
        _reply(out, (_UNREADABLE, str(exc.file), str(exc.message)))
        return 0
    except MemoryError:
        result = None  # drop whatever is left before building the reply
        _reply(out, (_MEMORY,))
        return 0
    except RecursionError as exc:
        _reply(out, (_ERROR, f"RecursionError: {exc}"[:2000]))
        return 0
    except Exception as exc:  # reported to the parent, which logs it
        import traceback

        _reply(out, (_ERROR, "".join(traceback.format_exception(exc))[-4000:]))
        return 0
    try:
        _reply(out, (_OK, result))
    except MemoryError:
        _reply(out, (_MEMORY,))
    return 0


if __name__ == "__main__":
    sys.exit(main())
