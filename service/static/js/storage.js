// The conversation survives a reload of the tab (sessionStorage): its id, so the
// server keeps the context, and the answers already shown, so the page can redraw them.
const KEY = "peru-qa:conversation";
const MAX_TURNS = 40;

export function loadConversation() {
  try {
    const value = JSON.parse(window.sessionStorage.getItem(KEY));
    if (value && Array.isArray(value.turns)) {
      return { conversationId: typeof value.conversationId === "string" ? value.conversationId : null, turns: value.turns };
    }
  } catch { /* unreadable or unavailable: start afresh */ }
  return { conversationId: null, turns: [] };
}

export function saveConversation(state) {
  try {
    window.sessionStorage.setItem(KEY, JSON.stringify({
      conversationId: state.conversationId,
      turns: state.turns.slice(-MAX_TURNS),
    }));
  } catch { /* storage full or disabled: the page still works, only reloads forget */ }
}

export function clearConversation() {
  try { window.sessionStorage.removeItem(KEY); } catch { /* nothing stored */ }
}
