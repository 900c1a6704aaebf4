"""Reading the corpus: Markdown/text files with a front-matter block.

A document's ``text`` is the whole file as it is on disk, front matter
included, so that every character offset a citation carries points into the
file a reader can open.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
import re
from pathlib import Path

from .analysis import fold

WORD_RE = re.compile(r"\w+")
REQUIRED_FIELDS = ("id", "title", "author", "publisher", "date", "language", "source_url")
CORPUS_SUFFIXES = (".md", ".txt")
# How a document writes its numbers (front matter ``number_format``); see index/numbers.py.
DECIMAL_POINT, DECIMAL_COMMA = "decimal_point", "decimal_comma"
NUMBER_FORMATS = (DECIMAL_POINT, DECIMAL_COMMA)


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    author: str
    publisher: str
    date: str
    language: str
    source_url: str
    path: str
    text: str
    body_start: int
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def body(self) -> str:
        return self.text[self.body_start:]

    @cached_property
    def content_hash(self) -> str:
        """The version of the text: citations carry it, so a viewer can tell that the file changed."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]

    def line_of(self, offset: int) -> int:
        """1-based line number of a character offset in the file."""
        return self.text.count("\n", 0, offset) + 1

    @property
    def number_format(self) -> str | None:
        """The declared number convention, or None to infer it from the tables."""
        declared = str(self.extra.get("number_format", "")).strip().strip("'\"")
        return declared if declared in NUMBER_FORMATS else None

    def metadata(self) -> dict:
        return {
            "id": self.id, "title": self.title, "author": self.author,
            "publisher": self.publisher, "date": self.date,
            "language": self.language, "source_url": self.source_url,
            **self.extra, "content_hash": self.content_hash,
        }


class CorpusError(ValueError):
    pass


def parse_front_matter(text: str, path: str = "<text>") -> tuple[dict, int]:
    """Return the ``key: value`` pairs of a leading ``---`` block and where the body starts."""
    if not text.startswith("---\n"):
        raise CorpusError(f"{path}: missing front-matter block (a first line '---')")
    end = text.find("\n---\n", 3)
    if end < 0:
        raise CorpusError(f"{path}: front-matter block is not closed by '---'")
    meta: dict[str, str | dict[str, str]] = {}
    block: dict[str, str] | None = None   # the indented pairs under a key with no value ("aliases:")
    for number, line in enumerate(text[4:end].split("\n"), start=2):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise CorpusError(f"{path}:{number}: expected 'key: value', got {line!r}")
        if line[0] in " \t":
            if block is None:
                raise CorpusError(f"{path}:{number}: an indented line must follow a key with no value")
            block[key.strip()] = value.strip()
        elif value.strip():
            meta[key.strip()], block = value.strip(), None
        else:
            block = meta[key.strip()] = {}
    return meta, end + len("\n---\n")


def read_document(path: Path) -> Document:
    text = path.read_text(encoding="utf-8")
    meta, body_start = parse_front_matter(text, str(path))
    missing = [k for k in REQUIRED_FIELDS if not isinstance(meta.get(k), str) or not meta.get(k)]
    if missing:
        raise CorpusError(f"{path}: front matter lacks {', '.join(missing)}")
    declared = meta.get("number_format", "").strip("'\"")
    if declared and declared not in NUMBER_FORMATS:
        # A misspelt convention would otherwise be ignored silently and the numbers misread.
        raise CorpusError(f"{path}: number_format must be one of {', '.join(NUMBER_FORMATS)}, got {declared!r}")
    check_aliases(meta.get("aliases"), text[body_start:], path)
    known = {k: meta.pop(k) for k in REQUIRED_FIELDS}
    return Document(**known, path=str(path), text=text, body_start=body_start, extra=meta)


def check_aliases(aliases: object, body: str, path: Path) -> None:
    """``aliases:`` gives other names of things the document prints ("Ana Torres: Anita").
    A label the document does not print is a mistake that would otherwise pass silently."""
    if aliases is None:
        return
    if not isinstance(aliases, dict):
        raise CorpusError(f"{path}: 'aliases' must be a block of indented 'label: alias, alias' lines")
    printed = " " + " ".join(WORD_RE.findall(fold(body))) + " "
    for label in aliases:
        if " " + " ".join(WORD_RE.findall(fold(label))) + " " not in printed:
            raise CorpusError(f"{path}: the alias label {label!r} is not printed in the document")


def corpus_files(corpus_dir: Path) -> list[Path]:
    return sorted(p for p in Path(corpus_dir).iterdir()
                  if p.suffix in CORPUS_SUFFIXES and not p.name.startswith((".", "README")))


def load_corpus(corpus_dir: Path) -> list[Document]:
    documents = [read_document(p) for p in corpus_files(corpus_dir)]
    seen: set[str] = set()
    for doc in documents:
        if doc.id in seen:
            raise CorpusError(f"duplicate document id {doc.id!r}")
        seen.add(doc.id)
    return documents


def corpus_checksum(corpus_dir: Path) -> str:
    """SHA-256 over file names and contents: any edit, addition or removal changes it."""
    digest = hashlib.sha256()
    for path in corpus_files(corpus_dir):
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()
