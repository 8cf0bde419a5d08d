"""Document metadata inferred from the text itself (used when no manifest entry exists).

title (the title line, with a "——…" subtitle), publisher (发布机构 label, the
speaker line "厦门市人民政府市长 黄文辉", a line of issuing bodies, or the body the
title names), 索引号, 文号, published date (发布时间/时间 label, a "(2022年3月22日)"
line, the date a report was delivered, the date in a government URL), covered year
("2023年工作总结" → 2023, "2024年政府工作报告" → 2023, "2021年…统计公报" → 2021,
the body's opening "2021年，…", a year in the file name), and region (from the
publisher, then the title, then the area the text names most).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from orchestration.catalog.region_names import (
    find_regions,
    region_for_publisher,
    region_from_file_name,
    region_from_title,
)
from orchestration.parse.clean import META_LABEL, META_LABEL_ANY, split_lines

_D = "[0-9０-９]"
_FOLD = str.maketrans("０１２３４５６７８９", "0123456789")
_YEAR = rf"((?:19|20|１９|２０){_D}{{2}})"

_DATE = re.compile(rf"{_YEAR}\s*[-年/.．]\s*({_D}{{1,2}})\s*[-月/.．]\s*({_D}{{1,2}})")
_URL_DATE = re.compile(r"(?:/t|_|/)(20\d{2})(\d{2})(\d{2})(?:_|\.|/|$)")

_REPORT_WORDS = re.compile(
    r"报告|总结|公报|要点|计划|规划|通知|意见|方案|工作|情况|纲要|决算|预算|白皮书|年报|汇报|讲话|重点|思路|回顾|答复"
)
# a short line with no punctuation that ends in a report word reads as a title even when it
# opens like a body sentence (2025年全省科技工作会议报告)
_TITLE_LIKE = re.compile(r"^[^，。,；;：:！？]{6,40}(?:报告|总结|公报|要点|计划|规划|方案|讲话|思路)$")
# a site's breadcrumb trail (首页 > 政务公开 > 规划计划): never the title
_BREADCRUMB = re.compile(r"首页|当前位置|您的位置|现在的位置|[>›»＞]\s*[\u4e00-\u9fff]{2,8}\s*[>›»＞]")
_TITLE_CUT = re.compile(
    r"^(.{6,80}?(?:工作要点|工作重点|工作思路|工作计划|工作总结|工作报告|统计公报|情况报告|年度报告|的报告|报告|公报|总结|要点|思路|规划))"
)
_GLUED_BODY = re.compile(rf"{_YEAR}\s*年度?\s*[，,](?!\s*{_D})")
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.、．])"
)
_ORG_SUFFIX = r"(?:人民政府办公厅|人民政府办公室|人民政府|政府|调查队|委员会|办公厅|办公室|局|厅|委|办|中心|院|所|会|处|队)"
_ORG = re.compile(rf"^[\u4e00-\u9fff（）()]{{2,30}}?{_ORG_SUFFIX}$")
_SPEAKER = re.compile(
    r"^(?P<org>[\u4e00-\u9fff]{2,25}?(?:人民政府|政府))\s*(?:代理|代)?(?:省长|市长|区长|县长|州长|主席|盟长|旗长)\s*[\u4e00-\u9fff·]{2,5}$"
)
_TITLE_ORG = re.compile(
    rf"^(?:{_YEAR}\s*年度?)?\s*(?P<org>[\u4e00-\u9fff]{{2,25}}?{_ORG_SUFFIX})(?=关于|{_D}|$|[^\u4e00-\u9fff])"
)
_GOV_REPORT = re.compile(rf"{_YEAR}\s*年[^，。,\n]{{0,16}}?政府工作报告")
_GOV_REPORT_AREA = re.compile(r"(?P<area>[\u4e00-\u9fff]{2,12}?)(?:人民)?政府工作报告")
_COVER_RULES = (
    (re.compile(rf"{_YEAR}\s*年度?[^，。,；;\n]{{0,20}}?(?:统计公报|国民经济和社会发展统计)"), 0),
    (
        re.compile(
            rf"{_YEAR}\s*年度?[^，。,；;\n]{{0,16}}?(?:工作总结|工作回顾|总结|工作情况|年度报告|年报|决算|自评报告|自评|绩效报告|绩效评价)"
        ),
        0,
    ),
    (
        re.compile(
            rf"{_YEAR}\s*年度?[^，。,；;\n]{{0,16}}?(?:工作要点|工作计划|工作重点|工作思路|计划|预算)"
        ),
        0,
    ),
)
_BODY_OPENING = re.compile(rf"^{_YEAR}\s*年(?:度)?(?:[，,]|是|以来|我市|全市|全省|全区|全县)")
_FIVE_YEAR_PLAN = re.compile(r"(十[一二三四五六]五)[”\"]?[^，。,\n]{0,12}?规划")
_PLAN_BASE_YEAR = {
    "十一五": 2005,
    "十二五": 2010,
    "十三五": 2015,
    "十四五": 2020,
    "十五五": 2025,
    "十六五": 2030,
}
_ANY_YEAR = re.compile(rf"{_YEAR}\s*年")
_FILE_YEAR = re.compile(r"(?<![0-9])((?:19|20)\d{2})(?![0-9])")
_DELIVERED = re.compile(
    rf"^(?:——\s*)?{_YEAR}\s*年\s*({_D}{{1,2}})\s*月\s*({_D}{{1,2}})\s*日\s*在.{{2,60}}(?:会议|大会)上"
)
_DATE_LINE = re.compile(rf"^[（(]?\s*{_YEAR}\s*年\s*({_D}{{1,2}})\s*月\s*({_D}{{1,2}})\s*日\s*[)）]?$")


@dataclass
class Labels:
    """Values of the metadata block (索引号: …, 发布机构: …, 发布时间: …)."""

    index_no: str | None = None
    doc_no: str | None = None
    publisher: str | None = None
    published: str | None = None
    written: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Metadata:
    title: str | None = None
    publisher: str | None = None
    region_code: str | None = None
    covered_year: int | None = None
    published_date: dt.date | None = None
    index_no: str | None = None
    doc_no: str | None = None


def read_labels(text: str, max_lines: int = 400) -> Labels:
    out = Labels()
    for ln in split_lines(text[: max_lines * 200])[:max_lines]:
        if not ln or len(ln) > 160 or not META_LABEL.match(ln) and "：" not in ln and ":" not in ln:
            continue
        hits = list(META_LABEL_ANY.finditer(ln))
        if not hits or (hits[0].start() != 0 and not META_LABEL.match(ln) and len(ln) > 80):
            continue
        for k, m in enumerate(hits):
            end = hits[k + 1].start() if k + 1 < len(hits) else len(ln)
            _store(out, re.sub(r"\s+", "", m.group("label")), ln[m.end() : end].strip(" \t\u3000\xa0|｜"))
    return out


def _store(out: Labels, label: str, value: str) -> None:
    if not value:
        return
    if label == "索引号":
        out.index_no = out.index_no or value
    elif label in ("备注/文号", "文号", "发文字号"):
        out.doc_no = out.doc_no or value
    elif label in ("发布机构", "发文机关", "发文单位", "所属机构"):
        out.publisher = out.publisher or value
    elif label in ("发布日期", "发布时间", "时间", "日期"):
        out.published = out.published or value
    elif label in ("成文日期", "公文生成日期", "生成日期"):
        out.written = out.written or value
    else:
        out.extra.setdefault(label, value)


def _int(s: str) -> int:
    return int(s.translate(_FOLD))


def parse_date(s: str | None) -> dt.date | None:
    if not s:
        return None
    m = _DATE.search(s)
    if not m:
        return None
    try:
        d = dt.date(_int(m.group(1)), _int(m.group(2)), _int(m.group(3)))
    except ValueError:
        return None
    return d if 1949 <= d.year <= 2100 else None


def _plausible_year(y: int) -> bool:
    return 1949 <= y <= 2100


def find_title(lines: list[str]) -> str | None:
    """The title line among the first lines (with a following "——…" subtitle)."""
    for i, ln in enumerate(lines[:8]):
        if _HEADING.match(ln) or (_BODY_OPENING.match(ln) and not _TITLE_LIKE.match(ln)):
            break
        if len(ln) < 6 or not _REPORT_WORDS.search(ln) or _BREADCRUMB.search(ln):
            continue
        if len(ln) > 100 or ln.endswith(("。", "！", "；")):
            # title glued to the body (PDF text): cut where the body opens ("2016 年,是…"), else at
            # the first report word
            body = _GLUED_BODY.search(ln, 6, 120)
            m = _TITLE_CUT.match(ln)
            if body and _REPORT_WORDS.search(ln, 0, body.start()):
                title = ln[: body.start()].strip()
            elif m:
                title = m.group(1).strip()
            else:
                continue
        else:
            title = ln
        if i + 1 < len(lines) and lines[i + 1].startswith("——") and len(lines[i + 1]) <= 80:
            title += lines[i + 1]
        return title
    return None


# an answer to a deputy's suggestion or a member's proposal (关于…第N号建议的答复, …提案的复函):
# written during a year, it reports on the last full one
_REPLY = re.compile(r"(?:建议|提案|议案)的(?:答复|复函|办理)|(?:答复|复函)[（(]?[^，。\n]{0,12}(?:建议|提案)")
_DOC_NO_YEAR = re.compile(r"[〔\[【(（]\s*((?:19|20)\d{2})\s*[〕\]】)）]")
_SIGNED = re.compile(rf"^{_YEAR}\s*年\s*{_D}{{1,2}}\s*月\s*{_D}{{1,2}}\s*日$")


def _reply_year(title: str, lines: list[str], source_uri: str) -> int | None:
    """The year a reply was written: its document number (鄂科函〔2024〕96号), else the date it is
    signed with, else the year its file name holds."""
    for h in [title, *lines[:6]]:
        if m := _DOC_NO_YEAR.search(h):
            return _int(m.group(1))
    for ln in reversed(lines[-8:]):
        if m := _SIGNED.match(ln.strip()):
            return _int(m.group(1))
    return _file_name_year(source_uri)


def _file_name_year(source_uri: str) -> int | None:
    """The one year a file's name holds (report_2023.txt), else None."""
    name = source_uri.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    years = {int(y) for y in _FILE_YEAR.findall(name) if 1990 <= int(y) <= 2100}
    return years.pop() if len(years) == 1 else None


def covered_year(
    title: str | None, lines: list[str], source_uri: str = "", tail: list[str] | None = None
) -> int | None:
    heads = [title] if title else []
    heads += lines[:5]
    if title and _REPLY.search(title) and (y := _reply_year(title, [*lines, *(tail or [])], source_uri)):
        return y - 1
    for h in heads:
        m = _GOV_REPORT.search(h)
        if m:
            return _int(m.group(1)) - 1
    if any("政府工作报告" in h for h in heads):
        # 政府工作报告 / ——2024年1月24日在江西省…会议上: delivered early in the year after the one it reviews
        for ln in lines[:12]:
            m = _DELIVERED.match(ln)
            if m:
                return _int(m.group(1)) - 1
    for h in heads:
        for rx, delta in _COVER_RULES:
            m = rx.search(h)
            if m and _plausible_year(_int(m.group(1)) + delta):
                return _int(m.group(1)) + delta
    for h in heads:
        m = _FIVE_YEAR_PLAN.search(h)
        if m:
            return _PLAN_BASE_YEAR[m.group(1)]  # a “十四五” plan starts from 2020, its base year
    for ln in lines[:40]:
        if _HEADING.match(ln):
            ln = _HEADING.sub("", ln, count=1)
        m = _BODY_OPENING.match(ln)
        if m:
            return _int(m.group(1))
    if title:
        m = _ANY_YEAR.search(title)
        if m:
            return _int(m.group(1))
    return _file_name_year(source_uri)


def _issuers_line(lines: list[str]) -> str | None:
    """A line listing issuing bodies only ("厦门市统计局 国家统计局厦门调查队")."""
    for ln in lines[:4]:
        if len(ln) > 60:
            continue
        parts = [p for p in re.split(r"[\s、,，]+", ln) if p]
        if parts and all(_ORG.match(p) for p in parts) and any(find_regions(p) for p in parts):
            return "、".join(parts)
    return None


def find_publisher(labels: Labels, title: str | None, lines: list[str]) -> str | None:
    title_org = None
    if title:
        m = _TITLE_ORG.match(title)
        if m and region_for_publisher(m.group("org")) is not None and "政府工作报告" not in title:
            title_org = m.group("org")
    label = labels.publisher
    if not label:
        # 来源：成都市科学技术局 — the source label, when it names a body of an area (not a news site)
        source = labels.extra.get("来源") or labels.extra.get("信息来源")
        if source:
            source = re.split(r"[\s|｜]", source.strip(), maxsplit=1)[0]
            if _ORG.match(source) and region_for_publisher(source) is not None:
                label = source  # (福建日报, 某某网: media, not a body)
    if label:
        if (
            region_for_publisher(label) is None
            and title_org
            and (label in title_org or label[-1] == title_org[-1])
        ):
            return title_org
        return label
    for ln in lines[:12]:
        m = _SPEAKER.match(ln)
        if m:
            return (
                m.group("org") if "人民政府" in m.group("org") else m.group("org").replace("政府", "人民政府")
            )
    issuers = _issuers_line(lines)
    if issuers:
        return issuers
    if title_org:
        return title_org
    if title:
        m = _GOV_REPORT_AREA.search(title)
        if m:
            r = region_from_title(m.group("area"))
            if r is not None:
                return r.name + "人民政府"
    return None


def published_date(labels: Labels, lines: list[str], source_uri: str) -> dt.date | None:
    d = parse_date(labels.published)
    if d:
        return d
    for ln in lines[:12]:
        m = _DATE_LINE.match(ln) or _DELIVERED.match(ln)
        if m:
            try:
                return dt.date(_int(m.group(1)), _int(m.group(2)), _int(m.group(3)))
            except ValueError:
                continue
    d = parse_date(labels.written)
    if d:
        return d
    m = _URL_DATE.search(source_uri or "")
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return None


def dominant_region(text: str, limit: int = 200_000) -> str | None:
    found = find_regions(text[:limit])
    if not found:
        return None
    counts = Counter(r.region_code for _, _, r in found)
    return counts.most_common(1)[0][0]


def infer_metadata(
    text: str,
    *,
    labels: Labels | None = None,
    title: str | None = None,
    source_uri: str = "",
) -> Metadata:
    """Metadata of a canonical text; `labels` from the metadata block, `title` from HTML if known."""
    labels = labels or Labels()
    lines = [ln for ln in text.split("\n", 60)[:60] if ln]
    title = title or find_title(lines)
    publisher = find_publisher(labels, title, lines)
    region = region_for_publisher(publisher) or region_from_title(title)
    region_code = region.region_code if region else dominant_region(text)
    if region_code is None and (named := region_from_file_name(source_uri)):
        region_code = named.region_code  # a text that names no area: its file name may
    return Metadata(
        title=title,
        publisher=publisher,
        region_code=region_code,
        covered_year=covered_year(title, lines, source_uri, tail=text[-400:].split("\n")),
        published_date=published_date(labels, lines, source_uri),
        index_no=labels.index_no,
        doc_no=labels.doc_no,
    )
