"""Clutter removal for decoded report text.

Works line by line on text that is already decoded (and, for HTML, already reduced
to its main content). Removes: site navigation (下载 / 打印 / 收藏 / 【字号 ...),
footers (网站标识码, ICP备, 地址…邮编), forum junk (设为首页收藏本站, the poster's
profile block, 签到天数, 积分, Rank:, 发表于…, [复制链接], BBCode tags), the
metadata label lines (captured separately by `metadata.py`), page-number markers,
zero-width characters and soft hyphens (anywhere: inside a word or a number they
would split it); joins hard-wrapped PDF lines inside words and numbers without
joining genuine paragraph breaks, and a number broken at its decimal point (12 / .5)
in any text; removes pinyin annotations inserted after characters
(統(tǒng)計(jì) -> 統計). Full-width characters are left alone (no NFKC): the
extractor folds digits itself.

This is the one cleaning of report text: the extractor reads the canonical text as it is
(its view only folds characters, keeping every offset).

The output has one paragraph per line, no blank lines, no leading/trailing spaces.
"""

from __future__ import annotations

import re

from orchestration.parse.line_joins import (
    join_clause_breaks,
    join_number_breaks,
    join_wrapped,
    looks_hard_wrapped,
    strip_page_counters,
)

_TONE = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
PINYIN = re.compile(
    r"[（(](?<=[\u3400-\u9fff\uf900-\ufaff][（(])(?=[a-zü"
    + _TONE
    + r"]*["
    + _TONE
    + r"])[a-zü"
    + _TONE
    + r"]{1,7}[)）]"
)

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# never text: zero-width spaces and joiners, the word joiner, byte-order marks, soft hyphens
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_STRIP = " \t\u3000\xa0\u200b\u200c\u200d\ufeff\u2002\u2003\u2009"

NAV_TOKENS = frozenset(
    [
        "下载",
        "打印",
        "全屏",
        "收藏",
        "分享",
        "分享到",
        "关闭",
        "关闭窗口",
        "打印本页",
        "打印此页",
        "关闭本页",
        "返回顶部",
        "返回",
        "顶部",
        "首页",
        "设为首页",
        "收藏本站",
        "设为首页收藏本站",
        "加入收藏",
        "加大",
        "还原",
        "减小",
        "字号",
        "【字号",
        "【字号：",
        "【字号:",
        "】",
        "【",
        "大",
        "中",
        "小",
        "附件下载",
        "附件",
        "相关附件",
        "扫一扫在手机上查看当前页面",
        "扫一扫",
        "相关解读",
        "文字解读",
        "图片解读",
        "视频解读",
        "访谈解读",
        "媒体报道",
        "政策解读",
        "相关报道",
        "相关报道：",
        "相关链接",
        "相关文章",
        "相关新闻",
        "网站地图",
        "联系我们",
        "无障碍",
        "长者模式",
        "无障碍浏览",
        "English",
        "繁體",
        "繁体",
        "简体",
        "登录",
        "注册",
        "复制链接",
        "[复制链接]",
        "显示全部楼层",
        "阅读模式",
        "只看该作者",
        "倒序浏览",
        "回复",
        "举报",
        "使用道具",
        "评分",
        "收藏帖子",
        "点评",
        "支持",
        "反对",
        "上一篇",
        "下一篇",
        "上一主题",
        "下一主题",
        "返回列表",
        "发新帖",
        "TA的每日心情",
        "微信",
        "微博",
        "QQ空间",
        "微信扫一扫",
        "手机版",
        "打印文章",
        "【打印本页】",
        "【关闭窗口】",
        "【打印】",
        "【关闭】",
        "[打印]",
        "[关闭]",
        "[打印本页]",
        "[关闭窗口]",
        "分享至",
        "责任编辑",
        "纠错",
    ]
)
_NAV_SPLIT = re.compile(r"[\s|｜/·•,，]+")

# Whole-line clutter (matched against stripped lines; applied only to short lines).
_CLUTTER_LINE = re.compile(
    r"""^(?:
        .*(?:网站标识码|ICP备|ICP证|公网安备|版权所有|Copyright|©|主办单位|承办单位|技术支持[:：]|运维单位|
             建议使用.{0,20}浏览器|分辨率|访问量|浏览次数|阅读次数|点击数|访问次数|本站由).*
      | .*地址[:：].{0,60}邮编.*
      | 邮编[:：]?\s*\d{6}.*
      | (?:联系)?电话[:：]\s*[\d\-\s()（）]{7,}.*
      | 上一篇[:：].* | 下一篇[:：].*
      | 【?\s*字号[:：]?.{0,12}
      | 查看[:：]\s*\d+\s*[|｜]\s*回复[:：]\s*\d+.*
      | 签到天数[:：]?.*
      | \[LV\.\d+\].*
      | (?:Rank[:：]\s*\d+\s*)+
      | 发表于\s*\d{4}-\d{1,2}-\d{1,2}.*
      | 本帖最后由.{0,40}编辑
      | (?:主题|帖子|积分|金币|威望|贡献|在线时间|注册时间|最后登录|UID|精华|好友|听众|收听|阅读权限)[:：]?\s*[\d.]*\s*(?:万|小时|天)?
      | 设为首页\s*收藏本站.*
      | 分享到[:：]?.*
      | 责任编辑[:：].{0,20}
      | (?:扫一扫|微信扫一扫).{0,20}
      | 附件[:：]?\s*
    )$""",
    re.X | re.I,
)
_CLUTTER_MAXLEN = 100

# Poster profile block of a forum page: from the first marker to the "发表于 ..." line.
_FORUM_START = re.compile(r"^(?:\[复制链接\]|复制链接|TA的每日心情|该用户从未签到)$")
_FORUM_END = re.compile(r"^发表于\s*\d{4}-\d{1,2}-\d{1,2}")

_BBCODE = re.compile(
    r"\[(img|attach|media|flash|audio)(?:=[^\]]*)?\].*?\[/\1\]"
    r"|\[/?(?:b|i|u|s|size|color|font|align|url|email|quote|code|table|tr|td|list|\*|backcolor|p|hr|"
    r"indent|float|hide|free|sup|sub|left|center|right|img|attach|media|strike|ol|ul|li)(?:=[^\]]{0,200})?\]",
    re.I,
)
_FORUM_TAG = re.compile(r"^\[[\u4e00-\u9fff\w]{1,8}\]\s*(?=\S)")  # "[福建] 2024年…" thread-title tag
_BULLET_CHARS = "•·●◆◇■□▪►▶"
_BULLET = re.compile(r"^[•·●◆◇■□▪►▶]\s*")

# Label lines of the metadata block (captured by metadata.py, removed from the text).
META_LABELS = (
    r"索\s*引\s*号|备注\s*/\s*文号|文\s*号|发文字号|发布机构|发文机关|发文单位|公文生成日期|成文日期|"
    r"生成日期|发布日期|发布时间|时\s*间|日\s*期|来\s*源|信息来源|主题分类|主题词|体裁分类|组配分类|服务对象|有效性|"
    r"作\s*者|所属机构|浏览次数|点击数"
)
META_LABEL = re.compile(r"^(?:[•·●]\s*)?(?P<label>" + META_LABELS + r")\s*[:：]\s*(?P<value>.*)$")
# Any label inside a line ("索引号: … 发布机构: …" on one line of a metadata table).
META_LABEL_ANY = re.compile(r"(?:^|(?<=[\s|｜]))(?:[•·●]\s*)?(?P<label>" + META_LABELS + r")\s*[:：]")

# Page-number markers.
_PAGE_ANY = re.compile(
    r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|"
    r"共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页|Page\s+\d{1,4}(?:\s+of\s+\d{1,4})?)$",
    re.I,
)
_PAGE_PDF = re.compile(r"^(?:\d{1,4}|\d{1,4}\s*/\s*\d{1,4}|[（(]\s*\d{1,4}\s*[)）])$")


def remove_pinyin(text: str) -> str:
    """Remove pinyin annotations such as 統(tǒng) -> 統 (only toned lowercase syllables in brackets)."""
    if "(" not in text and "（" not in text:
        return text
    return PINYIN.sub("", text)


_NEWLINE_CHARS = ("\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85")


def split_lines(text: str) -> list[str]:
    # `in` is a C-speed scan; the regex substitution only runs when there is something to replace
    if any(c in text for c in _NEWLINE_CHARS):
        text = _NEWLINES.sub("\n", text)
    return [ln.strip(_STRIP) for ln in text.split("\n")]


_FIRST_TOKEN = re.compile(r"[^\s|｜/·•,，]+")


def _is_nav_line(line: str) -> bool:
    if len(line) > 60:
        return False
    first = _FIRST_TOKEN.search(line)  # every token must be a nav token: test the first one alone first
    if first is None or first.group() not in NAV_TOKENS:
        return False
    tokens = [t for t in _NAV_SPLIT.split(line) if t]
    return bool(tokens) and all(t in NAV_TOKENS for t in tokens)


def is_clutter(line: str) -> bool:
    if line in NAV_TOKENS or _is_nav_line(line):
        return True
    if len(line) <= _CLUTTER_MAXLEN and _CLUTTER_LINE.match(line):
        return True
    return bool(_PAGE_ANY.match(line))


def _drop_forum_profile(lines: list[str]) -> list[str]:
    out: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        if _FORUM_START.match(lines[i]):
            for j in range(i + 1, min(n, i + 80)):
                if _FORUM_END.match(lines[j]):
                    i = j + 1
                    break
            else:
                i += 1
            continue
        out.append(lines[i])
        i += 1
    return out


def clean_text(text: str, *, pdf: bool = False) -> str:
    """Remove clutter and return canonical text: one paragraph per line."""
    text = _INVISIBLE.sub("", text)
    text = remove_pinyin(text)
    if "[" in text:
        text = _BBCODE.sub("", text)
    lines = split_lines(text)
    if any(_FORUM_START.match(ln) for ln in lines):
        lines = _drop_forum_profile(lines)
    kept: list[str] = []
    for ln in lines:
        if not ln:
            if pdf:
                kept.append("")
            continue
        if is_clutter(ln):
            continue
        if pdf and _PAGE_PDF.match(ln):
            continue
        if len(ln) <= 80 and META_LABEL.match(ln):
            continue
        if ln[0] in _BULLET_CHARS:
            ln = _BULLET.sub("", ln, count=1)
        if ln.startswith("["):
            ln = _FORUM_TAG.sub("", ln)
        if ln:
            kept.append(ln)
    kept = strip_page_counters(kept)
    if pdf or looks_hard_wrapped(kept):
        kept = join_wrapped(kept)
    kept = join_clause_breaks(join_number_breaks(kept))
    return "\n".join(ln for ln in kept if ln)
