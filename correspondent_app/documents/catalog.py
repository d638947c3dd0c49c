"""Every document by name: for ``correspondent-app specimen`` and the UI's print buttons."""

from __future__ import annotations

from datetime import date

from correspondent_app.documents import (
    applicant_note, bank_form, declaration, model1, model3, registration_sheet, transmittal,
)
from correspondent_app.documents.specimens import OFFICE, sample_context

NAMES = ("model3", "model1", "bank-form", "declaration", "registration-sheet", "transmittal", "applicant-note")


def specimen(name: str) -> bytes:
    """The document ``name`` filled with sample data and marked ΔΕΙΓΜΑ / SPECIMEN."""
    if name == "model3":
        return model3.render(sample_context("1β"))
    if name == "model1":
        return model1.render(sample_context("1α"))
    if name == "bank-form":
        return bank_form.render(sample_context("1δ", issued=False))
    if name == "declaration":
        return declaration.render(sample_context("2", issued=False))
    if name == "registration-sheet":
        return registration_sheet.render(sample_context("1γ"), certified_copy=True, declarations_from_year=2004,
                                         pending_situation="temporary_permit",
                                         newer_declarations=True)
    if name == "transmittal":
        lines = [transmittal.TransmittalLine("Χότζα Αρμπέν (HOXHA ARBEN)", "1γ", "38/2005", "0623/300605/129009",
                                             ("Δελτίο Απογραφής", "Αντίγραφο αρχείου της βεβαίωσης 38/2005, με συνημμένα:",
                                              "– Φωτοαντίγραφο του Γραμματίου Είσπραξης της ΑΤΕ",
                                              "– Φωτοαντίγραφο της βεβαίωσης της Δ/νσης Εργασίας (παρ. 10)",
                                              "– Υπεύθυνη Δήλωση του ν. 1599/86",
                                              "Επικυρωμένο αντίγραφο βεβαίωσης πλήρων δικαιολογητικών")),
                 transmittal.TransmittalLine("Ιβάνοφ Πέταρ (IVANOV PETAR)", "1β", "41/2005", "0623/011005/130411",
                                             ("Αντίγραφο αρχείου της βεβαίωσης 41/2005, με συνημμένα:",
                                              "– Φωτοαντίγραφο του Γραμματίου Είσπραξης της ΑΤΕ",
                                              "– Φωτοαντίγραφο της βεβαίωσης της Δ/νσης Εργασίας (παρ. 10)",
                                              "– Υπεύθυνη Δήλωση του ν. 1599/86",
                                              "Υπεύθυνες δηλώσεις εργοδοτών 2004–2005"))]
        return transmittal.render(OFFICE, protocol="52/2005", sent_on=date(2005, 11, 3),
                                  recipient=OFFICE.oga_branch, lines=lines, specimen=True)
    if name == "applicant-note":
        return applicant_note.render(sample_context("2"))
    raise ValueError(f"unknown document {name!r}; choose from {', '.join(NAMES)}")
