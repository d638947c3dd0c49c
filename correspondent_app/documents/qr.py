"""The QR code of a certificate: reportlab's own encoder, drawn as one vector form.

The payload is ASCII (reportlab would put Greek in Kanji mode), error
correction Q, so a creased or stamped copy still scans.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from reportlab.graphics.barcode import qrencoder
from reportlab.graphics.barcode.qr import QrCodeWidget

# Three pure parts of reportlab's encoder, made cheaper without changing a
# module of the result (tests/documents/test_qr.py compares each with
# reportlab's own on many inputs, and zbar decodes the printed code):
#
# 1. the Reed-Solomon generator polynomial depends only on the block's
#    length, yet reportlab rebuilds it for every block of every code: keep it;
qrencoder.QRUtil.getErrorCorrectPolynomial = staticmethod(
    lru_cache(maxsize=None)(qrencoder.QRUtil.getErrorCorrectPolynomial))
_REED_SOLOMON_MOD = qrencoder.QRPolynomial.mod  # reportlab's, for the tests


def _reed_solomon_mod(self, generator):
    """2. the remainder of the division by the generator, by long division in
    place (reportlab recurses once per data byte, each time building a new
    list and polynomial object): half of the encoding time otherwise."""
    gen_logs = [qrencoder.LOG_TABLE[c] for c in generator.num]  # RS generators have no zero coefficient
    steps = len(self.num) - len(gen_logs) + 1
    if steps <= 0:
        return self
    exp, log, lead = qrencoder.EXP_TABLE, qrencoder.LOG_TABLE, gen_logs[0]
    num = list(self.num)
    for i in range(steps):
        if num[i]:
            ratio = log[num[i]] - lead
            for j, g in enumerate(gen_logs):
                num[i + j] ^= exp[(g + ratio) % 255]
    return qrencoder.QRPolynomial(num[steps:], 0)


qrencoder.QRPolynomial.mod = _reed_solomon_mod


@lru_cache(maxsize=None)
def _data_positions(version: int) -> list[tuple[int, int]]:
    """3. where the data bits go depends only on the version (reportlab
    recomputes it for every code)."""
    qr = qrencoder.QRCode(version, qrencoder.QRErrorCorrectLevel.Q)
    qr.moduleCount = version * 4 + 17
    return list(qr._dataPosIterator())


qrencoder.QRCode.dataPosIterator = lambda self: _data_positions(self.version)

QR_MASK_PATTERN = 2  # vertical stripes of the mask: scans well from print


@lru_cache(maxsize=64)
def qr_modules(payload: str) -> tuple[str, ...]:
    """The QR matrix of ``payload``, one string per row, "1" for a dark module
    (reportlab's QR widget's encoder, error correction Q)."""
    widget = QrCodeWidget(payload, barLevel="Q")
    # make() would try all 8 mask patterns and score each in pure Python
    # (~150 ms); every mask gives a valid code, so use a fixed one. The tests
    # decode the printed QR with zbar to keep this honest.
    qr = widget.qr
    if qr.version is None:
        qr.version = qr.calculate_version()
    qr.makeImpl(False, QR_MASK_PATTERN)
    return tuple("".join("1" if m else "0" for m in row) for row in qr.modules)


def dark_rectangles(modules: tuple[str, ...]) -> list[tuple[int, int, int, int]]:
    """The dark modules as few rectangles (column, row, width, height), in module units.

    Runs of dark modules along a row, stacked down while the rows below have
    the same run: about a third fewer shapes than one per run, so a smaller
    and faster content stream.
    """
    rectangles = []
    open_runs: dict[tuple[int, int], int] = {}  # (column, width) -> first row
    for r, row in enumerate([*modules, ""]):  # an empty last row closes every run
        runs = {(m.start(), m.end() - m.start()) for m in _DARK_RUN.finditer(row)}
        for run in [run for run in open_runs if run not in runs]:
            first = open_runs.pop(run)
            rectangles.append((run[0], first, run[1], r - first))
        for run in runs:
            open_runs.setdefault(run, r)
    return rectangles


_DARK_RUN = re.compile("1+")


def draw_qr(canvas, payload: str, x: float, y: float, size: float) -> None:
    """Draw the QR once per document as a form and reuse it on every page.

    One filled path of rectangles in module units, scaled to ``size``: the
    three copies of a certificate cost one QR.
    """
    name = "qr-" + hashlib.sha1(payload.encode("ascii")).hexdigest()[:12]
    if not canvas.hasForm(name):
        modules = qr_modules(payload)
        border = 2  # quiet zone, in modules
        side = len(modules) + 2 * border
        canvas.beginForm(name, lowerx=0, lowery=0, upperx=size, uppery=size)
        canvas.scale(size / side, size / side)
        # Integer rectangles written as PDF operators ("x y w h re", then one
        # fill): reportlab's path object formats each number as a float,
        # which made drawing the code cost as much as encoding it.
        canvas.setFillColorRGB(0, 0, 0)
        canvas.addLiteral("\n".join(
            f"{column + border} {side - border - row - height} {width} {height} re"
            for column, row, width, height in dark_rectangles(modules)) + "\nf")
        canvas.endForm()
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(name)
    canvas.restoreState()
