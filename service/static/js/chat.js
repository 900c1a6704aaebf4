// The chat page: sends questions, keeps the conversation, draws answers and errors.
import { ask, AskError, shareConversation } from "./api.js";
import { renderAnswer } from "./answer.js";
import { copyText } from "./clipboard.js";
import { h, prefersReducedMotion } from "./dom.js";
import { I18n } from "./i18n.js";
import { clearConversation, loadConversation, saveConversation } from "./storage.js";

const i18n = new I18n(JSON.parse(document.body.dataset.strings));
const { t } = i18n;
const form = document.getElementById("ask-form");
const input = document.getElementById("question");
const sendButton = document.getElementById("send");
const messages = document.getElementById("messages");
const messageLog = document.getElementById("message-log");
const welcome = document.getElementById("welcome");
const status = document.getElementById("status");

const counter = document.getElementById("counter");
const maxChars = Number(input.dataset.maxChars) || 1000;
const shareButton = document.getElementById("share");
const exportLink = document.getElementById("export");
const shareResult = document.getElementById("share-result");

let state = loadConversation();
let sending = false;
let messageCount = 0;

function announce(text) {
  status.textContent = "";
  window.setTimeout(() => { status.textContent = text; }, 50);
}

function reveal(el, block = "end") {
  el.scrollIntoView({ block, behavior: prefersReducedMotion() ? "auto" : "smooth" });
}

function showWelcome() {
  welcome.hidden = messages.children.length > 0;
  // Sharing and exporting need a conversation the server keeps.
  shareButton.hidden = exportLink.hidden = !state.conversationId;
  if (state.conversationId) exportLink.href = `/api/conversations/${encodeURIComponent(state.conversationId)}/export.md`;
}

async function share() {
  const url = await shareConversation(state.conversationId);
  shareResult.hidden = false;
  if (!url) {
    shareResult.textContent = t("share_failed");
    announce(t("share_failed"));
    return;
  }
  shareResult.replaceChildren(`${t("share_done")} `, h("a", { href: url, id: "share-link" }, url));
  announce(`${t("share_done")} ${url}`);
  await copyText(url);
}

function appendUserMessage(question) {
  const item = h("li", { class: "msg msg-user" },
    h("div", { class: "bubble" },
      h("p", { class: "msg-author visually-hidden", "data-i18n": "you" }, t("you")),
      h("p", { class: "user-text" }, question)));
  messages.append(item);
  showWelcome();
  return item;
}

// The card's inner width (its padding is about 40px), capped where bars stop reading well.
function chartWidth() {
  return Math.min(440, messages.clientWidth - 40);
}

function appendAnswer(response) {
  messageCount += 1;
  const item = renderAnswer(response, {
    i18n, id: messageCount, chartWidth: chartWidth(), onAsk: (question) => send(question), onCopy: copyAnswer,
  });
  messages.append(item);
  showWelcome();
  return item;
}

function appendError(error, question) {
  let text = t("error_network");
  if (!error.network) text = error.message ? `${t("error_server")} ${error.message}` : t("error_server");
  const item = h("li", { class: "msg msg-error" },
    h("div", { class: "error-card" },
      h("p", { class: "error-title", "data-i18n": "error_title" }, t("error_title")),
      h("p", { class: "error-text" }, text),
      h("button", {
        type: "button", class: "ghost-button retry-button", "data-i18n": "retry",
        onclick: () => {
          if (sending) return;
          item.remove();
          request(question);
        },
      }, t("retry"))));
  messages.append(item);
  return item;
}

function appendPending() {
  const item = h("li", { class: "msg msg-pending" },
    h("div", { class: "bubble pending-bubble" },
      h("span", { class: "dots", "aria-hidden": "true" }, h("span"), h("span"), h("span")),
      h("span", { "data-i18n": "thinking" }, t("thinking"))));
  messages.append(item);
  return item;
}

function setSending(on) {
  sending = on;
  form.classList.toggle("is-sending", on);
  sendButton.disabled = on || input.value.trim().length > maxChars;
  sendButton.querySelector(".send-label").dataset.i18n = on ? "sending" : "send";
  sendButton.querySelector(".send-label").textContent = t(on ? "sending" : "send");
  messageLog.setAttribute("aria-busy", on ? "true" : "false");
}

async function copyAnswer(text, button) {
  const ok = await copyText(text);
  const key = ok ? "copied" : "copy_failed";
  const labelEl = button.querySelector("[data-i18n]");
  labelEl.dataset.i18n = key;
  labelEl.textContent = t(key);
  announce(t(key));
  window.setTimeout(() => { labelEl.dataset.i18n = "copy"; labelEl.textContent = t("copy"); }, 2000);
}

/** Ask the server; a conversation the server no longer knows is replaced by a new one. */
async function askKeepingConversation(question) {
  try {
    return await ask(question, state.conversationId);
  } catch (error) {
    if (!(error instanceof AskError) || error.code !== "unknown_conversation" || !state.conversationId) throw error;
    state.conversationId = null;
    announce(t("conversation_expired"));
    return ask(question, null);
  }
}

async function request(question) {
  setSending(true);
  const pending = appendPending();
  reveal(pending);
  try {
    const response = await askKeepingConversation(question);
    pending.remove();
    state.conversationId = response.conversation_id || state.conversationId;
    state.turns.push({ question, response });
    saveConversation(state);
    reveal(appendAnswer(response), "start");
    showWelcome();
  } catch (error) {
    pending.remove();
    reveal(appendError(error instanceof AskError ? error : new AskError("", { network: true }), question));
  } finally {
    setSending(false);
  }
}

/** A question near the limit shows its length; one over it says so and cannot be sent (nothing
 * is cut off silently: a paste keeps every character, the reader decides what to drop). */
function updateCounter() {
  const length = input.value.trim().length;
  const over = length > maxChars;
  counter.hidden = length < maxChars * 0.8;
  counter.classList.toggle("is-over", over);
  counter.textContent = over ? t("too_long").replace("{n}", length).replace("{max}", maxChars)
    : t("chars_count").replace("{n}", length).replace("{max}", maxChars);
  sendButton.disabled = sending || over;
  return !over;
}

function send(raw) {
  const question = String(raw || "").trim();
  if (!question || sending) return;
  if (question.length > maxChars) {
    updateCounter();
    announce(counter.textContent);
    return;
  }
  appendUserMessage(question);
  input.value = "";
  updateCounter();
  input.focus();
  request(question);
}

function clearAll() {
  clearConversation();
  state = { conversationId: null, turns: [] };
  messages.replaceChildren();
  shareResult.hidden = true;
  showWelcome();
  announce(t("cleared"));
  input.focus();
}

function setLanguage(lang, persist) {
  i18n.set(lang, { persist });
  document.title = t("app_title");
  document.querySelectorAll(".lang-switch button").forEach((button) => {
    button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
  });
  updateCounter();
  // Viewer and table links open in the language the reader chose here.
  document.querySelectorAll("a.viewer-link, a.cell-link, a.table-link").forEach((link) => {
    const url = new URL(link.getAttribute("href"), window.location.origin);
    url.searchParams.set("lang", lang);
    link.setAttribute("href", url.pathname + url.search + url.hash);
  });
}

function restore() {
  messageLog.setAttribute("aria-busy", "true");   // redrawn history is not news
  let latest = null;
  for (const turn of state.turns) {
    if (!turn || typeof turn.question !== "string" || !turn.response) continue;
    appendUserMessage(turn.question);
    latest = appendAnswer(turn.response);
  }
  messageLog.setAttribute("aria-busy", "false");
  showWelcome();
  // After a reload the reader continues from the latest answer, not from wherever the browser
  // would restore the scroll to (the top, or a place in a shorter page).
  if (latest) {
    window.history.scrollRestoration = "manual";
    latest.scrollIntoView({ block: "start" });
  }
}

input.addEventListener("input", updateCounter);

form.addEventListener("submit", (event) => {
  event.preventDefault();
  send(input.value);
});

input.addEventListener("keydown", (event) => {
  // Enter sends; Shift+Enter is a new line; Enter while composing (IME) is left alone.
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    send(input.value);
  }
});

document.getElementById("examples").addEventListener("click", (event) => {
  const button = event.target.closest("button[data-question]");
  if (button) send(button.dataset.question);
});

document.getElementById("clear").addEventListener("click", clearAll);
shareButton.addEventListener("click", share);

document.querySelectorAll(".lang-switch button").forEach((button) => {
  button.addEventListener("click", () => setLanguage(button.dataset.lang, true));
});

setLanguage(i18n.detect(), false);
restore();
