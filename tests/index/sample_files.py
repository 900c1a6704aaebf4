"""Real files of every uploadable format, made by their own libraries from known contents.

Names and figures are invented; tests compare what the service answers with the
values written here.
"""
from __future__ import annotations

import datetime
import io

XLSX_ROWS = [("Marta Ríos", 41.5, 44.0, 39.0), ("Pablo Soto", 33.0, 30.0, 36.0), ("No sabe", 25.5, 26.0, 25.0)]
PDF_ROWS = [("Aprueba", 48.0, 45.0, 55.0), ("Desaprueba", 40.0, 43.0, 33.0), ("No sabe", 12.0, 12.0, 12.0)]


def xlsx_poll() -> bytes:
    """A sheet "Votos": a title, a two-row header (a merged "Región" over "Norte" and "Sur"), figures."""
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.title = "Votos"
    sheet["A1"] = "INTENCIÓN DE VOTO PARA ALCALDE"
    sheet.append([])
    sheet.append(["Candidato", "Total", "Región", None])
    sheet.append([None, None, "Norte", "Sur"])
    sheet.merge_cells("C3:D3")
    for row in XLSX_ROWS:
        sheet.append(list(row))
    book.properties.title = "Sondeo municipal de Valle Alto"
    book.properties.creator = "Encuestas Altiplano"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf_poll() -> bytes:
    """Two pages: prose on the first, a captioned table of approval on the second."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle
    out = io.BytesIO()
    styles = getSampleStyleSheet()
    document = SimpleDocTemplate(out, pagesize=A4, title="Encuesta de aprobación de Valle Alto",
                                 author="Encuestas Altiplano")
    table = Table([["Respuesta", "Total", "Urbano", "Rural"], *[[r[0], *map(str, r[1:])] for r in PDF_ROWS]])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    document.build([
        Paragraph("Encuesta de aprobación de Valle Alto", styles["Title"]),
        Paragraph("La encuesta se realizó entre el 2 y el 5 de abril de 2022 con 900 entrevistas "
                  "en hogares urbanos y rurales del distrito de Valle Alto.", styles["Normal"]),
        PageBreak(),
        Paragraph("APROBACIÓN DEL ALCALDE", styles["Heading2"]),
        table,
    ])
    return out.getvalue()


def word_file(heading: str, paragraphs: list[str], rows: list[tuple[str, ...]], **core) -> bytes:
    """A Word file: a heading, paragraphs (the last one the table's caption), a table."""
    import docx
    document = docx.Document()
    for name, value in core.items():
        setattr(document.core_properties, name, value)
    document.add_heading(heading, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_long_table(rows: int = 80) -> bytes:
    """One table too long for a page: reportlab continues it on the next, its header repeated. The
    file's metadata is what reportlab writes when nobody sets it ("(anonymous)", "(untitled)")."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
    table = Table([["Distrito", "Hogares", "Con agua"], *[[f"Distrito {i}", str(100 + i), f"{i % 50}.5"]
                                                          for i in range(1, rows + 1)]], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([Paragraph("HOGARES CON AGUA POR DISTRITO",
                                                         getSampleStyleSheet()["Heading2"]), table])
    return out.getvalue()


def docx_report() -> bytes:
    """A heading, prose, and a captioned table."""
    return word_file("Informe sobre el puerto de Bahía Clara",
                     ["El puerto de Bahía Clara fue fundado en 1911 por pescadores de Paita.",
                      "DESEMBARQUE POR ESPECIE (MILES DE TONELADAS)"],
                     [("Especie", "Industrial", "Artesanal"), ("Anchoveta", "120.5", "98.0"), ("Bonito", "33.0", "41.0")],
                     title="Informe sobre el puerto de Bahía Clara", author="Instituto del Mar",
                     created=datetime.datetime(2022, 9, 1))


def docx_yearly() -> bytes:
    """A table whose columns are years."""
    return word_file("Informe pesquero de Bahía Clara", ["DESEMBARQUE POR ESPECIE (MILES DE TONELADAS)"],
                     [("Especie", "2020", "2021"), ("Anchoveta", "120.5", "98.0"), ("Bonito", "33.0", "41.0")],
                     author="Instituto del Mar")


HTML_ARTICLE = """<!doctype html>
<html lang="en"><head><title>Puerto Verde | River News</title>
<meta name="author" content="Lucía Campos"><meta property="article:published_time" content="2023-06-02T10:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/about">About us</a></nav>
<header class="site-header">River News — subscribe today</header>
<article>
<h1>The river town of Puerto Verde</h1>
<p>Puerto Verde was founded in 1890 by rubber traders from Iquitos.</p>
<p>Its main festival, the Night of Lanterns, is held every June.</p>
<table><caption>Boats registered in Puerto Verde</caption>
<thead><tr><th>Kind</th><th colspan="2">Year</th></tr><tr><th></th><th>2010</th><th>2020</th></tr></thead>
<tbody><tr><td>Fishing boats</td><td>120</td><td>95</td></tr><tr><td>Ferries</td><td>8</td><td>14</td></tr></tbody>
</table>
</article>
<aside class="related">Related stories: a storm in Pucallpa</aside>
<footer>Copyright River News</footer>
</body></html>
"""

