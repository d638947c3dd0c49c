"""The main window: sections on the left, the section on the right, status at the bottom."""

from __future__ import annotations

import sys

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication, QFileDialog, QHBoxLayout, QLabel, QListWidget, QMainWindow, QStackedWidget, QWidget,
)

from correspondent_app import __version__
from correspondent_app.domain.formatting import format_timestamp
from correspondent_app.i18n import _, current_language, set_language
from correspondent_app.registry.backups import backup_to, default_backup_dir, last_backup_time
from correspondent_app.ui import remember
from correspondent_app.ui.errors import show_error
from correspondent_app.ui.help import add_help_key, add_help_menu
from correspondent_app.ui.sections.people import PeopleSection
from correspondent_app.ui.widgets import fit_list_width, fit_to_screen, inform
from correspondent_app.ui.workdays_dialog import open_workdays


def about_text(registry_path=None) -> str:
    """Version, build date, registry schema version, data folder and the registry open (Help -> About)."""
    import json  # noqa: PLC0415

    from correspondent_app.paths import resource  # noqa: PLC0415
    from correspondent_app.registry.schema import SCHEMA_VERSION  # noqa: PLC0415
    from correspondent_app.settings import data_dir  # noqa: PLC0415

    info = resource("build_info.json")
    built = json.loads(info.read_text())["built"] if info.exists() else _("running from source")
    text = _("correspondent-app {v}\nBuilt: {b}\nRegistry schema {s}\nData folder: {d}").format(
        v=__version__, b=built, s=SCHEMA_VERSION, d=data_dir())
    if registry_path is not None:  # --db may open a registry outside the data folder
        text += "\n" + _("Registry open: {path}").format(path=registry_path)
    return text


#: Each language by its own name (the Settings choice shows them so too).
LANGUAGE_NAMES = {"el": "Ελληνικά", "en": "English"}


def show_error_is_quiet() -> bool:
    """Tests run dialogs non-blocking; confirmations are skipped there."""
    return getattr(show_error, "non_blocking", False)


def _section(name: str):
    # Loaded on the first visit of an office section; plain imports so the installer finds them.
    from correspondent_app.ui.sections import cases, hq, protocol, settings  # noqa: PLC0415

    return {"cases": cases, "protocol": protocol, "hq": hq, "settings": settings}[name]


class MainWindow(QMainWindow):
    def __init__(self, registry, printer_factory=None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.registry = registry
        self.printer_factory = printer_factory  # tests print to files
        self.nav = QListWidget()
        self.nav.setObjectName("sections")
        self.stack = QStackedWidget()
        self._build_section_shortcuts()
        self._build_sections()
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._show_section)
        self.status_file, self.status_backup, self.status_waiting = QLabel(), QLabel(), QLabel()
        for label in (self.status_file, self.status_backup, self.status_waiting):
            # A rule before each: three facts run together read as one sentence to a tired eye.
            label.setStyleSheet("QLabel { border-left: 1px solid palette(mid); padding: 0 8px; }")
            self.statusBar().addPermanentWidget(label)
        self._build_menu()
        self.nav.setCurrentRow(0)
        self.refresh_status()
        fit_to_screen(self, 1280, 760)
        remember.restore_window(self, "main")  # where the clerk left it (fit_to_screen: the first time)

    def _build_sections(self) -> None:
        # Sections are built the first time they are shown: the counter is
        # ready at once and the others cost nothing until the clerk opens them.
        self.factories = [
            (_("&Counter"), "counterSection",
             lambda: PeopleSection(self, self.registry, _("Counter — find or register the person"), "counterSection")),
            (_("C&ases"), "casesSection", lambda: _section("cases").CasesSection(self, self.registry)),
            (_("&Registry"), "registrySection",
             lambda: PeopleSection(self, self.registry, _("Registry of persons"), "registrySection")),
            (_("&Protocol book"), "protocolSection", lambda: _section("protocol").ProtocolSection(self, self.registry)),
            (_("&HQ exchange"), "hqSection", lambda: _section("hq").HqSection(self, self.registry)),
            (_("&Settings"), "settingsSection", lambda: _section("settings").SettingsSection(self, self.registry)),
        ]
        self.built: dict[int, QWidget] = {}
        for i, (label, _name, _factory) in enumerate(self.factories):
            self.nav.addItem(label.replace("&", ""))
            self.nav.item(i).setToolTip(f"Ctrl+{i + 1}")
            self.stack.addWidget(QWidget())
            self.section_actions[i].setText(label.replace("&", ""))  # its name on the shortcuts page
        fit_list_width(self.nav)  # Settings and HQ exchange squeezed it to 70 px on a 1024 px screen

    def _build_section_shortcuts(self) -> None:
        """Ctrl+1… for the sections: made once, named again whenever the sections are (language)."""
        self.section_actions = []
        for row in range(6):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{row + 1}"))
            action.triggered.connect(lambda _c=False, r=row: self.nav.setCurrentRow(r))
            self.addAction(action)
            self.section_actions.append(action)

    def _ensure_section(self, row: int) -> QWidget:
        if row not in self.built:
            widget = self.factories[row][2]()
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, widget)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.built[row] = widget
            remember.restore_splitters(widget)  # as the clerk left them; each move is remembered at once
        return self.built[row]

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(_("&File"))
        backup = file_menu.addAction(_("&Back up the registry…"))
        backup.triggered.connect(self.backup_now)
        file_menu.addAction(_("&Work days for renewal…"), lambda: open_workdays(self, self.registry)).setObjectName(
            "menuWorkdays")
        file_menu.addAction(_("&Quit"), QKeySequence("Ctrl+Q"), self.close)  # StandardKey.Quit is none on Windows
        add_help_menu(self)

    def _show_section(self, row: int) -> None:
        widget = self._ensure_section(row)
        self.stack.setCurrentIndex(row)
        if hasattr(widget, "refresh"):
            widget.refresh()
        focus = getattr(widget, "search", None)
        if focus is not None:
            focus.box.setFocus()

    def section(self, object_name: str):
        row = next(i for i, (_l, name, _f) in enumerate(self.factories) if name == object_name)
        return self._ensure_section(row)

    # -- cases --------------------------------------------------------------
    def start_case(self, person_id: int) -> None:
        """A new case for the person, unless the clerk meant the one already in progress."""
        existing = self.registry.cases.open_for_person(person_id)
        if existing:
            choice = self._case_in_progress(existing[0])
            if choice == "existing":
                self.open_case(existing[0].id)
            if choice != "new":
                return
        try:
            case = self.registry.cases.open(person_id)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc)
            return
        self.open_case(case.id)

    def _case_in_progress(self, case) -> str | None:
        """Go on with the case in progress ("existing", the default: Enter), start another ("new"), or neither."""
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

        from correspondent_app.registry.cases import STATE_LABELS  # noqa: PLC0415
        from correspondent_app.ui.widgets import message, translate_buttons  # noqa: PLC0415

        box = message(self, _("A case is already in progress"), _(
            "This person already has case {id} ({category}, {state}). Go on with it, or start another case?").format(
            id=case.id, category=case.category or "—", state=_(STATE_LABELS[case.state])),
            QMessageBox.Icon.Question, QMessageBox.StandardButton.NoButton)
        box.setObjectName("caseInProgressQuestion")
        go_on = box.addButton(_("Go on with case {id}").format(id=case.id), QMessageBox.ButtonRole.AcceptRole)
        new = box.addButton(_("Start another case"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)  # Esc: nothing is opened or created
        translate_buttons(box)
        box.setDefaultButton(go_on)
        box.exec()
        return {go_on: "existing", new: "new"}.get(box.clickedButton())

    def open_case(self, case_id: int):
        from correspondent_app.ui.case.dialog import CaseWindow, raise_open_window  # noqa: PLC0415

        if (window := raise_open_window(self, case_id)) is not None:
            return window  # one window per case: a second open shows the one already open
        window = CaseWindow(self.registry, case_id, self, printer_factory=self.printer_factory)
        window.changed.connect(self.refresh)
        window.finished.connect(lambda _r: self.refresh())
        add_help_key(window, self)  # F1 there too: the case window is modal over this one
        fit_list_width(window.steps_list)  # every step's name whole beside the page, on a 1024 px screen too
        self.case_window = window
        window.open()
        return window

    # -- shared services ----------------------------------------------------
    def print_pdf(self, pdf: bytes, title: str) -> None:
        """Preview, then print from the preview (tests print straight to a file)."""
        from correspondent_app.ui.pdf import PdfPreview  # noqa: PLC0415
        from correspondent_app.ui.printing import print_in_background  # noqa: PLC0415

        if self.printer_factory:
            print_in_background(self, [pdf], title, printer_factory=self.printer_factory)
        else:
            PdfPreview(pdf, title, self).exec()

    def backup_now(self, path: str | None = None) -> None:
        """A verified copy, made off the UI thread (a large registry takes seconds)."""
        from correspondent_app.registry import Registry  # noqa: PLC0415
        from correspondent_app.ui.tasks import run_task  # noqa: PLC0415

        if not path:
            path, _f = QFileDialog.getSaveFileName(self, _("Back up the registry"), str(
                default_backup_dir(self.registry.path) / "registry-copy.sqlite"))
        if not path:
            return
        source = self.registry.path

        def work(progress):
            with Registry.open(source, actor=self.registry.actor) as own:
                return backup_to(own.db, path, progress.report)

        def done(made):
            self.refresh_status()
            if not show_error_is_quiet():
                inform(self, _("Backup"), _("The backup was written and verified: {p}").format(p=made))

        self.task = run_task(self, _("Backing up the registry…"), work, done, lambda exc: show_error(self, exc),
                             on_cancel=lambda: self.statusBar().showMessage(_("Backup cancelled: no copy was made."), 10000))

    def start_daily_backup(self) -> None:
        """The day's automatic backup, off the UI thread, once the window is up.

        A large registry takes seconds to copy and verify: the clerk starts
        working meanwhile (WAL lets the copy read while the counter writes).
        """
        from correspondent_app.registry import Registry  # noqa: PLC0415
        from correspondent_app.registry.backups import auto_backup  # noqa: PLC0415
        from correspondent_app.ui.tasks import run_task  # noqa: PLC0415

        source = self.registry.path

        def work(progress):
            with Registry.open(source, actor=self.registry.actor) as own:
                return auto_backup(own, progress=progress.report)

        self.daily_backup = run_task(self, _("Making the day's backup of the registry…"), work,
                                     lambda _made: self.refresh_status(), lambda exc: show_error(self, exc))

    def wait_for_background_work(self) -> None:
        """Let running backups and print jobs finish before the application exits.

        A copy is never cut in half, and a print job that reached the printer
        is logged: what the finished work reported is delivered here, since
        the UI loop no longer runs.
        """
        printing = sys.modules.get("correspondent_app.ui.printing")  # never imported: nothing was printed
        prints = printing.running_print_tasks() if printing else []
        for thread in (getattr(self, "daily_backup", None), getattr(self, "task", None), *prints):
            if thread is not None and thread.isRunning():
                thread.wait()
        QApplication.processEvents()

    def refresh(self) -> None:
        widget = self.stack.currentWidget()
        if hasattr(widget, "refresh"):
            widget.refresh()
        self.refresh_status()

    def refresh_status(self) -> None:
        profile = self.registry.profile.get()
        demo = _("DEMO REGISTRY — ") if profile and profile.demo else ""
        # The file's name; the whole path in the tooltip (a long path pushed the
        # other status labels over it on a laptop's width).
        self.status_file.setText(demo + _("Registry: {path}").format(path=self.registry.path.name))
        self.status_file.setToolTip(str(self.registry.path))
        last = last_backup_time(default_backup_dir(self.registry.path))
        self.status_backup.setText(_("Last backup: {t}").format(
            t=format_timestamp(last, current_language()) if last else _("never")))
        waiting = self.registry.cases.count_in_state("awaiting_payment")
        self.status_waiting.setText(_("Awaiting payment: {n}").format(n=waiting))
        title = _("OGA correspondent — {community}").format(community=profile.community if profile else "")
        self.setWindowTitle(f"{demo}{title}")
        if demo:
            self.statusBar().setStyleSheet("background: #ffe082;")

    def set_language(self, language: str) -> None:
        """The new language everywhere at once: menus, sections and open cases are built again in it."""
        from correspondent_app.ui.app import install_qt_translations  # noqa: PLC0415

        set_language(language)
        install_qt_translations(QApplication.instance(), language)
        self.retranslate()
        self.statusBar().showMessage(_("Language: {name}").format(name=LANGUAGE_NAMES.get(language, language)), 10000)

    def retranslate(self) -> None:
        """Build the menus, the sections and open case windows again in the current language.

        Rebuilding, rather than re-setting each text, leaves no widget behind
        in the old language; the registry, the section shown, the window's
        geometry and each open case's step are kept.
        """
        row = max(self.nav.currentRow(), 0)
        cases = self._close_case_windows()
        old = [action.menu() for action in self.menuBar().actions() if action.menu()]
        self.menuBar().clear()
        self.nav.blockSignals(True)
        self.nav.clear()
        while self.stack.count():
            widget = self.stack.widget(0)
            self.stack.removeWidget(widget)
            old.append(widget)
        for widget in old:  # unparented now (their actions leave the shortcuts page), deleted once idle:
            widget.setParent(None)  # the Settings section asking for this is still in its slot
            widget.deleteLater()
        self._build_sections()
        self._build_menu()
        self.nav.blockSignals(False)
        self.nav.setCurrentRow(row)  # from no row: shows the section, built anew
        self.refresh_status()
        for case_id in cases:
            self.open_case(case_id)

    def _close_case_windows(self) -> list[int]:
        """Close the open case windows (each saves its page and step); the ids to reopen."""
        from correspondent_app.ui.case.dialog import CaseWindow  # noqa: PLC0415

        open_cases = [w for w in self.findChildren(CaseWindow) if w.isVisible()]
        for case_window in open_cases:
            case_window.reject()
        closed = [w for w in open_cases if not w.isVisible()]
        for case_window in closed:
            case_window.setParent(None)
            case_window.deleteLater()
        return [w.case.id for w in closed]

    def about(self) -> None:
        inform(self, _("About"), about_text(self.registry.path))

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        remember.save_window(self, "main")  # size and place, for the next start
        super().closeEvent(event)

