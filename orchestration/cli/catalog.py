"""`bureau catalog check ALIAS --code CODE PATH...`: what an alias would capture, before adding it."""

from __future__ import annotations

import argparse
from pathlib import Path

from orchestration.cli import EXIT_OK, EXIT_USAGE


def cmd_catalog_check(args) -> int:
    from orchestration.acquire.intake import discover_files
    from orchestration.cli import console, out
    from orchestration.extract import DocumentContext
    from orchestration.extract.alias_check import alias_changes
    from orchestration.parse import UnreadableDocument, parse_document

    docs = []
    files, problems = discover_files([Path(p) for p in args.paths])
    for problem in problems:
        console.print(f"[yellow]{problem}[/]")
    for path, manifest in files:
        try:
            doc = parse_document(path.read_bytes(), source_uri=str(path))
        except (UnreadableDocument, OSError) as exc:
            console.print(f"[yellow]{path}: skipped ({exc})[/]")
            continue
        docs.append((path.name, doc.text, DocumentContext.from_metadata(inferred=doc, manifest=manifest)))
    try:
        changes = alias_changes(args.alias, args.code, docs)
    except ValueError as exc:
        console.print(f"[red]{exc}[/]")
        return EXIT_USAGE
    for c in changes:
        out.print(
            f"{c.document}\t{c.reported_text}\t{c.before or '-'} -> {c.after or '-'}\t{c.evidence[:120]}"
        )
    console.print(f"{len(changes)} fact(s) in {len(docs)} document(s) would change with alias {args.alias!r}")
    return EXIT_OK


def register(sub, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "catalog", parents=parents, help="check a catalog change against reports before making it"
    )
    csub = p.add_subparsers(dest="catalog_command", required=True)
    c = csub.add_parser("check", help="list the facts a new alias would capture or take from another code")
    c.add_argument("alias", help="the alias, as it is written in reports (Simplified Chinese)")
    c.add_argument("--code", required=True, help="the indicator code the alias would belong to")
    c.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders to try it on")
    c.set_defaults(func=cmd_catalog_check)
