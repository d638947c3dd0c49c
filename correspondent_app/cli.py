"""Command line of correspondent-app.

Without a subcommand it starts the desktop application. Subcommands are thin
wrappers over the same Qt-free services the GUI uses; each prints a one-line
reason on failure and never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path

from correspondent_app import __version__
from correspondent_app.settings import default_registry_path

#: Exit code of `hq merge` when another merge kept the HQ database busy (sysexits' EX_TEMPFAIL: try again).
EXIT_BUSY = 75
HQ_TARGET = "HQ.sqlite-or-postgresql://…"  # --into / --from: a file, or a PostgreSQL HQ's address
#: The HQ database (a file or a PostgreSQL address) every hq command uses when --into / --from is not given.
HQ_ENV = "CORRESPONDENT_HQ_DSN"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="correspondent-app",
        description="OGA correspondent's desk: contribution purchases under art. 91 ν. 3386/2005.",
    )
    parser.add_argument("--version", action="version", version=f"correspondent-app {__version__}")
    parser.add_argument("--db", metavar="PATH", type=Path, help="registry file (default: in the user's data folder)")
    parser.add_argument("--demo", action="store_true", help="open a clearly marked demo registry")
    parser.add_argument("--quit-when-shown", action="store_true", help=argparse.SUPPRESS)  # start-up measurements
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    backup = commands.add_parser("backup", help="copy the registry to FILE (verified)")
    backup.add_argument("--out", required=True, type=Path, metavar="FILE")
    backup.set_defaults(run=_backup)

    restore = commands.add_parser("restore", help="replace the registry with a verified backup")
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.set_defaults(run=_restore)

    move = commands.add_parser("move-office", help="make this PC another office's: restore its backup over this "
                               "PC's registry (shows both offices; --yes to do it)")
    move.add_argument("file", type=Path, metavar="BACKUP")
    move.add_argument("--key", type=Path, metavar="KEYFILE", help="the office's signing key, carried from its old PC")
    move.add_argument("--yes", action="store_true", help="replace this PC's registry with that office's")
    move.set_defaults(run=_move_office)

    check = commands.add_parser("check", help="integrity, audit chain, protocol numbering, certificates")
    check.set_defaults(run=_check)

    imp = commands.add_parser("import-list", help="import HQ's CSV list of insured with their amounts")
    imp.add_argument("file", type=Path, metavar="FILE.csv")
    imp.add_argument("--reference", default="", help="HQ's reference for the list")
    imp.set_defaults(run=_import_list)
    spec = commands.add_parser("specimen", help="write a document filled with sample data, marked ΔΕΙΓΜΑ")
    spec.add_argument("model", choices=("model3", "model1", "bank-form", "declaration", "registration-sheet",
                                        "transmittal", "applicant-note"))
    spec.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    spec.set_defaults(run=_specimen)

    demo = commands.add_parser("make-demo", help="fill the registry with realistic demo data in every state")
    demo.add_argument("--persons", type=int, default=60)
    demo.add_argument("--seed", type=int, default=2005)
    demo.set_defaults(run=_make_demo)

    exp = commands.add_parser("export", help="write the next signed package for HQ (incremental by default)")
    exp.add_argument("--out", required=True, type=Path, metavar="PKG.zip")
    exp.add_argument("--full", action="store_true", help="everything, not only what changed since the last export")
    exp.set_defaults(run=_export)

    ack = commands.add_parser("import-ack", help="record HQ's acknowledgement: the next export starts after it")
    ack.add_argument("file", type=Path, metavar="ACK.json")
    ack.set_defaults(run=_import_ack)

    key = commands.add_parser("export-key", help="write this installation's public key for HQ")
    key.add_argument("--out", required=True, type=Path, metavar="VILLAGE.pub")
    key.set_defaults(run=_export_key)

    rekey = commands.add_parser("rekey", help="make a new signing key when the old one is lost (HQ must register it)")
    rekey.add_argument("--reason", default="", help="why, for the audit trail (e.g. 'old PC broke')")
    rekey.set_defaults(run=_rekey)

    trust = commands.add_parser("trust-hq", help="set up HQ's key: its key file or its fingerprint read out by HQ")
    trust.add_argument("hq_key", metavar="FILE-or-FINGERPRINT")
    trust.set_defaults(run=_trust_hq)

    hq = commands.add_parser("hq", help="headquarters: register villages, merge packages, report")
    hq_commands = hq.add_subparsers(dest="hq_command", metavar="HQ-COMMAND", required=True)
    reg = hq_commands.add_parser("register", help="register a village's public key")
    _hq_option(reg, "--into", "into")
    reg.add_argument("keys", nargs="+", type=Path, metavar="VILLAGE.pub")
    reg.add_argument("--replace", action="store_true",
                     help="a known village's new key after its re-key (check with the office first)")
    reg.set_defaults(run=_hq_register)
    hq_key = hq_commands.add_parser("key", help="write HQ's public key for the villages' trust-hq; print its fingerprint")
    _hq_option(hq_key, "--from", "source")
    hq_key.add_argument("--out", required=True, type=Path, metavar="HQ.pub")
    hq_key.set_defaults(run=_hq_key)
    mrg = hq_commands.add_parser("merge", help="verify and merge packages (exit 0 only if all merged, "
                                 f"{EXIT_BUSY} if the HQ database was busy with another merge)")
    _hq_option(mrg, "--into", "into")
    mrg.add_argument("--batch", type=int, default=500, metavar="N",
                     help="packages saved together (default 500; a package's line is printed once its batch is saved)")
    mrg.add_argument("packages", nargs="*", type=Path, metavar="PKG.zip",
                     help="none: only finish what an interrupted merge left (its indexes, figures and findings)")
    mrg.set_defaults(run=_hq_merge)
    rep = hq_commands.add_parser("report", help="DIR/report.csv and DIR/report.pdf")
    _hq_option(rep, "--from", "source")
    rep.add_argument("--out", required=True, type=Path, metavar="DIR")
    rep.set_defaults(run=_hq_report)
    fnd = hq_commands.add_parser("findings", help="list the findings (--list) or resolve one (--resolve ID --note)")
    _hq_option(fnd, "--from", "source")
    fnd_do = fnd.add_mutually_exclusive_group(required=True)
    fnd_do.add_argument("--list", action="store_true", help="id, kind, villages, text and status of each finding")
    fnd_do.add_argument("--resolve", metavar="ID", help="mark the finding resolved (with --note)")
    fnd.add_argument("--kind", help="only findings of this kind (receipt, person, protocol, chain, foreign_rows)")
    fnd.add_argument("--open", action="store_true", help="only findings not resolved yet")
    fnd.add_argument("--note", help="what was done about the finding (required with --resolve)")
    fnd.add_argument("--by", help="who resolved it (default: the user logged in)")
    fnd.set_defaults(run=_hq_findings)
    hq_ack = hq_commands.add_parser("ack", help="acknowledge the last merged package of a village (for import-ack)")
    _hq_option(hq_ack, "--from", "source")
    hq_ack.add_argument("--village", required=True, metavar="VILLAGE.pub-or-installation")
    hq_ack.add_argument("--out", required=True, type=Path, metavar="ACK.json")
    hq_ack.set_defaults(run=_hq_ack)
    hq_ver = hq_commands.add_parser("verify", help="check a certificate of any registered village: "
                                    "valid / void / invalid / unknown")
    _hq_option(hq_ver, "--from", "source")
    hq_ver.add_argument("code", metavar="CODE-or-QR-payload")
    hq_ver.set_defaults(run=_hq_verify)
    hq_bundle = hq_commands.add_parser("verifier-bundle", help="write the signed file that lets an authority verify "
                                       "certificates offline (verify --bundle)")
    _hq_option(hq_bundle, "--from", "source")
    hq_bundle.add_argument("--out", required=True, type=Path, metavar="BUNDLE.json")
    hq_bundle.set_defaults(run=_hq_verifier_bundle)
    hq_pg = hq_commands.add_parser("init-postgres", help="set up an HQ database on a PostgreSQL server: its tables, a "
                                   "role that merges and a read-only role for reports and verification (idempotent)")
    hq_pg.add_argument("dsn", metavar="postgresql://ADMIN@HOST/DB",
                       help="the database, as a role that may create tables and roles (its owner, once)")
    hq_pg.add_argument("--merge-role", default="hq_merge", metavar="NAME",
                       help="the role that merges (default hq_merge)")
    hq_pg.add_argument("--read-role", default="hq_read", metavar="NAME",
                       help="the read-only role: report, verify (default hq_read)")
    hq_pg.set_defaults(run=_hq_init_postgres)

    selftest = commands.add_parser("self-test", help="offscreen: one case of each category to a verified certificate")
    selftest.set_defaults(run=lambda _args: __import__("correspondent_app.selftest", fromlist=["x"]).run_self_test())

    ver = commands.add_parser("verify", help="check a certificate's code or QR payload: valid / invalid / unknown")
    ver.add_argument("code", metavar="CODE-or-QR-payload")
    ver.add_argument("--bundle", type=Path, metavar="BUNDLE.json",
                     help="check offline against HQ's verifier bundle instead of this office's registry")
    ver.add_argument("--hq-fingerprint", metavar="FP", help="with --bundle: HQ's key fingerprint as HQ read it out; "
                     "a bundle signed by any other key is refused")
    ver.set_defaults(run=_verify)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return _start_gui(args)
    from correspondent_app.registry import RegistryError  # noqa: PLC0415 - keep --version instant

    try:
        return args.run(args)
    except (RegistryError, ValueError, OSError, sqlite3.Error, *_server_errors(args)) as exc:
        print(f"correspondent-app {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        # Every change is one transaction (and HQ merges package by package), so what was
        # under way when Ctrl-C came was rolled back whole; what finished before it is kept.
        print(f"\ncorrespondent-app {args.command}: stopped (Ctrl-C). What was under way was undone; what had "
              "finished before is kept.", file=sys.stderr)
        return 130


def _server_errors(args: argparse.Namespace) -> tuple[type[Exception], ...]:
    """A PostgreSQL HQ's errors (a refused login, a missing grant) are reported in one line too."""
    if args.command != "hq":
        return ()
    try:
        import psycopg  # noqa: PLC0415
    except ImportError:
        return ()
    return (psycopg.Error,)


def _hq_option(parser: argparse.ArgumentParser, option: str, dest: str) -> None:
    """--into / --from: required unless CORRESPONDENT_HQ_DSN names the HQ database (the option wins)."""
    default = os.environ.get(HQ_ENV, "").strip() or None
    parser.add_argument(option, dest=dest, required=default is None, default=default, type=_hq_target,
                        metavar=HQ_TARGET, help=f"the HQ database: a file, or a PostgreSQL address (default: "
                        f"${HQ_ENV}, when set)")


def _hq_target(text: str) -> Path | str:
    """--into / --from: an HQ database file, or a PostgreSQL address (kept as typed: a Path would fold its //)."""
    from correspondent_app.exchange.hq_store import is_postgres  # noqa: PLC0415

    return text if is_postgres(text) else Path(text)


def _hq_exists(target: Path | str) -> bool:
    """Whether there is an HQ database to open (a server's database is checked when it is opened)."""
    return isinstance(target, str) or target.is_file()


def _hq_shown(target: Path | str) -> str:
    from correspondent_app.exchange.hq_postgres import shown  # noqa: PLC0415

    return shown(target) if isinstance(target, str) else str(target)


def _hq_log_place(target: Path | str) -> Path:
    """hq.log goes beside an HQ file; for a PostgreSQL HQ, into the current folder."""
    return Path.cwd() / "postgresql" if isinstance(target, str) else target


def _db_path(args: argparse.Namespace) -> Path:
    return args.db or default_registry_path()


def _open(args: argparse.Namespace):
    from correspondent_app.registry import Registry, RegistryError  # noqa: PLC0415

    path = _db_path(args)
    if not path.exists():
        raise RegistryError(f"no registry at {path}")
    return Registry.open(path)


def _open_read_only(args: argparse.Namespace):
    from correspondent_app.registry import Registry  # noqa: PLC0415

    return Registry.open_read_only(_db_path(args))


def _backup(args: argparse.Namespace) -> int:
    from correspondent_app.registry.backups import backup_to  # noqa: PLC0415

    with _open_read_only(args) as registry:  # a backup only reads: it works from a read-only medium
        made = backup_to(registry.db, args.out)
    print(f"backup written and verified: {made}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from correspondent_app.registry.backups import restore  # noqa: PLC0415

    path = _db_path(args)
    path.parent.mkdir(parents=True, exist_ok=True)
    saved = restore(args.file, path)
    print(f"restored {args.file} into {path}" + (f"; the previous registry was saved as {saved}" if saved else ""))
    return 0


def _move_office(args: argparse.Namespace) -> int:
    from correspondent_app.registry.backups import check_backup, describe_office, office_of, restore  # noqa: PLC0415

    path = _db_path(args)
    if check_backup(args.file):
        raise ValueError(f"{args.file} cannot be restored: " + "; ".join(check_backup(args.file)))
    theirs, ours = office_of(args.file), office_of(path) if path.is_file() else None
    print("office in the backup:  " + (describe_office(theirs) if theirs else "not set up"))
    print("office on this PC now: " + (describe_office(ours) if ours else "none"))
    if not args.yes:
        print("nothing was changed; run again with --yes to replace this PC's registry with the backup's office")
        return 2
    path.parent.mkdir(parents=True, exist_ok=True)
    saved = restore(args.file, path, other_office=True)
    print(f"this PC is now the office of {args.file}" + (f"; its previous registry was saved as {saved}" if saved
                                                         else ""))
    if args.key:
        from correspondent_app.registry.keys import import_private_key  # noqa: PLC0415

        with _open(args) as registry:
            import_private_key(registry, args.key)
        print(f"signing key taken from {args.key}")
    else:
        print("without its key file (--key) this PC cannot sign until the key is brought or replaced "
              "('correspondent-app rekey', then HQ registers the new key)")
    return 0


def _check(args: argparse.Namespace) -> int:
    from correspondent_app.registry import Registry  # noqa: PLC0415
    from correspondent_app.registry.checks import check_registry  # noqa: PLC0415

    with Registry.open_read_only(_db_path(args)) as registry:  # a check changes nothing, not even the schema
        problems = check_registry(registry)
    if problems:
        for problem in problems:
            print(f"PROBLEM: {problem}")
        return 1
    print(f"registry {_db_path(args)}: all checks passed")
    return 0


def _import_list(args: argparse.Namespace) -> int:
    with _open(args) as registry:
        count = registry.hq_lists.import_file(args.file, reference=args.reference)
    print(f"imported {count} entries from {args.file}")
    return 0


def _specimen(args: argparse.Namespace) -> int:
    from correspondent_app.documents.catalog import specimen  # noqa: PLC0415

    pdf = specimen(args.model)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(pdf)
    print(f"specimen {args.model} written to {args.out}")
    return 0


def _make_demo(args: argparse.Namespace) -> int:
    from correspondent_app.demo.generate import make_demo  # noqa: PLC0415
    from correspondent_app.registry import Registry  # noqa: PLC0415

    path = _db_path(args)
    path.parent.mkdir(parents=True, exist_ok=True)
    with Registry.open(path) as registry:
        persons = registry.db.execute("SELECT COUNT(*) FROM persons").fetchone()[0]
        if persons:
            raise ValueError(f"make-demo fills an empty registry; {path} already has {persons} persons "
                             "(nothing was added)")
        counts = make_demo(registry, persons=args.persons, seed=args.seed)
    print(f"demo data in {path}: " + ", ".join(f"{state} {n}" for state, n in sorted(counts.items())))
    return 0


def _export(args: argparse.Namespace) -> int:
    from correspondent_app.exchange.export import NothingToExport, export_package, export_transmittal_pdf  # noqa: PLC0415

    if args.out.suffix.lower() == ".pdf":
        raise ValueError(f"{args.out} would be overwritten by the package's transmittal: give the package a .zip name")
    with _open(args) as registry:
        try:
            result = export_package(registry, args.out, full=args.full)
        except NothingToExport as exc:
            print(exc)
            return 0
        pdf = args.out.with_suffix(".pdf")
        pdf.write_bytes(export_transmittal_pdf(registry, result))
    total = sum(result.rows.values())
    kind = "full" if result.full else f"incremental since acknowledged package {result.base}"
    print(f"package {result.sequence} ({kind}) written to {args.out} ({total} rows, protocol {result.protocol}); "
          f"transmittal {pdf}")
    return 0


def _import_ack(args: argparse.Namespace) -> int:
    from correspondent_app.exchange.ack import import_acknowledgement  # noqa: PLC0415

    with _open(args) as registry:
        done = import_acknowledgement(registry, args.file)
    if done.new:
        print(f"HQ acknowledged package {done.sequence}: the next export sends what changed after it")
    else:
        print(f"package {done.sequence} was already acknowledged (nothing changed)")
    return 0


def _rekey(args: argparse.Namespace) -> int:
    from correspondent_app.registry.keys import grouped, rekey  # noqa: PLC0415

    with _open(args) as registry:
        old, new = rekey(registry, args.reason)
    if old is None:
        print(f"signing key made: {grouped(new)}")
        return 0
    print(f"new signing key {grouped(new)} replaces {grouped(old)} (recorded in the registry).\n"
          "HQ refuses this office's packages until it registers the new key: write it with "
          "'correspondent-app export-key --out VILLAGE.pub', take it to HQ, and have HQ run "
          "'correspondent-app hq register --replace --into HQ.sqlite VILLAGE.pub'.")
    return 0


def _trust_hq(args: argparse.Namespace) -> int:
    from correspondent_app.exchange.ack import trust_hq  # noqa: PLC0415
    from correspondent_app.registry.keys import grouped  # noqa: PLC0415

    with _open(args) as registry:
        fp = trust_hq(registry, args.hq_key)
    print(f"HQ's key set up: {grouped(fp)}; only acknowledgements signed with it are accepted")
    return 0


def _export_key(args: argparse.Namespace) -> int:
    from correspondent_app.exchange.export import public_key_file  # noqa: PLC0415

    with _open(args) as registry:
        args.out.write_bytes(public_key_file(registry))
    print(f"public key written to {args.out}")
    return 0


def _hq_register(args: argparse.Namespace) -> int:
    from correspondent_app.exchange.hq import open_hq, register, village_name  # noqa: PLC0415
    from correspondent_app.exchange.hq_keys import replace_village_key  # noqa: PLC0415
    from correspondent_app.registry.keys import grouped  # noqa: PLC0415

    conn = open_hq(args.into)
    try:
        for key in args.keys:
            if args.replace:
                installation, old, new = replace_village_key(conn, key)
                print(f"{village_name(conn, installation)}: key {grouped(old)} replaced by {grouped(new)} from {key}"
                      if old != new else f"{village_name(conn, installation)} already has the key of {key}")
                continue
            try:
                installation = register(conn, key)
            except ValueError as exc:
                if "another key" in str(exc):  # a re-keyed village: the change is made only on purpose
                    raise ValueError(f"{exc}; if the office made a new key (rekey), check with it and register "
                                     "the new key with --replace") from None
                raise
            print(f"registered {village_name(conn, installation)} from {key}")
    finally:
        conn.close()
    return 0


def _hq_key(args: argparse.Namespace) -> int:
    from correspondent_app.exchange.ack import hq_key_file  # noqa: PLC0415
    from correspondent_app.exchange.hq import open_hq  # noqa: PLC0415
    from correspondent_app.registry.keys import grouped  # noqa: PLC0415

    if not _hq_exists(args.source):
        raise ValueError(f"no HQ database at {args.source}")
    conn = open_hq(args.source)
    try:
        data, fp = hq_key_file(conn)
    finally:
        conn.close()
    args.out.write_bytes(data)
    print(f"HQ's public key written to {args.out}\nfingerprint (read it out to the offices): {grouped(fp)}")
    return 0


def _hq_merge(args: argparse.Namespace) -> int:
    from correspondent_app.exchange.hq import HqBusyError, open_hq  # noqa: PLC0415
    from correspondent_app.exchange.progress import HqLog  # noqa: PLC0415

    log = HqLog(_hq_log_place(args.into), "merge")
    log.write(f"start: {len(args.packages)} package(s) into {_hq_shown(args.into)}")
    try:
        conn = open_hq(args.into)
    except HqBusyError as exc:
        log.write(f"busy: {exc}")
        print(f"correspondent-app hq merge: {exc}", file=sys.stderr)
        return EXIT_BUSY
    try:
        if not args.packages:  # opening for writing finished what an interrupted merge left
            log.write("done: no packages; the figures and findings are up to date")
            print("no packages to merge; the HQ database's figures and findings are up to date")
            return 0
        return _merge_all(conn, args.packages, log, args.batch)
    finally:
        conn.close()


def _merge_all(conn, packages: list[Path], log, batch: int) -> int:
    """Merge the packages in batches; Ctrl-C is taken between packages (the batch so far is saved, each
    package merged or refused whole), so the database never holds part of a package. A package's line is
    printed once its batch is saved: "merged" is never said of something a crash could still lose."""
    import signal  # noqa: PLC0415

    from correspondent_app.exchange.hq import merge_many  # noqa: PLC0415
    from correspondent_app.exchange.progress import Progress  # noqa: PLC0415

    stop: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    progress = Progress(len(packages), "merge")
    tally = {"done": 0, "failures": 0, "busy": None}

    def show(result) -> None:
        tally["done"] += 1
        if result.busy:  # not a refusal: this and the packages after it are left for the next try
            tally["busy"] = result
            log.write(f"{result.path}: busy: {result.reason}")
            progress.close()
            print(f"{result.path}: not merged: {result.reason}", flush=True)
            return
        notes = "".join(f"; finding: {note}" for note in result.findings)
        line = f"{result.path}: {'merged' if result.merged else 'refused'}: {result.reason}{notes}"
        log.write(line)
        progress.close()
        print(line, flush=True)
        progress.update(tally["done"])
        tally["failures"] += not result.merged

    try:
        merge_many(conn, packages, on_result=show, stop=lambda: bool(stop), batch=batch)
    finally:
        signal.signal(signal.SIGINT, previous)
    if tally["busy"] is not None:
        progress.close()
        return EXIT_BUSY
    if stop and tally["done"] < len(packages):
        return _stopped(tally["done"], len(packages), progress, log)
    progress.close()
    failures = tally["failures"]
    log.write(f"done: {len(packages) - failures} of {len(packages)} merged, {failures} refused")
    if failures:
        print(f"{failures} of {len(packages)} packages refused", file=sys.stderr)
    return 1 if failures else 0


def _stopped(done: int, total: int, progress, log) -> int:
    progress.close()
    message = f"stopped after {done} of {total} packages; the rest were not merged; nothing half-merged"
    log.write(f"interrupted (Ctrl-C): {message}")
    print(f"correspondent-app hq merge: {message}", file=sys.stderr)
    return 130


def _hq_report(args: argparse.Namespace) -> int:
    from correspondent_app.exchange.hq import open_hq_read_only  # noqa: PLC0415
    from correspondent_app.exchange.progress import HqLog  # noqa: PLC0415
    from correspondent_app.exchange.progress import Progress  # noqa: PLC0415
    from correspondent_app.exchange.report import STEPS, write_report  # noqa: PLC0415

    log = HqLog(_hq_log_place(args.source), "report")
    log.write(f"start: from {_hq_shown(args.source)} to {args.out}")
    conn = open_hq_read_only(args.source)
    behind = conn.pending_villages()
    if behind:  # a merge was stopped before its end: the rows are there, their figures and findings are not
        message = (f"the figures and findings of {behind} village(s) are not up to date (a merge was stopped "
                   f"before its end): run 'correspondent-app hq merge --into {_hq_shown(args.source)}' with no "
                   "packages to finish it, then report again")
        log.write(f"warning: {message}")
        print(f"correspondent-app hq report: {message}", file=sys.stderr)
    progress = Progress(len(STEPS), "report", unit="steps")
    try:
        paths = write_report(conn, args.out, step=lambda done, _name: progress.update(done))
    finally:
        progress.close()
        conn.close()
    log.write(f"done: {', '.join(map(str, paths))}")
    print(f"report written: {', '.join(map(str, paths))}")
    return 0


def _hq_findings(args: argparse.Namespace) -> int:
    from correspondent_app.exchange.findings import FindingError, listing, resolve  # noqa: PLC0415
    from correspondent_app.exchange.hq import open_hq  # noqa: PLC0415
    from correspondent_app.exchange.progress import HqLog  # noqa: PLC0415

    if not _hq_exists(args.source):
        raise ValueError(f"no HQ database at {args.source}")
    log = HqLog(_hq_log_place(args.source), "findings")
    conn = open_hq(args.source)
    try:
        if args.list:
            for f in listing(conn, kind=args.kind, open_only=args.open):
                print(f"{f.id}\t{f.kind}\t{f.villages}\t{f.text}\t{f.status}")
            return 0
        try:
            found = resolve(conn, args.resolve, args.note or "", args.by)
        except FindingError as exc:
            print(f"correspondent-app hq findings: {exc}", file=sys.stderr)
            return 1
    finally:
        conn.close()
    log.write(f"resolved {found.id} by {found.resolved_by}: {found.note}")
    print(f"{found.id}: {found.status}")
    return 0


def _hq_ack(args: argparse.Namespace) -> int:
    from correspondent_app.exchange.ack import write_acknowledgement  # noqa: PLC0415
    from correspondent_app.exchange.hq import open_hq  # noqa: PLC0415

    if not _hq_exists(args.source):
        raise ValueError(f"no HQ database at {args.source}")
    conn = open_hq(args.source)
    try:
        data, fields = write_acknowledgement(conn, args.village)
    finally:
        conn.close()
    args.out.write_bytes(data)
    print(f"acknowledgement of package {fields['sequence']} of {fields['community']} written to {args.out}")
    return 0


def _hq_verify(args: argparse.Namespace) -> int:
    from correspondent_app.exchange.hq import open_hq_read_only  # noqa: PLC0415
    from correspondent_app.exchange.hq_verify import exit_code, verify_at_hq  # noqa: PLC0415

    conn = open_hq_read_only(args.source)
    try:
        verdict = verify_at_hq(conn, args.code)
    finally:
        conn.close()
    print(verdict)
    return exit_code(verdict.status)


def _hq_verifier_bundle(args: argparse.Namespace) -> int:
    from correspondent_app.exchange.bundle import make_bundle  # noqa: PLC0415
    from correspondent_app.exchange.hq import open_hq  # noqa: PLC0415
    from correspondent_app.registry.keys import grouped  # noqa: PLC0415

    if not _hq_exists(args.source):
        raise ValueError(f"no HQ database at {args.source}")
    conn = open_hq(args.source)  # not read-only: HQ's key is made on first use
    try:
        data, fp = make_bundle(conn)
    finally:
        conn.close()
    args.out.write_bytes(data)
    print(f"verifier bundle written to {args.out}\nHQ's key fingerprint (the authority confirms it by phone): "
          f"{grouped(fp)}")
    return 0


def _hq_init_postgres(args: argparse.Namespace) -> int:
    from correspondent_app.exchange.hq_postgres import init_postgres, shown  # noqa: PLC0415
    from correspondent_app.exchange.hq_store import is_postgres  # noqa: PLC0415

    if not is_postgres(args.dsn):
        raise ValueError(f"{args.dsn} is not a PostgreSQL address (postgresql://user@host/database)")
    for line in init_postgres(args.dsn, args.merge_role, args.read_role):
        print(line)
    print(f"HQ database ready at {shown(args.dsn)}: merge with --into as {args.merge_role}, "
          f"report and verify with --from as {args.read_role}")
    return 0


def _verify_bundle(args: argparse.Namespace) -> int:
    """``verify --bundle``: no registry at all, only HQ's signed bundle."""
    from correspondent_app.exchange.bundle import read_bundle, verify_with_bundle  # noqa: PLC0415
    from correspondent_app.exchange.hq_verify import exit_code  # noqa: PLC0415
    from correspondent_app.registry.keys import grouped  # noqa: PLC0415

    body, fp = read_bundle(args.bundle)
    if args.hq_fingerprint is not None:
        from correspondent_app.registry.keys import normalise_fingerprint  # noqa: PLC0415

        # The bundle carries the key that signed it: only the fingerprint known from HQ proves whose key it is.
        if normalise_fingerprint(args.hq_fingerprint) != fp:
            raise ValueError(f"the bundle is signed by key {grouped(fp)}, not by HQ's key {args.hq_fingerprint}: "
                             "do not use it, ask HQ for its bundle")
    verdict = verify_with_bundle(body, args.code)
    print(verdict)
    print(f"(bundle made {body.get('made_at', '?')}, signed by HQ key {grouped(fp)}: check it is the one HQ "
          "read out to you)")
    return exit_code(verdict.status)


def _verify(args: argparse.Namespace) -> int:
    from correspondent_app.documents.verification import verify  # noqa: PLC0415

    if args.bundle is not None:  # offline, from HQ's bundle: no registry is opened
        return _verify_bundle(args)
    with _open_read_only(args) as registry:  # verifying only reads: it works from a read-only medium
        verdict = verify(registry, args.code)
    print(f"{verdict.status}: {verdict.reason}")
    return {"valid": 0, "unknown": 3}.get(verdict.status, 1)


def _start_gui(args: argparse.Namespace) -> int:
    try:
        from correspondent_app.ui.app import run  # noqa: PLC0415 - Qt only when needed
    except ImportError:
        print("The desktop window is not built yet; see README.md.", file=sys.stderr)
        return 1
    return run(args)
