"""The common Document every reader produces: pages, blocks, lines, spans with style and position.

Extraction works on `Document.lines()` only, so it never needs to know which reader ran. Coordinates
are PDF points with the origin at the page's top-left; a DOCX has no geometry and leaves them at 0.
A tab character inside a line separates cells of one visual row (table cells in a DOCX, text runs
far apart on one baseline in a PDF, such as a title on the left and its dates on the right).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Literal

Region = Literal["body", "header", "footer", "sidebar"]
CELL_SEPARATOR = "\t"


@dataclass(slots=True)
class Span:
    """A run of text in one style."""

    text: str
    size: float = 0.0
    """Font size in points; 0 when the reader does not know it."""
    bold: bool = False
    italic: bool = False
    link: str | None = None
    """Target of the hyperlink or link annotation covering this run (full `mailto:` / URL)."""
    x0: float = 0.0
    x1: float = 0.0
    color: int | None = None
    """Fill colour as 0xRRGGBB; None when the reader does not know it (DOCX)."""
    baseline: float = 0.0
    """Baseline of the span's first character from the page's top; 0 when unknown (DOCX). A PDF line
    can join runs of two columns whose baselines differ slightly (a sidebar item beside a large name)."""


@dataclass(slots=True)
class Line:
    spans: list[Span]
    page: int = 1
    """1-based page number the line is printed on."""
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0

    @property
    def text(self) -> str:
        return "".join(span.text for span in self.spans)

    @property
    def size(self) -> float:
        """The font size carrying most of the line's characters."""
        sizes: Counter[float] = Counter()
        for span in self.spans:
            sizes[round(span.size, 1)] += len(span.text.strip())
        return sizes.most_common(1)[0][0] if sizes else 0.0

    @property
    def bold(self) -> bool:
        """True when most visible characters are bold."""
        bold = sum(len(s.text.strip()) for s in self.spans if s.bold)
        total = sum(len(s.text.strip()) for s in self.spans)
        return total > 0 and bold * 2 > total

    @property
    def links(self) -> list[str]:
        return [s.link for s in self.spans if s.link]


@dataclass(slots=True)
class Block:
    """Lines that belong together visually: a paragraph, a table row, a text box, a PDF text block."""

    lines: list[Line]
    region: Region = "body"
    style: str | None = None
    """The DOCX paragraph style name ("Heading 1", "Title", ...), when there is one."""


@dataclass(slots=True)
class Page:
    number: int
    width: float = 0.0
    height: float = 0.0
    blocks: list[Block] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    kind: Literal["docx", "pdf"]
    pages: list[Page]
    metadata: dict[str, str] = field(default_factory=dict)
    """Document properties (title, author, producer, creator, language) as strings."""
    links: list[str] = field(default_factory=list)
    """Every hyperlink target in document order, including ones not tied to a span."""
    page_count: int = 0
    """Pages of the original document (a DOCX's as last rendered by Word, at least 1)."""

    def blocks(self) -> Iterator[Block]:
        for page in self.pages:
            yield from page.blocks

    def lines(self) -> Iterator[tuple[Block, Line]]:
        """Every line in reading order with the block it belongs to."""
        for block in self.blocks():
            for line in block.lines:
                yield block, line

    @property
    def text(self) -> str:
        return "\n".join(line.text for _, line in self.lines())


def split_line_at_tab(line: Line) -> tuple[Line, Line | None]:
    """Cut a line at its first tab (after some text): the part before and the part after."""
    seen_text = False
    for index, span in enumerate(line.spans):
        position = span.text.find(CELL_SEPARATOR)
        while position != -1 and not (seen_text or span.text[:position].strip()):
            position = span.text.find(CELL_SEPARATOR, position + 1)
        if position != -1:
            before = [*line.spans[:index], replace(span, text=span.text[:position])]
            after = [replace(span, text=span.text[position + 1 :]), *line.spans[index + 1 :]]
            after = [s for s in after if s.text]
            text_x = next((s.x0 for s in after if s.text.strip() and s.x0), line.x0)
            return (
                replace(line, spans=[s for s in before if s.text]),
                replace(line, spans=after, x0=text_x),
            )
        seen_text = seen_text or bool(span.text.strip())
    return line, None
