// The editors' console: the services, their drafts, review and history,
// the change log and the accounts. Plain JavaScript, no framework, no
// external resources; kit.js (DalilKit), loaded before it, has the helpers,
// the login and the language. Every piece of data reaches the page through
// textContent or an attribute, never as markup: service texts are written
// by people and may contain anything.
'use strict';

(() => {
  const kit = DalilKit;
  const { $, el, t, say, api, errorText, fmtTime, main } = kit;
  const state = {
    meta: { categories: [], aspects: [] },
    item: null, // the service being edited: {id, published, draft, problems}
    confirm: new Set(), // needs-review paths confirmed since the last save
  };

  const can = {
    write: () => kit.role() === 'editor' || kit.role() === 'reviewer',
    review: () => kit.role() === 'reviewer',
    admin: () => kit.role() === 'admin',
  };

  function titleOf(svc) {
    if (!svc || !svc.title) return '';
    return (kit.lang() === 'ar' ? svc.title.ar : svc.title.en) || svc.title.ar || svc.title.en || '';
  }

  // ---------- routing ----------

  function route({ hash, parts, params }) {
    for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('current', a.getAttribute('href') === hash);
    if (parts[0] === 'services' && parts.length === 2) return showService(parts[1]);
    if (parts[0] === 'new') return showNew();
    if (parts[0] === 'changes') return showChanges();
    if (parts[0] === 'accounts' && can.admin()) return showAccounts();
    return showList(params.get('q') || '', params.get('status') || '');
  }

  // ---------- list ----------

  async function showList(q, status) {
    const search = el('input', { id: 'search', type: 'search', value: q, placeholder: t('search_placeholder'), 'aria-label': t('search') });
    const filter = el('select', { id: 'filter', 'aria-label': t('filter') },
      ['', 'published', 'editing', 'in_review', 'rejected'].map(s => el('option', { value: s, selected: s === status }, t(s ? 'status_' + s : 'status_any'))));
    const go = () => { location.hash = '#/services?' + new URLSearchParams({ q: search.value, status: filter.value }); };
    search.addEventListener('keydown', (e) => { if (e.key === 'Enter') go(); });
    filter.addEventListener('change', go);
    const list = el('ul', { class: 'services', id: 'services' });
    main().replaceChildren(
      el('div', { class: 'toolbar' },
        el('div', { class: 'grow' }, search), filter,
        el('button', { type: 'button', onclick: go }, t('search')),
        can.write() ? el('button', { type: 'button', id: 'new-service', onclick: () => { location.hash = '#/new'; } }, t('new_service')) : null),
      list);
    const view = kit.view();
    const r = await api('GET', '/api/services?' + new URLSearchParams({ q, status }));
    if (view !== kit.view()) return;
    if (r.status !== 200) { say(errorText(r), 'error'); return; }
    const svcs = r.data.services || [];
    say(t('n_services', { n: svcs.length }));
    for (const s of svcs) {
      const badges = [];
      if (s.retired) badges.push(el('span', { class: 'badge retired' }, t('retired')));
      if (s.draft) badges.push(el('span', { class: 'badge ' + s.draft.status }, t('status_' + s.draft.status)));
      if (s.draft && s.draft.retire) badges.push(el('span', { class: 'badge' }, t('retirement')));
      list.append(el('li', {}, el('button', { type: 'button', class: 'svc', 'data-id': s.id, onclick: () => { location.hash = '#/services/' + encodeURIComponent(s.id); } },
        el('strong', {}, titleOf(s)),
        el('span', {}, badges),
        el('span', { class: 'id' }, s.id),
        el('span', { class: 'meta' }, s.version ? t('version_n', { n: s.version }) : t('never_published')))));
    }
  }

  // ---------- the record form ----------

  // Each input carries data-path, the field path the server's errors and
  // needs-review marks use (fees[0].conditions.en).
  function textInput(path, value, lang, multiline) {
    const attrs = { 'data-path': path, dir: lang === 'en' ? 'ltr' : 'rtl', lang, value: value || '', 'aria-label': path };
    const input = multiline ? el('textarea', attrs) : el('input', attrs);
    if (!can.write()) input.readOnly = true;
    return input;
  }

  function pair(path, text, multiline, label) {
    text = text || {};
    return el('div', { class: 'pair', 'data-pair': path },
      el('div', {}, el('label', {}, (label ? label + ' · ' : '') + t('arabic')), textInput(path + '.ar', text.ar, 'ar', multiline)),
      el('div', {}, el('label', {}, (label ? label + ' · ' : '') + t('english')), textInput(path + '.en', text.en, 'en', multiline)));
  }

  function removeButton(onclick) {
    return can.write() ? el('button', { type: 'button', class: 'danger', onclick }, t('remove')) : null;
  }

  // listSection renders a list of items with add and remove; render(i, v)
  // makes the item's inputs.
  function listSection(key, items, render, blank) {
    const box = el('div', { 'data-list': key });
    const draw = () => {
      box.replaceChildren(...items.map((v, i) => el('div', { class: 'item' },
        el('div', { class: 'item-head' }, el('span', {}, '#' + (i + 1)), removeButton(() => { sync(); items.splice(i, 1); draw(); })),
        render(i, v))));
      if (can.write()) box.append(el('button', { type: 'button', 'data-add': key, onclick: () => { sync(); items.push(blank()); draw(); } }, t('add')));
    };
    // sync copies what was typed into items before the list is redrawn.
    const sync = () => { const rec = readForm(); const v = getPath(rec, key); if (Array.isArray(v)) items.splice(0, items.length, ...v); };
    draw();
    return box;
  }

  function getPath(obj, path) {
    return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
  }

  let formRecord = null; // the record the form was built from

  function buildForm(rec) {
    formRecord = JSON.parse(JSON.stringify(rec));
    const r = formRecord;
    r.eligibility = r.eligibility || []; r.documents = r.documents || []; r.steps = r.steps || []; r.fees = r.fees || [];
    r.channels = r.channels || {}; r.channels.offices = r.channels.offices || []; r.notes = r.notes || {};
    r.examples = r.examples || {}; r.keywords = r.keywords || {}; r.not_for = r.not_for || {};
    const blankText = () => ({ ar: '', en: '' });
    const category = el('select', { 'data-path': 'category', disabled: !can.write() },
      el('option', { value: '' }, '—'),
      state.meta.categories.map(c => el('option', { value: c, selected: c === r.category }, t('cat_' + c) === 'cat_' + c ? c : t('cat_' + c))));
    const lines = (path, list, lang) => {
      const a = el('textarea', { 'data-path': path, dir: lang === 'en' ? 'ltr' : 'rtl', lang, rows: 6, value: (list || []).join('\n'), 'aria-label': path });
      if (!can.write()) a.readOnly = true;
      return a;
    };
    const form = el('form', { id: 'record', onsubmit: (e) => e.preventDefault() },
      el('section', { class: 'card' }, el('h2', {}, t('sec_identity')),
        el('div', { class: 'fee-nums' },
          el('div', {}, el('label', {}, t('field_id')), el('input', { 'data-path': 'id', value: r.id || '', dir: 'ltr', readonly: !!(state.item && state.item.id) || !can.write() })),
          el('div', {}, el('label', {}, t('field_category')), category)),
        el('h3', {}, t('field_title')), pair('title', r.title, false),
        el('h3', {}, t('field_summary')), pair('summary', r.summary, true)),
      el('section', { class: 'card' }, el('h2', {}, t('field_eligibility')),
        listSection('eligibility', r.eligibility, (i, v) => pair('eligibility[' + i + ']', v, true), blankText)),
      el('section', { class: 'card' }, el('h2', {}, t('field_documents')),
        listSection('documents', r.documents, (i, v) => pair('documents[' + i + ']', v, true), blankText)),
      el('section', { class: 'card', id: 'fees' }, el('h2', {}, t('field_fees')),
        listSection('fees', r.fees, (i, f) => el('div', {},
          el('div', { class: 'fee-nums' },
            el('div', {}, el('label', {}, t('field_amount')), el('input', { 'data-path': 'fees[' + i + '].amount', type: 'number', min: 0, step: 'any', dir: 'ltr', value: f.amount ?? 0, readonly: !can.write() })),
            el('div', {}, el('label', {}, t('field_currency')), el('input', { 'data-path': 'fees[' + i + '].currency', dir: 'ltr', maxlength: 3, value: f.currency || '', readonly: !can.write() }))),
          pair('fees[' + i + '].conditions', f.conditions, true, t('field_conditions'))), () => ({ amount: 0, currency: 'JOD', conditions: blankText() }))),
      el('section', { class: 'card' }, el('h2', {}, t('field_steps')),
        listSection('steps', r.steps, (i, v) => pair('steps[' + i + ']', v, true), blankText)),
      el('section', { class: 'card' }, el('h2', {}, t('field_processing_time')), pair('processing_time', r.processing_time, false)),
      el('section', { class: 'card' }, el('h2', {}, t('field_channels')),
        el('div', { class: 'pair' },
          el('div', {}, el('label', {}, t('field_online')), el('input', { 'data-path': 'channels.online', type: 'url', dir: 'ltr', value: r.channels.online || '', readonly: !can.write() })),
          el('div', {}, el('label', {}, t('field_phone')), el('input', { 'data-path': 'channels.phone', dir: 'ltr', value: r.channels.phone || '', readonly: !can.write() }))),
        el('h3', {}, t('field_offices')),
        listSection('channels.offices', r.channels.offices, (i, o) => el('div', {},
          pair('channels.offices[' + i + '].name', o.name, false, t('field_office_name')),
          pair('channels.offices[' + i + '].city', o.city, false, t('field_city')),
          pair('channels.offices[' + i + '].hours', o.hours, false, t('field_hours'))), () => ({ name: blankText(), city: blankText(), hours: blankText() }))),
      el('section', { class: 'card' }, el('h2', {}, t('field_legal_basis')), pair('legal_basis', r.legal_basis, true)),
      el('section', { class: 'card' }, el('h2', {}, t('field_notes')),
        state.meta.aspects.map(a => pair('notes.' + a, r.notes[a], true, t('aspect_' + a)))),
      el('section', { class: 'card' }, el('h2', {}, t('field_examples')), el('p', { class: 'meta' }, t('one_per_line')),
        el('div', { class: 'pair' }, el('div', {}, el('label', {}, t('arabic')), lines('examples.ar', r.examples.ar, 'ar')),
          el('div', {}, el('label', {}, t('english')), lines('examples.en', r.examples.en, 'en'))),
        el('h3', {}, t('field_keywords')),
        el('div', { class: 'pair' }, el('div', {}, el('label', {}, t('arabic')), lines('keywords.ar', r.keywords.ar, 'ar')),
          el('div', {}, el('label', {}, t('english')), lines('keywords.en', r.keywords.en, 'en'))),
        el('h3', {}, t('field_not_for')), el('p', { class: 'meta' }, t('not_for_hint')),
        el('div', { class: 'pair' }, el('div', {}, el('label', {}, t('arabic')), lines('not_for.ar', r.not_for.ar, 'ar')),
          el('div', {}, el('label', {}, t('english')), lines('not_for.en', r.not_for.en, 'en')))));
    return form;
  }

  // readForm turns the form back into a record, keeping the fields the
  // form does not show (version, updated, examples_only).
  function readForm() {
    const rec = JSON.parse(JSON.stringify(formRecord));
    const form = $('#record');
    if (!form) return rec;
    const val = (p) => { const e = form.querySelector('[data-path="' + p + '"]'); return e ? e.value : undefined; };
    const text = (p) => ({ ar: val(p + '.ar') || '', en: val(p + '.en') || '' });
    const count = (key) => form.querySelectorAll('[data-list="' + key + '"] > .item').length;
    const texts = (key) => Array.from({ length: count(key) }, (_, i) => text(key + '[' + i + ']'));
    rec.id = (val('id') || '').trim();
    rec.category = val('category') || '';
    rec.title = text('title');
    rec.summary = text('summary');
    rec.eligibility = texts('eligibility');
    rec.documents = texts('documents');
    rec.fees = Array.from({ length: count('fees') }, (_, i) => ({
      amount: Number(val('fees[' + i + '].amount') || 0),
      currency: (val('fees[' + i + '].currency') || '').trim(),
      conditions: text('fees[' + i + '].conditions'),
    }));
    rec.steps = texts('steps');
    rec.processing_time = text('processing_time');
    rec.channels = {
      online: (val('channels.online') || '').trim(),
      phone: (val('channels.phone') || '').trim(),
      offices: Array.from({ length: count('channels.offices') }, (_, i) => ({
        name: text('channels.offices[' + i + '].name'), city: text('channels.offices[' + i + '].city'), hours: text('channels.offices[' + i + '].hours'),
      })),
    };
    rec.legal_basis = text('legal_basis');
    rec.notes = {};
    for (const a of state.meta.aspects) {
      const n = text('notes.' + a);
      if (n.ar || n.en) rec.notes[a] = n;
    }
    const lines = (p) => (val(p) || '').split('\n').map(s => s.trim()).filter(Boolean);
    rec.examples = { ar: lines('examples.ar'), en: lines('examples.en') };
    rec.keywords = { ar: lines('keywords.ar'), en: lines('keywords.en') };
    rec.not_for = { ar: lines('not_for.ar'), en: lines('not_for.en') };
    return rec;
  }

  // markFields shows field errors and needs-review marks on their inputs.
  function markFields(problems, needsReview) {
    const form = $('#record');
    if (!form) return;
    for (const e of form.querySelectorAll('.error-field, .needs-review')) e.classList.remove('error-field', 'needs-review');
    for (const e of form.querySelectorAll('.field-error, .flag')) e.remove();
    const inputs = Array.from(form.querySelectorAll('[data-path]'));
    const flagged = new Set(needsReview || []);
    for (const p of problems || []) {
      if (!p.path || flagged.has(p.path)) continue; // the review mark below says it
      const hit = inputs.filter(i => {
        const ip = i.dataset.path;
        return ip === p.path || ip.startsWith(p.path + '.') || p.path.startsWith(ip + '[') || p.path.startsWith(ip + '.');
      });
      for (const i of hit) i.classList.add('error-field');
      if (hit.length) hit[hit.length - 1].parentElement.append(el('div', { class: 'field-error', 'data-error-for': p.path }, p.message));
    }
    for (const path of needsReview || []) {
      const input = form.querySelector('[data-path="' + path + '"]');
      if (!input) continue;
      input.classList.add('needs-review');
      input.parentElement.append(el('div', { class: 'flag', 'data-flag': path },
        t(path.endsWith('.en') ? 'needs_review_en' : 'needs_review_ar'),
        can.write() ? el('button', { type: 'button', 'data-confirm': path, onclick: () => save([path]) }, t('confirm')) : null));
    }
  }

  function problemList(problems) {
    if (!problems || problems.length === 0) return el('ul', { class: 'problems none', id: 'problems' }, el('li', {}, t('no_problems')));
    return el('ul', { class: 'problems', id: 'problems' }, problems.map(p => el('li', { 'data-problem': p.path },
      p.path ? el('span', { class: 'ltr' }, p.path) : null, p.path ? ': ' : '', p.message)));
  }

  // ---------- one service ----------

  async function loadItem(id) {
    const r = await api('GET', '/api/services/' + encodeURIComponent(id));
    if (r.status !== 200) { say(errorText(r), 'error'); return null; }
    return r.data;
  }

  async function showService(id) {
    const view = kit.view();
    const item = await loadItem(id);
    if (!item || view !== kit.view()) return;
    state.item = item;
    state.confirm.clear();
    renderService();
  }

  function renderService() {
    const it = state.item;
    const d = it.draft;
    const pub = it.published;
    const rec = d ? d.service : pub.service;
    const stale = d && pub && d.base !== 0 && d.base !== pub.number;
    const head = el('section', { class: 'card', id: 'summary' },
      el('h2', {}, titleOf(rec), ' ', el('span', { class: 'id ltr meta' }, it.id)),
      el('p', { class: 'meta', id: 'version-line' },
        pub ? t('published_version', { n: pub.number, at: fmtTime(pub.at), by: pub.publisher }) : t('never_published'),
        pub && pub.retired ? ' · ' + t('retired') : ''),
      d ? el('p', { id: 'draft-line' }, el('span', { class: 'badge ' + d.status, id: 'draft-status', 'data-status': d.status }, t('status_' + d.status)), ' ',
        t('draft_line', { rev: d.rev, by: d.updated_by, at: fmtTime(d.updated) }),
        d.submitted_by ? ' · ' + t('submitted_by', { by: d.submitted_by }) : '',
        d.retire ? ' · ' + t('retirement') : '') : el('p', { class: 'meta', id: 'draft-line' }, t('no_draft')),
      d && d.reason ? el('p', { id: 'draft-reason' }, el('strong', {}, t('reason') + ': '), el('span', { dir: 'auto' }, d.reason)) : null,
      d && d.comment ? el('p', { class: 'comment', id: 'review-comment' }, el('strong', {}, t('review_comment', { by: d.reviewed_by }) + ': '), el('span', { dir: 'auto' }, d.comment)) : null,
      stale ? el('p', { class: 'comment', id: 'stale' }, t('stale_draft', { base: d.base, head: pub.number })) : null);

    const reason = el('textarea', { id: 'reason', rows: 2, placeholder: t('reason_placeholder'), 'aria-label': t('reason') });
    const buttons = [];
    if (can.write() && !(pub && pub.retired) && !(d && d.retire)) {
      buttons.push(el('button', { type: 'button', class: 'primary', id: 'save', onclick: () => save([]) }, t('save')));
      buttons.push(el('button', { type: 'button', id: 'validate', onclick: validate }, t('validate')));
      if (d && d.status !== 'in_review') buttons.push(el('button', { type: 'button', id: 'submit', onclick: () => submit(reason.value) }, t('submit')));
    }
    if (can.write() && d) buttons.push(el('button', { type: 'button', class: 'danger', id: 'discard', onclick: discard }, t('discard')));
    if (can.write() && !d && pub && !pub.retired) buttons.push(el('button', { type: 'button', class: 'danger', id: 'retire', onclick: () => retire(reason.value) }, t('retire')));
    if (can.review() && d && d.status === 'in_review') {
      buttons.push(el('button', { type: 'button', class: 'primary', id: 'publish', onclick: publish }, d.retire ? t('publish_retire') : t('publish')));
      buttons.push(el('button', { type: 'button', class: 'danger', id: 'reject', onclick: () => reject(reason.value) }, t('reject')));
    }
    const actions = el('section', { class: 'card', id: 'actions' }, el('h2', {}, t('actions')),
      buttons.length ? reason : null,
      el('div', { class: 'actions' }, buttons.length ? buttons : el('span', { class: 'meta' }, t('read_only'))));

    const problems = el('section', { class: 'card', id: 'problems-card' }, el('h2', {}, t('problems')), problemList(it.problems));
    const diff = el('section', { class: 'card', id: 'diff-card' }, el('h2', {}, d ? t('changes_in_draft') : t('changes')), el('div', { id: 'diff' }));
    const history = el('section', { class: 'card', id: 'history-card' }, el('h2', {}, t('history')), el('div', { id: 'history' }));

    // What changed comes before the form: it is what a reviewer checks.
    main().replaceChildren(...[head, actions, d && !d.retire ? problems : null, diff, buildForm(rec), history].filter(Boolean));
    markFields(it.problems, d && d.needs_review);
    if (d) loadDiff(it.id, '', 'draft', $('#diff'));
    else $('#diff').append(el('p', { class: 'meta' }, t('no_draft_changes')));
    loadHistory(it.id);
  }

  async function loadDiff(id, from, to, box) {
    const r = await api('GET', '/api/services/' + encodeURIComponent(id) + '/diff?' + new URLSearchParams({ from, to }));
    if (r.status !== 200) { box.replaceChildren(el('p', { class: 'meta' }, errorText(r))); return; }
    box.replaceChildren(diffTable(r.data.changes || []));
  }

  function diffTable(changes) {
    if (!changes.length) return el('p', { class: 'meta' }, t('no_changes'));
    return el('table', { class: 'diff' },
      el('thead', {}, el('tr', {}, el('th', {}, t('field')), el('th', {}, t('before')), el('th', {}, t('after')))),
      el('tbody', {}, changes.map(c => el('tr', { class: 'change', 'data-path': c.path },
        el('td', { class: 'path' }, c.path),
        el('td', { class: 'from', dir: 'auto' }, c.from || ''),
        el('td', { class: 'to', dir: 'auto' }, c.to || '')))));
  }

  async function loadHistory(id) {
    const box = $('#history');
    const r = await api('GET', '/api/services/' + encodeURIComponent(id) + '/versions');
    if (r.status === 404) { box.replaceChildren(el('p', { class: 'meta' }, t('never_published'))); return; }
    if (r.status !== 200) { box.replaceChildren(el('p', { class: 'meta' }, errorText(r))); return; }
    const vs = (r.data.versions || []).slice().reverse();
    const head = vs.length ? vs[0].number : 0;
    box.replaceChildren(el('table', {},
      el('thead', {}, el('tr', {}, el('th', {}, t('version')), el('th', {}, t('action')), el('th', {}, t('who')), el('th', {}, t('when')), el('th', {}, t('reason')), el('th', {}))),
      el('tbody', {}, vs.map(v => {
        const detail = el('tr', { hidden: true }, el('td', { colspan: 6 }, el('div', { class: 'version-diff' })));
        const row = el('tr', { class: 'version', 'data-number': v.number },
          el('td', {}, String(v.number)),
          el('td', {}, t('action_' + v.action), v.revert_of ? ' (' + t('version_n', { n: v.revert_of }) + ')' : ''),
          el('td', {}, v.author === v.publisher ? v.author : t('author_publisher', { a: v.author, p: v.publisher })),
          el('td', {}, fmtTime(v.at)),
          el('td', { dir: 'auto' }, v.reason || ''),
          el('td', { class: 'actions' },
            v.number > 1 ? el('button', { type: 'button', class: 'show-diff', onclick: () => {
              detail.hidden = !detail.hidden;
              if (!detail.hidden) loadDiff(id, String(v.number - 1), String(v.number), detail.querySelector('.version-diff'));
            } }, t('show_changes')) : null,
            can.review() && (v.number !== head || v.retired) && !v.retired ? el('button', { type: 'button', class: 'revert', onclick: () => revert(v.number) }, t('revert_to')) : null));
        return [row, detail];
      }))));
  }

  // ---------- actions ----------

  async function save(confirm) {
    const it = state.item;
    const d = it.draft;
    const body = { rev: d ? d.rev : 0, base: d ? d.base : it.published.number, service: readForm(), confirm };
    if ($('#stale') && d) body.base = it.published.number; // the editor saw the warning: re-base
    const r = await api('PUT', '/api/services/' + encodeURIComponent(it.id) + '/draft', body);
    if (r.status === 409 && r.data.error === 'conflict') {
      say(t('conflict', { msg: r.data.message }), 'error');
      return;
    }
    if (r.status !== 200) { say(errorText(r), 'error'); return; }
    it.draft = r.data.draft;
    it.problems = r.data.problems;
    say(t('saved', { rev: it.draft.rev }), 'ok');
    renderService();
  }

  async function validate() {
    const it = state.item;
    const r = await api('POST', '/api/services/' + encodeURIComponent(it.id) + '/validate',
      { service: readForm(), needs_review: (it.draft && it.draft.needs_review) || [] });
    if (r.status !== 200) { say(errorText(r), 'error'); return; }
    if ($('#problems-card')) $('#problems-card').replaceChildren(el('h2', {}, t('problems')), problemList(r.data.errors));
    markFields(r.data.errors, it.draft && it.draft.needs_review);
    say(r.data.ok ? t('valid') : t('n_problems', { n: r.data.errors.length }), r.data.ok ? 'ok' : 'error');
  }

  async function afterAction(r, okMsg) {
    if (r.status === 422) {
      state.item.problems = r.data.errors;
      say(t('n_problems', { n: r.data.errors.length }), 'error');
      if ($('#problems-card')) $('#problems-card').replaceChildren(el('h2', {}, t('problems')), problemList(r.data.errors));
      markFields(r.data.errors, state.item.draft && state.item.draft.needs_review);
      return;
    }
    if (r.status >= 300) { say(errorText(r), 'error'); return; }
    await showService(state.item.id);
    say(okMsg, 'ok');
  }

  async function submit(reason) {
    const d = state.item.draft;
    if (!reason.trim()) { say(t('need_reason'), 'error'); $('#reason').focus(); return; }
    const r = await api('POST', '/api/services/' + encodeURIComponent(state.item.id) + '/submit', { rev: d.rev, reason });
    await afterAction(r, t('submitted'));
  }

  async function publish() {
    const d = state.item.draft;
    const r = await api('POST', '/api/services/' + encodeURIComponent(state.item.id) + '/publish', { rev: d.rev });
    await afterAction(r, r.status === 200 ? t('published', { n: r.data.number }) : '');
  }

  async function reject(comment) {
    const d = state.item.draft;
    if (!comment.trim()) { say(t('need_comment'), 'error'); $('#reason').focus(); return; }
    const r = await api('POST', '/api/services/' + encodeURIComponent(state.item.id) + '/reject', { rev: d.rev, comment });
    await afterAction(r, t('rejected'));
  }

  async function discard() {
    const d = state.item.draft;
    if (!confirm(t('discard_confirm'))) return;
    const r = await api('DELETE', '/api/services/' + encodeURIComponent(state.item.id) + '/draft?rev=' + d.rev);
    if (r.status !== 204) { say(errorText(r), 'error'); return; }
    if (!state.item.published) { location.hash = '#/services'; return; }
    await showService(state.item.id);
    say(t('discarded'), 'ok');
  }

  async function retire(reason) {
    if (!reason.trim()) { say(t('need_reason'), 'error'); $('#reason').focus(); return; }
    const r = await api('POST', '/api/services/' + encodeURIComponent(state.item.id) + '/retire', { reason });
    await afterAction(r, t('retire_requested'));
  }

  async function revert(n) {
    const reason = prompt(t('revert_reason', { n }));
    if (!reason || !reason.trim()) return;
    const r = await api('POST', '/api/services/' + encodeURIComponent(state.item.id) + '/revert', { to: n, reason });
    await afterAction(r, r.status === 200 ? t('reverted', { n, m: r.data.number }) : '');
  }

  // ---------- new service ----------

  function showNew() {
    if (!can.write()) { location.hash = '#/services'; return; }
    state.item = null;
    const form = buildForm({ id: '', category: '', title: {}, summary: {}, fees: [{ amount: 0, currency: 'JOD', conditions: {} }] });
    main().replaceChildren(el('section', { class: 'card' }, el('h2', {}, t('new_service')),
      el('div', { class: 'actions' }, el('button', { type: 'button', class: 'primary', id: 'create', onclick: async () => {
        const rec = readForm();
        const r = await api('POST', '/api/services', { service: rec });
        if (r.status === 201) { location.hash = '#/services/' + encodeURIComponent(rec.id); say(t('created'), 'ok'); return; }
        if (r.status === 422) { markFields(r.data.errors, []); say(t('n_problems', { n: r.data.errors.length }), 'error'); return; }
        say(errorText(r), 'error');
      } }, t('create')))), form);
    $('[data-path="id"]').readOnly = false;
  }

  // ---------- change log ----------

  async function showChanges() {
    const view = kit.view();
    const r = await api('GET', '/api/changes?limit=200');
    if (view !== kit.view()) return;
    if (r.status !== 200) { say(errorText(r), 'error'); return; }
    const es = r.data.changes || [];
    main().replaceChildren(el('section', { class: 'card' }, el('h2', {}, t('nav_changes')),
      el('table', {},
        el('thead', {}, el('tr', {}, el('th', {}, t('revision')), el('th', {}, t('service')), el('th', {}, t('version')), el('th', {}, t('action')), el('th', {}, t('who')), el('th', {}, t('when')), el('th', {}, t('reason')))),
        el('tbody', {}, es.map(e => el('tr', {},
          el('td', {}, String(e.revision)),
          el('td', {}, el('a', { href: '#/services/' + encodeURIComponent(e.service_id), class: 'ltr' }, e.service_id)),
          el('td', {}, String(e.number)),
          el('td', {}, t('action_' + e.action)),
          el('td', {}, e.author === e.publisher ? e.author : t('author_publisher', { a: e.author, p: e.publisher })),
          el('td', {}, fmtTime(e.at)),
          el('td', { dir: 'auto' }, e.reason || '')))))));
  }

  // ---------- accounts (admins) ----------

  async function showAccounts(created) {
    const view = kit.view();
    const r = await api('GET', '/api/accounts');
    if (view !== kit.view()) return;
    if (r.status !== 200) { say(errorText(r), 'error'); return; }
    const roles = ['editor', 'reviewer', 'staff', 'admin'];
    const name = el('input', { id: 'account-name', dir: 'ltr', 'aria-label': t('login_name') });
    const role = el('select', { id: 'account-role', 'aria-label': t('role') }, roles.map(x => el('option', { value: x }, t('role_' + x))));
    const tokenBox = el('div', { id: 'new-token' });
    const showToken = (who, tok) => tokenBox.replaceChildren(el('p', {}, t('token_once', { name: who })), el('p', { class: 'token' }, tok));
    if (created) showToken(created.name, created.token);
    main().replaceChildren(
      el('section', { class: 'card' }, el('h2', {}, t('add_account')),
        el('div', { class: 'toolbar' }, el('div', { class: 'grow' }, name), role,
          el('button', { type: 'button', class: 'primary', id: 'add-account', onclick: async () => {
            const c = await api('POST', '/api/accounts', { name: name.value.trim(), role: role.value });
            if (c.status !== 201) { say(errorText(c), 'error'); return; }
            await showAccounts(c.data);
          } }, t('add'))), tokenBox),
      el('section', { class: 'card' }, el('h2', {}, t('nav_accounts')),
        el('table', {}, el('tbody', {}, (r.data.accounts || []).map(a => el('tr', { 'data-account': a.name },
          el('td', { class: 'ltr' }, a.name),
          el('td', {}, el('select', { 'aria-label': t('role'), onchange: async (e) => {
            const c = await api('PUT', '/api/accounts/' + encodeURIComponent(a.name) + '/role', { role: e.target.value });
            say(c.status === 200 ? t('role_changed', { name: a.name }) : errorText(c), c.status === 200 ? 'ok' : 'error');
            if (c.status !== 200) e.target.value = a.role;
          } }, roles.map(x => el('option', { value: x, selected: x === a.role }, t('role_' + x))))),
          el('td', {}, el('button', { type: 'button', onclick: async () => {
            const c = await api('POST', '/api/accounts/' + encodeURIComponent(a.name) + '/token');
            if (c.status === 200) showToken(a.name, c.data.token); else say(errorText(c), 'error');
          } }, t('new_token')))))))));
  }

  // ---------- start ----------

  kit.start({
    storageKey: 'dalil-console-lang',
    home: () => '#/services',
    // The form offers the knowledge base's categories and aspects.
    loggedIn: async () => {
      $('#nav-accounts').hidden = !can.admin();
      const r = await api('GET', '/api/kb');
      if (r.status === 200) state.meta = { categories: r.data.categories || [], aspects: r.data.aspects || [] };
    },
    route,
  });
})();
