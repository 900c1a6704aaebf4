// The documents page: the administrators' upload form, with progress and the ingestion report.
import { h } from "./dom.js";

const strings = JSON.parse(document.body.dataset.strings)[document.body.dataset.lang] || {};
const form = document.getElementById("upload-form");
const KEY_STORE = "qa.adminKey";   // this tab only: sessionStorage ends with it

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

function showReport(report) {
  const box = document.getElementById("upload-report");
  box.replaceChildren(
    h("p", { class: "upload-ok" }, fill(strings.upload_done, {
      title: report.document.title, passages: report.passages, tables: report.tables.length,
    })),
    h("ul", {}, report.tables.map((t) => h("li", {}, `${t.title || t.id} — ${fill(strings.rows_columns, t)}`))),
    report.warnings && report.warnings.length
      ? h("details", {}, h("summary", {}, strings.upload_warnings), h("ul", {}, report.warnings.map((w) => h("li", {}, w))))
      : null,
    h("p", {}, h("a", { href: report.links.viewer }, strings.read_document)),
  );
}

function showError(message) {
  document.getElementById("upload-report").replaceChildren(
    h("p", { class: "upload-error", role: "alert" }, fill(strings.upload_failed, { message })));
}

function upload(event) {
  event.preventDefault();
  const key = document.getElementById("admin-key").value.trim();
  const file = document.getElementById("upload-file").files[0];
  if (!key || !file) {
    showError(!key ? strings.admin_key : strings.upload_file);
    return;
  }
  sessionStorage.setItem(KEY_STORE, key);
  const body = new FormData(form);
  body.delete("key");
  const progress = document.getElementById("upload-progress");
  const button = document.getElementById("upload-button");
  progress.hidden = false;
  progress.value = 0;
  button.disabled = true;
  document.getElementById("upload-report").replaceChildren(h("p", {}, strings.uploading));
  // XMLHttpRequest, not fetch: only it reports upload progress.
  const request = new XMLHttpRequest();
  request.open("POST", "/api/documents");
  request.setRequestHeader("Authorization", `Bearer ${key}`);
  request.upload.addEventListener("progress", (e) => {
    if (e.lengthComputable) progress.value = Math.round((100 * e.loaded) / e.total);
  });
  request.addEventListener("load", () => {
    button.disabled = false;
    progress.hidden = true;
    let data = null;
    try { data = JSON.parse(request.responseText); } catch { data = null; }
    if (request.status === 201 && data) {
      showReport(data);
      form.reset();
      document.getElementById("admin-key").value = key;
    } else {
      showError(data && data.error ? data.error.message : `HTTP ${request.status}`);
    }
  });
  request.addEventListener("error", () => {
    button.disabled = false;
    progress.hidden = true;
    showError("network error");
  });
  request.send(body);
}

if (form) {
  document.getElementById("admin-key").value = sessionStorage.getItem(KEY_STORE) || "";
  form.addEventListener("submit", upload);
}
