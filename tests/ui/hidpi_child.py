"""Run by test_screens in a fresh process (Qt reads the screen set-up once per
process): the main window and a case on a 1920x1080 screen at 150 % scaling."""

import sys
import tempfile
from pathlib import Path

from correspondent_app.i18n import set_language
from correspondent_app.registry import Registry
from correspondent_app.ui.app import create_app
from correspondent_app.ui.main_window import MainWindow
from correspondent_app.ui.widgets import WINDOW_FRAME
from tests.office import office


def main(artifacts: Path) -> int:
    app = create_app(sys.argv)
    screen = app.primaryScreen()
    assert screen.devicePixelRatio() == 1.5, screen.devicePixelRatio()
    room = screen.availableGeometry()
    set_language("el")
    with tempfile.TemporaryDirectory() as folder:
        registry = Registry.open(Path(folder) / "r.sqlite", actor="clerk")
        registry.profile.save(**office())
        person = registry.persons.add({"surname_el": "Χότζα", "name_el": "Αρμπέν", "surname_lat": "HOXHA",
                                       "name_lat": "ARBEN", "nationality": "AL"})
        case = registry.cases.open(person.id, {"provision": "par10", "oga_status": "never",
                                               "works_in_agriculture": True})
        window = MainWindow(registry)
        window.show()
        case_window = window.open_case(case.id)
        app.processEvents()
        for name, widget in (("main", window), ("case", case_window)):
            size = widget.size()
            print(f"{name}: {size.width()}x{size.height()} logical on {room.width()}x{room.height()}")
            if size.width() > room.width() or size.height() + WINDOW_FRAME > room.height():
                print(f"{name} window does not fit the screen")
                return 1
            image = widget.grab()
            image.save(str(artifacts / f"hidpi-150-{name}.png"))
            if image.width() != round(size.width() * 1.5):  # drawn at device pixels: sharp, not blown up
                print(f"{name} grabbed at {image.width()} px, not at 150 %")
                return 1
        case_window.close()
        window.close()
        registry.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
