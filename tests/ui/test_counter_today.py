"""Issue 16, item 9 (counter and registry): the counter opens on today's work, each queue opens its list;
the Registry lists the latest persons before anything is typed; search shows how many matched, capped."""

from decimal import Decimal

from PySide6.QtCore import Qt

from tests.registry.conftest import FACTS_1B, paid_case
from tests.ui.conftest import person, shot


def test_the_counter_opens_on_todays_work_with_counts(qtbot, window, registry):
    from correspondent_app.documents.issuing import issue_certificate

    registry.cases.open(person(registry).id)  # a draft: in no queue of the day
    waiting = registry.cases.open(person(registry, "Μπερίσα", "BERISHA", "BB7654321").id, FACTS_1B)
    registry.cases.move(waiting.id, "awaiting_payment")
    issued = paid_case(registry, person(registry, "Τσάνι", "CANI", "CC1111111").id, code="0623/300605/129009")
    issue_certificate(registry, issued.id)
    paid_case(registry, person(registry, "Σέχου", "SHEHU", "DD2222222").id, code="0623/300605/129017")
    window.refresh()
    counter = window.section("counterSection")
    counter.show_today()
    today = window.findChild(type(counter.today), "todayPanel")
    assert today is not None and today.isVisible(), "the counter opens on the day's work"
    paid = today.buttons["paid"]
    assert [today.buttons[k].text().split()[-1] for k in ("awaiting_payment", "paid", "to_issue")] == ["1"] * 3
    issued_line, received_line = today.done.text().replace("\xa0", " ").splitlines()
    assert issued_line.endswith(": 1") and received_line.endswith(": 1.596,96 €")
    shot(window, "counter-today-1366x768")
    window.resize(1024, 768)
    shot(window, "counter-today-1024x768")
    qtbot.mouseClick(paid, Qt.MouseButton.LeftButton)
    cases = window.section("casesSection")
    assert window.stack.currentWidget() is cases and cases.queue.currentData() == "paid"
    assert cases.table.rowCount() == 1


def test_a_person_chosen_takes_the_place_of_the_day_and_an_empty_box_brings_it_back(qtbot, window, registry):
    p = person(registry)
    counter = window.section("counterSection")
    qtbot.keyClicks(counter.search.box, "hoxha")
    qtbot.keyClick(counter.search.box, Qt.Key.Key_Return)
    assert counter.right.currentWidget() is counter.page and counter.page.person_id == p.id
    counter.search.box.selectAll()
    qtbot.keyClick(counter.search.box, Qt.Key.Key_Delete)
    assert counter.right.currentWidget() is counter.today


def test_the_registry_lists_the_latest_persons_before_anything_is_typed(qtbot, window, registry):
    first = person(registry)
    latest = person(registry, "Μπερίσα", "BERISHA", "BB7654321")
    window.nav.setCurrentRow(2)
    section = window.section("registrySection")
    assert section.search.box.text() == ""
    items = [section.search.results.item(i).data(Qt.ItemDataRole.UserRole) for i in range(section.search.results.count())]
    assert items[:2] == [latest.id, first.id]


def test_the_count_is_shown_and_capped(qtbot, window, registry):
    stamp = "2026-01-01T00:00:00"
    with registry.write():
        registry.db.conn.executemany(
            "INSERT INTO persons (uuid, surname_lat, search_keys, sort_name, created_at, updated_at)"
            " VALUES (?, 'MANOS', 'manos', 'MANOS', ?, ?)", [(f"u{i}", stamp, stamp) for i in range(1100)])
    counter = window.section("counterSection")
    qtbot.keyClicks(counter.search.box, "manos")
    qtbot.waitUntil(lambda: counter.search.results.count() == 50)
    assert "1.000+" in counter.search.count.text() and "1100" not in counter.search.count.text()
    counter.search.box.clear()
    qtbot.keyClicks(counter.search.box, "392594")
    person(registry, passport="AL392594417")
    counter.search.search()
    assert counter.search.results.count() == 1 and "1" in counter.search.count.text().split()


def test_amounts_are_decimal():
    from correspondent_app.ui.sections.today import Day

    assert Day.__dataclass_fields__["received"].type in (Decimal, "Decimal")
