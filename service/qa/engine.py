"""The question-answering core: understand, merge follow-ups, propose, decide, compose.

``QAEngine.ask`` turns the question into a typed ``Query``, fills the slots a
follow-up leaves open from the previous turn, lets every answerer propose
independently, lets the arbiter choose, and composes the one ``Answer``.
"""
from __future__ import annotations

from dataclasses import replace

from index.retrieval import Hit, Retriever
from index.store import IndexBundle

from . import arbiter, dialogue, messages
from .answer import Answer, Interpretation
from .answerers.computed import ComputedAnswerer
from .answerers.facts import FactAnswerer, MetadataAnswerer
from .answerers.guards import Guards
from .answerers.passage import PassageRoute
from .answerers.table import TableAnswerer
from .compose import compose, nothing
from .documents import choose_documents
from .passages import PassageAnswerer
from .proposal import Proposal
from .query import Query, understand
from .schema import Schema
from .suggestions import examples
from .vocabulary import Vocabulary, vocabulary


class QAEngine:
    def __init__(self, bundle: IndexBundle, retriever: Retriever) -> None:
        self.bundle = bundle
        self.retriever = retriever
        self.vocabulary: Vocabulary = vocabulary()
        self.schema = Schema(bundle, self.vocabulary, retriever.analyzer)
        self.tables = TableAnswerer(self.schema, self.vocabulary.measure_words)
        self.computed = ComputedAnswerer(self.schema)
        self.facts = FactAnswerer(self.schema, self.vocabulary.poll_words)
        self.metadata = MetadataAnswerer(self.schema)
        self.guards = Guards(self.schema, self.vocabulary.poll_words)
        self.passages = PassageRoute(bundle, PassageAnswerer(
            bundle, retriever, retriever.analyzer, self.vocabulary, aliases=self.schema.labeler.alias_expansions),
            self.understand)
        self._examples: dict[str, list[str]] = {}

    def understand(self, text: str, language: str | None = None) -> Query:
        return understand(text, self.schema, self.vocabulary, language)

    def ask(self, text: str, context: Interpretation | None = None, *, documents: frozenset[str] | None = None,
            language: str | None = None, top_k: int | None = None) -> Answer:
        """``documents``: the ids the answer may come from (all when None); ``language``: the language
        of the service's own words (the question's when None); ``top_k``: at most this many citations
        where some could go (see ``cited_at_most``)."""
        query = self.understand(text)
        followup = dialogue.is_followup(query, context)
        extra: list[str] = []
        if followup:
            merged = dialogue.merged_text(query, context, self.schema)
            if merged is not None:
                query = self.understand(merged, language=query.language)
            elif context.route == "passage" and context.entity and query.pronoun:
                extra = [context.entity]
        if language:   # the words the service says, not how the question is read (its stems, its translations)
            query = replace(query, language=language)
        proposals = self.proposals(query, extra, documents)
        chosen, beaten, reason = arbiter.decide(proposals)
        if chosen is None:
            chosen = self.none(query, reason)
        return cited_at_most(compose(query, chosen, beaten, reason), top_k)

    def proposals(self, query: Query, extra: list[str], documents: frozenset[str] | None = None) -> list[Proposal]:
        choice = choose_documents(query, self.schema, documents)
        if not choice.documents:   # it names only documents the asker left out
            return []
        if extra:   # "Where was he captured?" is about the person the last passage named
            return self.passages.propose(query, choice, extra)
        matches = self.tables.matches(query, choice)   # scored once, read by the three table answerers
        figures = []
        if not choice.time_missing:   # a date no document has: no figure or fact from another date
            figures = [*self.computed.propose(query, choice, matches), *self.tables.propose(query, choice, matches),
                       *self.facts.propose(query, choice)]
        return [*self.guards.propose(query, choice, matches), *figures, *self.metadata.propose(query, choice),
                *self.passages.propose(query, choice)]

    def none(self, query: Query, reason: str) -> Proposal:
        hints = self.examples(query.language)
        text = messages.say("none", query.language)
        if hints:
            text += " " + messages.say("none_hint", query.language, examples="; ".join(hints))
        return nothing(query, reason, text, tuple(hints))

    def examples(self, language: str) -> list[str]:
        """Example questions from the collection itself, kept only if they are answered."""
        if language not in self._examples:
            self._examples[language] = []   # asked below: a none answer must not recurse here
            candidates = examples(self.schema, language)
            self._examples[language] = [q for q in candidates if self.ask(q).answer_type != "none"]
        return self._examples[language]

    def search(self, text: str, k: int, documents: frozenset[str] | None = None) -> list[Hit]:
        """The retriever's best ``k`` passages for ``text``, from ``documents`` (ids) when given."""
        if documents is None:
            return self.retriever.search(text, k=k)
        # Every passage is a candidate: a document's passages may all rank below the collection's first 50.
        everything = len(self.bundle.chunks)
        return [h for h in self.retriever.search(text, k=everything, candidates=everything)
                if h.chunk.document_id in documents][:k]


def cited_at_most(answer: Answer, top_k: int | None) -> Answer:
    """A passage answer's first citation is the passage it quotes; the ones after it only support it,
    so they are what a limit drops. The citations of a figure or a fact are each the provenance of
    what the answer says, and all stay."""
    if top_k is None or answer.interpretation.route != "passage":
        return answer
    return replace(answer, citations=answer.citations[:top_k])
