"""The table pages: targets and their status, revisions, the review queue with corrections,
quarantined documents and the documents list."""

from __future__ import annotations

from collections import Counter, defaultdict
from html import escape

from orchestration.report import data as report_data
from orchestration.report.cards import corrected_badge, status_badge
from orchestration.report.format import (
    KIND_LABEL,
    MEASURE_LABEL,
    format_value,
    format_with_comparator,
)
from orchestration.report.pages import data_table, evidence_cell, indicator_cell, page, region_cell
from orchestration.report.svg import STATUS_COLOUR


def render_targets(data: report_data.ReportData) -> str:
    counts = Counter(t["status"] for t in data.targets)
    rows = []
    for t in data.targets:
        target = format_with_comparator(t["target_value"], t["unit"], t["target_comparator"], t["measure"])
        actual = (
            format_with_comparator(t["actual_value"], t["unit"], t.get("actual_comparator"), t["measure"])
            if t.get("actual_value") is not None
            else "–"
        )
        gap = format_value(t["gap"], t["unit"], t["measure"]) if t.get("gap") is not None else ""
        rows.append(
            f"<tr><td>{status_badge(t['status'])}</td><td>{region_cell(data, t['region_code'])}</td>"
            f"<td>{indicator_cell(data, t['indicator_code'])}</td><td>{t['period_year']}</td>"
            f"<td>{escape(MEASURE_LABEL.get(t['measure'], t['measure']))}</td>"
            f'<td class="num">{escape(target)}</td><td class="num">{escape(actual)}</td>'
            f'<td class="num">{escape(gap)}</td>'
            f"<td>{evidence_cell(data, t.get('target_evidence'), t.get('target_document_id'))}</td>"
            f"<td>{evidence_cell(data, t.get('actual_evidence'), t.get('actual_document_id'))}</td></tr>"
        )
    stats = (
        '<div class="summary">'
        + "".join(
            f'<div class="stat"><b>{counts.get(s, 0)}</b>{status_badge(s)}</div>' for s in STATUS_COLOUR
        )
        + "</div>"
    )
    table = data_table(
        "<th>status</th><th>area</th><th>indicator 指标</th><th>year</th>"
        "<th>measure</th><th>target 目标</th><th>outcome 实际</th><th>gap</th><th>target sentence</th>"
        "<th>outcome sentence</th>",
        "".join(rows),
        "No targets stated in the loaded reports. 暂无目标。",
    )
    body = (
        '<h1>Targets and their status <span class="en">目标完成情况</span></h1>'
        '<p class="lead">Each target stated in a report (力争 / 目标 / 计划), the outcome reported later for '
        "the same year, and whether it was met. Pending: no outcome reported yet; undetermined: the "
        "comparators make it undecidable.</p>"
        f"{stats}{table}"
    )
    return page("Targets", body, "targets.html")


def render_revisions(data: report_data.ReportData) -> str:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in data.revisions:
        groups[(r["region_code"], r["indicator_code"], r["period_year"], r["measure"])].append(r)
    rows = []
    for (region, code, year, measure), vintages in groups.items():
        for i, v in enumerate(vintages):
            change = (
                format_value(v["change_from_previous"], v["unit"], "level" if measure == "level" else measure)
                if v.get("change_from_previous") is not None
                else ""
            )
            lead = (
                f'<td rowspan="{len(vintages)}">{region_cell(data, region)}</td>'
                f'<td rowspan="{len(vintages)}">{indicator_cell(data, code)}</td>'
                f'<td rowspan="{len(vintages)}">{year}<br><span class="muted small">'
                f"{escape(MEASURE_LABEL.get(measure, measure))}</span></td>"
                if i == 0
                else ""
            )
            rows.append(
                f'<tr>{lead}<td class="num">{v["vintage"]}</td>'
                f'<td class="num">{escape(format_with_comparator(v["value"], v["unit"], v["comparator"], measure))}</td>'
                f"<td>{escape(KIND_LABEL.get(v['value_kind'], v['value_kind']))}</td>"
                f'<td class="num">{escape(change)}</td>'
                f"<td>{evidence_cell(data, v.get('evidence'), v.get('document_id'))}</td></tr>"
            )
    table = data_table(
        "<th>area</th><th>indicator 指标</th><th>year</th><th>vintage</th>"
        "<th>value</th><th>kind</th><th>change 变化</th><th>sentence and document</th>",
        "".join(rows),
        "No revisions: no number in the loaded reports is stated by more than "
        "one document. 暂无修订：没有被多份文件重复公布的数值。",
    )
    body = (
        '<h1>Revisions <span class="en">数据修订</span></h1>'
        '<p class="lead">Every indicator × area × year stated by more than one document, in publication '
        "order, with the change from the previous vintage (e.g. an estimate later confirmed).</p>"
        f"{table}"
    )
    return page("Revisions", body, "revisions.html")


REVIEW_LABEL = {
    "quality_flag": "quality flag 质量标记",
    "documents_disagree": "documents disagree 文件不一致",
    "series_conflict": "conflict in one document 同一文件数值冲突",
    "flow_as_stock": "flow wording, stock indicator 增量误作存量",
    "unit_change": "unit change 单位变化",
}


def render_review(data: report_data.ReportData) -> str:
    counts = Counter(r["review_reason"] for r in data.review)
    rows = []
    for r in data.review:
        value = format_with_comparator(r["value"], r["unit"], r["comparator"], r["measure"])
        rows.append(
            f'<tr><td><span class="badge reason">{escape(REVIEW_LABEL.get(r["review_reason"], r["review_reason"]))}</span></td>'
            f"<td>{region_cell(data, r['region_code'])}</td><td>{indicator_cell(data, r['indicator_code'])}</td>"
            f'<td>{r["period_year"]}</td><td class="num">{escape(value)}'
            f"{corrected_badge(r) if r.get('corrected') else ''}</td>"
            f"<td>{escape(r['detail'] or '')}{evidence_cell(data, r.get('evidence'), r.get('document_id'))}"
            f'<code class="cmd">{escape(r["suggested_command"])}</code></td></tr>'
        )
    stats = '<div class="summary">' + "".join(
        f'<div class="stat"><b>{n}</b>{escape(REVIEW_LABEL.get(k, k))}</div>' for k, n in sorted(counts.items())
    ) + "</div>"  # fmt: skip
    table = data_table(
        "<th>why</th><th>area</th><th>indicator 指标</th><th>year</th>"
        "<th>value</th><th>detail, sentence and a command to correct it</th>",
        "".join(rows),
        "Nothing to review. 暂无需要审核的数据。",
    )
    corr_rows = "".join(
        f"<tr><td>{escape(c['correction_id'] or '')}</td><td>{escape(c['status'] or '')}</td>"
        f"<td>{escape(c['changes'] or '')}</td><td>{escape(str(c.get('indicator_code') or ''))} "
        f"{escape(str(c.get('region_code') or ''))} {escape(str(c.get('period_year') or ''))}</td>"
        f'<td>{escape(c["reason"] or "")}<div class="muted small">{escape(c.get("status_reason") or "")}</div></td>'
        f'<td>{escape(str(c.get("corrected_by") or ""))}<br><span class="muted small">'
        f"{escape(str(c.get('corrected_at') or '')[:16])}</span></td></tr>"
        for c in data.corrections
    )
    corrections = data_table(
        "<th>id</th><th>status</th><th>changes</th><th>observation</th><th>reason</th><th>by</th>",
        corr_rows,
        "No corrections yet: run a command above (or `bureau correct`).",
    )
    body = (
        '<h1>Review queue <span class="en">待审核</span></h1>'
        '<p class="lead">Rows worth a human look: two documents disagreeing, a series value chosen among '
        "different values one document states, flow wording (新增 / 新认定) on a stock indicator, a unit that "
        "changes within a series, quality flags. Each comes with a <code>bureau correct</code> line to edit "
        "and run; corrections are kept in corrections.csv and re-applied on every build.</p>"
        f"{stats}{table}<h2>Corrections 更正记录</h2>{corrections}"
    )
    return page("Review", body, "review.html")


def render_quarantine(data: report_data.ReportData) -> str:
    rows = "".join(
        f"<tr><td>{escape(str(q.get('source_uri') or ''))}</td><td>{escape(str(q.get('stage') or ''))}</td>"
        f"<td>{escape(str(q.get('reason') or ''))}</td><td>{escape(str(q.get('seen_at') or '')[:19])}</td></tr>"
        for q in data.quarantine
    )
    table = data_table(
        "<th>source 来源</th><th>stage</th><th>reason 原因</th><th>seen at</th>",
        rows,
        "No quarantined documents: every loaded document was decoded and parsed. 没有被隔离的文件。",
    )
    body = (
        '<h1>Quarantined documents <span class="en">隔离文件</span></h1>'
        '<p class="lead">Documents that could not be decoded or parsed, with the reason. They are kept, '
        "not dropped; fix or replace them and load again.</p>"
        f"{table}"
    )
    return page("Quarantine", body, "quarantine.html")


def render_documents(data: report_data.ReportData) -> str:
    n_obs = Counter(o["document_id"] for o in data.observations)
    rows = []
    for d in data.documents.values():
        src = str(d.get("source_uri") or "")
        src_html = (
            f'<a href="{escape(src)}" rel="noopener noreferrer">{escape(src)}</a>'
            if src.lower().startswith(("http://", "https://"))
            else escape(src)
        )
        original = str(d.get("original_url") or "")
        if original.lower().startswith(("http://", "https://")) and original != src:
            src_html = (
                f'<a href="{escape(original)}" rel="noopener noreferrer">{escape(original)}</a>'
                f'<br><span class="muted">loaded from {src_html}</span>'
            )
        if d.get("archive_href"):
            src_html += f'<br><a href="{escape(d["archive_href"])}">archived copy 存档</a>'
        rows.append(
            f"<tr><td>{escape(d.get('title') or '')}</td><td>{escape(d.get('publisher') or '')}</td>"
            f"<td>{region_cell(data, d['region_code']) if d.get('region_code') else ''}</td>"
            f"<td>{escape(str(d.get('covered_year') or ''))}</td>"
            f"<td>{escape(str(d.get('published_date') or ''))}</td>"
            f'<td class="num">{n_obs.get(d["document_id"], 0)}</td>'
            f'<td class="small">{src_html}<br><span class="muted">{escape(d["document_id"])}</span></td></tr>'
        )
    table = data_table(
        "<th>title 标题</th><th>publisher 发布机构</th><th>area</th>"
        "<th>covers</th><th>published</th><th>observations</th><th>source</th>",
        "".join(rows),
        "No documents loaded.",
    )
    body = f'<h1>Documents <span class="en">文件</span></h1>{table}'
    return page("Documents", body, "documents.html")
