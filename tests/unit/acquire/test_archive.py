"""Content-addressed archive and safe file names."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orchestration.acquire.archive import Archive, atomic_write, safe_join, safe_name


def test_store_is_content_addressed_and_idempotent(tmp_path: Path) -> None:
    archive = Archive.under(tmp_path)
    data = "厦门市R&D经费投入强度预计3.3%".encode()
    sha, path = archive.store(data)
    assert sha == hashlib.sha256(data).hexdigest()
    assert path == tmp_path.resolve() / "archive" / sha[:2] / sha
    assert path.read_bytes() == data
    assert archive.path_for(sha) == path and archive.exists(sha) and archive.read(sha) == data
    mtime = path.stat().st_mtime_ns
    sha2, path2 = archive.store(data)
    assert (sha2, path2) == (sha, path)
    assert path.stat().st_mtime_ns == mtime  # not rewritten
    other_sha, other_path = archive.store(data + b"!")
    assert other_sha != sha and other_path != path
    leftovers = [p for p in (tmp_path / "archive").rglob("*") if p.name.startswith(".tmp")]
    assert leftovers == []


def test_store_repairs_a_truncated_file(tmp_path: Path) -> None:
    archive = Archive(tmp_path)
    data = b"x" * 1000
    sha, path = archive.store(data)
    path.write_bytes(b"x" * 10)  # damaged by something outside us
    archive.store(data)
    assert path.read_bytes() == data


def test_failed_write_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = Archive(tmp_path)

    def boom(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        archive.store(b"report bytes")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


@pytest.mark.parametrize("bad", ["", "../../etc/passwd", "ab" * 32 + "/x", "g" * 64, "A" * 63])
def test_path_for_rejects_non_digests(tmp_path: Path, bad: str) -> None:
    with pytest.raises(ValueError):
        Archive(tmp_path).path_for(bad)


def test_path_for_accepts_upper_case_digest(tmp_path: Path) -> None:
    sha = hashlib.sha256(b"a").hexdigest()
    assert Archive(tmp_path).path_for(sha.upper()).name == sha


@pytest.mark.parametrize(
    "raw",
    [
        "../../etc/passwd",
        "/etc/passwd",
        "..",
        ".",
        "",
        "/",
        "a/../../b",
        "..\\..\\windows\\system32\\cmd.exe",
        "C:\\Windows\\win.ini",
        "report\x00.pdf",
        "\x00",
        "%2e%2e%2f%2e%2e%2fsecret",
        "http://sti.xm.gov.cn/xxgk/../../../etc/passwd?x=1#frag",
        "http://sti.xm.gov.cn/",
        "http://sti.xm.gov.cn/files/%E5%B7%A5%E4%BD%9C%E6%8A%A5%E5%91%8A.pdf",
        "CON",
        "nul.txt",
        ".bashrc",
        "名" * 500 + ".pdf",
        "a" * 10_000,
        "line\nbreak\r\tname.htm",
        "file:///etc/shadow",
    ],
)
def test_safe_name_never_escapes(tmp_path: Path, raw: str) -> None:
    name = safe_name(raw)
    assert name and name not in {".", ".."}
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith(".")
    assert all(ch.isprintable() for ch in name)
    assert len(name.encode("utf-8")) <= 120
    assert name.split(".")[0].lower() not in {"con", "nul", "prn", "aux"}
    joined = safe_join(tmp_path, raw)
    assert joined.parent == tmp_path.resolve()


def test_safe_name_keeps_readable_names_and_extensions() -> None:
    assert safe_name("http://sti.xm.gov.cn/xxgk/202402/t20240218_2817476.htm") == "t20240218_2817476.htm"
    assert safe_name("http://x.gov.cn/files/%E5%B7%A5%E4%BD%9C%E6%8A%A5%E5%91%8A.pdf") == "工作报告.pdf"
    long = safe_name("名" * 500 + ".pdf")
    assert long.endswith(".pdf")
    assert safe_name("a" * 300 + "1.pdf") != safe_name("a" * 300 + "2.pdf")  # shortened names stay distinct


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=0, max_size=400))
def test_safe_name_property(raw: str) -> None:
    name = safe_name(raw)
    assert name and name not in {".", ".."}
    assert "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith(".")
    assert len(name.encode("utf-8")) <= 120


def test_atomic_write_replaces_whole_files_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "state" / "validators.json"
    atomic_write(target, b"old")
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in target.parent.iterdir()] == ["validators.json"]


def test_atomic_write_that_fails_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "record.json"
    atomic_write(target, b"old")

    def crash(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["record.json"]


def test_fetch_log_staging_never_exposes_a_half_written_file(tmp_path: Path) -> None:
    # the temporary file is `.tmp-*` (no .jsonl suffix): a drain running meanwhile cannot pick it up
    import datetime as dt

    from orchestration.acquire.fetch_log import FetchLogRow, pending_files, read_rows, stage_fetch_log

    row = FetchLogRow(
        url="http://127.0.0.1/a.html",
        final_url=None,
        fetched_at=dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        purpose="document",
        status=200,
        outcome="ok",
        etag=None,
        last_modified=None,
        bytes=3,
        sha256="ab" * 32,
        error=None,
        attempts=1,
        elapsed_ms=5,
        conditional=False,
    )
    path = stage_fetch_log(tmp_path, [row])
    assert pending_files(tmp_path) == [path]
    assert [r["url"] for r in read_rows(path)] == ["http://127.0.0.1/a.html"]
    assert [p.name for p in path.parent.iterdir()] == [path.name]
