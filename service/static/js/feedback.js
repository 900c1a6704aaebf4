// Useful / not useful on one answer, with an optional comment: either opens the comment box, "Send feedback"
// records the vote (and the comment, if any) on the answer's turn of the conversation.
import { h } from "./dom.js";

function label(key, t) {
  return h("span", { "data-i18n": key }, t(key));
}

async function sendFeedback(response, value, comment) {
  const path = `/api/conversations/${encodeURIComponent(response.conversation_id)}/turns/${response.turn}/feedback`;
  try {
    const reply = await fetch(path, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(comment ? { value, comment } : { value }),
    });
    return reply.ok;
  } catch {
    return false;
  }
}

/** The feedback controls of an answer the server kept (null for one it could not save). */
export function feedbackControls(response, t, id) {
  if (!response.conversation_id || !Number.isInteger(response.turn)) return null;
  let value = null;
  const status = h("p", { class: "feedback-status", role: "status" });
  const comment = h("input", {
    type: "text", id: `feedback-comment-${id}`, maxlength: "1000", autocomplete: "off",
    placeholder: t("feedback_placeholder"), "data-i18n-placeholder": "feedback_placeholder",
  });
  const form = h("form", { class: "feedback-form", hidden: true },
    h("label", { class: "visually-hidden", for: `feedback-comment-${id}` }, label("feedback_comment", t)),
    comment,
    h("button", { type: "submit", class: "ghost-button feedback-send" }, label("feedback_send", t)));
  // Words, not emoji: a system without an emoji font would draw empty boxes.
  const thumb = (kind) => h("button", {
    type: "button", class: `ghost-button feedback-${kind}`, "aria-pressed": "false",
    onclick: (event) => {
      value = kind;
      for (const button of event.currentTarget.parentElement.querySelectorAll("button")) {
        button.setAttribute("aria-pressed", String(button === event.currentTarget));
      }
      form.hidden = false;
      comment.focus();
    },
  }, label(`feedback_${kind}`, t));
  const thumbs = h("div", { class: "feedback-thumbs", role: "group", "aria-label": t("feedback_label"),
                            "data-i18n-aria-label": "feedback_label" }, thumb("up"), thumb("down"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!value) return;
    const ok = await sendFeedback(response, value, comment.value.trim());
    const key = ok ? "feedback_thanks" : "feedback_failed";
    status.replaceChildren(label(key, t));
    if (ok) {
      form.hidden = true;
      for (const button of thumbs.querySelectorAll("button")) button.disabled = true;
    }
  });
  return h("div", { class: "feedback" }, thumbs, form, status);
}
