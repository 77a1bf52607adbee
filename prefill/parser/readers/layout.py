"""The layout stage shared by both PDF backends: characters -> lines -> blocks, in reading order.

A backend hands over, per page, its characters in content-stream order (text, x0, x1, baseline and a
shared `Style`) and its link annotations, in points with the origin at the page's top-left. Everything
after that is here, so both backends give the same `Document` for the same PDF.

Steps on each page: characters become word runs (a new run at a space, a style or link change, or a
gap); runs on one baseline form a row; a row splits into segments where a gap is wider than a column
gap. A vertical gutter free of segments over most rows splits the page into two columns, unless the
left side's lines sit on the main side's baselines (a date or label column), in which case the row
stays one line with tab-separated cells. Across pages, lines in the top or bottom margin that repeat
are kept on their first page only and bare page numbers are dropped. Lines then group into blocks.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate
from typing import NamedTuple

from prefill.parser.document import CELL_SEPARATOR, Block, Document, Line, Page, Region, Span

ASCENT_EM = 0.8
"""Height of a line box above the baseline, in em: both backends' boxes are built from it so they agree."""

DESCENT_EM = 0.2
"""Depth of a line box below the baseline, in em."""

WORD_GAP_EM = 0.15
"""A gap between glyphs wider than this (in em) is a word space, whether or not the PDF has a space."""

COLUMN_GAP_EM = 2.0
"""A gap on one baseline wider than this (in em) separates cells (title ... dates) or columns."""

BASELINE_TOLERANCE_EM = 0.35
"""Runs whose baselines differ by less than this (in em) are on one row (absorbs superscripts)."""

MIN_GUTTER_WIDTH = 8.0
"""Narrowest x-interval (points) that can separate two columns."""

GUTTER_MAX_CROSSING_RATIO = 0.25
"""A gutter may be crossed by at most this share of the page's rows (full-width headers, footers)."""

MIN_COLUMN_LINES = 3
"""Each side of a gutter needs at least this many lines to be a column."""

SIDEBAR_MAX_ALIGNED_RATIO = 0.5
"""Above this share of the shorter side's lines sharing a baseline with the other side, that side is a
date or label column of the main text (CV templates print `2019-2021` left of each entry), not a sidebar."""

ALIGNED_BASELINE_TOLERANCE = 1.0
"""Cells of one table row share a baseline to within this many points; a sidebar's lines rarely do."""

EDGE_TOLERANCE = 1.0
"""Lines whose left (or right) edges are this close (points) are aligned on that edge."""

SIDEBAR_MAX_WIDTH_RATIO = 0.45
"""A column narrower than this share of the two columns' total width is a sidebar."""

BLOCK_LINE_GAP_RATIO = 1.6
"""Consecutive lines belong to one block when their baselines are closer than this many font sizes
(a font size is the line height without leading; body text is set at 1.2-1.5)."""

BLOCK_X_TOLERANCE_EM = 2.5
"""Consecutive lines belong to one block when their left edges differ by less than this (in em)."""

RUNNING_BAND_RATIO = 0.12
"""Share of the page height, at the top and at the bottom, where running headers, footers and page
numbers are looked for."""

RUNNING_POSITION_TOLERANCE = 2.0
"""A running header or footer is printed at the same height (to within this many points) on each page."""

FOOTER_BAND_RATIO = 0.05
"""A line in this bottom share of the page is a footer even when it is printed on one page only."""

_DROPPED_CHARS = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\ufffe\uffff")
"""Soft hyphen and zero-width characters: invisible, and they break words apart for matching."""

_SOFT_HYPHEN = "\u00ad"
_VISIBLE_EM = 0.05
"""A character box narrower than this (in em) draws nothing visible."""
_PAGE_WORD = r"(?:page|pag\.?|página|pagina|seite|p\.)"
_PAGE_NUMBER = re.compile(
    rf"(?:{_PAGE_WORD}\s*)?\d{{1,3}}(?:\s*(?:/|of|sur|de|von)\s*\d{{1,3}})?", re.IGNORECASE
)
"""A bare page number as printed in a page's margin: `3`, `2/4`, `Page 2 of 3`, `Página 2 de 3`."""
_WORDED_PAGE_NUMBER = re.compile(rf"{_PAGE_WORD}\s*\d{{1,3}}\s+(?:of|sur|de|von)\s+\d{{1,3}}", re.IGNORECASE)
"""`Page 2 of 3` and its translations, dropped wherever it is printed."""
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")


class Style(NamedTuple):
    """Font and fill colour of a character, shared by all characters of one font, size and colour."""

    size: float
    bold: bool
    italic: bool
    color: int | None = None
    """Fill colour as 0xRRGGBB."""


Char = tuple[str, float, float, float, Style]
"""One character: text, x0, x1, baseline (from the top of the page), style."""


@dataclass(slots=True)
class LinkArea:
    """A link annotation: its rectangle (top-left origin) and target URI."""

    x0: float
    top: float
    x1: float
    bottom: float
    uri: str


@dataclass(slots=True)
class PageChars:
    """What a backend extracts from one page."""

    number: int
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    links: list[LinkArea] = field(default_factory=list)


@dataclass(slots=True)
class _Run:
    """Characters of one word in one style on one baseline."""

    text: str
    x0: float
    x1: float
    baseline: float
    style: Style
    link: str | None
    space_before: bool
    """The PDF has a space character right before this run (justified text may overlap it)."""


@dataclass(slots=True)
class _PlacedLine:
    line: Line
    column: int
    """0 = left column or whole page, 1 = right column, 2 = a row crossing the gutter."""
    region: Region


def is_bold_font(name: str, weight: int) -> bool:
    """Bold from the font weight or the font's name (`ABCDEF+Lato-Bold`)."""
    lowered = name.lower()
    return weight >= 600 or any(word in lowered for word in ("bold", "black", "heavy", "semibold", "demi"))


def is_italic_font(name: str, flags: int) -> bool:
    """Italic from the font descriptor's flags (bit 7) or the font's name."""
    lowered = name.lower()
    return bool(flags & 64) or "italic" in lowered or "oblique" in lowered


def rgb_color(red: float, green: float, blue: float) -> int:
    """0xRRGGBB of colour components in 0..1, rounded as PDFium rounds them."""
    return (round(red * 255) << 16) | (round(green * 255) << 8) | round(blue * 255)


def visible_char_count(pages: list[PageChars]) -> int:
    return sum(1 for page in pages for char in page.chars if not char[0].isspace() and _kept(char[0]))


def build_document(pages: list[PageChars], *, metadata: dict[str, str], page_count: int) -> Document:
    placed = [_page_lines(page) for page in pages]
    _mark_margins(pages, placed)
    out_pages = [
        Page(number=page.number, width=page.width, height=page.height, blocks=_blocks(lines))
        for page, lines in zip(pages, placed, strict=True)
    ]
    links = list(dict.fromkeys(link.uri for page in pages for link in page.links))
    return Document(kind="pdf", pages=out_pages, metadata=metadata, links=links, page_count=page_count)


def _kept(ch: str) -> bool:
    """False for characters that print nothing useful: controls, zero-widths, private-use icon glyphs."""
    if ch in _DROPPED_CHARS or ch < " ":
        return False
    # Icon fonts (Font Awesome and the like) map their glyphs into the private use areas.
    return not ("\ue000" <= ch <= "\uf8ff" or ch >= "\U000f0000")


def _normalise(text: str) -> str:
    """NFKC (ligatures, compatibility forms), but keep NBSP, which NFKC would turn into a space."""
    if text.isascii():
        return text
    return "\u00a0".join(unicodedata.normalize("NFKC", part) for part in text.split("\u00a0"))


def _link_at(links: list[LinkArea], x: float, y: float) -> str | None:
    for link in links:
        if link.x0 <= x <= link.x1 and link.top <= y <= link.bottom:
            return link.uri
    return None


def _runs(page: PageChars) -> list[_Run]:
    runs: list[_Run] = []
    links = page.links
    text: list[str] = []
    x0 = x1 = char_x0 = baseline = 0.0
    style: Style | None = None
    link: str | None = None
    space_before = False

    def flush() -> None:
        nonlocal space_before
        if text and style is not None:
            word = _normalise("".join(text))
            if word.strip():
                runs.append(_Run(word, x0, x1, baseline, style, link, space_before))
            space_before = not word.strip()  # a run of NBSPs only prints a space
        text.clear()

    for ch, cx0, cx1, cbase, cstyle in page.chars:
        if len(ch) > 1:  # one glyph mapped to several characters (a ligature, an icon + a symbol)
            ch = "".join(c for c in ch if _kept(c)) or "\u200b"
        if ch == _SOFT_HYPHEN and cx1 - cx0 > _VISIBLE_EM * cstyle.size:
            ch = "-"  # drawn with a width, so a printed hyphen (PDFium reports it as one)
        if ch == " " or not _kept(ch):
            flush()
            space_before = space_before or ch == " "
            continue
        clink = _link_at(links, (cx0 + cx1) / 2, cbase - cstyle.size * 0.3) if links else None
        if (
            text
            and cstyle == style
            and clink == link
            and abs(cbase - baseline) < 0.1 * cstyle.size
            and cx0 >= char_x0 - 0.01  # PDFium repeats a ligature's box for each of its letters
            and cx0 - x1 <= WORD_GAP_EM * cstyle.size
        ):
            text.append(ch)
            x1 = max(x1, cx1)
            char_x0 = cx0
            continue
        flush()
        text.append(ch)
        x0, x1, char_x0, baseline, style, link = cx0, cx1, cx0, cbase, cstyle, clink
    flush()
    return runs


def _rows(runs: list[_Run]) -> list[list[_Run]]:
    """Runs grouped by baseline, rows top to bottom, runs left to right."""
    rows: list[list[_Run]] = []
    anchor = 0.0
    for run in sorted(runs, key=lambda r: (r.baseline, r.x0)):
        tolerance = BASELINE_TOLERANCE_EM * max(run.style.size, rows[-1][0].style.size) if rows else 0.0
        if rows and run.baseline - anchor < tolerance:
            rows[-1].append(run)
        else:
            rows.append([run])
            anchor = run.baseline
    for row in rows:
        row.sort(key=lambda r: r.x0)
    return rows


def _segments(row: list[_Run]) -> list[list[_Run]]:
    """A row cut where the gap is a column gap."""
    segments = [[row[0]]]
    for prev, run in zip(row, row[1:], strict=False):
        if run.x0 - prev.x1 > COLUMN_GAP_EM * max(prev.style.size, run.style.size):
            segments.append([run])
        else:
            segments[-1].append(run)
    return segments


def _span_of(segment: list[_Run]) -> tuple[float, float]:
    return segment[0].x0, max(run.x1 for run in segment)


def _gutter(rows: list[list[list[_Run]]], width: float) -> tuple[float, float, int] | None:
    """The x-interval separating a sidebar or two text columns, and which side is a sidebar.

    Returns (gutter_x0, gutter_x1, sidebar_side) with sidebar_side 0 (left), 1 (right) or -1 (none).
    """
    if len(rows) < 2 * MIN_COLUMN_LINES:
        return None
    bins = int(width) + 2
    crossing = [0] * (bins + 1)
    for row in rows:
        for segment in row:
            x0, x1 = _span_of(segment)
            crossing[max(0, int(x0))] += 1
            crossing[min(bins, int(x1) + 1)] -= 1
    coverage = list(accumulate(crossing[:bins]))
    limit = GUTTER_MAX_CROSSING_RATIO * len(rows)
    candidates: list[tuple[float, float]] = []
    for start, end in _runs_where(coverage, lambda c: c <= limit):
        # Within a stretch crossed by few rows, the gutter is where the fewest rows cross.
        least = min(coverage[start:end])
        g0, g1 = max(_runs_where(coverage[start:end], least.__eq__), key=lambda r: r[1] - r[0])
        if g1 - g0 >= MIN_GUTTER_WIDTH:
            candidates.append((float(start + g0), float(start + g1)))
    best: tuple[float, float, int] | None = None
    for g0, g1 in candidates:
        verdict = _columns_verdict(rows, g0, g1)
        if verdict is not None and (best is None or g1 - g0 > best[1] - best[0]):
            best = (g0, g1, verdict)
    return best


def _runs_where(values: list[int], test: Callable[[int], bool]) -> list[tuple[int, int]]:
    """The maximal [start, end) index ranges where `test` holds."""
    ranges: list[tuple[int, int]] = []
    start = -1
    for index, value in enumerate(values):
        if test(value):
            if start < 0:
                start = index
        elif start >= 0:
            ranges.append((start, index))
            start = -1
    if start >= 0:
        ranges.append((start, len(values)))
    return ranges


def _columns_verdict(rows: list[list[list[_Run]]], g0: float, g1: float) -> int | None:
    """None if (g0, g1) does not split two columns; else the sidebar side (0, 1) or -1."""
    sides: tuple[list[list[_Run]], list[list[_Run]]] = ([], [])
    lines = [0, 0]
    aligned = 0
    for row in rows:
        left = [segment for segment in row if _span_of(segment)[1] <= g0 + 1]
        right = [segment for segment in row if segment[0].x0 >= g1 - 1]
        sides[0].extend(left)
        sides[1].extend(right)
        lines[0] += bool(left)
        lines[1] += bool(right)
        aligned += bool(left) and any(
            abs(a[0].baseline - b[0].baseline) <= ALIGNED_BASELINE_TOLERANCE for a in left for b in right
        )
    if min(lines) < MIN_COLUMN_LINES or aligned > SIDEBAR_MAX_ALIGNED_RATIO * min(lines):
        return None
    widths = [_extent(side) for side in sides]
    narrow = 0 if widths[0] < widths[1] else 1
    if _flush_right(sides[narrow]):
        return None  # dates or places set flush right against the entries they belong to
    return narrow if widths[narrow] < SIDEBAR_MAX_WIDTH_RATIO * sum(widths) else -1


def _extent(segments: list[list[_Run]]) -> float:
    spans = [_span_of(segment) for segment in segments]
    return max(x1 for _, x1 in spans) - min(x0 for x0, _ in spans)


def _flush_right(segments: list[list[_Run]]) -> bool:
    """True when more of these segments end at the column's right edge than start at its left edge."""
    spans = [_span_of(segment) for segment in segments]
    left_edge = min(x0 for x0, _ in spans)
    right_edge = max(x1 for _, x1 in spans)
    starts = sum(1 for x0, _ in spans if x0 <= left_edge + EDGE_TOLERANCE)
    ends = sum(1 for _, x1 in spans if x1 >= right_edge - EDGE_TOLERANCE)
    return ends > starts


def _line(segments: list[list[_Run]], page: int) -> Line:
    spans: list[Span] = []
    previous: _Run | None = None
    for index, segment in enumerate(segments):
        for run in segment:
            if previous is not None:
                gap = run.x0 - previous.x1
                if index and run is segment[0]:
                    spans[-1].text += CELL_SEPARATOR
                elif run.space_before or gap > WORD_GAP_EM * max(run.style.size, previous.style.size):
                    spans[-1].text += " "
            last = spans[-1] if spans else None
            if (
                last is not None
                and previous is not None
                and (last.size, last.bold, last.italic, last.color, last.link) == (*run.style, run.link)
            ):
                last.text += run.text
                last.x1 = max(last.x1, run.x1)
            else:
                size, bold, italic, color = run.style
                spans.append(
                    Span(run.text, size, bold, italic, run.link, run.x0, run.x1, color, run.baseline)
                )
            previous = run
    runs = [run for segment in segments for run in segment]
    return Line(
        spans=spans,
        page=page,
        x0=runs[0].x0,
        top=min(run.baseline - ASCENT_EM * run.style.size for run in runs),
        x1=max(run.x1 for run in runs),
        bottom=max(run.baseline + DESCENT_EM * run.style.size for run in runs),
    )


def _page_lines(page: PageChars) -> list[_PlacedLine]:
    rows = [_segments(row) for row in _rows(_runs(page))]
    gutter = _gutter(rows, page.width)
    if gutter is None:
        return [_PlacedLine(_line(row, page.number), 0, "body") for row in rows]
    g0, g1, sidebar = gutter
    placed: list[_PlacedLine] = []
    band: tuple[list[_PlacedLine], list[_PlacedLine]] = ([], [])

    def close_band() -> None:
        placed.extend(band[0] + band[1])
        band[0].clear()
        band[1].clear()

    for row in rows:
        spans = [_span_of(segment) for segment in row]
        if any(x0 < g0 and x1 > g1 for x0, x1 in spans):
            close_band()
            placed.append(_PlacedLine(_line(row, page.number), 2, "body"))
            continue
        for side in (0, 1):
            cells = [seg for seg, (x0, _) in zip(row, spans, strict=True) if (x0 >= g1 - 1) == bool(side)]
            if cells:
                region: Region = "sidebar" if side == sidebar else "body"
                band[side].append(_PlacedLine(_line(cells, page.number), side, region))
    close_band()
    return placed


def _margin_key(text: str) -> str:
    return _SPACES.sub(" ", _DIGITS.sub("#", text)).strip().lower()


def _mark_margins(pages: list[PageChars], placed: list[list[_PlacedLine]]) -> None:
    """Keep a running header/footer on its first page only, drop page numbers, mark footers."""
    first_seen: dict[str, tuple[int, float]] = {}
    repeated: set[str] = set()
    for page, lines in zip(pages, placed, strict=True):
        for item in lines:
            line = item.line
            if _running_band(line, page.height):
                key = _margin_key(line.text)
                number, top = first_seen.setdefault(key, (page.number, line.top))
                if number != page.number and abs(top - line.top) <= RUNNING_POSITION_TOLERANCE:
                    repeated.add(key)
    for page, lines in zip(pages, placed, strict=True):
        kept: list[_PlacedLine] = []
        for item in lines:
            line = item.line
            text = line.text.strip()
            band = _running_band(line, page.height)
            if _WORDED_PAGE_NUMBER.fullmatch(text) or (band and _PAGE_NUMBER.fullmatch(text)):
                continue
            key = _margin_key(text)
            if band and key in repeated:
                if first_seen[key][0] != page.number:
                    continue
                item.region = band
            elif line.top >= (1 - FOOTER_BAND_RATIO) * page.height:
                item.region = "footer"
            kept.append(item)
        lines[:] = kept


def _running_band(line: Line, height: float) -> Region | None:
    if line.bottom <= RUNNING_BAND_RATIO * height:
        return "header"
    if line.top >= (1 - RUNNING_BAND_RATIO) * height:
        return "footer"
    return None


def _blocks(lines: list[_PlacedLine]) -> list[Block]:
    blocks: list[Block] = []
    previous: _PlacedLine | None = None
    for item in lines:
        if previous is None or not _continues(previous, item):
            blocks.append(Block(lines=[item.line], region=item.region))
        else:
            blocks[-1].lines.append(item.line)
        previous = item
    return blocks


def _continues(previous: _PlacedLine, item: _PlacedLine) -> bool:
    """True when `item` is the next line of `previous`'s block."""
    if previous.column != item.column or previous.region != item.region:
        return False
    a, b = previous.line, item.line
    size = max(a.bottom - a.top, b.bottom - b.top) / (ASCENT_EM + DESCENT_EM)
    close = 0 < b.bottom - a.bottom < BLOCK_LINE_GAP_RATIO * size
    return close and abs(b.x0 - a.x0) < BLOCK_X_TOLERANCE_EM * size
