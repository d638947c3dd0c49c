"""Real registries and real PDFs for the document tests."""

import io
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from correspondent_app.demo.clerk import settle_for_issue
from correspondent_app.registry import Registry

from correspondent_app.documents.specimens import FACTS  # noqa: E402 - the sample facts of each category


@pytest.fixture()
def registry(tmp_path):
    reg = Registry.open(tmp_path / "registry.sqlite", actor="tester")
    reg.profile.save(community="Κοινότητα Αγίου Αθανασίου", municipality="Δήμος Μυγδονίας",
                     prefecture="Ν. Θεσσαλονίκης", correspondent_name="Μαρία Παπαδοπούλου",
                     oga_branch="Περιφερειακό Υποκατάστημα ΟΓΑ Θεσσαλονίκης")
    yield reg
    reg.close()


def paid_case(registry, category, code="0623/300605/129009", surname="Χότζα", settle=True):
    person = registry.persons.add({"surname_el": surname, "name_el": "Αρμπέν", "surname_lat": "HOXHA",
                                   "name_lat": "ARBEN", "father_name": "Ιλίρ", "birth_date": date(1975, 3, 14),
                                   "nationality": "AL", "passport_no": f"BA{abs(hash(code)) % 10**7:07d}",
                                   "residence_doc": "complete_dossier"}, allow_duplicate=True)
    case = registry.cases.open(person.id, FACTS[category])
    if category == "1α":
        registry.cases.set_amount(case.id, Decimal("312.40"), source="hq_list", reference="Κατάσταση 2005")
        registry.cases.move(case.id, "awaiting_payment")
        registry.payments.record_elta(case.id, "5512 0088 7711", date(2005, 9, 20), Decimal("312.40"))
    else:
        registry.cases.move(case.id, "awaiting_payment")
        registry.payments.record_ate(case.id, code, registry.cases.get(case.id).amount)
    if settle:  # the documents, competence, warnings and acknowledgements the pre-issue review asks for
        assert settle_for_issue(registry, case.id) == []
    return registry.cases.get(case.id)


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text with line breaks and no-break spaces folded to single spaces."""
    return [" ".join(page.extract_text().replace("\xa0", " ").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def font_names(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            names.add(str(ref.get_object()["/BaseFont"]))
    return names


def check_with_clients(pdf: bytes, tmp_path) -> None:
    """qpdf --check passes and pdffonts shows every font embedded."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    for tool in ("qpdf", "pdffonts"):
        assert shutil.which(tool), f"{tool} missing: scripts/system-packages.txt installs it"
    qpdf = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert qpdf.returncode == 0, qpdf.stdout + qpdf.stderr
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows, "no fonts at all?"
    for row in rows:
        assert row.split()[-5] == "yes", f"font not embedded: {row}"


def word_boxes(pdf: bytes, tmp_path) -> list[list[tuple[str, float, float, float, float]]]:
    """Per page, each word drawn with its box (text, x0, y0, x1, y1), as poppler's pdftotext reads them."""
    import html
    import re

    path = tmp_path / "boxes.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        pages.append([(html.unescape(m[5]), float(m[1]), float(m[2]), float(m[3]), float(m[4])) for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page)])
    return pages


def overlapping_words(pdf: bytes, tmp_path, slack: float = 0.5) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap on a page (text printed over text)."""
    clashes = []
    for words in word_boxes(pdf, tmp_path):
        for i, (a, ax0, ay0, ax1, ay1) in enumerate(words):
            for b, bx0, by0, bx1, by1 in words[i + 1:]:
                if ax0 < bx1 - slack and bx0 < ax1 - slack and ay0 < by1 - slack and by0 < ay1 - slack:
                    clashes.append((a, b))
    return clashes
