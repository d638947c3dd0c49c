"""AMKA (Luhn + birth date) and ΑΦΜ (mod 11) checks."""

from datetime import date

import pytest
from hypothesis import given, strategies as st

from correspondent_app.domain.identity import (
    afm_check_digit, check_afm, check_amka, is_valid_afm, is_valid_amka, luhn_ok, normalize_digits,
)

CHECK_DIGIT = "the check digit is wrong (typing error?)"
NOT_A_DATE = "the first six digits are not a date (DDMMYY)"
OTHER_BIRTH_DATE = "the first six digits do not match the birth date"
AMKA_LENGTH = "an AMKA has 11 digits"


# -- helpers written independently of the code under test -----------------------
def luhn_complete(first_ten: str) -> str:
    """Append the Luhn check digit (the textbook 'compute the digit' form, not a trial loop)."""
    total = 0
    for position, char in enumerate(reversed(first_ten)):
        digit = int(char)
        if position % 2 == 0:  # these positions are doubled once the check digit is appended
            digit = sum(divmod(digit * 2, 10))
        total += digit
    return first_ten + str((10 - total % 10) % 10)


def afm_complete(first_eight: str) -> str:
    """Append the ΑΦΜ check digit, weights 256, 128, ..., 2."""
    weights = [256, 128, 64, 32, 16, 8, 4, 2]
    return first_eight + str(sum(int(d) * w for d, w in zip(first_eight, weights)) % 11 % 10)


def change_digit(number: str, index: int, step: int = 1) -> str:
    return number[:index] + str((int(number[index]) + step) % 10) + number[index + 1:]


# -- AMKA ------------------------------------------------------------------------
# Computed by hand (Luhn over all 11 digits) for real-looking birth dates.
VALID_AMKAS = [
    ("14037512341", date(1975, 3, 14)),
    ("01018000453", date(1980, 1, 1)),
    ("31129911876", date(1999, 12, 31)),
    ("25026804218", date(1968, 2, 25)),
    ("29020003124", date(2000, 2, 29)),  # 2000 was a leap year
]


@pytest.mark.parametrize(("amka", "born"), VALID_AMKAS)
def test_valid_amka(amka, born):
    assert check_amka(amka) == []
    assert check_amka(amka, born) == []
    assert is_valid_amka(amka, born)


def test_helper_agrees_with_the_hand_computed_values():
    for amka, _born in VALID_AMKAS:
        assert luhn_complete(amka[:10]) == amka


def test_spaces_and_dashes_typed_by_the_clerk_are_ignored():
    assert normalize_digits(" 140375 1234-1 ") == "14037512341"
    assert check_amka("140375 12341") == []
    assert check_amka("140375-12341", date(1975, 3, 14)) == []
    assert normalize_digits(None) == ""


@pytest.mark.parametrize("bad", ["", "123", "1403751234", "140375123410", "1403751234X", "14037512.41",
                                 "١٤٠٣٧٥١٢٣٤١"])  # the last one: Arabic-Indic digits, str.isdigit() is True
def test_amka_length_and_letters(bad):
    assert check_amka(bad) == [AMKA_LENGTH]
    assert not is_valid_amka(bad)


@pytest.mark.parametrize("first_six", [
    "310299",  # 31 February
    "290201",  # 29 February 2001 (and 1901): not leap years
    "000199",  # day 0
    "011399",  # month 13
    "310499",  # 31 April
])
def test_impossible_birth_dates(first_six):
    amka = luhn_complete(first_six + "1234")  # a correct check digit: the date is the only fault
    assert check_amka(amka) == [NOT_A_DATE]


def test_29_february_depends_on_the_known_century():
    amka = luhn_complete("2902001234")
    assert check_amka(amka) == []  # could be 2000
    assert check_amka(amka, date(2000, 2, 29)) == []
    # born in 1900: 29-02-1900 never existed, so the AMKA cannot encode it
    assert check_amka(amka, date(1900, 3, 1)) == [NOT_A_DATE]


def test_birth_date_must_match():
    amka = "14037512341"
    assert check_amka(amka, date(1975, 3, 15)) == [OTHER_BIRTH_DATE]
    assert check_amka(amka, date(1975, 4, 14)) == [OTHER_BIRTH_DATE]
    assert check_amka(amka, date(1976, 3, 14)) == [OTHER_BIRTH_DATE]
    assert check_amka(amka, date(1875, 3, 14)) == []  # same DDMMYY: an AMKA has no century


def test_wrong_check_digit_and_wrong_date_are_both_reported():
    assert check_amka("14037512342") == [CHECK_DIGIT]
    assert check_amka("14037512342", date(1975, 3, 15)) == [OTHER_BIRTH_DATE, CHECK_DIGIT]
    assert check_amka(change_digit(luhn_complete("3102991234"), 10)) == [NOT_A_DATE, CHECK_DIGIT]


@given(st.from_regex(r"\A[0-9]{10}\Z"))
def test_luhn_catches_every_single_digit_change(first_ten):
    amka = luhn_complete(first_ten)
    assert luhn_ok(amka)
    for i in range(11):
        for step in range(1, 10):
            assert not luhn_ok(change_digit(amka, i, step))
            assert CHECK_DIGIT in check_amka(change_digit(amka, i, step))


@given(st.from_regex(r"\A[0-9]{9}\Z"))
def test_luhn_catches_swapped_neighbours_except_09(first_ten_but_one):
    amka = luhn_complete(first_ten_but_one + "5")
    for i in range(10):
        a, b = amka[i], amka[i + 1]
        swapped = amka[:i] + b + a + amka[i + 2:]
        if a != b and {a, b} != {"0", "9"}:  # Luhn's one blind spot
            assert not luhn_ok(swapped)


# -- ΑΦΜ -------------------------------------------------------------------------
def test_known_valid_afm_values():
    # 090000045 is the published ΑΦΜ of the Greek public power corporation (ΔΕΗ); 094019245 of OTE.
    assert check_afm("090000045") == []
    assert check_afm("094019245") == []
    assert check_afm(" 094 019 245 ") == []


@pytest.mark.parametrize(("afm", "problem"), [
    ("090000046", "the check digit is wrong (typing error?)"),
    ("094019254", "the check digit is wrong (typing error?)"),  # two digits swapped
    ("12345678", "an ΑΦΜ has 9 digits"),
    ("1234567890", "an ΑΦΜ has 9 digits"),
    ("0900000a5", "an ΑΦΜ has 9 digits"),
    ("", "an ΑΦΜ has 9 digits"),
    ("000000000", "an ΑΦΜ cannot be all zeros"),
])
def test_afm_problems(afm, problem):
    assert check_afm(afm) == [problem]
    assert not is_valid_afm(afm)


def test_check_digit_ten_becomes_zero():
    # 00000001: weighted sum 2 -> 2; 99999999: 9 × 510 = 4590, 4590 mod 11 = 3
    assert afm_check_digit("00000001") == 2
    assert afm_check_digit("99999999") == 3
    # 00000005 -> 10 mod 11 = 10 -> 0: the mod 10 step
    assert afm_check_digit("00000005") == 0
    assert is_valid_afm("000000050")


@given(st.from_regex(r"\A[0-9]{8}\Z"))
def test_generated_afm_passes_and_a_changed_digit_fails(first_eight):
    afm = afm_complete(first_eight)
    if afm == "0" * 9:
        return
    assert is_valid_afm(afm)
    assert afm_check_digit(first_eight) == int(afm[8])
    # Changing the check digit itself is always caught.
    for step in range(1, 10):
        assert not is_valid_afm(change_digit(afm, 8, step))
    # Changing one of the first eight digits by d changes the sum by d × 2^k, never a
    # multiple of 11, so the mod-11 value changes; only the final mod 10 can merge 10 with 0.
    for i in range(8):
        changed = change_digit(afm, i)
        old, new = sum(int(d) * 2 ** (8 - j) for j, d in enumerate(afm[:8])) % 11, \
            sum(int(d) * 2 ** (8 - j) for j, d in enumerate(changed[:8])) % 11
        assert old != new
        if {old, new} != {0, 10}:
            assert not is_valid_afm(changed)
