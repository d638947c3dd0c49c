"""The office fields every certificate prints (all required since the pre-issue review): one place for tests."""

OFFICE = dict(community="Κοινότητα Αγίου Αθανασίου", municipality="Δήμος Μυγδονίας", prefecture="Ν. Θεσσαλονίκης",
              correspondent_name="Μαρία Παπαδοπούλου", oga_branch="Π.Υ. ΟΓΑ Θεσσαλονίκης")


def office(**values) -> dict:
    """The test office with ``values`` changed (e.g. another community)."""
    return {**OFFICE, **values}
