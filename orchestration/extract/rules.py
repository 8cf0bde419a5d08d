"""The `rule` vocabulary: the value of `Fact.rule` (and of `fct_indicator_observations.rule`).

A fact's rule is `<how the subject was found>[+<why it is unmapped>][+scope]`, e.g.
`alias_before`, `inherited+abs_change`, `respectively+multi_year`, `alias_before+scope`.

How the reader found what a number is about (one line of meaning each):
"""

from __future__ import annotations

ALIAS_BEFORE = "alias_before"  # a catalog alias ends just before the number: 技术合同成交额186.5亿元
ALIAS_AFTER = "alias_after"  # the alias follows the number: 新增6家新型研发机构
OWN_NOUN = "own_noun"  # the number counts the noun after it, no alias: 孵化器累计入驻64个项目
INHERITED = "inherited"  # no subject of its own: the one named earlier (研发投入120亿元，增长12%)
INHERITED_AFTER = "inherited_after"  # a rank named after the number: 厦门上升12位,入围全球百强科技集群
INHERITED_TOPIC = (
    "inherited_topic"  # list items after a count of something else: …设区市有11个,依次为苏州(961.4亿元)
)
RESPECTIVELY = "respectively"  # one number of a 分别 list: 城镇、农村居民人均可支配收入分别增长4.5%、5.7%
UNMAPPED_SUBJECT = "unmapped_subject"  # a subject phrase that names no catalog indicator
LEVEL = "level"  # the reader's starting value, kept only if no rule above applies
TABLE_CELL = "table_cell"  # a numeric table cell, read by its column header, row label and caption

# Qualifiers: a number kept but deliberately left unmapped (indicator_code None), and why.
ABS_CHANGE = "abs_change"  # the size of a change, not a level: 比上年增加523亿元
THRESHOLD = "threshold"  # a bound naming a group: 超过百亿元的设区市 / 有5个研发投入强度超过2%
RELATIVE = "relative"  # a percent of another area's value: 约为全国平均的70%
MULTI_YEAR = "multi_year"  # over several years: 年均增长8% / 累计培育3000家 / 五年来新增就业265万人
OTHER_BASE = "other_base"  # a change against another base than the year before: 较2020年增长
EXCLUDED = "excluded"  # a word the catalog row excludes stands by it: 科技贷款余额
CONVERTED = "converted"  # the amount before it in another currency: 160.6亿美元、折合1148亿元人民币
PART = "part"  # a part of what the sentence stated already: …成交额186.5亿元，其中技术交易额152.3亿元
SCOPE = "scope"  # about a part of the area (省属企业, 苏南地区, one university): suffix `+scope`
BASE_YEAR_PREFIX = "base_"  # (internal) 比2023年增长: decided once the number's year is known


def rule_of(found_by: str, qualifier: str | None, scoped: bool) -> str:
    """The `Fact.rule` string: `inherited`, `inherited+abs_change`, `alias_before+scope`…"""
    return found_by + (f"+{qualifier}" if qualifier else "") + ("+scope" if scoped else "")


FOUND_BY = (
    ALIAS_BEFORE,
    ALIAS_AFTER,
    OWN_NOUN,
    INHERITED,
    INHERITED_AFTER,
    INHERITED_TOPIC,
    RESPECTIVELY,
    UNMAPPED_SUBJECT,
    LEVEL,
    TABLE_CELL,
)
QUALIFIERS = (ABS_CHANGE, THRESHOLD, RELATIVE, MULTI_YEAR, OTHER_BASE, EXCLUDED, CONVERTED, PART)
INHERITING = (INHERITED, RESPECTIVELY)  # rules (and prefixes) whose number continues an earlier subject
