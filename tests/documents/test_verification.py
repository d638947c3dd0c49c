"""Verification code and signed QR payload: valid / invalid / unknown, offline."""

import subprocess
import sys

import pytest

from correspondent_app.documents.issuing import issue_certificate
from correspondent_app.documents.verification import SEPARATOR, signed_payload, verify
from correspondent_app.registry import Registry

from .conftest import paid_case
from tests.office import office


@pytest.fixture()
def issued(registry):
    cert = issue_certificate(registry, paid_case(registry, "1δ").id)
    return cert, signed_payload(registry, cert)


def test_code_and_payload_are_valid(registry, issued):
    cert, payload = issued
    assert verify(registry, cert.verification_code).status == "valid"
    assert verify(registry, cert.verification_code.lower()).status == "valid"
    assert verify(registry, payload).status == "valid"
    assert payload.isascii() and payload.startswith("OGA2|")


def test_payload_is_printed_in_the_qr_of_the_stored_pdf(registry, issued):
    cert, payload = issued
    # the payload is signed at issue time and must be reproducible from the record
    assert payload == signed_payload(registry, cert)


@pytest.mark.parametrize("field", range(1, 7))  # OGA2: year, number, installation, date, code, digest
def test_tampering_with_any_field_is_invalid(registry, issued, field):
    _, payload = issued
    parts = payload.split(SEPARATOR)
    parts[field] = parts[field][:-1] + ("7" if parts[field][-1:] != "7" else "8") if parts[field] else "X"
    assert verify(registry, SEPARATOR.join(parts)).status == "invalid"


def test_tampered_signature_is_invalid(registry, issued):
    _, payload = issued
    body, _, sig = payload.rpartition(SEPARATOR)
    assert verify(registry, body + SEPARATOR + sig[::-1]).status == "invalid"


def test_voided_certificate_is_invalid(registry, issued):
    cert, payload = issued
    registry.certificates.void(cert.id, "Λάθος στοιχεία")
    assert verify(registry, cert.verification_code).status == "invalid"
    assert verify(registry, payload).status == "invalid"


def test_unknown_code_and_other_office(registry, issued, tmp_path):
    _, payload = issued
    assert verify(registry, "ZZZZ-ZZZZ-ZZZZ").status == "unknown"
    with Registry.open(tmp_path / "other.sqlite") as other:
        other.profile.save(**office(community="Άλλη"))
        assert verify(other, payload).status == "invalid"  # signed with another office's key


def test_cli_verify(registry, issued):
    cert, payload = issued
    path = registry.path
    registry.close()
    for text, expected, code in [(cert.verification_code, "valid", 0), (payload, "valid", 0),
                                 ("AAAA-BBBB-CCCC", "unknown", 3), (payload[:-3] + "abc", "invalid", 1)]:
        result = subprocess.run([sys.executable, "-m", "correspondent_app", "--db", str(path), "verify", text],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == code and result.stdout.startswith(expected), result.stdout + result.stderr


def test_qr_on_the_printed_certificate_decodes_to_a_valid_payload(registry, issued, tmp_path):
    import shutil

    cert, payload = issued
    assert shutil.which("zbarimg"), "zbar-tools missing: scripts/system-packages.txt installs it"
    pdf = tmp_path / "cert.pdf"
    pdf.write_bytes(registry.certificates.pdf(cert.id))
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "p")], check=True)
    for page in sorted(tmp_path.glob("p-*.png")):  # the same QR on every copy
        decoded = subprocess.run(["zbarimg", "-q", "--raw", str(page)], capture_output=True, text=True).stdout.strip()
        assert decoded == payload
        assert verify(registry, decoded).status == "valid"



@pytest.mark.parametrize("typed", ["32HC1VA0YE2M", "32HC 1VA0 YE2M", " 32hc - 1va0 - ye2m ", "32HC-IVAO-YE2M",
                                   "32HC-lVAO-YE2M", "32HC.1VA0.YE2M"])
def test_typing_variants_of_the_code_are_found(registry, monkeypatch, typed):
    """No dashes, spaces, lower case, O for 0 and I/L for 1 (Crockford base32 has no I, L, O)."""
    monkeypatch.setattr("correspondent_app.registry.certificates.new_verification_code", lambda: "32HC-1VA0-YE2M")
    cert = issue_certificate(registry, paid_case(registry, "1δ").id)
    assert cert.verification_code == "32HC-1VA0-YE2M"
    verdict = verify(registry, typed)
    assert verdict.status == "valid" and verdict.certificate_id == cert.id, (typed, verdict)
    assert verify(registry, "32HC-1VA0-YE2N").status == "unknown"  # a real typo is still unknown


def test_normalise_code():
    from correspondent_app.documents.verification import normalise_code

    assert normalise_code("M57ENDVPDFNV") == "M57E-NDVP-DFNV"
    assert normalise_code("M57E NDVP DFNV") == "M57E-NDVP-DFNV"
    assert normalise_code("32HC-1VAO-YE2M") == "32HC-1VA0-YE2M"
    assert normalise_code("32hc-lvao-ye2m") == "32HC-1VA0-YE2M"
    assert normalise_code("ABC") == "ABC"


def test_two_instances_making_the_key_at_once_both_use_the_one_stored(tmp_path):
    # The second instance read "no key" before the first stored one: its insert must quietly give way.
    from correspondent_app.documents.verification import signing_key
    from correspondent_app.registry import Registry

    path = tmp_path / "r.sqlite"
    with Registry.open(path) as first, Registry.open(path) as second:
        real_execute = second.db.execute
        calls = []

        def execute(sql, *args):
            if "SELECT public_key, private_key FROM installation_key" in sql and not calls:
                calls.append(sql)
                signing_key(first)  # the other instance wins the race right now
                return real_execute("SELECT NULL WHERE 0")
            return real_execute(sql, *args)

        second.db.execute = execute
        key = signing_key(second)
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        raw = lambda k: k.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)  # noqa: E731
        assert raw(key) == raw(signing_key(first))
