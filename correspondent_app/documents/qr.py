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

# reportlab rebuilds the Reed-Solomon generator polynomial for every block
# of every code, though it depends only on the block's length: a third of
# the encoding time of a certificate's QR. It is a pure function, so keep it.
qrencoder.QRUtil.getErrorCorrectPolynomial = staticmethod(
    lru_cache(maxsize=None)(qrencoder.QRUtil.getErrorCorrectPolynomial))

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
