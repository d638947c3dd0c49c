"""Villages, packages and HQ databases for the exchange tests: real registries, real signatures."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from correspondent_app.demo.generate import make_demo
from correspondent_app.exchange.export import public_key_file
from correspondent_app.exchange.package import MANIFEST, SIGNATURE, sha256
from correspondent_app.registry import Registry
from tests.office import office

#: In the PostgreSQL run of the HQ tests (tests/exchange/conftest.py): HQ file paths → databases on the server.
DATABASES = None


def village(tmp_path, name, seed, persons=20, *, certificates=False):
    """A village registry with demo data; ``certificates``: issue them too (renders their PDFs, slower)."""
    reg = Registry.open(tmp_path / f"{name}.sqlite", actor=name)
    reg.profile.save(**office(community=f"Κοινότητα {name}", municipality="Δήμος Τεστ", prefecture="Ν. Τεστ"))
    make_demo(reg, persons=persons, seed=seed, render=certificates)
    key = tmp_path / f"{name}.pub"
    key.write_bytes(public_key_file(reg))
    return reg, key


def first_merge(tmp_path, name="alpha", seed=1):
    """A village whose first package HQ has registered and merged: (registry, key file, HQ connection)."""
    from correspondent_app.exchange.export import export_package
    from correspondent_app.exchange.hq import merge, open_hq, register

    reg, key = village(tmp_path, name, seed)
    hq = open_hq(tmp_path / "hq.sqlite")
    register(hq, key)
    export_package(reg, tmp_path / f"{name[0]}1.zip")
    result = merge(hq, tmp_path / f"{name[0]}1.zip")
    assert result.merged, result.reason
    return reg, key, hq


def rewrite(src, dst, change):
    """Copy a zip member by member through ``change(name, data) -> data``."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item.filename, change(item.filename, zin.read(item.filename)))


def resign(registry, src, dst, change_members=None, change_manifest=None):
    """Change members and/or the manifest, fix the member hashes and sign again with the village's own key:
    a package that is authentic (the village signed it) and yet wrong inside."""
    from correspondent_app.documents.verification import signing_key

    with zipfile.ZipFile(src) as z:
        members = {n: z.read(n) for n in z.namelist() if n not in (MANIFEST, SIGNATURE)}
        manifest = json.loads(z.read(MANIFEST))
    if change_members:
        members = change_members(members)
    manifest["members"] = {n: sha256(d) for n, d in sorted(members.items())}
    if change_manifest:
        manifest = change_manifest(manifest)
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode()
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(MANIFEST, manifest_bytes)
        z.writestr(SIGNATURE, base64.b64encode(signing_key(registry).sign(manifest_bytes)))
        for n, d in members.items():
            z.writestr(n, d)
    return dst


def hq_arg(path):
    """What to give a child process's ``hq`` command for the HQ file ``path``: the file, or in the PostgreSQL run
    of the HQ tests the address of the database standing for it."""
    return DATABASES.address(path) if DATABASES is not None else path


def hq_args(args) -> tuple[list, Path | None]:
    """The command line with each ``--into`` / ``--from`` HQ file given as ``hq_arg``; and, when one was replaced
    by an address, the folder to run in (hq.log goes into the current folder for a PostgreSQL HQ: there it
    lands beside the file named, as on SQLite)."""
    args, folder = list(args), None
    if DATABASES is None or not args or str(args[0]) != "hq":
        return args, folder
    for i in range(1, len(args)):
        if str(args[i - 1]) in ("--into", "--from"):
            folder = Path(args[i]).absolute().parent
            args[i] = hq_arg(args[i])
    return args, folder


def run(*args, timeout=120):
    args, folder = hq_args(args)
    return subprocess.run([sys.executable, "-m", "correspondent_app", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, cwd=folder, env=child_env(folder))


def child_env(folder) -> dict | None:
    """The environment of a child process run in another folder: the project importable from there too."""
    if folder is None:
        return None
    root = str(Path(__file__).resolve().parents[2])
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}


def copy_hq(src, dst) -> None:
    """Copy an HQ database: the file on SQLite, the database in the PostgreSQL run."""
    if DATABASES is not None:
        DATABASES.copy(src, dst)
    else:
        shutil.copy(src, dst)


def in_transaction(store) -> bool:
    """Whether the HQ store's connection is inside a transaction, on either engine."""
    return store.in_transaction if store.engine == "postgresql" else store.conn.in_transaction


def trust(reg, hq):
    """The office sets up HQ's key (``trust-hq`` with the fingerprint HQ reads out), before any acknowledgement."""
    from correspondent_app.exchange.ack import hq_key_file, trust_hq

    return trust_hq(reg, hq_key_file(hq)[1])
