"""The correspondent profile: who issues the documents (set on first run)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from correspondent_app.domain.guards import PRINTED_PROFILE_FIELDS
from correspondent_app.domain.text import hidden_characters, hidden_message
from correspondent_app.i18n import _
from correspondent_app.registry.db import RegistryError
from correspondent_app.registry.records import new_uuid, now

FIELDS = ("community", "municipality", "prefecture", "correspondent_name", "oga_branch", "language", "demo")


@dataclass(frozen=True)
class Profile:
    uuid: str
    community: str
    municipality: str = ""
    prefecture: str = ""
    correspondent_name: str = ""
    oga_branch: str = ""
    language: str = "el"
    demo: bool = False


class IncompleteProfile(RegistryError):
    """A field printed on the certificates is empty; ``fields`` names them (first to fix first)."""

    def __init__(self, message: str, fields: list[str]) -> None:
        super().__init__(message)
        self.fields = fields


class Profiles:
    def __init__(self, registry) -> None:
        self.registry = registry

    def get(self) -> Profile | None:
        """The profile, or None before the first-run setup."""
        row = self.registry.db.execute(f"SELECT uuid, {', '.join(FIELDS)} FROM profile WHERE id = 1").fetchone()
        if row is None:
            return None
        values = dict(zip(("uuid", *FIELDS), row, strict=True))
        values["demo"] = bool(values["demo"])
        return Profile(**values)

    def save(self, **values) -> Profile:
        """Create or update the profile. Every field printed on the certificates is required."""
        unknown = set(values) - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown profile fields: {sorted(unknown)}")
        current = self.get()
        merged = {**(asdict(current) if current else {"uuid": new_uuid()}), **values}
        for key, value in values.items():
            hidden = hidden_characters(value) if isinstance(value, str) else []
            if hidden:
                raise IncompleteProfile(hidden_message(hidden), [key])
        if not str(merged.get("community", "")).strip():
            raise RegistryError(_("Enter the community (Κοινότητα / Δημοτικό Διαμέρισμα): it is printed on every document."))
        missing = [_(label) for key, label in PRINTED_PROFILE_FIELDS.items() if not str(merged.get(key) or "").strip()]
        if missing:
            raise IncompleteProfile(_("Fill in every field printed on the certificates: {fields}.").format(
                fields=", ".join(missing)), [k for k in PRINTED_PROFILE_FIELDS if not str(merged.get(k) or "").strip()])
        merged["demo"] = int(bool(merged.get("demo", False)))
        stamp = now()
        with self.registry.write():
            columns = ("uuid", *FIELDS)
            row = {k: merged.get(k, Profile.__dataclass_fields__[k].default) for k in columns}
            self.registry.db.execute(
                f"INSERT INTO profile (id, {', '.join(columns)}, created_at, updated_at) "
                f"VALUES (1, {', '.join('?' * len(columns))}, ?, ?) "
                f"ON CONFLICT (id) DO UPDATE SET {', '.join(f'{c} = excluded.{c}' for c in FIELDS)}, "
                "updated_at = excluded.updated_at",
                [*row.values(), stamp, stamp],
            )
            self.registry.audit("save", "profile", row["uuid"], asdict(current) if current else None, row)
        return self.get()
