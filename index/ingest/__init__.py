"""Turning an uploaded file into a corpus document: Markdown with front matter.

``convert`` tells the format by content (``sniff``), reads it with its library
(PDF: pdfplumber and pypdf; DOCX: python-docx; XLSX and CSV: pandas; HTML:
BeautifulSoup), writes its headings, paragraphs and tables as the corpus's
Markdown, and fills the front matter from the fields given, else from what the
file says of itself, else from its text (the first heading, the language).
Every refusal is a ``Rejection`` that names the problem.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePath

from ..analysis import detect_language
from ..corpus import REQUIRED_FIELDS, CorpusError, parse_front_matter
from .blocks import Extracted, TableBlock, render
from .html import read_html
from .office import UnreadableFile, read_csv, read_docx, read_xlsx
from .pdf import read_pdf
from .sniff import Rejection, sniff

READERS = {"pdf": read_pdf, "docx": read_docx, "xlsx": read_xlsx, "html": read_html, "csv": read_csv}
SUFFIXES = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx", "html": ".html", "csv": ".csv",
            "markdown": ".md", "text": ".txt"}
FIELDS = (*REQUIRED_FIELDS, "kind")
# What writing programs put where nobody filled a field in: "(anonymous)", "Untitled", "Microsoft Word - x.docx".
PLACEHOLDER_RE = re.compile(r"\(?(anonymous|untitled|unknown|sin título|sin titulo|author|title)\)?|\s*",
                            re.IGNORECASE)
PRODUCER_RE = re.compile(r"^Microsoft (Word|Excel|PowerPoint) - ", re.IGNORECASE)
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
# A heading of the text, not one a reader adds to locate things ("## PDF page 3", "## Sheet Votos").
HEADING_RE = re.compile(r"^#{1,6}\s+(?!(?:PDF page|Sheet) )(.+)$", re.MULTILINE)

__all__ = ["Conversion", "Rejection", "convert", "FIELDS", "SUFFIXES"]


@dataclass
class Conversion:
    id: str
    format: str
    text: str                       # the corpus file: front matter and body
    tables: list[dict] = field(default_factory=list)   # title, shape and source of each table read
    warnings: list[str] = field(default_factory=list)


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:80] or "document"


def one_line(value: str) -> str:
    return " ".join(str(value).split())


def convert(data: bytes, filename: str, fields: dict[str, str | None], max_bytes: int) -> Conversion:
    """The corpus document for an uploaded file. ``fields``: front-matter values the uploader gave
    (id, title, publisher, author, date, language, source_url, kind); None or "" for unknown."""
    found = sniff(data, filename, max_bytes)
    given = {k: one_line(v) for k, v in fields.items() if v and str(v).strip()}
    if found in ("markdown", "text"):
        body, own, extra = markdown_parts(data.decode("utf-8-sig").replace("\r\n", "\n"), filename)
        extracted = Extracted([])
    else:
        try:
            extracted = READERS[found](data, PurePath(filename).name)
        except (UnreadableFile, ValueError) as error:
            raise Rejection(422, "unreadable_file", f"The {found.upper()} file cannot be read: {error}") from None
        body, own, extra = render(extracted.blocks), extracted.metadata, {}
    tables = [b for b in extracted.blocks if isinstance(b, TableBlock)]
    own = {k: PRODUCER_RE.sub("", v).strip() for k, v in own.items() if not PLACEHOLDER_RE.fullmatch(v.strip())}
    meta = front_matter(given, own, body, filename, found, tables)
    if not ID_RE.match(meta["id"]):
        raise Rejection(400, "invalid_id", f"The id {meta['id']!r} must be lowercase letters, digits and dashes.")
    lines = ["---", *(f"{k}: {meta[k]}" for k in FIELDS if meta.get(k))]
    for key, value in extra.items():
        if isinstance(value, dict):
            lines += [f"{key}:", *(f"  {k}: {v}" for k, v in value.items())]
        elif key not in meta:
            lines.append(f"{key}: {value}")
    text = "\n".join([*lines, "---", "", body.lstrip("\n")])
    return Conversion(meta["id"], found, text,
                      [{"title": t.title, "rows": t.shape[0], "columns": t.shape[1], "source": t.source}
                       for t in tables], extracted.warnings)


def markdown_parts(text: str, filename: str) -> tuple[str, dict, dict]:
    """A Markdown or text file's body, the front-matter fields it gives, and its other front
    matter (aliases, number_format ...), kept as written."""
    if not text.startswith("---\n"):
        return text, {}, {}
    try:
        meta, start = parse_front_matter(text, filename)
    except CorpusError as error:
        raise Rejection(400, "malformed_front_matter", str(error)) from None
    own = {k: v for k, v in meta.items() if k in FIELDS and isinstance(v, str)}
    extra = {k: v for k, v in meta.items() if k not in FIELDS}
    return text[start:], own, extra


def front_matter(given: dict, own: dict, body: str, filename: str, found: str, tables: list[TableBlock]) -> dict:
    first_title = next((t.title for t in tables if t.title), "")
    has_tables = bool(tables)
    heading = HEADING_RE.search(body)
    stem = PurePath(filename).stem
    title = given.get("title") or own.get("title") or (heading.group(1).strip() if heading else "") \
        or first_title or stem
    author = given.get("author") or own.get("author") or own.get("publisher") or "unknown"
    meta = {
        "title": one_line(title), "author": author,
        "publisher": given.get("publisher") or own.get("publisher") or author,
        "date": given.get("date") or own.get("date") or "unknown",
        "language": given.get("language") or own.get("language") or detect_language(body),
        "source_url": given.get("source_url") or own.get("source_url") or f"upload:{PurePath(filename).name}",
        "kind": given.get("kind") or own.get("kind") or ("poll" if has_tables and found != "html" else "article"),
    }
    meta["id"] = given.get("id") or own.get("id") or slug(f"{meta['title']}" if meta["title"] != stem else stem)
    if meta["language"] not in ("en", "es"):
        raise Rejection(400, "invalid_language", f"The language {meta['language']!r} must be 'en' or 'es'.")
    # One line each: a line break in a PDF's title would end the front-matter field.
    return {k: one_line(v) for k, v in meta.items()}

