"""Every CLI error is one line naming what is wrong and what to do, with a distinct exit code."""

from __future__ import annotations

import shlex
import subprocess
import sys

import duckdb
import pyarrow.parquet as pq
import pytest

from orchestration.cli import EXAMPLES, EXIT_FAIL, EXIT_NOTHING, EXIT_USAGE, build_parser, main

pytestmark = pytest.mark.slow


def one_line_error(capsys, argv: list[str], code: int) -> str:
    capsys.readouterr()
    assert main(argv) == code, argv
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err  # no traceback, no multi-line diagram
    return err


def test_query_errors_are_one_line(built_warehouse, tmp_path, capsys):
    wh = ["--warehouse", str(built_warehouse)]
    err = one_line_error(capsys, ["query", "selec 1", *wh], EXIT_USAGE)
    assert "syntax error" in err and "fix the SQL" in err
    err = one_line_error(capsys, ["query", "select * from marts.no_such_table", *wh], EXIT_FAIL)
    assert "no_such_table" in err and "information_schema.tables" in err
    err = one_line_error(capsys, ["query", "-f", str(tmp_path / "missing.sql"), *wh], EXIT_USAGE)
    assert "missing.sql" in err and "check the path" in err
    err = one_line_error(
        capsys, ["query", "select 1", "--warehouse", str(tmp_path / "nope.duckdb")], EXIT_FAIL
    )
    assert "no warehouse at" in err and "bureau build" in err and "--warehouse" in err
    err = one_line_error(capsys, ["query", "select 1", "--format", "xml", *wh], EXIT_USAGE)
    assert "invalid choice: 'xml'" in err and "--help" in err
    err = one_line_error(capsys, ["query", "select 1", "--out", str(tmp_path / "x.xlsx"), *wh], EXIT_USAGE)
    assert ".parquet or .csv" in err


def test_json_output_of_any_column_type(built_warehouse, capsys):
    capsys.readouterr()
    sql = "select content, [1, 2] as l, {'a': 1} as s, interval 1 day as i from raw.documents limit 1"
    assert main(["query", sql, "--format", "json", "--warehouse", str(built_warehouse)]) == 0
    assert '"l": [1, 2]' in capsys.readouterr().out


def test_load_missing_path_and_nothing_to_load(tmp_path, capsys):
    wh = ["--warehouse", str(tmp_path / "wh" / "bureau.duckdb")]
    err = one_line_error(capsys, ["load", str(tmp_path / "nope.txt"), *wh], EXIT_USAGE)
    assert "no such file or folder" in err and "nope.txt" in err and "nothing was loaded" in err
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.md").write_text("not a report")
    err = one_line_error(capsys, ["load", str(tmp_path / "empty"), *wh], EXIT_NOTHING)
    assert err.startswith("nothing to load") and "unchanged" in err
    assert not (tmp_path / "wh" / "bureau.duckdb").exists()


def test_usage_errors_are_one_line(capsys):
    err = one_line_error(capsys, ["nosuchcommand"], EXIT_USAGE)
    assert "invalid choice" in err
    err = one_line_error(capsys, ["correct", "abc", "--drop"], EXIT_USAGE)
    assert "--reason" in err and "bureau correct --help" in err


def test_version_and_an_example_per_command():
    done = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0 and done.stdout.startswith("bureau ")
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name, parser in sub.choices.items():
        assert name in EXAMPLES, f"bureau {name} has no example"
        assert f"example:\n  {EXAMPLES[name]}" in parser.format_help()
        assert shlex.split(EXAMPLES[name])[:2] == ["bureau", name]


def test_query_out_parquet_and_csv_with_bom(built_warehouse, tmp_path, capsys):
    wh = ["--warehouse", str(built_warehouse)]
    sql = "select indicator_code, region_code, period_year, value from marts.indicator_series order by all"
    assert main(["-q", "query", sql, "--out", str(tmp_path / "s.parquet"), *wh]) == 0
    assert main(["-q", "query", sql, "--out", str(tmp_path / "s.csv"), "--bom", *wh]) == 0
    assert main(["-q", "query", sql, "--out", str(tmp_path / "plain.csv"), *wh]) == 0
    con = duckdb.connect(str(built_warehouse), read_only=True)
    try:
        expected = con.execute(sql).fetchall()
    finally:
        con.close()
    table = pq.read_table(tmp_path / "s.parquet")
    assert table.num_rows == len(expected) and table.column_names[:2] == ["indicator_code", "region_code"]
    raw = (tmp_path / "s.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and not (tmp_path / "plain.csv").read_bytes().startswith(b"\xef")
    assert raw.decode("utf-8-sig").count("\n") == len(expected) + 1
