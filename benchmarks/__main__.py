"""``make bench`` / ``python -m benchmarks [NAME...]``: run benchmarks and print figures with baselines."""

import importlib
import sys

ALL = ("search", "certificate", "startup", "hq_merge")


def main(argv: list[str]) -> int:
    """Names first, then options for them (``hq_merge --engine postgresql``)."""
    names = [a for a in argv if not a.startswith("-")][:len(argv)]
    options = argv[next((i for i, a in enumerate(argv) if a.startswith("-")), len(argv)):]
    names = [n for n in names if n not in options] or list(ALL)
    for name in names:
        if name not in ALL:
            print(f"unknown benchmark {name}; choose from {', '.join(ALL)}", file=sys.stderr)
            return 2
        module = importlib.import_module(f"benchmarks.{name}")
        module.main(options) if options else module.main()
    return 0


sys.exit(main(sys.argv[1:]))
