"""A tiny synthetic collection the core has never seen: two polls by different pollsters, of
different dates, shapes and cuts, and a three-sentence article. Nothing in the service's code
or vocabulary knows any of their names, so every answer here comes from the documents."""
from __future__ import annotations

from pathlib import Path

import pytest

from index import store
from index.retrieval import Retriever
from service.qa.answer import Answer, Interpretation
from service.qa.engine import QAEngine

ANDINA = """---
id: andina-mayo-2021
title: Encuesta nacional de opinión, mayo de 2021
author: Encuestadora Andina
publisher: Encuestadora Andina S.A.
date: 2021-05-20
language: es
source_url: https://example.org/andina
kind: poll
table_unit: %
aliases:
  Ana Torres: la candidata Torres, Anita
  Partido Verde: Green Party
---

| Ficha técnica | | |
|---|---|---|
| Ficha técnica | Tamaño de la muestra | 1,000 |
| | Margen de error | ±3.1% |
| | Fecha de campo | 15 - 18 de mayo de 2021 |

INTENCIÓN DE VOTO PRESIDENCIAL

| Candidato | Total | Sexo | | Región | | |
|---|---|---|---|---|---|---|
| | | Hombres | Mujeres | Costa Norte | Sierra Norte | Sur |
| Ana Torres - Partido Verde | 40.0 | 38.0 | 42.0 | 45.0 | 44.0 | 35.0 |
| Luis Rojas - Frente Azul | 35.0 | 37.0 | 33.0 | 30.0 | 31.0 | 41.0 |
| En blanco | 10.0 | 11.0 | 9.0 | 12.0 | 10.0 | 9.0 |
| No sabe | 15.0 | 14.0 | 16.0 | 13.0 | 15.0 | 15.0 |
"""

NORTHWIND = """---
id: northwind-approval-2020
title: Presidential approval, January 2020
author: Northwind Research
publisher: Northwind Research Ltd
date: 2020-01-15
language: en
source_url: https://example.org/northwind
kind: poll
table_unit: %
---

APPROVAL OF THE PRESIDENT

| Answer | Total | Urban | Rural |
|---|---|---|---|
| Approve | 52.0 | 48.0 | 61.0 |
| Disapprove | 40.0 | 45.0 | 30.0 |
| Don't know | 8.0 | 7.0 | 9.0 |
"""

PACIFIC = """---
id: pacific-abril-2021
title: Sondeo de abril de 2021
author: Pacific Polls
publisher: Pacific Polls
date: 2021-04-10
language: es
source_url: https://example.org/pacific
kind: poll
table_unit: %
---

Ficha técnica

- Muestra: 800 entrevistas
- Margen de error: ±3.5%
- Fecha de campo: 5 al 8 de abril de 2021

INTENCIÓN DE VOTO

| Candidato | Total | Lima | Regiones | NSE | | | Edad | |
|---|---|---|---|---|---|---|---|---|
| | | | | A/B | C | D/E | 18-24 | 40+ |
| Ana Torres | 31.5 | 28.0 | 33.0 | 45.0 | 30.0 | 22.0 | 25.0 | 36.0 |
| Luis Rojas | 29.0 | 35.5 | 26.0 | 20.0 | 31.0 | 38.5 | 34.0 | 27.0 |
"""

ARTICLE = """---
id: puerto-alto-history
title: A short history of Puerto Alto
author: Rosa Mendoza
publisher: Revista del Río
date: 2019
language: en
source_url: https://example.org/puerto-alto
kind: article
---

## Founding

The river town of Puerto Alto was founded in 1852 by rubber traders. Its first mayor was Maria Quispe.
Today the town has 12,000 inhabitants, most of them farmers.
Jorge Huaman often visited the city of Tarapoto.
In 1990 the port had 300 boats and 12 fishing cooperatives, while the number of schools fell to 45.
The town's school opened in 1901, and its cathedral was consecrated in 1925.
Puerto Alto trades with Iquitos by boat. Its economy is a mix of river trade and farming, employing most families.
The Lima-born engineer Jorge Huaman grew up in Pucallpa, where he built the first bridge.
"""


def write_corpus(folder: Path, documents: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in documents.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    return folder


def engine_over(folder: Path) -> QAEngine:
    bundle = store.load_or_build(folder, folder.parent / "index")
    return QAEngine(bundle, Retriever(bundle))


@pytest.fixture(scope="session")
def engine(tmp_path_factory) -> QAEngine:
    corpus = tmp_path_factory.mktemp("synthetic") / "corpus"
    return engine_over(write_corpus(corpus, {"andina": ANDINA, "northwind": NORTHWIND, "pacific": PACIFIC,
                                            "article": ARTICLE}))


def ask_turns(engine: QAEngine, *turns: str) -> Answer:
    context: Interpretation | None = None
    answer = None
    for turn in turns:
        answer = engine.ask(turn, context)
        if answer.answer_type != "none":
            context = answer.interpretation
    return answer
