"""Name search as gate staff use it: pinyin, initials, typos, accents, phone digits, codes."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.core.search import (
    MatchReason,
    ParsedName,
    SearchHit,
    SearchIndex,
    SearchRecord,
    analyse,
    fold,
    name_key,
    parse_keys,
    phone_digits,
    sample_records,
    search_keys,
    typing_queries,
)

R = MatchReason

# --- keys computed at sync time --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("王小明", "王小明:wang xiao ming"),
        (" 王 小明 ", "王小明:wang xiao ming"),
        ("Chloé Martin", "chloe martin"),
        ("ZOË  weber", "zoe weber"),
        ("Jürgen Groß", "jurgen gross"),
        ("Łukasz Wiśniewski", "lukasz wisniewski"),
        ("Seán O'Brien-Smith", "sean obrien smith"),
        ("Ｍａｒｉｅ", "marie"),
        ("曾小贤", "曾小贤:zeng/ceng xiao xian"),  # a surname read as surnames are read
        ("单田芳", "单田芳:shan/dan/chan tian fang"),
        ("欧阳娜娜", "欧阳娜娜:ou yang na na"),
        ("吕布", "吕布:lv/lu/lyu bu"),
        ("王Lily", "王lily:wang lily"),
        ("", ""),
        ("  ", ""),
    ],
)
def test_name_key(name: str, key: str) -> None:
    """A name's key holds its folded text and, for Chinese, its readings, surname first."""
    assert name_key(name) == key


def test_search_keys_joins_the_names_of_a_party_once_each() -> None:
    """The stored text starts with the format version and lists each distinct name once."""
    keys = search_keys(["王小明", None, "", "Chloé Martin", "王小明", "chloe martin"])
    assert keys == "1|王小明:wang xiao ming|chloe martin"
    assert [name.text for name in parse_keys(keys)] == ["王小明", "chloe martin"]


def test_keys_of_an_unknown_format_version_hold_no_names() -> None:
    """A keys text from a newer format is ignored (the booking still matches by code/phone)."""
    assert parse_keys("9|王小明:wang xiao ming") == ()
    assert parse_keys("") == ()


def test_a_chinese_name_is_also_known_by_its_romanised_surname_and_given_name() -> None:
    """Staff reading a passport type ``Xiaoming Wang``; compound surnames stay whole."""
    (wang,) = parse_keys(search_keys(["王小明"]))
    (ouyang,) = parse_keys(search_keys(["欧阳娜娜"]))
    assert wang.tokens == ("wang", "xiaoming")
    assert ouyang.tokens == ("ouyang", "nana")


@pytest.mark.parametrize(
    ("phone", "digits"),
    [("+86 138-1234-5678", "8613812345678"), ("１３８１２３４５６７８", "13812345678"), ("", "")],
)
def test_phone_digits(phone: str, digits: str) -> None:
    """Only the digits of a phone number count, in any width."""
    assert phone_digits(phone) == digits


# --- the matcher, case by case ---------------------------------------------------------------

BOOKINGS = (
    # code, phone, names
    ("WXM00001", "13812345678", ["王小明"]),
    ("ZXM00002", "13900001111", ["张小明"]),
    ("WXH00003", "13700002222", ["王晓红", "王小华"]),
    ("ZXX00004", "13600003333", ["曾小贤"]),
    ("OYN00005", "13500004444", ["欧阳娜娜"]),
    ("LVB00006", "13400005555", ["吕布"]),
    ("CHLOE007", "+44 7700 900876", ["Chloé Martin", "Jürgen Weber"]),
    ("ZOE00008", "+33 6 12 34 56 78", ["Zoë Dubois"]),
    ("MART0009", "+49 151 2345 6789", ["Martina Schmidt"]),
    ("SEAN0010", "+353 87 123 4567", ["Seán O'Brien"]),
    ("LILY0011", "13300006666", ["王Lily"]),
    ("SHAN0012", "13200007777", ["单田芳"]),
)
TODAY = {"WXM00001", "MART0009"}


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex(
        SearchRecord(number, code, phone, search_keys(names), "T" if code in TODAY else "L")
        for number, (code, phone, names) in enumerate(BOOKINGS, start=1)
    )


def code_of(index: SearchIndex, hit: SearchHit) -> str:
    """The code of a hit's booking in :data:`BOOKINGS`."""
    return BOOKINGS[hit.reservation_id - 1][0]


@pytest.mark.parametrize(
    ("query", "code", "reason"),
    [
        # Chinese names by pinyin, as staff hear them
        ("wang xiao ming", "WXM00001", R.PINYIN_FULL),
        ("wangxiaoming", "WXM00001", R.PINYIN_FULL),
        ("Wang Xiao Mi", "WXM00001", R.PINYIN_FULL),  # still typing the last syllable
        ("tianfang", "SHAN0012", R.PINYIN_FULL),  # the given name alone
        ("wangxm", "WXM00001", R.PINYIN_MIXED),
        ("wang x m", "WXM00001", R.PINYIN_MIXED),
        ("wxm", "WXM00001", R.PINYIN_INITIALS),
        ("WXM", "WXM00001", R.PINYIN_INITIALS),
        ("zhxm", "ZXM00002", R.PINYIN_INITIALS),  # zh, ch, sh count as initials
        ("zhangxm", "ZXM00002", R.PINYIN_MIXED),
        ("xiaoming wang", "WXM00001", R.NAME_EXACT),  # the passport order
        ("zeng xiao xian", "ZXX00004", R.PINYIN_FULL),  # 曾 as a surname
        ("ceng xiao xian", "ZXX00004", R.PINYIN_FULL),  # and as most people misread it
        ("shan tian fang", "SHAN0012", R.PINYIN_FULL),
        ("ouyang nana", "OYN00005", R.NAME_EXACT),
        ("oynn", "OYN00005", R.PINYIN_INITIALS),
        ("lvbu", "LVB00006", R.PINYIN_FULL),
        ("lubu", "LVB00006", R.PINYIN_FULL),
        ("lyu bu", "LVB00006", R.PINYIN_FULL),
        ("wang lily", "LILY0011", R.PINYIN_FULL),
        ("wangxh", "WXH00003", R.PINYIN_MIXED),  # either name of the party
        # Chinese names as typed in Chinese
        ("王小明", "WXM00001", R.NAME_EXACT),
        ("曾小", "ZXX00004", R.NAME_PREFIX),
        ("小华", "WXH00003", R.NAME_CONTAINS),
        ("欧阳", "OYN00005", R.NAME_PREFIX),
        # Latin names: case, accents, order, one typo
        ("Chloe Martin", "CHLOE007", R.NAME_EXACT),
        ("chloé martin", "CHLOE007", R.NAME_EXACT),
        ("Martin Chloe", "CHLOE007", R.NAME_EXACT),
        ("Chloe Martn", "CHLOE007", R.NAME_TYPO),
        ("Chleo Martin", "CHLOE007", R.NAME_TYPO),  # two letters swapped
        ("Chloe Mar", "CHLOE007", R.NAME_PREFIX),
        ("jurgen", "CHLOE007", R.NAME_PREFIX),  # a companion's name finds the party
        ("Zoe", "ZOE00008", R.NAME_PREFIX),
        ("ZOË DUBOIS", "ZOE00008", R.NAME_EXACT),
        ("sean obrien", "SEAN0010", R.NAME_EXACT),
        ("Sean O'Brien", "SEAN0010", R.NAME_EXACT),
        # phone digits and codes
        ("5678", "WXM00001", R.PHONE),
        ("1234 5678", "WXM00001", R.PHONE),
        ("0876", "CHLOE007", R.PHONE),
        ("chloe007", "CHLOE007", R.CODE),
        ("ZXX0", "ZXX00004", R.CODE_PREFIX),
    ],
)
def test_search_finds(index: SearchIndex, query: str, code: str, reason: MatchReason) -> None:
    """The booking staff mean comes first, with the reason it matched."""
    hits = index.search(query)
    assert hits, query
    assert (code_of(index, hits[0]), hits[0].reason) == (code, reason)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "w",  # one Latin letter is too little to show anyone
        "yxm",  # 王 is read wang, not with the dictionary's rare reading yu
        "Zoa",  # under four letters a typo is another name
        "Chloe Mxrtxn",  # two typos in one word
        "567",  # under four phone digits
        "9999",
        "王大明",
        "ḁ̷̛͈̉",
        "\x00\x1b[31m",
    ],
)
def test_search_finds_nothing(index: SearchIndex, query: str) -> None:
    """Too little, too far or nonsense finds nothing and raises nothing."""
    assert index.search(query) == []


def test_martin_ranks_the_exact_word_before_a_longer_one(index: SearchIndex) -> None:
    """``Martin`` lists Chloé Martin before Martina Schmidt: whole words rank first."""
    codes = [code_of(index, hit) for hit in index.search("martin")]
    assert codes[:2] == ["CHLOE007", "MART0009"]


def test_the_hit_says_which_name_matched(index: SearchIndex) -> None:
    """A companion's name that matched is named in the hit, folded."""
    (hit,) = index.search("weber")
    assert hit.matched == "jurgen weber"
    (phone_hit,) = index.search("900876")
    assert phone_hit.matched == ""  # the number is not repeated


def test_preferred_groups_rank_first_within_a_reason(index: SearchIndex) -> None:
    """Today's sessions come first among equally good matches."""
    plain = [code_of(index, hit) for hit in index.search("xiaoming")]
    assert plain == ["ZXM00002", "WXM00001"]  # equally good: 张 sorts before 王
    preferred = [code_of(index, hit) for hit in index.search("xiaoming", prefer={"T"})]
    assert preferred == ["WXM00001", "ZXM00002"]


def test_a_preferred_group_never_outranks_a_better_match() -> None:
    """A booking today that only nearly matches stays below an exact match on another day."""
    index = SearchIndex(
        [
            SearchRecord(1, "AAAA1111", "", search_keys(["Chloe Martin"]), "later"),
            SearchRecord(2, "BBBB2222", "", search_keys(["Chloe Martn"]), "today"),
        ]
    )
    hits = index.search("Chloe Martin", prefer={"today"})
    assert [(hit.reservation_id, hit.reason) for hit in hits] == [
        (1, R.NAME_EXACT),
        (2, R.NAME_TYPO),
    ]


# --- keeping the index fresh -----------------------------------------------------------------


def test_upsert_replaces_a_booking_and_remove_forgets_it() -> None:
    """A renamed booking is found by its new name only; a removed one is not found at all."""
    index = SearchIndex([SearchRecord(1, "AAAA1111", "13800001234", search_keys(["王小明"]))])
    index.upsert([SearchRecord(1, "AAAA1111", "13800001234", search_keys(["李雷"]))])
    assert len(index) == 1
    assert index.search("wxm") == []
    assert [hit.reason for hit in index.search("lilei")] == [R.PINYIN_FULL]
    index.remove([1, 99])
    assert len(index) == 0
    assert index.search("lilei") == index.search("AAAA1111") == index.search("1234") == []


def test_many_changes_compact_the_index_without_losing_anyone() -> None:
    """After thousands of renames every booking is found by its latest name and code."""
    records = sample_records(3_000, seed=3)
    index = SearchIndex(records)
    renamed = [
        SearchRecord(r.reservation_id, r.code, r.phone, search_keys([f"Person {i} Renamed"]))
        for i, r in enumerate(records[:2_000])
    ]
    index.upsert(renamed)
    assert len(index) == 3_000
    assert index.search("person 1999 renamed")[0].reservation_id == renamed[1999].reservation_id
    for record in (records[0], records[2_500]):
        assert index.search(record.code)[0].reservation_id == record.reservation_id


def test_a_code_added_later_is_found_by_its_prefix() -> None:
    """Single changes keep the sorted views current (no stale prefix look-ups)."""
    index = SearchIndex(sample_records(500, seed=4))
    index.upsert([SearchRecord(10_001, "ZZZZ9999", "", search_keys(["Late Booker"]))])
    assert [hit.reason for hit in index.search("ZZZZ")] == [R.CODE_PREFIX]
    assert index.search("late book")[0].reservation_id == 10_001


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_query_text_is_answered_without_error(text: str) -> None:
    """Whatever is typed or pasted, search answers (possibly nothing) and never raises."""
    index = _small_index()
    hits = index.search(text)
    assert len(hits) <= 20
    assert all(isinstance(hit.reason, MatchReason) for hit in hits)


_SMALL: list[SearchIndex] = []


def _small_index() -> SearchIndex:
    if not _SMALL:
        _SMALL.append(SearchIndex(sample_records(2_000, seed=5)))
    return _SMALL[0]


# --- no false hits at 100k -------------------------------------------------------------------


@pytest.fixture(scope="module")
def big() -> tuple[SearchIndex, dict[int, SearchRecord]]:
    records = sample_records(100_000)
    extra = [
        SearchRecord(200_001, "WANGXM01", "13812345678", search_keys(["王小明"]), "S9"),
        SearchRecord(200_002, "CHLOE001", "+44 7700 900876", search_keys(["Chloé Martin"]), "S9"),
    ]
    records += extra
    return SearchIndex(records), {r.reservation_id: r for r in records}


QUERIES_100K = (
    "wang xiao ming",
    "wangxm",
    "wxm",
    "王小明",
    "王小",
    "xiaoming",
    "Chloe Martn",
    "chloe martin",
    "zoe",
    "5678",
    "900876",
    "li",
    "liu y",
    "zhang w",
    "huang bo",
    "zhxm",
    "Mueller",
    "jurgen",
)


@pytest.mark.slow
@pytest.mark.parametrize("query", QUERIES_100K)
def test_no_false_hits_at_100k(
    big: tuple[SearchIndex, dict[int, SearchRecord]], query: str
) -> None:
    """Every hit for a query matches for the stated reason, and that is its best reason."""
    index, records = big
    hits = index.search(query)
    assert hits, query
    for hit in hits:
        record = records[hit.reservation_id]
        assert oracle(query, record) == hit.reason, (query, record, hit)
    ranks = [hit.reason.rank for hit in hits]
    assert ranks == sorted(ranks)


@pytest.mark.slow
def test_staff_typing_finds_no_false_hits_at_100k(
    big: tuple[SearchIndex, dict[int, SearchRecord]],
) -> None:
    """Keystroke by keystroke, as the benchmark types, every hit is a true match."""
    index, records = big
    for query in typing_queries(list(records.values()), count=25, seed=11):
        for hit in index.search(query):
            assert oracle(query, records[hit.reservation_id]) == hit.reason, (query, hit)


@pytest.mark.slow
def test_the_people_meant_come_first_at_100k(
    big: tuple[SearchIndex, dict[int, SearchRecord]],
) -> None:
    """Among 100k bookings the one meant is in the first hits, and exact codes come first."""
    index, records = big
    assert index.search("WANGXM01")[0].reservation_id == 200_001
    for query in ("王小明", "wang xiao ming", "wangxm"):
        assert 200_001 in [hit.reservation_id for hit in index.search(query, limit=50)], query
    typo = index.search("Chloe Martn", limit=50)
    assert 200_002 in [hit.reservation_id for hit in typo]
    assert all(records[h.reservation_id].keys.count("chloe mart") for h in typo[:5])
    assert {hit.reservation_id for hit in index.search("12345678")} == {
        r.reservation_id for r in records.values() if phone_digits(r.phone).endswith("12345678")
    }


# --- an independent oracle -------------------------------------------------------------------


def oracle(query: str, record: SearchRecord) -> MatchReason | None:
    """The best reason ``record`` matches ``query``, by brute force (slow, simple, separate)."""
    q = analyse(query)
    found: list[MatchReason] = []
    code = "".join(ch for ch in query.upper() if ch.isalnum())
    if code and not q.han and code == record.code:
        found.append(R.CODE)
    if not q.han and len(code) >= 4 and record.code.startswith(code) and code != record.code:
        found.append(R.CODE_PREFIX)
    if len(q.digits) >= 4 and phone_digits(record.phone).endswith(q.digits):
        found.append(R.PHONE)
    for name in parse_keys(record.keys):
        found.extend(_oracle_name(q.folded, name))
    return min(found, key=lambda reason: reason.rank) if found else None


def _oracle_name(folded: str, name: ParsedName) -> Iterator[MatchReason]:
    compact = folded.replace(" ", "")
    if any("\u3400" <= ch <= "\u9fff" for ch in compact):
        if name.text == compact:
            yield R.NAME_EXACT
        elif name.text.startswith(compact):
            yield R.NAME_PREFIX
        elif compact in name.text:
            yield R.NAME_CONTAINS
        return
    words = folded.split()
    if name.tokens and words:
        yield from _oracle_words(words, name.tokens)
    if compact.isascii() and compact.isalpha() and name.syllables:
        yield from _oracle_pinyin(compact, name.syllables)


def _oracle_words(words: list[str], tokens: Sequence[str]) -> Iterator[MatchReason]:
    for chosen in itertools.permutations(range(len(tokens)), len(words)):
        kinds = []
        for word, index in zip(words, chosen, strict=True):
            token = tokens[index]
            if token == word:
                kinds.append("exact")
            elif token.startswith(word):
                kinds.append("prefix")
            elif len(word) >= 4 and _osa(word, token) <= 1:
                kinds.append("typo")
            else:
                break
        else:
            if "typo" in kinds:
                yield R.NAME_TYPO
            elif kinds.count("exact") == len(words) == len(tokens):
                yield R.NAME_EXACT
            else:
                yield R.NAME_PREFIX


def _oracle_pinyin(letters: str, syllables: Sequence[Sequence[str]]) -> Iterator[MatchReason]:
    for start in range(len(syllables)):
        for readings in itertools.product(*syllables[start:]):
            for count in range(1, len(readings) + 1):
                for lengths in itertools.product(*(range(1, len(r) + 1) for r in readings[:count])):
                    typed = "".join(r[:n] for r, n in zip(readings, lengths, strict=False))
                    if typed != letters:
                        continue
                    whole = [n == len(r) for r, n in zip(readings, lengths, strict=False)]
                    initial = [
                        n == 1 or (n == 2 and r[:2] in ("zh", "ch", "sh"))
                        for r, n in zip(readings, lengths, strict=False)
                    ]
                    if all(whole[:-1]):
                        yield R.PINYIN_FULL
                    elif all(initial):
                        yield R.PINYIN_INITIALS
                    else:
                        yield R.PINYIN_MIXED


def _osa(a: str, b: str) -> int:
    """Optimal string alignment distance (edits plus swaps of neighbours)."""
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        rows[i][0] = i
    for j in range(len(b) + 1):
        rows[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = int(a[i - 1] != b[j - 1])
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[len(a)][len(b)]


def test_fold_is_idempotent_and_case_blind() -> None:
    """Folding twice changes nothing more, and case never matters."""
    for text in ("Chloé Martin", "ZOË", "王 小明", "Ｍａｒｉｅ-Luise", "O’Brien"):
        assert fold(fold(text)) == fold(text) == fold(text.upper())
