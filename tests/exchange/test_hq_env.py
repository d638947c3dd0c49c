"""CORRESPONDENT_HQ_DSN (issue 18): every ``hq`` command's --into / --from may be left out when the variable names
the HQ database (a file, or a PostgreSQL address in the PostgreSQL run); an explicit option wins.

The command line in-process (``cli.main``), a real village, real packages, a real HQ database.
"""

import pytest

from correspondent_app import cli
from correspondent_app.exchange.export import export_package
from correspondent_app.exchange.hq import open_hq_read_only
from tests.exchange.helpers import hq_arg, village


def hq(*args):
    return cli.main(["hq", *map(str, args)])


def test_every_hq_command_takes_the_hq_database_from_the_environment(tmp_path, monkeypatch, capsys):
    reg, key = village(tmp_path, "alpha", 1)
    export_package(reg, tmp_path / "a1.zip")
    reg.close()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(cli.HQ_ENV, str(hq_arg(tmp_path / "hq.sqlite")))

    assert hq("register", key) == 0
    assert hq("merge", tmp_path / "a1.zip") == 0
    assert ": merged: " in capsys.readouterr().out
    assert hq("findings", "--list") == 0
    assert hq("report", "--out", tmp_path / "rep") == 0
    assert "Κοινότητα alpha" in (tmp_path / "rep" / "report.csv").read_text("utf-8-sig")
    assert hq("verify", "ZZZZ-ZZZZ-ZZZZ") == 3  # unknown: the database was read
    assert hq("key", "--out", tmp_path / "hq.pub") == 0 and (tmp_path / "hq.pub").is_file()
    assert hq("ack", "--village", key, "--out", tmp_path / "ack.json") == 0 and (tmp_path / "ack.json").is_file()
    assert hq("verifier-bundle", "--out", tmp_path / "bundle.json") == 0
    assert "package 1" in capsys.readouterr().out

    # an explicit option wins over the variable
    assert hq("register", "--into", tmp_path / "other.sqlite", key) == 0
    assert hq("report", "--from", tmp_path / "other.sqlite", "--out", tmp_path / "rep2") == 0
    assert "Κοινότητα alpha" not in (tmp_path / "rep2" / "report.csv").read_text("utf-8-sig")
    for path, packages in ((tmp_path / "hq.sqlite", 1), (tmp_path / "other.sqlite", 0)):
        store = open_hq_read_only(path)
        assert len(store.villages()) == 1 and store.package_count() == packages
        store.close()


@pytest.mark.no_hq
@pytest.mark.parametrize("value", [None, "", "  "], ids=["unset", "empty", "blank"])
def test_without_the_variable_the_option_is_required(tmp_path, monkeypatch, capsys, value):
    if value is None:
        monkeypatch.delenv(cli.HQ_ENV, raising=False)
    else:
        monkeypatch.setenv(cli.HQ_ENV, value)
    for args, option in ((["merge", tmp_path / "a1.zip"], "--into"), (["report", "--out", tmp_path / "rep"], "--from")):
        with pytest.raises(SystemExit) as exit_:
            hq(*args)
        assert exit_.value.code == 2
        assert option in capsys.readouterr().err
    assert not (tmp_path / "rep").exists()
