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
    assert parse_ate_receipt("0001/290204/000001", today=TODAY, earliest=date(2004, 1, 1)).paid_on == date(2004, 2, 29)


def test_receipt_dated_before_2005_is_refused_as_implausible():
    """DOMAIN Guards: a receipt dated before 1-1-2005 (the programme file's earliest) is refused."""
    with pytest.raises(InvalidReceipt) as err:
        parse_ate_receipt("0623/150600/129009", today=TODAY)  # 15-06-2000, as tried for a 1δ
    assert err.value.part == "date"
    assert "2000" in str(err.value) and "2005" in str(err.value)
    with pytest.raises(InvalidReceipt):
        parse_ate_receipt("0623/311204/129009", today=TODAY)  # the day before
    assert parse_ate_receipt("0623/010105/129009", today=TODAY).paid_on == date(2005, 1, 1)


def test_default_today_is_the_real_today():
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(InvalidReceipt):
        parse_ate_receipt(f"0623/{tomorrow:%d%m%y}/129009")


receipts = st.builds(
    AteReceipt,
    branch=st.from_regex(r"\A[0-9]{4}\Z"),
    paid_on=st.dates(min_value=date(2005, 1, 1), max_value=TODAY),
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


def oracle(text: str) -> str | None:
    """What should parse, written independently of the parser: the canonical code, or None."""
    groups = [g for g in re.split(r"[\s/.\-]+", text.strip()) if g]
    if len(groups) == 1 and re.fullmatch(r"[0-9]{16}", groups[0]):
        groups = [groups[0][:4], groups[0][4:10], groups[0][10:]]
    if [len(g) for g in groups] != [4, 6, 6] or not all(re.fullmatch(r"[0-9]+", g) for g in groups):
        return None
    try:
        paid = date(2000 + int(groups[1][4:]), int(groups[1][2:4]), int(groups[1][:2]))
    except ValueError:
        return None
    return "/".join(groups) if date(2005, 1, 1) <= paid <= TODAY else None


def mutate(text: str, data) -> str:
    at = data.draw(st.integers(0, len(text)))
    kind = data.draw(st.sampled_from(["insert", "delete", "replace"]))
    char = data.draw(st.sampled_from(list("0123456789/ -.xΟ٣")))  # a Greek letter and an Arabic-Indic digit too
    if kind == "insert":
        return text[:at] + char + text[at:]
    if kind == "delete":
        return text[:at] + text[at + 1:]
    return text[:at] + char + text[at + 1:]


@given(receipts, st.sampled_from(["/", "", " ", "-"]), st.data())
def test_a_code_one_keystroke_away_parses_exactly_when_it_should(receipt, sep, data):
    # Near misses of valid codes (one character inserted, deleted or changed) are where typos live:
    # each must parse exactly when an independent reading of the rules says it is a valid code.
    typed = mutate(sep.join([receipt.branch, f"{receipt.paid_on:%d%m%y}", receipt.transaction]), data)
    expected = oracle(typed)
    try:
        got = str(parse_ate_receipt(typed, today=TODAY))
    except InvalidReceipt:
        got = None
    assert got == expected, typed
