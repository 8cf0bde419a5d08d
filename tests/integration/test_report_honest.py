"""Honest charts: change labels in the indicator's own terms, read back from the HTML; the
cross-area and review pages; screenshots of them in headless Chromium."""

from __future__ import annotations

import re
from html import unescape

import pytest

from orchestration.report import build_report, region_page_name
from orchestration.report.pages import indicator_page_name
from orchestration.settings import PROJECT_ROOT
from tests.integration.test_report import check_html, console_messages, run_chromium

pytestmark = pytest.mark.slow

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CHANGE = re.compile(r'<span class="change (\w+)" data-kind="(\w+)">([^<]*)</span>')


@pytest.fixture(scope="module")
def site(built_warehouse, tmp_path_factory):
    return build_report(built_warehouse, tmp_path_factory.mktemp("honest"))


def card_changes(html: str) -> dict[str, tuple[str, str, str]]:
    """indicator code -> (colour class, kind, label) of each card's change label."""
    out = {}
    for card in html.split('<article class="card" id="ind-')[1:]:
        code = card[: card.index('"')]
        m = CHANGE.search(card[: card.index("</article>")])
        if m:
            out[code] = (m.group(1), m.group(2), unescape(m.group(3)))
    return out


def test_change_labels_follow_the_indicator(site, built_warehouse):
    import duckdb

    html = (site.out_dir / region_page_name("350200")).read_text(encoding="utf-8")
    changes = card_changes(html)
    colour, kind, text = changes["rd_intensity"]  # 3.2% (more than) -> 3.3%
    assert kind == "pp" and "个百分点" in text and "%" not in text.split("个百分点")[0]
    assert "more than 3.2%" in text and colour == "neutral"  # against a lower bound: said, sign not known
    colour, kind, text = changes["wipo_cluster_rank"]  # 第91位 -> 第80位
    assert (kind, colour) == ("places", "better") and text.startswith("↑11位")
    con = duckdb.connect(str(built_warehouse), read_only=True)
    try:
        units = dict(con.execute("select indicator_code, unit from marts.dim_indicators").fetchall())
        better = dict(con.execute("select indicator_code, better from marts.dim_indicators").fetchall())
    finally:
        con.close()
    for code, (colour, kind, text) in changes.items():
        if kind == "pct":  # percent only for levels of amounts and counts
            assert units[code] in ("CNY", "count", "tonne"), (code, text)
        if units[code] == "percent":
            assert kind in ("pp", "none") and "个百分点" in text or kind == "none", (code, text)
        if not better[code]:
            assert colour == "neutral", (code, colour)  # colour only where the catalog says
        if colour != "neutral":
            assert "bound" not in text or text.startswith(("≥", "≤")), (code, text)


def test_cross_area_and_review_pages(site):
    gdp = site.out_dir / indicator_page_name("gdp")
    check_html(gdp)
    text = gdp.read_text(encoding="utf-8")
    assert "福建省" in text and "厦门市" in text and 'class="chart area-chart"' in text
    assert text.count("<tr>") >= 3  # header + one row per area
    index = (site.out_dir / "indicators.html").read_text(encoding="utf-8")
    assert indicator_page_name("gdp") in index
    review = site.out_dir / "review.html"
    check_html(review)
    body = review.read_text(encoding="utf-8")
    # the bundled warehouse holds no conflict left open (a queue with rows: test_review.py)
    assert "Nothing to review" in body


def test_screenshots_in_headless_chromium(site, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    pages = {
        "report-xiamen.png": (site.out_dir / region_page_name("350200"), "1280,2200"),
        "report-review.png": (site.out_dir / "review.html", "1280,1400"),
        "report-indicator.png": (site.out_dir / indicator_page_name("fiscal_revenue_local"), "1280,900"),
    }
    for name, (page, size) in pages.items():
        res = run_chromium(page.as_uri(), tmp_path, "--dump-dom")
        assert res.returncode == 0 and not console_messages(res.stderr), (name, console_messages(res.stderr))
        shot = ARTIFACTS / name
        shot.unlink(missing_ok=True)
        res = run_chromium(
            page.as_uri(),
            tmp_path,
            f"--screenshot={shot}",
            f"--window-size={size}",
            "--force-device-scale-factor=1",
        )
        assert res.returncode == 0 and shot.exists() and shot.stat().st_size > 20_000, (
            name,
            res.stderr[-1000:],
        )
