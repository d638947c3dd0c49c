"""Issue 17 item 6: HQ verifies any village's certificate, and an authority verifies offline with HQ's bundle.

Real registries with issued certificates, a real HQ merge; the CLI in subprocesses.
"""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from correspondent_app.documents.verification import signed_payload
from correspondent_app.exchange.bundle import BundleError, make_bundle, read_bundle, verify_with_bundle
from correspondent_app.exchange.export import export_package
from correspondent_app.exchange.hq import merge, open_hq, register
from correspondent_app.exchange.hq_verify import verify_at_hq
from tests.exchange.helpers import copy_hq, run, village


@pytest.fixture(scope="module")
def merged(tmp_path_factory, hq_engine):
    """A village with issued certificates (one voided), registered and merged at HQ (on each engine: hq_engine);
    and a bundle HQ made."""
    tmp = tmp_path_factory.mktemp("hqverify")
    reg, key = village(tmp, "alpha", 3, persons=12, certificates=True)
    issued = [c for c in _certificates(reg) if not c.voided_at]
    assert len(issued) >= 2, "the demo village must have at least two live certificates"
    voided = reg.certificates.void(issued[1].id, "wrong amount")
    hq = open_hq(tmp / "hq.sqlite")
    register(hq, key)
    export_package(reg, tmp / "a1.zip")
    assert merge(hq, tmp / "a1.zip").merged
    data, _fp = make_bundle(hq)
    (tmp / "bundle.json").write_bytes(data)
    hq.close()
    yield {"tmp": tmp, "reg": reg, "genuine": issued[0], "voided": voided,
           "installation": reg.profile.get().uuid}
    reg.close()


def _certificates(reg):
    ids = [r[0] for r in reg.db.execute("SELECT id FROM certificates ORDER BY id")]
    return [reg.certificates.get(i) for i in ids]


def _hq(merged):
    return open_hq(merged["tmp"] / "hq.sqlite")


def _forged(reg, certificate) -> str:
    """The genuine payload with one digit of the protocol number changed, re-signed with another key."""
    fields = signed_payload(reg, certificate).split("|")[:-1]
    fields[2] = str(int(fields[2]) + 1)
    body = "|".join(fields)
    signature = base64.urlsafe_b64encode(Ed25519PrivateKey.generate().sign(body.encode())).rstrip(b"=").decode()
    return body + "|" + signature


def test_hq_verifies_a_genuine_certificate_by_qr_and_by_code(merged):
    reg, cert = merged["reg"], merged["genuine"]
    hq = _hq(merged)
    try:
        for text in (signed_payload(reg, cert), cert.verification_code.lower().replace("-", " ")):
            verdict = verify_at_hq(hq, text)
            assert verdict.status == "valid", verdict
            assert verdict.village == f"Κοινότητα alpha ({merged['installation'][:8]})"
            assert verdict.protocol == f"{cert.protocol_no}/{cert.protocol_year}"
            assert verdict.issued_on == cert.issued_on.isoformat()
    finally:
        hq.close()


def test_hq_answers_void_for_a_voided_certificate(merged):
    reg, cert = merged["reg"], merged["voided"]
    hq = _hq(merged)
    try:
        assert verify_at_hq(hq, signed_payload(reg, cert)).status == "void"
        assert verify_at_hq(hq, cert.verification_code).status == "void"
    finally:
        hq.close()


def test_hq_unknown_code_and_forged_qr(merged):
    hq = _hq(merged)
    try:
        assert verify_at_hq(hq, "ZZZZ-ZZZZ-ZZZZ").status == "unknown"
        assert verify_at_hq(hq, _forged(merged["reg"], merged["genuine"])).status == "invalid"
        altered = signed_payload(merged["reg"], merged["genuine"]).replace("|", "|9", 1)  # a digit changed, not re-signed
        assert verify_at_hq(hq, altered).status == "invalid"
    finally:
        hq.close()


def test_hq_accepts_a_certificate_signed_with_a_village_key_replaced_since(merged, tmp_path):
    """After ``hq register --replace`` the old key still vouches for what it signed."""
    from correspondent_app.exchange.hq_keys import replace_village_key

    copy_hq(merged["tmp"] / "hq.sqlite", tmp_path / "hq.sqlite")
    new_key = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    info = json.loads((merged["tmp"] / "alpha.pub").read_bytes())
    info["public_key"] = base64.b64encode(new_key).decode()
    (tmp_path / "new.pub").write_text(json.dumps(info))
    hq = open_hq(tmp_path / "hq.sqlite")
    try:
        replace_village_key(hq, tmp_path / "new.pub")
        assert verify_at_hq(hq, signed_payload(merged["reg"], merged["genuine"])).status == "valid"
    finally:
        hq.close()


def test_bundle_verifies_offline(merged):
    reg, body = merged["reg"], read_bundle(merged["tmp"] / "bundle.json")[0]
    genuine = verify_with_bundle(body, signed_payload(reg, merged["genuine"]))
    assert genuine.status == "valid", genuine
    assert genuine.protocol == f"{merged['genuine'].protocol_no}/{merged['genuine'].protocol_year}"
    assert genuine.issued_on == merged["genuine"].issued_on.isoformat()
    assert verify_with_bundle(body, _forged(reg, merged["genuine"])).status == "invalid"
    assert verify_with_bundle(body, signed_payload(reg, merged["voided"])).status == "void"
    assert verify_with_bundle(body, merged["voided"].verification_code).status == "void"
    honest = verify_with_bundle(body, merged["genuine"].verification_code)
    assert honest.status == "unknown" and "code alone cannot prove" in honest.reason


def test_bundle_refuses_a_tampered_bundle(merged, tmp_path):
    """A voided code taken out (or a key slipped in) after HQ signed: the whole bundle is refused."""
    outer = json.loads((merged["tmp"] / "bundle.json").read_bytes())
    outer["bundle"]["voided"] = []
    (tmp_path / "tampered.json").write_text(json.dumps(outer))
    with pytest.raises(BundleError, match="altered"):
        read_bundle(tmp_path / "tampered.json")


def test_cli_end_to_end(merged, tmp_path):
    tmp, reg = merged["tmp"], merged["reg"]
    genuine, voided = signed_payload(reg, merged["genuine"]), signed_payload(reg, merged["voided"])
    ok = run("hq", "verify", "--from", tmp / "hq.sqlite", genuine)
    assert ok.returncode == 0 and ok.stdout.startswith("valid") and "Κοινότητα alpha" in ok.stdout, ok
    assert run("hq", "verify", "--from", tmp / "hq.sqlite", voided).returncode == 1
    assert run("hq", "verify", "--from", tmp / "hq.sqlite", "ZZZZ-ZZZZ-ZZZZ").returncode == 3
    made = run("hq", "verifier-bundle", "--from", tmp / "hq.sqlite", "--out", tmp_path / "b.json")
    assert made.returncode == 0 and "fingerprint" in made.stdout, made
    # no --db: verify --bundle opens no registry at all
    offline = run("verify", "--bundle", tmp_path / "b.json", genuine)
    assert offline.returncode == 0 and offline.stdout.startswith("valid"), offline
    assert run("verify", "--bundle", tmp_path / "b.json", voided).returncode == 1
    forged = run("verify", "--bundle", tmp_path / "b.json", _forged(reg, merged["genuine"]))
    assert forged.returncode == 1 and forged.stdout.startswith("invalid"), forged
    outer = json.loads((tmp_path / "b.json").read_bytes())
    outer["bundle"]["villages"][0]["community"] = "Άλλη"
    (tmp_path / "bad.json").write_text(json.dumps(outer))
    refused = run("verify", "--bundle", tmp_path / "bad.json", genuine)
    assert refused.returncode == 1 and "altered" in refused.stderr and "Traceback" not in refused.stderr, refused


def test_a_bundle_re_signed_by_another_key_is_refused_given_hqs_fingerprint(merged, tmp_path):
    """The bundle carries the key that signed it; only HQ's fingerprint, read out by phone, says whose it is."""
    from correspondent_app.exchange.bundle import _canonical

    tmp, reg = merged["tmp"], merged["reg"]
    voided = signed_payload(reg, merged["voided"])
    assert run("hq", "verifier-bundle", "--from", tmp / "hq.sqlite", "--out", tmp_path / "b.json").returncode == 0
    _body, hq_fp = read_bundle(tmp_path / "b.json")
    outer = json.loads((tmp_path / "b.json").read_bytes())
    outer["bundle"]["voided"] = []  # the forger un-voids a certificate...
    forger = Ed25519PrivateKey.generate()  # ...and signs the bundle again with a key of his own
    outer["bundle"]["hq_public_key"] = base64.b64encode(forger.public_key().public_bytes_raw()).decode()
    outer["signature"] = base64.b64encode(forger.sign(_canonical(outer["bundle"]))).decode()
    (tmp_path / "forged.json").write_text(json.dumps(outer))
    fooled = run("verify", "--bundle", tmp_path / "forged.json", voided)
    assert fooled.returncode == 0  # without the fingerprint the bundle holds together
    refused = run("verify", "--bundle", tmp_path / "forged.json", "--hq-fingerprint", hq_fp.lower(), voided)
    assert refused.returncode == 1 and "not by HQ's key" in refused.stderr and "Traceback" not in refused.stderr
    genuine = run("verify", "--bundle", tmp_path / "b.json", "--hq-fingerprint", hq_fp, voided)
    assert genuine.returncode == 1 and genuine.stdout.startswith("void"), genuine
