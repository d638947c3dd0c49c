"""Money, dates and countries through Babel; amounts in Greek words."""

from datetime import date
from decimal import Decimal

import pytest
from babel.numbers import format_currency

from correspondent_app.domain.formatting import (
    amount_in_greek_words, country_choices, country_name, format_date, format_date_long, format_decimal, format_eur,
)


@pytest.mark.parametrize(("amount", "text"), [
    ("2040.72", "2.040,72\xa0€"), ("798.48", "798,48\xa0€"), ("1020.36", "1.020,36\xa0€"),
])
def test_domain_amounts_in_greek(amount, text):
    assert format_eur(Decimal(amount), "el") == text == format_currency(Decimal(amount), "EUR", locale="el")


def test_english_and_float_refused():
    assert format_eur(Decimal("2040.72"), "en") == "€2,040.72"
    with pytest.raises(TypeError):
        format_eur(2040.72)


def test_dates():
    assert format_date(date(2005, 6, 30)) == "30/06/2005"
    assert format_date(date(2005, 6, 30), "en") == "30/06/2005"
    assert format_date_long(date(2005, 6, 30)) == "30 Ιουνίου 2005"
    assert format_decimal(Decimal("166.666666"), "el") == "166,67"


def test_countries_from_cldr():
    assert country_name("AL") == "Αλβανία"
    assert country_name("ge", "en") == "Georgia"
    with pytest.raises(ValueError):
        country_name("XX")
    choices = dict(country_choices("el"))
    assert choices["PK"] == "Πακιστάν" and "EU" not in choices and "001" not in choices
    names = [n for _, n in country_choices("el")]
    assert names.index("Αίγυπτος") < names.index("Αλβανία") < names.index("Χιλή")  # accents ignored in sorting


@pytest.mark.parametrize(("amount", "words"), [
    ("798.48", "επτακόσια ενενήντα οκτώ ευρώ και σαράντα οκτώ λεπτά"),
    ("2040.72", "δύο χιλιάδες σαράντα ευρώ και εβδομήντα δύο λεπτά"),
    ("1020.36", "χίλια είκοσι ευρώ και τριάντα έξι λεπτά"),
    ("399.24", "τριακόσια ενενήντα εννέα ευρώ και είκοσι τέσσερα λεπτά"),
    ("1", "ένα ευρώ"),
    ("0.01", "ένα λεπτό"),
    ("100", "εκατό ευρώ"),
    ("101", "εκατόν ένα ευρώ"),
    ("111.10", "εκατόν έντεκα ευρώ και δέκα λεπτά"),
    ("1000", "χίλια ευρώ"),
    ("1001", "χίλια ένα ευρώ"),
    ("3000", "τρεις χιλιάδες ευρώ"),
    ("14000", "δεκατέσσερις χιλιάδες ευρώ"),
    ("21000", "είκοσι μία χιλιάδες ευρώ"),
    ("200000", "διακόσιες χιλιάδες ευρώ"),
    ("999999.99", "εννιακόσιες ενενήντα εννέα χιλιάδες εννιακόσια ενενήντα εννέα ευρώ και ενενήντα εννέα λεπτά"),
])
def test_amount_in_words(amount, words):
    assert amount_in_greek_words(Decimal(amount)) == words


@pytest.mark.parametrize("bad", ["-1", "1.005", "1000000"])
def test_amount_in_words_refuses(bad):
    with pytest.raises(ValueError):
        amount_in_greek_words(Decimal(bad))
