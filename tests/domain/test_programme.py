"""The rules file is checked at load: unknown keys, missing citations, bad amounts."""

import tomllib
from decimal import Decimal

import pytest

from correspondent_app.domain.programme import ProgrammeError, load_programme, parse_programme
from correspondent_app.domain.rules import decide
from correspondent_app.paths import resource


@pytest.fixture()
def raw():
    with open(resource("rules", "oga_2005.toml"), "rb") as fh:
        return tomllib.load(fh)


def test_shipped_programme_loads():
    programme = load_programme()
    assert programme.id == "oga-2005"
    assert set(programme.categories) == {"1α", "1β", "1γ", "1δ", "2"}
    assert programme.copy_marks.value == ("ΠΡΩΤΟΤΥΠΟ", "ΑΝΤΙΓΡΑΦΟ ΕΝΔΙΑΦΕΡΟΜΕΝΟΥ", "ΑΝΤΙΓΡΑΦΟ ΑΡΧΕΙΟΥ")


def test_every_category_value_is_cited():
    for cat in load_programme().categories.values():
        for cite in (cat.provision.cite, cat.situation_cite, cat.amount_cite, cat.certificate.cite,
                     cat.competent.cite, cat.documents_cite, cat.declaration_cite, cat.payment.cite,
                     cat.effect_cite, cat.registration.cite):
            assert cite.startswith(("002", "[policy]")), (cat.code, cite)


def test_changing_an_amount_needs_no_engine_change(raw):
    raw["categories"]["1δ"]["amount"]["value"] = "2100.00"
    programme = parse_programme(raw)
    d = decide({"provision": "par10", "oga_status": "never", "works_in_agriculture": True}, programme=programme)
    assert d.amount == Decimal("2100.00")


def expect_problem(raw, fragment):
    with pytest.raises(ProgrammeError) as err:
        parse_programme(raw)
    assert any(fragment in p for p in err.value.problems), err.value.problems


def test_unknown_key_is_an_error(raw):
    raw["categories"]["1β"]["amuont"] = {"value": "1", "cite": "x"}
    expect_problem(raw, "categories.1β.amuont: unknown key")


def test_missing_citation_is_an_error(raw):
    del raw["categories"]["1γ"]["amount"]["cite"]
    expect_problem(raw, "categories.1γ.amount.cite")


def test_missing_citation_on_a_document_is_an_error(raw):
    del raw["documents"]["ate_receipt"]["cite"]
    expect_problem(raw, "documents.ate_receipt.cite")


@pytest.mark.parametrize("value", ["798,48", "abc", "-1", "798.485", 798.48, "NaN", "1e3", "7_98.48", " 798.48 ",
                                   "0", "0.00", "+798.48", "Infinity"])
def test_non_decimal_amount_is_an_error(raw, value):
    raw["categories"]["1β"]["amount"]["value"] = value
    expect_problem(raw, "categories.1β.amount.value")


@pytest.mark.parametrize(("where", "path"), [
    (lambda r: r["programme"]["title"], "programme.title.fr"),
    (lambda r: r["provisions"]["par10"]["deadline"], "provisions.par10.deadline.fr"),
    (lambda r: r["facts"]["art7_worker"]["question"], "facts.art7_worker.question.fr"),
    (lambda r: r["routes"][0]["reason"], "routes[0].reason.fr"),
    (lambda r: r["categories"]["1β"]["certificate"]["title"], "categories.1β.certificate.title.fr"),
])
def test_unknown_key_inside_a_text_is_an_error(raw, where, path):
    where(raw)["fr"] = "texte"
    expect_problem(raw, f"{path}: unknown key")


def test_a_citation_must_name_its_seed_or_say_policy(raw):
    raw["categories"]["1δ"]["amount"]["cite"] = "circular, somewhere"
    expect_problem(raw, "categories.1δ.amount.cite")


@pytest.mark.parametrize(("change", "path"), [
    (lambda r: r["facts"]["art7_worker"].__setitem__("default", "no"), "facts.art7_worker.default"),
    (lambda r: r["facts"]["art7_worker"].__setitem__("default", 0), "facts.art7_worker.default"),
    (lambda r: r["facts"]["provision"].__setitem__("default", "par12"), "facts.provision.default"),
    (lambda r: r["documents"]["continuation_papers"].__setitem__("later", "no"), "documents.continuation_papers.later"),
    (lambda r: r["warnings"]["par11_residence_proof"].__setitem__("acknowledge", 1),
     "warnings.par11_residence_proof.acknowledge"),
    (lambda r: r["categories"]["1δ"]["years"].__setitem__("value", True), "categories.1δ.years.value"),
    (lambda r: r["categories"]["1β"]["certificate"].__setitem__("copies", True), "categories.1β.certificate.copies"),
    (lambda r: r["programme"]["copy_marks"].__setitem__("values", "ΠΡΩΤΟΤΥΠΟ"), "programme.copy_marks.values"),
    (lambda r: r["categories"]["1γ"]["competent"].__setitem__("value", "anywhere"), "categories.1γ.competent"),
])
def test_values_of_the_wrong_type_are_errors(raw, change, path):
    # true is not 1 year, "no" is not false: TOML types are checked, not coerced.
    change(raw)
    expect_problem(raw, path)


def test_route_to_undefined_category_is_an_error(raw):
    raw["routes"][1]["category"] = "1ε"
    expect_problem(raw, "routes[1].category")


def test_condition_on_unknown_fact_or_value_is_an_error(raw):
    raw["routes"][1]["when"]["oga_stauts"] = "active"
    raw["routes"][2]["when"]["oga_status"] = ["interrupted", "retired"]
    with pytest.raises(ProgrammeError) as err:
        parse_programme(raw)
    text = " ".join(err.value.problems)
    assert "'oga_stauts' is not a defined fact" in text and "'retired' is not a possible value" in text


def test_reference_to_undefined_document_is_an_error(raw):
    raw["categories"]["2"]["documents"]["items"].append("passport_photo")
    expect_problem(raw, "'passport_photo' is not defined")


def test_registration_rule_parameters_are_checked(raw):
    del raw["categories"]["1δ"]["registration"]["start"]
    raw["categories"]["2"]["registration"]["rule"] = "whenever"
    with pytest.raises(ProgrammeError) as err:
        parse_programme(raw)
    text = " ".join(err.value.problems)
    assert "categories.1δ.registration.start: missing" in text and "categories.2.registration.rule" in text


def test_all_problems_are_reported_at_once(raw):
    del raw["categories"]["1β"]["amount"]["cite"]
    raw["categories"]["1γ"]["amount"]["value"] = "x"
    with pytest.raises(ProgrammeError) as err:
        parse_programme(raw)
    assert len(err.value.problems) >= 2


def test_a_new_programme_is_data_only():
    # A reduced OAEE 2015 programme (seed 003): other facts, other categories, same engine.
    with open(__file__.replace("test_programme.py", "fixtures/oaee_2015_min.toml"), "rb") as fh:
        programme = parse_programme(tomllib.load(fh))
    new = decide({"registered_before": False}, programme=programme)
    again = decide({"registered_before": True}, programme=programme)
    assert (new.category, again.category) == ("Γ.1.3-new", "Γ.1.3-again")
    assert new.citations[0].startswith("003")
    assert new.amount_source == "contribution_class"
    assert new.competent == "local_branch"  # its own [competence] table, unknown to the OGA programme


def test_a_route_basis_must_be_one_of_its_categorys_grounds(raw):
    route = next(r for r in raw["routes"] if r.get("basis") == "special_reason")
    route["basis"] = "other_reason"
    expect_problem(raw, "is not one of the bases of category 2")


def test_category_2_states_each_ground_in_the_data():
    bases = load_programme().categories["2"].bases
    assert set(bases) == {"agriculture", "special_reason"}
    assert "ειδικό λόγο διαμονής" in bases["special_reason"].text("el") and bases["special_reason"].cite == "002 §2"
