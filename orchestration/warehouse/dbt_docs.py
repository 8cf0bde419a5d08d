"""`bureau docs`: the dbt documentation site (models, columns, tests, lineage) for the warehouse.

Runs `dbt docs generate --static` against the warehouse (dbt reads it for the catalog),
in a dedicated dbt target path so the pipeline's partial-parse cache is untouched, then
copies the site into the output folder:

* `index.html` + `manifest.json` + `catalog.json`: the regular site (needs a web server,
  e.g. `bureau docs --serve`);
* `static_index.html`: one self-contained file with the manifest and catalog inlined,
  which opens offline from the file system.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from orchestration.warehouse.dbt import dbt_executable as find_dbt
from orchestration.warehouse.dbt import dbt_project, warehouse_env

DOCS_TARGET = Path(dbt_project.project_dir) / "target" / "docs"
SITE_FILES = ("index.html", "manifest.json", "catalog.json", "static_index.html")


class DocsError(RuntimeError):
    """dbt could not generate the documentation; the message carries dbt's output."""


@dataclass
class DocsResult:
    out_dir: Path
    files: list[Path]


def dbt_executable() -> str:
    found = find_dbt()
    if not Path(found).exists() and not shutil.which(found):
        raise DocsError("the dbt executable was not found (is dbt-core installed in this environment?)")
    return found


def generate_docs(warehouse: Path, out_dir: Path, timeout: float = 600) -> DocsResult:
    """Generate the dbt docs for `warehouse` into `out_dir`; raise DocsError with dbt's log on failure."""
    warehouse, out_dir = Path(warehouse).resolve(), Path(out_dir).resolve()
    if not warehouse.exists():
        raise DocsError(f"no warehouse at {warehouse}: run `bureau build` or `bureau load` first")
    project_dir = Path(dbt_project.project_dir)
    cmd = [
        dbt_executable(),
        "docs",
        "generate",
        "--static",
        "--project-dir",
        str(project_dir),
        "--profiles-dir",
        str(dbt_project.profiles_dir),
        "--target-path",
        str(DOCS_TARGET),
    ]
    with warehouse_env(warehouse):
        proc = subprocess.run(
            cmd, cwd=project_dir, capture_output=True, text=True, timeout=timeout, check=False
        )
    if proc.returncode != 0:
        log = (proc.stdout + proc.stderr).strip().splitlines()
        raise DocsError("dbt docs generate failed:\n" + "\n".join(log[-25:]))
    out_dir.mkdir(parents=True, exist_ok=True)
    files = []
    for name in SITE_FILES:
        src = DOCS_TARGET / name
        if src.exists():
            shutil.copyfile(src, out_dir / name)
            files.append(out_dir / name)
    if not (out_dir / "index.html").exists():
        raise DocsError(f"dbt wrote no index.html into {DOCS_TARGET}")
    return DocsResult(out_dir, files)


def make_server(site: Path, port: int = 8080) -> http.server.ThreadingHTTPServer:
    """An HTTP server for `site` bound to 127.0.0.1 only (port 0 picks a free port)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


def serve(site: Path, port: int = 8080) -> None:
    """Serve `site` on 127.0.0.1 until interrupted."""
    with make_server(site, port) as httpd, contextlib.suppress(KeyboardInterrupt):
        httpd.serve_forever()
