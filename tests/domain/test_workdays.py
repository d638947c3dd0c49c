"""Seed 001: required = base × (300 − 25 × months) / 300."""

from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from correspondent_app.domain.formatting import format_decimal
from correspondent_app.domain.workdays import first_renewal_base, required_days


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


@given(st.integers(1, 400), months, months)
def test_properties(base, abroad, unemployed):
    r = required_days(base, months_abroad=abroad, months_unemployed=unemployed)
    more = required_days(base, months_abroad=abroad, months_unemployed=unemployed + 1)
    assert more.exact <= r.exact <= base
    assert 0 <= r.to_meet - r.exact < 1
