"""What every page shares: the public-sector header, the protocol box, the copy
mark, the signature and stamp block, the verification footer and the
specimen mark; plus the paragraph styles and the PDF builder.

Documents are A4, sober, in the style of a Greek public-sector certificate:
issuing authority top left, protocol number and date top right, centred
title, body, signature block bottom right.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Paragraph, Table, TableStyle
from xml.sax.saxutils import escape

from correspondent_app.documents.fonts import SERIF, SERIF_BOLD, register_fonts
from correspondent_app.documents.qr import draw_qr

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
HEADER_HEIGHT = 48 * mm
FOOTER_HEIGHT = 24 * mm
SIGNATURE_HEIGHT = 34 * mm
BODY_GAP = 5 * mm  # between the header rule and the title


NBSP = "\xa0"
#: An abbreviation and the number it governs stay on one line: «ν. 3386/2005», «παρ. 10», «άρθρο 91».
_GLUED = re.compile(r"(?<!\w)(ν\.|Ν\.|παρ\.|άρθρ(?:ο|ου)|αρ\.|εγκ\.|κεφ\.|υπόδειγμα|υποδείγματος) (?=[\dΑ-Ω])")


def glue(text: str) -> str:
    """No line break between «ν.», «παρ.», «άρθρο» … and their number (a no-break space)."""
    return _GLUED.sub(lambda m: m.group(1) + NBSP, text)


def esc(text: object) -> str:
    """Text for a reportlab Paragraph (which reads a small XML dialect), abbreviations glued to their numbers."""
    return escape(glue(str(text)))


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    heading: ParagraphStyle
    note: ParagraphStyle
    row_padding: float = 1.5  # above and below each row of a facts table
    space: float = 6  # the gap between blocks (Spacer height)


#: Sizes (font size, leading) of the regular styles and of the compact ones, a step down, used when
#: long but real data would not fit a one-page certificate otherwise.
TIGHT = 2
_SIZES = {
    False: dict(body=(10, 13.5), small=(8.5, 11), title=(14, 18), subtitle=(9, 12), label=(9, 11.5), value=(9.5, 12),
                heading=(10.5, 14), note=(9.5, 12.5), subtitle_after=10, row_padding=1.5, space=6),
    True: dict(body=(9.5, 12.5), small=(8, 10.5), title=(13, 17), subtitle=(8.5, 11), label=(8.5, 11), value=(9, 11.5),
               heading=(10, 13), note=(9, 12), subtitle_after=6, row_padding=1.2, space=4),
    # a last step, for the worst real data with everything long at once (a reissue, two-line names, and a
    # paid amount that differs from the one due, with its reason)
    TIGHT: dict(body=(9, 11.5), small=(7.5, 10), title=(12.5, 16), subtitle=(8, 10.5), label=(8, 10), value=(8.5, 10.5),
                heading=(9.5, 12.5), note=(8.5, 11), subtitle_after=4, row_padding=1, space=3),
}
#: The type sizes a one-page certificate tries in turn, largest first.
STEPS = (False, True, TIGHT)


@cache
def styles(compact: bool | int = False) -> Styles:
    """The paragraph styles of every document; ``compact``: a step down (``TIGHT``: two), for a page that must
    not overflow."""
    register_fonts()
    z = _SIZES[compact]
    size = lambda name: dict(fontSize=z[name][0], leading=z[name][1])  # noqa: E731
    body = ParagraphStyle("body", fontName=SERIF, **size("body"), alignment=TA_JUSTIFY, spaceAfter=4)
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, **size("small"), alignment=TA_LEFT, spaceAfter=2),
        title=ParagraphStyle("title", fontName=SERIF_BOLD, **size("title"), alignment=TA_CENTER, spaceAfter=2),
        subtitle=ParagraphStyle("subtitle", fontName=SERIF, **size("subtitle"), alignment=TA_CENTER,
                                spaceAfter=z["subtitle_after"], textColor=colors.HexColor("#333333")),
        label=ParagraphStyle("label", fontName=SERIF, **size("label"), textColor=colors.HexColor("#333333")),
        value=ParagraphStyle("value", fontName=SERIF_BOLD, **size("value")),
        heading=ParagraphStyle("heading", fontName=SERIF_BOLD, **size("heading"), spaceBefore=6, spaceAfter=3),
        # The border is drawn borderPadding outside the text: indent the text as much, so the box keeps
        # within the margins like every other block.
        note=ParagraphStyle("note", parent=body, **size("note"), borderColor=colors.black, borderWidth=0.6,
                            borderPadding=5, leftIndent=5, rightIndent=5, spaceBefore=6 + 5, spaceAfter=8 + 5),
        row_padding=z["row_padding"],
        space=z["space"],
    )


def facts_table(rows: Sequence[tuple[str, str]], st: Styles, label_width: float = 56 * mm) -> Table:
    """Two columns, label and value, with light rules: the person's details."""
    width = PAGE_WIDTH - 2 * MARGIN
    data = [[Paragraph(esc(label), st.label), Paragraph(esc(value), st.value)] for label, value in rows]
    table = Table(data, colWidths=[label_width, width - label_width])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), SERIF),  # else Table selects (unembedded) Helvetica for its cells
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#999999")),
        ("TOPPADDING", (0, 0), (-1, -1), st.row_padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), st.row_padding),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


@dataclass
class Page:
    """Per-page furniture settings of a document."""

    office_lines: Sequence[str]
    protocol: str | None  # None: the document carries no protocol number
    date_text: str
    copy_marks: Sequence[str] = ()  # one per page; empty: no copy mark
    signature_title: str = "Ο/Η Ανταποκριτής ΟΓΑ"
    signature_name: str = ""
    signature: bool = True
    verification_code: str = ""
    qr_payload: str = ""
    specimen: bool = False
    footer_note: str = ""
    #: page index -> (heading, lines) drawn left of the signature block (e.g. the archive copy's attachments)
    side_notes: dict = None
    header: bool = True  # False: a form of its own layout (the solemn declaration)
    #: the first office lines in bold: ΕΛΛΗΝΙΚΗ ΔΗΜΟΚΡΑΤΙΑ, ΟΓΑ, «Ανταποκριτής ΟΓΑ», the community
    bold_lines: int = 4
    author: str = ""  # the PDF's Author; empty: from the office lines
    #: a list that may run over several pages: the signature once, after the body, not on every page
    signature_at_end: bool = False
    page_numbers: bool = False  # «Σελίδα x από y» at the foot of every page


def office_lines(office, *, branch: bool = True) -> list[str]:
    """The issuing authority, top left of every page.

    «Ανταποκριτής ΟΓΑ» and the community stand on lines of their own: the
    community is entered in the nominative («Κοινότητα Αγίου Αθανασίου») and
    must not be read as a complement of «Ανταποκριτής». ``branch=False``
    leaves out OGA's regional branch (a transmittal is addressed to it).
    """
    lines = ["ΕΛΛΗΝΙΚΗ ΔΗΜΟΚΡΑΤΙΑ", "ΟΡΓΑΝΙΣΜΟΣ ΓΕΩΡΓΙΚΩΝ ΑΣΦΑΛΙΣΕΩΝ", "Ανταποκριτής ΟΓΑ", office.community]
    place = ", ".join(x for x in (office.municipality, office.prefecture) if x)
    if place:
        lines.append(place)
    if branch and office.oga_branch:
        lines.append(office.oga_branch)
    return lines


def office_author(office) -> str:
    return f"Ανταποκριτής ΟΓΑ – {office.community}"


def office_page(office, *, branch: bool = True, **settings) -> Page:
    """A :class:`Page` issued by the correspondent's office (header lines and PDF author from the profile)."""
    return Page(office_lines=office_lines(office, branch=branch), author=office_author(office), **settings)


# The header: office lines in a left column, copy mark, protocol number and
# date at the right, a rule below. Baselines are measured down from the top margin.
HEADER_RULE = HEADER_HEIGHT - 16 * mm  # 32 mm
_FIRST_BASELINE = 4 * mm
_LAST_BASELINE = 29 * mm  # the lowest an office line may sit, clear of the rule
_LEADING = 4.4 * mm
_COLUMN_GAP = 6 * mm  # between the office column and the protocol / copy mark
_MARK_SIZE, _RIGHT_SIZE = 10, 10
_BOX_LINES = 2  # office lines level with the copy mark box (its band is 0-7 mm below the top)


def _copy_mark_width(mark: str) -> float:
    return stringWidth(mark, SERIF_BOLD, _MARK_SIZE) + 6 * mm


def _protocol_text(page: Page) -> str:
    return f"Αρ. Πρωτ.: {page.protocol}"


def _date_text(page: Page) -> str:
    return f"Ημερομηνία: {page.date_text}"


def header_lines(page: Page) -> list[tuple[str, str, float, float]]:
    """The office lines as drawn: (text, font, size, baseline below the top margin).

    Each line wraps within the left column, which ends before the widest
    thing at its right (the copy mark box beside the first two lines, the
    protocol number and date below it), so a long community name never runs
    into «Αρ. Πρωτ.». The same column for every copy of a document.
    """
    width = PAGE_WIDTH - 2 * MARGIN
    right = [stringWidth(_date_text(page), SERIF, _RIGHT_SIZE)]
    if page.protocol is not None:
        right.append(stringWidth(_protocol_text(page), SERIF, _RIGHT_SIZE))
    beside_text = width - max(right) - _COLUMN_GAP
    beside_box = width - max(map(_copy_mark_width, page.copy_marks)) - _COLUMN_GAP if page.copy_marks else beside_text
    wrapped: list[tuple[str, str, float]] = []
    for i, line in enumerate(page.office_lines):
        font, size = (SERIF_BOLD, 10) if i < page.bold_lines else (SERIF, 9)
        rest = line
        while rest:
            limit = min(beside_box, beside_text) if len(wrapped) < _BOX_LINES else beside_text
            head, rest = _fit(rest, font, size, limit)
            wrapped.append((head, font, size))
    if not wrapped:
        return []
    leading = min(_LEADING, (_LAST_BASELINE - _FIRST_BASELINE) / max(1, len(wrapped) - 1))
    return [(text, font, size, _FIRST_BASELINE + k * leading) for k, (text, font, size) in enumerate(wrapped)]


def _fit(text: str, font: str, size: float, width: float) -> tuple[str, str]:
    """The longest run of whole words of ``text`` within ``width`` (at least one word), and the rest."""
    words = text.split()
    head = words[0]
    for k, word in enumerate(words[1:], 1):
        candidate = f"{head} {word}"
        if stringWidth(candidate, font, size) > width:
            return head, " ".join(words[k:])
        head = candidate
    return head, ""


def _draw_header(canvas, page: Page, index: int, lines=None) -> None:
    """``lines``: :func:`header_lines` of ``page``, when the caller draws several pages of it."""
    top = PAGE_HEIGHT - MARGIN
    canvas.setFillColor(colors.black)
    for text, font, size, baseline in header_lines(page) if lines is None else lines:
        canvas.setFont(font, size)
        canvas.drawString(MARGIN, top - baseline, text)
    right = PAGE_WIDTH - MARGIN
    if page.copy_marks:
        mark = page.copy_marks[index % len(page.copy_marks)]
        canvas.setFont(SERIF_BOLD, _MARK_SIZE)
        width = _copy_mark_width(mark)
        canvas.setLineWidth(1.2)
        canvas.rect(right - width, top - 7 * mm, width, 8 * mm)
        canvas.drawCentredString(right - width / 2, top - 4.6 * mm, mark)
    canvas.setFont(SERIF, _RIGHT_SIZE)
    if page.protocol is not None:
        canvas.drawRightString(right, top - 14 * mm, _protocol_text(page))
    canvas.drawRightString(right, top - 19 * mm, _date_text(page))
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, top - HEADER_RULE, right, top - HEADER_RULE)


def _author(page: Page) -> str:
    return page.author or " – ".join(page.office_lines[1:3])


def _draw_signature(canvas, page: Page) -> None:
    if not page.signature or page.signature_at_end:
        return
    _signature_lines(canvas, page, PAGE_WIDTH - MARGIN - 35 * mm, MARGIN + FOOTER_HEIGHT + 4 * mm)


def _signature_lines(canvas, page: Page, x: float, y: float) -> None:
    """Title, space to sign and stamp, and the name, centred on ``x``; the name's baseline at ``y``."""
    canvas.setFont(SERIF_BOLD, 10)
    canvas.drawCentredString(x, y + 24 * mm, page.signature_title)
    canvas.setFont(SERIF, 8)
    canvas.setFillColor(colors.HexColor("#555555"))
    canvas.drawCentredString(x, y + 4 * mm, "(Υπογραφή – Σφραγίδα)")
    canvas.setFillColor(colors.black)
    canvas.setFont(SERIF, 10)
    canvas.drawCentredString(x, y, page.signature_name or " ")


def _draw_side_note(canvas, page: Page, index: int) -> None:
    note = (page.side_notes or {}).get(index)
    if not note:
        return
    heading, lines = note
    y = MARGIN + FOOTER_HEIGHT + SIGNATURE_HEIGHT - 6 * mm
    canvas.setFont(SERIF_BOLD, 9.5)
    canvas.drawString(MARGIN, y, heading)
    canvas.setFont(SERIF, 8.5)
    for i, line in enumerate(lines, 1):
        canvas.drawString(MARGIN, y - i * 4.4 * mm, f"{i}. {line}")


def _draw_footer(canvas, page: Page) -> None:
    y = MARGIN
    if page.qr_payload:
        draw_qr(canvas, page.qr_payload, MARGIN - 1 * mm, y - 1 * mm, 25 * mm)
    text_x = MARGIN + (27 * mm if page.qr_payload else 0)
    canvas.setFont(SERIF, 7.5)
    if page.verification_code:
        canvas.setFont(SERIF_BOLD, 9)
        canvas.drawString(text_x, y + 16 * mm, f"Κωδικός επαλήθευσης: {page.verification_code}")
        canvas.setFont(SERIF, 7.5)
        canvas.drawString(text_x, y + 11.5 * mm, "Η γνησιότητα ελέγχεται στον Ανταποκριτή ΟΓΑ ή στον ΟΓΑ με τον κωδικό ή το QR.")
    if page.footer_note:
        canvas.drawString(text_x, y + 7 * mm, page.footer_note)


class SignatureBlock(Flowable):
    """The signature and stamp block as a flowable: once, where the body ends (``Page.signature_at_end``)."""

    HEIGHT = 30 * mm

    def __init__(self, page: Page) -> None:
        super().__init__()
        self.page = page

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, self.HEIGHT

    def draw(self) -> None:
        _signature_lines(self.canv, self.page, self.width - 35 * mm, 2 * mm)


def counting_canvas(on_page, before_save=None):
    """A canvas class that holds every page until the document ends, then calls ``on_page(canvas, number,
    total)`` on each (page numbers «x από y», anything that needs the total) and ``before_save(canvas)``."""
    from reportlab.pdfgen.canvas import Canvas  # noqa: PLC0415

    class CountingCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                on_page(self, self._pageNumber, total)
                Canvas.showPage(self)
            if before_save is not None:
                before_save(self)
            Canvas.save(self)

    return CountingCanvas


def _numbered_canvas(page: Page):
    """A canvas class that writes «Σελίδα x από y» once the number of pages is known."""

    def number(canvas, index: int, total: int) -> None:
        canvas.setFont(SERIF, 8.5)
        canvas.setFillColor(colors.black)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, MARGIN, f"Σελίδα {index} από {total}")

    return counting_canvas(number)


def _draw_specimen(canvas) -> None:
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.8, 0, 0, alpha=0.18))
    canvas.setFont(SERIF_BOLD, 64)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(40)
    canvas.drawCentredString(0, 0, "ΔΕΙΓΜΑ / SPECIMEN")
    canvas.restoreState()


def _body_frame(page: Page, signature_space: bool) -> Frame:
    frame_bottom = MARGIN + FOOTER_HEIGHT + (SIGNATURE_HEIGHT if page.signature and signature_space else 0)
    frame_top = PAGE_HEIGHT - MARGIN - (HEADER_RULE + BODY_GAP if page.header else 0)
    return Frame(MARGIN, frame_bottom, PAGE_WIDTH - 2 * MARGIN, frame_top - frame_bottom,
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")


class LayoutOverflow(RuntimeError):
    """A document ran over its pages: a copy would be split and mislabelled."""


def build_pdf(story_pages: Sequence[list], page: Page, title: str, *, signature_space: bool = True,
              expected_pages: int | None = None) -> bytes:
    """Lay out ``story_pages`` (one list of flowables per page) with the furniture; return the PDF bytes."""
    register_fonts()
    buffer = io.BytesIO()
    frame = _body_frame(page, signature_space and not page.signature_at_end)

    def on_page(canvas, doc) -> None:
        canvas.setTitle(title)
        canvas.setAuthor(_author(page))
        canvas.setCreator("correspondent-app")
        if page.header:
            _draw_header(canvas, page, doc.page - 1)
        _draw_signature(canvas, page)
        _draw_side_note(canvas, page, doc.page - 1)
        _draw_footer(canvas, page)
        if page.specimen:
            _draw_specimen(canvas)

    doc = BaseDocTemplate(buffer, pagesize=A4, title=title, initialFontName=SERIF, initialFontSize=10,
                          leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    from reportlab.platypus import PageBreak  # noqa: PLC0415

    story: list = []
    for i, flowables in enumerate(story_pages):
        if i:
            story.append(PageBreak())
        story.extend(flowables)
    if page.signature and page.signature_at_end:
        # with the last lines of the body, so the signature never stands alone on a page
        tail = story[-1:] if story and isinstance(story[-1], Paragraph) else []
        story[len(story) - len(tail):] = [KeepTogether([*tail, SignatureBlock(page)])]
    doc.build(story, **({"canvasmaker": _numbered_canvas(page)} if page.page_numbers else {}))
    if expected_pages is not None and doc.page != expected_pages:
        raise LayoutOverflow(f"{title}: {doc.page} pages instead of {expected_pages}")
    return buffer.getvalue()


def build_copies_pdf(story: list, page: Page, title: str, copies: int) -> bytes:
    """The same one-page document ``copies`` times, each page with its own copy mark.

    The body, signature block and QR are laid out once into a PDF form and
    placed on every page: identical copies by construction, at a third of
    the layout cost. Raises :class:`LayoutOverflow` if the body needs more
    than one page.
    """
    from reportlab.pdfgen.canvas import Canvas  # noqa: PLC0415

    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=SERIF, initialFontSize=10)
    canvas.setTitle(title)
    canvas.setAuthor(_author(page))
    canvas.setCreator("correspondent-app")
    frame = _body_frame(page, signature_space=True)
    canvas.beginForm("copy-body")
    remaining = list(story)
    frame.addFromList(remaining, canvas)  # consumes what fits
    _draw_signature(canvas, page)
    _draw_footer(canvas, page)
    canvas.endForm()
    if remaining:
        raise LayoutOverflow(f"{title}: the body does not fit on one page")
    lines = header_lines(page)
    for index in range(copies):
        canvas.doForm("copy-body")
        _draw_header(canvas, page, index, lines)
        _draw_side_note(canvas, page, index)
        if page.specimen:
            _draw_specimen(canvas)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


Builder = Callable[..., bytes]
