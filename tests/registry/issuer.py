"""A subprocess that issues certificates in a loop (for the crash and concurrency tests).

    python -m tests.registry.issuer REGISTRY COUNT TAG [GO_FILE]
Each round registers a person, opens a case, records a unique receipt and
issues the certificate, printing the protocol number. With GO_FILE it says
"ready" once the registry is open and waits for that file to exist, so that
two issuers really start writing at the same moment.
"""

import sys
import time
from pathlib import Path
from datetime import date
from decimal import Decimal

from correspondent_app.demo.clerk import settle_for_issue
from correspondent_app.registry import Registry
from tests.office import OFFICE

FACTS = {"provision": "par10", "oga_status": "never", "works_in_agriculture": True}


def main() -> None:
    path, count, tag = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    registry = Registry.open(path, actor=f"issuer-{tag}")
    if registry.profile.get() is None:
        try:
            registry.profile.save(**OFFICE)
        except Exception:  # noqa: BLE001 - another issuer saved it first
            pass
    if len(sys.argv) > 4:
        print("ready", flush=True)
        while not Path(sys.argv[4]).exists():
            time.sleep(0.005)
    for i in range(count):
        person = registry.persons.add({"surname_lat": f"WORKER{tag}X{i}", "name_lat": "TEST"}, allow_duplicate=True)
        case = registry.cases.open(person.id, FACTS)
        registry.cases.move(case.id, "awaiting_payment")
        # branch = tag, transaction = round: unique across issuers
        registry.payments.record_ate(case.id, f"{tag:04d}/010905/{i:06d}", Decimal("2040.72"))
        settle_for_issue(registry, case.id, on=date(2005, 10, 1))
        cert = registry.certificates.issue(case.id, on=date(2005, 10, 1),
                                           render=lambda reg, c: b"%PDF-1.4 " + c.uuid.encode() * 50)
        print(cert.protocol_no, flush=True)
        if len(sys.argv) > 4:
            time.sleep(0.005)  # a breath between certificates, as at a counter: the other instance's turn
    registry.close()


if __name__ == "__main__":
    main()
