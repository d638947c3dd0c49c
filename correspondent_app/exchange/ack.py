"""HQ's acknowledgement of a village's packages, and its import at the village.

HQ writes, for one village, a small JSON file naming the last package of
that village it merged (sequence and manifest hash), signed with HQ's own
Ed25519 key (made in the HQ database on first use). The village imports
it: the signature must hold, the key must be HQ's key as the office set it
up (``trust-hq`` with HQ's key file or its fingerprint, read out by HQ: an
acknowledgement never teaches the office a key, else a forged first one
would lock HQ out), the installation must be this one and the package must
be one this registry exported, with that hash. From then on an incremental export sends everything since that
package, so a package lost on the way no longer blocks the village.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from correspondent_app.exchange.hq_store import HqStore
from correspondent_app.exchange.package import PackageError
from correspondent_app.i18n import _
from correspondent_app.registry.db import RegistryError
from correspondent_app.registry.keys import fingerprint, grouped, normalise_fingerprint
from correspondent_app.registry.records import now

KIND = "correspondent-app/hq-acknowledgement"
FORMAT = 1
HQ_KEY_KIND = "correspondent-app/hq-public-key"


def _signed_bytes(fields: dict) -> bytes:
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


# ---------------------------------------------------------------- HQ side


def hq_signing_key(conn: HqStore) -> Ed25519PrivateKey:
    """HQ's own key, made in the HQ database on first use."""
    private = conn.hq_key()
    if private:
        return Ed25519PrivateKey.from_private_bytes(private)
    key = Ed25519PrivateKey.generate()
    conn.save_hq_key(key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()),
                     key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw), now())
    return key


def hq_key_file(conn: HqStore) -> tuple[bytes, str]:
    """HQ's public key as a file for the villages' ``trust-hq``, and its fingerprint (to read out by phone)."""
    public = hq_signing_key(conn).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    document = {"kind": HQ_KEY_KIND, "format": FORMAT, "public_key": base64.b64encode(public).decode("ascii"),
                "fingerprint": grouped(fingerprint(public)), "written_at": now()}
    return json.dumps(document, indent=1).encode("utf-8"), fingerprint(public)


def find_village(conn: HqStore, village: str | Path) -> str:
    """A village's installation id from its key file (VILLAGE.pub), its id, or the first 8+ characters of it."""
    text = str(village)
    path = Path(text)
    if path.is_file():
        try:
            text = json.loads(path.read_text(encoding="utf-8"))["installation"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise PackageError(f"{path} is not a village key file ({exc})") from None
    if len(text) < 8:
        raise PackageError(f"{text!r}: give the village's key file or at least 8 characters of its id")
    rows = conn.find_villages(text)
    if len(rows) != 1:
        raise PackageError(f"village {text} is {'not registered' if not rows else 'ambiguous: give more of its id'}")
    return rows[0]


def write_acknowledgement(conn: HqStore, village: str | Path) -> tuple[bytes, dict]:
    """The signed acknowledgement of the last package HQ merged of ``village``: (file bytes, its fields)."""
    installation = find_village(conn, village)
    last = conn.last_package(installation)
    if last is None:
        raise PackageError(f"no package of village {installation[:8]} has been merged yet: nothing to acknowledge")
    community = next(c for inst, c, _m, _p in conn.villages() if inst == installation)
    key = hq_signing_key(conn)
    fields = {"kind": KIND, "format": FORMAT, "installation": installation, "community": community,
              "sequence": last[0], "manifest_sha256": last[1], "merged_at": last[2], "created_at": now(),
              "hq_public_key": base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
              .decode("ascii")}
    document = {"acknowledgement": fields, "signature": base64.b64encode(key.sign(_signed_bytes(fields))).decode()}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"), fields


# ---------------------------------------------------------------- village side


@dataclass(frozen=True)
class Acknowledged:
    sequence: int
    new: bool  # False: this or a later package was already acknowledged


def _parse(data: bytes) -> tuple[dict, bytes, bytes]:
    document = json.loads(data)
    fields = document["acknowledgement"]
    if fields.get("kind") != KIND or fields.get("format") != FORMAT:
        raise ValueError("not an acknowledgement of this format")
    if not (isinstance(fields.get("sequence"), int) and isinstance(fields.get("manifest_sha256"), str)
            and isinstance(fields.get("installation"), str) and isinstance(fields.get("created_at"), str)):
        raise ValueError("fields missing")
    key = base64.b64decode(fields["hq_public_key"], validate=True)
    signature = base64.b64decode(document["signature"], validate=True)
    return fields, key, signature


def _hq_key_from_file(path: Path) -> bytes:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("kind") != HQ_KEY_KIND:
            raise ValueError("not HQ's key file")
        public = base64.b64decode(document["public_key"], validate=True)
        Ed25519PublicKey.from_public_bytes(public)
    except OSError as exc:
        raise RegistryError(_("HQ's key file {path} cannot be read ({error}).").format(
            path=path, error=exc.strerror or exc)) from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise RegistryError(_("{path} is not HQ's key file ({error}).").format(path=path, error=exc)) from None
    return public


def trust_hq(registry, file_or_fingerprint: Path | str) -> str:
    """Set up HQ's key: from HQ's key file (``hq key --out``) or its fingerprint as HQ reads it out. Its fingerprint.

    Recorded with an audit entry; a later call replaces it (HQ changed its
    key), and only acknowledgements under the key set up last are accepted.
    """
    text = str(file_or_fingerprint).strip()
    path = Path(text)
    if path.is_file():
        public, source = _hq_key_from_file(path), "file"
        fp = fingerprint(public)
    else:
        public, source = None, "fingerprint"
        fp = normalise_fingerprint(text)
        if fp is None:
            raise RegistryError(_("{text} is neither HQ's key file nor its fingerprint (32 letters and digits, "
                                  "0-9 and A-F, in groups of four).").format(text=text))
    before = trusted_hq_fingerprint(registry)
    with registry.write():
        registry.db.execute("INSERT INTO hq_trust (fingerprint, public_key, trusted_at, source) VALUES (?, ?, ?, ?)",
                            [fp, public, now(), source])
        registry.audit("trust-hq", "hq_key", fp, None if before is None else {"fingerprint": before},
                       {"fingerprint": fp, "source": source})
    return fp


def trusted_hq_fingerprint(registry) -> str | None:
    """The fingerprint of HQ's key as set up last, or None before ``trust-hq``."""
    row = registry.db.execute("SELECT fingerprint FROM hq_trust ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else None


def _check_hq_key(registry, key: bytes) -> None:
    """Only HQ's key as the office set it up signs acknowledgements."""
    trusted = trusted_hq_fingerprint(registry)
    if trusted is None:
        raise RegistryError(_("HQ's key is not set up in this registry, so no acknowledgement can be checked: ask "
                              "HQ for its key file (or have its fingerprint read out to you) and set it up (HQ exchange: "
                              "Set up HQ's key…, or \"correspondent-app trust-hq\"). Nothing was recorded."))
    if fingerprint(key) != trusted:
        raise RegistryError(_("The acknowledgement is not signed with HQ's key as set up here (fingerprint "
                              "{trusted}) but with another one ({other}): it was not recorded. If HQ really "
                              "changed its key, set the new one up first (HQ exchange: Set up HQ's key…, or "
                              "\"correspondent-app trust-hq\").").format(
                                  trusted=grouped(trusted), other=grouped(fingerprint(key))))


def import_acknowledgement(registry, path: Path | str) -> Acknowledged:
    """Record HQ's acknowledgement in the village registry (refusing anything that does not hold)."""
    try:
        fields, key, signature = _parse(Path(path).read_bytes())
        Ed25519PublicKey.from_public_bytes(key).verify(signature, _signed_bytes(fields))
    except InvalidSignature:
        raise RegistryError(_("The acknowledgement's signature does not match: the file was altered.")) from None
    except OSError as exc:
        raise RegistryError(_("This is not an acknowledgement from HQ ({error}).").format(
            error=exc.strerror or exc)) from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise RegistryError(_("This is not an acknowledgement from HQ ({error}).").format(error=exc)) from None
    _check_hq_key(registry, key)
    profile = registry.profile.get()
    if profile is None or fields["installation"] != profile.uuid:
        raise RegistryError(_("The acknowledgement is for another installation ({community}), not this registry.")
                            .format(community=fields.get("community", "?")))
    sequence = fields["sequence"]
    with registry.write():
        exported = registry.db.execute("SELECT manifest_sha256 FROM exports WHERE sequence = ?", [sequence]).fetchone()
        if exported is None or exported[0] != fields["manifest_sha256"]:
            raise RegistryError(_("The acknowledgement names package {n}, which this registry did not export as "
                                  "such.").format(n=sequence))
        latest = registry.db.execute("SELECT MAX(sequence) FROM export_acks").fetchone()[0]
        if latest is not None and latest >= sequence:
            return Acknowledged(sequence, False)
        registry.db.execute("INSERT INTO export_acks (sequence, manifest_sha256, hq_public_key, acknowledged_at, "
                            "imported_at) VALUES (?, ?, ?, ?, ?)",
                            [sequence, fields["manifest_sha256"], key, fields["created_at"], now()])
        registry.audit("acknowledge", "export", str(sequence), None,
                       {"sequence": sequence, "manifest_sha256": fields["manifest_sha256"]})
    return Acknowledged(sequence, True)
