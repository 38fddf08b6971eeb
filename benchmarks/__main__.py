"""Run every benchmark module in this folder, or those named as arguments.

Each ``bench_*.py`` module has a ``main()`` that prints its own results.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main(names: list[str]) -> None:
    """Run the benchmarks named in ``names``, or all of them."""
    folder = Path(__file__).parent
    available = sorted(path.stem for path in folder.glob("bench_*.py"))
    chosen = names or available
    unknown = sorted(set(chosen) - set(available))
    if unknown:
        raise SystemExit(
            f"unknown benchmark {', '.join(unknown)}; available: {', '.join(available)}"
        )
    for name in chosen:
        print(f"== {name}")
        importlib.import_module(f"benchmarks.{name}").main()


if __name__ == "__main__":
    main(sys.argv[1:])
