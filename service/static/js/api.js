// The page's calls: POST /api/ask, and a share link for a conversation.
const TIMEOUT_MS = 30000;

export class AskError extends Error {
  constructor(message, { code = null, status = null, network = false } = {}) {
    super(message);
    this.code = code;
    this.status = status;
    this.network = network;
  }
}

export async function ask(question, conversationId) {
  const body = { question };
  if (conversationId) body.conversation_id = conversationId;
  const controller = new AbortController();
  const timer = window.setTimeout(() => controller.abort(), TIMEOUT_MS);
  let response;
  let data = null;
  try {
    response = await fetch("/api/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
      credentials: "same-origin",
      signal: controller.signal,
    });
    data = await response.json().catch(() => null);
  } catch {
    throw new AskError("", { network: true });
  } finally {
    window.clearTimeout(timer);
  }
  if (!response.ok || data === null || typeof data !== "object") {
    const error = (data && data.error) || {};
    throw new AskError(typeof error.message === "string" ? error.message : "", {
      code: typeof error.code === "string" ? error.code : `http_${response.status}`,
      status: response.status,
    });
  }
  return data;
}

/** A read-only share link for the conversation; null when it could not be made. */
export async function shareConversation(conversationId) {
  try {
    const response = await fetch(`/api/conversations/${encodeURIComponent(conversationId)}/shares`, {
      method: "POST", headers: { Accept: "application/json" }, credentials: "same-origin",
    });
    const data = await response.json();
    return response.ok && typeof data.url === "string" ? data.url : null;
  } catch {
    return null;
  }
}
