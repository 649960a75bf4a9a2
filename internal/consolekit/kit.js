// The console kit: what the editors' console (/console/) and the staff
// console (/staff/) share. Plain JavaScript, no framework, no external
// resources. It defines one global, DalilKit; a console's own script runs
// after it and calls DalilKit.start with what is its own (its views, what
// it loads after login). Every piece of data reaches the page through
// textContent or an attribute, never as markup: what the consoles show was
// written by people (service texts, citizens' messages, account names).
//
// The page declares <header id="top"> holding its <nav id="nav" hidden>;
// the kit adds the title, the account line and the language toggle to it,
// and the status line and <main id="main"> after it.
'use strict';

window.DalilKit = (() => {
  // i18n.json sits beside kit.js: each console serves the kit from its own
  // folder, so the kit finds that console's strings without being told.
  const stringsURL = new URL('i18n.json', document.currentScript.src).href;
  let opts = null; // what start was given
  let ui = 'ar'; // the interface language: Arabic first
  let strings = null; // i18n.json: {ar: {key: text}, en: {key: text}}
  let me = null; // the signed-in account: {name, role, csrf}
  let view = 0; // bumped by every navigation: a slow answer for an old view is dropped

  // ---------- small helpers ----------

  const $ = (sel, root = document) => root.querySelector(sel);
  const main = () => $('#main');

  // t is the string key in the interface language, {name} placeholders
  // filled from vars; an unknown key shows as itself (a test keeps the
  // catalogs complete).
  function t(key, vars) {
    const table = (strings && strings[ui]) || {};
    let s = table[key] || key;
    for (const [k, v] of Object.entries(vars || {})) s = s.split('{' + k + '}').join(String(v));
    return s;
  }

  // el builds an element: attrs are attributes (on* keys are listeners;
  // value and checked are set as properties; false, null and undefined
  // leave the attribute out), children are nodes or strings (as text).
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (k === 'value') e.value = v;
      else if (k === 'checked') e.checked = !!v;
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  // say shows msg in the status line; kind is '', 'ok' or 'error'.
  function say(msg, kind) {
    const s = $('#status');
    s.textContent = msg || '';
    s.className = kind || '';
  }

  // api calls the JSON API as the signed-in account and never throws: it
  // answers {status, data}, status 0 when the network failed. Changes carry
  // the session's CSRF token; a 401 (the session ended) shows the login form.
  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && me && me.csrf) headers['X-CSRF-Token'] = me.csrf;
    let res;
    try {
      res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      return { status: 0, data: { error: 'network', message: t('network_error') } };
    }
    let data = null;
    if (res.status !== 204) {
      try { data = await res.json(); } catch (e) { data = null; }
    }
    if (res.status === 401 && path !== '/api/login' && path !== '/api/me') {
      me = null;
      showLogin();
    }
    return { status: res.status, data: data || {} };
  }

  // errorText is what to tell a person about a failed api answer: the
  // server's message (in the interface language where it has one).
  function errorText(r) {
    const d = r.data || {};
    return d.message || d.error || ('HTTP ' + r.status);
  }

  function fmtTime(s) {
    if (!s) return '';
    const d = new Date(s);
    if (isNaN(d) || d.getFullYear() < 2000) return ''; // the zero time: never happened
    return d.toLocaleString(ui === 'ar' ? 'ar' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  }

  // ---------- the frame and the language ----------

  function frame() {
    const top = $('#top');
    top.prepend(el('h1', { id: 'app-title' }, 'دليل'));
    top.append(
      el('div', { id: 'who', hidden: true }, el('span', { id: 'who-name' }), ' · ', el('span', { id: 'who-role' }), ' ',
        el('button', { type: 'button', id: 'logout', onclick: logout })),
      el('button', { type: 'button', id: 'lang-toggle', onclick: toggleLanguage }));
    top.after(el('div', { id: 'status', role: 'status', 'aria-live': 'polite' }), el('main', { id: 'main' }));
  }

  // applyUI puts the page in the interface language: direction, title,
  // the kit's own labels and every element with a data-t key.
  function applyUI() {
    const root = document.documentElement;
    root.lang = ui;
    root.dir = ui === 'ar' ? 'rtl' : 'ltr';
    document.title = t('app_title');
    $('#app-title').textContent = t('app_title');
    $('#logout').textContent = t('logout');
    if (me) $('#who-role').textContent = t('role_' + me.role);
    const toggle = $('#lang-toggle');
    toggle.textContent = ui === 'ar' ? 'English' : 'العربية';
    toggle.lang = ui === 'ar' ? 'en' : 'ar';
    for (const e of document.querySelectorAll('[data-t]')) e.textContent = t(e.dataset.t);
  }

  function toggleLanguage() {
    ui = ui === 'ar' ? 'en' : 'ar';
    localStorage.setItem(opts.storageKey, ui);
    applyUI();
    if (me) route(); else showLogin();
  }

  // ---------- login ----------

  function showLogin() {
    view++;
    $('#nav').hidden = true;
    $('#who').hidden = true;
    if (opts.loggedOut) opts.loggedOut();
    const name = el('input', { id: 'login-name', name: 'name', autocomplete: 'username', dir: 'ltr', required: true });
    const secret = el('input', { id: 'login-secret', name: 'secret', type: 'password', autocomplete: 'current-password', dir: 'ltr', required: true });
    const form = el('form', { class: 'card login', id: 'login-form', onsubmit: async (ev) => {
      ev.preventDefault();
      const r = await api('POST', '/api/login', { name: name.value.trim(), secret: secret.value });
      if (r.status !== 200) { say(r.status === 401 ? t('bad_login') : errorText(r), 'error'); return; }
      secret.value = '';
      me = r.data;
      say('');
      await loggedIn();
    } },
    el('h2', {}, t('login_title')),
    el('div', { class: 'row' }, el('label', { for: 'login-name' }, t('login_name')), name),
    el('div', { class: 'row' }, el('label', { for: 'login-secret' }, t('login_secret')), secret),
    el('button', { type: 'submit', class: 'primary', id: 'login-submit' }, t('login_button')));
    main().replaceChildren(form);
    name.focus();
  }

  async function loggedIn() {
    $('#nav').hidden = false;
    $('#who').hidden = false;
    $('#who-name').textContent = me.name;
    $('#who-role').textContent = t('role_' + me.role);
    if (opts.loggedIn) await opts.loggedIn();
    route();
  }

  async function logout() {
    await api('POST', '/api/logout');
    me = null;
    say(t('logged_out'), 'ok');
    showLogin();
  }

  // ---------- routing ----------

  // route hands the console the view for location.hash (opts.home() when
  // there is none), taken apart: #/services/x?status=y is parts
  // ['services', 'x'] and params status=y.
  function route() {
    view++;
    if (!me) { showLogin(); return; }
    const hash = location.hash || opts.home();
    const [path, query] = hash.slice(1).split('?');
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    opts.route({ hash, parts, params: new URLSearchParams(query || '') });
  }

  // ---------- start ----------

  // start runs the console. options:
  //   storageKey  where the chosen language is remembered (localStorage)
  //   home()      the hash of the first view when the address has none
  //   route({hash, parts, params})  draws a view; the account is signed in
  //   loggedIn()  optional, awaited after login before the first view
  //   loggedOut() optional, called whenever the login form is shown
  async function start(options) {
    opts = options;
    ui = localStorage.getItem(opts.storageKey) === 'en' ? 'en' : 'ar';
    frame();
    try {
      const r = await fetch(stringsURL, { credentials: 'same-origin' });
      strings = await r.json();
    } catch (e) {
      strings = {};
    }
    applyUI();
    window.addEventListener('hashchange', () => { say(''); route(); });
    const r = await api('GET', '/api/me');
    if (r.status === 200) {
      me = r.data;
      await loggedIn();
    } else {
      showLogin();
    }
  }

  return Object.freeze({
    $, el, t, say, api, errorText, fmtTime, main, start,
    me: () => me, // the signed-in account or null
    role: () => (me ? me.role : ''),
    lang: () => ui, // 'ar' or 'en'
    view: () => view, // compare after an await: another view may have been drawn since
  });
})();
