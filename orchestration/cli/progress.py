"""A rich progress bar for `bureau load/build/crawl`, fed by the pipeline's progress messages.

The pipeline reports what it is doing as short messages ("staging 40 file(s)",
"ingest d1..d9", "dbt build"; a crawl adds one line per fetched document). On a
terminal, and for more than a handful of documents, they drive a bar over the stages
of the load (and a counter of fetched documents for a crawl); otherwise each message
is printed as a line, as logs under cron want.
"""

from __future__ import annotations

import re
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

HANDFUL = 5  # up to this many documents, plain lines are easier to read than a bar
STAGES = ("stage files", "archive, parse, extract", "dbt build (marts)")
_STAGING = re.compile(r"^staging (\d+) file")


class LoadProgress:
    """Callable progress sink: `with LoadProgress(console, quiet) as progress: load(progress=progress)`."""

    def __init__(self, console: Console, quiet: bool = False, crawl: bool = False) -> None:
        self.console = console
        self.quiet = quiet
        self.crawl = crawl
        self.bar: Progress | None = None
        self.stage_task = None
        self.fetch_task = None
        self.fetched = 0

    def __enter__(self) -> LoadProgress:
        return self

    def __exit__(self, exc_type: type | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self.bar is not None:
            if exc_type is None and self.stage_task is not None:
                self.bar.update(self.stage_task, completed=len(STAGES), description="done")
            self.bar.stop()

    def _start_bar(self) -> None:
        if self.bar is None and self.console.is_terminal and not self.quiet:
            self.bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=False,
            )
            self.bar.start()
            if self.crawl:
                self.fetch_task = self.bar.add_task(
                    "fetched documents", total=None, completed=max(self.fetched - 1, 0)
                )

    def _stage(self, index: int, detail: str) -> None:
        if self.bar is None:
            return
        if self.stage_task is None:
            self.stage_task = self.bar.add_task(STAGES[index], total=len(STAGES))
        self.bar.update(self.stage_task, completed=index, description=f"{STAGES[index]}: {detail}")

    def __call__(self, msg: str) -> None:
        if self.quiet:
            return
        m = _STAGING.match(msg)
        if self.crawl and self.bar is None and not msg.startswith(("crawling", "staging", "ingest", "dbt")):
            self.fetched += 1
            if self.fetched > HANDFUL:
                self._start_bar()
        if m and int(m.group(1)) > HANDFUL:
            self._start_bar()
        if self.bar is None:
            self.console.print(f"[dim]·[/] {msg}", highlight=False)
            return
        if m:
            self._stage(0, f"{m.group(1)} file(s)")
        elif msg.startswith("ingest "):
            self._stage(1, msg.removeprefix("ingest "))
        elif msg.startswith("dbt build"):
            self._stage(2, "models and tests")
        elif self.fetch_task is not None and not msg.startswith(("crawling", "record fetch log")):
            self.bar.update(self.fetch_task, advance=1, description=f"fetched: {msg.strip()[:60]}")
        else:
            self.bar.console.print(f"[dim]·[/] {msg}", highlight=False)
