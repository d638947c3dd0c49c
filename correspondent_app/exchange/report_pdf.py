"""The HQ national report as a PDF people read: a national summary, the findings, one section per prefecture.

Made from :class:`~correspondent_app.exchange.hq_aggregates.Aggregates` alone
(thousands of rows, never the merged records). A4 portrait, Greek throughout:

* a national summary: totals by category and outcome, a chart of certificates
  per week with the programme's deadlines marked, and a table per prefecture
  with the page where its section starts;
* the findings of the checks between correspondents, counted by kind, with the
  first texts of each kind (every finding, with its id and status, is in
  findings.csv);
* per prefecture, on a page of its own, one line per *installation* (two
  offices with the same community name are two lines, told apart by their
  code), grouped by municipality with subtotals, and the prefecture's total.

Numbers are plain table strings aligned right (a Paragraph per cell would be
ten times slower for 6,000 villages); headers are sized from their words'
widths so no word is ever split; every page carries the OGA header, the
prefecture it shows and «σελ. x από y».
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Flowable, Frame, KeepTogether, PageBreak,
                                PageTemplate, Paragraph, Spacer, Table, TableStyle)

from correspondent_app.documents.fonts import SANS, SANS_BOLD, SERIF, SERIF_BOLD, register_fonts
from correspondent_app.documents.furniture import counting_canvas, esc, styles
from correspondent_app.domain.formatting import format_date, format_decimal, format_eur
from correspondent_app.exchange.finding_greek import in_greek
from correspondent_app.exchange.hq_aggregates import Aggregates, FindingSummary, VillageFigures, WeekFigures

TITLE = "Συγκεντρωτική αναφορά Ανταποκριτών"
ISSUER = "ΟΡΓΑΝΙΣΜΟΣ ΓΕΩΡΓΙΚΩΝ ΑΣΦΑΛΙΣΕΩΝ – ΔΙΟΙΚΗΣΗ"
#: The programme's categories, each a column of its own.
CATEGORIES = ("1α", "1β", "1γ", "1δ", "2")
#: Cases that end without a category, as the report names them ("" is a case still undecided).
OUTCOME_LABELS = {"not_oga": "εκτός ΟΓΑ", "other_insurer": "άλλος φορέας", "ask_oga": "οδηγίες ΟΓΑ",
                  "": "χωρίς απόφαση"}
OTHER = "λοιπές"  # the column of every case without a category
FINDING_LABELS = {"receipt": "Γραμμάτιο ΑΤΕ", "person": "Ίδιο πρόσωπο", "protocol": "Πρωτόκολλο",
                  "chain": "Αλυσίδα πακέτων", "foreign_rows": "Εγγραφές άλλου Ανταποκριτή"}
#: Used when the programme's rules cannot be read (DOMAIN.md "Programme windows are data").
FALLBACK_DEADLINES = ((date(2005, 10, 31), "προθεσμία παρ. 10"),
                     (date(2005, 12, 31), "προθεσμία παρ. 11 / παράταση αδειών"))

PAGE_WIDTH, PAGE_HEIGHT = A4
SIDE = 12 * mm
BODY_TOP = PAGE_HEIGHT - 22 * mm
BODY_BOTTOM = 15 * mm
BODY_WIDTH = PAGE_WIDTH - 2 * SIDE

FONT, FONT_BOLD, SIZE = SANS, SANS_BOLD, 7.5  # the tables
HEAD_SIZE = 7
CODE_SIZE = 6.5  # the installation's code, grey: it tells apart two offices of the same name
PAD = 2.5  # left and right padding of a table cell
GRID = colors.HexColor("#9a9a9a")
HEAD_BG = colors.HexColor("#e4e4e4")
GROUP_BG = colors.HexColor("#eef2f7")
TOTAL_BG = colors.HexColor("#dde3ea")
ZEBRA = (colors.white, colors.HexColor("#f5f5f5"))
#: Bar colours of the categories (colour-blind safe, print well in grey).
PALETTE = ("#1f4e79", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#7f7f7f", "#d55e00", "#999933")


# -- sorting and numbers --------------------------------------------------------

_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """«Κοινότητα 2» before «Κοινότητα 10», «…104» before «…1040»; Greek accents and case ignored."""
    folded = "".join(ch for ch in unicodedata.normalize("NFD", (text or "").casefold())
                     if not unicodedata.combining(ch))
    parts = _DIGITS.split(folded)  # text, number, text, number, … (always starting with text)
    return tuple(int(p) if i % 2 else p.strip() for i, p in enumerate(parts)), text or ""


@cache
def _int(value: int) -> str:
    return format_decimal(value, digits=0)


def count(value: int) -> str:
    """``1234`` -> «1.234» (Babel, Greek); zero as «–», the statistical tables' «none»."""
    return _int(value) if value else "–"


def money(cents: int) -> str:
    """Cents as euros with Greek separators, without the sign: «2.040,72»."""
    return format_decimal(Decimal(cents).scaleb(-2))


def euros(cents: int) -> str:
    """Cents as «2.040,72 €» (Babel, Greek)."""
    return format_eur(Decimal(cents).scaleb(-2))


def counted(n: int, one: str, many: str) -> str:
    """«1 κοινότητα», «2 κοινότητες», «1.234 κοινότητες»."""
    return f"{_int(n)} {one if n == 1 else many}"


def category_label(code: str) -> str:
    return OUTCOME_LABELS.get(code, code)


# -- the figures, per installation ------------------------------------------------

@dataclass
class Totals:
    cases: dict[str, int] = field(default_factory=lambda: defaultdict(int))  # by column: 1α … 2, λοιπές
    certificates: int = 0
    voided: int = 0
    amount_cents: int = 0
    installations: int = 0

    def add(self, other: Totals) -> None:
        for key, n in other.cases.items():
            self.cases[key] += n
        self.certificates += other.certificates
        self.voided += other.voided
        self.amount_cents += other.amount_cents
        self.installations += other.installations

    def add_figures(self, f: VillageFigures) -> None:
        self.cases[f.category if f.category in CATEGORIES else OTHER] += f.cases
        self.certificates += f.certificates
        self.voided += f.voided
        self.amount_cents += f.amount_cents

    @property
    def all_cases(self) -> int:
        return sum(self.cases.values())


@dataclass
class Office:
    """One installation (a correspondent's office): one line of its prefecture's table."""

    installation: str
    community: str
    municipality: str
    prefecture: str
    totals: Totals = field(default_factory=Totals)


def offices(villages: Iterable[VillageFigures]) -> list[Office]:
    """The installations with their figures summed over categories, in the order of the report."""
    by_id: dict[str, Office] = {}
    for f in villages:
        office = by_id.get(f.installation)
        if office is None:
            office = by_id[f.installation] = Office(f.installation, f.community, f.municipality, f.prefecture)
            office.totals.installations = 1
        office.totals.add_figures(f)
    return sorted(by_id.values(), key=lambda o: (natural_key(o.prefecture), natural_key(o.municipality),
                                                 natural_key(o.community), o.installation))


def default_deadlines() -> list[tuple[date, str]]:
    """The programme's windows (their last day, «προθεσμία παρ. 10»), from its rules; dates shared are merged."""
    try:
        from correspondent_app.domain.programme import load_programme  # noqa: PLC0415

        windows = load_programme().windows
    except Exception:  # noqa: BLE001 - the report is still made, with the deadlines of DOMAIN.md
        return list(FALLBACK_DEADLINES)
    if not windows:
        return list(FALLBACK_DEADLINES)
    labels: dict[date, list[str]] = defaultdict(list)
    for key, window in windows.items():
        number = re.fullmatch(r"par(\d+)", key)
        labels[window.until].append(f"παρ. {number.group(1)}" if number else key)
    return [(day, "προθεσμία " + " / ".join(names)) for day, names in sorted(labels.items())]


# -- page furniture -----------------------------------------------------------------

@dataclass
class _State:
    """What the page furniture needs from the layout: the section each page shows, where sections start."""

    today: date
    section: str = "Εθνική σύνοψη"
    starts: dict[str, int] = field(default_factory=dict)  # section key -> page number
    #: page number -> [(key, title)] outline entries to add when the page is written
    outline: dict[int, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    refs: set[str] = field(default_factory=set)  # page references used in the summary


class SectionMark(Flowable):
    """Zero-size mark at the start of a section: names the section in the page header, notes its page."""

    def __init__(self, state: _State, key: str, title: str) -> None:
        super().__init__()
        self.state, self.key, self.title = state, key, title

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self) -> None:
        page = self.canv.getPageNumber()
        self.state.section = self.title
        self.state.starts[self.key] = page
        self.state.outline[page].append((self.key, self.title))


class PageRef(Flowable):
    """The page a section starts on, known only when the whole document is laid out: a form filled at the end."""

    def __init__(self, state: _State, key: str) -> None:
        super().__init__()
        self.state, self.key = state, key
        state.refs.add(key)
        self.width, self.height = stringWidth("0000", FONT, SIZE), SIZE

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self) -> None:
        self.canv.doForm(_form_name(self.key))


def _form_name(key: str) -> str:
    return "pageref" + "".join(f"{ord(c):x}" for c in key)


def _draw_furniture(canvas, state: _State) -> None:
    top = PAGE_HEIGHT - 11 * mm
    canvas.saveState()
    canvas.setFillColor(colors.black)
    canvas.setFont(SERIF_BOLD, 9)
    canvas.drawString(SIDE, top, ISSUER)
    canvas.setFont(SERIF, 9)
    canvas.drawRightString(PAGE_WIDTH - SIDE, top, format_date(state.today))
    canvas.setFont(SERIF, 8.5)
    canvas.drawString(SIDE, top - 4.2 * mm, TITLE)
    canvas.setFont(SERIF_BOLD, 8.5)
    canvas.drawRightString(PAGE_WIDTH - SIDE, top - 4.2 * mm, state.section)
    canvas.setLineWidth(0.5)
    canvas.line(SIDE, top - 6 * mm, PAGE_WIDTH - SIDE, top - 6 * mm)
    canvas.restoreState()


def _canvas_class(state: _State):
    """A canvas that writes «σελ. x από y», the outline and the summary's page references once all pages are known."""

    def on_page(canvas, number: int, total: int) -> None:
        canvas.setFont(SERIF, 8.5)
        canvas.setFillColor(colors.black)
        canvas.drawCentredString(PAGE_WIDTH / 2, 8 * mm, f"σελ. {number} από {total}")
        for key, title in state.outline.get(number, ()):
            canvas.bookmarkPage(key)
            canvas.addOutlineEntry(title, key, level=0)

    def page_references(canvas) -> None:
        for key in state.refs:
            canvas.beginForm(_form_name(key))
            canvas.setFont(FONT, SIZE)
            page = state.starts.get(key)
            canvas.drawRightString(stringWidth("0000", FONT, SIZE), 0, str(page) if page else "–")
            canvas.endForm()

    return counting_canvas(on_page, page_references)


# -- tables -------------------------------------------------------------------------

def _words_width(text: str, font: str, size: float) -> float:
    """The widest word (or line) of a header: the column must hold it whole."""
    return max(stringWidth(word, font, size) for word in text.split()) if text.strip() else 0


def _wrap(text: str, width: float, font: str = FONT, size: float = SIZE) -> str:
    """``text`` in lines of whole words within ``width`` (a word longer than the width is cut where it must be)."""
    if stringWidth(text, font, size) <= width:
        return text
    lines: list[str] = []
    line = ""
    for word in text.split():
        while stringWidth(word, font, size) > width:  # a single overlong word: cut it
            k = len(word) - 1
            while k > 1 and stringWidth(word[:k], font, size) > width:
                k -= 1
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:k])
            word = word[k:]
        candidate = f"{line} {word}" if line else word
        if stringWidth(candidate, font, size) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return "\n".join(lines)


def _head_lines(text: str, width: float) -> str:
    """A header in lines of whole words within ``width``."""
    return _wrap(text, width, FONT_BOLD, HEAD_SIZE)


def _base_style(header_rows: int) -> list:
    return [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), SIZE),
        ("LEADING", (0, 0), (-1, -1), SIZE + 1.5),
        ("FONTNAME", (0, 0), (-1, header_rows - 1), FONT_BOLD),
        ("FONTSIZE", (0, 0), (-1, header_rows - 1), HEAD_SIZE),
        ("LEADING", (0, 0), (-1, header_rows - 1), HEAD_SIZE + 1.5),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_BG),
        ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"),
        ("VALIGN", (0, header_rows), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.25, GRID),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8),
    ]


def _widths(columns: Sequence[Sequence[str]], headers: Sequence[str], minimum: float = 0) -> list[float]:
    """Each column as wide as its widest value and its header's widest word, plus padding."""
    out = []
    for values, header in zip(columns, headers):
        widest = max((stringWidth(v, FONT_BOLD, SIZE) for v in set(values)), default=0)
        out.append(max(widest, _words_width(header, FONT_BOLD, HEAD_SIZE), minimum) + 2 * PAD + 1)
    return out


def _simple_table(head: Sequence[str], body: list[list], total: list | None, *, first_width: float | None = None,
                  left_columns: int = 1) -> Table:
    """A summary table: text in the first ``left_columns`` columns, numbers right-aligned in the others."""
    rows = [list(body_row) for body_row in body] + ([list(total)] if total else [])
    columns = [[r[i] for r in rows if isinstance(r[i], str)] for i in range(len(head))]
    widths = _widths(columns, head)
    if first_width is not None:
        widths[0] = first_width
    else:  # the first column takes what is left, within reason
        widths[0] = max(widths[0], min(BODY_WIDTH - sum(widths[1:]), 200))
    for i in range(left_columns):
        for r in rows:
            if isinstance(r[i], str):
                r[i] = _wrap(r[i], widths[i] - 2 * PAD - 1)
    data = [[_head_lines(h, w - 2 * PAD - 1) for h, w in zip(head, widths)], *rows]
    style = _base_style(1) + [("ALIGN", (left_columns, 1), (-1, -1), "RIGHT")]
    if total:
        style += [("FONTNAME", (0, -1), (-1, -1), FONT_BOLD), ("BACKGROUND", (0, -1), (-1, -1), TOTAL_BG),
                  ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black)]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    return table


# -- the national summary ---------------------------------------------------------------

def _category_rows(villages: Sequence[VillageFigures]) -> tuple[list[list[str]], list[str]]:
    per: dict[str, Totals] = defaultdict(Totals)
    for f in villages:
        t = per[f.category]
        t.cases[f.category] += f.cases
        t.certificates += f.certificates
        t.voided += f.voided
        t.amount_cents += f.amount_cents
    known = [*CATEGORIES, *OUTCOME_LABELS]
    order = known + sorted((c for c in per if c not in known), key=natural_key)
    rows = []
    total = Totals()
    for code in order:
        t = per.get(code, Totals())
        total.add(t)
        rows.append([category_label(code), _int(t.all_cases), _int(t.certificates), _int(t.voided),
                     euros(t.amount_cents)])
    return rows, ["Σύνολο", _int(total.all_cases), _int(total.certificates), _int(total.voided),
                  euros(total.amount_cents)]


def _summary(aggregates: Aggregates, everything: list[Office], prefectures: list[tuple[str, list[Office]]],
             state: _State, deadlines: Sequence[tuple[date, str]]) -> list:
    st = styles()
    total = Totals()
    for o in everything:
        total.add(o.totals)
    story: list = [SectionMark(state, "summary", "Εθνική σύνοψη"),
                   Paragraph(esc(TITLE), st.title),
                   Paragraph(esc(f"Εθνική σύνοψη – κατάσταση στις {format_date(state.today)}"), st.subtitle),
                   Paragraph(esc(
                       f"Σύνολο: {counted(total.all_cases, 'υπόθεση', 'υποθέσεις')} σε "
                       f"{counted(len(everything), 'κοινότητα', 'κοινότητες')} "
                       f"{counted(len(prefectures), 'νομού', 'νομών')}· "
                       f"{counted(total.certificates, 'βεβαίωση', 'βεβαιώσεις')} σε ισχύ, "
                       f"{counted(total.voided, 'ακυρωμένη', 'ακυρωμένες')}· "
                       f"ποσά πληρωμών {euros(total.amount_cents)}."), st.value),
                   Spacer(1, 6),
                   Paragraph("Υποθέσεις ανά κατηγορία και έκβαση", st.heading)]
    rows, total_row = _category_rows(aggregates.villages)
    story.append(_simple_table(("Κατηγορία / έκβαση", "Υποθέσεις", "Βεβαιώσεις σε ισχύ", "Ακυρωμένες βεβαιώσεις",
                                "Ποσό πληρωμών"), rows, total_row, first_width=110))
    chart = week_chart(aggregates.weeks, deadlines, BODY_WIDTH)
    if chart is not None:
        first, last = chart.span
        story += [Paragraph(esc(f"Βεβαιώσεις σε ισχύ ανά εβδομάδα έκδοσης (εβδομάδες από Δευτέρα, "
                                f"{format_date(first)} – {format_date(last)})"), st.heading), chart.drawing]
        if chart.numbered:
            story.append(Paragraph(esc("Προθεσμίες: " + " · ".join(
                f"{k}: {text}" for k, text in enumerate(chart.numbered, 1)) + "."), st.small))
        if chart.outside:
            story.append(Paragraph(esc("Εκτός της περιόδου του διαγράμματος: " + "· ".join(
                f"{label} {format_date(day)}" for day, label in chart.outside) + "."), st.small))
    body = []
    for name, members in prefectures:
        t = Totals()
        for o in members:
            t.add(o.totals)
        body.append([name or "(χωρίς νομό)", _int(len(members)), _int(t.all_cases), _int(t.certificates),
                     _int(t.voided), money(t.amount_cents), PageRef(state, _section_key(name))])
    table = _simple_table(("Νομός", "Κοινότητες", "Υποθέσεις", "Βεβαιώσεις σε ισχύ", "Ακυρωμένες βεβαιώσεις",
                           "Ποσό (€)", "Σελίδα"), body,
                          ["Σύνολο", _int(len(everything)), _int(total.all_cases), _int(total.certificates),
                           _int(total.voided), money(total.amount_cents), ""])
    story += [CondPageBreak(80), Paragraph("Ανά νομό", st.heading), table,
              Paragraph(esc("«Σελίδα»: όπου αρχίζει το τμήμα του νομού, με μία γραμμή ανά εγκατάσταση Ανταποκριτή."),
                        st.small)]
    return story


def _nice_step(top: float) -> int:
    """A round step for about four gridlines up to ``top``."""
    raw = max(top / 4, 1)
    power = 10 ** int(math.floor(math.log10(raw)))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * power:
            return max(1, int(math.ceil(m * power)))
    return int(10 * power)


@dataclass
class WeekChart:
    drawing: Drawing
    span: tuple[date, date]  # the first and the last week drawn (Mondays)
    outside: list[tuple[date, str]]  # deadlines off the axis, not drawn
    numbered: list[str] = field(default_factory=list)  # the labels of lines numbered 1, 2, … (too close to label)


def week_chart(weeks: Sequence[WeekFigures], deadlines: Sequence[tuple[date, str]], width: float) -> WeekChart | None:
    """Certificates per week, stacked by category, with the deadlines as labelled vertical lines; None if no data."""
    per_week: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for w in weeks:
        if w.certificates > 0:
            per_week[w.week - timedelta(days=w.week.weekday())][w.category] += w.certificates
    if not per_week:
        return None
    present = {c for counts in per_week.values() for c, n in counts.items() if n}
    cats = [c for c in CATEGORIES if c in present] + sorted(present - set(CATEGORIES), key=natural_key)
    first, last = min(per_week), max(per_week)
    # The axis reaches a deadline close to the data (within half a year), so the line is drawn.
    for day, _label in deadlines:
        monday = day - timedelta(days=day.weekday())
        if first - timedelta(weeks=26) <= monday < first:
            first = monday
        elif last < monday <= last + timedelta(weeks=26):
            last = monday
    n = (last - first).days // 7 + 1
    height = 205.0
    left, right = 34.0, width - 6
    label_size, legend_y = 6.5, 6.0
    bottom = legend_y + 22
    top = height - 36  # room for three rows of deadline labels
    plot_w, plot_h = right - left, top - bottom
    slot = plot_w / n
    totals = [sum(per_week.get(first + timedelta(weeks=i), {}).values()) for i in range(n)]
    step = _nice_step(max(totals))
    y_max = step * math.ceil(max(totals) / step)
    d = Drawing(width, height)
    outside: list[tuple[date, str]] = []
    scale = plot_h / y_max
    for k in range(0, y_max + 1, step):
        y = bottom + k * scale
        d.add(Line(left, y, right, y, strokeColor=colors.HexColor("#cccccc") if k else colors.black,
                   strokeWidth=0.3 if k else 0.6))
        d.add(String(left - 3, y - 2.2, _int(k), fontName=FONT, fontSize=label_size, textAnchor="end"))
    bar = slot * 0.72
    for i in range(n):
        counts = per_week.get(first + timedelta(weeks=i), {})
        y = bottom
        x = left + i * slot + (slot - bar) / 2
        for c, colour in zip(cats, _colours(cats)):
            value = counts.get(c, 0)
            if value:
                d.add(Rect(x, y, bar, value * scale, fillColor=colour, strokeColor=colors.white, strokeWidth=0.2))
                y += value * scale
    # week labels: «dd/mm» under the bar, thinned so neighbours never touch
    label_w = stringWidth("00/00", FONT, label_size) + 5
    every = max(1, math.ceil(label_w / slot))
    for i in range(0, n, every):
        day = first + timedelta(weeks=i)
        d.add(String(left + (i + 0.5) * slot, bottom - 9, day.strftime("%d/%m"), fontName=FONT,
                     fontSize=label_size, textAnchor="middle"))
    # deadlines: a dashed line at the end of the day, its label above the plot where it touches no other
    # label and no other line; if they do not all fit, numbers on the lines and the labels under the chart
    red = colors.HexColor("#b00020")
    drawn: list[tuple[float, date, str]] = []
    for day, label in sorted(deadlines):
        x = left + ((day - first).days + 1) / 7 * slot
        if left <= x <= right:
            drawn.append((x, day, label))
            d.add(Line(x, bottom, x, top + 2, strokeColor=red, strokeWidth=0.9, strokeDashArray=[3, 2]))
        else:
            outside.append((day, label))
    texts = [f"{label} ({day.strftime('%d/%m/%Y')})" for _x, day, label in drawn]
    spots = _place([(x, stringWidth(t, FONT, label_size)) for (x, _d, _l), t in zip(drawn, texts)], left, right)
    numbered: list[str] = []
    if spots is None:
        numbered = texts
        texts = [str(k) for k in range(1, len(drawn) + 1)]
        widths = [(x, stringWidth(t, FONT, label_size)) for (x, _d, _l), t in zip(drawn, texts)]
        spots = _place(widths, left, right) or _place(widths, left, right, strict=False)
    for (x, _day, _label), text, (row, x0) in zip(drawn, texts, spots):
        baseline = top + 4 + row * 9.5
        d.add(String(x0, baseline, text, fontName=FONT, fontSize=label_size, fillColor=red))
        d.add(Line(x, top + 2, x, baseline + label_size, strokeColor=red, strokeWidth=0.5))
    # legend: the categories that have bars, nothing else
    x = left
    for c, colour in zip(cats, _colours(cats)):
        d.add(Rect(x, legend_y, 7, 7, fillColor=colour, strokeColor=None))
        name = category_label(c)
        d.add(String(x + 9, legend_y + 1, name, fontName=FONT, fontSize=7))
        x += 9 + stringWidth(name, FONT, 7) + 10
    d.add(String(right, legend_y + 1, "κατηγορία της βεβαίωσης", fontName=FONT, fontSize=6.5, textAnchor="end",
                 fillColor=colors.HexColor("#555555")))
    return WeekChart(d, (first, last), outside, numbered)


def _place(labels: Sequence[tuple[float, float]], left: float, right: float, rows: int = 3,
           strict: bool = True) -> list[tuple[int, float]] | None:
    """For each (line's x, label width): (row, label's left x), the label beside its line, on a row where it
    touches no other label and, if ``strict``, no other line's leader (which climbs from the plot through the
    rows below its label) crosses it. Lowest rows first, by a small search; None if there is no way."""
    if strict and len(labels) > 6:
        return None
    options = [[(row, x0) for row in range(rows) for x0 in (x + 2, x - 2 - width)
                if x0 >= left - 30 and x0 + width <= right] for x, width in labels]

    def fits(k: int, row: int, a: float, chosen: list[tuple[int, float]]) -> bool:
        x, width = labels[k]
        b = a + width
        for (r, pa), (px, pw) in zip(chosen, labels):
            pb = pa + pw
            if r == row and not (b + 4 <= pa or pb + 4 <= a):
                return False
            if strict and ((r < row and pa - 2 <= x <= pb + 2) or (r > row and a - 2 <= px <= b + 2)):
                return False
        return True

    def search(chosen: list[tuple[int, float]]) -> list[tuple[int, float]] | None:
        k = len(chosen)
        if k == len(labels):
            return chosen
        for row, x0 in options[k]:
            if fits(k, row, x0, chosen):
                found = search([*chosen, (row, x0)])
                if found is not None:
                    return found
        return None

    found = search([])
    if found is None and not strict:  # the last resort: each number beside its line, come what may
        return [(0, x + 2) for x, _w in labels]
    return found


def _colours(cats: Sequence[str]) -> list:
    return [colors.HexColor(PALETTE[i % len(PALETTE)]) for i in range(len(cats))]


# -- findings --------------------------------------------------------------------------------

def _findings(found: Sequence[FindingSummary]) -> list:
    st = styles()
    story: list = [CondPageBreak(120), Paragraph("Ευρήματα ελέγχων μεταξύ Ανταποκριτών", st.heading)]
    if not found:
        return story + [Paragraph("Δεν καταγράφηκαν ευρήματα.", st.body)]
    order = list(FINDING_LABELS)
    kinds = sorted(found, key=lambda f: (order.index(f.kind) if f.kind in order else len(order), natural_key(f.kind)))
    rows = [[FINDING_LABELS.get(f.kind, f.kind), _int(f.count), _int(f.open), _int(max(f.count - f.open, 0))]
            for f in kinds]
    story.append(_simple_table(("Είδος", "Ευρήματα", "Ανοιχτά", "Κλεισμένα"), rows,
                               ["Σύνολο", _int(sum(f.count for f in kinds)), _int(sum(f.open for f in kinds)),
                                _int(sum(max(f.count - f.open, 0) for f in kinds))], first_width=150))
    story.append(Paragraph(esc("Κάθε εύρημα, με τον κωδικό και την κατάστασή του (ανοιχτό ή κλεισμένο), "
                               "βρίσκεται στο αρχείο findings.csv. Ακολουθούν τα πρώτα κάθε είδους."),
                           ParagraphStyle("findings-note", parent=st.body, alignment=TA_LEFT, spaceBefore=4)))
    for f in kinds:
        if not f.first:
            continue
        name = FINDING_LABELS.get(f.kind, f.kind)
        shown = len(f.first)
        heading = (name if f.count <= shown else
                   f"{name} – το πρώτο από {_int(f.count)}" if shown == 1 else
                   f"{name} – τα πρώτα {shown} από {_int(f.count)}")
        story.append(KeepTogether([Paragraph(esc(heading), st.value),
                                   *[Paragraph("• " + esc(in_greek(text)), st.small) for text in f.first[:1]]]))
        story += [Paragraph("• " + esc(in_greek(text)), st.small) for text in f.first[1:]]
    return story


# -- one section per prefecture ---------------------------------------------------------------

_SECTION_HEAD = (["Κοινότητα", "Κωδ.", "Υποθέσεις ανά κατηγορία", "", "", "", "", "", "", "Βεβαιώσεις",
                  "", "Ποσό (€)"],
                 ["", "", *CATEGORIES, OTHER, "σύνολο", "σε ισχύ", "άκυρες", ""])
_UNSPANNED = {0, 1, 11}  # columns whose top header stands over them alone


def _section_key(prefecture: str) -> str:
    return "pref:" + prefecture


def _figures(t: Totals) -> list[str]:
    return [*(count(t.cases.get(c, 0)) for c in (*CATEGORIES, OTHER)), count(t.all_cases), count(t.certificates),
            count(t.voided), money(t.amount_cents) if t.amount_cents else "–"]


@dataclass
class _Layout:
    widths: list[float]
    head: list[list[str]]


def _section_layout(prefectures: list[tuple[str, list[Office]]]) -> _Layout:
    """One set of column widths for every prefecture: numbers from the widest value (an office's or a
    prefecture's total, the largest a subtotal can be), headers from their widest word; the community takes the rest."""
    numbers: list[list[str]] = []
    codes = {""}
    for _name, members in prefectures:
        total = Totals()
        for o in members:
            numbers.append(_figures(o.totals))
            codes.add(o.installation[:8])
            total.add(o.totals)
        numbers.append(_figures(total))
    code_w = max(max(stringWidth(c, FONT, CODE_SIZE) for c in codes),
                 _words_width(_SECTION_HEAD[0][1], FONT_BOLD, HEAD_SIZE))
    widths = [0.0, code_w + 2 * PAD + 1]
    for i in range(10):
        widest = max(stringWidth(v, FONT_BOLD, SIZE) for v in {row[i] for row in numbers})
        header = max(_words_width(_SECTION_HEAD[0][i + 2], FONT_BOLD, HEAD_SIZE) if i + 2 in _UNSPANNED else 0,
                     _words_width(_SECTION_HEAD[1][i + 2], FONT_BOLD, HEAD_SIZE))
        widths.append(max(widest, header, 14) + 2 * PAD + 2)  # a clear gap between bold totals
    # the headers spanning several columns: «Βεβαιώσεις» over «σε ισχύ» and «ακυρωμένες» must hold whole
    spare = _words_width(_SECTION_HEAD[0][9], FONT_BOLD, HEAD_SIZE) + 2 * PAD + 1 - (widths[9] + widths[10])
    if spare > 0:
        widths[9] += spare
    widths[0] = BODY_WIDTH - sum(widths[1:])
    head = [[_head_lines(h, w - 2 * PAD - 1) if h else "" for h, w in zip(_SECTION_HEAD[0], widths)],
            [_head_lines(h, w - 2 * PAD - 1) if h else "" for h, w in zip(_SECTION_HEAD[1], widths)]]
    head[0][2] = _head_lines(_SECTION_HEAD[0][2], sum(widths[2:9]) - 2 * PAD - 1)
    head[0][9] = _head_lines(_SECTION_HEAD[0][9], sum(widths[9:11]) - 2 * PAD - 1)
    return _Layout(widths, head)


ROW_LEAD = SIZE + 1.3  # between the lines of a wrapped community name
ROW_TOP, ROW_BOTTOM = 1.2, 1.8  # padding above the first baseline's ascent, below the last line
HEAD_LEAD = HEAD_SIZE + 1.3
OFFICE, GROUP, SUBTOTAL, TOTAL = "office", "group", "subtotal", "total"
CONTINUED = " (συνέχεια)"  # after a municipality's name, atop a page its lines continue on


@dataclass
class _Line:
    """One line of a prefecture's table: an office, a municipality's heading or subtotal, the prefecture's total."""

    kind: str
    label: list[str]  # the first cell, wrapped in lines of whole words
    code: str = ""
    figures: Sequence[str] = ()
    shaded: bool = False  # every other office, for the eye to follow a line across

    @property
    def height(self) -> float:
        return ROW_TOP + ROW_BOTTOM + SIZE + (len(self.label) - 1) * ROW_LEAD


class OfficeTable(Flowable):
    """A prefecture's table, drawn directly: the header on every page, numbers right-aligned.

    It does what a reportlab Table would do for these rows at a fraction of its cost (6,000 offices
    render in seconds): a municipality's heading never ends a page, a subtotal or total never starts one.
    """

    def __init__(self, layout: _Layout, lines: list[_Line]) -> None:
        super().__init__()
        self.layout, self.lines = layout, lines
        self.edges = [0.0]
        for w in layout.widths:
            self.edges.append(self.edges[-1] + w)
        self.head_heights = [ROW_TOP + ROW_BOTTOM + HEAD_SIZE + (max(len(h.split("\n")) for h in row) - 1) * HEAD_LEAD
                             for row in layout.head]

    @property
    def head_height(self) -> float:
        return sum(self.head_heights)

    def wrap(self, available_width, available_height):
        self.width = self.edges[-1]
        self.height = self.head_height + sum(line.height for line in self.lines)
        return self.width, self.height

    def split(self, available_width, available_height):
        room = available_height - self.head_height
        k = 0
        for line in self.lines:
            if line.height > room:
                break
            room -= line.height
            k += 1
        if k >= len(self.lines):
            return [self]
        while k > 0 and self.lines[k].kind in (SUBTOTAL, TOTAL):  # a subtotal or total with its last office
            k -= 1
        while k > 0 and self.lines[k - 1].kind == GROUP:  # a municipality's heading with its first office
            k -= 1
        if k == 0:
            return []
        first, rest = self.lines[:k], self.lines[k:]
        heading = next((line for line in reversed(first) if line.kind == GROUP), None)
        if heading is not None and rest[0].kind in (OFFICE, SUBTOTAL):  # the page after names the municipality
            label = heading.label[-1].removesuffix(CONTINUED)
            rest = [_Line(GROUP, [*heading.label[:-1], label + CONTINUED]), *rest]
        return [OfficeTable(self.layout, first), OfficeTable(self.layout, rest)]

    def draw(self) -> None:
        c = self.canv
        edges, right = self.edges, self.edges[-1]
        y = self.height
        # the header: «Υποθέσεις ανά κατηγορία» over the six category columns, «Βεβαιώσεις» over two
        h0, h1 = self.head_heights
        c.setFillColor(HEAD_BG)
        c.rect(0, y - h0 - h1, right, h0 + h1, stroke=0, fill=1)
        c.setFillColor(colors.black)
        spans0 = [(0, 1, 2), (1, 2, 2), (2, 9, 1), (9, 11, 1), (11, 12, 2)]  # (first, end, rows)
        text = c.beginText()
        text.setFont(FONT_BOLD, HEAD_SIZE, HEAD_LEAD)
        grid: list[tuple[float, float, float, float]] = []
        for first, end, rows in spans0:
            height = h0 if rows == 1 else h0 + h1
            self._centred(text, self.layout.head[0][first], (edges[first] + edges[end]) / 2, y, height)
            if rows == 1:
                for col in range(first, end):
                    self._centred(text, self.layout.head[1][col], (edges[col] + edges[col + 1]) / 2, y - h0, h1)
                    if col > first:
                        grid.append((edges[col], y - h0, edges[col], y - h0 - h1))
                grid.append((edges[first], y - h0, edges[end], y - h0))
            grid += [(edges[first], y, edges[first], y - h0 - h1), (edges[end], y, edges[end], y - h0 - h1)]
        grid.append((0, y, right, y))
        y -= h0 + h1
        heavy = [(0, y, right, y)]
        # the lines
        shade: list[tuple[float, float, str]] = []
        top = y
        for line in self.lines:
            if line.kind != OFFICE or line.shaded:
                shade.append((y, line.height, line.kind))
            y -= line.height
        for y0, height, kind in shade:
            c.setFillColor(ZEBRA[1] if kind == OFFICE else TOTAL_BG if kind == TOTAL else GROUP_BG)
            c.rect(0, y0 - height, right, height, stroke=0, fill=1)
        c.setFillColor(colors.black)
        y = top
        bold = False
        text.setFont(FONT, SIZE, ROW_LEAD)
        for line in self.lines:
            want_bold = line.kind != OFFICE
            if want_bold != bold:
                text.setFont(FONT_BOLD if want_bold else FONT, SIZE, ROW_LEAD)
                bold = want_bold
            baseline = y - ROW_TOP - SIZE * 0.8
            font = FONT_BOLD if bold else FONT
            for i, part in enumerate(line.label):
                text.setTextOrigin(PAD, baseline - i * ROW_LEAD)
                text.textOut(part)
            if line.code:
                text.setFillColor(colors.HexColor("#444444"))
                text.setFont(FONT, CODE_SIZE, ROW_LEAD)
                text.setTextOrigin(edges[1] + PAD, baseline)
                text.textOut(line.code)
                text.setFont(FONT, SIZE, ROW_LEAD)
                text.setFillColor(colors.black)
            for col, value in enumerate(line.figures, 2):
                text.setTextOrigin(edges[col + 1] - PAD - stringWidth(value, font, SIZE), baseline)
                text.textOut(value)
            bottom = y - line.height
            if line.kind == GROUP:
                grid += [(0, y, 0, bottom), (right, y, right, bottom)]
            else:
                grid += [(edges[col], y, edges[col], bottom) for col in range(13) if col != 1 or line.kind == OFFICE]
                heavy += [(edges[col], y, edges[col], bottom) for col in (2, 8, 9, 11)]
            if line.kind in (SUBTOTAL, TOTAL):
                heavy.append((0, y, right, y))
            grid.append((0, bottom, right, bottom))
            y = bottom
        c.drawText(text)
        c.setStrokeColor(GRID)
        c.setLineWidth(0.25)
        c.lines(grid)
        c.setStrokeColor(colors.black)
        c.setLineWidth(0.8)
        c.lines(heavy + [(edges[col], self.height, edges[col], self.height - h0 - h1) for col in (2, 9, 11)]
                + [(edges[8], self.height - h0, edges[8], self.height - h0 - h1)])

    @staticmethod
    def _centred(text, label: str, x: float, top: float, height: float) -> None:
        parts = label.split("\n") if label else []
        block = HEAD_SIZE + (len(parts) - 1) * HEAD_LEAD
        baseline = top - (height - block) / 2 - HEAD_SIZE * 0.8
        for i, part in enumerate(parts):
            text.setTextOrigin(x - stringWidth(part, FONT_BOLD, HEAD_SIZE) / 2, baseline - i * HEAD_LEAD)
            text.textOut(part)


def _section(state: _State, name: str, members: list[Office], layout: _Layout) -> list:
    st = styles()
    title = name or "(χωρίς νομό)"
    total = Totals()
    for o in members:
        total.add(o.totals)
    community_w = layout.widths[0] - 2 * PAD - 1
    label_w = layout.widths[0] + layout.widths[1] - 2 * PAD - 1
    grouped = any(o.municipality for o in members)
    groups: list[tuple[str, list[Office]]] = []
    for o in members:
        if groups and (not grouped or groups[-1][0] == o.municipality):
            groups[-1][1].append(o)
        else:
            groups.append((o.municipality, [o]))
    lines: list[_Line] = []
    zebra = False
    for municipality, offices_ in groups:
        if grouped:
            lines.append(_Line(GROUP, _wrap(municipality or "(χωρίς δήμο)", BODY_WIDTH - 2 * PAD - 1,
                                            FONT_BOLD).split("\n")))
        for o in offices_:
            lines.append(_Line(OFFICE, _wrap(o.community or "–", community_w).split("\n"), o.installation[:8],
                               _figures(o.totals), zebra))
            zebra = not zebra
        if grouped and len(offices_) > 1:  # a single office's subtotal would only repeat its line
            sub = Totals()
            for o in offices_:
                sub.add(o.totals)
            lines.append(_Line(SUBTOTAL, _wrap(f"Σύνολο: {municipality or '(χωρίς δήμο)'}", label_w,
                                               FONT_BOLD).split("\n"), figures=_figures(sub)))
    lines.append(_Line(TOTAL, _wrap(f"Σύνολο νομού: {title}", label_w, FONT_BOLD).split("\n"),
                       figures=_figures(total)))
    summary = (f"{counted(len(members), 'κοινότητα', 'κοινότητες')} · "
               f"{counted(total.all_cases, 'υπόθεση', 'υποθέσεις')} · "
               f"{counted(total.certificates, 'βεβαίωση', 'βεβαιώσεις')} σε ισχύ · {euros(total.amount_cents)}")
    return [SectionMark(state, _section_key(name), title),
            Paragraph(esc(title), st.title), Paragraph(esc(summary), st.subtitle), OfficeTable(layout, lines)]


# -- the document ---------------------------------------------------------------------------------

def report_pdf(aggregates: Aggregates, *, today: date, deadlines: Sequence[tuple[date, str]] | None = None) -> bytes:
    """The HQ national report (A4, Greek): summary, findings, then a section per prefecture."""
    register_fonts()
    state = _State(today=today)
    if deadlines is None:
        deadlines = default_deadlines()
    everything = offices(aggregates.villages)
    prefectures: list[tuple[str, list[Office]]] = []
    for o in everything:
        if prefectures and prefectures[-1][0] == o.prefecture:
            prefectures[-1][1].append(o)
        else:
            prefectures.append((o.prefecture, [o]))
    story = _summary(aggregates, everything, prefectures, state, deadlines)
    story += [Spacer(1, 8), *_findings(aggregates.findings)]
    if everything:
        layout = _section_layout(prefectures)
        legend = esc(f"Μία γραμμή ανά εγκατάσταση Ανταποκριτή: «Κωδ.» είναι τα πρώτα 8 ψηφία του κωδικού της. "
                     f"«{OTHER}»: υποθέσεις χωρίς κατηγορία (εκτός ΟΓΑ, άλλος φορέας, οδηγίες ΟΓΑ, χωρίς απόφαση). "
                     "«–»: καμία.")
        for name, members in prefectures:
            story.append(PageBreak())
            section = _section(state, name, members, layout)
            # on each section's first page: a prefecture's pages may be sent on alone
            section.insert(3, Paragraph(legend, styles().small))
            story += section
    buffer = io.BytesIO()
    frame = Frame(SIDE, BODY_BOTTOM, BODY_WIDTH, BODY_TOP - BODY_BOTTOM, leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0, id="body")
    doc = BaseDocTemplate(buffer, pagesize=A4, title=TITLE, author="ΟΓΑ – Διοίκηση", creator="correspondent-app",
                          initialFontName=SERIF, initialFontSize=10, leftMargin=SIDE, rightMargin=SIDE,
                          topMargin=PAGE_HEIGHT - BODY_TOP, bottomMargin=BODY_BOTTOM)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame],
                                       onPageEnd=lambda canvas, _doc: _draw_furniture(canvas, state))])
    doc.build(story, canvasmaker=_canvas_class(state))
    return buffer.getvalue()
