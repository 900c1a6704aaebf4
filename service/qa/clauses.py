"""What a sentence adds to the question: the answering words of an untyped question.

"What was built in the plaza?" is answered by "In 1902, a wooden market was built in the plaza,
which traders still use": the words the question does not already say, in the clause that
holds the words it does say. A sentence is cut into segments at punctuation and before relative
and subordinating words; a segment opened by one of those, or by a conjunction after a comma, is
subordinate (it tells more about something else). Within each segment, a run of words none of
which the question asks is a candidate; the best one is in a segment the question reaches, in a
main segment, saying the most (the summed rarity of its words), and latest (an object follows its
verb). A run that ends a segment and opens a list ("cocoa, coffee, and timber") is extended to the
list's end.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from index.analysis import fold

TOKEN_RE = re.compile(r"\$?\w[\w'’%-]*(?:[.,]\d+)*")
PUNCTUATION_RE = re.compile(r"[,;:()\[\]—–\"“”«»]")
SUBORDINATING = frozenset({
    "which", "who", "whom", "whose", "where", "when", "while", "whereas", "because", "although", "though", "whereby",
    "que", "quien", "quienes", "cual", "cuales", "donde", "cuando", "mientras", "porque", "aunque", "cuyo", "cuya"})
CONJUNCTIONS = frozenset({"and", "but", "or", "nor", "y", "e", "pero", "o", "u", "sino", "ni"})
ARTICLES = frozenset({"a", "an", "the", "un", "una", "el", "la", "los", "las"})
LIST_ITEM_TOKENS = 6


@dataclass
class Segment:
    tokens: list[tuple[int, int, str]]   # (start, end, folded word), offsets inside the sentence
    subordinate: bool
    after_comma: bool


def segments(sentence: str) -> list[Segment]:
    out: list[Segment] = []
    previous_end = 0
    for match in TOKEN_RE.finditer(sentence):
        word = fold(match.group())
        gap = sentence[previous_end:match.start()]
        punctuated = bool(PUNCTUATION_RE.search(gap))
        if not out or punctuated or word in SUBORDINATING:
            subordinate = word in SUBORDINATING or (punctuated and word in CONJUNCTIONS)
            out.append(Segment([], subordinate, "," in gap))
        out[-1].tokens.append((match.start(), match.end(), word))
        previous_end = match.end()
    return out


def added_words(sentence: str, offset: int, asked: Callable[[str], bool],
                weight: Callable[[str], float]) -> tuple[int, int] | None:
    """Absolute offsets of the words ``sentence`` adds to the question, or None.
    ``asked(word)``: does the question say this word; ``weight(word)``: how much it says (its
    rarity; 0 for a function word)."""
    parts = segments(sentence)
    best: tuple[tuple, int, int, int] | None = None   # (rank, segment, first token, last token)
    for index, segment in enumerate(parts):
        flags = [asked(word) for *_, word in segment.tokens]
        # "the third day, a long procession ...": an apposition is about the word it follows.
        apposition = (index > 0 and segment.after_comma and segment.tokens[0][2] in ARTICLES
                      and parts[index - 1].tokens and asked(parts[index - 1].tokens[-1][2]))
        reached = any(flags) or apposition
        i = 0
        while i < len(flags):
            if flags[i]:
                i += 1
                continue
            j = i
            while j < len(flags) and not flags[j]:
                j += 1
            weights = [weight(w) for *_, w in segment.tokens[i:j]]
            first = next((k for k, w in enumerate(weights) if w > 0), None)
            if first is not None:
                last = max(k for k, w in enumerate(weights) if w > 0)
                rank = (reached, not segment.subordinate, sum(weights), segment.tokens[i][0])
                if best is None or rank > best[0]:
                    best = (rank, index, i + first, i + last)
            i = j
    if best is None:
        return None
    _, index, first, last = best
    start = parts[index].tokens[first][0]
    # ... and the rest of their clause, which says what they are ("front groups in Europe and the
    # United States", not "front groups"), up to its last word that the question does not say.
    last = max(k for k, (*_, word) in enumerate(parts[index].tokens)
               if k == last or k > last and weight(word) > 0 and not asked(word))
    end = parts[index].tokens[last][1]
    if last == len(parts[index].tokens) - 1:
        end = list_end(parts[index + 1:], asked) or end
    return offset + start, offset + end


def list_end(following: list[Segment], asked: Callable[[str], bool]) -> int | None:
    """Where a list that starts at the end of a segment ends: after the item a conjunction opens."""
    for segment in following:
        words = [w for *_, w in segment.tokens]
        if not segment.after_comma or len(words) > LIST_ITEM_TOKENS or any(map(asked, words)):
            return None
        if CONJUNCTIONS.intersection(words):   # "..., and timber", "..., pequeños empresarios y protestantes"
            return segment.tokens[-1][1]
        if segment.subordinate:
            return None
    return None


def copula_subject(sentence: str, offset: int, asked: Callable[[str], bool],
                   is_copula: Callable[[str], bool]) -> tuple[int, int] | None:
    """For "what good is the valley's chief export?": the subject of a main clause whose predicate,
    after its copula, says what the question asks ("Salt, which the traders carry on mules, is the
    chief export of the valley"); None when the subject says asked words itself."""
    parts = segments(sentence)
    for index, segment in enumerate(parts):
        if segment.subordinate:
            continue
        words = [w for *_, w in segment.tokens]
        at = next((i for i, word in enumerate(words) if is_copula(word)), None)
        if at is None or not any(map(asked, words[at + 1:])):
            continue
        if at > 0:
            subject = segment.tokens[:at]
        else:   # "X, which ..., is ...": the main segment before the subordinate ones
            before = [p for p in parts[:index] if not p.subordinate]
            if not segment.after_comma or not before:
                continue
            subject = before[-1].tokens
        while subject and subject[0][2] in ARTICLES:
            subject = subject[1:]
        if not subject or any(asked(word) for *_, word in subject):
            continue
        return offset + subject[0][0], offset + subject[-1][1]
    return None


# What a word of the asked class introduces: a list after a colon, to the end of its clause ("two
# goals: to end the strike and to open the mine"), or a name after "of" ("a dogma of Andean socialism").
AFTER_COLON_RE = re.compile(r":\s*(?P<what>[^;:()\[\]—–\"“”«»]+?)\s*(?:[;:()\[\]—–\"“”«»]|\.?$)")
AFTER_OF_RE = re.compile(r"\s+(?:of|de)\s+(?P<what>[A-ZÁÉÍÓÚÑ][\w'’-]*(?:\s+(?!(?:is|are|was|were|has|had|and|or|in|on|"
                         r"at|by|for|from|with|to|the|a|an|that|which|who|es|fue|son|y|o|en|con|por|para|el|la|los|"
                         r"las|del|que)\b)[\w'’-]+){0,3})")
# ... or what brackets after it name ("the rivers (Verde and Cajamayo)")
AFTER_BRACKET_RE = re.compile(r"\s*\((?P<what>[^()]{2,80})\)")
COLON_TOKENS = 24


def introduced_by_class(sentence: str, offset: int, is_class: Callable[[str], bool]) -> tuple[int, int] | None:
    """What the word of the asked class introduces ("What dogma ...?": "a dogma of Andean socialism")."""
    for word in TOKEN_RE.finditer(sentence):
        if not is_class(fold(word.group())):
            continue
        found = AFTER_OF_RE.match(sentence, word.end()) or AFTER_COLON_RE.match(sentence, word.end()) \
            or AFTER_BRACKET_RE.match(sentence, word.end())
        if found and len(TOKEN_RE.findall(found.group("what"))) <= COLON_TOKENS:
            return offset + found.start("what"), offset + found.end("what")
    return None


# "... were trained by former army officers." / "... fue fundado por Marta Flores": the agent of a passive.
# (a list of agents is whole: "formado por profesionales, pequeños empresarios y evangélicos")
LIST_END_RE = re.compile(r",[^,]*\b(?:and|or|y|e|o|u)\s+[^,]+$")
AGENT_RE = re.compile(r"\s+(?:by|por)\s+(?P<agent>(?:(?!(?:in|on|at|during|after|before|since|which|who|that|with|"
                      r"en|durante|tras|desde|que|quien|con)\b)[\w'’-]+(?:,\s*|\s*)){1,8})", re.IGNORECASE)


def passive_agent(sentence: str, offset: int, asked: Callable[[str], bool]) -> tuple[int, int] | None:
    """For "Who trained the commando units?": the agent after an asked verb in the passive
    ("units ... which were reportedly trained by former army officers")."""
    for word in TOKEN_RE.finditer(sentence):
        found = asked(fold(word.group())) and AGENT_RE.match(sentence, word.end())
        if found:
            agent = found.group("agent").rstrip(" ,")
            if "," in agent and not LIST_END_RE.search(agent):   # "local farmers, not traders": no list
                agent = agent[:agent.index(",")]
            return offset + found.start("agent"), offset + found.start("agent") + len(agent)
    return None
