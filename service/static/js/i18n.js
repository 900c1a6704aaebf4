// The page's own words in English and Spanish. The dictionary is the server's
// i18n.json, handed over in a data attribute (no inline script, no extra request).
const STORAGE_KEY = "peru-qa:lang";

function stored() {
  try { return window.localStorage.getItem(STORAGE_KEY); } catch { return null; }
}

export class I18n {
  constructor(strings) {
    this.strings = strings;
    this.languages = Object.keys(strings);
    this.lang = "en";
    this.listeners = [];
    this.t = this.t.bind(this);   // handed around as a plain function
  }

  /** The reader's choice if they made one, else the browser's language. */
  detect() {
    const choice = stored();
    if (this.languages.includes(choice)) return choice;
    for (const tag of navigator.languages || [navigator.language || "en"]) {
      const base = String(tag).slice(0, 2).toLowerCase();
      if (this.languages.includes(base)) return base;
    }
    return "en";
  }

  t(key) {
    return (this.strings[this.lang] || {})[key] ?? this.strings.en[key] ?? key;
  }

  set(lang, { persist = false } = {}) {
    if (!this.languages.includes(lang)) return;
    this.lang = lang;
    if (persist) {
      try { window.localStorage.setItem(STORAGE_KEY, lang); } catch { /* private mode: keep it for this page */ }
    }
    document.documentElement.lang = lang;
    this.apply(document);
    this.listeners.forEach((listener) => listener(lang));
  }

  onChange(listener) {
    this.listeners.push(listener);
  }

  /** Translate every marked element under root (used for new answers too). */
  apply(root) {
    root.querySelectorAll("[data-i18n]").forEach((el) => { el.textContent = this.t(el.dataset.i18n); });
    root.querySelectorAll("[data-i18n-placeholder]").forEach((el) => {
      el.setAttribute("placeholder", this.t(el.dataset.i18nPlaceholder));
    });
    root.querySelectorAll("[data-i18n-aria-label]").forEach((el) => {
      el.setAttribute("aria-label", this.t(el.dataset.i18nAriaLabel));
    });
  }
}
