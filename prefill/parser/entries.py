"""Dated entries (jobs, degrees, certificates): split a section into entries, then name their parts.

Segmentation leans on what every CV template keeps constant within a section: each entry carries
one date (range), and the date sits at the same place in every entry (first line, second line, in a
left column, right-aligned). So the number of header lines before the first date is the template's
offset, and each later date starts an entry that many lines earlier. Sections without dates fall
back to layout: a label cell in a left column, bold lines, or header lines after description lines.

Naming the parts of an entry's header (title vs employer, degree vs school) uses cue words and
spaCy's NER per part, and then the section's majority order for parts that carry no cue, because a
template prints every entry the same way.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from prefill.parser import dates, geo, lexicon
from prefill.parser.document import CELL_SEPARATOR, Block, Line, Span, split_line_at_tab
from prefill.parser.nlp import CUES_KEY
from prefill.parser.text import clean, fold, starts_with_bullet, strip_bullet

MAX_HEADER_OFFSET = 3
"""At most this many header lines stand before an entry's date line."""

DESCRIPTION_MIN_CHARS = 90
"""A line longer than this is description text, not an entry header."""

SENTENCE_MIN_WORDS = 4
"""A line ending with a full stop and with at least this many words is a sentence (description)."""

INDENT_MIN_PT = 6.0
"""A PDF line indented this far past the section's left edge is description (bullets, details)."""

DATE_LINE_MAX_WORDS = 8
"""A bulleted line with a date and at most this many words is a date line, not a description item."""

PLACE_MAX_WORDS = 4
"""A line after an entry's date with at most this many capitalised words is the entry's place."""

MAX_PART_WORDS = 14
"""Header parts longer than this are description, not a title or an organisation."""

PAIR_SEARCH_PARTS = 4
"""Roles are looked for among an entry header's first parts (later ones are extras)."""

LEADING_CUE_LABELS = frozenset({"TITLE", "DEGREE"})
"""Cues that weigh more at the start of a part: `Master en ...`, `Ingeniero de ...`."""

NER_WEIGHT = 0.6
"""Weight of a statistical ORG entity against one cue word."""

# Separators between header parts, strongest first. A spaced hyphen or dash separates parts;
# an unspaced one is part of a word ("Co-Founder", "Paris-Panthéon-Assas").
_PART_SEPARATORS = re.compile(
    r"\s*\t\s*|\s+[|·•⋅∙]\s+|\s+[–—]\s+|\s+-\s+|\s*\|\s*| @ | at | chez | en el | en la "
)
_LOCATION_REGION = re.compile(r"^[^,]{2,40},\s*(?:[A-Z]{2}|[A-Z][a-z]+\.?)$")
_US_STATE = re.compile(r",\s*[A-Z]{2}$")
_ABBREVIATED_DEGREE = re.compile(
    r"^(?P<abbreviation>[A-Z][A-Za-z.]{0,5}[A-Z][a-z]?\.?|[A-Z]{2,5})(?:\s*\((?:Hons?|Honours|Honors)\.?\))?(?=\s)"
)
"""A degree abbreviation at the start of a part (`MSc`, `BA (Hons)`, `Ph.D.`, `MBA`)."""
_DEGREE_WORDS_BARE = {word.rstrip(".") for word in lexicon.DEGREE_WORDS}
_LEADING_SEPARATORS = "—–-|·,"
_DANGLING = re.compile(r"[–—-]\s*$")
_ENDS_OPEN = re.compile(r"(?:[^\W\d_]-|[,–—&]|\s(?:de|of|y|et|and|du|del|des|la|the))$")
_COMMA_BEFORE_CLOSE = re.compile(r"\s*,\s*\)")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")
_TRAILING_PUNCT = re.compile(r"^[\s,;:.·|–—-]+|[\s,;:·|–—-]+$")


@dataclass(slots=True)
class Part:
    """One piece of an entry header: the text as printed and where it was printed."""

    text: str
    line: Line
    doc: Doc | None = None

    @property
    def page(self) -> int:
        return self.line.page


@dataclass(slots=True)
class Entry:
    parts: list[Part] = field(default_factory=list)
    date: dates.DateRange | None = None
    date_text: str = ""
    date_line: Line | None = None
    locations: list[Part] = field(default_factory=list)
    description: list[Line] = field(default_factory=list)


@dataclass(slots=True)
class _Row:
    block: Block
    line: Line
    text: str
    is_description: bool
    date: dates.DateRange | None
    date_cell: str


# --- segmentation -----------------------------------------------------------------------------


def segment(lines: list[tuple[Block, Line]], *, one_per_item: bool = False) -> list[Entry]:
    """Split a section's lines into entries (document order).

    `one_per_item`: list items are entries, not descriptions (a list of certificates).
    """
    rows = [_row(block, line, item=one_per_item) for block, line in lines if line.text.strip()]
    if not rows:
        return []
    if one_per_item:
        starts = [i for i, row in enumerate(rows) if not row.is_description or i == 0]
    else:
        rows = _join_split_dates(rows)
        _mark_indented(rows)
        _mark_description_continuations(rows)
        rows = _join_wrapped(rows)
        starts = _starts_from_dates(rows) or _starts_from_layout(rows)
    entries = []
    for index, start in enumerate(starts):
        stop = starts[index + 1] if index + 1 < len(starts) else len(rows)
        entries.append(_build_entry(rows[start:stop], split_commas=not one_per_item))
    return [entry for entry in entries if entry.parts or entry.date]


def _row(block: Block, line: Line, *, item: bool = False) -> _Row:
    """`item`: the line is one item of a list of entries (a certificate), not a description bullet."""
    text = line.text
    date, date_cell = None, ""
    cells = _cells(text)
    bulleted = starts_with_bullet(text) and not item
    for position, cell in enumerate(cells):
        found = dates.find_date_range(cell)
        if found is not None and _is_entry_date(cell, found, side_cell=position > 0, bulleted=bulleted):
            date, date_cell = found, cell
            break
    stripped = clean(text.replace("\t", " "))
    emphasised = line.bold or (block.style or "").lower().startswith("heading")
    is_description = (bulleted and not _is_date_line(stripped, date)) or (
        not emphasised and _is_sentence(stripped, has_date=date is not None)
    )
    return _Row(
        block=block, line=line, text=text, is_description=is_description, date=date, date_cell=date_cell
    )


def _mark_indented(rows: list[_Row]) -> None:
    """Lines indented past the entries' text edge are details (bullet text without a glyph).

    The edge is the usual left edge of header lines or, when dates sit in a left column, where the
    text right of the dates starts.
    """
    date_column = [
        x
        for row in rows
        if row.date is not None and row.date.begin == 0
        for x in [_text_x(row.line)]
        if x is not None
    ]
    if date_column:
        edge = Counter(round(x) for x in date_column).most_common(1)[0][0]
        starts = {id(row): _text_x(row.line) or row.line.x0 for row in rows}
    else:
        if any(row.date is not None and row.date.begin == 0 for row in rows):
            return  # dates first on the line, with no cell gap: the text edge is unknown
        edges = Counter(round(row.line.x0) for row in rows if row.line.x0 > 0 and not row.is_description)
        if not edges:
            return
        edge = min(x for x, count in edges.items() if count * 4 >= max(edges.values()))
        starts = {id(row): row.line.x0 for row in rows}
    for row in rows:
        x = starts[id(row)]
        if (
            x > edge + INDENT_MIN_PT
            and row.date is None
            and not row.line.bold
            and (
                row.line.x1 - x > INDENT_MIN_PT * 10  # not a short right-aligned cell
            )
        ):
            row.is_description = True


def _mark_description_continuations(rows: list[_Row]) -> None:
    """A line going on in lower case after a description line is more description (a wrapped bullet),
    even when it ends with a year."""
    for previous, row in zip(rows, rows[1:], strict=False):
        starts_with_date = (
            row.date is not None and row.date.begin == 0 and row.date_cell == _cells(row.text)[0]
        )
        if previous.is_description and row.text.lstrip()[:1].islower() and not starts_with_date:
            row.is_description, row.date = True, None


def _text_x(line: Line) -> float | None:
    """Where the text after a line's first cell gap starts (PDF only), or None."""
    after_gap = False
    for span in line.spans:
        if after_gap and span.text.strip():
            return span.x0 or None
        after_gap = after_gap or CELL_SEPARATOR in span.text
    return None


def _join_split_dates(rows: list[_Row]) -> list[_Row]:
    """A date range wrapped in a narrow column (`septiembre de 2017 –` / `marzo de 2021`) is re-joined:
    the next line's first cell completes the range and leaves that line."""
    joined: list[_Row] = []
    index = 0
    while index < len(rows):
        row = rows[index]
        following = rows[index + 1] if index + 1 < len(rows) else None
        dash_end = _dangling_dash_end(row)
        if dash_end is not None and following is not None:
            head, tail = split_line_at_tab(following.line)
            completed = f"{row.date_cell[:dash_end].rstrip()} {head.text.strip()}"
            found = dates.find_date_range(completed)
            if found is not None and not found.single and found.stop > dash_end:
                cell = clean(f"{completed} {row.date_cell[dash_end:]}")
                joined.append(_row(row.block, _replace_cell(row.line, row.date_cell, cell)))
                if tail is not None and tail.text.strip():
                    joined.append(_row(following.block, tail))
                index += 2
                continue
        joined.append(row)
        index += 1
    return joined


def _dangling_dash_end(row: _Row) -> int | None:
    """Where the dash after a row's start date ends, when the range's end was wrapped away."""
    if row.date is None or not row.date.single:
        return None
    cell, stop = row.date_cell, row.date.stop
    if _DANGLING.search(cell[:stop]):
        return stop
    match = re.match(r"\s*[–—-]\s*", cell[stop:])
    return stop + match.end() if match else None


def _replace_cell(line: Line, old: str, new: str) -> Line:
    """The line with one cell's text replaced; the position where its text column starts is kept."""
    cells = [new if cell == old else cell for cell in _cells(line.text)]
    style = {"size": line.size, "bold": line.bold}
    spans = [Span(text=cells[0], x0=line.x0, **style)]
    if len(cells) > 1:
        rest = CELL_SEPARATOR.join(cells[1:])
        spans += [Span(text=CELL_SEPARATOR, **style), Span(text=rest, x0=_text_x(line) or 0.0, **style)]
    return Line(spans=spans, page=line.page, x0=line.x0, top=line.top, x1=line.x1, bottom=line.bottom)


def _join_wrapped(rows: list[_Row]) -> list[_Row]:
    """Re-join a header line that wrapped: the next line goes on in lower case, or this one ends on a
    hyphen, comma or dash."""
    joined: list[_Row] = []
    for row in rows:
        previous = joined[-1] if joined else None
        dangling = row.text.lstrip()[:1] in "—–-" and len(row.text.split()) <= PLACE_MAX_WORDS + 1
        if (
            previous is not None
            and not previous.is_description
            and (not row.is_description or dangling)
            and (_continues(previous.text, row.text))
        ):
            joined[-1] = _row(previous.block, _merge_lines(previous.line, row.line))
        else:
            joined.append(row)
    return joined


def _continues(previous: str, text: str) -> bool:
    cells, next_cells = _cells(previous), _cells(text)
    if not cells or not next_cells or dates.is_date_only(next_cells[0]):
        return False
    first = next_cells[0]
    return (
        first[0].islower()
        or first[0] in _LEADING_SEPARATORS
        or _wrap_target(cells) is not None
        and _ENDS_OPEN.search(cells[_wrap_target(cells)])
    )


def _wrap_target(cells: list[str]) -> int | None:
    """The cell that wrapped: the first ending open (hyphen, comma, dash), else None."""
    for index, cell in enumerate(cells):
        if _ENDS_OPEN.search(cell):
            return index
    return None


def _merge_lines(first: Line, second: Line) -> Line:
    cells, extra = _cells(first.text), _cells(second.text)
    target = _wrap_target(cells)
    if target is None:
        # Lower-case continuation: it extends the widest cell (the main text), not a side cell.
        target = max(range(len(cells)), key=lambda i: len(cells[i]))
    head = cells[target]
    if re.search(r"[^\W\d_]-$", head):
        cells[target] = head[:-1] + extra[0]  # a word hyphenated at the line end
    else:
        cells[target] = f"{head} {extra[0]}"
    text = "\t".join(cells + extra[1:])
    return Line(
        spans=[Span(text=text, size=first.size, bold=first.bold)],
        page=first.page,
        x0=first.x0,
        top=first.top,
        x1=max(first.x1, second.x1),
        bottom=second.bottom,
    )


def _is_entry_date(cell: str, date: dates.DateRange, *, side_cell: bool, bulleted: bool) -> bool:
    """A date that dates an entry, not a year in a description ("paper at the Vision Summit 2022")."""
    rest = clean(cell[: date.begin] + " " + cell[date.stop :])
    if side_cell or dates.is_date_only(cell):
        return True
    if bulleted:
        at_an_end = not strip_bullet(cell[: date.begin]).strip() or not cell[date.stop :].strip(" .,;)–—-")
        return at_an_end and len(strip_bullet(rest).split()) <= PLACE_MAX_WORDS - 1
    if date.single:
        # A lone year inside a sentence is not an entry date; at either end of a header it is.
        return not cell[: date.begin].strip() or not cell[date.stop :].strip(" .,;)–—-")
    return True


def _is_date_line(text: str, date: dates.DateRange | None) -> bool:
    """A list item that only holds the entry's dates (and maybe its place) is part of the header."""
    return date is not None and len(strip_bullet(text).split()) <= DATE_LINE_MAX_WORDS


def _is_sentence(text: str, *, has_date: bool) -> bool:
    if has_date:
        return False
    if len(text) > DESCRIPTION_MIN_CHARS:
        return True
    words = text.split()
    lower = sum(1 for word in words if word[:1].islower())
    return len(words) >= SENTENCE_MIN_WORDS and text.endswith((".", ";")) and lower * 2 >= len(words)


def _starts_from_dates(rows: list[_Row]) -> list[int]:
    anchors = [i for i, row in enumerate(rows) if row.date is not None]
    if not anchors:
        return []
    offset = min(_header_lines_before(rows, anchors[0], floor=0), MAX_HEADER_OFFSET)
    starts = []
    floor = 0
    for anchor in anchors:
        if starts and anchor < floor:
            continue  # a second date inside one entry's header (e.g. a date on the next line)
        start = max(anchor - min(offset, _header_lines_before(rows, anchor, floor=floor)), floor)
        if starts and start <= starts[-1]:
            continue
        starts.append(start)
        floor = anchor + 1
    if starts[0] != 0 and not all(rows[i].is_description for i in range(starts[0])):
        # Lines before the first entry that are not description belong to it (a longer header).
        starts[0] = 0
    return starts


def _header_lines_before(rows: list[_Row], anchor: int, *, floor: int) -> int:
    count = 0
    index = anchor - 1
    while index >= floor and not rows[index].is_description and rows[index].date is None:
        count += 1
        index -= 1
    return count


def _starts_from_layout(rows: list[_Row]) -> list[int]:
    labelled = [i for i, row in enumerate(rows) if _has_label_cell(row)]
    if labelled:
        return labelled if labelled[0] == 0 else [0, *labelled]
    bold = [i for i, row in enumerate(rows) if row.line.bold and not row.is_description]
    if bold and len(bold) < len(rows):
        starts = [i for i in bold if i == 0 or not rows[i - 1].line.bold]
        return starts if starts[0] == 0 else [0, *starts]
    starts = [0]
    for i in range(1, len(rows)):
        if not rows[i].is_description and rows[i - 1].is_description:
            starts.append(i)
    return starts


def _has_label_cell(row: _Row) -> bool:
    head, tail = split_line_at_tab(row.line)
    return tail is not None and 0 < len(head.text.split()) <= 3 and bool(tail.text.strip())


def _build_entry(rows: list[_Row], *, split_commas: bool = True) -> Entry:
    entry = Entry()
    parts_before_date = False
    for row in rows:
        if row.date is not None and entry.date is None:
            entry.date, entry.date_text, entry.date_line = row.date, row.date_cell, row.line
            parts_before_date = bool(entry.parts)
        if (
            row.is_description
            and not entry.description
            and entry.date is not None
            and not entry.locations
            and row.date is None
            and _is_place_line(strip_bullet(row.text))
        ):
            entry.locations.append(Part(text=clean(strip_bullet(row.text)), line=row.line))
        elif row.is_description or entry.description:
            entry.description.append(row.line)
            _take_side_cells(entry, row)
        elif entry.date is not None and row.date is None and parts_before_date:
            # After a header that already named the job, the date line may be followed by the place;
            # anything else is the description (list items printed without bullets).
            if _is_place_line(row.text) and not entry.locations:
                entry.locations.append(Part(text=clean(row.text.replace("\t", " ")), line=row.line))
            else:
                entry.description.append(row.line)
        else:
            _take_header_line(entry, row, split_commas=split_commas)
    return entry


def _is_place_line(text: str) -> bool:
    text = clean(text.replace("\t", " "))
    if looks_like_location(text):
        return True
    words = text.split()
    return (
        0 < len(words) <= PLACE_MAX_WORDS
        and not any(ch.isdigit() for ch in text)
        and text[0].isupper()
        and sum(w[0].isupper() for w in words) * 2 >= len(words)
    )


def _take_side_cells(entry: Entry, row: _Row) -> None:
    """Cells beside a description line (right-aligned dates and places) belong to the entry."""
    cells = _cells(row.text)
    for cell in cells[1:]:
        if looks_like_location(cell):
            entry.locations.append(Part(text=cell, line=row.line))


def _take_header_line(entry: Entry, row: _Row, *, split_commas: bool = True) -> None:
    cells = _cells(row.text)
    for position, cell in enumerate(cells):
        if position > 0 and position == len(cells) - 1 and _is_place_cell(cell):
            entry.locations.append(Part(text=cell, line=row.line))
            continue
        text = cell
        if row.date is not None and cell == row.date_cell and row.line is entry.date_line:
            text = _remove_span(cell, row.date.begin, row.date.stop)
        duration = dates.find_duration(text)
        if duration is not None:
            text = _remove_span(text, *duration)
        text = _EMPTY_BRACKETS.sub("", _COMMA_BEFORE_CLOSE.sub(")", _strip_date_label(text)))
        for piece in _PART_SEPARATORS.split(text):
            piece = _TRAILING_PUNCT.sub("", strip_bullet(piece))
            if not piece or len(piece.split()) > MAX_PART_WORDS:
                continue
            rest, location = _peel_location(_split_commas(piece) if split_commas else [piece])
            if location:
                entry.locations.append(Part(text=location, line=row.line))
            entry.parts.extend(Part(text=p, line=row.line) for p in rest)


def _is_place_cell(cell: str) -> bool:
    """A short capitalised cell printed right of an entry's header: the town (`Dakar`, `Genève`)."""
    words = cell.split()
    return (
        0 < len(words) <= PLACE_MAX_WORDS - 1
        and cell[0].isupper()
        and not any(ch.isdigit() for ch in cell)
        and not _has_cue_word(cell)
        and dates.find_date_range(cell) is None
    )


def _peel_location(pieces: list[str]) -> tuple[list[str], str | None]:
    """Split `Employer, City, Country` into ([Employer], `City, Country`)."""
    if len(pieces) == 1:
        return ([], pieces[0]) if looks_like_location(pieces[0]) else (pieces, None)
    last = pieces[-1]
    if not (geo.country_code(last) or re.fullmatch(r"[A-Z]{2}", last)):
        return pieces, None
    before = pieces[-2]
    if (
        len(before.split()) <= PLACE_MAX_WORDS
        and not any(ch.isdigit() for ch in before)
        and (len(pieces) > 2 or not _has_cue_word(before))
    ):
        return pieces[:-2], f"{before}, {last}"
    return pieces[:-1], last


def _has_cue_word(text: str) -> bool:
    return any(word.lower() in _CUE_WORDS for word in text.split())


_CUE_WORDS = lexicon.TITLE_WORDS | lexicon.ORG_WORDS | lexicon.DEGREE_WORDS | lexicon.SCHOOL_WORDS


def _strip_date_label(text: str) -> str:
    return re.sub(r"(?i)^(?:dates?|période|periodo|fecha)\s*:\s*", "", text).strip()


def _split_commas(text: str) -> list[str]:
    """`Title, Employer` -> two parts; a trailing place after the comma is split off too."""
    pieces = [p.strip() for p in re.split(r",\s+", text) if p.strip()]
    if len(pieces) == 1:
        return pieces
    # Keep a comma inside a parenthesis or an organisation's legal suffix ("Acme, Inc.").
    merged: list[str] = []
    for piece in pieces:
        if merged and (merged[-1].count("(") > merged[-1].count(")") or fold(piece) in _LEGAL_SUFFIXES):
            merged[-1] = f"{merged[-1]}, {piece}"
        else:
            merged.append(piece)
    return merged


_LEGAL_SUFFIXES = {"inc", "inc.", "ltd", "ltd.", "llc", "s.a.", "sa", "s.l.", "sl", "gmbh", "plc"}


def _remove_span(text: str, begin: int, stop: int) -> str:
    return clean(f"{text[:begin]} {text[stop:]}")


def _cells(text: str) -> list[str]:
    return [clean(cell) for cell in text.split("\t") if cell.strip()]


def looks_like_location(text: str) -> bool:
    """`Paris, France`, `San Francisco, CA`, `Genève`+country, `London, UK`, a country alone."""
    text = text.strip().rstrip(".")
    if not text or any(ch.isdigit() for ch in text) or len(text) > 60:
        return False
    if geo.country_code(text):
        return True
    pieces = [p.strip() for p in text.split(",")]
    if len(pieces) in (2, 3) and all(0 < len(p.split()) <= 4 for p in pieces):
        last = pieces[-1]
        return bool(geo.country_code(last) or re.fullmatch(r"[A-Z]{2}", last))
    return False


# --- naming the parts -------------------------------------------------------------------------


def annotate(entries: list[Entry], nlp: Language) -> None:
    """Run the spaCy pipeline over every header part (one batch)."""
    parts = [part for entry in entries for part in entry.parts]
    for part, doc in zip(parts, nlp.pipe(part.text for part in parts), strict=True):
        part.doc = doc


def cue_score(part: Part, label: str) -> float:
    if part.doc is None:
        return 0.0
    score = float(sum(1 for span in part.doc.spans.get(CUES_KEY, []) if span.label_ == label))
    if label == "ORG":
        covered = sum(len(ent) for ent in part.doc.ents if ent.label_ == "ORG")
        if covered * 2 >= len(part.doc):
            score += NER_WEIGHT
    return score


def starts_with_cue(part: Part, label: str) -> bool:
    if part.doc is None:
        return False
    return any(span.start == 0 and span.label_ == label for span in part.doc.spans.get(CUES_KEY, []))


@dataclass(slots=True)
class Roles:
    first: Part | None = None
    """Title (experience) or degree (education)."""
    second: Part | None = None
    """Employer (experience) or institution (education)."""
    extra: list[Part] = field(default_factory=list)
    confidence: float = 0.5


def assign_roles(entries: list[Entry], *, first_label: str, second_label: str) -> list[Roles]:
    """For each entry, which part is the title/degree and which the employer/school.

    `first_label`/`second_label` are cue labels (TITLE/ORG or DEGREE/SCHOOL). Each entry decides by
    its cues where they are clear; the others follow the order most entries of the section use.
    """
    votes = 0.0
    decisions: list[tuple[int, int, float] | None] = []
    for entry in entries:
        decision = _best_pair(entry.parts, first_label, second_label)
        decisions.append(decision)
        if decision is not None:
            first, second, margin = decision
            votes += margin if first < second else -margin
    first_before_second = votes >= 0
    result = []
    for entry, decision in zip(entries, decisions, strict=True):
        result.append(_roles_for(entry.parts, decision, first_before_second, first_label, second_label))
    return result


def _best_pair(parts: list[Part], first_label: str, second_label: str) -> tuple[int, int, float] | None:
    """Indexes of the best (first, second) pair among the leading parts, with its margin over the
    same two parts the other way round."""
    candidates = parts[:PAIR_SEARCH_PARTS]
    best: tuple[float, int, int] | None = None
    for i, a in enumerate(candidates):
        for j, b in enumerate(candidates):
            if i != j:
                score = _fit(a, first_label) + _fit(b, second_label)
                if best is None or score > best[0]:
                    best = (score, i, j)
    if best is None:
        return None
    score, i, j = best
    margin = score - (_fit(parts[j], first_label) + _fit(parts[i], second_label))
    if margin <= 0:
        return None
    return i, j, margin


def _fit(part: Part, label: str) -> float:
    score = cue_score(part, label)
    if label in LEADING_CUE_LABELS and starts_with_cue(part, label):
        score += 0.5
    return score


def _roles_for(
    parts: list[Part],
    decision: tuple[int, int, float] | None,
    first_before_second: bool,
    first_label: str,
    second_label: str,
) -> Roles:
    if not parts:
        return Roles(confidence=0.0)
    if len(parts) == 1:
        only = parts[0]
        if _fit(only, second_label) > _fit(only, first_label):
            return Roles(second=only, confidence=0.6)
        return Roles(first=only, confidence=0.6 if _fit(only, first_label) else 0.4)
    if decision is not None:
        first, second, margin = decision
        confidence = 0.9 if margin >= 1 else 0.75
    else:
        first, second = (0, 1) if first_before_second else (1, 0)
        confidence = 0.55
    extra = [part for index, part in enumerate(parts) if index not in (first, second)]
    return Roles(first=parts[first], second=parts[second], extra=extra, confidence=confidence)


def split_degree_from_school(entries: list[Entry], nlp: Language) -> None:
    """`PhD Uppsala University` (degree printed in a narrow column) -> `PhD` + `Uppsala University`."""
    for entry in entries:
        for index, part in enumerate(entry.parts):
            tokens = part.text.split()
            if not starts_with_cue(part, "DEGREE") or len(tokens) < 2 or cue_score(part, "SCHOOL") == 0:
                continue
            cut = 2 if len(tokens) > 2 and re.fullmatch(r"\d+|[IVX]+", tokens[1]) else 1
            rest = " ".join(tokens[cut:])
            if not rest[:1].isupper() or _fit(Part(rest, part.line, nlp(rest)), "SCHOOL") == 0:
                continue
            degree = " ".join(tokens[:cut])
            entry.parts[index : index + 1] = [
                Part(degree, part.line, nlp(degree)),
                Part(rest, part.line, nlp(rest)),
            ]
            break


# --- degree and field -------------------------------------------------------------------------


def _split_abbreviated_degree(text: str) -> tuple[str, str | None]:
    """`MSc Economics` -> (`MSc`, `Economics`); `BA (Hons) English` -> (`BA (Hons)`, `English`)."""
    match = _ABBREVIATED_DEGREE.match(text)
    if match is None or match.group("abbreviation").lower().rstrip(".") not in _DEGREE_WORDS_BARE:
        return text, None
    rest = text[match.end() :].strip(" ,–—-")
    return (match.group(0).strip(), rest) if rest[:1].isupper() else (text, None)


def split_degree(text: str) -> tuple[str, str | None]:
    """`Master en Droit` -> (`Master`, `Droit`); `MBA` -> (`MBA`, None)."""
    lowered = f" {text.lower()} "
    best = None
    for separator in lexicon.DEGREE_FIELD_SEPARATORS:
        position = lowered.find(separator)
        if position > 0 and (best is None or position < best[0]):
            best = (position, separator)
    if best is None:
        return _split_abbreviated_degree(text.strip())
    position, separator = best
    degree = text[: position - 1].strip() if position > 0 else text
    field_of_study = text[position - 1 + len(separator) :].strip()
    return degree or text.strip(), field_of_study or None
