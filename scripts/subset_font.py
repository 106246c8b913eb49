"""Cut the bundled badge font out of Noto Sans CJK SC (a developer tool, not run by the kiosk).

The full Noto Sans CJK collection is ~20 MB per weight and not installed on every kiosk, so the
repository carries a subset (GB2312, Latin, punctuation, a few name characters outside GB2312)
that makes every kiosk render the same badge. Needs ``fonttools`` (the ``dev`` extra).

Usage::

    .venv/bin/python scripts/subset_font.py [--source-dir /usr/share/fonts/opentype/noto]
        [--out-dir assets/fonts]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
SC_FACE_NAME = "Noto Sans CJK SC"

# (source collection, output file) per weight.
WEIGHTS = {
    "Regular": ("NotoSansCJK-Regular.ttc", "NotoSansSC-Regular-subset.otf"),
    "Bold": ("NotoSansCJK-Bold.ttc", "NotoSansSC-Bold-subset.otf"),
}

# European letters Noto Sans CJK lacks (Ł, Č, Ş, Ő …) come from a DejaVu Sans subset.
DEJAVU_SOURCE_DIR = Path("/usr/share/fonts/truetype/dejavu")
DEJAVU_WEIGHTS = {
    "Regular": ("DejaVuSans.ttf", "DejaVuSans-Latin-subset.ttf"),
    "Bold": ("DejaVuSans-Bold.ttf", "DejaVuSans-Bold-Latin-subset.ttf"),
}
DEJAVU_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),
    (0x00A0, 0x036F),
    (0x0370, 0x052F),  # Greek, Cyrillic
    (0x1E00, 0x1EFF),
    (0x2000, 0x206F),
)

# Latin, punctuation and symbol blocks visitors' names and badge captions may use.
UNICODE_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x0300, 0x036F),  # combining diacritics
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Vietnamese)
    (0x2000, 0x206F),  # General Punctuation
    (0x20A0, 0x20CF),  # currency
    (0x2100, 0x214F),  # letterlike symbols (No., TM)
    (0x2150, 0x218F),  # number forms
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # enclosed alphanumerics
    (0x2500, 0x25FF),  # box drawing, geometric shapes
    (0x2600, 0x27BF),  # symbols and dingbats (check marks)
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x30FB, 0x30FB),  # katakana middle dot, used in transliterated foreign names
    (0xFF00, 0xFFEF),  # full-width forms
)

# Characters often found in Chinese given names that GB2312 (1980) lacks.
EXTRA_NAME_CHARACTERS = (
    "堃喆玥昇赟彧旻珺琇祎禕琤瑄翀啟浛犇骉垚燚淏珏琍璟瑾瑀玮頔昉曌淇沄洺烜熤焜"
    "婕媛嫣妤姮姝嬿妍婧娅娴姗瑗珞琪琬琰瑶瑷璐瑢玙璿珩琛瑜瑨珣珮珽琀玹瑱霂"
    "翾鑫钰铧锴镕镛镠鋆锶煊炆煜晞晗晟暄暻曦昀昶晔昊昱晏杺栩桤梓楷槿樾柠"
    "淳溥澍瀚泓沺湉滢潆澈潇濛淼渼湛洳涴洹浠骞驰骐骏啓焓烨炘熹燊彤彦彬彰"
    "邝邱郗郜鄢钟闫阚隗靳鞠仝佟冼厍叶宓尕巩庹昝晁暨沈淦瞿禤荀萧蒯蔺薛褚"
    "谌赫逯郏郤閤闵韦颛鲍麴黎龚"
)


def gb2312_characters() -> set[str]:
    """Every character GB2312 encodes (symbols, Latin, kana and 6,763 hanzi)."""
    characters: set[str] = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                characters.add(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return characters


def wanted_codepoints() -> set[int]:
    """The code points the subset keeps (those the source font lacks are skipped by fontTools)."""
    codepoints = {ord(character) for character in gb2312_characters()}
    for first, last in UNICODE_RANGES:
        codepoints.update(range(first, last + 1))
    codepoints.update(ord(character) for character in EXTRA_NAME_CHARACTERS)
    return codepoints


def range_codepoints(ranges: Iterable[tuple[int, int]]) -> set[int]:
    """Every code point of the inclusive ``ranges``."""
    return {code for first, last in ranges for code in range(first, last + 1)}


def sc_face_index(collection_path: Path) -> int:
    """Index of the Simplified Chinese face inside a Noto CJK collection."""
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(collection_path), lazy=True)
    for index, font in enumerate(collection.fonts):
        if font["name"].getDebugName(1) == SC_FACE_NAME:
            return index
    raise SystemExit(f"{collection_path} has no {SC_FACE_NAME!r} face")


def subset_one(source: Path, target: Path, codepoints: Iterable[int]) -> None:
    """Write the subset of ``source`` (its SC face for a collection) to ``target``."""
    face = sc_face_index(source) if source.suffix == ".ttc" else -1
    font = TTFont(str(source), fontNumber=face)
    options = subset.Options()
    options.name_IDs = ["*"]  # keep copyright, licence and version strings
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.layout_features = ["kern", "liga", "locl", "ccmp", "mark", "mkmk", "palt", "vert"]
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(target))


def main(argv: list[str] | None = None) -> int:
    """Subset every weight and print the resulting file sizes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source-dir", type=Path, default=DEFAULT_SOURCE_DIR)
    parser.add_argument("--dejavu-dir", type=Path, default=DEJAVU_SOURCE_DIR)
    parser.add_argument("--out-dir", type=Path, default=REPO / "assets" / "fonts")
    args = parser.parse_args(argv)
    jobs = [
        (args.source_dir, weight, names, wanted_codepoints(), "fonts-noto-cjk")
        for weight, names in WEIGHTS.items()
    ] + [
        (args.dejavu_dir, weight, names, range_codepoints(DEJAVU_RANGES), "fonts-dejavu-core")
        for weight, names in DEJAVU_WEIGHTS.items()
    ]
    for source_dir, weight, (source_name, target_name), codepoints, package in jobs:
        source = source_dir / source_name
        if not source.exists():
            print(f"missing {source}: install Debian's {package}", file=sys.stderr)
            return 2
        target = args.out_dir / target_name
        subset_one(source, target, codepoints)
        print(f"{weight}: {target} ({target.stat().st_size / 1e6:.2f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
