"""The catalog dry run: a new alias lists what it gains and what it takes from another code."""

import pytest

from orchestration.extract import DocumentContext
from orchestration.extract.alias_check import alias_changes

CTX = DocumentContext(region_code="350200", covered_year=2024)


def test_a_new_alias_lists_the_facts_it_would_capture():
    docs = [("a.txt", "全市科研经费投入12亿元。地区生产总值8000亿元。", CTX)]
    changes = alias_changes("科研经费投入", "rd_expenditure", docs)
    assert [(c.document, c.reported_text, c.before, c.after) for c in changes] == [
        ("a.txt", "12亿元", None, "rd_expenditure")
    ]


def test_an_alias_that_changes_nothing_lists_nothing():
    docs = [("a.txt", "技术合同成交额80亿元。", CTX)]
    assert alias_changes("技术合同成交额", "tech_contract_value", docs) == []


def test_unknown_code_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown indicator code"):
        alias_changes("x", "no_such_code", [])
