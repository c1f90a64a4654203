// The page's languages: English, Chinese (simplified), Urdu and Turkish. The language comes
// from ?lang= (an unknown one falls back to English, with a notice), else the visitor's last
// choice, else navigator.languages, else English. Strings live in i18n/<lang>.json (English is
// always loaded too: it fills gaps and is what the app's own log receives). Elements carry
// data-i18n="key" (text) or data-i18n-aria="key" (accessible name); strings are text, never HTML.
'use strict';

(function () {
  const status = window.ce8Status || (window.ce8Status = {});
  const languages = {
    en: { html: 'en', dir: 'ltr' },
    zh: { html: 'zh-Hans', dir: 'ltr' },
    ur: { html: 'ur', dir: 'rtl' },
    tr: { html: 'tr', dir: 'ltr' },
  };
  const storageKey = 'ce8.lang';
  const tables = {};       // lang -> strings
  const bound = [];        // [element, key, params] re-rendered on a language change
  const listeners = [];
  let current = 'en';
  let startupNotice = null;

  function fromBrowser() {
    for (const tag of navigator.languages || [navigator.language || '']) {
      const base = String(tag).toLowerCase().split(/[-_]/)[0];
      if (languages[base]) return base;
    }
    return 'en';
  }

  function stored() {
    try { return localStorage.getItem(storageKey); } catch (e) { return null; }
  }

  // The language this visit starts in.
  function initial() {
    const asked = new URLSearchParams(location.search).get('lang');
    if (asked !== null) {
      const base = asked.toLowerCase();
      if (languages[base]) return base;
      startupNotice = { key: 'lang.unknown', params: { lang: asked.slice(0, 20) } };
      return 'en';
    }
    const saved = stored();
    if (saved && languages[saved]) return saved;
    return fromBrowser();
  }

  function format(text, params) {
    return String(text).replace(/\{(\w+)\}/g, (m, name) => (params && name in params ? String(params[name]) : m));
  }

  // The string for key in the current language (English where it is missing), or fallback.
  function t(key, params, fallback) {
    const s = (tables[current] && tables[current][key]) || (tables.en && tables.en[key]);
    return format(s !== undefined ? s : (fallback !== undefined ? fallback : key), params);
  }
  function tEn(key, params, fallback) {
    const s = tables.en && tables.en[key];
    return format(s !== undefined ? s : (fallback !== undefined ? fallback : key), params);
  }

  // Sets el's text from key now and after every language change.
  function bind(el, key, params) {
    const i = bound.findIndex((b) => b[0] === el);
    if (i >= 0) bound.splice(i, 1);
    bound.push([el, key, params]);
    if (tables.en) el.textContent = t(key, params, el.textContent);
  }

  function applyDocument() {
    const meta = languages[current];
    document.documentElement.lang = meta.html;
    document.documentElement.dir = meta.dir;
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n, null, el.textContent);
    for (const el of document.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria, null, el.getAttribute('aria-label')));
    for (const [el, key, params] of bound) el.textContent = t(key, params, el.textContent);
    document.title = t('page.title', null, document.title);
    const select = document.getElementById('lang-select');
    if (select) select.value = current;
  }

  async function fetchTable(lang) {
    if (tables[lang]) return tables[lang];
    const r = await fetch(`i18n/${lang}.json`);
    if (!r.ok) throw new Error(`i18n/${lang}.json: HTTP ${r.status}`);
    const data = await r.json();
    tables[lang] = data.strings || {};
    return tables[lang];
  }

  // Switches the page to lang (one of the four), keeps ?lang= in the address and remembers it.
  async function setLanguage(lang, options) {
    if (!languages[lang]) lang = 'en';
    await Promise.all([fetchTable('en'), fetchTable(lang)]);
    current = lang;
    status.language = lang;
    applyDocument();
    if (!options || !options.initial) {
      try { localStorage.setItem(storageKey, lang); } catch (e) { /* private mode: not remembered */ }
      const url = new URL(location.href);
      url.searchParams.set('lang', lang);
      history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    }
    for (const f of listeners) f(lang);
    return lang;
  }

  const ready = setLanguage(initial(), { initial: true }).catch((e) => {
    console.warn('page strings could not be loaded: ' + e.message);
    status.i18nError = e.message;
    return current;
  });

  window.ce8I18n = {
    ready,
    t,
    tEn,
    bind,
    setLanguage,
    onChange: (f) => listeners.push(f),
    language: () => current,
    dir: () => languages[current].dir,
    supported: Object.keys(languages),
    takeStartupNotice: () => { const n = startupNotice; startupNotice = null; return n; },
  };
})();
