"""The load progress bar: a bar on a terminal for more than a handful of documents, lines otherwise."""

from __future__ import annotations

import io

from rich.console import Console

from orchestration.cli.progress import STAGES, LoadProgress


def feed(console: Console, messages: list[str], crawl: bool = False) -> LoadProgress:
    with LoadProgress(console, crawl=crawl) as progress:
        for m in messages:
            progress(m)
    return progress


def test_a_bar_for_many_documents_on_a_terminal():
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=True, width=100)
    p = feed(console, ["staging 40 file(s)", "ingest d1..d40", "dbt build"])
    assert p.bar is not None
    task = p.bar.tasks[0]
    assert task.total == len(STAGES) and task.completed == len(STAGES)  # finished: all stages done
    assert "3/3" in buf.getvalue()


def test_plain_lines_for_a_handful_or_without_a_terminal():
    buf = io.StringIO()
    p = feed(Console(file=buf, force_terminal=True, width=100), ["staging 3 file(s)", "dbt build"])
    assert p.bar is None and "staging 3 file(s)" in buf.getvalue()
    buf = io.StringIO()
    p = feed(Console(file=buf, force_terminal=False, width=100), ["staging 400 file(s)", "dbt build"])
    assert p.bar is None and buf.getvalue().count("·") == 2  # cron logs keep one line per step


def test_a_crawl_counts_fetched_documents():
    buf = io.StringIO()
    msgs = ["crawling http://x/"] + [f"new       http://x/{i}.html" for i in range(8)] + ["dbt build"]
    p = feed(Console(file=buf, force_terminal=True, width=100), msgs, crawl=True)
    assert p.bar is not None
    fetched = next(t for t in p.bar.tasks if t.total is None)
    assert fetched.completed == 8
