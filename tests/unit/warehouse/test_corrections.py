"""corrections.csv rows: what a row changes reads the same for a new `Correction` and a row read back."""

from __future__ import annotations

from orchestration.warehouse.corrections import Correction, append, describe_changes, read_file


def _correction(**changes: str) -> Correction:
    return Correction(
        sha256="ab" * 32,
        char_start=10,
        char_end=14,
        reported_text="9个",
        reason="typo",
        corrected_by="tester",
        corrected_at="2026-01-01 00:00:00",
        **changes,
    )


def test_changes_of_a_correction_and_of_its_row_in_the_file_agree(tmp_path) -> None:
    path = tmp_path / "corrections.csv"
    written = [_correction(set_value="1418", set_unit="count"), _correction(drop="true")]
    for c in written:
        append(path, c)
    assert [c.changes for c in written] == ["value=1418 unit=count", "drop"]
    assert [describe_changes(r) for r in read_file(path)] == ["value=1418 unit=count", "drop"]
