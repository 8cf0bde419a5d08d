"""acquire.crawl_session is pure acquisition: the sensors import `crawl_once` without the runner."""

from __future__ import annotations

import subprocess
import sys


def test_crawl_once_imports_without_dagster_or_the_runner() -> None:
    probe = (
        "import sys\n"
        "from orchestration.acquire.crawl_session import crawl_once\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'dagster' or m.startswith(('orchestration.runs', 'orchestration.pipeline', 'orchestration.definitions')))\n"
        "print(' '.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"importing acquire.crawl_session pulled in: {out.stdout.strip()}"
