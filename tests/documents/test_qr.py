"""Our faster parts of reportlab's QR encoder give exactly reportlab's codes."""

from __future__ import annotations

from contextlib import contextmanager

from hypothesis import given, settings, strategies as st
from reportlab.graphics.barcode import qrencoder

from correspondent_app.documents import qr

ORIGINAL_DATA_POSITIONS = qrencoder.QRCode.__dict__["_dataPosIterator"]


@contextmanager
def reportlabs_own_encoder():
    """reportlab's unpatched Reed-Solomon division and data positions, for the duration."""
    ours = qrencoder.QRPolynomial.mod, qrencoder.QRCode.dataPosIterator
    qrencoder.QRPolynomial.mod = qr._REED_SOLOMON_MOD
    qrencoder.QRCode.dataPosIterator = lambda self: list(ORIGINAL_DATA_POSITIONS(self))
    try:
        yield
    finally:
        qrencoder.QRPolynomial.mod, qrencoder.QRCode.dataPosIterator = ours


def _reportlab_matrix(payload: str) -> tuple[str, ...]:
    """The matrix reportlab's unpatched encoder makes (same level and mask)."""
    with reportlabs_own_encoder():
        return qr.qr_modules.__wrapped__(payload)


# Payloads of the lengths certificates have (about 150-190 ASCII characters),
# and short and long ones, so that many versions and block layouts are met.
payloads = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1, max_size=400)


@settings(max_examples=60, deadline=None)
@given(payloads)
def test_the_matrix_is_reportlabs_own(payload):
    assert qr.qr_modules.__wrapped__(payload) == _reportlab_matrix(payload)


def test_a_real_certificate_payload_is_encoded_as_reportlab_would():
    payload = ("OGA1|2026|38|d7623780|0623/300605/129009|204072|AB1234567|19800101|BNYG-7CF8-PDFY|"
               "E5Xy2rWgwu019Epy5XZNZIUa8jASgJEf6P9f-JCrkR_Or5Z6doWX2jE_OdQub4K5Zd2k4-dEYx2c4wtqyYT9DA")
    assert qr.qr_modules.__wrapped__(payload) == _reportlab_matrix(payload)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 255), min_size=1, max_size=200), st.sampled_from([7, 10, 13, 15, 18, 22, 26, 28, 30]))
def test_reed_solomon_remainder_equals_reportlabs(data, ec_count):
    generator = qrencoder.QRUtil.getErrorCorrectPolynomial(ec_count)
    ours = qrencoder.QRPolynomial(data, generator.getLength() - 1).mod(generator).num
    with reportlabs_own_encoder():
        theirs = qrencoder.QRPolynomial(data, generator.getLength() - 1).mod(generator).num
    assert ours == theirs
