"""Cue words: comparators, value kinds, measures, and the filler words that may
stand between an indicator's name and its number."""

from __future__ import annotations

import re
from functools import lru_cache

from orchestration.text.patterns import by_first_char, first_chars

# ---- comparators -------------------------------------------------------------
# Read from the end of the text just before the number (after any measure verb).
_CMP_BEFORE_CUES = {
    "gt": "超过|超出|超|逾|突破|破|高于|多于|大于|过",
    "ge": "不少于|不低于|不下于|至少|最少",
    "reach": "达到|达|已达|将达|提升至|提升到|提高至|提高到|增至|增加到|增长到|上升至|上升到",
    "approx": "约为|约|大约|大概|左右为",
    "lt": "接近|将近|近|不到|不足|低于|少于|小于|不超过|控制在",
}
_CMP_BEFORE = re.compile("|".join(f"(?P<{k}>{v})" for k, v in _CMP_BEFORE_CUES.items()) + r"(?:了)?[ ]?$")
# any of its words: where none occurs (most numbers) _CMP_BEFORE cannot match,
# and this plain alternation is found (or not) faster than the named groups
_CMP_BEFORE_WORD_LIST = "|".join(_CMP_BEFORE_CUES.values()).split("|")
_CMP_BEFORE_WORDS = re.compile(by_first_char(_CMP_BEFORE_WORD_LIST))
_CMP_BEFORE_FIRSTS = first_chars(_CMP_BEFORE_WORD_LIST)
_CMP_AFTER_CUES = {"ge": "以上|及以上", "approx": "左右|上下", "lt": "以下|以内|之内"}
_CMP_AFTER = re.compile("|".join(rf"[ ]?(?P<{k}>{v})" for k, v in _CMP_AFTER_CUES.items()))


def comparator_before(tail: str) -> str | None:
    """'gt' | 'ge' | 'reach' | 'approx' | 'lt' for the cue ending `tail`, else None."""
    tail = tail[-6:]
    # no word can start where no first character of one is (a set test in C,
    # cheaper than starting a regex), nor match where the words regex finds none
    if _CMP_BEFORE_FIRSTS.isdisjoint(tail) or _CMP_BEFORE_WORDS.search(tail) is None:
        return None
    m = _CMP_BEFORE.search(tail)
    return m.lastgroup if m else None


_CMP_AFTER_FIRST = first_chars("|".join(_CMP_AFTER_CUES.values()).split("|"))


def comparator_after(view: str, pos: int) -> tuple[str | None, int]:
    c = view[pos : pos + 1]
    if c == " ":
        c = view[pos + 1 : pos + 2]
    if c not in _CMP_AFTER_FIRST:  # every cue starts so (after an optional space)
        return None, pos
    m = _CMP_AFTER.match(view, pos)
    if not m:
        return None, pos
    return m.lastgroup, m.end()


# ---- value kinds ---------------------------------------------------------------
ESTIMATE_RE = re.compile(r"预计|初步核算|初步统计|初步测算|预估|估计|快报数|快报")
# Every alternative opens with a literal (look-behinds written after the first
# character: 目(?<!完成目) is (?<!完成)目), so that `re` skips ahead in C to
# where a cue can start.
TARGET_RE = re.compile(
    r"力争|确保|力求|争创|努力实现|努力达到"
    r"|争取(?=[到在于]|实现|达|突破|全年|\d|今年|明年)"
    r"|计划(?=[到在于]|\d|年|新增|实现|完成|引进|培育|建成|投入|达|新建|推动)"
    # (?<!完成)(?<!实现)(?<!超额完成)(?:预期)?目标(?:是|为|：|:|值)
    r"|预(?<!完成预)(?<!实现预)(?<!超额完成预)期目标(?:是|为|：|:|值)"
    r"|目(?<!完成目)(?<!实现目)(?<!超额完成目)标(?:是|为|：|:|值)"
    # (主要目标任务圆满完成: a review of the plan, not a goal)
    r"|预期目标(?!(?:任务)?(?:圆满|全面|顺利|如期|超额)?完成)|主要目标(?!(?:任务)?(?:圆满|全面|顺利|如期|超额)?完成)"
    # (年度目标为720家 / 年度目标2.45% / 年度目标新增500家: a self-check's target beside its outcome)
    r"|年度目标(?=为|[\d零一二两三四五六七八九十]|新增|新建|新引进|引进|培育|达)"
    r"|将(?<!已将)(?=达到|突破|超过|实现|新增|增长|提高|提升)"
    r"|到(?=(?:19|20)\d\d年(?:底|末)?[,，]?)|至(?=(?:19|20)\d\d年(?:底|末)?[,，]?)"
)
# either kind of cue: a sentence without one (most) costs one scan, not two
KIND_CUE_RE = re.compile(TARGET_RE.pattern + "|" + ESTIMATE_RE.pattern)

# ---- measures ------------------------------------------------------------------
_DOWN = "下降|减少|降低|回落|下滑|收窄|缩小|减|降"
_UP = "增长|增加|提高|提升|上升|上涨|扩大|增|涨"
# growth verb at the end of the text before a percent (or 倍) figure
GROWTH_TAIL = re.compile(
    rf"(?P<verb>{_DOWN}|{_UP}|增速为|增速达|增速|增幅为|增幅达|增幅|涨幅为|涨幅|降幅为|降幅|同比)"
    r"(?:了)?(?:分别为|分别|分别是|为|达|达到|约|超过|超|近|逾)?(?:了)?[ ]?$"
)
GROWTH_DOWN = re.compile(rf"^(?:{_DOWN}|降幅)")
# an amount (money, count, physical) right after a change verb is the size of
# the change, not a level: 比上年增加523亿元, 税收收入减少12.5亿元, 较上年多引进30人.
# 净增 / 新增 name flow indicators (净增高新技术企业500家) and are not matched here;
# 增加到 / 提高至 reach a level (TO_LEVEL_TAIL) and end differently.
_ABS_VERBS = "增加|增长|减少|下降|降低|提高|提升|上升|扩大|缩小|回落|下滑|多|少"
_ABS_AFTER = "约|近|超过|超|逾|达"
ABS_CHANGE_TAIL = re.compile(rf"(?<![净新])(?P<verb>{_ABS_VERBS})(?:了)?(?:{_ABS_AFTER})?[ ]?$")
# the characters an ABS_CHANGE_TAIL match can end with ($ may also stand before a final \n)
_ABS_LAST = frozenset(w[-1] for w in f"{_ABS_VERBS}|{_ABS_AFTER}|了| |\n".split("|"))
# 多 / 少 alone are change verbs only after a comparison base (比上年多, 较去年少)
_BASE_BEFORE = re.compile(r"(?:比|较)[^，,。；;：:]{1,12}$")
ABS_CHANGE_DOWN = frozenset(["减少", "下降", "降低", "缩小", "回落", "下滑", "少"])


def abs_change_sign(tail: str) -> int:
    """+1 / -1 when `tail` ends with a change verb before an amount, else 0."""
    # a match is at most 6 characters long and ends the tail: only the last
    # positions are tried (the look-behind still sees the characters before)
    if tail[-1:] not in _ABS_LAST:
        return 0  # (most tails: no need to start the regex)
    m = ABS_CHANGE_TAIL.search(tail, len(tail) - 6)
    if m is None:
        return 0
    verb = m.group("verb")
    if verb in ("多", "少") and not _BASE_BEFORE.search(tail, 0, m.start()):
        return 0
    return -1 if verb in ABS_CHANGE_DOWN else 1


# a level reached: 提高至, 提升到 -> level, not growth
TO_LEVEL_TAIL = re.compile(r"(?:提高|提升|上升|下降|降低|增加|增长|达|跃升|回落)(?:至|到)[ ]?$")
RANK_CHANGE_TAIL = re.compile(r"(?P<verb>上升|提升|前进|跃升|提高|上移|下降|下滑|后退|退后|回落)(?:了)?[ ]?$")
RANK_CONTEXT = re.compile(
    r"(?:居|位居|位列|列|排名|排|全国|全省|全市|全球|世界|国内|省内|同类城市|跃升至|升至|名列|保持)[ ]?$"
)
SHARE_TAIL = re.compile(
    r"(?:占|相当于)(?P<whole>[^，,。；;占]{0,16}?)(?:的)?(?:比重|比例|份额|总量的|总数的|总额的)?(?:为|达|达到|约|超过|超|近|逾)?[ ]?$"
)
# …与地区生产总值之比为2.4%: a ratio to a named whole, as 占…比重 is
RATIO_TAIL = re.compile(r"与(?P<whole>[^，,。；;与]{1,16}?)之比(?:为|达|达到|约|超过|超|近|逾)?[ ]?$")
SHARE_WORD = re.compile(r"比重|占比|比例|份额|之比")
PP_DOWN = re.compile(rf"(?:{_DOWN})")
# the base of a comparison other than the previous year: 较"十三五"时期增长, 年均增长
# (比 not after 同/环, tested after it so that the pattern opens with literals)
COMPARISON_BASE = re.compile(
    r"(?:较|比(?<![同环占]比)|与)(?P<base>[^，,。；;]{1,14}?)(?:相比)?(?:同期)?(?:增长|增加|提高|下降|减少|降低|上升|高|低|多|少)"
)
PRIOR_YEAR_BASE = re.compile(
    r"^(?:上年|去年|上一年|前一年|上年同期|去年同期|同期|上年末|上年底|去年末|去年底)$"
)
BASE_YEAR = re.compile(r"^((?:19|20)\d{2})年(?:同期)?$")  # 比2022年增长: prior year only if the year before
# (…五年增长1.3倍 / 三年间增加: a change over several years)
AVG_ANNUAL = re.compile(
    r"年均|年平均|平均每年|累计|五年来|翻番|(?:[两三四五六七八九十]|(?<!\d)[2-9])年(?:间|来)?(?:累计)?(?:增长|增加|提高|翻)"
)

# ---- flow modifiers ---------------------------------------------------------------
NET_NEW_RE = re.compile(r"净增|净新增|净增加|净增长")
NEW_RE = re.compile(
    r"新增|新引进|引进|新培育|培育|新认定|新建|新设立|新设|新落地|落地|新获批|获批|新组建|组建|新备案|新入选|入选"
)

# ---- fillers ------------------------------------------------------------------------


# Words that may stand between an indicator's name and its number without
# changing what the number is about.
_FILLER_ALT = (
    "全年|今年|当年|本年|上半年|全市|全省|全区|全县|全国|我市|我省|本市|本省|共计|共有|共|总计|合计|累计|"
    "预计|初步核算|初步统计|力争|确保|达到|已达到|已达|达|为|是|实现|完成|保持|稳定在|稳定|首次|再次|突破|超过|超|逾|"
    "约|近|接近|不到|不足|不少于|不低于|约为|折合人民币|折合|折人民币|人民币|同比|环比|比上年|较上年|比去年|较去年|与上年相比|比上年同期|"
    "增长|增加|提高|提升|上升|下降|减少|降低|回落|增速|增幅|增至|增到|扩大|"
    "分别|分别为|依次为|依次是|其中|以上|左右|从|由|预期目标为|预期目标是|预期目标|目标为|目标是|"
    "年度目标值|年度目标|目标值|实际完成值|实际完成|实际值|完成值|实际|"
    "总数|总量|总额|数量|有效数|资格有效数|有效期内|评价入库|入库数|入库|拥有量|规模|金额|成交额|成交金额|合同成交金额|合同金额|交易额|"
    "排名|排|居|位居|位列|列|名列|跃升至|升至|跃升|跃居|上升至|提升至|提高至|第|"
    "净增|净新增|新增|新引进|引进|新培育|培育|新认定|新建|落地|发放|并|已|又|再|和|及|与|的|了|等|、|年|在|至|到|"
    "有|了|后|内|中|当中|左右|以来|全|市|省|区|年末|年底|末|底"
)
FILLER_WORDS = [*_FILLER_ALT.split("|"), *" \"“”'‘’()（）[]"]  # and blanks, quotes and brackets
FILLER_RE = re.compile(by_first_char(FILLER_WORDS))

# the outcome beside a target (年度目标为250亿元，实际完成268.3亿元): actual, whatever cue came first
ACTUAL_OUTCOME = re.compile(r"(?:实际(?:完成|达到|实现)?值?|完成值)(?:为|是|达)?[ ]?$")

FACET_RE = re.compile(
    r"成交额|成交金额|合同成交金额|合同金额|交易额|交易金额|总数|总量|有效数|资格有效数|拥有量|增速|增幅"
)


_strip_fillers = FILLER_RE.sub


# (strip_fillers and subject_phrase are pure functions of short phrases that recur:
# 同比增长, 全市技术合同成交额)
@lru_cache(maxsize=20_000)
def strip_fillers(s: str) -> str:
    """`s` without cue and filler words: 全市技术合同成交额达到 -> 技术合同成交额."""
    return _strip_fillers("", s)


_EDGE_ALT = (
    "全年|今年|全市|全省|全区|我市|我省|共计|共有|共|累计|预计|力争|确保|达到|已达|达|为|是|实现|完成|首次|突破|超过|超|逾|"
    "约|近|接近|不到|不足|不少于|不低于|同比|比上年|较上年|增长|增加|提高|提升|上升|下降|减少|降低|分别|其中|并|已|的|了|等|在"
)
_EDGE_WORDS = [*_EDGE_ALT.split("|"), *" ,，、\"“”'‘’"]
_EDGE = by_first_char(_EDGE_WORDS)
# (?:E)(?:E)*$ is (?:E)+$ opening with the alternation, so that `re` scans for
# its first characters instead of trying every position
_TRIM_RIGHT = re.compile(rf"(?:{_EDGE})(?:{_EDGE})*$")
_TRIM_LEFT = re.compile(rf"^(?:{_EDGE})+")


@lru_cache(maxsize=20_000)
def subject_phrase(s: str, limit: int = 24) -> str:
    """The phrase a number is about, cue words trimmed from both ends."""
    return _TRIM_LEFT.sub("", _TRIM_RIGHT.sub("", s))[-limit:]
