"""The demo registry the documents are reviewed on: its people must look like real ones."""

import re
import unicodedata

from correspondent_app.demo.generate import make_demo
from correspondent_app.demo.names import FEMALE, MALE, SURNAMES, sample_persons

_DIPHTHONGS = re.compile("ου|αι|ει|οι|υι|αυ|ευ")


def _accented(word: str) -> bool:
    return any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", word) if ch != "\u0308") or \
        "ΐ" in word or "ΰ" in word


def _syllables(word: str) -> int:
    plain = "".join(ch for ch in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(ch))
    return len(re.findall("[αεηιουω]", _DIPHTHONGS.sub("α", plain)))


def test_greek_names_carry_their_accents():
    words = {w for table in (SURNAMES, MALE, FEMALE) for entries in table.values() for entry in entries
             for text in entry[1::2] if isinstance(text, str) for w in text.split()}
    unaccented = sorted(w for w in words if _syllables(w) > 1 and not _accented(w))
    assert unaccented == []  # «Σεχου», «Μαρια» read as typos on a certificate


def test_fathers_are_men_and_women_carry_the_feminine_surname():
    women = {el for entries in FEMALE.values() for _lat, el in entries}
    persons = list(sample_persons(2000, seed=11))
    assert not {p.father_name for p in persons} & women
    bulgarian_women = [p for p in persons if p.nationality == "BG" and p.name_el in women]
    assert bulgarian_women and all(p.surname_lat.endswith("A") and p.surname_el.endswith("α") for p in bulgarian_women)


def test_sample_persons_are_reproducible():
    assert list(sample_persons(50, seed=3)) == list(sample_persons(50, seed=3))
    assert list(sample_persons(50, seed=3)) != list(sample_persons(50, seed=4))


def test_demo_1alpha_persons_have_an_oga_registry_number(registry):
    make_demo(registry, persons=40, seed=2005, render=False)
    rows = registry.db.execute("SELECT p.oga_no, c.category FROM persons p JOIN cases c ON c.person_id = p.id "
                               "WHERE c.category IN ('1α', '1β')").fetchall()
    assert rows and all(oga_no for oga_no, _category in rows)  # model 1 prints it
    numbers = [r[0] for r in registry.db.execute("SELECT oga_no FROM persons WHERE oga_no != ''")]
    assert len(numbers) == len(set(numbers))
