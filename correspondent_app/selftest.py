"""``correspondent-app self-test``: prove an installation works, with no display.

Opens the main window offscreen, makes a throw-away registry, takes one case
of each category to a certificate PDF, verifies each certificate and exits 0.
A missing data file, font, catalog or hidden import fails it: the installer
build runs it on the built folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path



def run_self_test(out=sys.stdout) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as folder:
        os.environ["CORRESPONDENT_APP_HOME"] = folder
        return _check(Path(folder), out)


def _check(folder: Path, out) -> int:
    from correspondent_app.demo.clerk import settle_for_issue
    from correspondent_app.demo.generate import BENCH_OFFICE
    from correspondent_app.documents.issuing import issue_certificate
    from correspondent_app.documents.specimens import FACTS  # one sample case of each category
    from correspondent_app.documents.verification import signed_payload, verify
    from correspondent_app.i18n import _, set_language
    from correspondent_app.registry import Registry
    from correspondent_app.ui.app import create_app
    from correspondent_app.ui.main_window import MainWindow

    # The self-test's throwaway signing keys go to files in its temporary folder,
    # never into the PC's protected key store (Windows Credential Locker).
    os.environ["CORRESPONDENT_KEY_STORE"] = "file"
    app = create_app()
    set_language("el")
    if _("Cases") != "Υποθέσεις":
        raise SystemExit("self-test: the Greek catalog is missing")
    registry = Registry.open(folder / "self-test.sqlite", actor="self-test")
    registry.profile.save(**BENCH_OFFICE)
    window = MainWindow(registry)
    window.show()
    app.processEvents()
    for i, (category, facts) in enumerate(FACTS.items()):
        person = registry.persons.add({"surname_el": "Δοκιμή", "surname_lat": f"TEST{i}", "nationality": "AL",
                                       "birth_date": date(1975, 3, 14)}, allow_duplicate=True)
        case = registry.cases.open(person.id, facts)
        if case.amount is None:
            registry.cases.set_amount(case.id, Decimal("312.40"), source="hq_list", reference="self-test")
        registry.cases.move(case.id, "awaiting_payment")
        amount = registry.cases.get(case.id).amount
        if category == "1α":
            registry.payments.record_elta(case.id, f"SELFTEST{i}", date(2005, 9, 20), amount)
        else:
            registry.payments.record_ate(case.id, f"0623/300605/{i:06d}", amount)
        settle_for_issue(registry, case.id)
        certificate = issue_certificate(registry, case.id)
        pdf = registry.certificates.pdf(certificate.id)
        verdict = verify(registry, signed_payload(registry, certificate))
        if not pdf.startswith(b"%PDF") or verdict.status != "valid":
            print(f"self-test: category {category} FAILED ({verdict.reason})", file=out)
            return 1
        print(f"self-test: {category} certificate {certificate.protocol} ({len(pdf):,} bytes) valid", file=out)
    window.close()
    registry.close()
    print("self-test: all checks passed", file=out)
    return 0
