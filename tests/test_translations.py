"""Every message in the code has a Greek translation with the same placeholders."""

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def code_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / "correspondent_app", method_map=[("**.py", "python")], keywords={"_": None, "N_": None}):
        found.add(message)
    return found


def catalog(language: str):
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "correspondent_app.po", "rb") as fh:
        return read_po(fh)


def test_every_message_is_translated_to_greek():
    el = catalog("el")
    missing = sorted(m for m in code_messages() if m not in el or not el[m].string)
    assert not missing, f"untranslated (run make translations, then translate): {missing[:10]}"


def test_placeholders_match():
    for message in catalog("el"):
        if message.id and message.string:
            assert sorted(PLACEHOLDER.findall(message.id)) == sorted(PLACEHOLDER.findall(message.string)), message.id


def test_catalog_is_used(tmp_path, monkeypatch):
    from correspondent_app import i18n

    monkeypatch.setenv("CORRESPONDENT_APP_HOME", str(tmp_path))
    i18n._catalogs.clear()
    with i18n.language("el"):
        assert i18n._("Cases") == "Υποθέσεις"
    with i18n.language("en"):
        assert i18n._("Cases") == "Cases"
    assert list(tmp_path.rglob("*.mo")), "the catalog was compiled on first use"
    i18n._catalogs.clear()
