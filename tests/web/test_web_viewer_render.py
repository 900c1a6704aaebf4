"""The viewer's rendering helpers keep offsets exact: marks hold exactly the cited source text."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from index.tables import table_blocks
from service.render.html import CitedRange, ProseSegment, document_view


class Texts(HTMLParser):
    """All text, and the text inside <mark> elements, of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.marked: list[str] = []
        self.depth = 0
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.depth += tag == "mark"

    def handle_endtag(self, tag):
        self.depth -= tag == "mark"

    def handle_data(self, data):
        self.text.append(data)
        if self.depth:
            self.marked.append(data)


def prose_texts(view) -> Texts:
    parser = Texts()
    for segment in view.segments:
        if isinstance(segment, ProseSegment):
            parser.feed(str(segment.html))
    return parser


def prose_of(document) -> str:
    """The body without its pipe-table lines: what the prose segments must show."""
    text, cursor, parts = document.text, document.body_start, []
    for block in table_blocks(document):
        parts.append(text[cursor:block.lines[0][0]])
        cursor = block.lines[-1][1]
    parts.append(text[cursor:])
    return "".join(parts)


def test_prose_keeps_every_character_and_makes_no_markup_of_it(bundle):
    for document in bundle.documents:
        parsed = prose_texts(document_view(document, bundle.tables, None))
        assert "".join(parsed.text) == prose_of(document)
        assert set(parsed.tags) <= {"span"}, "only our own spans: the source's <sup> stays text"


def test_every_passage_marked_in_the_viewer_is_exactly_its_source_text(bundle):
    checked = 0
    for chunk in bundle.chunks:
        document = bundle.document(chunk.document_id)
        view = document_view(document, bundle.tables, CitedRange(chunk.start, chunk.end))
        assert "".join(prose_texts(view).marked) == document.text[chunk.start:chunk.end]
        assert view.has_mark
        checked += 1
    assert checked > 20


@pytest.mark.parametrize("width", [1, 7, 40])
def test_ranges_that_cut_through_markup_still_mark_exact_text(bundle, width):
    document = next(d for d in bundle.documents if "<sup>" in d.text)
    for start in range(document.text.index("<sup>") - 3, document.text.index("<sup>") + 12):
        view = document_view(document, bundle.tables, CitedRange(start, start + width))
        assert "".join(prose_texts(view).marked) == document.text[start:start + width]


def test_a_cited_table_row_marks_its_cells_and_a_column_marks_one_cell(bundle):
    table = bundle.tables[0]
    document = bundle.document(table.document_id)
    row = table.rows[0]
    view = document_view(document, bundle.tables, CitedRange(row.start, row.end))
    drawn = next(s for s in view.segments if getattr(s, "title", None) == table.title)
    cited = [r for r in drawn.rows if r.cited]
    assert [r.line for r in cited] == [row.line]
    assert [c.marked for c in cited[0].cells][0] == row.label
    assert sum(c.mark_id for r in drawn.rows for c in r.cells) == 1

    column = table.columns[2]
    view = document_view(document, bundle.tables, CitedRange(row.start, row.end, column.key))
    drawn = next(s for s in view.segments if getattr(s, "title", None) == table.title)
    marked = [c.marked for r in drawn.rows for c in r.cells if c.marked]
    assert len(marked) == 1 and float(marked[0]) == table.value(row.key, column.key)


def test_the_header_spans_groups_over_their_columns(bundle):
    for table in bundle.tables:
        document = bundle.document(table.document_id)
        drawn = next(s for s in document_view(document, bundle.tables, None).segments
                     if getattr(s, "title", None) == table.title and len(s.rows) == len(table.rows))
        spanned = sum(cell.colspan for cell in drawn.header[0])
        assert spanned == 1 + len(table.columns)
        if len(drawn.header) == 2:
            grouped = [c for c in table.columns if c.group]
            assert [cell.text for cell in drawn.header[1]] == [c.label for c in grouped]
