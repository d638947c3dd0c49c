"""The embedded fonts of every document.

reportlab's built-in Helvetica has no Greek glyphs (it silently falls back to
Symbol and ZapfDingbats), so every document uses DejaVu Serif / Sans, shipped
in resources/fonts with their licence and embedded (subset) in each PDF.
"""

from __future__ import annotations

from functools import cache

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from correspondent_app.paths import resource

SERIF = "DocSerif"
SERIF_BOLD = "DocSerif-Bold"
SERIF_ITALIC = "DocSerif-Italic"
SERIF_BOLD_ITALIC = "DocSerif-BoldItalic"
SANS = "DocSans"
SANS_BOLD = "DocSans-Bold"

_FILES = {
    SERIF: "DejaVuSerif.ttf",
    SERIF_BOLD: "DejaVuSerif-Bold.ttf",
    SERIF_ITALIC: "DejaVuSerif-Italic.ttf",
    SERIF_BOLD_ITALIC: "DejaVuSerif-BoldItalic.ttf",
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
}


@cache
def register_fonts() -> None:
    """Register the families once per process (bold/italic map for <b>/<i> in paragraphs)."""
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource("fonts", filename))))
    for family, regular, bold, italic, bold_italic in (
        (SERIF, SERIF, SERIF_BOLD, SERIF_ITALIC, SERIF_BOLD_ITALIC),
        (SANS, SANS, SANS_BOLD, SANS, SANS_BOLD),
    ):
        addMapping(family, 0, 0, regular)
        addMapping(family, 1, 0, bold)
        addMapping(family, 0, 1, italic)
        addMapping(family, 1, 1, bold_italic)
    # Drawings (the QR code) would otherwise select Helvetica, which then sits
    # unembedded in the PDF even though no text uses it.
    rl_config.defaultGraphicsFontName = SERIF
