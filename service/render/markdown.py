"""A conversation as Markdown: each question, its answer, and the sources it cites, with links."""
from __future__ import annotations

from ..qa.answer import Answer
from ..qa.quotes import clean
from .json import viewer_path

QUOTE_CHARS = 300


def conversation_markdown(turns: list[dict], base_url: str, title: str) -> str:
    """``turns`` as the conversation store lists them; viewer links made absolute with ``base_url``."""
    lines = [f"# {title}", ""]
    for turn in turns:
        answer = Answer.from_dict(turn["answer"])
        lines += [f"## {turn['turn']}. {one_line(turn['question'])}", "", answer.text, ""]
        if answer.citations:
            lines.append("Sources:")
            for number, citation in enumerate(answer.citations, start=1):
                quote = one_line(clean(citation.text))
                quote = quote if len(quote) <= QUOTE_CHARS else quote[:QUOTE_CHARS].rstrip() + "…"
                lines.append(f"{number}. *{citation.title}* — “{quote}” <{base_url}{viewer_path(citation)}>")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def one_line(text: str) -> str:
    return " ".join(text.split())
