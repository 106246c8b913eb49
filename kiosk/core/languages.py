"""Language words as exports and rosters write them, mapped to short codes ("zh", "en", …).

One table for the readers (a reservation's language, a guide's languages) and for group
assignment (matching a party to a guide), so both agree on what "中文" or "English" means.
"""

from __future__ import annotations

from typing import Final

_WORDS_BY_CODE = {
    "zh": "中文 汉语 普通话 国语 华语 中 汉 简体中文 繁体中文 zh zh-cn zh-hans zh-hant zh-tw "
    "chinese mandarin cn chs",
    "en": "英文 英语 英 english en en-us en-gb eng",
    "ja": "日语 日文 日本语 japanese ja jp",
    "ko": "韩语 韩文 朝鲜语 korean ko kr",
    "de": "德语 德文 german deutsch de",
    "fr": "法语 法文 french français fr",
    "es": "西班牙语 spanish español es",
    "ru": "俄语 俄文 russian ru",
    "yue": "粤语 广东话 cantonese yue",
}

LANGUAGE_WORDS: Final[dict[str, str]] = {
    word: code for code, words in _WORDS_BY_CODE.items() for word in words.split()
}
"""Exact, lower-case language word → code."""
