"""`python -m benchmarks [--sizes 1000,10000,100000] [--repeat 5] [--keep DIR]`: see scale.py."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.scale import DEFAULT_SIZES, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="tracker at scale: wall time and peak memory beside same-run baselines.",
    )
    parser.add_argument(
        "--sizes",
        default=",".join(str(n) for n in DEFAULT_SIZES),
        help="comma-separated catalog sizes (default: %(default)s)",
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs of each quick command (median is shown)"
    )
    parser.add_argument(
        "--keep", type=Path, help="work in DIR and keep the catalogs and databases there"
    )
    args = parser.parse_args(argv)
    try:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error("--sizes takes numbers separated by commas, e.g. 1000,10000")
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
    run(sizes, repeat=max(1, args.repeat), keep=args.keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
