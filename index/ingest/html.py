"""HTML: the main text of a page with BeautifulSoup (lxml), without navigation or boilerplate.

The main content is the page's ``<main>`` or ``<article>`` (else its body) with
scripts, navigation, headers, footers, asides, forms and elements whose class or
id says menu, footer, cookie, share... removed. Headings, paragraphs, list items
and tables are read in document order; a table's caption, or the text right
above it, is its title, and a header cell spanning columns is written once.
"""
from __future__ import annotations

import re

from .blocks import Extracted, Heading, Paragraph, add_table, clean, grid_tables

DROPPED_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
                "button", "template")
BOILERPLATE_RE = re.compile(r"\b(nav|menu|footer|sidebar|cookie|breadcrumb|share|social|related|advert|"
                            r"banner|newsletter|subscribe|comments?)\b", re.IGNORECASE)
TEXT_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "table", "dt", "dd")


def read_html(data: bytes, name: str) -> Extracted:
    from bs4 import BeautifulSoup
    soup = BeautifulSoup(data, "lxml")
    metadata = page_metadata(soup)
    for tag in soup(DROPPED_TAGS):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": ("navigation", "banner", "contentinfo", "complementary")}):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.name in ("html", "body", "main", "article"):
            continue
        marks = " ".join([*(tag.get("class") or []), tag.get("id") or ""])
        if marks.strip() and BOILERPLATE_RE.search(marks):
            tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    blocks: list = []
    warnings: list[str] = []
    last_text = ""
    for element in root.find_all(TEXT_TAGS):
        if element.find_parent(("table", "li", "blockquote")) not in (None, root) and element.name != "table":
            continue   # read with the table, list item or quotation it is part of
        if element.name == "table":
            if element.find_parent("table"):
                continue
            caption = element.find("caption")
            for table in grid_tables(html_grid(element), "an HTML table", warnings):
                if caption:
                    table.title = clean(caption.get_text(" "))
                add_table(blocks, table, last_text)
            last_text = ""
            continue
        text = clean(element.get_text(" "))
        if not text:
            continue
        if element.name[0] == "h":
            blocks.append(Heading(int(element.name[1]) + 1, text))
        else:
            blocks.append(Paragraph(("- " if element.name == "li" else "") + text))
        last_text = text
    if not blocks:
        raise ValueError("the page has no readable text")
    return Extracted(blocks, metadata, warnings)


def html_grid(table) -> list[list[str]]:
    grid = []
    for row in table.find_all("tr"):
        if row.find_parent("table") is not table:
            continue
        cells: list[str] = []
        for cell in row.find_all(("th", "td"), recursive=False):
            cells.append(clean(cell.get_text(" ")))
            span = int(cell.get("colspan", 1)) if str(cell.get("colspan", 1)).isdigit() else 1
            cells.extend([""] * (min(span, 50) - 1))
        grid.append(cells)
    return grid


def page_metadata(soup) -> dict[str, str]:
    def meta(*names: str) -> str:
        for name in names:
            tag = soup.find("meta", attrs={"name": name}) or soup.find("meta", attrs={"property": name})
            if tag and tag.get("content"):
                return clean(tag["content"])
        return ""
    title = meta("og:title") or (clean(soup.title.get_text()) if soup.title else "")
    date = meta("article:published_time", "date", "dc.date", "DC.date.issued")[:10]
    language = (soup.html.get("lang") or "")[:2].lower() if soup.html else ""
    found = {"title": title, "author": meta("author", "article:author", "dc.creator"),
             "publisher": meta("og:site_name"), "date": date, "language": language}
    return {k: v for k, v in found.items() if v}
