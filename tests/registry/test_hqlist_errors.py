"""HQ's CSV list: errors in the clerk's language, at the line where they start (issue 15, item 16)."""

import pytest

from correspondent_app.i18n import language
from correspondent_app.registry.hqlists import MalformedList
from tests.registry.test_hqlists import HEADER, write

ROW = "1234567,HOXHA,ARBEN,ILIR,14/03/1975,AL,ενεργός,\"798,48\"\n"


def test_old_mac_line_ends_read_like_any_other(registry, tmp_path):
    text = (HEADER + ROW + ROW.replace("1234567", "7654321")).replace("\n", "\r")
    assert registry.hq_lists.import_file(write(tmp_path, text), reference="HQ 1") == 2


def test_a_bare_carriage_return_inside_a_name_is_not_a_python_message(registry, tmp_path):
    text = HEADER + ROW.replace("HOXHA", "HO\rXHA")
    with language("el"):
        try:
            registry.hq_lists.import_file(write(tmp_path, text), reference="HQ 1")
        except MalformedList as refused:
            assert "universal" not in str(refused) and "newline" not in str(refused)


@pytest.mark.parametrize("lang, words", [("el", "εισαγωγικό"), ("en", "quotation mark")])
def test_an_unclosed_quote_is_reported_at_the_line_where_it_opens(registry, tmp_path, lang, words):
    rows = [ROW.replace("1234567", f"{1000000 + i}") for i in range(8)]
    rows[2] = rows[2].replace("HOXHA", "\"HOXHA")  # line 4 of the file (after the header)
    with language(lang), pytest.raises(MalformedList) as refused:
        registry.hq_lists.import_file(write(tmp_path, HEADER + "".join(rows)), reference="HQ 1")
    assert refused.value.problems[0][0] == 4
    assert words in str(refused.value) and "EOF" not in str(refused.value) and "end of data" not in str(refused.value)
    assert registry.db.execute("SELECT COUNT(*) FROM hq_list_entries").fetchone()[0] == 0
