"""Record / check that a refactor leaves every mart row unchanged.

    uv run python tests/benchmarks/mart_checksums.py record [--out /tmp/guard/marts.json]
    uv run python tests/benchmarks/mart_checksums.py check  [--out /tmp/guard/marts.json]

Builds two warehouses through the public CLI, in a temporary folder:

* ``bundled``: ``bureau build`` (the seven reports in ``seeds/reports``);
* ``shared``: ``bureau load ../shared/corpus`` (the 28 real reports, when the folder exists).

and takes an order-independent checksum of every table in schema ``marts`` (volatile
columns such as load times are left out, as in the reliability harness; the checkout's
own path is written as ``<root>``, so that a baseline holds for every worktree).
``check`` prints every table that differs and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from tests.reliability.harness import diff_checksums, mart_tables, stable_columns  # noqa: E402

SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


def mart_checksums(warehouse: Path) -> dict[str, tuple[int, str]]:
    """(rows, md5) of every marts table, with the checkout's own path written as `<root>`
    (source URIs of the bundled reports name the folder the warehouse was built from)."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        out = {}
        for table in mart_tables(con):
            cols = ", ".join(f'"{c}"' for c in stable_columns(con, "marts", table))
            n, digest = con.execute(
                f"select count(*), coalesce(md5(string_agg(h, '' order by h)), '') from "
                f"(select md5(replace(cast(row({cols}) as varchar), ?, '<root>')) as h "
                f'from marts."{table}")',
                [str(ROOT)],
            ).fetchone()
            out[table] = (int(n), digest)
        return out
    finally:
        con.close()


def _bureau(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "orchestration.cli", "-q", *args], check=True, cwd=ROOT)


def measure() -> dict[str, dict[str, list]]:
    out: dict[str, dict[str, list]] = {}
    with tempfile.TemporaryDirectory(prefix="mart-checksums-") as tmp:
        bundled = Path(tmp) / "bundled.duckdb"
        _bureau("build", "--warehouse", str(bundled))
        out["bundled"] = {t: list(v) for t, v in mart_checksums(bundled).items()}
        if SHARED_CORPUS.is_dir():
            shared = Path(tmp) / "shared.duckdb"
            _bureau("load", str(SHARED_CORPUS), "--warehouse", str(shared))
            out["shared"] = {t: list(v) for t, v in mart_checksums(shared).items()}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["record", "check"])
    ap.add_argument("--out", type=Path, default=Path("/tmp/guard/marts.json"))
    args = ap.parse_args(argv)
    got = measure()
    if args.mode == "record":
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(got, indent=1, sort_keys=True))
        print(f"recorded {sum(len(v) for v in got.values())} mart tables -> {args.out}")
        return 0
    want = json.loads(args.out.read_text())
    problems = []
    for corpus in sorted(set(got) | set(want)):
        g = {t: tuple(v) for t, v in got.get(corpus, {}).items()}
        w = {t: tuple(v) for t, v in want.get(corpus, {}).items()}
        problems += [f"{corpus}: {p}" for p in diff_checksums(g, w)]
    for p in problems:
        print(p)
    print(f"{len(problems)} mart tables differ" if problems else "every mart table is identical")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
