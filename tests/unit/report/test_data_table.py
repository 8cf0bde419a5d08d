"""`data_table`: a table with rows, or an empty state instead of a table of headers only."""

from __future__ import annotations

from orchestration.report.pages import data_table


def test_rows_make_a_table_and_no_rows_an_empty_state() -> None:
    assert data_table("<th>a</th>", "<tr><td>1</td></tr>", "none") == (
        '<table class="data"><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>'
    )
    assert data_table("<th>a</th>", "", "Nothing. 暂无。") == '<div class="empty-state">Nothing. 暂无。</div>'
