"""A one-page note in Greek: the work days a year needed to renew a residence permit (seed 001).

What the clerk worked out at the counter, for the applicant to take to the
municipality: the base and where it comes from, the justified absence, the
formula of circular 17/2006 with its numbers, the exact value and the whole
days to meet, the papers that prove the absence, and the circular's
citation. Not a certificate: no protocol number, no signature.
"""

from __future__ import annotations

from datetime import date

from reportlab.platypus import Paragraph, Spacer

from correspondent_app.documents.furniture import LayoutOverflow, build_pdf, esc, facts_table, office_page, styles
from correspondent_app.domain.formatting import country_name, format_date, format_decimal
from correspondent_app.domain.workdays import (
    CIRCULAR_EL, DAYS_PER_MONTH, KYA_160_2006_BASE, KYA_EL, MAX_MONTHS_ABROAD, OLDER_RULE_BASE, WORKING_DAYS_PER_YEAR,
    WorkDays, absence_text, format_count, formula_text,
)

TITLE = "ΥΠΟΛΟΓΙΣΜΟΣ ΑΠΑΙΤΟΥΜΕΝΩΝ ΗΜΕΡΩΝ ΕΡΓΑΣΙΑΣ"
SUBTITLE = "για την ανανέωση άδειας διαμονής για εργασία (ν. 3386/2005) – Εγκύκλιος ΥΠΕΣΔΔΑ 17/2006"

FOOTER = "Ενημερωτικό σημείωμα, όχι βεβαίωση. Η αίτηση ανανέωσης κατατίθεται στον Δήμο."


def base_text(base: int) -> str:
    """The base and where it comes from, in a few words (the table's value)."""
    if base == KYA_160_2006_BASE:
        return f"{base} ημέρες ({KYA_EL})"
    if base == OLDER_RULE_BASE:
        return f"{base} ημέρες (προηγούμενο καθεστώς, ν. 2910/2001)"
    return f"{base} ημέρες (αριθμός της {KYA_EL} για την κατηγορία)"


def base_explanation(base: int) -> str:
    """Who has this base (001), printed under the table."""
    if base == KYA_160_2006_BASE:
        return (f"Η {KYA_EL} ορίζει τον ελάχιστο αριθμό ημερών εργασίας ανά έτος για την ανανέωση άδειας "
                "διαμονής για εργασία που λήγει μετά την 1-1-2006.")
    if base == OLDER_RULE_BASE:
        return ("Οι 150 ημέρες ισχύουν: (α) κατά την πρώτη ανανέωση, για όσους είχαν άδεια του άρθρου 23 "
                "ν. 2910/2001 (παροχή ανεξαρτήτων υπηρεσιών ή έργου)· (β) για όσους απασχολούνται σε περισσότερους "
                "του ενός μη σταθερούς εργοδότες (οικοδόμοι, αποκλειστικοί νοσοκόμοι, οικιακό προσωπικό), "
                "ασφαλίζονται στο ΙΚΑ-ΕΤΑΜ και υπέβαλαν αίτηση βάσει του άρθρου 91 παρ. 10 ν. 3386/2005, "
                "κατά την πρώτη ανανέωση και εφεξής (και σε κάθε επόμενη).")
    return (f"Ο ελάχιστος αριθμός ημερών που ορίζει η {KYA_EL} για την κατηγορία και τον ασφαλιστικό "
            "φορέα του ενδιαφερομένου.")


def _result_style(st):
    from reportlab.lib.styles import ParagraphStyle  # noqa: PLC0415

    return ParagraphStyle("workdaysResult", parent=st.note, fontSize=st.body.fontSize + 2,
                          leading=st.body.leading + 3)


def months_text(months) -> str:
    return "—" if not months else ("1 μήνας" if months == 1 else f"{format_count(months)} μήνες")


def person_rows(person) -> list[tuple[str, str]]:
    rows = [("Επώνυμο – Όνομα", " ".join(x for x in (person.surname_el, person.name_el) if x) or "—"),
            ("Ονοματεπώνυμο στο διαβατήριο", " ".join(x for x in (person.surname_lat, person.name_lat) if x) or "—")]
    if person.father_name:
        rows.append(("Πατρώνυμο", person.father_name))
    if person.birth_date:
        rows.append(("Ημερομηνία γέννησης", format_date(person.birth_date)))
    if person.nationality:
        rows.append(("Υπηκοότητα", country_name(person.nationality, "el")))
    if person.passport_no:
        rows.append(("Αρ. διαβατηρίου", person.passport_no))
    return rows


def render(office, result: WorkDays, person=None, *, prepared_on: date | None = None) -> bytes:
    """The note's PDF. ``office``: the profile (header); ``person``: the applicant, if the clerk opened it from one.

    One page: the compact styles, a step down, when the longest explanation would not fit otherwise.
    """
    try:
        return _render(office, result, person, prepared_on, styles())
    except LayoutOverflow:
        return _render(office, result, person, prepared_on, styles(compact=True))


def _render(office, result: WorkDays, person, prepared_on: date | None, st) -> bytes:
    abroad = months_text(result.months_abroad)
    if result.months_abroad and result.illness_abroad:
        abroad += (f" – ασθένεια ή νοσηλεία στην αλλοδαπή (χωρίς το όριο των {format_count(MAX_MONTHS_ABROAD)} "
                   "μηνών)")
    entered = result.months_abroad + result.months_unemployed
    absence = f"{absence_text(result)} ημέρες"
    if entered != result.months_absent:
        absence = f"{months_text(entered)}, υπολογίζονται έως 12: {absence}"
    inputs = [
        ("Βάση (ημέρες ανά έτος)", base_text(result.base)),
        ("Ταξίδι στο εξωτερικό", abroad),
        ("Ανεργία", months_text(result.months_unemployed)),
        ("Ημέρες απουσίας", absence),
    ]
    story = [Paragraph(TITLE, st.title), Paragraph(esc(SUBTITLE), st.subtitle)]
    if person is not None:
        story += [Paragraph("Ενδιαφερόμενος/η:", st.heading), facts_table(person_rows(person), st)]
    year = format_count(WORKING_DAYS_PER_YEAR)
    story += [
        Paragraph("Στοιχεία υπολογισμού", st.heading),
        facts_table(inputs, st),
        Spacer(1, 2),
        Paragraph(esc(base_explanation(result.base)), st.small),
        Paragraph(esc(f"Ημέρες απουσίας: {format_count(DAYS_PER_MONTH)} για κάθε μήνα δικαιολογημένης απουσίας, "
                      "αθροιστικά για όλους τους λόγους· το ταξίδι στο εξωτερικό έως "
                      f"{format_count(MAX_MONTHS_ABROAD)} μήνες, εκτός από ασθένεια ή νοσηλεία στην αλλοδαπή."),
                  st.small),
        Paragraph("Τύπος της εγκυκλίου", st.heading),
        Paragraph(esc(f"Απαιτούμενες ημέρες εργασίας ετησίως = Βάση × ({year} − ημέρες απουσίας) / {year}"), st.body),
        Paragraph(esc(formula_text(result)), st.body),
        Paragraph(f"Ελάχιστες ημέρες εργασίας ανά έτος: <b>{result.to_meet}</b><br/>"
                  f"<font size=9>(ακριβής τιμή {esc(format_decimal(result.exact))}, στρογγυλοποίηση προς τα πάνω "
                  "σε ακέραιες ημέρες)</font>", _result_style(st)),
    ]
    story += [
        Paragraph("Δικαιολογητικά της απουσίας", st.heading),
        Paragraph(esc("Ο λόγος για τον οποίο δεν υπήρξε εργασία αποδεικνύεται «απολύτως τεκμηριωμένα»: "
                      "για ταξίδι στο εξωτερικό, αντίγραφο διαβατηρίου με την έξοδο και την επανείσοδο στη χώρα"
                      + (" και τα έγγραφα της ασθένειας ή νοσηλείας" if result.illness_abroad else "")
                      + "· για ανεργία, βεβαίωση του ΟΑΕΔ για το διάστημα της τακτικής επιδότησης ή κάρτα ανεργίας "
                      "θεωρημένη κάθε μήνα από τον ΟΑΕΔ."), st.body),
        Spacer(1, st.space),
        Paragraph(esc(f"Πηγή: {CIRCULAR_EL}· {KYA_EL}."), st.small),
    ]
    page = office_page(office, protocol=None, date_text=format_date(prepared_on or date.today()), signature=False,
                       footer_note=FOOTER, specimen=bool(getattr(office, "demo", False)))
    return build_pdf([story], page, title="Ημέρες εργασίας για ανανέωση άδειας διαμονής", expected_pages=1)
