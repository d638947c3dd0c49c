"""AMKA (Luhn + birth date) and ΑΦΜ (mod 11) checks."""

from datetime import date

import pytest
from hypothesis import given, strategies as st

from correspondent_app.domain.identity import _luhn_ok, afm_check_digit, check_afm, check_amka, is_valid_afm


def luhn_complete(first_ten: str) -> str:
    for d in "0123456789":
        if _luhn_ok(first_ten + d):
            return first_ten + d
    raise AssertionError("no Luhn digit")


def test_valid_amka_with_matching_birth_date():
    amka = luhn_complete("1403751234")
    assert check_amka(amka, date(1975, 3, 14)) == []
    assert check_amka(amka[:5] + " " + amka[5:]) == []  # spaces typed by the clerk


def test_amka_problems_are_named():
    amka = luhn_complete("1403751234")
    wrong_digit = amka[:-1] + str((int(amka[-1]) + 1) % 10)
    assert any("check digit" in p for p in check_amka(wrong_digit))
    assert any("birth date" in p for p in check_amka(amka, date(1975, 3, 15)))
    assert check_amka("123") == ["an AMKA has 11 digits"]
    assert check_amka("1403751234X") == ["an AMKA has 11 digits"]
    assert any("not a date" in p for p in check_amka(luhn_complete("3102751234")))


def test_known_valid_afm_values():
    # 090000045 is the well-known ΑΦΜ of the Greek public power corporation; 094019245 of OTE.
    assert check_afm("090000045") == []
    assert check_afm("094019245") == []


@pytest.mark.parametrize(("afm", "problem"), [
    ("090000046", "check digit"), ("12345678", "9 digits"), ("0900000a5", "9 digits"), ("000000000", "zeros"),
])
def test_afm_problems(afm, problem):
    assert any(problem in p for p in check_afm(afm))


@given(st.from_regex(r"\A[0-9]{8}\Z"))
def test_generated_afm_passes_and_a_changed_digit_fails(first_eight):
    afm = first_eight + str(afm_check_digit(first_eight))
    if afm == "0" * 9:
        return
    assert is_valid_afm(afm)
    changed = afm[:3] + str((int(afm[3]) + 1) % 10) + afm[4:]
    # changing one digit changes the weighted sum by 2**5 mod 11 != 0 ...
    if afm_check_digit(changed[:8]) != int(changed[8]):
        assert not is_valid_afm(changed)


@given(st.from_regex(r"\A[0-9]{10}\Z"))
def test_luhn_catches_every_single_digit_change(first_ten):
    amka = luhn_complete(first_ten)
    for i in range(11):
        changed = amka[:i] + str((int(amka[i]) + 1) % 10) + amka[i + 1:]
        assert "the check digit is wrong (typing error?)" in check_amka(changed)
