"""The HTML report, the Parquet/CSV export and the dbt docs against the bundled corpus.

The warehouse is built once per session (`built_warehouse`); tests that need altered
content (HTML injection) work on their own copy of the file, never on the shared one.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import urllib.request
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest

from orchestration.report import build_report, region_page_name
from orchestration.settings import PROJECT_ROOT

pytestmark = [pytest.mark.slow, pytest.mark.long]

XIAMEN = "350200"
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
PAYLOAD = '<script>window.__pwned=1</script><img src="x" onerror="document.title=\'pwned\'">'
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SVG_LEAVES = {"circle", "line", "polygon", "path", "rect"}


class StrictHTML(HTMLParser):
    """Fails on unclosed or mismatched elements (HTML5 void elements and self-closed SVG shapes allowed)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, tuple]] = []
        self.errors: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))
        self._in_script = tag == "script"

    def handle_startendtag(self, tag, attrs):
        if tag not in VOID and tag not in SVG_LEAVES:
            self.errors.append(f"self-closed <{tag}/> at {self.getpos()}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> at {self.getpos()} does not close {self.stack[-1:]}")
            return
        self.stack.pop()

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def check_html(path: Path) -> StrictHTML:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in text
    p = StrictHTML()
    p.feed(text)
    p.close()
    assert not p.errors, (path.name, p.errors[:5])
    assert not p.stack, (path.name, p.stack)
    return p


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    pytest.skip("headless Chromium not installed (Debian package `chromium`; .ci/run installs it)")


def run_chromium(url: str, tmp: Path, *extra: str) -> subprocess.CompletedProcess:
    cmd = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        f"--user-data-dir={tmp / 'chromium-profile'}",
        "--enable-logging=stderr",
        "--v=0",
        *extra,
        url,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


def console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.fixture(scope="module")
def report(built_warehouse, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    return build_report(built_warehouse, out)


@pytest.fixture(scope="module")
def injected_report(built_warehouse, tmp_path_factory):
    """A report from a copy of the warehouse whose titles and sentences carry markup."""
    folder = tmp_path_factory.mktemp("injected")
    wh = folder / "bureau.duckdb"
    shutil.copyfile(built_warehouse, wh)
    con = duckdb.connect(str(wh))
    try:
        con.execute("update marts.dim_documents set title = ? || title, publisher = ?", [PAYLOAD, PAYLOAD])
        con.execute("update marts.fct_indicator_observations set evidence = ? || evidence", [PAYLOAD])
        con.execute("update marts.target_tracking set target_evidence = ?", [PAYLOAD])
    finally:
        con.close()
    return build_report(wh, folder / "report")


def test_pages_are_wellformed_utf8_html(report):
    names = {p.name for p in report.pages}
    assert {"index.html", "targets.html", "revisions.html", "quarantine.html", "documents.html"} <= names
    assert region_page_name(XIAMEN) in names
    for page in report.pages:
        parsed = check_html(page)
        text = page.read_text(encoding="utf-8")
        assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "") or page.name in (
            "documents.html",
            "targets.html",
        ), f"{page.name} references an external resource"
        assert "<link" not in text and " src=" not in text  # no external CSS, scripts or images
        for script in parsed.scripts:
            assert "</" not in script


def test_one_svg_chart_per_indicator_card(report):
    total = 0
    for code in report.regions:
        text = (report.out_dir / region_page_name(code)).read_text(encoding="utf-8")
        cards = text.count('<article class="card"')
        svgs = re.findall(r'<svg class="chart".*?</svg>', text, flags=re.S)
        assert cards == len(svgs) > 0
        for svg in svgs:
            ET.fromstring(svg)  # every chart is well-formed XML
        total += cards
    assert total == report.cards


def test_xiamen_page_content(report):
    text = (report.out_dir / region_page_name(XIAMEN)).read_text(encoding="utf-8")
    assert "厦门市" in text
    assert "技术合同成交额" in text and "Technology contract turnover" in text  # Chinese and English names
    assert "173.58亿元" in text  # CNY in 亿元
    assert "≥3.4%" in text  # a target with its comparator
    assert 'class="estimate' in text  # hollow estimates
    assert 'class="seg derived"' in text  # dashed derived segments
    assert "status-pending" in text
    assert "技术合同8025项" in text  # provenance sentence (tooltip and details data)


def test_targets_revisions_quarantine_pages(report, built_warehouse):
    con = duckdb.connect(str(built_warehouse), read_only=True)
    try:
        n_targets = con.execute("select count(*) from marts.target_tracking").fetchone()[0]
        n_quarantine = con.execute("select count(*) from marts.quarantine").fetchone()[0]
        n_revisions = con.execute("select count(*) from marts.revisions").fetchone()[0]
    finally:
        con.close()
    targets = (report.out_dir / "targets.html").read_text(encoding="utf-8")
    assert targets.count('<tr><td><span class="badge') == n_targets
    quarantine = (report.out_dir / "quarantine.html").read_text(encoding="utf-8")
    assert ("No quarantined documents" in quarantine) == (n_quarantine == 0)
    revisions = (report.out_dir / "revisions.html").read_text(encoding="utf-8")
    assert ("No revisions" in revisions) == (n_revisions == 0)


def test_report_for_one_region_and_unknown_region(built_warehouse, tmp_path):
    s = build_report(built_warehouse, tmp_path / "one", region=XIAMEN)
    assert s.regions == [XIAMEN]
    with pytest.raises(ValueError, match="no observations"):
        build_report(built_warehouse, tmp_path / "none", region="999999")


def test_injected_markup_is_escaped(injected_report):
    for page in injected_report.pages:
        text = page.read_text(encoding="utf-8")
        assert "<script>window.__pwned" not in text
        assert '<img src="x"' not in text
        check_html(page)
    docs = (injected_report.out_dir / "documents.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in docs
    region = (injected_report.out_dir / region_page_name(XIAMEN)).read_text(encoding="utf-8")
    assert region.count("<script") == 2  # the provenance JSON and the page's own script, nothing else


def test_report_in_headless_chromium(report, injected_report, tmp_path):
    page = report.out_dir / region_page_name(XIAMEN)
    res = run_chromium(page.as_uri(), tmp_path, "--dump-dom")
    assert res.returncode == 0, res.stderr[-2000:]
    assert not console_messages(res.stderr), console_messages(res.stderr)
    dom = res.stdout
    assert 'data-report-ready="1"' in dom  # the page script ran to the end
    cards = dom.count('<article class="card"')
    assert cards > 0 and len(re.findall(r'<svg class="chart"', dom)) == cards
    assert dom.count('class="pt ') >= cards

    # the details panel (what a click shows), opened through a #obs= link
    text = page.read_text(encoding="utf-8")
    obs = re.search(r'data-obs="([0-9a-f]{8,})"', text).group(1)
    res = run_chromium(f"{page.as_uri()}#obs={obs}", tmp_path, "--dump-dom")
    assert not console_messages(res.stderr), console_messages(res.stderr)
    panel = re.search(r'<aside id="details"[^>]*>', res.stdout).group(0)
    assert "hidden" not in panel
    assert re.search(r'data-f="evidence">[^<]+<', res.stdout)

    # injected markup stays text in the browser too
    bad = injected_report.out_dir / region_page_name(XIAMEN)
    res = run_chromium(f"{bad.as_uri()}#obs={obs}", tmp_path, "--dump-dom")
    assert not console_messages(res.stderr), console_messages(res.stderr)
    assert "<title>pwned" not in res.stdout and '<img src="x"' not in res.stdout

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report-xiamen.png"
    shot.unlink(missing_ok=True)
    res = run_chromium(
        page.as_uri(),
        tmp_path,
        f"--screenshot={shot}",
        "--window-size=1280,2200",
        "--force-device-scale-factor=1",
    )
    assert res.returncode == 0 and shot.exists() and shot.stat().st_size > 20_000, res.stderr[-2000:]


def test_export_parquet_matches_marts(built_warehouse, tmp_path):
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    from orchestration.warehouse.export import export_marts

    con = duckdb.connect(str(built_warehouse), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        ]
        counts = {t: con.execute(f'select count(*) from marts."{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()
    paths = export_marts(built_warehouse, tmp_path / "parquet")
    assert sorted(p.stem for p in paths) == sorted(tables)
    for p in paths:
        assert pq.read_table(p).num_rows == counts[p.stem], p.name
    fct = pq.read_table(tmp_path / "parquet" / "fct_indicator_observations.parquet")
    assert {"indicator_code", "region_code", "period_year", "value", "evidence"} <= set(fct.column_names)

    csvs = export_marts(built_warehouse, tmp_path / "csv", fmt="csv")
    obs_csv = next(p for p in csvs if p.stem == "fct_indicator_observations")
    assert pacsv.read_csv(obs_csv).num_rows == counts["fct_indicator_observations"]


def test_cli_report_and_export(built_warehouse, tmp_path, capsys):
    from orchestration.cli import main

    assert main(["report", "--out", str(tmp_path / "r"), "--warehouse", str(built_warehouse)]) == 0
    out = capsys.readouterr().out.split()
    assert str((tmp_path / "r" / "index.html").resolve()) in out
    assert (
        main(
            [
                "report",
                "--out",
                str(tmp_path / "r2"),
                "--region",
                "999999",
                "--warehouse",
                str(built_warehouse),
            ]
        )
        == 2
    )
    assert main(["export", str(tmp_path / "e"), "--warehouse", str(built_warehouse)]) == 0
    assert any(
        line.endswith("fct_indicator_observations.parquet") for line in capsys.readouterr().out.split()
    )
    assert (
        main(["report", "--warehouse", str(tmp_path / "missing.duckdb"), "--out", str(tmp_path / "x")]) == 1
    )
    assert main(["export", str(tmp_path / "e2"), "--warehouse", str(tmp_path / "missing.duckdb")]) == 1


def test_indicator_report_asset(built_warehouse, tmp_path):
    import dagster as dg

    from orchestration.defs.report import indicator_report
    from orchestration.defs.resources import WarehouseResource

    wh = tmp_path / "bureau.duckdb"
    shutil.copyfile(built_warehouse, wh)
    result = dg.materialize([indicator_report], resources={"warehouse": WarehouseResource(path=str(wh))})
    assert result.success
    (mat,) = result.asset_materializations_for_node("indicator_report")
    meta = mat.metadata
    assert meta["pages"].value >= 6 and meta["cards"].value > 0
    assert Path(meta["path"].value) == tmp_path / "report" / "index.html"
    assert (tmp_path / "report" / region_page_name(XIAMEN)).exists()
    assert "indicator cards" in meta["summary"].value


def test_dbt_docs_generate_and_serve(built_warehouse, tmp_path):
    from orchestration.warehouse.dbt_docs import generate_docs, make_server

    result = generate_docs(built_warehouse, tmp_path / "docs")
    index = tmp_path / "docs" / "index.html"
    assert index.exists() and index in result.files
    assert "fct_indicator_observations" in (tmp_path / "docs" / "catalog.json").read_text(encoding="utf-8")
    assert (tmp_path / "docs" / "static_index.html").exists()

    server = make_server(tmp_path / "docs", 0)
    host, port = server.server_address[:2]
    assert host == "127.0.0.1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/manifest.json", timeout=10) as resp:
            assert resp.status == 200
    finally:
        server.shutdown()
        server.server_close()
