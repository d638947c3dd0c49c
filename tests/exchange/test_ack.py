"""HQ's acknowledgements: a lost package no longer blocks a village; a full package restarts a chain."""

import json
from datetime import date

import pytest

from correspondent_app.exchange.ack import import_acknowledgement, write_acknowledgement
from correspondent_app.exchange.export import NothingToExport, export_package
from correspondent_app.exchange.hq import cross_checks, merge, open_hq, register
from correspondent_app.registry import RegistryError
from tests.exchange.helpers import first_merge, run, trust, village


def acknowledge(hq, key, reg, path):
    if reg.db.execute("SELECT COUNT(*) FROM hq_trust").fetchone()[0] == 0:
        trust(reg, hq)  # set up once, as the office does before its first acknowledgement
    path.write_bytes(write_acknowledgement(hq, key)[0])
    return import_acknowledgement(reg, path)


def add_person(reg, surname):
    return reg.persons.add({"surname_lat": surname, "name_lat": "X", "birth_date": date(1990, 1, 1)})


def surnames(hq):
    return {r[0] for r in hq.execute("SELECT surname_lat FROM persons")}


def test_a_lost_package_is_covered_by_the_next_incremental_one(tmp_path):
    reg, key, hq = first_merge(tmp_path)
    assert acknowledge(hq, key, reg, tmp_path / "ack1.json").new
    add_person(reg, "LOST")
    export_package(reg, tmp_path / "a2.zip")  # never reaches HQ
    add_person(reg, "LATER")
    third = export_package(reg, tmp_path / "a3.zip")
    assert not third.full and third.base == 1 and third.rows["persons"] == 2  # everything since package 1
    result = merge(hq, tmp_path / "a3.zip")
    assert result.merged, result.reason
    assert {"LOST", "LATER"} <= surnames(hq)
    assert any("package 2 never arrived" in f for f in result.findings)
    assert any("package 2 never arrived" in f for f in cross_checks(hq))  # kept for the report
    late = merge(hq, tmp_path / "a2.zip")  # found on the USB stick after all: older than what HQ holds
    assert not late.merged and "covers it" in late.reason
    assert acknowledge(hq, key, reg, tmp_path / "ack3.json").sequence == 3
    add_person(reg, "FOURTH")
    fourth = export_package(reg, tmp_path / "a4.zip")
    assert fourth.base == 3 and fourth.rows["persons"] == 1
    assert merge(hq, tmp_path / "a4.zip").merged


def test_a_full_package_after_a_gap_restarts_the_chain(tmp_path):
    reg, key, hq = first_merge(tmp_path)
    add_person(reg, "LOST")
    export_package(reg, tmp_path / "a2.zip")  # lost
    add_person(reg, "LATER")
    export_package(reg, tmp_path / "a3.zip", full=True)
    result = merge(hq, tmp_path / "a3.zip")
    assert result.merged and "full package 3" in result.reason
    assert any("package 2 never arrived" in f and "restarts" in f for f in result.findings)
    assert {"LOST", "LATER"} <= surnames(hq)


@pytest.mark.no_hq
def test_without_any_acknowledgement_every_export_holds_everything(tmp_path):
    reg, _key = village(tmp_path, "alpha", 1)
    first = export_package(reg, tmp_path / "a1.zip")
    add_person(reg, "NEW")
    second = export_package(reg, tmp_path / "a2.zip")
    assert second.full and second.rows["persons"] == first.rows["persons"] + 1


def test_an_incremental_export_with_nothing_new_takes_no_number(tmp_path):
    reg, key, hq = first_merge(tmp_path)
    acknowledge(hq, key, reg, tmp_path / "ack.json")
    entries = len(reg.protocol.entries())
    with pytest.raises(NothingToExport, match="package 1"):
        export_package(reg, tmp_path / "a2.zip")  # only package 1's own protocol entry is newer
    assert not (tmp_path / "a2.zip").exists() and len(reg.protocol.entries()) == entries
    assert reg.db.execute("SELECT COUNT(*) FROM exports").fetchone()[0] == 1


def test_an_acknowledgement_that_does_not_hold_is_refused(tmp_path):
    reg, key = village(tmp_path, "alpha", 1)
    beta, beta_key = village(tmp_path, "beta", 2)
    hq = open_hq(tmp_path / "hq.sqlite")
    register(hq, key)
    register(hq, beta_key)
    export_package(reg, tmp_path / "a1.zip")
    export_package(beta, tmp_path / "b1.zip")
    merge(hq, tmp_path / "a1.zip")
    merge(hq, tmp_path / "b1.zip")
    good, fields = write_acknowledgement(hq, key)
    trust(reg, hq)
    forged = json.loads(good)
    forged["acknowledgement"]["sequence"] = 2
    (tmp_path / "forged.json").write_text(json.dumps(forged))
    with pytest.raises(RegistryError, match="signature"):
        import_acknowledgement(reg, tmp_path / "forged.json")
    (tmp_path / "beta.json").write_bytes(write_acknowledgement(hq, beta_key)[0])
    with pytest.raises(RegistryError, match="another installation"):
        import_acknowledgement(reg, tmp_path / "beta.json")
    (tmp_path / "junk.json").write_text("[1, 2]")
    with pytest.raises(RegistryError, match="not an acknowledgement"):
        import_acknowledgement(reg, tmp_path / "junk.json")
    (tmp_path / "good.json").write_bytes(good)
    assert import_acknowledgement(reg, tmp_path / "good.json").new
    assert not import_acknowledgement(reg, tmp_path / "good.json").new  # twice: nothing changes
    other_hq = open_hq(tmp_path / "other.sqlite")  # another key than HQ's, as the office set it up
    register(other_hq, key)
    merge(other_hq, tmp_path / "a1.zip")
    (tmp_path / "other.json").write_bytes(write_acknowledgement(other_hq, key)[0])
    with pytest.raises(RegistryError, match="not signed with HQ's key as set up here"):
        import_acknowledgement(reg, tmp_path / "other.json")
    assert reg.db.execute("SELECT COUNT(*) FROM export_acks").fetchone()[0] == 1
    assert fields["sequence"] == 1 and fields["community"] == "Κοινότητα alpha"


def test_an_acknowledgement_of_a_package_this_registry_did_not_export_is_refused(tmp_path):
    reg, key, hq = first_merge(tmp_path)
    (tmp_path / "ack.json").write_bytes(write_acknowledgement(hq, key)[0])
    fresh, _ = village(tmp_path, "fresh", 1)  # a registry that claims alpha's installation id but never exported
    fresh.db.execute("UPDATE profile SET uuid = ?", [reg.profile.get().uuid])
    trust(fresh, hq)
    with pytest.raises(RegistryError, match="did not export"):
        import_acknowledgement(fresh, tmp_path / "ack.json")


def test_ack_and_import_ack_on_the_command_line(tmp_path):
    reg, key = village(tmp_path, "alpha", 1)
    path = reg.path
    reg.close()
    hq = tmp_path / "hq.sqlite"
    assert run("--db", path, "export", "--out", tmp_path / "a1.zip").returncode == 0
    assert run("hq", "register", "--into", hq, key).returncode == 0
    assert run("hq", "merge", "--into", hq, tmp_path / "a1.zip").returncode == 0
    installation = json.loads(key.read_text())["installation"]
    made = run("hq", "key", "--from", hq, "--out", tmp_path / "hq.pub")
    assert made.returncode == 0 and "fingerprint" in made.stdout, made.stderr
    trusted = run("--db", path, "trust-hq", tmp_path / "hq.pub")
    assert trusted.returncode == 0 and "HQ's key set up" in trusted.stdout, trusted.stderr
    for village_arg in (key, installation, installation[:8]):
        made = run("hq", "ack", "--from", hq, "--village", village_arg, "--out", tmp_path / "ack.json")
        assert made.returncode == 0 and "package 1" in made.stdout, made.stderr
    unknown = run("hq", "ack", "--from", hq, "--village", "ffffffff", "--out", tmp_path / "x.json")
    assert unknown.returncode == 1 and "not registered" in unknown.stderr and "Traceback" not in unknown.stderr
    imported = run("--db", path, "import-ack", tmp_path / "ack.json")
    assert imported.returncode == 0 and "acknowledged package 1" in imported.stdout
    nothing = run("--db", path, "export", "--out", tmp_path / "a2.zip")
    assert nothing.returncode == 0 and "nothing new to export" in nothing.stdout.lower() and not (tmp_path / "a2.zip").exists()
