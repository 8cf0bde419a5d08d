"""`bureau report` / asset `indicator_report`: write the static HTML report from the marts.

index, one page per area, indicators (one page each), review, targets, revisions,
quarantine, documents; `data.py` reads, `cards.py`, `pages.py` and `tables.py` render.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.report import data as report_data
from orchestration.report.pages import (
    indicator_page_name,
    region_page_name,
    render_index,
    render_indicator,
    render_indicators,
    render_region,
    series_by_indicator,
)
from orchestration.report.tables import (
    render_documents,
    render_quarantine,
    render_review,
    render_revisions,
    render_targets,
)


@dataclass
class ReportSummary:
    out_dir: Path
    index: Path
    pages: list[Path] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    cards: int = 0
    charts: int = 0
    observations: int = 0
    targets: Counter = field(default_factory=Counter)
    revisions: int = 0
    quarantined: int = 0
    documents: int = 0
    review: int = 0

    def markdown(self) -> str:
        status = ", ".join(f"{k} {v}" for k, v in sorted(self.targets.items())) or "none"
        return (
            f"| | |\n|---|---|\n| pages | {len(self.pages)} |\n| areas | {', '.join(self.regions) or '-'} |\n"
            f"| indicator cards | {self.cards} |\n| observations | {self.observations} |\n"
            f"| targets | {status} |\n| revisions | {self.revisions} |\n"
            f"| quarantined documents | {self.quarantined} |\n"
        )


def _write(path: Path, text: str) -> Path:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def build_report(warehouse: Path, out_dir: Path, region: str | None = None) -> ReportSummary:
    """Write the report site into `out_dir` from the warehouse marts (read-only). Returns a summary.

    `region` (a GB/T 2260 code) limits the area pages, targets and revisions to that area;
    ValueError if the warehouse has no observation for it.
    """
    warehouse, out_dir = Path(warehouse), Path(out_dir)
    data = report_data.load(warehouse, region)
    if region and region not in data.regions:
        raise ValueError(f"no observations for area {region!r} in {warehouse}")
    out_dir.mkdir(parents=True, exist_ok=True)
    for d in data.documents.values():  # the archived bytes, as a link relative to the report
        if d.get("archive_path"):
            d["archive_href"] = os.path.relpath(warehouse.parent / d["archive_path"], out_dir)
    codes = sorted(data.regions)
    summary = ReportSummary(out_dir=out_dir, index=out_dir / "index.html", regions=codes)
    cards_per_region: dict[str, int] = {}
    for code in codes:
        html_text, cards = render_region(code, data)
        cards_per_region[code] = len(cards)
        summary.cards += len(cards)
        summary.charts += len(cards)
        summary.pages.append(_write(out_dir / region_page_name(code), html_text))
    summary.pages.insert(0, _write(summary.index, render_index(data, codes, cards_per_region)))
    by_indicator = series_by_indicator(data)
    summary.pages.append(_write(out_dir / "indicators.html", render_indicators(data, by_indicator)))
    for code, rows in sorted(by_indicator.items()):
        summary.pages.append(_write(out_dir / indicator_page_name(code), render_indicator(code, rows, data)))
    summary.pages.append(_write(out_dir / "review.html", render_review(data)))
    summary.review = len(data.review)
    summary.pages.append(_write(out_dir / "targets.html", render_targets(data)))
    summary.pages.append(_write(out_dir / "revisions.html", render_revisions(data)))
    summary.pages.append(_write(out_dir / "quarantine.html", render_quarantine(data)))
    summary.pages.append(_write(out_dir / "documents.html", render_documents(data)))
    summary.observations = len(data.observations)
    summary.targets = Counter(t["status"] for t in data.targets)
    summary.revisions = len(data.revisions)
    summary.quarantined = len(data.quarantine)
    summary.documents = len(data.documents)
    return summary
