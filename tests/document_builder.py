"""Build a Document by hand for extractor tests: one block per line unless told otherwise."""

from __future__ import annotations

from prefill.parser.document import Block, Document, Line, Page, Span

BODY_SIZE = 10.0


def line(text: str, *, size: float = BODY_SIZE, bold: bool = False, page: int = 1, x0: float = 0.0) -> Line:
    return Line(spans=[Span(text=text, size=size, bold=bold)], page=page, x0=x0, x1=x0 + 6 * len(text))


def document(*items: str | tuple[str, dict], kind: str = "docx") -> Document:
    """`document("Jean Dupont", ("Experience", {"bold": True, "size": 14, "style": "Heading 1"}), ...)`."""
    blocks = []
    for item in items:
        text, options = (item, {}) if isinstance(item, str) else item
        options = dict(options)
        style = options.pop("style", None)
        region = options.pop("region", "body")
        blocks.append(Block(lines=[line(text, **options)], region=region, style=style))
    return Document(kind=kind, pages=[Page(number=1, blocks=blocks)], page_count=1)


def section_lines(*texts: str, **options) -> list[tuple[Block, Line]]:
    """Lines of one section, as `entries.segment` receives them."""
    result = []
    for text in texts:
        current = line(text, **options)
        result.append((Block(lines=[current]), current))
    return result
