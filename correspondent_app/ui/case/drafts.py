"""A case's draft: what was typed on a page and left unsaved, kept in the registry with the case.

Esc, "Close (saved)", Back or a jump to another step leave a page; what its
text fields show beyond what the page loaded is kept (``registry.cases.keep_draft``)
and shown typed again when the page opens next, also after a restart. Moving
on with Next saves the page (a recorded payment), so its draft is dropped. A
draft is never a record: the page says so while it shows one.
"""

from __future__ import annotations

from correspondent_app.i18n import _
from correspondent_app.ui.errors import show_error


class CaseDrafts:
    """Draft keeping for the case window (needs ``steps``, ``index``, ``closed``, ``registry``, ``case``,
    ``drafts``, ``_loaded``, ``draft_note`` and ``next_button``)."""

    def _show_draft(self, step) -> None:
        """The page as loaded, then what was typed on it and left unsaved (an open case only)."""
        if self.closed:
            self._loaded = None
            self.draft_note.setVisible(False)
            return
        self._loaded = step.typed()
        draft = self.drafts.get(step.object_name, {})
        step.restore(draft)
        self._say_draft(bool(draft) and step.typed() != self._loaded)

    def _say_draft(self, shown: bool) -> None:
        """Typed earlier, not saved: said above the page, so it is not taken for what is recorded."""
        self.draft_note.setText(_("Typed earlier and not saved yet (a draft): nothing of it is recorded until you "
                                  "press «{button}».").format(button=self.next_button.text().replace("&", ""))
                                if shown else "")
        self.draft_note.setVisible(shown)

    def keep_draft(self) -> None:
        """What the current page shows typed beyond what it loaded is kept in the registry with the case.

        A field typed back to what was loaded is no longer a draft. A failed
        write is shown, and the window goes on: the page still shows it.
        """
        if self._loaded is None or self.closed:
            return
        step = self.steps[self.index]
        typed = {name: text for name, text in step.typed().items() if text != self._loaded.get(name, "")}
        self._store_draft(step.object_name, typed)

    def drop_draft(self, step) -> None:
        self._loaded = None  # what the page holds now is saved: nothing to keep when it is left
        self._say_draft(False)
        self._store_draft(step.object_name, {})

    def _store_draft(self, page: str, fields: dict[str, str]) -> None:
        if fields == self.drafts.get(page, {}):
            return  # unchanged: no write (Esc on an untouched page writes nothing)
        try:
            self.registry.cases.keep_draft(self.case.id, page, fields)
        except Exception as exc:  # noqa: BLE001 - shown; the typed text is still on the page
            show_error(self, exc)
            return
        if fields:
            self.drafts[page] = fields
        else:
            self.drafts.pop(page, None)
