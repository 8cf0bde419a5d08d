"""Record / check that `extract_facts` output is unchanged (for speed work on the extractor).

    uv run python tests/benchmarks/extract_equivalence.py record [--out /tmp/xs/baseline.json]
    uv run python tests/benchmarks/extract_equivalence.py check  [--out /tmp/xs/baseline.json]

`record` builds the inputs once and stores them beside the baseline
(`<out>.inputs.json`), so that `check` runs on exactly the same texts even if
the parser changes meanwhile.  Inputs:

* every file of `seeds/reports/` parsed with `parse_document`, and also raw;
* `tests/data/later_reports/*.txt` (parsed and raw);
* synthetic reports (`write_corpus`) in `--synthetic DIR` directories, parsed
  (default: /tmp/xs/c300 = 300 reports seed 7, /tmp/xs/c1000s11 = 1000 reports seed 11);
* fuzz: deterministic mutations and splices of the texts above (number-ish
  characters, cue words, quotes, brackets, spaces and line breaks inserted),
  each under several `DocumentContext`s.

Every field of every Fact is compared by `repr` (Decimal('1.0') != Decimal('1')),
in order; the check fails on the first differing document.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

CONTEXTS = [
    ("350200", 2023, 2024),
    ("350000", 2025, 2026),
    (None, None, None),
    ("110000", 2022, None),
    ("350203", 2024, 2024),
]

_INSERTS = [
    *"0123456789一二两三十百千万亿第%余多、，,。；;：:\n \u3000“”\"'《》()（）[]-—~至到.",
    "分别",
    "增长",
    "下降",
    "比上年",
    "占全市",
    "的比重",
    "个百分点",
    "亿元",
    "万元",
    "家",
    "位",
    "名",
    "以上",
    "左右",
    "力争",
    "预计",
    "目标是：",
    "2024年",
    "年均",
    "新增",
    "净增",
    "福州",
    "泉州",
    "厦门",
    "高新技术企业",
    "技术合同成交额",
    "研发投入",
    "第一",
    "排名",
    "上升",
]


def _parse(data: bytes, name: str) -> str | None:
    from orchestration.parse import parse_document

    try:
        return parse_document(data, source_uri=name).text
    except Exception:  # noqa: BLE001 - unreadable input: skip
        return None


def _mutate(rng: random.Random, text: str, n_edits: int) -> str:
    s = list(text)
    for _ in range(n_edits):
        op = rng.random()
        pos = rng.randrange(len(s) + 1)
        if op < 0.6:
            s[pos:pos] = list(rng.choice(_INSERTS))
        elif op < 0.85 and s:
            del s[pos : pos + rng.randint(1, 3)]
        elif s:
            p2 = rng.randrange(len(s))
            s[pos:pos] = s[p2 : p2 + rng.randint(1, 20)]
    return "".join(s)


def build_inputs(synthetic: list[str]) -> list[tuple[str, str, tuple]]:
    """(name, text, context tuple) for every input."""
    base: list[tuple[str, str]] = []
    for f in sorted((ROOT / "seeds" / "reports").glob("*.txt")):
        data = f.read_bytes()
        t = _parse(data, f.name)
        if t is not None:
            base.append((f"seeds/{f.name}", t))
        base.append((f"seeds-raw/{f.name}", data.decode("utf-8", errors="replace")))
    for f in sorted((ROOT / "tests" / "data" / "later_reports").glob("*.txt")):
        data = f.read_bytes()
        t = _parse(data, f.name)
        if t is not None:
            base.append((f"later/{f.name}", t))
        base.append((f"later-raw/{f.name}", data.decode("utf-8", errors="replace")))
    syn: list[tuple[str, str]] = []
    for d in synthetic:
        for f in sorted((Path(d) / "reports").glob("*.txt")):
            t = _parse(f.read_bytes(), f.name)
            if t is not None:
                syn.append((f"{d}/{f.name}", t))
    out: list[tuple[str, str, tuple]] = [(n, t, CONTEXTS[0]) for n, t in base + syn]
    # the real documents under other contexts too
    for n, t in base:
        for ctx in CONTEXTS[1:]:
            out.append((n, t, ctx))
    rng = random.Random(20240611)
    pool = [t for _, t in base] + [t for _, t in syn[:200]]
    # fuzz: windows of real text, mutated
    for i in range(3000):
        src = rng.choice(pool)
        a = rng.randrange(max(1, len(src) - 50))
        w = src[a : a + rng.randint(20, 1500)]
        t = _mutate(rng, w, rng.randint(0, max(1, len(w) // 15)))
        out.append((f"fuzz/{i}", t, rng.choice(CONTEXTS)))
    # fuzz: lines of random inserts only (dense in numbers and cues)
    for i in range(1500):
        t = "".join(rng.choice(_INSERTS) for _ in range(rng.randint(1, 120)))
        out.append((f"noise/{i}", t, rng.choice(CONTEXTS)))
    # whole reports lightly mutated
    for i in range(200):
        src = rng.choice(pool)
        out.append((f"doc-mut/{i}", _mutate(rng, src, rng.randint(1, 40)), rng.choice(CONTEXTS)))
    return out


def _fact_row(f) -> list[str]:
    return [repr(getattr(f, fl.name)) for fl in dataclasses.fields(f)]


def run(inputs) -> list[list[list[str]]]:
    from orchestration.extract import DocumentContext, extract_facts

    return [
        [_fact_row(f) for f in extract_facts(t, DocumentContext(*ctx))]  # type: ignore[arg-type]
        for _, t, ctx in inputs
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["record", "check"])
    ap.add_argument("--out", default="/tmp/xs/baseline.json")
    ap.add_argument("--synthetic", nargs="*", default=["/tmp/xs/c300", "/tmp/xs/c1000s11"])
    args = ap.parse_args(argv)
    out = Path(args.out)
    inputs_path = out.with_suffix(".inputs.json")
    t0 = time.process_time()
    if args.mode == "record":
        inputs = build_inputs(args.synthetic)
        inputs_path.write_text(json.dumps(inputs, ensure_ascii=False), encoding="utf-8")
        results = run(inputs)
        blob = json.dumps(results, ensure_ascii=False)
        out.write_text(blob, encoding="utf-8")
        n_facts = sum(len(r) for r in results)
        digest = hashlib.sha256(blob.encode()).hexdigest()[:16]
        print(f"recorded {len(inputs)} inputs, {n_facts} facts, sha256 {digest} -> {out}")
        return 0
    inputs = [(n, t, tuple(c)) for n, t, c in json.loads(inputs_path.read_text(encoding="utf-8"))]
    expected = json.loads(out.read_text(encoding="utf-8"))
    results = json.loads(json.dumps(run(inputs), ensure_ascii=False))
    bad = 0
    for (name, _, ctx), exp, got in zip(inputs, expected, results, strict=True):
        if exp != got:
            bad += 1
            if bad <= 5:
                print(f"DIFF {name} {ctx}: expected {len(exp)} facts, got {len(got)}")
                for e, g in zip(exp, got, strict=False):
                    if e != g:
                        print("  -", e)
                        print("  +", g)
                        break
    n_facts = sum(len(r) for r in results)
    blob = json.dumps(results, ensure_ascii=False)
    digest = hashlib.sha256(blob.encode()).hexdigest()[:16]
    print(
        f"checked {len(inputs)} inputs, {n_facts} facts, sha256 {digest}: "
        f"{'IDENTICAL' if bad == 0 else f'{bad} DIFFER'} ({time.process_time() - t0:.1f} s CPU)"
    )
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
