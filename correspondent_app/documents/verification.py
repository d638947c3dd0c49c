"""Authenticity of certificates: a signed, compact ASCII payload in a QR code.

Each installation has an Ed25519 key pair, made on first use and kept in the
registry (so backups keep it; HQ registers the public key). The QR payload
is ASCII — reportlab would encode Greek in Kanji mode — and reads

    OGA1|<year>|<protocol>|<installation>|<receipt>|<cents>|<passport>|<birth>|<code>|<signature>

where the signature (base64url, no padding) covers everything before it.
``verify(registry, text)`` answers valid / invalid / unknown offline, for
either the short typable code or a scanned payload.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from correspondent_app.domain.transliteration import elot743
from correspondent_app.registry.records import now

PREFIX = "OGA1"
SEPARATOR = "|"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def signing_key(registry) -> Ed25519PrivateKey:
    """The installation's private key, made on first use; kept outside the registry (see registry.keys)."""
    from correspondent_app.registry import keys  # noqa: PLC0415

    return keys.signing_key(registry)


def public_key(registry) -> Ed25519PublicKey:
    """The key the office signs with now: read from the registry, so verifying needs no private key."""
    return Ed25519PublicKey.from_public_bytes(public_key_bytes(registry))


def public_key_bytes(registry) -> bytes:
    from correspondent_app.registry import keys  # noqa: PLC0415

    stored = keys.current_public_key(registry)
    return stored if stored is not None else keys.raw_public(keys.signing_key(registry))


def _ascii(text: str) -> str:
    """Payload fields are ASCII without the separator."""
    latin = elot743(text or "").upper()
    return "".join(ch for ch in latin if ch.isascii() and ch.isprintable() and ch != SEPARATOR)


def payload_fields(registry, certificate) -> list[str]:
    """The signed facts of a certificate, in payload order (without the signature)."""
    case = registry.cases.get(certificate.case_id)
    person = registry.persons.get(case.person_id)
    payment = registry.payments.for_case(case.id)
    profile = registry.profile.get()
    receipt = payment.receipt_code or _ascii(payment.elta_reference)
    cents = int(payment.amount * 100)
    return [PREFIX, str(certificate.protocol_year), str(certificate.protocol_no), profile.uuid[:8], receipt, str(cents),
            _ascii(person.passport_no), person.birth_date.strftime("%Y%m%d") if person.birth_date else "",
            certificate.verification_code]


def signed_payload(registry, certificate) -> str:
    body = SEPARATOR.join(payload_fields(registry, certificate))
    return body + SEPARATOR + _b64(signing_key(registry).sign(body.encode("ascii")))


@dataclass(frozen=True)
class Verdict:
    status: str  # "valid" | "invalid" | "unknown"
    reason: str
    certificate_id: int | None = None


#: Crockford base32 reads the letters that look like digits as those digits.
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def normalise_code(text: str) -> str:
    """A verification code as typed -> ``XXXX-XXXX-XXXX``.

    Spaces, dashes or dots anywhere, lower case, and O for 0 or I/L for 1
    (Crockford base32 has no I, L, O) are what people type from paper.
    Anything that is not 12 characters after that is returned cleaned but
    ungrouped, so it is simply not found.
    """
    raw = "".join(ch for ch in (text or "").upper() if ch.isascii() and ch.isalnum()).translate(_LOOKALIKES)
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 12 else raw


def verify(registry, text: str) -> Verdict:
    """Check a typed verification code or a scanned QR payload against this registry."""
    text = (text or "").strip()
    if text.startswith(PREFIX + SEPARATOR):
        return _verify_payload(registry, text)
    certificate = registry.certificates.by_code(normalise_code(text))
    if certificate is None:
        return Verdict("unknown", "no certificate with this code in this registry")
    return _current(certificate, "code matches certificate")


def _current(certificate, what: str) -> Verdict:
    if certificate.voided_at:
        return Verdict("invalid", f"certificate {certificate.protocol} was voided: {certificate.void_reason}", certificate.id)
    return Verdict("valid", f"{what} {certificate.protocol} issued {certificate.issued_on:%d/%m/%Y}", certificate.id)


def _verify_payload(registry, text: str) -> Verdict:
    body, _, signature = text.rpartition(SEPARATOR)
    try:
        public_key(registry).verify(_unb64(signature), body.encode("ascii"))
    except (InvalidSignature, ValueError, UnicodeEncodeError):
        return Verdict("invalid", "the signature does not match: the payload was altered or comes from another office")
    fields = body.split(SEPARATOR)
    certificate = registry.certificates.by_code(fields[-1]) if len(fields) == 9 else None
    if certificate is None:
        return Verdict("unknown", "signed by this office but not in this registry (restored from an older backup?)")
    if payload_fields(registry, certificate) != fields:
        return Verdict("invalid", "the signed facts differ from the registry's record")
    return _current(certificate, "signature and record match certificate")
