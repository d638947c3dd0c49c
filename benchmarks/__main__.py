"""``make bench`` / ``python -m benchmarks [NAME...]``: run benchmarks and print figures with baselines."""

import importlib
import sys

ALL = ("search", "certificate", "startup", "hq_merge")


def main(argv: list[str]) -> int:
    names = argv or list(ALL)
    for name in names:
        if name not in ALL:
            print(f"unknown benchmark {name}; choose from {', '.join(ALL)}", file=sys.stderr)
            return 2
        importlib.import_module(f"benchmarks.{name}").main()
    return 0


sys.exit(main(sys.argv[1:]))
