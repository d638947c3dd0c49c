"""Layout defects that only real data shows: long names, long communities, worst cases."""

from dataclasses import replace
from datetime import date

import pytest

from correspondent_app.documents import applicant_note, bank_form, model1, model3, registration_sheet
from correspondent_app.documents.furniture import PAGE_WIDTH, MARGIN, header_lines
from correspondent_app.documents.parts import page_for
from correspondent_app.documents.specimens import sample_context

from .conftest import overlapping_words, pages_text, word_boxes

LONG_COMMUNITIES = ["Δημοτικό Διαμέρισμα Αγίου Γεωργίου Νηλείας",
                    "Δημοτικό Διαμέρισμα Νέας Μεσημβρίας Δήμου Χαλκηδόνος Νομού Θεσσαλονίκης"]


def with_community(ctx, community):
    office = replace(ctx.office, community=community, municipality="Δήμος Αρτέμιδος", prefecture="Ν. Μαγνησίας")
    return replace(ctx, office=office, protocol_no=12345, specimen=False)


@pytest.mark.parametrize("community", LONG_COMMUNITIES)
@pytest.mark.parametrize("render, category", [(model3.render, "1β"), (model1.render, "1α"),
                                              (bank_form.render, "1δ"), (applicant_note.render, "2")])
def test_a_long_community_never_runs_into_the_protocol_number(tmp_path, community, render, category):
    pdf = render(with_community(sample_context(category), community))
    assert overlapping_words(pdf, tmp_path) == []
    first = word_boxes(pdf, tmp_path)[0]
    protocol_x = min((x0 for w, x0, *_ in first if w in ("Αρ.", "Ημερομηνία:")), default=PAGE_WIDTH)
    community_words = set(community.split())
    header = [box for box in first if box[0] in community_words and box[2] < 200]
    assert header and max(x1 for _w, _x0, _y0, x1, _y1 in header) < protocol_x  # a column of its own
    assert community in " ".join(pages_text(pdf)[0].split())  # wrapped, not cut


def test_the_office_column_wraps_and_stays_above_the_rule():
    ctx = with_community(sample_context("1β"), LONG_COMMUNITIES[1])
    page = page_for(ctx, copy_marks=("ΑΝΤΙΓΡΑΦΟ ΕΝΔΙΑΦΕΡΟΜΕΝΟΥ",))
    lines = header_lines(page)
    assert len(lines) > len(page.office_lines)  # the community took two lines
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for text, font, size, baseline in lines:
        assert MARGIN + stringWidth(text, font, size) < PAGE_WIDTH - MARGIN - 45 * 2.83  # left of the right block
        assert baseline <= 29 * 2.835  # clear of the rule at 32 mm


def test_the_community_stands_on_its_own_line():
    """«Ανταποκριτής ΟΓΑ Κοινότητα …» reads as bad Greek (the community is not in the genitive)."""
    ctx = sample_context("1β")
    texts = [t for t, *_ in header_lines(page_for(ctx))]
    assert texts[2:4] == ["Ανταποκριτής ΟΓΑ", ctx.office.community]


WORST_PERSON = dict(surname_el="Αμπντελραχμάν Αλ-Χασανί Μπεν Μοχάμεντ", name_el="Μοχάμεντ Αμπντουλαζίζ",
                    surname_lat="ABDELRAHMAN AL-HASSANI BEN MOHAMMED", name_lat="MOHAMMED ABDULAZIZ",
                    father_name="Αμπντουλραχμάν", residence_doc="complete_dossier",
                    residence_doc_no="ΘΕΣ-2005/118734-ΣΥΜΠΛ-00042", residence_valid_from=date(2005, 9, 1),
                    residence_valid_to=date(2006, 8, 31), oga_no="4480099999")


def worst_case(category):
    """Everything long at once: two-line Greek and Latin names, a residence document with number and
    dates, an OGA number, a five-digit protocol number, a reissue and a two-line community."""
    ctx = with_community(sample_context(category), LONG_COMMUNITIES[1])
    return replace(ctx, person=replace(ctx.person, **WORST_PERSON), replaces="12001/2005")


@pytest.mark.parametrize("differs", [False, True], ids=["paid-as-due", "paid-other-amount"])
@pytest.mark.parametrize("category", ["1β", "1γ", "1δ", "2", "1α"])
def test_the_worst_realistic_certificate_still_fits_its_page(category, differs, tmp_path):
    render = model1.render if category == "1α" else model3.render
    ctx = worst_case(category)
    if differs:  # two more lines: the amount due and the recorded reason for accepting another one
        ctx = replace(ctx, payment=replace(ctx.payment, amount=ctx.amount - 1, override_reason=(
            "Οδηγία ΟΓΑ, έγγρ. 45123/12-10-2005: ποσό της κατάστασης Διοίκησης για τον ασφαλισμένο")))
    pdf = render(ctx)  # LayoutOverflow before: the certificate could not be issued
    pages = pages_text(pdf)
    assert len(pages) == (1 if category == "1α" else 3)
    for text in pages:
        for value in ("Αμπντελραχμάν Αλ-Χασανί Μπεν Μοχάμεντ Μοχάμεντ Αμπντουλαζίζ", "4480099999",
                      "ABDELRAHMAN AL-HASSANI BEN MOHAMMED MOHAMMED ABDULAZIZ", "ΘΕΣ-2005/118734-ΣΥΜΠΛ-00042",
                      "01/09/2005 – 31/08/2006", "Αντικαθιστά την υπ' αριθ. πρωτ. 12001/2005", "Μαρία Παπαδοπούλου"):
            assert value in text
    assert overlapping_words(pdf, tmp_path) == []


def test_ordinary_certificates_keep_the_regular_type(tmp_path):
    """The step down is for the worst cases only: a usual certificate is set in 10 pt."""
    def body_size(pdf):
        (_w, _x0, y0, _x1, y1), *_ = [box for box in word_boxes(pdf, tmp_path)[0] if box[0] == "εμπίπτει"]
        return round(y1 - y0, 1)

    assert body_size(model3.render(sample_context("1β"))) == 10.0
    assert body_size(model3.render(worst_case("1β"))) < 10.0



@pytest.mark.parametrize("render, category, issued", [(bank_form.render, "1α", False), (bank_form.render, "2", False),
                                                      (applicant_note.render, "2", False)])
def test_boxed_notes_keep_within_the_margins(tmp_path, render, category, issued):
    """The note style's border used to stand 5 pt outside both margins."""
    import subprocess

    from PIL import Image

    path = tmp_path / "doc.pdf"
    path.write_bytes(render(replace(sample_context(category, issued=issued), specimen=False)))  # the mark crosses
    subprocess.run(["pdftoppm", "-r", "72", "-gray", "-png", str(path), str(tmp_path / "p")], check=True)
    for png in sorted(tmp_path.glob("p-*.png")):
        image = Image.open(png).convert("L")
        width, height = image.size  # at 72 dpi a pixel is a point
        margin = round(MARGIN) - 2
        for x in [*range(margin), *range(width - margin, width)]:
            assert min(image.getpixel((x, y)) for y in range(height)) > 128, f"ink at x={x} pt, outside the margins"
