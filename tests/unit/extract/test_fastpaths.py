"""The fast paths give exactly what the slow, obvious code gives."""

from hypothesis import given, settings
from hypothesis import strategies as st

from orchestration.catalog.regions import Region
from orchestration.extract import cues
from orchestration.extract.areas import AreaMatcher
from orchestration.extract.engine import extract_facts
from orchestration.extract.facts import DocumentContext
from orchestration.extract.indicators import default_lexicon
from orchestration.extract.quantities import QTY_RE
from orchestration.extract.reader import candidate_quantities, read_sentence
from orchestration.extract.textview import FOLD_TABLE, fold

REGIONS = [
    Region("350200", "厦门市", "厦门", "prefecture", "350000", "350000"),
    Region("350100", "福州市", "福州", "prefecture", "350000", "350000"),
    Region("350203", "思明区", "思明", "county", "350200", "350000"),
    Region("350000", "福建省", "福建", "province", None, "350000"),
    Region("110000", "北京市", "北京", "province", None, "110000"),
    Region("110105", "朝阳区", "朝阳", "county", "110000", "110000"),
]
AM = AreaMatcher(REGIONS)
ALPHABET = "厦门市福州思明区建省北京朝阳高新技术企业,，、。 12万亿%增长达"


@given(st.text(alphabet=ALPHABET, max_size=40))
@settings(max_examples=300, deadline=None)
def test_strip_names_equals_the_trie_regex(s):
    assert AM.strip_names(s) == AM.regex.sub("", s)


@given(st.text(alphabet=ALPHABET, max_size=20), st.integers(0, 20))
@settings(max_examples=300, deadline=None)
def test_match_at_equals_the_trie_regex(s, pos):
    pos = min(pos, len(s))
    m = AM.regex.match(s, pos)
    assert AM.match_at(s, pos) == (m.group(0) if m else None)


@given(st.text(alphabet="０１２３９ＡＺａｚ％．（）＆＋－／～\xa0，：；abc1。", max_size=50))
def test_fold_equals_translate(s):
    assert fold(s) == s.translate(FOLD_TABLE)


def test_first_cue_decides_like_any_cue():
    s = "预计全年增长5%，力争明年达到3.5%，目标是4%。"
    tgt = [m.start() for m in cues.TARGET_RE.finditer(s)]
    est = [m.start() for m in cues.ESTIMATE_RE.finditer(s)]
    first_t = cues.TARGET_RE.search(s).start()
    first_e = cues.ESTIMATE_RE.search(s).start()
    for rel in range(len(s)):
        assert any(p < rel for p in tgt) == (first_t < rel)
        assert any(p < rel for p in est) == (first_e < rel)


SENTENCES = [
    "全市技术合同成交额173.58亿元，同比增长29.34%。",
    "2023年全社会R&D经费投入强度预计3.3%，居全省第二位。",
    "高新技术企业较上年净增500家，总数达3500家。",
    "城镇、农村居民人均可支配收入分别增长4.5%、5.7%。",
    "截至2023年底，全市有效发明专利2.3万件，每万人口高价值发明专利拥有量18.6件。",
]


def test_one_document_scan_equals_a_scan_per_sentence():
    """The engine scans the document once for quantities; per sentence gives the same drafts."""
    lex = default_lexicon()
    text = "\n".join(SENTENCES)
    whole = extract_facts(text, DocumentContext("350200", 2023, 2024), areas=AM)
    per_sentence = []
    offset = 0
    for i, s in enumerate(SENTENCES):
        drafts, _ = read_sentence(s, 0, len(s), lex, AM, candidate_quantities(s))  # scanned alone
        fs = extract_facts(s, DocumentContext("350200", 2023, 2024), areas=AM)
        assert len(drafts) == len(fs)
        per_sentence += [(i, f.char_start + offset, f.value, f.indicator_code) for f in fs]
        offset += len(s) + 1
    assert [(f.sentence_index, f.char_start, f.value, f.indicator_code) for f in whole] == per_sentence


def test_no_quantity_crosses_a_sentence_boundary():
    text = "增长5%。3家\n100\n万元；2亿\n元"
    for m in QTY_RE.finditer(text):
        assert not any(c in m.group(0) for c in "。！？；;\n"), m


@given(st.text(alphabet="其中在截至 1２、，厦门市福州思明区大学北京朝阳路高新", max_size=30))
@settings(max_examples=400, deadline=None)
def test_clause_area_equals_the_regex_reading(clause):
    from orchestration.extract.areas import _LEAD_WORDS, _ORG_SUFFIX

    lead = _LEAD_WORDS.match(clause)
    m = AM.regex.match(clause, lead.end() if lead else 0)
    expect = None
    if m:
        after = clause[m.end() : m.end() + 4]
        if not _ORG_SUFFIX.match(after) and after[:1] not in ("、", "和", "与", "及"):
            expect = AM.resolve(m.group(0), "350200")
    assert AM.clause_area(clause, "350200") == expect


@given(
    st.text(
        alphabet=st.sampled_from(
            list("國際經濟發達統計厦门１２．％（）\xa0 \u3000\t\n。！？；;!?”’」』）)】〕\"'“a5")
        ),
        max_size=60,
    )
)
@settings(max_examples=400, deadline=None)
def test_the_view_has_the_sentences_of_the_text(text):
    """The engine splits the view once for reading and for `sentence_index`: folding and
    Traditional->Simplified keep every offset and every sentence boundary."""
    from orchestration.extract.textview import build_view
    from orchestration.text.sentences import sentence_spans

    view = build_view(text)
    assert len(view) == len(text)
    assert list(sentence_spans(view)) == list(sentence_spans(text))
