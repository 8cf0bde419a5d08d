"""Why a `dbt build` failed, in one line a person can act on: which test or model, which
document(s) it concerns, and the way out.

Plausibility doubts never fail a build (they are warnings and `quality_flags`); what still
fails is structural (keys, relations, vocabularies) or a model's SQL. dbt's own output is
long and names neither the document nor what to do; this reads dbt's run results and
manifest from the build's target folder, re-runs each failing test's compiled query to find
the rows, and names their documents.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

MAX_DOCUMENTS = 5


def explain_failures(target_dir: Path, warehouse: Path) -> list[str]:
    """One line per failed test or model of the last build in `target_dir` (empty if none)."""
    try:
        results = json.loads((target_dir / "run_results.json").read_text(encoding="utf-8"))["results"]
        nodes = json.loads((target_dir / "manifest.json").read_text(encoding="utf-8"))["nodes"]
    except (OSError, ValueError, KeyError):
        return []
    failed = [r for r in results if r.get("status") in ("fail", "error")]
    if not failed:
        return []
    lines = []
    con = duckdb.connect(str(warehouse))  # the caller holds the writer lock
    try:
        for r in failed:
            node = nodes.get(r["unique_id"], {})
            name = node.get("name") or r["unique_id"]
            if node.get("resource_type") != "test":
                first = (r.get("message") or "error").strip().splitlines()[0]
                lines.append(f"dbt {node.get('resource_type', 'node')} {name} failed: {first}")
                continue
            docs = _documents(con, r, node, nodes)
            n = r.get("failures")
            what = f"dbt test {name} failed ({n} row(s))" if n else f"dbt test {name} failed"
            if docs:
                shown = ", ".join(f"{d} ({uri})" for d, uri in docs[:MAX_DOCUMENTS])
                more = f" and {len(docs) - MAX_DOCUMENTS} more" if len(docs) > MAX_DOCUMENTS else ""
                lines.append(
                    f"{what} on document(s) {shown}{more}; way out: `bureau exclude {docs[0][0]} --reason ...` "
                    "takes a document out of every mart (raw rows kept), `bureau remove` deletes it"
                )
            else:
                lines.append(f"{what}, not tied to one document: see `bureau build -v` for dbt's log")
    finally:
        con.close()
    return lines


def _documents(
    con: duckdb.DuckDBPyConnection, result: dict, node: dict, nodes: dict
) -> list[tuple[str, str]]:
    """(document_id, source_uri) of the rows a failing test found, where they have one."""
    sql = result.get("compiled_code")
    if not sql:
        return []
    try:
        cur = con.execute(f"select * from ({sql}) as failing limit 1000")
        cols = [d[0] for d in cur.description]
        rows = cur.fetchall()
        ids: list[str] = []
        if "document_id" in cols:
            i = cols.index("document_id")
            ids = [r[i] for r in rows if r[i]]
        else:
            ids = _documents_by_column(con, node, nodes, cols, rows)
        ids = list(dict.fromkeys(str(i) for i in ids))
        if not ids:
            return []
        found = dict(
            con.execute(
                "select document_id, first_source_uri from raw.documents where document_id in (select unnest(?))",
                [ids],
            ).fetchall()
        )
    except duckdb.Error:
        return []
    return [(d, found.get(d, "?")) for d in ids]


def _documents_by_column(con, node: dict, nodes: dict, cols: list[str], rows: list[tuple]) -> list[str]:
    """A generic test on model M column C reports values of C (unique_field, value_field, from_field):
    the documents are those of M's rows holding them (or holding null, for not_null)."""
    column = node.get("column_name")
    model = nodes.get(node.get("attached_node") or "", {})
    relation = model.get("relation_name")
    if not (column and relation):
        return []
    have = {c for (c,) in con.execute(f"select column_name from (describe {relation})").fetchall()}
    if "document_id" not in have or column not in have:
        return []
    test = (node.get("test_metadata") or {}).get("name")
    if test == "not_null":
        return [
            d for (d,) in con.execute(f'select distinct document_id from {relation} where "{column}" is null')
        ]
    values = [r[0] for r in rows if r and r[0] is not None]
    if not values or not cols:
        return []
    return [
        d
        for (d,) in con.execute(
            f'select distinct document_id from {relation} where cast("{column}" as varchar) in (select unnest(?))',
            [[str(v) for v in values]],
        ).fetchall()
    ]
