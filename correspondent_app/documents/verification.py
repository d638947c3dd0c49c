"""Authenticity of certificates: a signed, compact ASCII payload in a QR code.

Each installation has an Ed25519 key pair, made on first use and kept in the
registry (so backups keep it; HQ registers the public key). The QR payload
is ASCII — reportlab would encode Greek in Kanji mode — and reads, from v8,

    OGA2|<year>|<protocol>|<installation>|<issued YYYYMMDD>|<code>|<digest of the facts>|<signature>

where the signature (base64url, no padding) covers everything before it, and
the digest (128 bits of SHA-256) covers the facts certified at issue: the
person's names and identity numbers, category, amount paid, receipt, protocol
number and date (``registry.certificates`` keeps them with the certificate,
with the payload). Verification compares with what was signed at issue, so a
later correction of the person does not turn a genuine certificate invalid,
and a record altered since (a backdated date, another amount) does not
verify. Certificates issued before v8 carry

    OGA1|<year>|<protocol>|<installation>|<receipt>|<cents>|<passport>|<birth>|<code>|<signature>

and still verify, against the person as the audit trail shows them at issue.
``verify(registry, text)`` answers valid / invalid / unknown offline, for
either the short typable code or a scanned payload.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import date

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from correspondent_app.domain.transliteration import elot743
from correspondent_app.registry.records import now

PREFIX = "OGA1"  # before v8: facts in clear, compared with the record
SEALED = "OGA2"  # from v8: the date and a digest of the facts certified at issue
SEPARATOR = "|"
#: 22 base64url characters: 128 bits of the facts' SHA-256 keep the QR as small as the OGA1 one.
DIGEST_CHARS = 22


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


def payload_fields(registry, certificate, *, as_issued: bool = False) -> list[str]:
    """The OGA1 (before v8) signed facts of a certificate, in payload order (without the signature).

    ``as_issued``: the person's passport and birth date as they stood when the
    certificate was issued (a later correction must not make it invalid).
    """
    case = registry.cases.get(certificate.case_id)
    person = registry.persons.get(case.person_id)
    payment = registry.payments.for_case(case.id)
    profile = registry.profile.get()
    receipt = payment.receipt_code or _ascii(payment.elta_reference)
    cents = int(payment.amount * 100)
    passport, birth = person.passport_no, person.birth_date.isoformat() if person.birth_date else None
    if as_issued:
        passport, birth = _person_at_issue(registry, certificate, person.uuid, passport, birth)
    return [PREFIX, str(certificate.protocol_year), str(certificate.protocol_no), profile.uuid[:8], receipt, str(cents),
            _ascii(passport), birth.replace("-", "") if birth else "", certificate.verification_code]


def _person_at_issue(registry, certificate, person_uuid: str, passport: str, birth: str | None) -> tuple:
    """(passport, birth date) of the person as the audit trail shows them just before the certificate's issue."""
    db = registry.db
    issued = db.execute("SELECT MIN(id) FROM audit WHERE entity = 'certificate' AND action = 'issue' "
                        "AND entity_uuid = ?", [certificate.uuid]).fetchone()[0]
    if issued is None:
        return passport, birth
    state: dict = {}
    for (after,) in db.execute("SELECT after FROM audit WHERE entity = 'person' AND entity_uuid = ? AND id < ? "
                               "ORDER BY id", [person_uuid, issued]):
        state.update(json.loads(after) if after else {})
    return state.get("passport_no", passport), state.get("birth_date", birth)


def facts_digest(facts_json: str) -> str:
    """The digest of the facts certified at issue, as the OGA2 payload carries it."""
    return _b64(hashlib.sha256(facts_json.encode("utf-8")).digest())[:DIGEST_CHARS]


def seal(registry, facts_json: str) -> str:
    """The signed OGA2 payload of the facts certified at issue (``registry.certificates`` stores both)."""
    facts = json.loads(facts_json)
    body = SEPARATOR.join([SEALED, str(facts["protocol"]["year"]), str(facts["protocol"]["number"]),
                           facts["installation"][:8], facts["issued_on"].replace("-", ""), facts["code"],
                           facts_digest(facts_json)])
    return body + SEPARATOR + _b64(signing_key(registry).sign(body.encode("ascii")))


def signed_payload(registry, certificate) -> str:
    """The payload printed in the certificate's QR: the one signed at issue (v8 on), else the OGA1 one."""
    _facts, stored = registry.certificates.sealed(certificate.id)
    if stored:
        return stored
    body = SEPARATOR.join(payload_fields(registry, certificate))
    return body + SEPARATOR + _b64(signing_key(registry).sign(body.encode("ascii")))


def _signed_by_office(registry, signature: str, body: str, issued_on: date | None = None) -> bool:
    """Did one of this office's keys (valid on ``issued_on``) sign ``body``?"""
    from correspondent_app.registry import keys  # noqa: PLC0415

    try:
        return keys.verify_signature(registry, _unb64(signature), body.encode("ascii"), issued_on)
    except (ValueError, UnicodeEncodeError):
        return False


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
    if text.startswith(SEALED + SEPARATOR):
        return _verify_sealed(registry, text)
    if text.startswith(PREFIX + SEPARATOR):
        return _verify_payload(registry, text)
    certificate = registry.certificates.by_code(normalise_code(text))
    if certificate is None:
        return Verdict("unknown", "no certificate with this code in this registry")
    return _current(registry, certificate, "code matches certificate")


def _current(registry, certificate, what: str) -> Verdict:
    problem = tampering(registry, certificate)
    if problem:
        return Verdict("invalid", problem, certificate.id)
    if certificate.voided_at:
        return Verdict("invalid", f"certificate {certificate.protocol} was voided: {certificate.void_reason}", certificate.id)
    return Verdict("valid", f"{what} {certificate.protocol} issued {certificate.issued_on:%d/%m/%Y}", certificate.id)


_FOREIGN = "the signature does not match: the payload was altered or comes from another office"


def _verify_payload(registry, text: str) -> Verdict:
    """An OGA1 payload (certificates issued before v8)."""
    body, _, signature = text.rpartition(SEPARATOR)
    if not _signed_by_office(registry, signature, body):
        return Verdict("invalid", _FOREIGN)
    fields = body.split(SEPARATOR)
    certificate = registry.certificates.by_code(fields[-1]) if len(fields) == 9 else None
    if certificate is None:
        return Verdict("unknown", "signed by this office but not in this registry (restored from an older backup?)")
    if payload_fields(registry, certificate, as_issued=True) != fields:
        return Verdict("invalid", "the signed facts differ from the registry's record")
    return _current(registry, certificate, "signature and record match certificate")


def _verify_sealed(registry, text: str) -> Verdict:
    """An OGA2 payload: signed date and digest of the facts certified at issue."""
    body, _, signature = text.rpartition(SEPARATOR)
    fields = body.split(SEPARATOR)
    issued_on = _day(fields[4]) if len(fields) == 7 else None
    if issued_on is None or not _signed_by_office(registry, signature, body, issued_on):
        return Verdict("invalid", _FOREIGN)
    certificate = registry.certificates.by_code(fields[5])
    if certificate is None:
        return Verdict("unknown", "signed by this office but not in this registry (restored from an older backup?)")
    if registry.certificates.sealed(certificate.id)[1] != text:
        return Verdict("invalid", f"the registry's record of certificate {certificate.protocol} is not the one signed "
                                  "at issue: it was altered", certificate.id)
    return _current(registry, certificate, "signature and record match certificate")


def _day(text: str) -> date | None:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8])) if len(text) == 8 and text.isdigit() else None
    except ValueError:
        return None


def tampering(registry, certificate) -> str | None:
    """Why the registry's record of ``certificate`` is not what was issued (altered since), or None.

    Its date must be its protocol entry's; from v8, its signed payload must
    verify, cover its stored facts, and those facts must be the row's and its
    payment's. The person is not compared: a correction after issue is legal.
    """
    row = next(_issued_rows(registry, "c.id = ?", [certificate.id]))
    return _tampering(row, lambda signature, body, day: _signed_by_office(registry, signature, body, day))


def tampered_certificates(registry):
    """(protocol, problem or None, facts JSON) of every certificate: ``check``'s pass over them all.

    One query for all, and the office's keys read once (``tampering`` reads
    them per certificate, which is fine for one and slow for thousands).
    """
    from correspondent_app.registry import keys  # noqa: PLC0415

    recorded = [(k, Ed25519PublicKey.from_public_bytes(k.public_key)) for k in keys.recorded_keys(registry)]

    def signed(signature: str, body: str, day: date | None) -> bool:
        try:
            raw, data = _unb64(signature), body.encode("ascii")
        except (ValueError, UnicodeEncodeError):
            return False
        return any(_holds(key, raw, data) for record, key in recorded if record.valid_on(day))

    for row in _issued_rows(registry, "1 = 1", []):
        yield f"{row['protocol_no']}/{row['protocol_year']}", _tampering(row, signed), row["facts"]


def _holds(key: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True


_ISSUED = ("SELECT c.id, c.uuid, c.protocol_year, c.protocol_no, c.issued_on, c.verification_code, c.model, c.facts, "
           "c.qr_payload, p.entry_date, k.uuid AS case_uuid, y.uuid AS payment_uuid, y.kind, y.receipt_code, "
           "y.elta_reference, y.paid_on, y.amount_cents FROM certificates c "
           "LEFT JOIN protocol p ON p.year = c.protocol_year AND p.number = c.protocol_no "
           "LEFT JOIN cases k ON k.id = c.case_id LEFT JOIN payments y ON y.id = c.payment_id")


def _issued_rows(registry, where: str, params: list):
    """Certificates with what they were issued on: protocol entry's date, case, payment."""
    cursor = registry.db.execute(f"{_ISSUED} WHERE {where} ORDER BY c.id", params)
    names = [d[0] for d in cursor.description]
    for values in cursor:
        yield dict(zip(names, values, strict=True))


def _tampering(row: dict, signed) -> str | None:
    """The problem with one certificate's row (``signed(signature, body, day)`` checks the office's signature)."""
    protocol, day = f"{row['protocol_no']}/{row['protocol_year']}", row["issued_on"]
    if row["entry_date"] != day:
        return (f"certificate {protocol} is dated {_shown(day)} but its protocol entry "
                f"{'is missing' if row['entry_date'] is None else 'is dated ' + _shown(row['entry_date'])}: "
                "the record was altered")
    facts_json, payload = row["facts"], row["qr_payload"]
    if facts_json is None and payload is None:
        return None  # issued before v8: nothing more was signed at issue
    if not facts_json or not payload or not _seal_holds(payload, facts_json, signed):
        return f"certificate {protocol}: its signed facts do not verify: the record was altered"
    try:
        values = _issued_values(row, json.loads(facts_json))
    except (ValueError, KeyError, TypeError):
        return f"certificate {protocol}: its signed facts cannot be read: the record was altered"
    differ = [name for name, (held, certified) in values.items() if held != certified]
    if differ:
        return (f"certificate {protocol}: its {' and '.join(differ)} {'is' if len(differ) == 1 else 'are'} "
                "not as signed at issue: the record was altered")
    return None


def _shown(day: str) -> str:
    """An ISO date as the clerk reads it (as stored, if it is not one)."""
    try:
        return date.fromisoformat(day).strftime("%d/%m/%Y")
    except (TypeError, ValueError):
        return repr(day)


def _seal_holds(payload: str, facts_json: str, signed) -> bool:
    body, _, signature = payload.rpartition(SEPARATOR)
    fields = body.split(SEPARATOR)
    if len(fields) != 7 or fields[0] != SEALED or fields[6] != facts_digest(facts_json):
        return False
    return signed(signature, body, _day(fields[4]))


def _issued_values(row: dict, facts: dict) -> dict[str, tuple]:
    """(as the registry holds it now, as signed at issue) for every fact of the certificate that never changes."""
    certified = facts["payment"]
    return {
        "issue date": (row["issued_on"], facts["issued_on"]),
        "protocol number": ((row["protocol_year"], row["protocol_no"]),
                            (facts["protocol"]["year"], facts["protocol"]["number"])),
        "verification code": (row["verification_code"], facts["code"]),
        "model": (row["model"], facts["model"]),
        "identity": ((row["uuid"], row["case_uuid"]), (facts["certificate"], facts["case"])),
        "payment": ((row["payment_uuid"], row["kind"], row["receipt_code"], row["elta_reference"], row["paid_on"],
                     row["amount_cents"]),
                    (certified["uuid"], certified["kind"], certified["receipt"], certified["elta"],
                     certified["paid_on"], certified["amount_cents"])),
    }
