"""The verifier bundle: what an authority needs to check certificates offline, with no registry.

HQ writes (``hq verifier-bundle``) a JSON file holding every village's public
keys and the codes of the voided certificates, signed with HQ's own Ed25519
key. HQ's public key travels in the file, and its fingerprint is printed so
that the receiving authority confirms it by phone: the signature then proves
the bundle was not changed on the way (a village key slipped in, a voided
code taken out). ``verify --bundle`` checks the bundle, then the certificate.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from correspondent_app.documents.verification import normalise_code
from correspondent_app.exchange.ack import hq_signing_key
from correspondent_app.exchange.hq_store import HqStore
from correspondent_app.exchange.hq_verify import (HqVerdict, forged, is_payload, malformed, parse_payload, signed_by,
                                                  village_keys)
from correspondent_app.i18n import _
from correspondent_app.registry.keys import fingerprint
from correspondent_app.registry.records import now

KIND = "oga-verifier-bundle"
VERSION = 1


class BundleError(ValueError):
    """A bundle that cannot be read or whose signature does not hold: nothing in it can be trusted."""


def _canonical(body: dict) -> bytes:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def make_bundle(conn: HqStore) -> tuple[bytes, str]:
    """(the signed bundle file's bytes, HQ's key fingerprint)."""
    key = hq_signing_key(conn)
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    villages = [{"installation": inst, "community": v["community"],
                 "public_keys": [base64.b64encode(k).decode("ascii") for k in v["keys"]]}
                for inst, v in village_keys(conn).items()]
    voided = [{"installation": inst, "code": code, "protocol": protocol}
              for inst, code, protocol in conn.voided_certificates()]
    body = {"kind": KIND, "version": VERSION, "made_at": now(), "hq_public_key": base64.b64encode(public).decode(),
            "villages": villages, "voided": voided}
    signature = base64.b64encode(key.sign(_canonical(body))).decode("ascii")
    data = json.dumps({"bundle": body, "signature": signature}, ensure_ascii=False, indent=1).encode("utf-8")
    return data, fingerprint(public)


def read_bundle(path: Path | str) -> tuple[dict, str]:
    """(the bundle's contents, the fingerprint of the HQ key that signed it); BundleError if it does not hold."""
    try:
        outer = json.loads(Path(path).read_bytes())
        body, signature = outer["bundle"], base64.b64decode(outer["signature"], validate=True)
        public = base64.b64decode(body["hq_public_key"], validate=True)
        if body.get("kind") != KIND:
            raise ValueError("not a verifier bundle")
        Ed25519PublicKey.from_public_bytes(public).verify(signature, _canonical(body))
    except OSError as exc:
        raise BundleError(_("Cannot read the bundle {path}: {error}.").format(path=path, error=exc.strerror or exc)) \
            from None
    except InvalidSignature:
        raise BundleError(_("The bundle {path} was altered after HQ signed it: do not use it, ask HQ for a "
                            "new one.").format(path=path)) from None
    except (ValueError, KeyError, TypeError, AttributeError):
        raise BundleError(_("{path} is not a verifier bundle from HQ (or it is damaged).").format(path=path)) \
            from None
    return body, fingerprint(public)


def _villages(body: dict) -> dict[str, dict]:
    return {v["installation"]: {"community": v.get("community", ""),
                                "keys": [base64.b64decode(k) for k in v.get("public_keys", [])]}
            for v in body.get("villages", [])}


def verify_with_bundle(body: dict, text: str) -> HqVerdict:
    """Check a certificate against a bundle ``read_bundle`` accepted: no registry, no network."""
    text = (text or "").strip()
    voided = {(v["installation"], v["code"]): v.get("protocol", "") for v in body.get("voided", [])}
    villages = _villages(body)
    if not is_payload(text):
        return _code_only(villages, voided, normalise_code(text))
    payload = parse_payload(text)
    if payload is None:
        return HqVerdict("invalid", malformed())
    named = {inst: v for inst, v in villages.items() if inst[:8] == payload.short_id}
    if not named:
        return HqVerdict("unknown", _("signed by installation {id}, which is not in the bundle (a village "
                                      "registered after it was made? ask HQ for a newer one)").format(
                                          id=payload.short_id))
    signer = next((inst for inst, v in named.items() if signed_by(v["keys"], payload)), None)
    if signer is None:
        return HqVerdict("invalid", forged(), protocol=payload.protocol)
    name = f"{named[signer]['community'] or '?'} ({signer[:8]})"
    if (signer, payload.code) in voided:
        return HqVerdict("void", _("the certificate was voided (as of the bundle's date)"), name, payload.protocol,
                         payload.issued_on)
    return HqVerdict("valid", _("signed by the village's key and not voided as of the bundle's date"), name,
                     payload.protocol, payload.issued_on)


def _code_only(villages: dict, voided: dict, code: str) -> HqVerdict:
    """A typed code proves nothing by itself: it can only be found among the voided ones."""
    for (inst, held), protocol in voided.items():
        if held == code:
            name = f"{villages.get(inst, {}).get('community') or '?'} ({inst[:8]})"
            return HqVerdict("void", _("this code is of a voided certificate"), name, protocol)
    return HqVerdict("unknown", _("not known to be void; the code alone cannot prove a certificate: scan or paste "
                                  "the QR text"))
