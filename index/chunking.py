"""Splitting a document's prose into passages that follow its structure.

Blocks are the text between blank lines. Headings set the section of the
passages after them; pipe tables are left to ``index.tables``; a notes
section is chunked one note at a time so footnotes never mix with the body;
a short run of blocks fenced by horizontal rules with no heading (a cover
page), a section under a boilerplate heading ("Recommended Citation") and
boilerplate lines are kept as ``furniture`` (a fenced box of sentences, such as
an author's biography, as an ``aside``), and
dash-wrapped lines under a table title as ``caption``, so ranking can weigh
them down.
A paragraph cut by a page break (it ends mid-sentence and the next block
starts with a word, not list or quote markup) is joined back into one passage.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .analysis import fold
from .corpus import Document
from .sentences import sentence_spans

BODY, NOTES, FURNITURE, CAPTION, ASIDE = "body", "notes", "furniture", "caption", "aside"
MAX_PASSAGE_WORDS = 220
NOTES_HEADINGS = frozenset({"notes", "notas", "endnotes", "references", "referencias", "footnotes"})

BLOCK_RE = re.compile(r"\S(?:.|\n(?![ \t]*\n))*")
HEADING_RE = re.compile(r"^#{1,6}\s+(.*)$")
RULE_RE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")
CAPTION_RE = re.compile(r"^(?:-\s.*\s-\s*(?:\n|$))+$")
NOTE_ITEM_RE = re.compile(r"^\s*\d+[.)]\s+\S")
PAGE_HEADING_RE = re.compile(r"^(?:pdf\s+)?(?:page|pagina|pag\.)\s*\d+(?:\s+(?:of|de)\s+\d+)?$")
SENTENCE_END_RE = re.compile(r"[.!?:;\"”’)]\s*(?:<sup>\d+</sup>)?$")


@dataclass(frozen=True)
class Chunk:
    id: str
    document_id: str
    section: str
    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Block:
    start: int
    end: int
    text: str


@lru_cache(maxsize=None)
def furniture_patterns() -> tuple[re.Pattern, ...]:
    lines = (Path(__file__).parent / "data" / "furniture.txt").read_text(encoding="utf-8").splitlines()
    return tuple(re.compile(line) for line in lines if line.strip() and not line.startswith("#"))


def blocks(text: str, start: int, end: int) -> list[Block]:
    return [Block(start + m.start(), start + m.end(), m.group().rstrip())
            for m in BLOCK_RE.finditer(text[start:end])]


def heading_text(block: Block, markdown: bool) -> str | None:
    """The heading a block stands for: a Markdown ``#`` line, or, in a plain-text
    document (one without Markdown headings), a short all-capitals line."""
    if "\n" in block.text:
        return None
    match = HEADING_RE.match(block.text)
    if match:
        return match.group(1).strip(" *_")
    if markdown:
        return None
    # Ordinal suffixes ("2da VUELTA") are lower case even in an all-capitals heading.
    letters = [c for word in block.text.split() if not word[0].isdigit() for c in word if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters) and len(block.text.split()) <= 30:
        return block.text.strip()
    return None


def is_table(block: Block) -> bool:
    return all(line.lstrip().startswith("|") for line in block.text.splitlines())


def section_kind(heading: str) -> str:
    folded = fold(heading)
    if folded in NOTES_HEADINGS:
        return NOTES
    if PAGE_HEADING_RE.match(folded):   # "## Page 2" marks where a page begins: its text is the body's
        return BODY
    return FURNITURE if any(p.search(folded) for p in furniture_patterns()) else BODY


def is_furniture(block: Block) -> bool:
    folded = fold(block.text.strip())
    if any(p.search(folded) for p in furniture_patterns()):
        return True
    # A short fragment with no sentence in it: a byline, a date, a volume number.
    return len(block.text.split()) < 8 and not SENTENCE_END_RE.search(block.text)


def continues(previous: Block, following: Block, source: str) -> bool:
    """True when a page break cut a paragraph: ``following`` carries on ``previous``."""
    gap = source[previous.end:following.start]
    return (not gap.strip() and not SENTENCE_END_RE.search(previous.text)
            and following.text[:1].isalnum())


def split_long(block: Block, source: str) -> list[Block]:
    """Cut an overlong paragraph at sentence boundaries into passages of bounded size."""
    if len(block.text.split()) <= MAX_PASSAGE_WORDS:
        return [block]
    pieces: list[Block] = []
    current: list[tuple[int, int]] = []
    words = 0
    for s, e in sentence_spans(block.text, block.start):
        n = len(source[s:e].split())
        if current and words + n > MAX_PASSAGE_WORDS:
            pieces.append(Block(current[0][0], current[-1][1], source[current[0][0]:current[-1][1]]))
            current, words = [], 0
        current.append((s, e))
        words += n
    if current:
        pieces.append(Block(current[0][0], current[-1][1], source[current[0][0]:current[-1][1]]))
    return pieces


def fenced_blocks(all_blocks: list[Block], markdown: bool) -> set[int]:
    """Indexes of blocks in a short headingless run between two horizontal rules."""
    rules = [i for i, b in enumerate(all_blocks) if RULE_RE.match(b.text.strip())]
    fenced: set[int] = set()
    for opening, closing in zip(rules, rules[1:]):
        inside = range(opening + 1, closing)
        if 0 < len(inside) <= 2 and all(heading_text(all_blocks[i], markdown) is None for i in inside):
            fenced.update(inside)
    return fenced


def chunk_document(document: Document) -> list[Chunk]:
    source = document.text
    section = document.title
    kind_of_section = BODY
    passages: list[tuple[Block, str, str]] = []  # (block, section, kind)
    all_blocks = blocks(source, document.body_start, len(source))
    markdown = any(HEADING_RE.match(b.text) for b in all_blocks)
    fenced = fenced_blocks(all_blocks, markdown)
    for index, block in enumerate(all_blocks):
        if RULE_RE.match(block.text.strip()) or is_table(block):
            continue
        heading = heading_text(block, markdown)
        if heading is not None:
            section = heading
            kind_of_section = section_kind(heading)
            continue
        if kind_of_section == NOTES:
            passages.extend((item, section, NOTES) for item in note_items(block))
            continue
        if kind_of_section == FURNITURE:
            kind = FURNITURE
        elif CAPTION_RE.match(block.text):
            kind = CAPTION
        elif index in fenced and len(sentence_spans(block.text, 0)) >= 2:
            kind = ASIDE   # a box of prose (an author's biography) says things, if less than the body
        elif index in fenced or is_furniture(block):
            kind = FURNITURE
        else:
            kind = BODY
        if passages and kind == BODY and passages[-1][2] == BODY and continues(passages[-1][0], block, source):
            previous = passages.pop()[0]
            block = Block(previous.start, block.end, source[previous.start:block.end])
        passages.append((block, section, kind))
    chunks: list[Chunk] = []
    for block, block_section, kind in passages:
        for piece in split_long(block, source):
            chunks.append(Chunk(
                id=f"{document.id}#p{len(chunks) + 1}", document_id=document.id,
                section=block_section, kind=kind, start=piece.start, end=piece.end,
                text=source[piece.start:piece.end],
            ))
    return chunks


def note_items(block: Block) -> list[Block]:
    """One block per numbered note; continuation lines stay with their note."""
    items: list[Block] = []
    offset = block.start
    for line in block.text.split("\n"):
        if NOTE_ITEM_RE.match(line) or not items:
            items.append(Block(offset, offset + len(line), line))
        else:
            last = items.pop()
            text = block.text[last.start - block.start:offset - block.start + len(line)]
            items.append(Block(last.start, offset + len(line), text))
        offset += len(line) + 1
    return [Block(b.start + len(b.text) - len(b.text.lstrip()), b.end, b.text.strip()) for b in items if b.text.strip()]
