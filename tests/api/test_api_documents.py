"""Documents added and removed through the API of a running server, answered with no restart."""
from __future__ import annotations

import threading
import time

import requests

from tests.conftest import ADMIN_KEY
from tests.index.sample_files import HTML_ARTICLE, docx_report, pdf_poll, xlsx_poll

AUTH = {"Authorization": f"Bearer {ADMIN_KEY}"}


def upload(server, data: bytes, name: str, headers=AUTH, **fields) -> requests.Response:
    return requests.post(server.url + "/api/documents", headers=headers, files={"file": (name, data)},
                         data=fields, timeout=120)


def ask(server, question: str) -> dict:
    response = requests.post(server.url + "/api/ask", json={"question": question}, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def health(server) -> dict:
    return requests.get(server.url + "/healthz", timeout=10).json()


def test_files_of_every_format_are_answered_with_their_provenance_without_a_restart(admin_server):
    before = health(admin_server)
    workbook = xlsx_poll()
    for data, name, fields in [(workbook, "votos.xlsx", {"id": "valle-alto-votos"}),
                               (pdf_poll(), "aprobacion.pdf", {"id": "valle-alto-aprobacion"}),
                               (docx_report(), "puerto.docx", {}), (HTML_ARTICLE.encode(), "verde.html", {})]:
        response = upload(admin_server, data, name, **fields)
        assert response.status_code == 201, response.text
    assert health(admin_server)["documents"] == before["documents"] + 4
    assert health(admin_server)["index"]["generation"] > before["index"]["generation"]

    answer = ask(admin_server, "¿Cuánto tiene Marta Ríos en el Norte según el sondeo municipal de Valle Alto?")
    assert answer["figures"][0]["value"] == 44.0
    assert "sheet Votos, cells A3:D7" in answer["citations"][0]["section"]
    answer = ask(admin_server, "¿Qué porcentaje aprueba al alcalde en el área rural?")
    assert answer["figures"][0]["value"] == 55.0 and "page 2" in answer["citations"][0]["section"]
    answer = ask(admin_server, "When was Puerto Verde founded?")
    assert answer["span"]["text"] == "1890"
    answer = ask(admin_server, "¿Cuántas miles de toneladas de anchoveta desembarcó la pesca artesanal?")
    assert answer["figures"][0]["value"] == 98.0

    described = requests.get(admin_server.url + "/api/documents/valle-alto-votos", timeout=10).json()
    assert described["tables"][0]["rows"] == 3 and described["original"] == "valle-alto-votos.xlsx"
    original = requests.get(admin_server.url + described["links"]["original"], timeout=10)
    assert original.content == workbook

    deleted = requests.delete(admin_server.url + "/api/documents/valle-alto-votos", headers=AUTH, timeout=120)
    assert deleted.status_code == 200
    assert health(admin_server)["documents"] == before["documents"] + 3
    assert requests.get(admin_server.url + "/api/documents/valle-alto-votos", timeout=10).status_code == 404


def test_bad_files_are_refused_and_change_nothing(admin_server):
    files_before = sorted(p.name for p in admin_server.corpus.rglob("*"))
    before = health(admin_server)
    for data, name, status in [(b"", "empty.csv", 400), (pdf_poll(), "report.docx", 415),
                               (pdf_poll()[:300], "broken.pdf", 422), (bytes(range(256)), "x.bin", 415),
                               (b"---\nbroken\n---\n", "bad.md", 400)]:
        response = upload(admin_server, data, name)
        assert response.status_code == status, (name, response.text)
        assert set(response.json()["error"]) == {"code", "message"}
    assert upload(admin_server, b"ok", "x.txt", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert requests.delete(admin_server.url + "/api/documents/nope", headers=AUTH, timeout=30).status_code == 404
    assert sorted(p.name for p in admin_server.corpus.rglob("*")) == files_before
    assert health(admin_server) == before


def test_without_an_admin_key_the_upload_route_does_not_exist(live_server):
    response = upload(live_server, xlsx_poll(), "votos.xlsx")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_questions_asked_during_additions_and_removals_never_fail(admin_server):
    failures: list[str] = []
    stop = threading.Event()

    def keep_asking():
        while not stop.is_set():
            try:
                response = requests.post(admin_server.url + "/api/ask", json={"question": "¿Quién lidera en Lima?"},
                                         timeout=30)
                if response.status_code != 200 or response.json()["answer_type"] == "none":
                    failures.append(f"{response.status_code} {response.text[:200]}")
            except requests.RequestException as error:
                failures.append(repr(error))

    askers = [threading.Thread(target=keep_asking) for _ in range(8)]
    for thread in askers:
        thread.start()
    try:
        for round_ in range(4):
            assert upload(admin_server, xlsx_poll(), "votos.xlsx", id=f"ronda-{round_}").status_code == 201
            assert requests.delete(admin_server.url + f"/api/documents/ronda-{round_}", headers=AUTH,
                                   timeout=120).status_code == 200
        time.sleep(1.5)   # every worker sees the last generation
    finally:
        stop.set()
        for thread in askers:
            thread.join()
    assert failures == []
    assert health(admin_server)["index"]["generation"] >= 9
