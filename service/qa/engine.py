"""The router: table lookup, computed answer, fact sheet, passage, or no answer.

``QAEngine.ask`` analyses the question once, merges it with the previous
turn when it is a follow-up, then tries the routes in order of how specific
they are. Every outcome records the route and the reason it was taken.
"""
from __future__ import annotations

import re

from index.analysis import fold
from index.retrieval import Retriever
from index.store import IndexBundle
from index.tables import Column, Fact

from . import compute, messages
from .answer import Answer, Citation, Figure, Interpretation
from .catalog import Catalog, TableInfo
from .figures import describe_column, figure, row_chart, row_citation, table_unit
from .lookup import Candidate, Resolution, TableLookup, table_columns
from .passages import MIN_COVERAGE, NAME_SPAN_RE, PassageAnswer, PassageAnswerer, clean
from .question import Question, analyse
from .vocabulary import Vocabulary, tokenize, vocabulary

ROW_ROLES = frozenset({"candidate", "option", "certainty", "person"})

# How well an article sentence must cover a question to win over a table row it does not name.
PASSAGE_OVER_TABLE, PASSAGE_OVER_LOCATED_TABLE = 0.75, 0.9
# A table row must score at least this much (entities, topic, meaning) to be an answer.
MIN_ROW_SCORE = 2.0
MIN_LEXICAL_ROW_SCORE = 1.5
# A fact-sheet phrase longer than this many words is specific enough to beat a weak table match.
STRONG_FACT_WORDS = 2
MARGIN_RE = re.compile(r"(\d+(?:[.,]\d+)?)")


class QAEngine:
    def __init__(self, bundle: IndexBundle, retriever: Retriever) -> None:
        self.bundle = bundle
        self.analyzer = retriever.analyzer
        self.vocabulary: Vocabulary = vocabulary()
        self.catalog = Catalog(bundle.tables, self.vocabulary, self.analyzer)
        self.lookup = TableLookup(self.catalog, self.vocabulary, self.analyzer)
        self.passages = PassageAnswerer(bundle, retriever, self.analyzer, self.vocabulary)
        self.candidates = frozenset(k for k, e in self.vocabulary.entities.items() if e.role == "candidate")
        self.document_words = {d.id: frozenset(tokenize(d.text)) for d in bundle.documents}
        # Words that place a question in a survey: the vocabulary's, and the names of the
        # organisations behind documents that have a fact sheet ("CPI").
        with_facts = {f.document_id for f in bundle.facts}
        self.poll_context = self.vocabulary.poll_words | frozenset(
            t for d in bundle.documents if d.id in with_facts for t in tokenize(f"{d.author} {d.publisher}")
            if len(t) > 2)

    # --- entry point ------------------------------------------------------------------------
    def ask(self, text: str, context: Interpretation | None = None) -> Answer:
        question = analyse(text, self.vocabulary, self.analyzer)
        followup = self.is_followup(question, context)
        if followup and context.route in ("table", "computed") and context.question:
            question = self.merge_followup(question, context)
        routes = [self.no_cut, self.other_time, self.table_answer, self.metadata_answer, self.fact_answer,
                  self.passage_answer]
        if followup and context.route == "passage" and self.has_pronoun(question):
            routes = [self.passage_answer]   # "Where was he captured?" is about the last person named
        for route in routes:
            answer = route(question, context if followup else None)
            if answer is not None:
                return answer
        return self.none(question, "no table, fact or passage matched well enough")

    # --- follow-ups ---------------------------------------------------------------------------
    def has_pronoun(self, question: Question) -> bool:
        tokens = question.tokens
        pronouns = self.vocabulary.pronouns.get(question.language, set()) | self.vocabulary.pronouns["en"]
        return any(tuple(tokens[i:i + len(p)]) == p for p in pronouns for i in range(len(tokens)))

    def is_followup(self, question: Question, context: Interpretation | None) -> bool:
        if context is None:
            return False
        tokens = question.tokens
        opener = any(tuple(tokens[:len(o)]) == o for o in self.vocabulary.followup_openers)
        short = len(question.content_tokens) <= 4
        return opener or short or self.has_pronoun(question)

    def merge_followup(self, question: Question, context: Interpretation) -> Question:
        """The previous question with the slots this one fills replaced: "¿Y en Lima?" after
        "Castillo en el campo" becomes Castillo in Lima; "And Keiko?" keeps the column, the
        certainty level and the operation, and swaps the candidate."""
        if question.has("fact") or question.has("metadata") or len(question.free_tokens) > 2:
            return question
        prior = analyse(context.question, self.vocabulary, self.analyzer)
        replaced_entities = {self.vocabulary.entities[e].role for e in question.keys("entity")}
        if "candidate" in replaced_entities or "option" in replaced_entities:
            replaced_entities |= {"candidate", "option", "person"}
        replaced = {c for c in ("column", "column_group", "topic", "operation") if question.has(c)}
        if question.has("column"):
            replaced.add("column_group")
        if not (replaced or replaced_entities):
            return question
        dropped = {i for m in prior.matches
                   if m.category in replaced or (m.category == "entity"
                                                 and self.vocabulary.entities[m.key].role in replaced_entities)
                   for i in range(m.start, m.end)}
        if question.free_tokens:
            dropped |= {i for i, t in enumerate(prior.phrase_tokens) if t in prior.free_tokens}
        kept = [t for i, t in enumerate(prior.phrase_tokens) if i not in dropped]
        return analyse(" ".join(kept + question.phrase_tokens), self.vocabulary, self.analyzer)

    # --- routes -------------------------------------------------------------------------------
    def table_signals(self, question: Question) -> set[str]:
        signals = set()
        if question.has("column"):
            signals.add("column")
        if question.has("topic"):
            signals.add("topic")
        if question.has("operation"):
            signals.add("operation")
        if set(question.tokens) & self.vocabulary.measure_words or "%" in question.text:
            signals.add("measure")
        return signals

    def no_cut(self, question: Question, context: Interpretation | None) -> Answer | None:
        resolution = self.lookup.resolve(question, require_columns=False)
        if resolution.missing_cut is None or not self.names_table_row(question, resolution):
            return None
        text = messages.say("no_cut", question.language, cut=resolution.missing_cut,
                            columns=", ".join(self.catalog.column_labels()))
        return self.none(question, f"the tables have no column for {resolution.missing_cut!r}", text=text)

    def other_time(self, question: Question, context: Interpretation | None) -> Answer | None:
        """A poll question about a year or month the poll was not taken in: no figure applies."""
        resolution = self.lookup.resolve(question, require_columns=False)
        if resolution.best is None or not self.names_table_row(question, resolution):
            return None
        document = self.bundle.document(resolution.best.table.table.document_id)
        words = self.document_words[document.id]
        years = [y for y in re.findall(r"\b(?:1[89]|20)\d\d\b", question.text) if y not in words]
        months = [names[0] for names in self.vocabulary.months
                  if any(self.mentions_month(question.tokens, n) for n in names) and not any(n in words for n in names)]
        if not years and not months:
            return None
        fieldwork = self.fact(document.id, "fieldwork dates")
        dates = fieldwork.value if fieldwork else document.date
        text = messages.say("other_time", question.language, dates=dates, when=", ".join(years + months))
        return self.none(question, f"the poll is not from {', '.join(years + months)}", text=text)

    @staticmethod
    def mentions_month(tokens: list[str], name: str) -> bool:
        """'May' is a month only next to a number ("May 2021", "3 May"); otherwise a modal verb."""
        for i, token in enumerate(tokens):
            if token == name:
                if name != "may":
                    return True
                neighbours = tokens[max(i - 1, 0):i] + tokens[i + 1:i + 2]
                if any(n.isdigit() for n in neighbours):
                    return True
        return False

    def names_table_row(self, question: Question, resolution: Resolution) -> bool:
        best = resolution.best
        if best is None:
            return False
        return (self.row_named(question) or best.lexical >= MIN_LEXICAL_ROW_SCORE) and bool(
            self.table_signals(question) - {"column"})

    def row_named(self, question: Question, firmly: bool = False) -> bool:
        """Does the question name a table row's entity? ``firmly``: by a phrase that names only
        that entity ("Keiko", not "Fujimori", which is also her father)."""
        entity_matches = [m for m in question.matches if m.category == "entity"]
        for match in entity_matches:
            if self.vocabulary.entities[match.key].role not in ROW_ROLES:
                continue
            shared = sum(o.start == match.start and o.end == match.end for o in entity_matches)
            if not firmly or shared == 1:
                return True
        return False

    def table_evidence(self, question: Question, best: Candidate) -> bool:
        """Is this question really about that table row? Guards article questions that share a
        word with a row label ("Sendero Luminoso" is also a worry about Castillo)."""
        if self.row_named(question):
            return bool(self.table_signals(question))
        # A row matched only by the meaning of its words must also be asked about as a poll
        # answer (a reason, a worry...).
        return best.lexical >= MIN_LEXICAL_ROW_SCORE and question.has("topic")

    def passage_is_better(self, question: Question) -> bool:
        """An article sentence that covers the question well beats a table row that the question
        neither names nor locates: "Who is Sendero's greatest adversary in winning over Indian
        peasants?" is about the article, whatever "winning" means in a poll."""
        if self.row_named(question, firmly=True):
            return False
        found = self.passage_for(question)
        bar = PASSAGE_OVER_LOCATED_TABLE if question.has("column") else PASSAGE_OVER_TABLE
        return found is not None and found.coverage >= bar

    def table_answer(self, question: Question, context: Interpretation | None) -> Answer | None:
        if self.passage_is_better(question):
            return None
        operations = set(question.keys("operation"))
        if operations & {"leader", "gap", "highest", "lowest", "ranking", "sum"}:
            computed = self.computed_answer(question, context, operations)
            if computed is not None:
                return computed
        resolution = self.lookup.resolve(question)
        best = resolution.best
        if best is None or best.score < MIN_ROW_SCORE or not self.table_evidence(question, best):
            return None
        if self.fact_is_stronger(question, best):
            return None
        columns = table_columns(best.table, resolution.columns)
        if columns is None:
            return None
        return self.figure_answer(question, best, columns, "lookup",
                                  f"table row scored {best.score:.1f} (meaning {best.lexical:.1f})")

    def fact_is_stronger(self, question: Question, best: Candidate) -> bool:
        fact_phrases = [m for m in question.matches if m.category == "fact"]
        return bool(fact_phrases) and not self.row_named(question) and (
            max(m.end - m.start for m in fact_phrases) >= STRONG_FACT_WORDS or best.lexical < 3.0)

    def figure_answer(self, question: Question, best: Candidate, columns: list[Column], operation: str,
                      reason: str) -> Answer:
        table, row = best.table.table, best.row.row
        document = self.bundle.document(table.document_id)
        figures = tuple(figure(table, row, column, document) for column in columns)
        figures = tuple(f for f in figures if f.value is not None)
        if not figures:
            return self.none(question, "the cell is empty")
        lang = question.language
        unit = table_unit(document)
        sentences = [self.figure_sentence(figures[0], lang, unit)]
        if len(figures) > 1:
            sentences.append(messages.say("also", lang, items="; ".join(
                f"{describe_column(table.column(c.key))} {messages.number(f.value, unit)}"
                for c, f in zip(columns[1:], figures[1:]))))
        understood = f"{row.label}{' › ' + row.parent if row.parent else ''}, " + ", ".join(
            describe_column(c) for c in columns)
        return Answer(
            text=" ".join(sentences), answer_type="figure", language=lang, figures=figures,
            citations=(row_citation(table, row, document, best.score),),
            charts=(row_chart(table, [row], {c.key for c in columns}, document),),
            suggestions=self.suggestions(best.table, row, columns[0], lang),
            interpretation=Interpretation(
                route="table", reason=reason, understood_as=understood, language=lang, table_id=table.id,
                row_key=row.key, column_key=columns[0].key, entity=self.row_entity(best), operation=operation,
                question=question.text))

    def figure_sentence(self, fig: Figure, language: str, unit: str | None) -> str:
        return messages.say(
            "figure", language, row=fig.row,
            parent=messages.say("parent", language, parent=fig.parent_row) if fig.parent_row else "",
            value=messages.number(fig.value, unit), column=fig.column,
            group=messages.say("group", language, group=fig.column_group) if fig.column_group else "",
            table=fig.table)

    def row_entity(self, candidate: Candidate) -> str | None:
        keys = candidate.row.entities or candidate.row.parent_entities or candidate.table.entities
        return next((self.vocabulary.entities[k].name for k in sorted(keys)
                     if self.vocabulary.entities[k].role in ("candidate", "person")), None)

    # --- computed answers ---------------------------------------------------------------------
    def computed_answer(self, question: Question, context: Interpretation | None,
                        operations: set[str]) -> Answer | None:
        resolution = self.lookup.resolve(question)
        if not resolution.candidates:
            return None
        if not (question.has("column") or question.has("topic") or self.row_named(question)):
            return None
        entities = [e for e in question.keys("entity") if self.vocabulary.entities[e].role in ("candidate", "option")]
        best = resolution.best
        info = best.table
        columns = table_columns(info, resolution.columns) or []
        row_named = bool(entities) or (best.lexical >= MIN_LEXICAL_ROW_SCORE and question.has("topic"))
        if "sum" in operations and info.multiple_response:
            return self.no_sum_answer(question, resolution)
        if "leader" in operations and len(entities) >= 2:
            operations = operations | {"gap"}
        if "gap" in operations:
            if len(entities) >= 2 or (len(entities) == 1 and not len(resolution.columns) >= 2):
                return self.gap_answer(question, resolution, entities, columns)
            if len(resolution.columns) >= 2 and row_named:
                return self.column_gap_answer(question, best, columns)
        if operations & {"highest", "lowest"} and row_named and (
                not resolution.columns or "where" in operations or len(resolution.columns) >= 2):
            return self.extreme_answer(question, best, "lowest" if "lowest" in operations else "highest")
        if operations & {"leader", "highest", "lowest", "ranking"} and not (row_named and resolution.columns):
            return self.leader_answer(question, resolution, operations)
        return None

    def cells_answer(self, question: Question, info: TableInfo, cells: list[compute.Cell], text: str,
                     operation: str, reason: str, computed: Figure | None = None,
                     chart_rows: list | None = None, emphasised: set[str] | None = None) -> Answer:
        """An answer computed from cells: every cell used is a figure and a citation."""
        table = info.table
        document = self.bundle.document(table.document_id)
        figures = [figure(table, c.row, c.column, document) for c in cells]
        if computed is not None:
            figures.insert(0, computed)
        rows = list(dict.fromkeys(c.row for c in cells))
        citations = tuple(row_citation(table, r, document) for r in rows)
        first = cells[0]
        return Answer(
            text=text, answer_type="figure", language=question.language, figures=tuple(figures),
            citations=citations,
            charts=(row_chart(table, chart_rows or rows[:2], emphasised or {c.column.key for c in cells}, document),),
            suggestions=self.suggestions(info, first.row, first.column, question.language),
            interpretation=Interpretation(
                route="computed", reason=reason, language=question.language, operation=operation,
                understood_as=f"{operation}: " + ", ".join(dict.fromkeys(
                    f"{c.row.label} / {describe_column(c.column)}" for c in cells)),
                table_id=table.id, row_key=first.row.key, column_key=first.column.key,
                entity=next((self.vocabulary.entities[k].name for info_row in info.rows if info_row.row == first.row
                             for k in sorted(info_row.entities) if k in self.candidates), None),
                question=question.text))

    def leader_answer(self, question: Question, resolution: Resolution, operations: set[str]) -> Answer | None:
        topics = set(question.keys("topic"))
        wants_candidates = "leader" in operations or topics <= {"vote_intention"} and not resolution.best.lexical
        infos = [c.table for c in resolution.candidates]
        info = next((i for i in dict.fromkeys(infos)
                     if table_columns(i, resolution.columns)
                     and len(compute.competing_rows(i, self.candidates if wants_candidates else None)) >= 2
                     and (not topics or topics & i.topics or not i.topics)), None)
        if info is None:
            return None
        column = table_columns(info, resolution.columns)[0]
        rows = compute.competing_rows(info, self.candidates if wants_candidates else None)
        cells = compute.ranked(info, rows, column)
        if len(cells) < 2:
            return None
        lang, unit = question.language, table_unit(self.bundle.document(info.table.document_id))
        if "ranking" in operations:
            items = "; ".join(f"{c.row.label} {messages.number(c.value, unit)}" for c in cells[:6])
            text = messages.say("ranking", lang, column=describe_column(column), items=items)
            return self.cells_answer(question, info, cells[:6], text, "ranking", "rows ranked in a column")
        if "lowest" in operations and "leader" not in operations:
            low = cells[-1]
            text = messages.say("bottom_row", lang, column=describe_column(column), leader=low.row.label,
                                value=messages.number(low.value, unit))
            return self.cells_answer(question, info, [low], text, "lowest", "smallest row in a column")
        found = compute.difference(cells[:2])
        first, second = found.larger, found.smaller
        key = "leader" if wants_candidates else "top_row"
        text = messages.say(key, lang, leader=first.row.label, column=describe_column(column),
                            value=messages.number(first.value, unit), second=second.row.label,
                            second_value=messages.number(second.value, unit), gap=f"{found.value:.1f}",
                            arithmetic=found.arithmetic)
        text += self.margin_note(info, found.value, lang)
        return self.cells_answer(question, info, [first, second], text, "leader", "largest row in a column")

    def gap_answer(self, question: Question, resolution: Resolution, entities: list[str],
                   columns: list[Column]) -> Answer | None:
        def holds_all(i: TableInfo) -> bool:
            return all(any(e in r.entities and r.row.parent is None for r in i.rows) for e in entities)

        info = next((c.table for c in resolution.candidates
                     if holds_all(c.table) and table_columns(c.table, resolution.columns)), None)
        if info is None:
            return None
        column = table_columns(info, resolution.columns)[0]
        rows = compute.competing_rows(info, self.candidates if set(entities) <= self.candidates else None)
        by_entity = {e: next((r for r in info.rows if e in r.entities and r.row.parent is None), None)
                     for e in entities}
        chosen = [r for r in by_entity.values() if r is not None]
        if len(chosen) == 1:
            # "How big is Castillo's lead?": against the strongest other row.
            others = [c for c in compute.ranked(info, rows, column) if c.row != chosen[0].row]
            if not others:
                return None
            chosen.append(next(r for r in info.rows if r.row == others[0].row))
        if len(chosen) < 2:
            return None
        found = compute.difference([compute.cell(info.table, r.row, column) for r in chosen[:2]])
        if found is None:
            return None
        first, second = found.larger, found.smaller
        unit = table_unit(self.bundle.document(info.table.document_id))
        text = messages.say("gap", question.language, column=describe_column(column), first=first.row.label,
                            first_value=messages.number(first.value, unit), second=second.row.label,
                            second_value=messages.number(second.value, unit), gap=f"{found.value:.1f}",
                            arithmetic=found.arithmetic)
        text += self.margin_note(info, found.value, question.language)
        computed = self.computed_figure(info, first, found, f"{first.row.label} − {second.row.label}")
        return self.cells_answer(question, info, [first, second], text, "gap", "difference of two rows in a column",
                                 computed=computed)

    def column_gap_answer(self, question: Question, best: Candidate, columns: list[Column]) -> Answer | None:
        info, row = best.table, best.row.row
        found = compute.difference([compute.cell(info.table, row, c) for c in columns[:2]])
        if found is None:
            return None
        first, second = found.larger, found.smaller
        unit = table_unit(self.bundle.document(info.table.document_id))
        text = messages.say("column_gap", question.language, row=row.label, first=describe_column(first.column),
                            second=describe_column(second.column), first_value=messages.number(first.value, unit),
                            second_value=messages.number(second.value, unit), gap=f"{found.value:.1f}",
                            arithmetic=found.arithmetic)
        computed = self.computed_figure(info, first, found, f"{first.column.label} − {second.column.label}")
        return self.cells_answer(question, info, [first, second], text, "gap", "difference of a row between columns",
                                 computed=computed, chart_rows=[row])

    def extreme_answer(self, question: Question, best: Candidate, which: str) -> Answer | None:
        info, row = best.table, best.row.row
        groups = {c.group for c in info.table.columns if c.group}
        scope = next((g for g in question.keys("column_group") if g in groups), None)
        named = table_columns(info, question.keys("column")) if len(question.keys("column")) >= 2 else None
        columns = named or compute.comparable_columns(info, scope)
        scope = scope or (", ".join(c.label for c in named) if named else None)
        found = compute.extremes(info.table, row, columns)
        if found is None:
            return None
        high, low = found
        chosen, other = (high, low) if which == "highest" else (low, high)
        unit = table_unit(self.bundle.document(info.table.document_id))
        scope_text = messages.say("scope", question.language, columns=", ".join(c.label for c in columns)) if scope else ""
        text = messages.say(which, question.language, row=row.label, column=describe_column(chosen.column),
                            value=messages.number(chosen.value, unit), scope=scope_text,
                            other_column=describe_column(other.column),
                            other_value=messages.number(other.value, unit))
        return self.cells_answer(question, info, [chosen, other], text, which, f"{which} column of a row",
                                 chart_rows=[row], emphasised={chosen.column.key})

    def no_sum_answer(self, question: Question, resolution: Resolution) -> Answer | None:
        info = resolution.best.table
        columns = table_columns(info, resolution.columns)
        if not columns:
            return None
        rows = [c.row.row for c in resolution.candidates[:2] if c.table is info]
        cells = [c for c in (compute.cell(info.table, r, columns[0]) for r in rows) if c is not None]
        if not cells:
            return None
        unit = table_unit(self.bundle.document(info.table.document_id))
        items = "; ".join(f"{c.row.label} {messages.number(c.value, unit)}" for c in cells)
        text = messages.say("ranking", question.language, column=describe_column(columns[0]), items=items)
        text += " " + messages.say("no_sum", question.language)
        return self.cells_answer(question, info, cells, text, "no_sum", "multiple-response shares are not added up")

    def computed_figure(self, info: TableInfo, first: compute.Cell, found: compute.Gap, label: str) -> Figure:
        document = self.bundle.document(info.table.document_id)
        return Figure(value=found.value, unit="points" if table_unit(document) == "%" else None,
                      document=document.id, table=info.table.title, table_id=info.table.id, row=label,
                      parent_row=None, column=first.column.label, column_group=first.column.group,
                      line=first.row.line, computed=found.arithmetic)

    def margin_note(self, info: TableInfo, difference: float, language: str) -> str:
        margin = self.margin_of_error(info.table.document_id)
        if margin is None or abs(difference) > margin[0]:
            return ""
        return " " + messages.say("within_margin", language, margin=margin[1])

    def fact(self, document_id: str, meaning: str) -> Fact | None:
        """A document's fact-sheet entry by what the vocabulary says it means ("margin of error")."""
        return next((f for f in self.bundle.facts if f.document_id == document_id
                     and (key := self.vocabulary.fact_keys.get(fold(f.key))) and key.english == meaning), None)

    def margin_of_error(self, document_id: str) -> tuple[float, str] | None:
        fact = self.fact(document_id, "margin of error")
        match = MARGIN_RE.search(fact.value) if fact else None
        return (float(match.group(1).replace(",", ".")), fact.value) if match else None

    # --- document metadata --------------------------------------------------------------------
    def metadata_answer(self, question: Question, context: Interpretation | None) -> Answer | None:
        fields = question.keys("metadata")
        if not fields:
            return None
        used = {i for m in question.matches if m.category in ("metadata", "document_kind") for i in range(m.start, m.end)}
        free = [t for i, t in enumerate(question.phrase_tokens) if i not in used and t in question.content_tokens]
        kinds = set(question.keys("document_kind"))

        described = {d.id: set(tokenize(" ".join(str(v) for v in d.metadata().values())))
                     for d in self.bundle.documents}

        def fit(document) -> tuple[int, bool]:
            return (sum(t in described[document.id] for t in free), document.extra.get("kind") in kinds)

        document = max(self.bundle.documents, key=fit)
        if fit(document)[0] < len(free):
            return None  # the question is about something in the text, not about the document
        field = fields[0]
        value = getattr(document, field)
        head = document.text[:document.body_start]
        start = head.find(f"\n{field}: ") + 1
        end = head.find("\n", start)
        lang = question.language
        text = messages.say("metadata", lang, field=messages.field_name(field, lang), title=document.title, value=value)
        citation = Citation(document=document.id, title=document.title, text=document.text[start:end], start=start,
                            end=end, score=1.0, kind="fact", section="metadata", line=document.line_of(start))
        return Answer(text=text, answer_type="passage", language=lang, citations=(citation,),
                      interpretation=Interpretation(route="facts", reason=f"document metadata field {field!r}",
                                                    understood_as=field, language=lang, question=question.text))

    # --- fact sheet ---------------------------------------------------------------------------
    def fact_answer(self, question: Question, context: Interpretation | None) -> Answer | None:
        matches = [m for m in question.matches if m.category == "fact"]
        if not matches:
            return None
        # The most specific phrase wins: "registration" over "pollster", "representatividad" over "muestra".
        longest = max(matches, key=lambda m: (m.end - m.start, len(m.phrase)))
        about_a_poll = (set(question.tokens) & self.poll_context) or len({m.key for m in matches}) > 1
        unexplained = [t for t in question.free_tokens if t not in self.poll_context]
        if longest.end - longest.start < STRONG_FACT_WORDS and unexplained and not about_a_poll:
            return None  # "Who invented the telephone?" is not about the poll's technique
        best_key = longest.key
        fact = next((f for f in self.bundle.facts if fold(f.key) == best_key), None)
        if fact is None:
            return None
        return self.fact_to_answer(question, fact)

    def fact_to_answer(self, question: Question, fact: Fact) -> Answer:
        document = self.bundle.document(fact.document_id)
        lang = question.language
        label = self.vocabulary.fact_keys[fold(fact.key)].english if lang == "en" else fact.key
        value = plain_numbers(fact.value)
        text = messages.say("fact", lang, label=label[:1].upper() + label[1:], value=value, key=fact.key,
                            document=document.publisher)
        if value != fact.value:
            text += f" [{fact.value}]"
        citation = Citation(document=document.id, title=document.title, text=document.text[fact.start:fact.end],
                            start=fact.start, end=fact.end, score=1.0, kind="fact", section=fact.section,
                            line=fact.line)
        return Answer(text=text, answer_type="passage", language=lang, citations=(citation,),
                      interpretation=Interpretation(route="facts", reason=f"fact-sheet key {fact.key!r}",
                                                    understood_as=fact.key, language=lang, question=question.text))

    # --- passages -----------------------------------------------------------------------------
    def passage_answer(self, question: Question, context: Interpretation | None) -> Answer | None:
        extra = [context.entity] if context is not None and context.entity and context.route == "passage" else []
        if self.passages.unknown_names(question):
            return None
        if question.has("cut", "present"):
            dates = ", ".join(sorted({d.date[:4] for d in self.bundle.documents}))
            return self.none(question, "the question asks about the present; the documents date from " + dates,
                             text=messages.say("present", question.language))
        found = self.passage_for(question, extra)
        if found is None or found.coverage < MIN_COVERAGE:
            return None
        return self.passage_to_answer(question, found)

    def passage_for(self, question: Question, extra: list[str] = ()) -> PassageAnswer | None:
        """The best passage answer, found once per question (the table route asks too)."""
        if extra:
            return self.passages.answer(question, extra)
        if "passage" not in question.memo:
            unknown = self.passages.unknown_names(question)
            question.memo["passage"] = None if unknown else self.passages.answer(question)
        return question.memo["passage"]

    def passage_to_answer(self, question: Question, found: PassageAnswer) -> Answer:
        hit = found.hit
        document = self.bundle.document(hit.chunk.document_id)
        sentence = clean(document.text[found.sentence[0]:found.sentence[1]])
        lang = question.language
        if found.span:
            span = clean(document.text[found.span[0]:found.span[1]])
            text = messages.say("passage", lang, span=span, sentence=sentence)
        else:
            text = messages.say("passage_sentence", lang, sentence=sentence)
        highlight = found.span or found.sentence
        citations = [Citation(document=document.id, title=document.title, text=hit.chunk.text,
                              start=hit.chunk.start, end=hit.chunk.end, score=round(hit.score, 4),
                              section=hit.chunk.section, highlight_start=highlight[0], highlight_end=highlight[1])]
        for other in found.supporting:
            if other.chunk.id != hit.chunk.id:
                other_doc = self.bundle.document(other.chunk.document_id)
                citations.append(Citation(document=other_doc.id, title=other_doc.title, text=other.chunk.text,
                                          start=other.chunk.start, end=other.chunk.end,
                                          score=round(other.score, 4), section=other.chunk.section))
        entity = self.passage_entity(question, document.text[highlight[0]:highlight[1]])
        return Answer(text=text, answer_type="passage", language=lang, citations=tuple(citations),
                      suggestions=self.passage_suggestions(hit.chunk.section, lang),
                      interpretation=Interpretation(
                          route="passage", reason=f"passage {hit.chunk.id} covers {found.coverage:.0%} of the question",
                          understood_as=found.question_type, language=lang, passage_id=hit.chunk.id,
                          entity=entity, question=question.text))

    def passage_entity(self, question: Question, answer_text: str) -> str | None:
        """The person or thing a pronoun in the next question will most likely mean."""
        for source in (question.text, answer_text):
            names = [m.group() for m in NAME_SPAN_RE.finditer(source)
                     if m.start() > 0 and fold(m.group()) not in QUESTION_STARTERS]
            if names:
                return max(names, key=len)
        return None

    # --- suggestions and none -----------------------------------------------------------------
    def suggestions(self, info: TableInfo, row, column: Column, language: str) -> tuple[str, ...]:
        """Next questions from the schema: same row elsewhere, the other candidate, the leader."""
        table = info.table
        name = short_label(row.label)
        out = []
        # The same row elsewhere: the national total, or else where the row is highest.
        others = [c for c in compute.comparable_columns(info, None) if c.key != column.key]
        elsewhere = info.total if info.total and info.total.key != column.key else (
            max(others, key=lambda c: table.value(row.key, c.key) or 0.0) if others else None)
        if elsewhere is not None:
            out.append(messages.say("suggest_column", language, row=name, column=elsewhere.label))
        row_info = next((r for r in info.rows if r.row == row), None)
        if row_info is not None and row_info.entities & self.candidates:
            other = next((r for r in info.rows if r.entities & self.candidates
                          and not r.entities & row_info.entities and r.row.parent == row.parent), None)
            if other is not None:
                out.append(messages.say("suggest_column", language, row=short_label(other.row.label),
                                        column=column.label))
            out.append(messages.say("suggest_leader", language, column=column.label))
        out.append(messages.say("suggest_where", language, row=name))
        return tuple(dict.fromkeys(out))[:4]

    def passage_suggestions(self, section: str, language: str) -> tuple[str, ...]:
        sections = list(dict.fromkeys(c.section for c in self.bundle.chunks if c.kind == "body"))
        others = [s for s in sections if s != section][:2]
        return tuple(messages.say("suggest_section", language, section=s) for s in others)

    def none(self, question: Question, reason: str, text: str | None = None) -> Answer:
        lang = question.language
        text = text or messages.say("none", lang) + " " + messages.say(
            "none_hint", lang, examples="; ".join(messages.examples(lang)))
        return Answer(text=text, answer_type="none", language=lang, suggestions=tuple(messages.examples(lang)),
                      interpretation=Interpretation(route="none", reason=reason, language=lang, question=question.text))


QUESTION_STARTERS = frozenset({"who", "what", "when", "where", "which", "how", "why", "quien", "que", "cuando",
                               "donde", "cual", "como", "por", "and", "y", "is", "was", "did", "does"})


def short_label(label: str) -> str:
    """'Pedro Castillo - Perú Libre' -> 'Pedro Castillo'; long reason labels keep their first clause."""
    return label.split(" - ")[0].split("/")[0].strip()


def plain_numbers(text: str) -> str:
    """1,200 -> 1200 in our own words (the quote keeps the source's form)."""
    return re.sub(r"\b\d{1,3}(?:,\d{3})+\b", lambda m: m.group().replace(",", ""), text)


