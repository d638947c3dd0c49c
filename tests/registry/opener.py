"""A subprocess that opens a registry at a given moment (the simultaneous-start tests).

    python -m tests.registry.opener REGISTRY GO_FILE
Says "ready", waits for GO_FILE to exist, opens (creating or upgrading) the
registry, adds one person and prints "ok"; on a registry error it prints
"error: ..." and exits 1.
"""

import sys
import time
from pathlib import Path

from correspondent_app.registry import Registry, RegistryError


def main() -> int:
    path, go = Path(sys.argv[1]), Path(sys.argv[2])
    print("ready", flush=True)
    while not go.exists():
        time.sleep(0.001)
    try:
        with Registry.open(path, actor="opener") as registry:
            registry.persons.add({"surname_lat": "OPENER", "name_lat": str(registry.db.conn)}, allow_duplicate=True)
    except RegistryError as exc:
        import traceback  # noqa: PLC0415 - where it failed, for the test's message

        print(f"error: {exc}", flush=True)
        traceback.print_exc()
        return 1
    print("ok", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
