"""The text of a PDF page: its characters with their boxes, lines, and lines joined into paragraphs.

A printed line breaks where the width ran out, mid-word in CJK text and in long codes; Chinese line
breaking keeps closing punctuation off a line's start and opening punctuation off its end, carrying
a character over with it. A line is taken to continue on the next when the next line's first
unbreakable run would not have fitted after it; CJK characters and codes join with nothing, Latin
words wrapped at a space keep one. A space printed as a gap (Word and LibreOffice often print no
space glyph) is a space where the gap is a space wide.
"""

from __future__ import annotations

import ctypes
import re
import struct
import unicodedata
from dataclasses import dataclass
from operator import attrgetter

from .pdf_calls import address, calls

NEW_ITEM = re.compile(
    # ((一), (12): an item's number; (101001), a code in parentheses wrapped to the line, is not)
    r"^\s*(?:第[一二三四五六七八九十\d]+部分|[一二三四五六七八九十]+[、.．]|[(（](?:[一二三四五六七八九十]+|\d{1,2})[)）]"
    r"|\d{1,3}[、.．](?!\d)|[①-⑳])"
)
_LATIN = re.compile(r"[A-Za-z]")
_NUMBER_PIECE = re.compile(r"[\d,.]+%?")
_SPACES = " \u3000\xa0"
# Chinese line breaking keeps closing punctuation off a line's start and opening punctuation off its
# end, carrying a character over with it: such a line stops up to two characters short of the edge.
_NO_LINE_START = frozenset("，。、；：？！）》」』】〕’”…—·%,.;:?!)]}")
_NO_LINE_END = frozenset("（《「『【〔‘“([{")
# Glued on both sides: a slash (是/否 and 元/人 wrap as one run; a line may still break before it).
_GLUES_ON = frozenset("/／")
_SENTENCE_END = ("。", "！", "？", "；", ".", "!", "?")
_RECT = struct.Struct("4f")  # FS_RECTF as pdfium fills it
_SPACE_EM = 0.27  # a space is about a quarter em wide; autospace between scripts is narrower


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    middle: float  # (top + bottom) / 2, read for every comparison of lines: stored, not derived

    @classmethod
    def at(cls, text: str, x0: float, x1: float, top: float, bottom: float, size: float) -> Char:
        return cls(text, x0, x1, top, bottom, size, (top + bottom) / 2)


_X0, _X1, _MIDDLE = attrgetter("x0"), attrgetter("x1"), attrgetter("middle")
_TOP, _BOTTOM, _SIZE = attrgetter("top"), attrgetter("bottom"), attrgetter("size")


@dataclass(slots=True)
class Line:
    chars: list[Char]
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    text: str = ""
    page: int = 0

    def close(self) -> Line:
        chars = self.chars
        chars.sort(key=_X0)
        first = chars[0]
        if len(chars) == 1:
            x1, top, bottom, size = first.x1, first.top, first.bottom, first.size
        else:  # C-level passes: this runs for every line of every cell
            x1, top, bottom = max(map(_X1, chars)), min(map(_TOP, chars)), max(map(_BOTTOM, chars))
            size = max(map(_SIZE, chars))
        self.x0, self.x1, self.top, self.bottom = first.x0, x1, top, bottom
        self.size = size or (bottom - top)
        self.text = _line_text(chars).rstrip(_SPACES)
        return self


def page_chars(raw, textpage, rotation: int, width: float, height: float) -> list[Char]:
    """The page's characters shown on it, with their boxes as the page is shown (y down; ``width``
    and ``height`` are the unrotated page's, see ``placement``). Text drawn outside the page box is
    not shown (a real file holds an invisible copy of a whole table below its page): it is left out."""
    count = raw.FPDFText_CountChars(textpage)
    codes = _codes(raw, textpage, count)
    rect = raw.FS_RECTF()
    corners, rect_at = _RECT.unpack_from, ctypes.addressof(rect)
    out = []
    sizes: dict[float, float] = {}
    call, handle = calls(raw), address(textpage)
    generated, box, font_size = call.is_generated, call.char_box, call.font_size
    # Most pages stand upright: their boxes are placed inline, the others through ``placement``.
    place = None if rotation == 0 else placement(rotation, width, height)
    shown_width, shown_height = (height, width) if rotation in (90, 270) else (width, height)
    for index in range(count):
        code = codes[index] if codes is not None else raw.FPDFText_GetUnicode(textpage, index)
        if code <= 0x20 or code >= 0xD800:  # (one test for the letters, digits and CJK of a page)
            # pdfium guesses spaces and line ends (and marks a hyphen that ends a line, U+FFFE in
            # GetText's output): only those can be generated, so only those are asked about.
            if code in (0x20, 0x02, 0xFFFE) and generated(handle, index):
                continue
            if code in (0x02, 0xFFFE):  # a hyphen ending a line, printed
                code = 0x2D
            elif code < 0x20 or 0xD800 <= code <= 0xDFFF:  # control codes, surrogates
                continue
        box(handle, index, rect_at)
        left, high, right, low = corners(rect)  # FS_RECTF: left, top, right, bottom (y up)
        if place is None:
            x0, x1, top, bottom = left, right, height - high, height - low
        else:
            x0, x1, top, bottom = place(left, low, right, high)
        middle = (top + bottom) / 2
        if not (0 <= middle <= shown_height and 0 <= x0 + x1 <= 2 * shown_width):
            continue
        text = _fold(chr(code)) if 0x2E80 <= code <= 0x2FDF or 0xF900 <= code <= 0xFAFF else chr(code)
        # One call per glyph height, not per glyph: glyphs as tall are of one size.
        tall = bottom - top
        size = sizes.get(tall)
        if size is None:
            size = font_size(handle, index)
            if not 0 < size <= 3 * tall:
                # Some writers (WPS, Excel) scale text by its matrix: pdfium then reports the
                # unscaled size (240 for a 12 pt glyph); half of it would join a page into one line.
                size = tall
            sizes[tall] = size
        out.append(Char(text, x0, x1, top, bottom, size, middle))
    return out


def _codes(raw, textpage, count: int):
    """Every character's code in one call (one per index while no character lies outside the
    Basic Multilingual Plane, whose UTF-16 pairs would shift the indices); else None."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = raw.FPDFText_GetText(textpage, 0, count, buffer)
    codes = buffer[: max(written - 1, 0)]
    if len(codes) != count:
        return None
    # A surrogate (half of a pair, or alone) decodes to fewer characters or not at all: tested in C.
    try:
        if len(ctypes.string_at(buffer, 2 * count).decode("utf-16-le")) != count:
            return None
    except UnicodeDecodeError:
        return None
    return codes


def placement(rotation: int, width: float, height: float):
    """How a box of the PDF's user space (y up, before /Rotate) stands on the page as shown (y down):
    ``width`` and ``height`` are the unrotated page's. Pages printed landscape are often portrait
    pages turned by /Rotate 90."""
    if rotation == 90:
        return lambda left, bottom, right, top: (bottom, top, left, right)
    if rotation == 180:
        return lambda left, bottom, right, top: (width - right, width - left, bottom, top)
    if rotation == 270:
        return lambda left, bottom, right, top: (height - top, height - bottom, width - right, width - left)
    return lambda left, bottom, right, top: (left, right, height - top, height - bottom)


def _fold(char: str) -> str:
    """Kangxi radicals, CJK radicals and compatibility ideographs as the characters they show."""
    code = ord(char)
    if 0x2E80 <= code <= 0x2FDF or 0xF900 <= code <= 0xFAFF:
        return unicodedata.normalize("NFKC", char)
    return char


def lines_of(chars: list[Char]) -> list[Line]:
    """Characters into lines: those whose middles stand within half a line of each other."""
    if not chars:
        return []
    middles = list(map(_MIDDLE, chars))
    if max(middles) - min(middles) <= 0.5 * max(min(map(_SIZE, chars)), 1.0):  # one line (most cells)
        line = Line(list(chars))
        return [line] if line.close().text else []
    lines: list[Line] = []
    last = None
    for char in sorted(chars, key=_MIDDLE):
        size = char.size if char.size > 1.0 else 1.0  # (no max(): this runs for every character)
        if last is not None and abs(char.middle - last.middle) <= 0.5 * size:
            lines[-1].chars.append(char)
        else:
            lines.append(Line([char]))
        last = char
    return [line for line in lines if line.close().text]  # (a line of spaces alone has no text)


def _line_text(chars: list[Char]) -> str:
    """The line's characters; a space where the printer left one's width between them.

    A space printed as a glyph is a space. Word and LibreOffice often print one as a gap instead;
    between Latin and CJK text they also add a narrower gap of their own (autospace), which is not a
    space, and CJK characters stand closer than a space unless spaces were typed (or the line is
    spread out)."""
    out = []
    previous = None
    for char in chars:
        if char.text in _SPACES:
            out.append(char.text if char.text != "\xa0" else " ")
            previous = None
            continue
        if previous is not None:
            size = char.size if char.size > 1.0 else 1.0
            gap = char.x0 - previous.x1
            # (the CJK test only for a gap that could be a space: most glyphs touch)
            if gap >= _SPACE_EM * size and (
                gap >= 0.9 * size or not (_cjk(previous.text) and _cjk(char.text))
            ):
                out.append(" ")  # how many were typed, a gap cannot tell: one
        out.append(char.text)
        previous = char
    return "".join(out)


def _cjk(text: str) -> bool:
    return ord(text[0]) >= 0x2E80


def token_width(line: Line) -> float:
    """The width of a line's first unbreakable run: what had to fit at the end of the line before."""
    chars = [c for c in line.chars if c.text not in _SPACES]
    end = 0
    while end + 1 < len(chars):
        a, b = chars[end].text, chars[end + 1].text
        glued = (
            b in _NO_LINE_START
            or a in _NO_LINE_END
            or a in _GLUES_ON
            or b in _GLUES_ON
            or (a in _NO_LINE_START and b.isascii() and b.isalnum())
        )
        if glued or (a.isascii() and a.isalnum() and b.isascii() and b.isalnum()):
            end += 1
        else:
            break
    return chars[end].x1 - chars[0].x0 if chars else 0.0


def reaches(line: Line, edge: float, following: Line | None) -> bool:
    """True when ``line`` wrapped: the first run of the next line would not have fitted after it.
    With no next line (the foot of a cell on a page), a line within two characters of the edge."""
    if following is None:
        return line.x1 >= edge - 2.2 * max(line.size, 1.0)
    return line.x1 + token_width(following) > edge - 0.5


def join_lines(previous: str, following: str, space_before: bool) -> str:
    """Two wrapped lines of one paragraph: CJK and codes join; Latin words, wrapped where a space
    was, keep one (a long code broken mid-token does not)."""
    if space_before or (_LATIN.match(previous[-1:]) and _LATIN.match(following[:1]) and " " in previous):
        return f"{previous} {following}" if not previous.endswith(" ") else previous + following
    return previous + following


def _starts_item(before: str, text: str) -> bool:
    """A numbered item starts the line (2.保障…), not the rest of a number wrapped after its digits
    (1,2 / 50.00)."""
    if _NUMBER_PIECE.fullmatch(text) and before[-1:] in "0123456789,.":
        return False
    return bool(NEW_ITEM.match(text))


def paragraphs(lines: list[Line], edge: float, start: float) -> tuple[str, int]:
    out: list[str] = []
    for n, line in enumerate(lines):
        previous = lines[n - 1] if n else None
        if previous is not None and reaches(previous, edge, line) and not _starts_item(out[-1], line.text):
            out[-1] = join_lines(out[-1], line.text, line.chars[0].text in _SPACES)
        else:
            out.append(line.text)
    last = lines[-1]
    # A full stop ends a sentence, not a decimal point (114. / 22 wrapped in a narrow cell).
    ended = last.text.endswith(_SENTENCE_END) and not re.search(r"\d\.$", last.text)
    if not reaches(last, edge, None) or ended:
        return "\n".join(out), 0
    return "\n".join(out), 2 if len(lines) > 1 and reaches(lines[-2], edge, last) else 1
