"""Benchmark the ``metrics`` pipeline against bare pandas reads, as whole processes.

Usage::

    python scripts/generate_synthetic.py                 # once (seeded) into benchmarks/data
    python scripts/benchmark_metrics.py [--data benchmarks/data] [--repeat 3] [--preset all]

For each preset, in the same run and on the same files, every step is a separate
Python process (start-up and imports included), timed wall-clock and with its
own peak memory (``os.wait4`` rusage of that child). The baseline and the
``metrics`` process run interleaved (baseline, metrics, baseline, metrics, ...)
so that load from elsewhere on the machine hits both alike; the ratio is
computed per pair and the median pair ratio is the figure that counts.

``sverige``
    baseline: ``python -c "import pandas as pd; pd.read_excel(FILE, dtype=str)"``
    with openpyxl, on ``sverige.xlsx``; ``metrics``: ``python -m samverkansvav
    metrics sverige.xlsx``. Target: metrics ≤ 1.0 × baseline.
``frankrike``
    baseline: a process that reads ``frankrike_lang.csv`` and
    ``frankrike_parter.csv`` with ``pd.read_csv``; ``metrics`` as above (with
    ``--parties``); ``network``: communities, k-core, articulation points and
    arrangement overlaps on the same web (time of the analysis itself).
    Targets: metrics ≤ 3 × baseline, < 512 MiB peak; network < 30 s.

The package is byte-compiled first (``compileall``), as an installed package is;
otherwise every run would pay for compiling the project's modules.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

_NETWORK = """
import sys, time
from samverkansvav.ingest import load_registers
from samverkansvav.reference import load_parties
web, report = load_registers([sys.argv[1]], parties=load_parties(sys.argv[2]))
from samverkansvav.analysis import network
began = time.perf_counter()
times = {}
for name, call in [("communities", network.communities), ("core_numbers", network.core_numbers),
                   ("articulation_points", network.articulation_points),
                   ("arrangement_overlap", network.arrangement_overlap)]:
    t = time.perf_counter(); call(web); times[name] = time.perf_counter() - t
print("NETWORK", time.perf_counter() - began, *(f"{k}={v:.2f}" for k, v in times.items()))
"""


def _measure(argv: list[str], repeat: int) -> tuple[float, float, str]:
    runs = [_run_with_rusage(argv) for _ in range(repeat)]
    return (statistics.median(r[0] for r in runs), max(r[1] for r in runs), runs[-1][2])


def _pairs(
    base_argv: list[str], argv: list[str], repeat: int
) -> tuple[tuple, tuple, list[float], list[float]]:
    """Interleaved runs: (base median s, base peak), (median s, peak), wall and CPU ratios per pair."""
    base, runs = [], []
    for _ in range(repeat):
        base.append(_run_with_rusage(base_argv))
        runs.append(_run_with_rusage(argv))
    ratios = [r[0] / b[0] for b, r in zip(base, runs)]
    # CPU seconds (user + system) of each child: what other load on a shared
    # machine changes least.
    cpu_ratios = [r[3] / b[3] for b, r in zip(base, runs)]

    def summary(rs: list[tuple]) -> tuple[float, float]:
        return statistics.median(r[0] for r in rs), max(r[1] for r in rs)

    return summary(base), summary(runs), ratios, cpu_ratios


def _ratios(ratios: list[float]) -> str:
    return ", ".join(f"{r:.2f}×" for r in ratios) + f" (median {statistics.median(ratios):.2f}×)"


def _run_with_rusage(argv: list[str]) -> tuple[float, float, str, float]:
    """(seconds, peak MiB, stdout, CPU seconds) of one child process."""
    began = time.perf_counter()
    tmp = Path(os.environ.get("TMPDIR", "/tmp"))
    out_path, err_path = tmp / f"bench_{os.getpid()}.out", tmp / f"bench_{os.getpid()}.err"
    with open(out_path, "wb") as out, open(err_path, "wb") as err_file:
        proc = subprocess.Popen(
            argv, cwd=REPO, stdout=out, stderr=err_file, env={**os.environ, "PYTHONPATH": str(REPO)}
        )
        # wait4 reaps this very child and returns its own rusage (peak RSS).
        _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - began
    code = os.waitstatus_to_exitcode(status)
    text, err = out_path.read_text(errors="replace"), err_path.read_text(errors="replace")
    out_path.unlink(missing_ok=True)
    err_path.unlink(missing_ok=True)
    if code != 0:
        raise SystemExit(f"failed ({code}): {' '.join(argv)}\n{err[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, text, usage.ru_utime + usage.ru_stime


def _line(label: str, seconds: float, peak: float, base: float | None = None) -> str:
    ratio = f"  {seconds / base:5.2f}× baseline" if base else ""
    return f"  {label:<34} {seconds:7.2f} s  {peak:7.0f} MiB{ratio}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the metrics pipeline.")
    parser.add_argument("--data", type=Path, default=REPO / "benchmarks" / "data")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--preset", choices=["sverige", "frankrike", "all"], default="all")
    args = parser.parse_args(argv)
    py = sys.executable
    subprocess.run(
        [py, "-m", "compileall", "-q", str(REPO / "samverkansvav")], check=True, stdout=subprocess.DEVNULL
    )
    print(
        f"Maskin: {os.cpu_count()} kärnor, Python {sys.version.split()[0]}; "
        f"{args.repeat} omväxlande körningar, median"
    )

    if args.preset in ("sverige", "all"):
        xlsx = str(args.data / "sverige.xlsx")
        base_argv = [
            py,
            "-W",
            "ignore",
            "-c",
            f"import pandas as pd; pd.read_excel({xlsx!r}, dtype=str, engine='openpyxl')",
        ]
        ingest = _measure(
            [py, "-c", f"from samverkansvav.ingest import load_registers; load_registers([{xlsx!r}])"],
            args.repeat,
        )
        base, metrics, ratios, cpu = _pairs(
            base_argv, [py, "-m", "samverkansvav", "metrics", xlsx, "--out", os.devnull], args.repeat
        )
        print("sverige (bred xlsx, 3 000 arrangemang):")
        print(_line("baslinje: pd.read_excel(dtype=str), openpyxl", *base))
        print(_line("ingest: load_registers", *ingest[:2], base[0]))
        print(_line("metrics-kommandot (hela processen)", *metrics, base[0]))
        print(f"  kvot per par: {_ratios(ratios)}; CPU-tid: {_ratios(cpu)}")
        print(f"  mål ≤ 1,0×: {'uppfyllt' if statistics.median(ratios) <= 1.0 else 'EJ uppfyllt'}")

    if args.preset in ("frankrike", "all"):
        long = str(args.data / "frankrike_lang.csv")
        parties = str(args.data / "frankrike_parter.csv")
        base_argv = [py, "-c", f"import pandas as pd; pd.read_csv({long!r}); pd.read_csv({parties!r})"]
        ingest = _measure(
            [
                py,
                "-c",
                "from samverkansvav.ingest import load_registers; "
                "from samverkansvav.reference import load_parties; "
                f"load_registers([{long!r}], parties=load_parties({parties!r}))",
            ],
            args.repeat,
        )
        base, metrics, ratios, cpu = _pairs(
            base_argv,
            [py, "-m", "samverkansvav", "metrics", long, "--parties", parties, "--out", os.devnull],
            args.repeat,
        )
        network = _measure([py, "-c", _NETWORK, long, parties], 1)
        net_line = next(l for l in network[2].splitlines() if l.startswith("NETWORK")).split()
        print("frankrike (lång csv + partstabell, 35 000 parter, 10 000 arrangemang):")
        print(_line("baslinje: pandas läser csv-filerna", *base))
        print(_line("ingest: load_registers", *ingest[:2], base[0]))
        print(_line("metrics-kommandot (hela processen)", *metrics, base[0]))
        print(f"  kvot per par: {_ratios(ratios)}; CPU-tid: {_ratios(cpu)}")
        print(
            f"  mål ≤ 3× och < 512 MiB: "
            f"{'uppfyllt' if statistics.median(ratios) <= 3 and metrics[1] < 512 else 'EJ uppfyllt'}"
        )
        print(
            f"  nätverksanalys (communities, k-core, artikulationspunkter, överlapp): "
            f"{float(net_line[1]):.2f} s ({' '.join(net_line[2:])}); "
            f"mål < 30 s: {'uppfyllt' if float(net_line[1]) < 30 else 'EJ uppfyllt'}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
