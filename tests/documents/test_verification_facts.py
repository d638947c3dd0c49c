"""The QR signs the date and the facts certified at issue (issue 15, item 7)."""

from __future__ import annotations

import base64
import json
import sqlite3

import pytest

from correspondent_app.documents import qr
from correspondent_app.documents.issuing import issue_certificate
from correspondent_app.documents.verification import (SEPARATOR, payload_fields, signed_payload, signing_key,
                                                      verify)

from .conftest import paid_case


@pytest.fixture()
def issued(registry):
    certificate = issue_certificate(registry, paid_case(registry, "1δ").id)
    return certificate, signed_payload(registry, certificate)


def behind(registry, trigger, statement, params=()):
    """Plain SQL on the registry's file with a defence trigger dropped and recreated as it was."""
    conn = sqlite3.connect(registry.path, isolation_level=None)
    try:
        text = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [trigger]).fetchone()[0]
        conn.execute(f"DROP TRIGGER {trigger}")
        conn.execute(statement, params)
        conn.execute(text)
    finally:
        conn.close()


def person_of(registry, certificate):
    return registry.persons.get(registry.cases.get(certificate.case_id).person_id)


def test_the_payload_carries_the_date_and_signs_the_facts_at_issue(registry, issued):
    certificate, payload = issued
    fields = payload.split(SEPARATOR)
    assert fields[0] == "OGA2" and fields[4] == certificate.issued_on.strftime("%Y%m%d")
    facts = json.loads(registry.certificates.sealed(certificate.id)[0])
    person = person_of(registry, certificate)
    payment = registry.payments.for_case(certificate.case_id)
    assert facts["issued_on"] == certificate.issued_on.isoformat()
    assert facts["person"]["surname_el"] == person.surname_el and facts["person"]["passport_no"] == person.passport_no
    assert facts["category"] == registry.cases.get(certificate.case_id).category
    assert facts["payment"]["amount_cents"] == int(payment.amount * 100)
    assert facts["payment"]["receipt"] == payment.receipt_code
    assert facts["protocol"] == {"year": certificate.protocol_year, "number": certificate.protocol_no}


def test_a_later_correction_of_the_passport_keeps_a_genuine_certificate_valid(registry, issued):
    certificate, payload = issued
    registry.persons.update(person_of(registry, certificate).id, {"passport_no": "CD7654321"})
    assert verify(registry, payload).status == "valid"
    assert verify(registry, certificate.verification_code).status == "valid"


def test_a_backdated_row_does_not_verify(registry, issued):
    certificate, payload = issued
    behind(registry, "certificates_issued_fields", "UPDATE certificates SET issued_on = '2005-01-01' WHERE id = ?",
           [certificate.id])
    for text in (payload, certificate.verification_code):
        verdict = verify(registry, text)
        assert verdict.status == "invalid" and "altered" in verdict.reason, verdict
        assert "issued 01/01/2005" not in verdict.reason  # what it answered before


def test_a_row_backdated_with_its_protocol_entry_does_not_verify_either(registry, issued):
    certificate, payload = issued
    behind(registry, "certificates_issued_fields", "UPDATE certificates SET issued_on = '2005-01-01' WHERE id = ?",
           [certificate.id])
    behind(registry, "protocol_no_update", "UPDATE protocol SET entry_date = '2005-01-01' WHERE year = ? AND number = ?",
           [certificate.protocol_year, certificate.protocol_no])
    for text in (payload, certificate.verification_code):
        verdict = verify(registry, text)
        assert verdict.status == "invalid" and "issue date" in verdict.reason, verdict


def test_stored_facts_edited_do_not_verify(registry, issued):
    certificate, payload = issued
    facts = json.loads(registry.certificates.sealed(certificate.id)[0])
    facts["payment"]["amount_cents"] = 100
    behind(registry, "certificates_sealed", "UPDATE certificates SET facts = ? WHERE id = ?",
           [json.dumps(facts, sort_keys=True, separators=(",", ":")), certificate.id])
    assert verify(registry, payload).status == "invalid"
    assert verify(registry, certificate.verification_code).status == "invalid"


def test_the_payment_edited_does_not_verify(registry, issued):
    certificate, payload = issued
    behind(registry, "payments_fixed_when_certified", "UPDATE payments SET amount_cents = 100 WHERE id = ?",
           [certificate.payment_id])
    verdict = verify(registry, payload)
    assert verdict.status == "invalid" and "payment" in verdict.reason


def legacy_payload(registry, certificate) -> str:
    """The OGA1 payload earlier versions printed: the facts in clear, signed."""
    body = SEPARATOR.join(payload_fields(registry, certificate))
    return body + SEPARATOR + base64.urlsafe_b64encode(signing_key(registry).sign(body.encode())).rstrip(b"=").decode()


@pytest.fixture()
def issued_before_v8(registry, issued):
    """A certificate as earlier versions left it: no stored facts, an OGA1 payload in its QR."""
    certificate, _payload = issued
    payload = legacy_payload(registry, certificate)
    behind(registry, "certificates_sealed", "UPDATE certificates SET facts = NULL, qr_payload = NULL WHERE id = ?",
           [certificate.id])
    return certificate, payload


def test_old_format_payloads_still_verify(registry, issued_before_v8):
    certificate, payload = issued_before_v8
    assert payload.startswith("OGA1|")
    assert verify(registry, payload).status == "valid"
    assert verify(registry, certificate.verification_code).status == "valid"
    assert signed_payload(registry, certificate) == payload  # a reprint made anew prints the same


def test_old_format_payloads_survive_a_later_passport_correction(registry, issued_before_v8):
    certificate, payload = issued_before_v8
    registry.persons.update(person_of(registry, certificate).id, {"passport_no": "CD7654321"})
    assert verify(registry, payload).status == "valid"  # compared with the passport as it was at issue


def test_old_format_payloads_tampered_are_still_invalid(registry, issued_before_v8):
    certificate, payload = issued_before_v8
    parts = payload.split(SEPARATOR)
    parts[5] = "1"  # another amount, the signature kept
    assert verify(registry, SEPARATOR.join(parts)).status == "invalid"
    behind(registry, "certificates_issued_fields", "UPDATE certificates SET issued_on = '2005-01-01' WHERE id = ?",
           [certificate.id])
    assert verify(registry, payload).status == "invalid"  # the date disagrees with the protocol book


def test_the_qr_is_no_larger_than_before(registry, issued):
    certificate, payload = issued
    assert len(qr.qr_modules(payload)) <= len(qr.qr_modules(legacy_payload(registry, certificate)))
    assert len(qr.qr_modules(payload)) <= 61  # version 11 at level Q, as printed at 25 mm


def test_a_certificate_printed_by_an_earlier_version_still_verifies(tmp_path):
    """The QR printed in the v4 demo registry's kept PDF (OGA1), read back with zbar after the upgrade."""
    import shutil
    import subprocess
    from pathlib import Path

    from correspondent_app.registry import Registry

    path = tmp_path / "v4.sqlite"
    shutil.copy2(Path(__file__).parents[1] / "registry" / "fixtures" / "v4-demo.sqlite", path)
    with Registry.open(path, backup_dir=tmp_path / "backups") as registry:
        certificate_id, pdf = registry.db.execute("SELECT id, pdf FROM certificates WHERE pdf IS NOT NULL "
                                                  "AND voided_at IS NULL ORDER BY id LIMIT 1").fetchone()
        (tmp_path / "old.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(tmp_path / "old.pdf"),
                        str(tmp_path / "p")], check=True)
        page = next(tmp_path.glob("p-*.png"))
        payload = subprocess.run(["zbarimg", "-q", "--raw", str(page)], capture_output=True, text=True).stdout.strip()
        assert payload.startswith("OGA1|")
        assert verify(registry, payload).status == "valid"
        certificate = registry.certificates.get(certificate_id)
        registry.persons.update(person_of(registry, certificate).id, {"passport_no": "CD7654321"})
        assert verify(registry, payload).status == "valid"  # the passport as it was at issue
