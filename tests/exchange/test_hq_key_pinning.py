"""Issue 15 item 9 (HQ's key is set up, never learnt from an acknowledgement) and the HQ half of item 8's re-key.

The attack: any Ed25519 key plus the manifest's SHA-256 (printed on the
transmittal) made an acknowledgement the village accepted, and since the
first acknowledgement pinned its key, HQ's genuine ones were refused for
good. Now the office sets HQ's key up explicitly (``trust-hq`` with HQ's key
file or the fingerprint HQ reads out) and refuses every other key.
"""

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from correspondent_app.exchange.ack import (KIND, _signed_bytes, hq_key_file, import_acknowledgement, trust_hq,
                                            trusted_hq_fingerprint, write_acknowledgement)
from correspondent_app.exchange.export import export_package, public_key_file
from correspondent_app.exchange.hq import merge
from correspondent_app.exchange.hq_keys import key_changes
from correspondent_app.registry import RegistryError, keys
from correspondent_app.registry.records import now
from tests.exchange.helpers import first_merge, run, trust


def forged_acknowledgement(reg, path):
    """What anyone can make: their own key, the installation id and the manifest hash from the transmittal."""
    attacker = Ed25519PrivateKey.generate()
    sequence, sha = reg.db.execute("SELECT sequence, manifest_sha256 FROM exports ORDER BY sequence").fetchone()
    fields = {"kind": KIND, "format": 1, "installation": reg.profile.get().uuid, "community": "forged",
              "sequence": sequence, "manifest_sha256": sha, "merged_at": now(), "created_at": now(),
              "hq_public_key": base64.b64encode(keys.raw_public(attacker)).decode()}
    document = {"acknowledgement": fields, "signature": base64.b64encode(attacker.sign(_signed_bytes(fields))).decode()}
    path.write_text(json.dumps(document))
    return path


def acks(reg):
    return reg.db.execute("SELECT COUNT(*) FROM export_acks").fetchone()[0]


def test_a_forged_first_acknowledgement_is_refused_and_hqs_genuine_one_accepted(tmp_path):
    reg, key, hq = first_merge(tmp_path)
    trust(reg, hq)  # at set-up, with the fingerprint HQ read out
    forged = forged_acknowledgement(reg, tmp_path / "forged.json")
    with pytest.raises(RegistryError, match="not signed with HQ's key as set up here"):
        import_acknowledgement(reg, forged)
    assert acks(reg) == 0
    genuine = tmp_path / "genuine.json"
    genuine.write_bytes(write_acknowledgement(hq, key)[0])
    assert import_acknowledgement(reg, genuine).new and acks(reg) == 1


def test_without_hqs_key_set_up_no_acknowledgement_is_taken(tmp_path):
    reg, key, hq = first_merge(tmp_path)
    genuine = tmp_path / "genuine.json"
    genuine.write_bytes(write_acknowledgement(hq, key)[0])
    for path in (forged_acknowledgement(reg, tmp_path / "forged.json"), genuine):
        with pytest.raises(RegistryError, match="HQ's key is not set up.*trust-hq"):
            import_acknowledgement(reg, path)
    assert acks(reg) == 0
    hq_file = tmp_path / "hq.pub"
    hq_file.write_bytes(hq_key_file(hq)[0])
    trust_hq(reg, hq_file)  # from HQ's key file this time
    assert import_acknowledgement(reg, genuine).new


def test_hqs_fingerprint_is_typed_as_read_out_and_recorded(tmp_path):
    reg, _key, hq = first_merge(tmp_path)
    _data, fp = hq_key_file(hq)
    typed = keys.grouped(fp).lower()  # "a1b2 c3d4 …" as written down on the phone
    assert trust_hq(reg, typed) == fp == trusted_hq_fingerprint(reg)
    with pytest.raises(RegistryError, match="neither HQ's key file nor its fingerprint"):
        trust_hq(reg, "1234 5678")
    assert trusted_hq_fingerprint(reg) == fp
    entry = reg.db.execute("SELECT after FROM audit WHERE action = 'trust-hq'").fetchone()
    assert fp in entry[0] and "fingerprint" in entry[0]


def test_the_attack_on_the_command_line(tmp_path):
    reg, key, hq = first_merge(tmp_path)
    path = reg.path
    forged = forged_acknowledgement(reg, tmp_path / "forged.json")
    reg.close()
    hq_db = tmp_path / "hq.sqlite"
    hq.close()
    refused = run("--db", path, "import-ack", forged)
    assert refused.returncode == 1 and "trust-hq" in refused.stderr and "Traceback" not in refused.stderr
    made = run("hq", "key", "--from", hq_db, "--out", tmp_path / "hq.pub")
    assert made.returncode == 0, made.stderr
    spoken = made.stdout.split("fingerprint (read it out to the offices): ")[1].strip()
    assert len(spoken.split()) == 8 and all(len(group) == 4 for group in spoken.split())
    assert run("--db", path, "trust-hq", spoken).returncode == 0
    refused = run("--db", path, "import-ack", forged)
    assert refused.returncode == 1 and "not signed with HQ's key" in refused.stderr
    assert run("hq", "ack", "--from", hq_db, "--village", key, "--out", tmp_path / "ack.json").returncode == 0
    accepted = run("--db", path, "import-ack", tmp_path / "ack.json")
    assert accepted.returncode == 0 and "acknowledged package 1" in accepted.stdout, accepted.stderr


def test_after_a_rekey_hq_merges_only_once_it_registered_the_new_key(tmp_path):
    reg, old_key_file, hq = first_merge(tmp_path)
    for lost in keys.key_folder(reg).glob("*.key"):
        lost.unlink()  # the office's PC broke; the registry came back from a backup
    with pytest.raises(RegistryError, match="rekey"):
        export_package(reg, tmp_path / "refused.zip")
    old, new = keys.rekey(reg, "PC broke")
    reg.persons.add({"surname_lat": "AFTERREKEY", "name_lat": "X"})
    export_package(reg, tmp_path / "a2.zip", full=True)
    refused = merge(hq, tmp_path / "a2.zip")  # HQ still holds the old key: nobody can slip a key in
    assert not refused.merged and "signature" in refused.reason
    new_key_file = tmp_path / "alpha-new.pub"
    new_key_file.write_bytes(public_key_file(reg))
    hq_db = tmp_path / "hq.sqlite"
    plain = run("hq", "register", "--into", hq_db, new_key_file)
    assert plain.returncode == 1 and "--replace" in plain.stderr
    replaced = run("hq", "register", "--replace", "--into", hq_db, new_key_file)
    assert replaced.returncode == 0 and keys.grouped(new) in replaced.stdout, replaced.stderr
    assert key_changes(hq, reg.profile.get().uuid)[0][:2] == (old, new)
    assert merge(hq, tmp_path / "a2.zip").merged
    assert old_key_file.exists()
