"""Reads a Word .docx package into a `Document` straight from its XML (`zipfile` + `lxml`).

python-docx's object model is slower and does not see text boxes or headers in reading order, and CV
templates put the contact block exactly there. Reading order of the result: page headers, then the
body (paragraphs, tables, text boxes at their anchor paragraph), then page footers.
"""

from __future__ import annotations

import io
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from prefill.parser import limits
from prefill.parser.document import CELL_SEPARATOR, Block, Document, Line, Page, Region, Span
from prefill.parser.errors import CorruptDocx, FileTooLarge, MacroEnabledDocument, TooManyPages

LAYOUT_CELL_MIN_PARAGRAPHS = 4
"""A table cell with at least this many non-empty paragraphs is a page column, not a short field."""

LAYOUT_MIN_LONG_CELLS = 2
"""A row with this many long cells lays out the page (sidebar + main column): its cells are read apart."""

WORD_DEFAULT_FONT_SIZE = 10.0
"""Font size in points Word uses when neither the styles nor the document defaults set one."""

UNPACKED_TOO_LARGE = "The Word file is too large when unpacked."

MACRO_CONTENT_TYPES = frozenset(
    {
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    }
)
PAGE_NUMBER_FIELDS = frozenset({"PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION", "PAGEREF"})
"""Fields whose result is a page number: stale in the file and never CV content."""

PAGE_LABEL_MAX_CHARS = 16
"""A header or footer paragraph with a page-number field and at most this many other characters is only a
page label ("Page 3 of 4", "Página 3 de 4"): it is dropped."""

_DROPPED_CHARS = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
"""Zero-width characters and the soft hyphen: invisible in print, they only break matching."""

_BUILTIN_LOWERCASE_STYLE = re.compile(r"heading [1-9]|caption|header|footer|title|subtitle")
"""Built-in style names Word stores in lower case but shows capitalised ("heading 1" is "Heading 1")."""

_FALSE_VALUES = frozenset({"0", "false", "off", "none"})
_HEADER_TYPE_ORDER = {"first": 0, "default": 1, "even": 2}
_PAGE_COUNT = re.compile(r"[0-9]{1,6}")
_FIELD_TOKEN = re.compile(r'"([^"]*)"|(\S+)')

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CT_OVERRIDE = "{http://schemas.openxmlformats.org/package/2006/content-types}Override"
_DC = "http://purl.org/dc/elements/1.1/"
_APP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


W_DOCUMENT, W_BODY, W_P, W_R, W_T, W_TBL, W_TR, W_TC = map(
    _w, ("document", "body", "p", "r", "t", "tbl", "tr", "tc")
)
W_PPR, W_RPR, W_PSTYLE, W_RSTYLE = map(_w, ("pPr", "rPr", "pStyle", "rStyle"))
W_NUMPR, W_NUMID = map(_w, ("numPr", "numId"))
LIST_BULLET = "• "
"""Printed before a list paragraph's text (the real glyph lives in numbering.xml)."""
W_B, W_I, W_SZ, W_VANISH, W_VAL, W_TYPE = map(_w, ("b", "i", "sz", "vanish", "val", "type"))
W_TAB, W_PTAB, W_BR, W_CR, W_NO_BREAK_HYPHEN = map(_w, ("tab", "ptab", "br", "cr", "noBreakHyphen"))
W_LAST_RENDERED_BREAK = _w("lastRenderedPageBreak")
W_HYPERLINK, W_FLD_SIMPLE, W_FLD_CHAR, W_INSTR_TEXT = map(
    _w, ("hyperlink", "fldSimple", "fldChar", "instrText")
)
W_FLD_CHAR_TYPE, W_INSTR = _w("fldCharType"), _w("instr")
W_SDT, W_SDT_CONTENT, W_DRAWING, W_PICT, W_TXBX_CONTENT = map(
    _w, ("sdt", "sdtContent", "drawing", "pict", "txbxContent")
)
W_SECT_PR, W_TITLE_PG, W_HEADER_REF, W_FOOTER_REF = map(
    _w, ("sectPr", "titlePg", "headerReference", "footerReference")
)
W_STYLE, W_STYLE_ID, W_NAME, W_BASED_ON, W_DEFAULT = map(
    _w, ("style", "styleId", "name", "basedOn", "default")
)
W_RPR_DEFAULT_PATH = f"{_w('docDefaults')}/{_w('rPrDefault')}/{W_RPR}"
R_ID = f"{{{_R}}}id"
MC_ALTERNATE, MC_CHOICE, MC_FALLBACK = (f"{{{_MC}}}{n}" for n in ("AlternateContent", "Choice", "Fallback"))

_WRAPPERS = frozenset(map(_w, ("ins", "moveTo", "smartTag", "customXml", "dir", "bdo", "sdtContent")))
"""Elements whose children are read as if in their place; deletions (w:del, w:moveFrom) are not."""


Props = tuple[float | None, bool | None, bool | None]
"""Size, bold, italic as one level of the style hierarchy sets them; None where it does not."""
RunStyle = tuple[float, bool, bool]
_UNSET: Props = (None, None, None)


def read_docx(
    data: bytes,
    *,
    max_pages: int = limits.MAX_PAGES,
    max_uncompressed: int = limits.MAX_DOCX_UNCOMPRESSED_BYTES,
) -> Document:
    """Read a .docx package (the caller has sniffed a ZIP) into a Document of kind "docx".

    Raises CorruptDocx (unreadable package or main part), FileTooLarge (unpacks past
    `max_uncompressed` bytes), MacroEnabledDocument (.docm) and TooManyPages (over `max_pages`).
    """
    package = _Package(data, max_uncompressed=max_uncompressed)
    package.refuse_macros()
    metadata, stated_pages = _properties(package)
    if stated_pages > max_pages:
        raise TooManyPages()

    main = package.main_part()
    raw = package.read(main)
    if raw is None:
        raise CorruptDocx()
    root = package.parse(raw)
    body = root.find(W_BODY)
    if root.tag != W_DOCUMENT or body is None:
        raise CorruptDocx()
    rels = package.relationships(main)
    styles = _Styles(package.xml(rels.part_of_type("/styles") or "word/styles.xml"))
    links: dict[str, None] = {}
    header_parts, footer_parts = _section_parts(body, rels)

    def read_parts(parts: list[str], region: Region, page: int) -> list[Block]:
        blocks: list[Block] = []
        for part in parts:
            part_root = package.xml(part)
            if part_root is not None:
                walker = _Walker(styles, package.relationships(part), links, page=page, counts_pages=False)
                walker.read(part_root, region, blocks)
        return blocks

    headers = read_parts(header_parts, "header", 1)
    # Word marks where each page started when it last laid the document out; only without those marks
    # do explicit page breaks stand in for them (counting both would count a break twice).
    rendered = b"lastRenderedPageBreak" in raw
    walker = _Walker(styles, rels, links, page=1, counts_pages=True, rendered_breaks=rendered)
    main_blocks: list[Block] = []
    walker.read(body, "body", main_blocks)
    page_count = max(stated_pages, walker.page)
    if page_count > max_pages:
        raise TooManyPages()
    footers = read_parts(footer_parts, "footer", page_count)

    pages = [Page(number) for number in range(1, page_count + 1)]
    for block in (*headers, *main_blocks, *footers):
        pages[block.lines[0].page - 1].blocks.append(block)
    return Document(kind="docx", pages=pages, metadata=metadata, links=list(links), page_count=page_count)


@dataclass(slots=True)
class _Relationships:
    """One part's relationships: hyperlink targets and the package parts it refers to."""

    hyperlinks: dict[str, str] = field(default_factory=dict)
    parts: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)

    def part_of_type(self, suffix: str) -> str | None:
        return next((self.parts[rid] for rid, kind in self.types.items() if kind.endswith(suffix)), None)


class _Package:
    """The members of a .docx ZIP, read within the unpacked-size budget."""

    def __init__(self, data: bytes, *, max_uncompressed: int) -> None:
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except Exception as exc:  # zipfile lets struct, zlib and other errors out on hostile input
            raise CorruptDocx() from exc
        if sum(info.file_size for info in infos) > max_uncompressed:
            raise FileTooLarge(UNPACKED_TOO_LARGE)
        self._budget = max_uncompressed
        # Part names are case-insensitive in a package.
        self._names = {info.filename.lower(): info.filename for info in infos}
        self._parser = etree.XMLParser(
            resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True
        )

    def read(self, name: str) -> bytes | None:
        real = self._names.get(name.lower())
        if real is None:
            return None
        try:
            with self._zip.open(real) as member:
                # Never trust the declared size: read one byte past the remaining budget at most.
                content = member.read(self._budget + 1)
        except Exception as exc:  # zipfile lets struct, zlib and other errors out on hostile input
            raise CorruptDocx() from exc
        self._budget -= len(content)
        if self._budget < 0:
            raise FileTooLarge(UNPACKED_TOO_LARGE)
        return content

    def parse(self, content: bytes) -> etree._Element:
        try:
            return etree.fromstring(content, self._parser)
        except (etree.XMLSyntaxError, ValueError) as exc:
            raise CorruptDocx() from exc

    def xml(self, name: str) -> etree._Element | None:
        content = self.read(name)
        return None if content is None else self.parse(content)

    def refuse_macros(self) -> None:
        if any(name.endswith("vbaproject.bin") for name in self._names):
            raise MacroEnabledDocument()
        types = self.xml("[Content_Types].xml")
        if types is not None and any(
            o.get("ContentType") in MACRO_CONTENT_TYPES for o in types.iter(_CT_OVERRIDE)
        ):
            raise MacroEnabledDocument()

    def main_part(self) -> str:
        package_rels = self.relationships("")
        return package_rels.part_of_type("/officeDocument") or "word/document.xml"

    def relationships(self, part: str) -> _Relationships:
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", f"{base}.rels"))
        rels = _Relationships()
        if root is None:
            return rels
        for rel in root.iter(_PKG_REL):
            rid, target = rel.get("Id"), rel.get("Target")
            if not rid or not target:
                continue
            kind = rel.get("Type", "")
            # Some writers omit TargetMode="External" on hyperlinks: the type alone says what it is.
            if kind.endswith("/hyperlink"):
                rels.hyperlinks[rid] = target.strip()
            elif rel.get("TargetMode") != "External":
                path = target[1:] if target.startswith("/") else posixpath.join(folder, target)
                rels.parts[rid] = posixpath.normpath(path)
                rels.types[rid] = kind
        return rels


def _properties(package: _Package) -> tuple[dict[str, str], int]:
    """Metadata from docProps (title, author, language, producer) and the page count Word stated."""
    metadata: dict[str, str] = {}
    core = package.xml("docProps/core.xml")
    if core is not None:
        for key, tag in (("title", "title"), ("author", "creator"), ("language", "language")):
            value = core.findtext(f"{{{_DC}}}{tag}")
            if value and value.strip():
                metadata[key] = value.strip()
    pages = 0
    app = package.xml("docProps/app.xml")
    if app is not None:
        application = app.findtext(f"{{{_APP}}}Application")
        if application and application.strip():
            metadata["producer"] = application.strip()
        stated = (app.findtext(f"{{{_APP}}}Pages") or "").strip()
        pages = int(stated) if _PAGE_COUNT.fullmatch(stated) else 0
    return metadata, pages


def _section_parts(body: etree._Element, rels: _Relationships) -> tuple[list[str], list[str]]:
    """Distinct header and footer parts the sections use, first-page ones first."""
    headers: dict[str, None] = {}
    footers: dict[str, None] = {}
    for section in body.iter(W_SECT_PR):
        # A "first" header shows only when the section asks for a distinct first page.
        first_used = _is_on(section.find(W_TITLE_PG))
        for tag, found in ((W_HEADER_REF, headers), (W_FOOTER_REF, footers)):
            refs = sorted(
                section.iter(tag), key=lambda ref: _HEADER_TYPE_ORDER.get(ref.get(W_TYPE, "default"), 1)
            )
            for ref in refs:
                part = rels.parts.get(ref.get(R_ID, ""))
                if part and (first_used or ref.get(W_TYPE) != "first"):
                    found[part] = None
    return list(headers), list(footers)


def _is_on(toggle: etree._Element | None) -> bool:
    """Value of an on/off property element such as <w:b/> or <w:b w:val="0"/>."""
    if toggle is None:
        return False
    value = toggle.get(W_VAL)
    return value is None or value.lower() not in _FALSE_VALUES


def _half_points(element: etree._Element) -> float | None:
    try:
        return float(element.get(W_VAL, "")) / 2
    except ValueError:
        return None


def _run_properties(rpr: etree._Element) -> tuple[Props, str | None, bool]:
    """Direct size/bold/italic, character style id and hidden flag of one run's (or style's) w:rPr."""
    size = bold = italic = None
    style = None
    hidden = False
    for prop in rpr:
        tag = prop.tag
        if tag == W_SZ:
            size = _half_points(prop)
        elif tag == W_B:
            bold = _is_on(prop)
        elif tag == W_I:
            italic = _is_on(prop)
        elif tag == W_RSTYLE:
            style = prop.get(W_VAL)
        elif tag == W_VANISH:
            hidden = _is_on(prop)
    return (size, bold, italic), style, hidden


def _merge(specific: Props, general: Props) -> Props:
    return (
        specific[0] if specific[0] is not None else general[0],
        specific[1] if specific[1] is not None else general[1],
        specific[2] if specific[2] is not None else general[2],
    )


class _Styles:
    """styles.xml: style names, and run properties resolved run -> character style -> paragraph style ->
    document defaults (each style through its basedOn chain)."""

    def __init__(self, root: etree._Element | None) -> None:
        self._elements: dict[str, etree._Element] = {}
        self._names: dict[str, str] = {}
        self._chains: dict[str, Props] = {}
        self._runs: dict[tuple[str | None, str | None, Props], RunStyle] = {}
        self.default_paragraph: str | None = None
        self._defaults: Props = _UNSET
        if root is None:
            return
        defaults = root.find(W_RPR_DEFAULT_PATH)
        if defaults is not None:
            self._defaults = _run_properties(defaults)[0]
        for style in root.iter(W_STYLE):
            style_id = style.get(W_STYLE_ID)
            if not style_id:
                continue
            self._elements[style_id] = style
            name = style.find(W_NAME)
            if name is not None and name.get(W_VAL):
                self._names[style_id] = _display_name(name.get(W_VAL, ""))
            if style.get(W_TYPE) == "paragraph" and style.get(W_DEFAULT, "").lower() in ("1", "true", "on"):
                self.default_paragraph = style_id

    def name(self, style_id: str | None) -> str | None:
        return self._names.get(style_id) if style_id else None

    def run(self, paragraph_style: str | None, run_style: str | None, direct: Props) -> RunStyle:
        key = (paragraph_style, run_style, direct)
        resolved = self._runs.get(key)
        if resolved is None:
            props = direct
            for style_id in (run_style, paragraph_style):
                if style_id:
                    props = _merge(props, self._chain(style_id))
            size, bold, italic = _merge(props, self._defaults)
            resolved = self._runs[key] = (size or WORD_DEFAULT_FONT_SIZE, bool(bold), bool(italic))
        return resolved

    def is_list(self, style_id: str | None) -> bool:
        """Whether a paragraph style (through its basedOn chain) carries list numbering."""
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._elements:
            seen.add(style_id)
            element = self._elements[style_id]
            if _numbered(element.find(W_PPR)):
                return True
            based_on = element.find(W_BASED_ON)
            style_id = based_on.get(W_VAL) if based_on is not None else None
        return False

    def _chain(self, style_id: str) -> Props:
        """A style's properties merged down its basedOn chain (cycles cut)."""
        cached = self._chains.get(style_id)
        if cached is not None:
            return cached
        props, seen, current = _UNSET, set(), style_id
        while current and current not in seen and current in self._elements:
            seen.add(current)
            element = self._elements[current]
            rpr = element.find(W_RPR)
            if rpr is not None:
                props = _merge(props, _run_properties(rpr)[0])
            based_on = element.find(W_BASED_ON)
            current = based_on.get(W_VAL) if based_on is not None else None
        self._chains[style_id] = props
        return props


def _numbered(ppr: etree._Element | None) -> bool:
    if ppr is None:
        return False
    numbering = ppr.find(W_NUMPR)
    if numbering is None:
        return False
    num_id = numbering.find(W_NUMID)
    # numId 0 switches numbering off for a paragraph whose style has it.
    return num_id is None or num_id.get(W_VAL) != "0"


def _display_name(name: str) -> str:
    return name[:1].upper() + name[1:] if _BUILTIN_LOWERCASE_STYLE.fullmatch(name) else name


def _clean(text: str) -> str:
    text = text.translate(_DROPPED_CHARS)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


class _LineBuilder:
    """One paragraph's text as lines of spans; neighbouring runs of one style and link share a span."""

    __slots__ = ("lines", "page", "_spans")

    def __init__(self, page: int) -> None:
        self.lines: list[Line] = []
        self.page = page
        self._spans: list[Span] = []

    def add(self, text: str, style: RunStyle, link: str | None) -> None:
        if self._spans:
            last = self._spans[-1]
            if (
                last.link == link
                and last.size == style[0]
                and last.bold == style[1]
                and last.italic == style[2]
            ):
                last.text += text
                return
        self._spans.append(Span(text, style[0], style[1], style[2], link))

    def break_line(self) -> None:
        spans = []
        for span in self._spans:
            span.text = _clean(span.text)
            if span.text:
                spans.append(span)
        if any(not span.text.isspace() for span in spans):
            self.lines.append(Line(spans, page=self.page))
        self._spans = []

    def break_page(self, page: int) -> None:
        self.break_line()
        self.page = page


@dataclass(slots=True)
class _Field:
    """A complex field (w:fldChar begin ... separate ... end) being read."""

    instruction: str = ""
    in_result: bool = False
    hides_result: bool = False
    link: str | None = None

    def start_result(self) -> None:
        self.in_result = True
        name = self.instruction.split(None, 1)[0].upper() if self.instruction.strip() else ""
        self.hides_result = name in PAGE_NUMBER_FIELDS
        if name == "HYPERLINK":
            self.link = _hyperlink_field_target(self.instruction)


def _hyperlink_field_target(instruction: str) -> str | None:
    """The URL of a ` HYPERLINK "url" \\o "tip" ` field; None for a bookmark inside the document (\\l)."""
    tokens = _FIELD_TOKEN.finditer(instruction)
    next(tokens, None)
    skip_argument = False
    for token in tokens:
        quoted, bare = token.groups()
        if skip_argument:
            skip_argument = False
        elif bare is not None and bare.startswith("\\"):
            switch = bare[1:].lower()
            if switch == "l":
                return None
            skip_argument = switch in ("o", "t")
        else:
            target = (quoted if quoted is not None else bare).strip()
            return target or None
    return None


def _choice(alternate: etree._Element) -> etree._Element | None:
    """The mc:Choice of an mc:AlternateContent (the Fallback repeats it for old readers)."""
    choice = alternate.find(MC_CHOICE)
    return choice if choice is not None else alternate.find(MC_FALLBACK)


def _collect_text_boxes(element: etree._Element, boxes: list[etree._Element]) -> None:
    """The outermost w:txbxContent under a drawing, reading one copy of each AlternateContent."""
    for child in element:
        tag = child.tag
        if tag == W_TXBX_CONTENT:
            boxes.append(child)
        elif tag == MC_ALTERNATE:
            found = len(boxes)
            choice = child.find(MC_CHOICE)
            if choice is not None:
                _collect_text_boxes(choice, boxes)
            fallback = child.find(MC_FALLBACK)
            if len(boxes) == found and fallback is not None:
                _collect_text_boxes(fallback, boxes)
        elif isinstance(tag, str):
            _collect_text_boxes(child, boxes)


def _children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with `tag`, looking through content controls and custom XML wrapped around them."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == W_SDT or child.tag in _WRAPPERS:
            yield from _children(child, tag)


class _Walker:
    """Reads one part (body, header or footer) into blocks in reading order, tracking the page."""

    def __init__(
        self,
        styles: _Styles,
        rels: _Relationships,
        links: dict[str, None],
        *,
        page: int,
        counts_pages: bool,
        rendered_breaks: bool = False,
    ) -> None:
        self._styles = styles
        self._hyperlinks = rels.hyperlinks
        self._links = links
        self.page = page
        self._counts_pages = counts_pages
        self._rendered_breaks = rendered_breaks
        self._fields: list[_Field] = []
        self._paragraph_style: str | None = None
        self._page_number_seen = False

    def read(self, container: etree._Element, region: Region, out: list[Block]) -> None:
        for element in container:
            tag = element.tag
            if tag == W_P:
                self._paragraph(element, region, out)
            elif tag == W_TBL:
                self._table(element, region, out)
            elif tag == W_SDT:
                content = element.find(W_SDT_CONTENT)
                if content is not None:
                    self.read(content, region, out)
            elif tag in _WRAPPERS:
                self.read(element, region, out)
            elif tag == MC_ALTERNATE:
                choice = _choice(element)
                if choice is not None:
                    self.read(choice, region, out)

    def _paragraph(self, paragraph: etree._Element, region: Region, out: list[Block]) -> None:
        style_id = None
        ppr = paragraph.find(W_PPR)
        if ppr is not None:
            pstyle = ppr.find(W_PSTYLE)
            style_id = pstyle.get(W_VAL) if pstyle is not None else None
        self._paragraph_style = style_id or self._styles.default_paragraph
        builder = _LineBuilder(self.page)
        boxes: list[etree._Element] = []
        self._page_number_seen = False
        self._inline(paragraph, builder, boxes, None)
        builder.break_line()
        # An instruction never spans paragraphs: a field left open in it is broken and must not hide the rest.
        self._fields = [open_field for open_field in self._fields if open_field.in_result]
        if builder.lines and not self._is_page_label(builder.lines, region):
            if _numbered(ppr) or self._styles.is_list(self._paragraph_style):
                # Word draws the bullet from numbering.xml; print one so list items read as bullets.
                first = builder.lines[0]
                first.spans.insert(0, Span(LIST_BULLET, size=first.spans[0].size if first.spans else 0.0))
            out.append(Block(builder.lines, region, self._styles.name(self._paragraph_style)))
        if boxes:
            self._text_boxes(boxes, "sidebar" if region == "body" else region, out)

    def _is_page_label(self, lines: list[Line], region: Region) -> bool:
        return (
            self._page_number_seen
            and region in ("header", "footer")
            and sum(len(line.text.strip()) for line in lines) <= PAGE_LABEL_MAX_CHARS
        )

    def _text_boxes(self, boxes: list[etree._Element], region: Region, out: list[Block]) -> None:
        """Text boxes print on their anchor's page; their own content never moves the page count."""
        page, counts_pages = self.page, self._counts_pages
        self._counts_pages = False
        for box in boxes:
            self.read(box, region, out)
        self.page, self._counts_pages = page, counts_pages

    def _inline(
        self, parent: etree._Element, line: _LineBuilder, boxes: list[etree._Element], link: str | None
    ) -> None:
        for element in parent:
            tag = element.tag
            if tag == W_R:
                self._run(element, self._run_style(element), line, boxes, link)
            elif tag == W_HYPERLINK:
                target = self._hyperlinks.get(element.get(R_ID, ""))
                if target:
                    self._links[target] = None
                self._inline(element, line, boxes, target or link)
            elif tag in _WRAPPERS:
                self._inline(element, line, boxes, link)
            elif tag == W_SDT:
                content = element.find(W_SDT_CONTENT)
                if content is not None:
                    self._inline(content, line, boxes, link)
            elif tag == W_FLD_SIMPLE:
                self._fields.append(_Field(element.get(W_INSTR, "")))
                self._start_field_result()
                self._inline(element, line, boxes, link)
                self._fields.pop()
            elif tag == MC_ALTERNATE:
                choice = _choice(element)
                if choice is not None:
                    self._inline(choice, line, boxes, link)

    def _run_style(self, run: etree._Element) -> RunStyle | None:
        """The run's resolved size/bold/italic; None for hidden text."""
        rpr = run.find(W_RPR)
        if rpr is None:
            return self._styles.run(self._paragraph_style, None, _UNSET)
        direct, run_style, hidden = _run_properties(rpr)
        return None if hidden else self._styles.run(self._paragraph_style, run_style, direct)

    def _run(
        self,
        run: etree._Element,
        style: RunStyle | None,
        line: _LineBuilder,
        boxes: list[etree._Element],
        link: str | None,
    ) -> None:
        for element in run:
            tag = element.tag
            if tag == W_T:
                if element.text:
                    self._text(element.text, style, line, link)
            elif tag in (W_TAB, W_PTAB):
                self._text("\t", style, line, link)
            elif tag == W_NO_BREAK_HYPHEN:
                self._text("-", style, line, link)
            elif tag == W_BR:
                if element.get(W_TYPE) == "page" and not self._rendered_breaks:
                    self._next_page(line)
                else:
                    line.break_line()
            elif tag == W_CR:
                line.break_line()
            elif tag == W_LAST_RENDERED_BREAK:
                if self._rendered_breaks:
                    self._next_page(line)
            elif tag == W_FLD_CHAR:
                self._field_char(element.get(W_FLD_CHAR_TYPE))
            elif tag == W_INSTR_TEXT:
                if self._fields and not self._fields[-1].in_result and element.text:
                    self._fields[-1].instruction += element.text
            elif tag in (W_DRAWING, W_PICT):
                _collect_text_boxes(element, boxes)
            elif tag == MC_ALTERNATE:
                found = len(boxes)
                choice = element.find(MC_CHOICE)
                if choice is not None:
                    self._run(choice, style, line, boxes, link)
                fallback = element.find(MC_FALLBACK)
                if len(boxes) == found and fallback is not None:
                    # A Fallback is only read for a text box its Choice did not show.
                    _collect_text_boxes(fallback, boxes)

    def _next_page(self, line: _LineBuilder) -> None:
        if self._counts_pages:
            self.page += 1
            line.break_page(self.page)
        else:
            line.break_line()

    def _text(self, text: str, style: RunStyle | None, line: _LineBuilder, link: str | None) -> None:
        if style is None:
            return
        for open_field in self._fields:
            if not open_field.in_result or open_field.hides_result:
                return
            link = open_field.link or link
        line.add(text, style, link)

    def _field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self._fields.append(_Field())
        elif kind == "separate" and self._fields:
            self._start_field_result()
        elif kind == "end" and self._fields:
            self._fields.pop()

    def _start_field_result(self) -> None:
        current = self._fields[-1]
        current.start_result()
        self._page_number_seen = self._page_number_seen or current.hides_result
        if current.link:
            self._links[current.link] = None

    def _table(self, table: etree._Element, region: Region, out: list[Block]) -> None:
        for row in _children(table, W_TR):
            # Cells sit side by side: each starts on the row's page, the row ends where the longest ends.
            start = end = self.page
            cells: list[list[Block]] = []
            for cell in _children(row, W_TC):
                self.page = start
                blocks: list[Block] = []
                self.read(cell, region, blocks)
                cells.append(blocks)
                end = max(end, self.page)
            self.page = end
            _emit_row(cells, region, out)


def _emit_row(cells: list[list[Block]], region: Region, out: list[Block]) -> None:
    """A layout row (several long cells) cell after cell; a row of short cells zipped line by line."""
    filled = [cell for cell in cells if cell]
    long_cells = sum(
        1 for cell in filled if sum(block.region == region for block in cell) >= LAYOUT_CELL_MIN_PARAGRAPHS
    )
    if len(filled) <= 1 or long_cells >= LAYOUT_MIN_LONG_CELLS:
        for cell in filled:
            out.extend(cell)
        return
    columns = [[line for block in cell if block.region == region for line in block.lines] for cell in filled]
    columns = [column for column in columns if column]
    if columns:
        depth = max(len(column) for column in columns)
        out.append(Block([_joined([c[i] for c in columns if i < len(c)]) for i in range(depth)], region))
    # Text boxes anchored in the cells follow the row they belong to.
    out.extend(block for cell in filled for block in cell if block.region != region)


def _joined(parts: list[Line]) -> Line:
    spans: list[Span] = []
    for index, part in enumerate(parts):
        if index:
            spans.append(Span(CELL_SEPARATOR))
        spans.extend(part.spans)
    return Line(spans, page=min(part.page for part in parts))
