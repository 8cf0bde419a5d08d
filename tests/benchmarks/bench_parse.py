"""Parser throughput on one core: bytes of plain-text reports -> ParsedDocument.

    uv run python tests/benchmarks/bench_parse.py [FILES...] [--repeat N] [--scale N] [--profile]

Prints MB/s (input bytes per CPU second, best of N runs) of `parse_document`
over the bundled corpus (or the given files), and a stage breakdown with
`--profile`.  Target: >= 20 MB/s on plain text.

The stages that remain after the fast paths (see `--profile`): cleaning
(line clutter checks), sentence objects (one frozen dataclass per sentence,
built through its slots), metadata (the region lookup in
`orchestration.catalog.region_names.find_regions`, a trie regex over the text when the
publisher names no region) and readability / script checks (C-level counts).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from orchestration.parse import parse_document  # noqa: E402


def _files(paths: list[str]) -> list[Path]:
    return [Path(p) for p in paths] or sorted((ROOT / "seeds" / "reports").glob("*.txt"))


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def _stages(docs: list[tuple[bytes, str]], repeat: int, total: float) -> None:
    from orchestration.parse.clean import clean_text
    from orchestration.parse.decode import decode_bytes
    from orchestration.parse.document import _check_readable
    from orchestration.parse.metadata import infer_metadata, read_labels
    from orchestration.text.script import is_traditional
    from orchestration.text.sentences import split_sentences

    bodies = [decode_bytes(d, None)[0] for d, _ in docs]
    texts = [clean_text(b) for b in bodies]
    labels = [read_labels(b, max_lines=60) for b in bodies]
    rows = [
        ("decode", lambda: [decode_bytes(d, None) for d, _ in docs]),
        ("script check", lambda: [is_traditional(b) for b in bodies]),
        ("labels", lambda: [read_labels(b, max_lines=60) for b in bodies]),
        ("clean", lambda: [clean_text(b) for b in bodies]),
        ("readability", lambda: [_check_readable(t) for t in texts]),
        (
            "metadata",
            lambda: [
                infer_metadata(t, labels=lb, title=None, source_uri=u)
                for t, lb, (_, u) in zip(texts, labels, docs, strict=True)
            ],
        ),
        ("sentences", lambda: [split_sentences(t) for t in texts]),
    ]
    print("\nstage breakdown (CPU ms, share of parse_document):")
    for name, fn in rows:
        t = _best(fn, repeat)
        print(f"  {name:14s} {t * 1000:8.2f} ms  {t / total:6.1%}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--scale", type=int, default=10, help="parse the corpus this many times per run")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args(argv)
    docs = [(f.read_bytes(), str(f)) for f in _files(args.files)] * args.scale
    for d, u in docs[: len(docs) // max(1, args.scale)]:
        parse_document(d, source_uri=u)  # warm tables and compiled patterns
    n_bytes = sum(len(d) for d, _ in docs)
    t = _best(lambda: [parse_document(d, source_uri=u) for d, u in docs], args.repeat)
    print(f"input: {n_bytes / 1e6:.2f} MB in {len(docs)} documents")
    print(f"parse_document: {n_bytes / 1e6 / t:8.2f} MB/s  ({t * 1000:.1f} ms CPU; target >= 20 MB/s)")
    if args.profile:
        _stages(docs, max(3, args.repeat // 2), t)
    return 0


if __name__ == "__main__":
    sys.exit(main())
