"""The JSON shape of an answer, as ``POST /api/ask`` returns it, and of ``POST /api/search``'s results."""
from __future__ import annotations

from dataclasses import asdict
from urllib.parse import quote

from index.retrieval import Hit
from index.store import IndexBundle

from ..qa.answer import Answer, Citation
from ..qa.quotes import clean


def viewer_path(citation: Citation) -> str:
    """Where the document viewer shows this citation highlighted in its source."""
    start, end = citation.start, citation.end
    if citation.highlight_start is not None and citation.highlight_end is not None:
        start, end = citation.highlight_start, citation.highlight_end
    version = f"&version={citation.version}" if citation.version else ""
    return f"/documents/{quote(citation.document)}?start={start}&end={end}{version}#cited"


def answer_json(answer: Answer, conversation_id: str | None = None, turn: int | None = None) -> dict:
    return {
        "answer": answer.text,
        "answer_type": answer.answer_type,
        "language": answer.language,
        "figures": [asdict(f) for f in answer.figures],
        "citations": [{**asdict(c), "quote": clean(c.text), "viewer_url": viewer_path(c)} for c in answer.citations],
        "suggestions": list(answer.suggestions),
        "charts": [asdict(c) for c in answer.charts],
        "span": asdict(answer.span) if answer.span else None,
        "interpretation": asdict(answer.interpretation),
        "conversation_id": conversation_id,
        "turn": turn,
    }


def search_json(query: str, hits: list[Hit], bundle: IndexBundle) -> dict:
    """Ranked passages; each ``text`` is exactly its document's text at [start, end)."""
    return {"query": query, "results": [{
        "document": hit.chunk.document_id, "title": bundle.document(hit.chunk.document_id).title,
        "chunk_id": hit.chunk.id, "section": hit.chunk.section, "start": hit.chunk.start, "end": hit.chunk.end,
        "text": hit.chunk.text, "score": round(hit.score, 4)} for hit in hits]}
