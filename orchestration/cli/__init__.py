"""`bureau`: build, load, query and inspect the indicator warehouse from the command line.

Exit codes: 0 ok; 1 failure; 2 usage (a wrong argument, a path that does not exist);
3 some documents quarantined (the rest loaded, marts built); 4 nothing to load (no
report file under the paths given; the warehouse is unchanged).
"""

from __future__ import annotations

import argparse
import sys
import warnings

from rich.console import Console

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_QUARANTINE, EXIT_NOTHING = 0, 1, 2, 3, 4

console = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


def warehouse_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--warehouse",
        metavar="FILE",
        help="warehouse file (default: env BUREAU_WAREHOUSE or warehouse/bureau.duckdb)",
    )


class OneLineParser(argparse.ArgumentParser):
    """argparse with errors on one line (what is wrong, and where the help is), exit 2."""

    def error(self, message: str):  # noqa: ANN201 - argparse's signature
        sys.stderr.write(f"{self.prog}: error: {message}; see `{self.prog} --help`\n")
        raise SystemExit(EXIT_USAGE)


# One example per command, shown at the end of its --help.
EXAMPLES = {
    "build": "bureau build",
    "load": "bureau load reports/ extra_report.pdf --warehouse warehouse/bureau.duckdb",
    "query": "bureau query \"select * from marts.indicator_series where region_code = '350200'\" "
    "--out xiamen.csv --bom",
    "extract": "bureau extract seeds/reports/000_xiamen_sti_2023_summary_full.txt",
    "evaluate": "bureau evaluate --gold ../shared/gold --corpus seeds/reports",
    "crawl": "bureau crawl http://sti.xm.gov.cn/xxgk/zfxxgk/xxgkml/jhgh/ --max-pages 3",
    "sources": "bureau sources",
    "report": "bureau report --out report/ --region 350200",
    "export": "bureau export exports/ --format csv",
    "docs": "bureau docs --out dbt-docs --serve --port 8080",
    "bench": "bureau bench --docs 100 1000 --json bench/results.json",
    "correct": "bureau correct 512bf3a560886667cb3f0b09dd2c5583 --value 1418 --reason '9 counts carriers, not people'",
    "corrections": "bureau corrections --apply",
    "review": "bureau review --region 350200 --indicator sti_commissioners",
    "catalog": "bureau catalog check 科研经费投入 --code rd_expenditure ../shared/corpus",
    "exclude": "bureau exclude 217_gansu_gov_work_report_2026.txt --reason 'figures restated later'",
    "include": "bureau include 217_gansu_gov_work_report_2026.txt",
    "remove": "bureau remove d047cb08db3f9db6c --purge",
}


def _version() -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version("bureau-indicators")
    except importlib.metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    ap = OneLineParser(
        prog="bureau", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--version", action="version", version=f"bureau {_version()}")
    ap.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    ap.add_argument("-v", "--verbose", action="count", default=0, help="more detail")
    # -q/-v also after the subcommand; SUPPRESS keeps the global value when not given there
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="print only errors"
    )
    common.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS, help="more detail")
    sub = ap.add_subparsers(dest="command", required=True)
    # -q/-v after the command too: every command parser gets `common` as a parent.
    # Imported here, not at the top: each command module imports this package's shared names.
    from orchestration.cli import analyst, bench, catalog, crawl, curation, review, warehouse

    for module in (warehouse, crawl, analyst, review, catalog, curation, bench):
        module.register(sub, [common])
    for name, parser in sub.choices.items():
        if name in EXAMPLES:
            parser.formatter_class = argparse.RawDescriptionHelpFormatter
            parser.epilog = f"example:\n  {EXAMPLES[name]}"
    return ap


def main(argv: list[str] | None = None) -> int:
    warnings.filterwarnings("ignore", message=".*is currently in beta.*")
    warnings.filterwarnings("ignore", message=".*is currently in preview.*")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and EXIT_USAGE
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
