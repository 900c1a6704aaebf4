"""What a file is, told by its content, and whether it is safe to open.

The name's extension only has to agree with the content: a ".pdf" that is a
Word file is refused, as is a ZIP whose members would inflate beyond a limit
(a zip bomb), an empty file, a file over the size limit, or bytes that are
neither a known binary format nor UTF-8 text.
"""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import PurePath

MAX_INFLATED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100          # inflated / compressed, over the whole archive
MAX_MEMBERS = 10_000
# Extensions and the formats their content may be.
EXTENSIONS = {
    ".pdf": {"pdf"}, ".docx": {"docx"}, ".xlsx": {"xlsx"}, ".html": {"html"}, ".htm": {"html"},
    ".csv": {"csv", "text"}, ".tsv": {"csv", "text"}, ".md": {"markdown", "text"}, ".markdown": {"markdown", "text"},
    ".txt": {"text", "markdown", "csv"},
}
HTML_MARKS = (b"<!doctype html", b"<html", b"<head", b"<body")


class Rejection(Exception):
    """A file we will not take: ``code`` for machines, ``message`` for people, ``status`` for HTTP."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def sniff(data: bytes, filename: str, max_bytes: int) -> str:
    """The file's format: pdf, docx, xlsx, html, csv, markdown or text; or a ``Rejection``."""
    if not data:
        raise Rejection(400, "empty_file", "The file is empty.")
    if len(data) > max_bytes:
        raise Rejection(413, "file_too_large", f"The file has {len(data):,} bytes; the limit is {max_bytes:,}.")
    found = content_type(data)
    extension = PurePath(filename).suffix.lower()
    if extension and extension not in EXTENSIONS:
        raise Rejection(415, "unsupported_type", f"Files ending in {extension!r} are not supported; send PDF, "
                        "DOCX, XLSX, HTML, CSV, Markdown or plain text.")
    if extension and found not in EXTENSIONS[extension]:
        raise Rejection(415, "mismatched_type", f"The file is named {extension!r} but its content is {found}.")
    return found


def content_type(data: bytes) -> str:
    if data[:1024].lstrip().startswith(b"%PDF-") or data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return office_type(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Rejection(415, "unsupported_type", "The file is neither PDF, DOCX, XLSX nor UTF-8 text.") from None
    head = text[:2048].lstrip().lower().encode()
    if head.startswith(HTML_MARKS) or (b"<p>" in head and b"</" in head):
        return "html"
    if text.startswith("---\n") or text.lstrip().startswith("#"):
        return "markdown"
    return "csv" if is_delimited(text) else "text"


def office_type(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except zipfile.BadZipFile:
        raise Rejection(400, "damaged_file", "The file looks like a ZIP archive (DOCX/XLSX) but is damaged.") from None
    inflated = sum(m.file_size for m in members)
    if len(members) > MAX_MEMBERS or inflated > MAX_INFLATED_BYTES or inflated > MAX_RATIO * max(len(data), 1):
        raise Rejection(400, "archive_too_large", f"The archive would inflate to {inflated:,} bytes in "
                        f"{len(members):,} members; that is refused as a possible zip bomb.")
    names = {m.filename for m in members}
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise Rejection(415, "unsupported_type", "The ZIP archive is neither a DOCX nor an XLSX file.")


def is_delimited(text: str) -> bool:
    """Lines of the same number (two or more) of comma, semicolon or tab separated fields."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if len(lines) < 2:
        return False
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines[:20]), delimiters=",;\t")
    except csv.Error:
        return False
    widths = [len(row) for row in csv.reader(lines, dialect)]
    return widths[0] >= 2 and sum(w == widths[0] for w in widths) >= 0.8 * len(widths)
