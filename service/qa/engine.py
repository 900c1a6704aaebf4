"""The router: a question goes to the table lookup, the fact sheet, passage retrieval, or no answer."""
from __future__ import annotations

from index.analysis import detect_language
from index.retrieval import Retriever
from index.store import IndexBundle

from .answer import Answer, Citation, Interpretation


class QAEngine:
    def __init__(self, bundle: IndexBundle, retriever: Retriever) -> None:
        self.bundle = bundle
        self.retriever = retriever

    def ask(self, question: str, context: Interpretation | None = None) -> Answer:
        language = detect_language(question)
        hits = self.retriever.search(question, k=3)
        if not hits:
            return Answer("The collection does not say.", "none",
                          Interpretation("none", "no passage matched", language=language), language=language)
        citations = tuple(Citation(h.chunk.document_id, self.bundle.document(h.chunk.document_id).title,
                                   h.chunk.text, h.chunk.start, h.chunk.end, h.score, section=h.chunk.section)
                          for h in hits)
        return Answer(hits[0].chunk.text, "passage",
                      Interpretation("passage", "best passage", language=language,
                                     passage_id=hits[0].chunk.id), citations=citations, language=language)
