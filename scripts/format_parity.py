"""Are documents uploaded as PDF, DOCX or HTML answered as well as when added as Markdown?

Each extra evaluation document (``eval/extra/documents``, real texts transcribed as Markdown) is
written out as a real PDF (reportlab), Word file (python-docx) and web page, uploaded through
``index.library.add`` (the path of ``POST /api/documents``) into a copy of the seed corpus, and
the extra questions are asked of each collection. Usage: ``python -m scripts.format_parity``.
"""
from __future__ import annotations

import html
import io
import re
import shutil
import tempfile
from pathlib import Path

from index import library, store
from index.corpus import corpus_files, parse_front_matter
from index.retrieval import Retriever
from service.qa.engine import QAEngine

from .evaluate import EXTRA_DOCUMENTS, ROOT, SET_FILES, run
from .eval_questions import load_questions

Block = tuple[str, object]   # ("heading", text) | ("paragraph", text) | ("table", (header rows, rows))
SEPARATOR_RE = re.compile(r"^\|?\s*:?-{3,}")
FIELDS = ("id", "title", "author", "publisher", "date", "language", "source_url", "kind")


def blocks_of(body: str) -> list[Block]:
    out: list[Block] = []
    for part in re.split(r"\n\s*\n", body):
        lines = [line for line in part.strip().split("\n") if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("|"):
            cells = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines]
            head = next((i for i, line in enumerate(lines) if SEPARATOR_RE.match(line)), 1)
            rows = [c for i, c in enumerate(cells) if i != head]
            out.append(("table", (rows[:head], rows[head:])))
        elif lines[0].startswith("#"):
            out.append(("heading", lines[0].lstrip("#").strip()))
        else:
            out.append(("paragraph", " ".join(lines)))
    return out


def as_html(blocks: list[Block]) -> bytes:
    parts = ["<!doctype html><html><body><nav><a href='/'>Home</a></nav><main>"]
    for kind, value in blocks:
        if kind == "table":
            header, rows = value
            parts.append("<table><thead>" + "".join("<tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in r)
                                                     + "</tr>" for r in header) + "</thead><tbody>")
            parts += ["<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows]
            parts.append("</tbody></table>")
        else:
            tag = "h2" if kind == "heading" else "p"
            parts.append(f"<{tag}>{html.escape(value)}</{tag}>")
    return ("".join(parts) + "</main><footer>Copyright</footer></body></html>").encode()


def as_docx(blocks: list[Block]) -> bytes:
    import docx
    document = docx.Document()
    for kind, value in blocks:
        if kind == "table":
            header, rows = value
            grid = header + rows
            table = document.add_table(rows=len(grid), cols=max(len(r) for r in grid))
            for row, values in zip(table.rows, grid):
                for cell, text in zip(row.cells, values):
                    cell.text = text
        elif kind == "heading":
            document.add_heading(value, level=2)
        else:
            document.add_paragraph(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def as_pdf(blocks: list[Block]) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import landscape, A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
    styles = getSampleStyleSheet()
    story = []
    for kind, value in blocks:
        if kind == "table":
            header, rows = value
            grid = [[Paragraph(html.escape(c), styles["BodyText"]) for c in r] for r in header + rows]
            table = Table(grid, repeatRows=len(header))
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
            story.append(table)
        else:
            story.append(Paragraph(html.escape(value), styles["Heading2" if kind == "heading" else "BodyText"]))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=landscape(A4)).build(story)
    return out.getvalue()


WRITERS = {"pdf": as_pdf, "docx": as_docx, "html": as_html}


def collection(folder: Path, writer: str | None) -> QAEngine:
    corpus, index = folder / "corpus", folder / "index"
    shutil.copytree(ROOT / "corpus", corpus)
    for path in corpus_files(EXTRA_DOCUMENTS):
        text = path.read_text(encoding="utf-8")
        if writer is None:
            shutil.copy(path, corpus / path.name)
            continue
        meta, start = parse_front_matter(text, str(path))
        fields = {k: meta.get(k) for k in FIELDS if isinstance(meta.get(k), str)}
        library.add(WRITERS[writer](blocks_of(text[start:])), f"{path.stem}.{writer}", fields, corpus, index)
    bundle = store.load_or_build(corpus, index)
    return QAEngine(bundle, Retriever(bundle))


def main() -> None:
    questions = load_questions("extra", SET_FILES["extra"])
    print(f"{'format':<10}{'answered right':>16}{'of':>6}   by tier")
    for writer in (None, *WRITERS):
        with tempfile.TemporaryDirectory() as folder:
            engine = collection(Path(folder), writer)
            outcomes = [run(engine, q) for q in questions]
        tiers = sorted({o.question.tier for o in outcomes})
        by_tier = "  ".join(f"{t} {sum(o.correct for o in outcomes if o.question.tier == t)}/"
                            f"{sum(o.question.tier == t for o in outcomes)}" for t in tiers)
        print(f"{writer or 'markdown':<10}{sum(o.correct for o in outcomes):>16}{len(outcomes):>6}   {by_tier}")


if __name__ == "__main__":
    main()
