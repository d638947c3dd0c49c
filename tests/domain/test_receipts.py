"""The ATE receipt code, 002 ch. 3 §1α: 4/6/6 digits, canonical form."""

import re
from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from correspondent_app.domain.receipts import AteReceipt, InvalidReceipt, parse_ate_receipt

TODAY = date(2005, 10, 5)


def test_source_example_parses_into_its_parts():
    r = parse_ate_receipt("0623/300605/129009", today=TODAY)
    assert r.branch == "0623"
    assert r.paid_on == date(2005, 6, 30)
    assert r.transaction == "129009"
    assert str(r) == "0623/300605/129009" == r.code


@pytest.mark.parametrize(
    "typed",
    ["0623300605129009", "0623 300605 129009", "0623-300605-129009", " 0623 / 300605 / 129009 ", "0623.300605.129009"],
)
def test_typing_help_accepts_other_separators(typed):
    assert str(parse_ate_receipt(typed, today=TODAY)) == "0623/300605/129009"


@pytest.mark.parametrize(
    ("typed", "part"),
    [
        ("", "format"),
        ("062/300605/129009", "branch"),
        ("06230/300605/129009", "branch"),
        ("0623/30065/129009", "date"),
        ("0623/300605/12900", "transaction"),
        ("0623/300605/1290091", "transaction"),
        ("06a3/300605/129009", "branch"),
        ("0623/300605/12900x", "transaction"),
        ("0623/310605/129009", "date"),  # 31 June does not exist
        ("0623/290205/129009", "date"),  # 2005 is not a leap year
        ("0623/300613/129009", "date"),  # month 13
        ("062330060512900", "format"),  # 15 digits run together
        ("0623/300605", "format"),
        ("0623/300605/129009/1", "format"),
        ("０６２３/300605/129009", "branch"),  # full-width digits are not ASCII digits
    ],
)
def test_refuses_wrong_codes_naming_the_part(typed, part):
    with pytest.raises(InvalidReceipt) as err:
        parse_ate_receipt(typed, today=TODAY)
    assert err.value.part == part
    assert isinstance(err.value, ValueError)
    assert str(err.value)


def test_message_names_the_faulty_part():
    with pytest.raises(InvalidReceipt, match="transaction number must have 6 digits"):
        parse_ate_receipt("0623/300605/12900", today=TODAY)
    with pytest.raises(InvalidReceipt, match="not a real date"):
        parse_ate_receipt("0623/310605/129009", today=TODAY)


def test_payment_date_after_today_is_refused_but_today_is_fine():
    assert parse_ate_receipt("0623/051005/000001", today=TODAY).paid_on == TODAY
    with pytest.raises(InvalidReceipt) as err:
        parse_ate_receipt("0623/061005/000001", today=TODAY)
    assert err.value.part == "date"


def test_leap_day_is_a_real_date():
    assert parse_ate_receipt("0001/290204/000001", today=TODAY).paid_on == date(2004, 2, 29)


def test_default_today_is_the_real_today():
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(InvalidReceipt):
        parse_ate_receipt(f"0623/{tomorrow:%d%m%y}/129009")


receipts = st.builds(
    AteReceipt,
    branch=st.from_regex(r"\A[0-9]{4}\Z"),
    paid_on=st.dates(min_value=date(2000, 1, 1), max_value=TODAY),
    transaction=st.from_regex(r"\A[0-9]{6}\Z"),
)


@given(receipts, st.sampled_from(["/", "", " ", "-", " - "]))
def test_format_parse_round_trip(receipt, sep):
    typed = sep.join([receipt.branch, f"{receipt.paid_on:%d%m%y}", receipt.transaction])
    assert parse_ate_receipt(typed, today=TODAY) == receipt
    assert parse_ate_receipt(str(receipt), today=TODAY) == receipt


@given(st.text(max_size=24))
def test_nothing_but_a_valid_code_parses(text):
    try:
        r = parse_ate_receipt(text, today=TODAY)
    except InvalidReceipt:
        return
    digits = "".join(ch for ch in text if ch.isdigit())
    assert digits == str(r).replace("/", "")
    assert re.fullmatch(r"[0-9\s/.\-]+", text)
    assert r.paid_on <= TODAY
