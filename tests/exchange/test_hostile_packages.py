"""Hostile packages at HQ (issue 15, items 10-13 and 16): each attack is made as an adversary with the village's
real key would make it, and HQ refuses it (or keeps it apart) without losing memory, data or its other villages."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
import time
import uuid
import zipfile

import pytest

from correspondent_app import cli
from correspondent_app.exchange import hq as hq_module
from correspondent_app.exchange import hq_sqlite
from correspondent_app.exchange.export import export_package
from correspondent_app.exchange.hq import findings, merge, open_hq, open_hq_read_only, register
from correspondent_app.exchange.package import MANIFEST, SIGNATURE, PackageError, read_package
from correspondent_app.exchange.report import rows as report_rows
from tests.exchange.helpers import child_env, hq_args, resign, rewrite, run, village


def complete(registry, src, dst):
    """The package with a certificate and its protocol entry (demo villages without rendered certificates have
    none), signed by the village: every table has a first row to spoil."""
    def add(members):
        cases = [json.loads(line) for line in members["data/cases.jsonl"].decode().splitlines()]
        payments = [json.loads(line) for line in members["data/payments.jsonl"].decode().splitlines()]
        payment = payments[0]
        case = next(c for c in cases if c["uuid"] == payment["case_uuid"])
        rows = {"certificates": {"uuid": str(uuid.uuid4()), "case_uuid": case["uuid"], "payment_uuid": payment["uuid"],
                                 "model": 3, "protocol_year": 2005, "protocol_no": 1, "issued_on": "2005-10-16",
                                 "verification_code": "RNBV-57K1-5QSQ", "pdf_sha256": "ab" * 32, "voided_at": None,
                                 "void_reason": ""},
                "protocol": {"uuid": str(uuid.uuid4()), "year": 2005, "number": 1, "entry_date": "2005-10-16",
                             "kind": "certificate", "subject": "Βεβαίωση υποδείγματος 3", "case_uuid": case["uuid"],
                             "person_uuid": case["person_uuid"]}}
        for table, row in rows.items():
            if not members[f"data/{table}.jsonl"]:
                members[f"data/{table}.jsonl"] = (json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n").encode()
        return members

    def count(manifest):
        manifest["rows"] = {t: max(n, 1) if t in ("certificates", "protocol") else n
                            for t, n in manifest["rows"].items()}
        return manifest

    return resign(registry, src, dst, change_members=add, change_manifest=count)


@pytest.fixture(scope="module")
def villages(tmp_path_factory):
    """Alpha and beta, each with its first package exported (every table with rows)."""
    folder = tmp_path_factory.mktemp("villages")
    made = {}
    for name, seed in (("alpha", 1), ("beta", 2)):
        reg, key = village(folder, name, seed)
        export_package(reg, folder / f"{name[0]}0.zip")
        made[name] = (reg, key, complete(reg, folder / f"{name[0]}0.zip", folder / f"{name[0]}1.zip"))
    yield made
    for reg, _key, _package in made.values():
        reg.close()


def fresh_hq(tmp_path, villages):
    conn = open_hq(tmp_path / "hq.sqlite")
    for _reg, key, _package in villages.values():
        register(conn, key)
    return conn


def held(conn, registry) -> int:
    """Rows HQ holds for a village, all tables together."""
    installation = registry.profile.get().uuid
    return sum(conn.execute(f"SELECT COUNT(*) FROM {t} WHERE installation = ?", [installation]).fetchone()[0]
               for t in ("persons", "cases", "payments", "certificates", "protocol"))


# ---------------------------------------------------------------- 10. a signed zip bomb

BOMB_MIB = 512


def build_bomb(registry, src, dst, declared_rows):
    """The attack as made: persons.jsonl replaced by 512 MiB of newlines, hashed into the manifest and signed with
    the village's own key; written as a stream so that the test itself never holds the 512 MiB."""
    from correspondent_app.documents.verification import signing_key

    chunk = b"\n" * (1 << 20)
    digest = hashlib.sha256()
    for _ in range(BOMB_MIB):
        digest.update(chunk)
    with zipfile.ZipFile(src) as z:
        members = {n: z.read(n) for n in z.namelist() if n not in (MANIFEST, SIGNATURE)}
        manifest = json.loads(z.read(MANIFEST))
    manifest["members"]["data/persons.jsonl"] = digest.hexdigest()
    if declared_rows is not None:
        manifest["rows"]["persons"] = declared_rows
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode()
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(MANIFEST, manifest_bytes)
        z.writestr(SIGNATURE, base64.b64encode(signing_key(registry).sign(manifest_bytes)))
        for name, data in members.items():
            if name != "data/persons.jsonl":
                z.writestr(name, data)
        with z.open("data/persons.jsonl", "w") as out:
            for _ in range(BOMB_MIB):
                out.write(chunk)
    return dst


#: The child measures its own peak: VmHWM of its own address space, read at exit. (A forked child's ru_maxrss,
#: from wait4, also counts the parent's pages it was forked with: late in a long pytest run that alone read
#: 285-302 MiB.)
MEASURED_CHILD = """
import atexit, resource, runpy, sys
limit, report = int(sys.argv[1]), sys.argv[2]
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

def peak():
    with open("/proc/self/status") as status, open(report, "w") as out:
        out.write(next(line for line in status if line.startswith("VmHWM:")).split()[1])

atexit.register(peak)
sys.argv = ["correspondent_app", *sys.argv[3:]]
runpy.run_module("correspondent_app", run_name="__main__", alter_sys=True)
"""


def run_measured(args, tmp_path, limit=3 << 30):
    """Run the CLI in a child process; returns (exit code, stdout, stderr, peak RSS in MiB of that child alone).

    The child's address space is capped (3 GiB) so that an unfixed HQ fails instead of taking the machine."""
    out, err, peak = tmp_path / "child.out", tmp_path / "child.err", tmp_path / "child.peak"
    args, folder = hq_args(args)
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        child = subprocess.run([sys.executable, "-c", MEASURED_CHILD, str(limit), str(peak), *map(str, args)],
                               stdout=stdout, stderr=stderr, cwd=folder, env=child_env(folder), check=False)
    return child.returncode, out.read_text(), err.read_text(), int(peak.read_text()) / 1024


@pytest.mark.parametrize("declared", [None, 10**8], ids=["rows-as-exported", "rows-declared-huge"])
def test_a_signed_zip_bomb_is_refused_within_256_mib(tmp_path, villages, declared):
    reg, key, package = villages["alpha"]
    bomb = build_bomb(reg, package, tmp_path / "bomb.zip", declared)
    assert bomb.stat().st_size < 2 << 20  # about 1 MB on the USB stick
    hq = tmp_path / "hq.sqlite"
    assert run("hq", "register", "--into", hq, key).returncode == 0
    started = time.monotonic()
    code, stdout, stderr, peak = run_measured(("hq", "merge", "--into", hq, bomb), tmp_path)
    print(f"peak RSS merging the bomb: {peak:.0f} MiB in {time.monotonic() - started:.1f} s")
    assert "Traceback" not in stderr and ": refused: " in stdout, stdout + stderr
    assert "too large" in stdout and "data/persons.jsonl" in stdout, stdout
    assert code == 1
    assert peak <= 256, f"peak RSS {peak:.0f} MiB"
    conn = open_hq_read_only(hq)
    assert conn.execute("SELECT COUNT(*) FROM packages").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM persons").fetchone()[0] == 0
    conn.close()


def test_the_largest_package_hq_takes_is_merged_within_256_mib(tmp_path, villages):
    """The bound holds whatever the content: a package at the data limit, of the rows that cost the most memory
    per byte (many short fields), merges in a child process that stays within 256 MiB."""
    from correspondent_app.documents.verification import signing_key
    from correspondent_app.exchange.package import MAX_DATA, MAX_ROWS, TABLES, write_package

    reg, key, _package = villages["alpha"]
    fields = ("surname_el", "name_el", "surname_lat", "name_lat", "father_name", "mother_name", "birth_place",
              "nationality", "passport_no", "residence_doc_no", "amka", "afm", "oga_no", "community")
    persons, used = [], 0
    while used < MAX_DATA - 4096 and len(persons) < MAX_ROWS:
        row = {"uuid": str(uuid.uuid4()), **{f: f"{len(persons) % 97:02d}" for f in fields},
               "birth_date": "1970-01-01", "updated_at": "2026-12-05T20:36:05+00:00"}
        persons.append(row)
        used += len(json.dumps(row, sort_keys=True)) + 1
    tables = {t: (sorted(persons[0]) if t == "persons" else ["uuid"], persons if t == "persons" else [])
              for t in TABLES}
    profile = reg.profile.get()
    write_package(tmp_path / "largest.zip", {"installation": profile.uuid, "community": profile.community,
                                             "sequence": 1, "previous": None, "full": True},
                  tables, signing_key(reg).sign)
    hq = tmp_path / "hq.sqlite"
    assert run("hq", "register", "--into", hq, key).returncode == 0
    code, stdout, stderr, peak = run_measured(("hq", "merge", "--into", hq, tmp_path / "largest.zip"), tmp_path)
    print(f"peak RSS merging {len(persons):,} rows ({used:,} bytes): {peak:.0f} MiB")
    assert code == 0 and ": merged: " in stdout, stdout + stderr
    assert peak <= 256, f"peak RSS {peak:.0f} MiB"


def test_a_member_longer_than_its_declared_rows_allow_is_refused_before_it_is_read(tmp_path, villages):
    reg, key, package = villages["alpha"]

    def pad(members):  # the declared rows, then 8 MiB of blank lines
        members["data/cases.jsonl"] += b"\n" * (8 << 20)
        return members

    conn = fresh_hq(tmp_path, villages)
    result = merge(conn, resign(reg, package, tmp_path / "padded.zip", change_members=pad))
    assert not result.merged and "data/cases.jsonl" in result.reason and "too large" in result.reason, result.reason
    assert held(conn, reg) == 0


def test_a_blank_or_overlong_line_in_a_member_is_refused(tmp_path, villages):
    reg, key, package = villages["alpha"]
    conn = fresh_hq(tmp_path, villages)

    def blank(members):
        members["data/payments.jsonl"] = b"\n" + members["data/payments.jsonl"]
        return members

    result = merge(conn, resign(reg, package, tmp_path / "blank.zip", change_members=blank))
    assert not result.merged and "data/payments.jsonl line 1" in result.reason, result.reason
    assert held(conn, reg) == 0


# ---------------------------------------------------------------- 11. row values validated at merge


def replace_value(table, field, raw_json, line=0):
    """Members with ``field`` of row ``line`` of ``table`` set to ``raw_json`` exactly as written (``1e400``...)."""

    def change(members):
        name = f"data/{table}.jsonl"
        lines = members[name].decode().splitlines()
        row = json.loads(lines[line])
        row[field] = "@@VALUE@@"
        lines[line] = json.dumps(row, ensure_ascii=False, sort_keys=True).replace('"@@VALUE@@"', raw_json)
        members[name] = ("\n".join(lines) + "\n").encode()
        return members

    return change


BAD_VALUES = [
    ("payments", "amount_cents", "1e400"),
    ("payments", "amount_cents", "-79848"),
    ("payments", "amount_cents", "0"),
    ("payments", "amount_cents", '"798.48"'),
    ("payments", "amount_cents", "79848.5"),
    ("payments", "amount_cents", "NaN"),
    ("payments", "amount_cents", "true"),
    ("payments", "amount_cents", "100000000000000000000"),
    ("cases", "amount_cents", "Infinity"),
    ("cases", "amount_cents", "-1"),
    ("payments", "paid_on", '"2005-02-30"'),
    ("payments", "paid_on", '"08/10/2005"'),
    ("persons", "birth_date", '"yesterday"'),
    ("certificates", "issued_on", '"20051016"'),
    ("protocol", "entry_date", '"0000-01-01"'),
    ("certificates", "voided_at", '"soon"'),
    ("cases", "state", '"stolen"'),
    ("cases", "category", '"9z"'),
    ("cases", "outcome", '"maybe"'),
    ("cases", "programme", '"ponzi_2024"'),
    ("payments", "kind", '"cash"'),
    ("persons", "residence_doc", '"forged"'),
    ("protocol", "kind", '"bribe"'),
    ("persons", "uuid", '"not-a-uuid"'),
    ("persons", "uuid", '"BCE6F90D-2F55-4941-A252-72BDDB0F97BF"'),
    ("cases", "person_uuid", '"12345"'),
    ("certificates", "payment_uuid", "42"),
    ("persons", "surname_lat", json.dumps("A" * 5000)),
    ("protocol", "subject", json.dumps("Β" * 3_000)),
    ("persons", "passport_no", '["AB", 1]'),
    ("persons", "name_el", '{"el": "x"}'),
    ("persons", "surname_el", json.dumps("Παπα\x00δόπουλος")),
    ("certificates", "protocol_no", '"7"'),
    ("certificates", "protocol_year", "99999"),
    ("protocol", "number", "-3"),
    ("cases", "competent_here", "7"),
    ("persons", "favourite_colour", '"blue"'),
]


@pytest.mark.parametrize(("table", "field", "raw"), BAD_VALUES,
                         ids=[f"{t}.{f}={r[:20]}" for t, f, r in BAD_VALUES])
def test_a_signed_package_with_a_bad_value_is_refused_whole(tmp_path, villages, table, field, raw):
    reg, key, package = villages["alpha"]
    conn = fresh_hq(tmp_path, villages)
    assert merge(conn, villages["beta"][2]).merged
    bad = resign(reg, package, tmp_path / "bad.zip", change_members=replace_value(table, field, raw))
    result = merge(conn, bad)
    assert not result.merged, result.reason
    assert f"{table} row 1" in result.reason and field in result.reason and "nothing merged" in result.reason, \
        result.reason
    assert held(conn, reg) == 0 and conn.execute("SELECT COUNT(*) FROM packages").fetchone()[0] == 1
    assert report_rows(conn)  # the other village is still reported
    assert merge(conn, package).merged  # the genuine package still merges


def test_after_a_bad_value_the_report_still_works_for_every_other_village(tmp_path, villages):
    reg, key, package = villages["alpha"]
    _beta, beta_key, beta_package = villages["beta"]
    bad = resign(reg, package, tmp_path / "inf.zip", change_members=replace_value("payments", "amount_cents", "1e400"))
    hq = tmp_path / "hq.sqlite"
    assert run("hq", "register", "--into", hq, key, beta_key).returncode == 0
    merged = run("hq", "merge", "--into", hq, bad, beta_package)
    assert merged.returncode == 1 and "payments row 1" in merged.stdout and "amount_cents" in merged.stdout
    report = run("hq", "report", "--from", hq, "--out", tmp_path / "report")
    assert report.returncode == 0, report.stderr
    text = (tmp_path / "report" / "report.csv").read_bytes().decode("utf-8-sig")
    assert "Κοινότητα beta" in text and "Κοινότητα alpha" not in text


def test_good_values_at_their_limits_merge(tmp_path, villages):
    reg, key, package = villages["alpha"]
    conn = fresh_hq(tmp_path, villages)
    change = replace_value("persons", "surname_lat", json.dumps("A" * 200))
    good = resign(reg, package, tmp_path / "good.zip", change_members=change)
    result = merge(conn, good)
    assert result.merged, result.reason


# ---------------------------------------------------------------- 12. UUID squatting


def squat(thief, victim_package, src, dst, tmp_path):
    """The thief's own package with the victim's persons and cases added (names changed), signed by the thief."""
    with zipfile.ZipFile(victim_package) as z:
        stolen = {t: [json.loads(line) for line in z.read(f"data/{t}.jsonl").decode().splitlines()]
                  for t in ("persons", "cases")}
    for person in stolen["persons"]:
        person["surname_lat"] = "SQUATTED"

    def add(members):
        for table, rows in stolen.items():
            name = f"data/{table}.jsonl"
            members[name] += "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
        return members

    def count(manifest):
        for table, rows in stolen.items():
            manifest["rows"][table] += len(rows)
        return manifest

    return resign(thief, src, dst, change_members=add, change_manifest=count)


def test_a_village_squatting_anothers_uuids_does_not_get_the_genuine_packages_refused(tmp_path, villages):
    alpha, _alpha_key, alpha_package = villages["alpha"]
    beta, _beta_key, _complete = villages["beta"]
    beta_package = _complete.with_name("b0.zip")  # beta's package as exported: its chain goes on from it
    conn = fresh_hq(tmp_path, villages)
    squatting = squat(alpha, beta_package, alpha_package, tmp_path / "squat.zip", tmp_path)
    first = merge(conn, squatting)  # merged first: HQ cannot yet know these UUIDs are beta's
    genuine = merge(conn, beta_package)
    assert genuine.merged, genuine.reason
    assert any("Κοινότητα alpha" in note and "kept apart" in note for note in genuine.findings), genuine.findings
    beta_id = beta.profile.get().uuid
    assert conn.execute("SELECT COUNT(*) FROM persons WHERE installation = ? AND surname_lat = 'SQUATTED'",
                        [beta_id]).fetchone()[0] == 0  # beta's rows are beta's, untouched by alpha's copies
    assert held(conn, beta) == sum(json.loads(zipfile.ZipFile(beta_package).read(MANIFEST))["rows"].values())
    assert any(f.kind == "foreign_rows" and "Κοινότητα alpha" in f.text and "Κοινότητα beta" in f.text
               for f in findings(conn))
    # the report counts beta's cases once, under beta
    beta_cases = conn.execute("SELECT COUNT(*) FROM cases WHERE installation = ?", [beta_id]).fetchone()[0]
    lines = [r for r in report_rows(conn) if r["community"] == "Κοινότητα beta"]
    assert sum(r["cases"] for r in lines) == beta_cases
    assert first.merged or "beta" in first.reason
    # and beta's next packages keep merging
    beta.persons.add({"surname_lat": "LATER", "birth_date": __import__("datetime").date(1990, 1, 1)},
                     allow_duplicate=True)  # beta is the module's: added once per engine
    export_package(beta, tmp_path / "b2.zip", full=True)
    assert merge(conn, tmp_path / "b2.zip").merged


# ---------------------------------------------------------------- 13. a merge during another merge

HOLDER = r"""
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT OR REPLACE INTO hq_meta (key, value) VALUES ('holder', 'busy')")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
"""


def hold_lock(path, seconds):
    """A real second process holding HQ's write lock (as a long merge does) for ``seconds``."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path), str(seconds)], stdout=subprocess.PIPE,
                              text=True)
    assert holder.stdout.readline().strip() == "locked"
    return holder


@pytest.mark.sqlite_only  # SQLite's write lock (PostgreSQL's: test_hq_postgres)
def test_a_merge_waits_for_another_merge_to_finish(tmp_path, villages):
    _reg, _key, package = villages["alpha"]
    conn = fresh_hq(tmp_path, villages)
    holder = hold_lock(tmp_path / "hq.sqlite", 7)  # longer than sqlite3's default 5 s
    try:
        result = merge(conn, package)
    finally:
        holder.wait(30)
    assert result.merged, result.reason


@pytest.mark.sqlite_only
def test_a_merge_while_the_database_stays_busy_is_not_a_refusal(tmp_path, villages, monkeypatch, capsys):
    reg, key, package = villages["alpha"]
    fresh_hq(tmp_path, villages).close()
    monkeypatch.setattr(hq_sqlite, "BUSY_TIMEOUT_S", 0.5)
    holder = hold_lock(tmp_path / "hq.sqlite", 20)
    try:
        conn = open_hq(tmp_path / "hq.sqlite")
        result = merge(conn, package)
        assert not result.merged and result.busy
        assert result.reason == "the HQ database is busy (another merge is running); try again"
        conn.close()
        code = cli.main(["hq", "merge", "--into", str(tmp_path / "hq.sqlite"), str(package)])
        out = capsys.readouterr()
        assert code == cli.EXIT_BUSY and code not in (0, 1)
        assert "refused" not in out.out + out.err and "busy" in out.out + out.err
    finally:
        holder.kill()
        holder.wait(30)
    conn = open_hq(tmp_path / "hq.sqlite")
    assert held(conn, reg) == 0 and conn.execute("SELECT COUNT(*) FROM findings").fetchone()[0] == 0
    assert merge(conn, package).merged  # once the other merge is over, it merges


# ---------------------------------------------------------------- 16. a deeply nested manifest


def test_a_deeply_nested_manifest_is_malformed_not_a_recursion_error(tmp_path, villages):
    _reg, _key, package = villages["alpha"]
    nested = b"[" * 100_000 + b"]" * 100_000
    rewrite(package, tmp_path / "nested.zip", lambda n, d: nested if n == MANIFEST else d)
    with pytest.raises(PackageError, match="malformed"):
        read_package(tmp_path / "nested.zip")
    conn = fresh_hq(tmp_path, villages)
    result = merge(conn, tmp_path / "nested.zip")
    assert not result.merged and "malformed" in result.reason and "Recursion" not in result.reason


def test_an_integer_of_ten_thousand_digits_is_refused_as_not_json(tmp_path, villages):
    reg, _key, package = villages["alpha"]
    conn = fresh_hq(tmp_path, villages)
    bad = resign(reg, package, tmp_path / "digits.zip",
                 change_members=replace_value("payments", "amount_cents", "9" * 10_000))
    result = merge(conn, bad)
    assert not result.merged and "data/payments.jsonl line 1 is not JSON" in result.reason, result.reason
    assert "ValueError" not in result.reason and held(conn, reg) == 0


def test_a_deeply_nested_row_is_refused_as_not_json(tmp_path, villages):
    reg, _key, package = villages["alpha"]
    conn = fresh_hq(tmp_path, villages)
    nested = b"[" * 20_000 + b"]" * 20_000 + b"\n"  # within the length of a row
    bad = resign(reg, package, tmp_path / "nested.zip",
                 change_members=lambda m: {**m, "data/cases.jsonl": nested + m["data/cases.jsonl"].split(b"\n", 1)[1]})
    result = merge(conn, bad)
    assert not result.merged and "data/cases.jsonl line 1" in result.reason and "Recursion" not in result.reason


@pytest.mark.sqlite_only  # an old SQLite layout
def test_an_hq_database_of_schema_2_is_rebuilt_with_rows_owned_by_village(tmp_path, villages):
    """Schema 3 keys rows by (uuid, installation); a schema 2 database (keyed by UUID alone) keeps its rows."""
    _reg, _key, package = villages["alpha"]
    conn = fresh_hq(tmp_path, villages)
    assert merge(conn, package).merged
    counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in hq_module.COLUMNS}
    for table in hq_module.COLUMNS:  # back to schema 2: the same columns, the UUID alone as key
        info = list(conn.execute(f"PRAGMA table_info({table})"))
        columns = ", ".join(f"{r[1]} {r[2]}" + (" PRIMARY KEY" if r[1] == "uuid" else "") for r in info)
        conn.execute(f"CREATE TABLE old_{table} ({columns}) WITHOUT ROWID")
        conn.execute(f"INSERT INTO old_{table} SELECT * FROM {table}")
        conn.execute(f"DROP TABLE {table}")
        conn.execute(f"ALTER TABLE old_{table} RENAME TO {table}")
    conn.execute("UPDATE hq_meta SET value = '2' WHERE key = 'schema'")
    conn.close()
    upgraded = open_hq(tmp_path / "hq.sqlite")
    for table, count in counts.items():  # schema 4: a rowid table, each row unique by (installation, uuid)
        unique = [upgraded.execute(f"PRAGMA index_info('{name}')").fetchall()
                  for _seq, name, is_unique, *_ in upgraded.execute(f"PRAGMA index_list({table})") if is_unique]
        assert [[r[2] for r in index] for index in unique] == [["installation", "uuid"]], table
        assert upgraded.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == count
    assert "payments_case" in {r[0] for r in upgraded.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert merge(upgraded, package).reason == "already merged (nothing changed)"
    assert merge(upgraded, villages["beta"][2]).merged
