"""Issue 16, items 5 and 2 (person form): the nationality takes a unique start of a name in either language,
shows a real placeholder and saves on Enter; Esc on a form with unsaved typing asks, keeping it by default."""

from datetime import date

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.conftest import shot, when_modal


def type_text(widget, text: str) -> None:
    """Key presses carrying each character, as a Greek keyboard sends them (QTest's keyClicks is Latin-1 only)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def new_form(qtbot, registry, **prefill):
    from correspondent_app.ui.person_form import PersonDialog

    dialog = PersonDialog(registry, prefill=prefill)
    qtbot.addWidget(dialog, before_close_func=lambda d: d.done(0))  # closed by the test: no question then
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_unique_start_of_a_country_name_in_either_language_is_taken(qtbot, registry):
    from correspondent_app.ui.person_form import country_code

    assert country_code("Αλβ") == country_code("αλβ") == country_code("Alb") == country_code("ΑΛΒ") == "AL"
    assert country_code("Βουλγ") == "BG"
    try:
        country_code("Αλ")
    except ValueError as exc:
        assert "Αλβανία" in str(exc) and "Αλγερία" in str(exc)  # could be several: they are named
    else:
        raise AssertionError("“Αλ” is Albania or Algeria")


def test_the_nationality_box_is_empty_with_a_placeholder_and_typing_gives_only_what_is_typed(qtbot, registry):
    dialog = new_form(qtbot, registry, surname_lat="KOLA", name_lat="ILIR")
    line = dialog.nationality.lineEdit()
    assert line.text() == "" and line.placeholderText()
    shot(dialog, "person-form-new")
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton)
    type_text(line, "Αλβ")
    assert dialog.nationality.currentText() == "Αλβ"
    shot(dialog, "person-form-nationality")


def test_enter_in_the_nationality_box_saves_the_form(qtbot, registry):
    dialog = new_form(qtbot, registry, surname_lat="KOLA", name_lat="ILIR")
    dialog.dates["birth_date"].set_value(date(1980, 1, 2))
    line = dialog.nationality.lineEdit()
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton)
    type_text(line, "Αλβ")
    popup = dialog.nationality.completer().popup()
    if popup.isVisible():  # the list offered: Esc closes it, as a clerk who typed enough would
        qtbot.keyClick(popup, Qt.Key.Key_Escape)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert dialog.result_person is not None, dialog.errors.text()
    assert dialog.result_person.nationality == "AL"


def test_esc_on_a_typed_new_person_asks_and_keeps_it_by_default(qtbot, registry):
    dialog = new_form(qtbot, registry)
    qtbot.keyClicks(dialog.fields["surname_lat"], "BERISHA")
    qtbot.keyClicks(dialog.fields["passport_no"], "AB1234567")
    asked = []

    def answer_with_enter(box):
        asked.append((box.defaultButton().text(), [b.text() for b in box.buttons()]))
        qtbot.keyClick(box, Qt.Key.Key_Return)  # the default: keep

    when_modal(QMessageBox, answer_with_enter)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked and asked[0][0] == "Συνέχεια επεξεργασίας" and "Απόρριψη" in asked[0][1]
    assert dialog.isVisible() and dialog.fields["surname_lat"].text() == "BERISHA"

    when_modal(QMessageBox, lambda box: qtbot.keyClick(box, Qt.Key.Key_Escape))  # Esc in the question: keep too
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()

    def discard(box):
        next(b for b in box.buttons() if b.text() == "Απόρριψη").click()

    when_modal(QMessageBox, discard)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and registry.persons.count() == 0


def test_esc_on_an_untouched_form_just_closes(qtbot, registry):
    dialog = new_form(qtbot, registry, surname_el="Χότζα")  # prefilled from the search: nothing typed here
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_the_form_is_built_from_its_description(qtbot, registry):
    from correspondent_app.registry.persons import DATA_FIELDS
    from correspondent_app.ui.person_form import COLUMNS, NAMES

    described = [f.key for _title, fields in (NAMES, *COLUMNS) for f in fields]
    assert sorted(described) == sorted(DATA_FIELDS), "every field of a person, once"
    dialog = new_form(qtbot, registry)
    from PySide6.QtWidgets import QWidget

    assert all(dialog.findChild(QWidget, key) is not None for key in described)
