"""HQ side: a village's new public key after its re-key (``hq register --replace``).

A village that lost its private key makes a new one (``correspondent-app
rekey``); nothing signed with the lost key can vouch for the new one, so HQ
registers the new key file explicitly, after checking with the office by
other means (phone, letter) that the change is real. The change is recorded
in ``village_key_changes`` with both fingerprints; from then on only the new
key's packages are merged.
"""

from __future__ import annotations

from pathlib import Path

from correspondent_app.exchange.hq import read_village_key_file
from correspondent_app.exchange.hq_store import HqStore
from correspondent_app.exchange.package import PackageError
from correspondent_app.registry.keys import fingerprint
from correspondent_app.registry.records import now


def replace_village_key(conn: HqStore, key_file: Path | str) -> tuple[str, str, str]:
    """Register the new key of an already registered village: (installation, old fingerprint, new fingerprint)."""
    installation, key, _info = read_village_key_file(key_file)
    old = conn.village_key(installation)
    if old is None:
        raise PackageError(f"village {installation[:8]} is not registered yet: register it without --replace")
    if old != key:
        conn.replace_village_key(installation, old, key, now())
    return installation, fingerprint(old), fingerprint(key)


def key_changes(conn: HqStore, installation: str) -> list[tuple[str, str, str]]:
    """(old fingerprint, new fingerprint, when) of a village's recorded key changes, oldest first."""
    return [(fingerprint(o), fingerprint(n), at) for _inst, o, n, at in conn.key_changes(installation)]
