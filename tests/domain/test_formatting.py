"""Money, dates and countries through Babel; amounts in Greek words."""

import unicodedata
from datetime import date, datetime
from decimal import Decimal

import pytest
from babel import Locale
from babel.dates import format_date as babel_date
from babel.numbers import format_currency
from hypothesis import given, strategies as st

from correspondent_app.domain.formatting import (
    AmountNotWritable, UnknownCountry, amount_in_greek_words, country_choices, country_name, format_date,
    format_date_long, format_decimal, format_eur, number_in_greek_words,
)

# -- money ----------------------------------------------------------------------


@pytest.mark.parametrize(("amount", "text"), [
    ("2040.72", "2.040,72\xa0€"), ("798.48", "798,48\xa0€"), ("1020.36", "1.020,36\xa0€"),
    ("0", "0,00\xa0€"), ("1234567.5", "1.234.567,50\xa0€"),
])
def test_domain_amounts_in_greek(amount, text):
    assert format_eur(Decimal(amount), "el") == text == format_currency(Decimal(amount), "EUR", locale="el")


def test_english():
    assert format_eur(Decimal("2040.72"), "en") == "€2,040.72"


def test_more_than_cents_is_rounded_half_up():
    # Babel alone would give 0,12 (half to even); Greek practice is half up.
    assert format_currency(Decimal("0.125"), "EUR", locale="el") == "0,12\xa0€"
    assert format_eur(Decimal("0.125")) == "0,13\xa0€"
    assert format_eur(Decimal("0.124")) == "0,12\xa0€"


@pytest.mark.parametrize("not_money", [2040.72, 2040, "2040.72", None])
def test_money_is_decimal_only(not_money):
    with pytest.raises(TypeError, match="Decimal"):
        format_eur(not_money)
    with pytest.raises(TypeError):
        amount_in_greek_words(not_money)


@pytest.mark.parametrize("nan", ["NaN", "Infinity", "-Infinity", "sNaN"])
def test_not_a_number_is_refused(nan):
    with pytest.raises(ValueError):
        format_eur(Decimal(nan))
    with pytest.raises(ValueError):
        amount_in_greek_words(Decimal(nan))
    with pytest.raises(ValueError):
        format_decimal(Decimal(nan))


@pytest.mark.parametrize(("value", "locale", "digits", "text"), [
    (Decimal("166.666666"), "el", 2, "166,67"),
    (Decimal("166.665"), "el", 2, "166,67"),  # half up
    (Decimal("1234.5"), "el", 2, "1.234,50"),
    (Decimal("1234.5"), "en", 2, "1,234.50"),
    (Decimal("166.5"), "el", 0, "167"),
    (Decimal("2.5"), "el", 0, "3"),  # Babel alone: 2
    (Decimal("0.1234"), "el", 3, "0,123"),
    (200, "el", 2, "200,00"),
])
def test_format_decimal(value, locale, digits, text):
    assert format_decimal(value, locale, digits) == text


def test_format_decimal_refuses_float_and_negative_digits():
    with pytest.raises(TypeError):
        format_decimal(166.67)
    with pytest.raises(ValueError):
        format_decimal(Decimal(1), digits=-1)


# -- dates -----------------------------------------------------------------------


def test_dates():
    assert format_date(date(2005, 6, 30)) == "30/06/2005"
    assert format_date(date(2005, 6, 30), "en") == "30/06/2005"
    assert format_date(date(2006, 1, 2), "el") == "02/01/2006"  # zero-padded, day first
    assert format_date_long(date(2005, 6, 30)) == "30 Ιουνίου 2005"
    assert format_date_long(date(2006, 5, 31), "el") == "31 Μαΐου 2006"
    assert format_date_long(date(2005, 6, 30), "en") == babel_date(date(2005, 6, 30), "long", locale="en")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_short_date_reads_back(d):
    for locale in ("el", "en"):
        day, month, year = format_date(d, locale).split("/")
        assert date(int(year), int(month), int(day)) == d


# -- countries -------------------------------------------------------------------


def test_countries_from_cldr():
    assert country_name("AL") == "Αλβανία"
    assert country_name(" al ") == "Αλβανία"
    assert country_name("ge", "en") == "Georgia"
    assert country_name("PK") == Locale.parse("el").territories["PK"]


@pytest.mark.parametrize("code", ["XX", "", "ALB", "001", "EU", "ZZ", "UN", "XK", "IC", "EA"])
def test_unknown_country_codes(code):
    with pytest.raises(UnknownCountry, match="ISO 3166"):
        country_name(code)
    with pytest.raises(ValueError):  # callers catch ValueError
        country_name(code, "en")


def test_country_choices_are_real_countries():
    choices = country_choices("el")
    codes = [code for code, _ in choices]
    assert all(len(c) == 2 and c.isascii() and c.isalpha() and c.isupper() for c in codes)
    assert len(codes) == len(set(codes))
    for code in ("EU", "EZ", "UN", "QO", "ZZ", "XA", "XB", "AC", "DG", "TA", "IC"):
        assert code not in codes
    for code in ("AL", "BG", "RO", "GE", "UA", "PK", "EG", "RU", "MD", "GR", "RS"):
        assert code in codes
    assert 190 < len(codes) < 260
    assert dict(choices)["PK"] == "Πακιστάν"


def test_country_choices_sort_ignoring_accents_and_case():
    def plain(text):
        return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))

    names = [name for _, name in country_choices("el")]
    keys = [plain(n) for n in names]
    assert keys == sorted(keys)
    # Αίγυπτος (accented Α) sorts among the Α, before Αλβανία; a code-point sort would put it after Ω.
    assert names.index("Αίγυπτος") < names.index("Αλβανία") < names.index("Χιλή")
    en = [name for _, name in country_choices("en")]
    assert en.index("Åland Islands") < en.index("Albania")


# -- amounts in Greek words ------------------------------------------------------


@pytest.mark.parametrize(("amount", "words"), [
    ("798.48", "επτακόσια ενενήντα οκτώ ευρώ και σαράντα οκτώ λεπτά"),
    ("2040.72", "δύο χιλιάδες σαράντα ευρώ και εβδομήντα δύο λεπτά"),
    ("1020.36", "χίλια είκοσι ευρώ και τριάντα έξι λεπτά"),
    ("399.24", "τριακόσια ενενήντα εννέα ευρώ και είκοσι τέσσερα λεπτά"),
    ("0", "μηδέν ευρώ"),
    ("1", "ένα ευρώ"),
    ("1.01", "ένα ευρώ και ένα λεπτό"),
    ("0.01", "ένα λεπτό"),
    ("0.50", "πενήντα λεπτά"),
    ("1.500", "ένα ευρώ και πενήντα λεπτά"),  # trailing zeros are not more cents
    ("13", "δεκατρία ευρώ"),
    ("100", "εκατό ευρώ"),
    ("101", "εκατόν ένα ευρώ"),
    ("111.10", "εκατόν έντεκα ευρώ και δέκα λεπτά"),
    ("1000", "χίλια ευρώ"),
    ("1001", "χίλια ένα ευρώ"),
    ("1100", "χίλια εκατό ευρώ"),
    ("3000", "τρεις χιλιάδες ευρώ"),
    ("4004", "τέσσερις χιλιάδες τέσσερα ευρώ"),
    ("13000", "δεκατρείς χιλιάδες ευρώ"),
    ("14000", "δεκατέσσερις χιλιάδες ευρώ"),
    ("21000", "είκοσι μία χιλιάδες ευρώ"),
    ("100000", "εκατό χιλιάδες ευρώ"),
    ("101000", "εκατόν μία χιλιάδες ευρώ"),
    ("200000", "διακόσιες χιλιάδες ευρώ"),
    ("300300", "τριακόσιες χιλιάδες τριακόσια ευρώ"),
    ("999999.99", "εννιακόσιες ενενήντα εννέα χιλιάδες εννιακόσια ενενήντα εννέα ευρώ και ενενήντα εννέα λεπτά"),
])
def test_amount_in_words(amount, words):
    assert amount_in_greek_words(Decimal(amount)) == words


@pytest.mark.parametrize("bad", ["-1", "-0.01", "1.005", "0.001", "1000000", "1E+30"])
def test_amount_in_words_refuses(bad):
    with pytest.raises(AmountNotWritable):
        amount_in_greek_words(Decimal(bad))


# An independent reader of Greek number words, to check every number reads back.
# It also checks the grammar: feminine forms only for the count of χιλιάδες,
# neuter ones everywhere else, εκατόν only when more of the same group follows.
_NEUTER = {
    "ένα": 1, "δύο": 2, "τρία": 3, "τέσσερα": 4, "πέντε": 5, "έξι": 6, "επτά": 7, "οκτώ": 8, "εννέα": 9,
    "δέκα": 10, "έντεκα": 11, "δώδεκα": 12, "δεκατρία": 13, "δεκατέσσερα": 14, "δεκαπέντε": 15, "δεκαέξι": 16,
    "δεκαεπτά": 17, "δεκαοκτώ": 18, "δεκαεννέα": 19, "είκοσι": 20, "τριάντα": 30, "σαράντα": 40,
    "πενήντα": 50, "εξήντα": 60, "εβδομήντα": 70, "ογδόντα": 80, "ενενήντα": 90, "εκατό": 100, "εκατόν": 100,
    "διακόσια": 200, "τριακόσια": 300, "τετρακόσια": 400, "πεντακόσια": 500, "εξακόσια": 600,
    "επτακόσια": 700, "οκτακόσια": 800, "εννιακόσια": 900,
}
_NEUTER_ONLY = ("ένα", "τρία", "τέσσερα", "δεκατρία", "δεκατέσσερα")
_FEMININE = {
    **{(w[:-1] + "ες" if w.endswith("κόσια") else w): v for w, v in _NEUTER.items() if w not in _NEUTER_ONLY},
    "μία": 1, "τρεις": 3, "τέσσερις": 4, "δεκατρείς": 13, "δεκατέσσερις": 14,
}


def _read_group(words, table):
    total = 0
    for i, word in enumerate(words):
        assert word in table, f"{word!r} is not the right form here"
        if word == "εκατόν":
            assert i + 1 < len(words), "εκατόν needs a following number"
        if word == "εκατό":
            assert i + 1 == len(words), "εκατό before a number must be εκατόν"
        total += table[word]
    return total


def read_greek_number(text):
    words = text.split()
    if words == ["μηδέν"]:
        return 0
    if "χιλιάδες" in words:
        cut = words.index("χιλιάδες")
        thousands = _read_group(words[:cut], _FEMININE)
        assert thousands >= 2, "one thousand is χίλια"
        return thousands * 1000 + _read_group(words[cut + 1:], _NEUTER)
    if words[:1] == ["χίλια"]:
        return 1000 + _read_group(words[1:], _NEUTER)
    return _read_group(words, _NEUTER)


def test_reader_catches_grammar_mistakes():
    with pytest.raises(AssertionError):
        read_greek_number("τρία χιλιάδες")
    with pytest.raises(AssertionError):
        read_greek_number("εκατό ένα")
    with pytest.raises(AssertionError):
        read_greek_number("διακόσια χιλιάδες")


@given(st.integers(min_value=0, max_value=999_999))
def test_every_number_reads_back(n):
    assert read_greek_number(number_in_greek_words(n)) == n


@given(st.integers(min_value=0, max_value=99_999_999))
def test_every_amount_reads_back(cents):
    amount = Decimal(cents) / 100
    words = amount_in_greek_words(amount)
    euros_text, _, cents_text = words.partition(" ευρώ")
    if cents < 100:  # only cents
        assert "ευρώ" not in words or cents == 0
    if "ευρώ" in words:
        euros = read_greek_number(euros_text)
        rest = cents_text.removeprefix(" και ")
    else:
        euros, rest = 0, words
    if cents % 100 == 0:
        assert rest == ""
        cent_value = 0
    elif cents % 100 == 1:
        assert rest == "ένα λεπτό"
        cent_value = 1
    else:
        assert rest.endswith(" λεπτά")
        cent_value = read_greek_number(rest.removesuffix(" λεπτά"))
    assert euros * 100 + cent_value == cents


def test_a_recorded_moment_is_shown_day_first_in_the_clerks_local_time():
    from correspondent_app.domain.formatting import format_timestamp

    assert format_timestamp("2026-11-25T10:02:33+02:00") == "25/11/2026 10:02"  # not converted to UTC
    assert format_timestamp("2026-11-25T10:02:33+02:00", "en") == "25/11/2026 10:02"
    assert format_timestamp(datetime(2005, 6, 30, 9, 5)) == "30/06/2005 09:05"
