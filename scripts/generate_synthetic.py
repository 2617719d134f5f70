"""Write the seeded synthetic registers used by the benchmark.

Usage::

    python scripts/generate_synthetic.py [--preset sverige|frankrike|all] [--seed 0] [--out DIR]

Writes ``DIR/<preset>.xlsx`` (wide form, one row per arrangement),
``DIR/<preset>_lang.csv`` (long form, one row per membership) and, for
``frankrike``, ``DIR/frankrike_parter.csv`` (the generated parties table; pass it
to ``metrics --parties``). Default DIR: ``benchmarks/data`` beside this script's
repository. The same seed always gives the same files.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from samverkansvav.synthetic import PRESETS, generate, write_files  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", choices=[*PRESETS, "all"], default="all")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parents[1] / "benchmarks" / "data"
    )
    args = parser.parse_args(argv)
    presets = list(PRESETS) if args.preset == "all" else [args.preset]
    for preset in presets:
        began = time.perf_counter()
        reg = generate(preset, seed=args.seed)
        paths = write_files(reg, args.out)
        sizes = reg.memberships.groupby("arrangement_id").size()
        print(
            f"{preset}: {len(reg.arrangements)} arrangemang, {len(reg.memberships)} medlemskap, "
            f"störst {sizes.max()} medlemmar, {len(reg.parties)} parter "
            f"({time.perf_counter() - began:.1f} s)"
        )
        for kind, path in paths.items():
            print(f"  {kind}: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
