"""What answers look like in text: numbers with their units, dates, names, places, and the
glosses, quotes and copulas around a word a definition explains.

Regular expressions only; service/qa/spans.py decides which match answers a question.
"""
from __future__ import annotations

import re

NUMBER_PREFIX = (r"(?:(?:approximately|about|around|roughly|nearly|almost|over|more than|less than|at least|only|"
                 r"some|up to|between|from|aproximadamente|alrededor de|cerca de|casi|unos|unas|m[aá]s de|"
                 r"menos de|hasta|solo)\s+)?")
NUMBER_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
                r"hundred|a few hundred|thousands|hundreds|half|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|"
                r"once|doce|quince|veinte|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|cien|"
                r"cientos|miles|mitad")
# A number as printed: "24,000", "7.5", or grouped by spaces as in Spanish and French print ("1 150").
DIGITS = r"(?:(?<![\d,.])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d,.])|\d(?:[\d,.]*\d)?)"
NUMBER_SPAN_RE = re.compile(
    rf"(?:{NUMBER_PREFIX}\\?\$?{DIGITS}(?:\s*(?:-|to|and|or)\s*{DIGITS})?(?:\s*(?:%|(?:percent|mm|"
    r"billion|million|thousand|hundred|por ciento|millones|mil)\b))?(?:\s+(?!(?:and|or|to|in|of|the|a|de|del|los|"
    r"las|el|la|y|o|en|al|on|at|by|for|from|with|than|as|that|which|is|was|were|are|sobre|bajo|desde|para|por|"
    r"con|sin|entre|que|es|fue|son)\b)[A-Za-z][\w-]*(?:\.[a-z]+)*){0,2}"
    r"(?:\s+(?:a|per|al|por)\s+(?:month|year|day|week|mes|año|día|semana))?"
    rf"|{NUMBER_PREFIX}\b(?:{NUMBER_WORDS})(?:\s+(?:y|and)\s+(?:{NUMBER_WORDS}))*(?:\s+(?:mil|millones|thousand|"
    r"million))?\b(?:[\s-]+(?!(?:and|or|y|o|e|u)\b)[a-záéíóúñ][\w-]*){0,3})"
    # ... and a second quantity joined to it: "five priests and two nuns"
    rf"(?:\s+(?:and|y)\s+(?:{DIGITS}|(?:{NUMBER_WORDS})\b)(?:\s+(?!(?:and|or|to|in|of|the|de|en|y|o)\b)[a-záéíóúñ]"
    r"[\w-]*))?",
    re.IGNORECASE)
MONTHS_EN = "January|February|March|April|May|June|July|August|September|October|November|December"
MONTHS_ES = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
YEAR = r"(?:1[5-9]\d\d|20\d\d)"
# "July 28, 1938", "28 July 1938", "28 de julio de 1938", "julio de 1938", "1938", "the early 1980s".
DATE_SPAN_RE = re.compile(
    rf"\b(?:(?:{MONTHS_EN})\s+\d{{1,2}},?\s+|\d{{1,2}}\s+(?:{MONTHS_EN})\s+|(?:{MONTHS_EN})\s+)?{YEAR}s?\b"
    rf"|\b(?:\d{{1,2}}\s+de\s+)?(?:{MONTHS_ES})\s+(?:de\s+|del\s+)?{YEAR}\b"
    rf"|\b(?:early|late|mid)[- ]{YEAR}s\b", re.IGNORECASE)
# (an initial is part of a name: "Luis A. Paredes")
NAME = (r"\b(?:(?:General|President|Dr\.|Comrade|Captain|Colonel|St\.|Mt\.)\s+)?[A-Z][\w'’-]+"
        r"(?:\s+(?:de\s+(?:la\s+|las\s+|los\s+)?|del\s+|la\s+|of\s+(?:the\s+)?)?(?:[A-Z][\w'’-]+|[A-Z]\.(?=\s+[A-Z])))*")
NAME_SPAN_RE = re.compile(NAME)
# An answer that names several ("Chiclayo and the Cajamayo valley"), or a part of one ("the northern Cajamayo").
NAMES_SPAN_RE = re.compile(
    rf"(?:(?i:northern|southern|eastern|western|central|upper|lower)\s+)?{NAME}"
    rf"(?:(?:,\s+{NAME})*,?\s+(?:and|y|e)\s+(?:the\s+|el\s+|la\s+|los\s+|las\s+)?{NAME})?")
YEAR_RE = re.compile(r"(?:1[5-9]|20)\d\d(?:s\b|\b(?!\s*(?:pounds|people|troops|men|km|kilometers|dollars)))")
# Capitalised function words a name match can start with ("The Lima-born engineer Huaman").
LEADING_STOP_RE = re.compile(r"(?:(?:The|A|An|El|La|Los|Las|Un|Una|In|En|At|On)\s+)*")
LOCATIVE_RE = re.compile(
    r"\b(?:in|at|near|from|to|into|en|cerca de|desde|hacia|a)\s+(?:the\s+|el\s+|la\s+|los\s+|las\s+)?$", re.IGNORECASE)
MONTH_RE = re.compile(rf"(?:{MONTHS_EN}|{MONTHS_ES})", re.IGNORECASE)
# Capitalised words of a question after its first: the names it gives.
GIVEN_NAME_RE = re.compile(r"(?<![¿¡\w])(?<!^)[A-ZÁÉÍÓÚÑ][\w'’-]+")
# What definitions and names look like around the word they define.
WORD_THEN_COPULA_RE = re.compile(r"\b(?P<word>[^\W\d_]+)\s+(?=(?P<copula>[^\W\d_]+)\s+(?P<clause>\S))")
# Where a clause stops (a full stop inside a sentence is an abbreviation or a decimal): a semicolon,
# a colon, a bracket, or a comma before a gerund or a relative ("..., emphasizing",
# "..., which", "..., mientras").
CLAUSE_END_RE = re.compile(r"[;:(]|,\s+(?=\w+(?:ing|ando|iendo)\b|(?:which|who|while|whereas|que|quien|mientras)\b)",
                           re.IGNORECASE)
WORD_RE = re.compile(r"[^\W\d_]+")
TITLE_ABBREVIATION_RE = re.compile(r"\b(?:dr|dra|mr|mrs|ms|st|mt|gen|col|capt|lt|sr|sra|srta|prof|lic|ing)\.(?= )")
# "una fiesta, la «Noche de Faroles»": a quoted name a few words after the word it names.
NAMED_AFTER_RE = re.compile(r"(?P<word>[^\W\d_]+)[\s,]+(?:[^\W\d_]+\s+){0,2}(?P<quote>[«\"“])"
                            r"(?P<gloss>[^»\"”]{2,80})[»\"”]")
ACRONYM_RE = re.compile(r"[A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ-]{1,9}")
# "Cajamayo ("the green valley")", "night boats (so-called 'lanterns')": a gloss in brackets.
GLOSS_RE = re.compile(r"(?P<word>[^\W\d_]+)\s*\(\s*(?:so-called\s+|llamad[oa]s?\s+|conocid[oa]s?\s+como\s+)?"
                      r"[\"“'‘«]?(?P<gloss>[^()\"”’»]{2,60}?)[\"”’»]?\s*\)", re.IGNORECASE)
QUOTED_RE = re.compile(r"[\"“‘'«]([^\"”’'»]{2,80})[\"”’'»]")
# A question that asks for a name: "the name of", "his full name", "el nombre (oficial) de".
NAME_ASKED_RE = re.compile(r"\b(?:name|nombre)\s+(?:of|de|del)\b|\b(?:s|his|her|its|their|su|full)\s+name\b"
                           r"|\bnombre\s+(?:oficial|completo)\b")
# A question that asks for a time of day ("At what time ...?", "¿A qué hora ...?"), and a time.
TIME_ASKED_RE = re.compile(r"\b(?:what|which) (?:time|hour)\b|\bque hora\b")
TIME_OF_DAY_RE = re.compile(r"\b\d{1,2}[:.h]\d{2}\b(?:\s*(?:[ap]\.?\s?m\b\.?|hrs?\b\.?|horas\b))?"
                            r"|\b\d{1,2}\s*[ap]\.?\s?m\b\.?|\b(?:noon|midnight|mediod[ií]a|medianoche)\b",
                            re.IGNORECASE)
