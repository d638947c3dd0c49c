"""HQ side: is a certificate of any registered village genuine? (``hq verify``)

HQ holds every village's public key (``villages``, and the keys it had before
a ``register --replace`` in ``village_key_changes``) and the certificates the
villages sent. A scanned QR payload is proved by its signature with one of the
keys of the village it names; a typed code can only be looked up in what the
villages sent. Either way a certificate HQ holds as voided answers "void".
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from correspondent_app.documents.verification import PREFIX, SEALED, SEPARATOR, normalise_code
from correspondent_app.exchange.hq_store import HqStore
from correspondent_app.i18n import _


@dataclass(frozen=True)
class HqVerdict:
    status: str  # "valid" | "void" | "invalid" | "unknown"
    reason: str
    village: str = ""  # "community (short id)"
    protocol: str = ""  # "number/year"
    issued_on: str = ""  # ISO date, as signed or as the village sent it

    def __str__(self) -> str:
        facts = ", ".join(part for part in (
            self.village and _("village {village}").format(village=self.village),
            self.protocol and _("protocol {protocol}").format(protocol=self.protocol),
            self.issued_on and _("issued {date}").format(date=_shown(self.issued_on))) if part)
        return f"{self.status}: {self.reason}" + (f" ({facts})" if facts else "")


#: Exit codes as the village ``verify``: 0 valid, 3 unknown, 1 anything else (void, invalid).
def exit_code(status: str) -> int:
    return {"valid": 0, "unknown": 3}.get(status, 1)


def _shown(day: str) -> str:
    try:
        return date.fromisoformat(day).strftime("%d/%m/%Y")
    except (TypeError, ValueError):
        return str(day)


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class Payload:
    """What a QR payload claims: the signer's short id, protocol, date (OGA2 only), code; and what was signed."""
    short_id: str
    protocol: str
    issued_on: str
    code: str
    body: bytes
    signature: bytes


def parse_payload(text: str) -> Payload | None:
    """An OGA1/OGA2 payload's claims, or None when it is not one (or is malformed: then it proves nothing)."""
    body, _, signature = text.rpartition(SEPARATOR)
    fields = body.split(SEPARATOR)
    try:
        raw_signature, raw_body = _unb64(signature), body.encode("ascii")
    except (ValueError, UnicodeEncodeError):
        return None
    if fields[0] == SEALED and len(fields) == 7:
        day = fields[4]
        iso = f"{day[:4]}-{day[4:6]}-{day[6:8]}" if len(day) == 8 and day.isdigit() else ""
        return Payload(fields[3], f"{fields[2]}/{fields[1]}", iso, fields[5], raw_body, raw_signature)
    if fields[0] == PREFIX and len(fields) == 9:
        return Payload(fields[3], f"{fields[2]}/{fields[1]}", "", fields[8], raw_body, raw_signature)
    return None


def is_payload(text: str) -> bool:
    return text.startswith((SEALED + SEPARATOR, PREFIX + SEPARATOR))


def signed_by(keys: list[bytes], payload: Payload) -> bool:
    """Did any of ``keys`` sign the payload? (A village's old keys still vouch for what they signed.)"""
    for key in keys:
        try:
            Ed25519PublicKey.from_public_bytes(key).verify(payload.signature, payload.body)
            return True
        except (InvalidSignature, ValueError):
            continue
    return False


def village_keys(conn: HqStore) -> dict[str, dict]:
    """installation -> {"community", "keys": [raw public keys, current first]} of every registered village."""
    keys = conn.village_keys()
    villages = {inst: {"community": community, "keys": [keys[inst]]} for inst, community, _m, _p in conn.villages()}
    for inst, old, new, _at in conn.key_changes():
        for key in (old, new):
            if inst in villages and key not in villages[inst]["keys"]:
                villages[inst]["keys"].append(key)
    return villages


def _name(installation: str, community: str) -> str:
    return f"{community or '?'} ({installation[:8]})"


def _held(conn: HqStore, code: str, installation: str | None = None) -> list[tuple]:
    """(installation, protocol, issued_on, voided_at) of the certificates HQ holds with this code."""
    return conn.certificates_with_code(code, installation)


def verify_at_hq(conn: HqStore, text: str) -> HqVerdict:
    """Check a typed code or a scanned QR payload against every village HQ knows."""
    text = (text or "").strip()
    villages = village_keys(conn)
    if is_payload(text):
        return _verify_payload(conn, villages, text)
    rows = _held(conn, normalise_code(text))
    if not rows:
        return HqVerdict("unknown", _("no village has sent HQ a certificate with this code"))
    voided = [r for r in rows if r[3]]
    inst, protocol, issued_on, voided_at = (voided or rows)[0]
    name = _name(inst, villages.get(inst, {}).get("community", ""))
    if voided_at:
        return HqVerdict("void", voided_on(voided_at), name, protocol, issued_on)
    return HqVerdict("valid", _("the code matches a certificate the village sent HQ (a code alone proves less than "
                                "the QR: scan or paste its text to check the signature)"), name, protocol, issued_on)


def voided_on(voided_at: str) -> str:
    return _("the certificate was voided on {date}").format(date=_shown(voided_at[:10]))


def malformed() -> str:
    return _("the QR text is malformed: it is not a certificate's payload")


def forged() -> str:
    return _("the signature does not match the village's key: the certificate was altered or forged")


def _verify_payload(conn: HqStore, villages: dict, text: str) -> HqVerdict:
    payload = parse_payload(text)
    if payload is None:
        return HqVerdict("invalid", malformed())
    named = {inst: v for inst, v in villages.items() if inst[:8] == payload.short_id}
    if not named:
        return HqVerdict("unknown", _("signed by installation {id}, which is not registered at HQ").format(
            id=payload.short_id))
    signer = next((inst for inst, v in named.items() if signed_by(v["keys"], payload)), None)
    if signer is None:
        return HqVerdict("invalid", forged(), protocol=payload.protocol)
    name = _name(signer, named[signer]["community"])
    rows = _held(conn, payload.code, signer)
    if rows and rows[0][3]:
        return HqVerdict("void", voided_on(rows[0][3]), name, payload.protocol, payload.issued_on or rows[0][2])
    reason = (_("signed by the village's key") if rows
              else _("signed by the village's key (the village has not sent it to HQ yet)"))
    return HqVerdict("valid", reason, name, payload.protocol,
                     payload.issued_on or (rows[0][2] if rows else ""))
