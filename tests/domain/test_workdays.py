"""Seed 001: required = base × (300 − 25 × months) / 300."""

from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from correspondent_app.domain.formatting import format_decimal
from correspondent_app.domain.workdays import (
    absence_text, check_base, first_renewal_base, formula_text, parse_months, renewal_base, required_days,
    work_days_in_year,
)
from correspondent_app.i18n import language


def test_circular_example_base_200_two_months_abroad():
    r = required_days(200, months_abroad=2)
    assert r.exact == Decimal(200) * 250 / 300
    assert format_decimal(r.exact, "el") == "166,67"
    assert r.to_meet == 167 and r.absence_days == 50 and r.citations == ("001",)


def test_no_absence_gives_the_base_and_150_rule():
    assert required_days(200).to_meet == 200 and required_days(200).exact == 200
    assert required_days(150, months_unemployed=3).to_meet == 113  # 150 × 225 / 300 = 112,5


def test_reasons_are_summed():
    assert required_days(200, months_abroad=2, months_unemployed=1).absence_days == 75


def test_more_than_four_months_abroad_needs_illness():
    with pytest.raises(ValueError, match="4 months"):
        required_days(200, months_abroad=5)
    assert required_days(200, months_abroad=5, illness_abroad=True).to_meet == 117  # 200 × 175 / 300


def test_absence_capped_at_a_year_and_bad_inputs():
    assert required_days(200, months_abroad=4, months_unemployed=8).to_meet == 0
    # More than a year of justified absence is capped at 12 months (DOMAIN.md [policy]), never negative.
    long_absence = required_days(200, months_abroad=10, months_unemployed=9, illness_abroad=True)
    assert (long_absence.exact, long_absence.to_meet, long_absence.months_absent) == (0, 0, 12)
    assert long_absence.notes and "12" in long_absence.notes[0]
    with language("el"):
        half = required_days(200, months_abroad=4, months_unemployed=Decimal("9.5"))
    assert "13,5 " in half.notes[0] and "13.5" not in half.notes[0]  # a decimal comma in Greek
    assert not required_days(200, months_abroad=2).notes
    with pytest.raises(ValueError):
        required_days(0)
    with pytest.raises(ValueError):
        required_days(200, months_unemployed=-1)
    with pytest.raises(TypeError):
        required_days(200.0)
    with pytest.raises(TypeError):
        required_days(200, months_abroad=1.5)


def test_half_months_as_decimal():
    assert required_days(200, months_unemployed=Decimal("1.5")).exact == Decimal(175)


def test_first_renewal_takes_the_more_favourable_only_for_those_001_names():
    assert first_renewal_base(former_art23=True)[0] == 150
    assert first_renewal_base(ika_several_employers_par10=True)[0] == 150
    assert first_renewal_base()[0] == 200  # anyone else: the ΚΥΑ 160/2006 figure


def test_rules_apply_to_permits_expiring_after_1_1_2006():
    from datetime import date

    from correspondent_app.domain.workdays import renewal_rules_apply

    assert renewal_rules_apply(date(2006, 1, 2)) and not renewal_rules_apply(date(2006, 1, 1))


months = st.decimals(min_value=0, max_value=4, places=1)


@given(st.integers(1, 300), months, months)
def test_properties(base, abroad, unemployed):
    r = required_days(base, months_abroad=abroad, months_unemployed=unemployed)
    more = required_days(base, months_abroad=abroad, months_unemployed=unemployed + 1)
    assert more.exact <= r.exact <= base
    assert 0 <= r.to_meet - r.exact < 1


# --- DOMAIN "Renewal of residence permits", worked examples, and "Plausibility" (issue 14, items 9 and 10) ---

def test_domain_example_shown_as_formula_exact_and_figure_to_meet():
    r = required_days(200, months_abroad=2)
    assert (r.base, r.months_abroad, r.months_unemployed, r.illness_abroad) == (200, 2, 0, False)
    assert formula_text(r, "el") == "200 × (300 − 50) / 300 = 200 × 250 / 300 = 166,67"
    assert formula_text(r, "en") == "200 × (300 − 50) / 300 = 200 × 250 / 300 = 166.67"
    assert absence_text(r, "el") == "2 × 25 = 50" and r.to_meet == 167
    half = required_days(150, months_unemployed="2,5")
    assert absence_text(half, "el") == "2,5 × 25 = 62,5" and format_decimal(half.exact, "el") == "118,75"
    assert half.to_meet == 119


def test_domain_cap_rules():
    assert required_days(200, months_abroad=4).to_meet == 134  # 200 × 200 / 300 = 133,33: four months is allowed
    with pytest.raises(ValueError, match="4 months"):
        required_days(200, months_abroad=Decimal("4.5"))
    assert required_days(200, months_abroad=6, illness_abroad=True).exact == 100  # illness lifts the 4-month cap
    # unemployment has no 4-month cap; the reasons are summed, and the whole is capped at 12 months
    assert required_days(200, months_abroad=3, months_unemployed=6).exact == Decimal(200) * 75 / 300
    capped = required_days(150, months_abroad=4, months_unemployed=12)
    assert (capped.months_absent, capped.absence_days, capped.to_meet) == (12, 300, 0) and capped.notes


def test_base_only_200_150_or_a_kya_figure_from_1_to_300():
    assert check_base(200) == 200 and check_base(150) == 150 and check_base(1) == 1 and check_base(300) == 300
    assert check_base("120") == 120 and check_base(Decimal("180")) == 180
    for bad in (0, 301, -5, Decimal("166.5"), "δύο", "", "2e2"):
        with pytest.raises(ValueError, match="1 to 300"):
            check_base(bad)
    with pytest.raises(ValueError):
        required_days(301)
    assert required_days(300).to_meet == 300


def test_work_days_in_a_year_from_0_to_366():
    assert work_days_in_year(0) == 0 and work_days_in_year(366) == 366 and work_days_in_year("200") == 200
    for bad in (-1, 367, Decimal("200.5"), "διακόσιες", "200x"):
        with pytest.raises(ValueError, match="0 to 366"):
            work_days_in_year(bad)
    r = required_days(200, months_abroad=2)
    assert r.met_by(167) and not r.met_by(166)
    with pytest.raises(ValueError):
        r.met_by(400)


@pytest.mark.parametrize("typed", ["δύο", "2,5x", "", " ", "2,,5", "1e3", "NaN", "-", "2 1/2"])
def test_a_month_count_that_is_not_a_number_is_a_clear_value_error(typed):
    with pytest.raises(ValueError, match="not a number of months") as caught:
        required_days(200, months_abroad=typed)
    assert type(caught.value) is ValueError  # not decimal.InvalidOperation (an ArithmeticError)
    with pytest.raises(ValueError, match="not a number of months"):
        required_days(200, months_unemployed=typed)
    with pytest.raises(ValueError):
        parse_months(Decimal("NaN"))


def test_month_counts_typed_with_a_decimal_comma_or_point():
    assert parse_months("2,5") == parse_months("2.5") == parse_months(" 2,5 ") == Decimal("2.5")
    assert parse_months("3") == 3 and parse_months(0) == 0
    with pytest.raises(ValueError, match="negative"):
        parse_months(Decimal(-1))


def test_the_messages_are_greek_in_greek():
    with language("el"), pytest.raises(ValueError) as caught:
        parse_months("δύο")
    assert "«δύο»" in str(caught.value) or "“δύο”" in str(caught.value)
    assert "μην" in str(caught.value).lower()
    with language("el"), pytest.raises(ValueError) as caught:
        check_base(400)
    assert "300" in str(caught.value) and "ημ" in str(caught.value)
    with language("el"), pytest.raises(ValueError) as caught:
        work_days_in_year(400)
    assert "366" in str(caught.value) and "ημέρες" in str(caught.value)


def test_the_150_base_at_the_first_renewal_and_every_later_one_for_ika_par10_workers():
    assert renewal_base(first_renewal=True, ika_several_employers_par10=True) == 150
    assert renewal_base(first_renewal=False, ika_several_employers_par10=True) == 150  # «και εφεξής»
    assert renewal_base(first_renewal=True, former_art23=True) == 150
    assert renewal_base(first_renewal=False, former_art23=True) == 200  # art. 23: only the first renewal
    assert renewal_base(first_renewal=True) == renewal_base(first_renewal=False) == 200
    assert renewal_base(first_renewal=True, former_art23=True, kya_base=120) == 120  # the more favourable
