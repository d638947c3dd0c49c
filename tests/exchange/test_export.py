"""The village's export: its own transmittal, names that cannot overwrite the package, make-demo's guard."""

import io

import pytest
from pypdf import PdfReader

from correspondent_app.exchange.ack import import_acknowledgement, write_acknowledgement
from correspondent_app.exchange.export import export_package, export_transmittal_pdf
from correspondent_app.exchange.hq import merge, open_hq, register
from correspondent_app.registry import RegistryError
from tests.exchange.helpers import run, trust, village


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_the_export_transmittal_states_the_package(tmp_path):
    reg, key = village(tmp_path, "alpha", 1)
    first = export_package(reg, tmp_path / "a1.zip")
    text = text_of(export_transmittal_pdf(reg, first))
    assert "ΔΙΑΒΙΒΑΣΤΙΚΟ ΠΑΚΕΤΟΥ ΔΕΔΟΜΕΝΩΝ" in text and "πακέτου αρ. 1" in text and "Πλήρης εξαγωγή" in text
    assert f"Αρ. Πρωτ.: {first.protocol}" in text
    compact = text.replace(" ", "")
    assert first.manifest_sha256 in compact  # all 64 digits, in four groups
    for label, table in (("Πρόσωπα", "persons"), ("Υποθέσεις", "cases"), ("Βεβαιώσεις", "certificates")):
        assert f"{label} {first.rows[table]}" in text, label
    assert f"Σύνολο {sum(first.rows.values())}" in text
    # not the case transmittal's wording
    assert "Δελτίων Απογραφής" not in text and "υποθέσεις)" not in text and "Γραμμάτιο ΑΤΕ" not in text
    assert "Ονοματεπώνυμο" not in text
    hq = open_hq(tmp_path / "hq.sqlite")
    register(hq, key)
    merge(hq, tmp_path / "a1.zip")
    (tmp_path / "ack.json").write_bytes(write_acknowledgement(hq, key)[0])
    trust(reg, hq)
    import_acknowledgement(reg, tmp_path / "ack.json")
    reg.persons.add({"surname_lat": "NEW"})
    second = export_package(reg, tmp_path / "a2.zip")
    text = text_of(export_transmittal_pdf(reg, second))
    assert "πακέτου αρ. 2" in text and "Τμηματική εξαγωγή" in text and "μετά το πακέτο αρ. 1" in text
    assert "Πρόσωπα 1" in text and f"Αρ. Πρωτ.: {second.protocol}" in text


@pytest.mark.no_hq
def test_an_export_named_pdf_is_refused_before_anything_is_written(tmp_path):
    reg, _key = village(tmp_path, "alpha", 1)
    with pytest.raises(RegistryError, match="zip"):
        export_package(reg, tmp_path / "x.pdf")
    assert reg.db.execute("SELECT COUNT(*) FROM exports").fetchone()[0] == 0
    path = reg.path
    reg.close()
    result = run("--db", path, "export", "--out", tmp_path / "x.PDF")
    assert result.returncode == 1 and ".zip" in result.stderr and not (tmp_path / "x.PDF").exists()


@pytest.mark.no_hq
def test_make_demo_fills_only_an_empty_registry(tmp_path):
    path = tmp_path / "v.sqlite"
    assert run("--db", path, "make-demo", "--persons", "8").returncode == 0
    import sqlite3

    count = sqlite3.connect(path).execute("SELECT COUNT(*) FROM persons").fetchone()[0]
    again = run("--db", path, "make-demo", "--persons", "8")
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert "fills an empty registry" in again.stderr and again.stderr.strip().count("\n") == 0
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM persons").fetchone()[0] == count
