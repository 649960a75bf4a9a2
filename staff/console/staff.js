// The staff console: the live queue and handoff chat, transcripts,
// unanswered questions and reports. Plain JavaScript, no framework, no
// external resources; kit.js (DalilKit), loaded before it, has the helpers,
// the login and the language. Every piece of data reaches the page through
// textContent or an attribute, never as markup: transcripts hold what
// citizens typed.
'use strict';

(() => {
  const kit = DalilKit;
  const { $, el, t, say, api, errorText, fmtTime, main } = kit;
  const state = {
    services: null, // [{id, title}] for filters and attaching examples
    refresh: null, // what a notice re-runs for the current view: f(notice)
    events: null, // the EventSource
  };

  // ---------- small helpers ----------

  const SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs, ...children) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }

  const isStaff = () => kit.role() === 'staff';
  const isAdmin = () => kit.role() === 'admin';

  function minutesSince(s) {
    const d = new Date(s);
    return isNaN(d) ? 0 : Math.max(0, Math.round((Date.now() - d.getTime()) / 60000));
  }

  function today(offsetDays) {
    const d = new Date(Date.now() + (offsetDays || 0) * 86400000);
    return d.getFullYear() + '-' + String(d.getMonth() + 1).padStart(2, '0') + '-' + String(d.getDate()).padStart(2, '0');
  }

  function serviceTitle(id) {
    const s = (state.services || []).find(x => x.id === id);
    if (!s || !s.title) return id;
    return (kit.lang() === 'ar' ? s.title.ar : s.title.en) || id;
  }

  async function loadServices() {
    if (state.services) return;
    const r = await api('GET', '/api/services');
    state.services = r.status === 200 ? (r.data.services || []) : [];
  }

  function serviceSelect(attrs, selected, anyLabel) {
    return el('select', attrs,
      el('option', { value: '' }, anyLabel),
      (state.services || []).map(s => el('option', { value: s.id, selected: s.id === selected }, serviceTitle(s.id))));
  }

  const convLink = (id) => el('a', { href: '#/c/' + encodeURIComponent(id), class: 'ltr mono', 'data-conversation': id }, id);

  // ---------- live notices ----------

  // setLive shows whether the event stream is up; data-t keeps the label
  // right when the language changes.
  function setLive(on) {
    const l = $('#live');
    l.dataset.state = on ? 'on' : 'off';
    l.dataset.t = on ? 'live_on' : 'live_off';
    l.textContent = t(l.dataset.t);
  }

  // The event stream only says that something changed; the view re-reads
  // what it shows. A timer re-reads too, in case the stream is down.
  function startEvents() {
    stopEvents();
    const es = new EventSource('/api/staff/events');
    state.events = es;
    let pending = null;
    es.onopen = () => setLive(true);
    es.onerror = () => setLive(false);
    es.addEventListener('notice', (ev) => {
      let n = {};
      try { n = JSON.parse(ev.data); } catch (e) { return; }
      if (!state.refresh) return;
      clearTimeout(pending);
      pending = setTimeout(() => state.refresh && state.refresh(n), 100);
    });
  }

  function stopEvents() {
    if (state.events) state.events.close();
    state.events = null;
    setLive(false);
  }

  setInterval(() => { if (state.refresh && document.visibilityState === 'visible') state.refresh({ kind: 'timer' }); }, 15000);

  // ---------- routing ----------

  function route({ hash, parts, params }) {
    state.refresh = null;
    for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('current', hash.startsWith(a.getAttribute('href')));
    if (!isStaff() && !isAdmin()) { main().replaceChildren(el('p', { class: 'card', id: 'not-staff' }, t('not_staff'))); return; }
    if (isAdmin() || parts[0] === 'erase') return isAdmin() ? showErase() : showQueue();
    if (parts[0] === 'c' && parts.length === 2) return showConversation(parts[1]);
    if (parts[0] === 'conversations') return showConversations(params);
    if (parts[0] === 'questions') return showQuestions(params);
    if (parts[0] === 'reports') return showReports(params);
    return showQueue();
  }

  // ---------- queue ----------

  async function showQueue() {
    const view = kit.view();
    const r = await api('GET', '/api/staff/queue');
    if (view !== kit.view()) return;
    if (r.status !== 200) { say(errorText(r), 'error'); return; }
    const d = r.data;
    const waiting = d.waiting || [];
    const take = async (id) => {
      const x = await api('POST', '/api/staff/conversations/' + encodeURIComponent(id) + '/take');
      if (x.status !== 200) { say(x.status === 409 ? t('held_by_other') : errorText(x), 'error'); showQueue(); return; }
      location.hash = '#/c/' + encodeURIComponent(id);
    };
    const preview = (c) => el('span', { class: 'preview', dir: 'auto' }, (c && c.preview) || '');
    main().replaceChildren(
      el('section', { class: 'card', id: 'waiting' }, el('h2', {}, t('waiting'), ' ', el('span', { class: 'badge warn', id: 'waiting-count' }, String(waiting.length))),
        waiting.length === 0 ? el('p', { class: 'meta' }, t('no_one_waiting')) :
          el('table', { class: 'list' },
            el('thead', {}, el('tr', {}, el('th', { class: 'num' }, '#'), el('th', {}, t('conversation')), el('th', {}, t('waiting_for')), el('th', {}, t('first_message')), el('th', {}))),
            el('tbody', {}, waiting.map(w => el('tr', { class: 'waiting', 'data-id': w.conversation_id },
              el('td', { class: 'num' }, String(w.position)),
              el('td', {}, convLink(w.conversation_id), ' ', w.conversation ? el('span', { class: 'badge' }, w.conversation.lang) : null),
              el('td', {}, t('minutes', { n: minutesSince(w.since) })),
              el('td', {}, preview(w.conversation)),
              el('td', {}, el('button', { type: 'button', class: 'primary take', 'data-id': w.conversation_id, onclick: () => take(w.conversation_id) }, t('take')))))))),
      el('section', { class: 'card', id: 'held' }, el('h2', {}, t('held')),
        (d.held || []).length === 0 ? el('p', { class: 'meta' }, t('none')) :
          el('table', { class: 'list' }, el('tbody', {}, d.held.map(c => el('tr', { 'data-id': c.id },
            el('td', {}, convLink(c.id)), el('td', {}, el('span', { class: 'badge agent' }, c.held)),
            el('td', {}, fmtTime(c.last)), el('td', {}, preview(c))))))),
      el('section', { class: 'card', id: 'left-messages' }, el('h2', {}, t('left_messages')),
        (d.left_messages || []).length === 0 ? el('p', { class: 'meta' }, t('none')) :
          el('table', { class: 'list' }, el('tbody', {}, d.left_messages.map(c => el('tr', { 'data-id': c.id },
            el('td', {}, convLink(c.id)), el('td', {}, fmtTime(c.last)), el('td', {}, preview(c))))))));
    state.refresh = () => { if (view === kit.view()) showQueue(); };
  }

  // ---------- one conversation ----------

  function entryEl(e) {
    const head = [el('span', { class: 'badge' + (e.role === 'agent' ? ' agent' : '') }, t('role_' + e.role)), el('span', {}, fmtTime(e.at))];
    let text = e.text || '';
    if (e.role === 'bot') {
      head.push(el('span', { class: 'badge', 'data-intent': e.intent }, e.intent || ''));
      head.push(el('span', { class: 'ltr', title: t('confidence') }, t('confidence') + ' ' + Number(e.confidence || 0).toFixed(2)));
      if (e.service_id) head.push(el('a', { class: 'ltr mono', href: '/console/#/services/' + encodeURIComponent(e.service_id), 'data-service': e.service_id },
        e.service_id + (e.service_version ? ' v' + e.service_version : '')));
      if (e.aspect) head.push(el('span', { class: 'badge' }, e.aspect));
      if (e.decided_by) head.push(el('span', { class: 'badge' }, e.decided_by));
    }
    if (e.role === 'agent' && e.agent) head.push(el('span', { class: 'ltr' }, e.agent));
    if (e.role === 'feedback') {
      head.push(el('span', { class: 'badge ' + (e.helpful ? 'ok' : 'err') }, e.helpful ? t('helpful') : t('unhelpful')));
      head.push(el('span', { class: 'meta ltr mono' }, e.reply_to || ''));
    }
    if (e.role === 'rating') head.push(el('span', { class: 'badge warn' }, '★'.repeat(e.score || 0) + ' ' + t('of_five', { n: e.score })));
    if (e.role === 'event') {
      text = t('event_' + e.event) + (e.agent ? ' · ' + e.agent : '');
    }
    return el('li', { class: e.role, 'data-role': e.role, 'data-id': e.id, 'data-event': e.event || null },
      el('div', { class: 'entry-head' }, head),
      text ? el('p', { class: 'entry-text', dir: 'auto' }, text) : null);
  }

  async function showConversation(id) {
    const view = kit.view();
    const r = await api('GET', '/api/staff/conversations/' + encodeURIComponent(id));
    if (view !== kit.view()) return;
    if (r.status !== 200) { say(r.status === 404 ? t('conversation_gone') : errorText(r), 'error'); return; }
    const d = r.data;
    const c = d.conversation || { id, tags: [], notes: [], services: [], intents: [] };
    const mine = d.handoff === 'agent' && d.agent === kit.me().name;
    const path = '/api/staff/conversations/' + encodeURIComponent(id);
    const act = async (what, okMsg) => {
      const x = await api('POST', path + '/' + what, what === 'release' ? {} : undefined);
      if (x.status >= 300) { say(x.status === 409 ? t(what === 'take' ? 'held_by_other' : 'not_yours') : errorText(x), 'error'); return; }
      say(okMsg, 'ok');
      showConversation(id);
    };
    const badges = [];
    if (c.unanswered) badges.push(el('span', { class: 'badge warn' }, t('n_unanswered', { n: c.unanswered })));
    if (c.negative) badges.push(el('span', { class: 'badge err' }, t('n_negative', { n: c.negative })));
    if (c.handed_off) badges.push(el('span', { class: 'badge agent' }, t('handed_off')));
    if (c.left_message) badges.push(el('span', { class: 'badge agent' }, t('left_message')));
    if (c.rating) badges.push(el('span', { class: 'badge warn' }, '★ ' + c.rating));
    const handoff = d.handoff ? t('handoff_' + d.handoff) + (d.agent ? ' · ' + d.agent : '') : t('handoff_none');
    const buttons = [];
    if (!mine && d.handoff !== 'agent') buttons.push(el('button', { type: 'button', class: 'primary', id: 'take', onclick: () => act('take', t('taken')) }, t('take')));
    if (mine) buttons.push(el('button', { type: 'button', id: 'release', onclick: () => act('release', t('released')) }, t('release')));
    if (!mine && d.handoff === 'queued') buttons.push(el('button', { type: 'button', id: 'dismiss', onclick: () => act('release', t('dismissed')) }, t('dismiss')));

    const flagged = el('input', { type: 'checkbox', id: 'flagged', checked: c.flagged });
    const tags = el('input', { id: 'tags', value: (c.tags || []).join(', '), placeholder: t('tags_placeholder'), dir: 'auto' });
    const note = el('textarea', { id: 'note-text', rows: 2, dir: 'auto', 'aria-label': t('add_note') });
    const review = el('section', { class: 'card', id: 'review' }, el('h2', {}, t('review')),
      el('div', { class: 'actions' }, el('label', { class: 'check' }, flagged, t('flagged')),
        el('div', { class: 'grow' }, tags),
        el('button', { type: 'button', id: 'save-review', onclick: async () => {
          const list = tags.value.split(/[,،\s]+/).map(s => s.trim()).filter(Boolean);
          const x = await api('PUT', path + '/review', { flagged: flagged.checked, tags: list });
          say(x.status === 200 ? t('saved') : errorText(x), x.status === 200 ? 'ok' : 'error');
        } }, t('save'))),
      el('h3', {}, t('notes')),
      el('ul', { id: 'notes' }, (c.notes || []).map(n => el('li', {}, el('strong', { class: 'ltr' }, n.by), ' · ', fmtTime(n.at), ': ', el('span', { dir: 'auto' }, n.text)))),
      el('div', { class: 'actions' }, el('div', { class: 'grow' }, note),
        el('button', { type: 'button', id: 'add-note', onclick: async () => {
          if (!note.value.trim()) return;
          const x = await api('POST', path + '/notes', { text: note.value });
          if (x.status !== 201) { say(errorText(x), 'error'); return; }
          showConversation(id);
        } }, t('add_note'))));
    if (!d.conversation) review.hidden = true;

    const chat = mine ? el('div', { class: 'chat', id: 'chat' },
      el('label', { for: 'say-text' }, t('write_to_citizen')),
      el('textarea', { id: 'say-text', rows: 3, dir: 'auto' }),
      el('div', { class: 'actions' }, el('button', { type: 'button', class: 'primary', id: 'say-send', onclick: async () => {
        const box = $('#say-text');
        if (!box.value.trim()) return;
        const x = await api('POST', path + '/messages', { text: box.value });
        if (x.status !== 201) { say(x.status === 409 ? t('not_yours') : errorText(x), 'error'); return; }
        box.value = '';
        say(t('sent'), 'ok');
        refreshTranscript();
      } }, t('send')))) : null;

    const transcript = el('ol', { class: 'transcript', id: 'transcript' }, (d.entries || []).map(entryEl));
    main().replaceChildren(
      el('section', { class: 'card', id: 'summary', 'data-handoff': d.handoff || '', 'data-agent': d.agent || '' },
        el('h2', {}, t('conversation'), ' ', el('span', { class: 'ltr mono' }, id)),
        el('p', { class: 'meta' }, t('started_last', { a: fmtTime(c.started), b: fmtTime(c.last) }), ' · ', c.lang || '', ' · ',
          t('n_messages', { n: c.messages || 0 })),
        el('p', {}, badges, (c.services || []).map(s => el('span', { class: 'badge', 'data-service': s }, serviceTitle(s)))),
        el('p', { id: 'handoff-state' }, el('strong', {}, t('handoff') + ': '), handoff),
        el('div', { class: 'actions' }, buttons)),
      el('section', { class: 'card' }, el('h2', {}, t('transcript')), transcript, chat),
      review);
    if (chat) $('#say-text').focus();

    async function refreshTranscript() {
      const x = await api('GET', path);
      if (view !== kit.view() || x.status !== 200) return;
      if (x.data.handoff !== d.handoff || x.data.agent !== d.agent) { showConversation(id); return; }
      $('#transcript').replaceChildren(...(x.data.entries || []).map(entryEl));
    }
    state.refresh = (n) => {
      if (view !== kit.view()) return;
      if (!n.conversation_id || n.conversation_id === id) refreshTranscript();
    };
  }

  // ---------- conversations ----------

  function filterForm(params, fields, onGo) {
    const inputs = {};
    const text = (name, type, extra) => (inputs[name] = el('input', Object.assign({ id: 'f-' + name, name, type: type || 'text', value: params.get(name) || '' }, extra || {})));
    const field = (name, label, input) => el('div', {}, el('label', { for: 'f-' + name }, label), input);
    const parts = [];
    parts.push(field('from', t('from'), text('from', 'date')), field('to', t('to'), text('to', 'date')));
    inputs.lang = el('select', { id: 'f-lang', name: 'lang' }, ['', 'ar', 'en'].map(l => el('option', { value: l, selected: params.get('lang') === l }, l ? t('lang_' + l) : t('any'))));
    parts.push(field('lang', t('language'), inputs.lang));
    if (fields.includes('service')) {
      inputs.service = serviceSelect({ id: 'f-service', name: 'service' }, params.get('service') || '', t('any'));
      parts.push(field('service', t('service'), inputs.service));
    }
    if (fields.includes('intent')) {
      inputs.intent = el('select', { id: 'f-intent', name: 'intent' }, ['', 'service_info', 'clarify', 'out_of_scope', 'fallback', 'handoff', 'greeting', 'thanks', 'goodbye']
        .map(i => el('option', { value: i, selected: params.get('intent') === i }, i ? t('intent_' + i) : t('any'))));
      parts.push(field('intent', t('intent'), inputs.intent));
    }
    if (fields.includes('tag')) parts.push(field('tag', t('tag'), text('tag', 'text', { dir: 'auto' })));
    if (fields.includes('q')) parts.push(field('q', t('search'), text('q', 'search', { dir: 'auto', placeholder: t('search_placeholder') })));
    const checks = [];
    for (const name of ['unanswered', 'handed_off', 'negative', 'flagged', 'left_message']) {
      if (!fields.includes(name)) continue;
      inputs[name] = el('input', { type: 'checkbox', id: 'f-' + name, name, checked: params.get(name) === '1' });
      checks.push(el('label', { class: 'check' }, inputs[name], t('filter_' + name)));
    }
    const query = () => {
      const q = new URLSearchParams();
      for (const [name, input] of Object.entries(inputs)) {
        if (input.type === 'checkbox') { if (input.checked) q.set(name, '1'); } else if (input.value) q.set(name, input.value.trim());
      }
      return q;
    };
    const form = el('form', { class: 'card', id: 'filters', onsubmit: (e) => { e.preventDefault(); onGo(query()); } },
      el('div', { class: 'filters' }, parts),
      checks.length ? el('div', { class: 'checks' }, checks) : null,
      el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', id: 'apply' }, t('apply'))));
    return { form, query };
  }

  async function showConversations(params) {
    const view = kit.view();
    const { form } = filterForm(params, ['service', 'intent', 'tag', 'q', 'unanswered', 'handed_off', 'negative', 'flagged', 'left_message'],
      (q) => { location.hash = '#/conversations?' + q; });
    const offset = Number(params.get('offset') || 0);
    const q = new URLSearchParams(params);
    q.set('limit', '50');
    const body = el('section', { class: 'card', id: 'results' });
    main().replaceChildren(form, body);
    const r = await api('GET', '/api/staff/conversations?' + q);
    if (view !== kit.view()) return;
    if (r.status !== 200) { say(errorText(r), 'error'); return; }
    const cs = r.data.conversations || [];
    const exp = new URLSearchParams(params);
    exp.delete('offset');
    const page = (o) => { const p = new URLSearchParams(params); p.set('offset', String(o)); return '#/conversations?' + p; };
    body.append(
      el('div', { class: 'actions' }, el('h2', { class: 'grow' }, t('n_conversations', { n: r.data.total })),
        el('a', { class: 'button', id: 'export-jsonl', href: '/api/staff/export?' + exp + '&format=jsonl', download: '' }, t('export_jsonl')),
        el('a', { class: 'button', id: 'export-csv', href: '/api/staff/export?' + exp + '&format=csv', download: '' }, t('export_csv'))),
      cs.length === 0 ? el('p', { class: 'meta' }, t('none')) : el('table', { class: 'list' },
        el('thead', {}, el('tr', {}, el('th', {}, t('last_activity')), el('th', {}, t('conversation')), el('th', { class: 'num' }, t('messages')),
          el('th', {}, t('services')), el('th', {}, t('marks')), el('th', {}, t('first_message')))),
        el('tbody', {}, cs.map(c => el('tr', { class: 'row-link conv', 'data-id': c.id, onclick: (e) => { if (e.target.tagName !== 'A') location.hash = '#/c/' + encodeURIComponent(c.id); } },
          el('td', {}, fmtTime(c.last)), el('td', {}, convLink(c.id), ' ', el('span', { class: 'badge' }, c.lang || '')),
          el('td', { class: 'num' }, String(c.messages)),
          el('td', {}, (c.services || []).map(s => el('span', { class: 'badge' }, serviceTitle(s)))),
          el('td', {}, c.flagged ? el('span', { class: 'badge err' }, t('flagged')) : null,
            c.unanswered ? el('span', { class: 'badge warn' }, t('n_unanswered', { n: c.unanswered })) : null,
            c.negative ? el('span', { class: 'badge err' }, t('n_negative', { n: c.negative })) : null,
            c.handed_off ? el('span', { class: 'badge agent' }, t('handed_off')) : null,
            c.rating ? el('span', { class: 'badge warn' }, '★ ' + c.rating) : null,
            (c.tags || []).map(x => el('span', { class: 'badge' }, x))),
          el('td', { class: 'preview', dir: 'auto' }, c.preview || ''))))),
      el('div', { class: 'actions' },
        offset > 0 ? el('a', { class: 'button', href: page(Math.max(0, offset - 50)) }, t('previous')) : null,
        offset + cs.length < r.data.total ? el('a', { class: 'button', id: 'next', href: page(offset + 50) }, t('next')) : null));
  }

  // ---------- unanswered questions ----------

  async function showQuestions(params) {
    const view = kit.view();
    const { form } = filterForm(params, [], (q) => { location.hash = '#/questions?' + q; });
    const body = el('div', { id: 'groups' });
    main().replaceChildren(form, body);
    const r = await api('GET', '/api/staff/questions?' + params);
    if (view !== kit.view()) return;
    if (r.status !== 200) { say(errorText(r), 'error'); return; }
    const groups = r.data.groups || [];
    say(t('n_groups', { n: groups.length, q: r.data.questions }));
    if (groups.length === 0) { body.append(el('p', { class: 'card meta' }, t('no_questions'))); return; }
    body.append(...groups.map((g, i) => {
      const pick = serviceSelect({ class: 'attach-service', 'aria-label': t('service') }, (g.services || [])[0] || '', t('choose_service'));
      const card = el('section', { class: 'card group', 'data-key': g.key, 'data-lang': g.lang, 'data-count': g.count },
        el('h2', { dir: 'auto' }, g.text),
        el('p', { class: 'meta' }, el('span', { class: 'badge' }, t('lang_' + g.lang)), ' ',
          t('group_counts', { n: g.count, c: g.conversations }), ' · ', t('last_seen', { at: fmtTime(g.last) }), ' ',
          Object.entries(g.reasons || {}).map(([k, v]) => el('span', { class: 'badge warn' }, t('reason_' + k) + ' ' + v))),
        el('ul', { class: 'examples' }, (g.examples || []).map(q => el('li', {}, el('span', { dir: 'auto' }, q.text), ' — ', convLink(q.conversation_id)))),
        el('div', { class: 'actions' }, el('div', { class: 'grow' }, pick),
          el('button', { type: 'button', class: 'primary attach', onclick: async () => {
            if (!pick.value) { say(t('choose_service'), 'error'); pick.focus(); return; }
            const x = await api('POST', '/api/staff/questions/resolve', { lang: g.lang, text: g.text, action: 'example', service_id: pick.value });
            if (x.status !== 201) { say(errorText(x), 'error'); return; }
            card.remove();
            say(t('attached', { s: serviceTitle(pick.value) }), 'ok');
          } }, t('attach')),
          el('button', { type: 'button', class: 'oos', onclick: async () => {
            const x = await api('POST', '/api/staff/questions/resolve', { lang: g.lang, text: g.text, action: 'out_of_scope' });
            if (x.status !== 201) { say(errorText(x), 'error'); return; }
            card.remove();
            say(t('set_aside'), 'ok');
          } }, t('out_of_scope'))));
      card.id = 'group-' + i;
      return card;
    }));
  }

  // ---------- reports ----------

  // barChart draws values (non-negative) as bars, one per label, with the
  // value of each in its tooltip. series2, when given, is drawn beside.
  function barChart(id, labels, series, series2) {
    const W = 720, H = 220, pad = 28;
    const max = Math.max(1, ...series, ...(series2 || []));
    const n = Math.max(1, labels.length);
    const slot = (W - pad * 2) / n;
    const bw = Math.max(2, slot * (series2 ? 0.4 : 0.7));
    const g = svg('svg', { class: 'chart', id, viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': id });
    g.append(svg('line', { class: 'axis', x1: pad, y1: H - pad, x2: W - pad, y2: H - pad }));
    g.append(svg('text', { x: 2, y: pad - 8 }, String(max)));
    const bar = (cls, i, v, off) => {
      const h = (H - pad * 2) * v / max;
      const r = svg('rect', { class: cls, x: pad + i * slot + off, y: H - pad - h, width: bw, height: Math.max(h, 0), 'data-value': v });
      r.append(svg('title', {}, labels[i] + ': ' + v));
      g.append(r);
    };
    series.forEach((v, i) => bar('bar', i, v, (slot - bw * (series2 ? 2 : 1)) / 2));
    if (series2) series2.forEach((v, i) => bar('bar2', i, v, (slot - bw * 2) / 2 + bw));
    if (labels.length) {
      g.append(svg('text', { x: pad, y: H - 8 }, labels[0]));
      g.append(svg('text', { x: W - pad, y: H - 8, 'text-anchor': 'end' }, labels[labels.length - 1]));
    }
    return g;
  }

  // lineChart draws rates in [0, 1] (null: no data that day).
  function lineChart(id, labels, series, series2) {
    const W = 720, H = 200, pad = 28;
    const n = Math.max(2, labels.length);
    const x = (i) => pad + (W - pad * 2) * i / (n - 1);
    const y = (v) => H - pad - (H - pad * 2) * v;
    const g = svg('svg', { class: 'chart', id, viewBox: '0 0 ' + W + ' ' + H, role: 'img', 'aria-label': id });
    g.append(svg('line', { class: 'axis', x1: pad, y1: y(0), x2: W - pad, y2: y(0) }));
    g.append(svg('line', { class: 'axis', x1: pad, y1: y(1), x2: W - pad, y2: y(1) }));
    g.append(svg('text', { x: 2, y: y(1) + 4 }, '100%'));
    g.append(svg('text', { x: 2, y: y(0) + 4 }, '0'));
    const draw = (cls, vals) => {
      let d = '';
      vals.forEach((v, i) => {
        if (v === null || v === undefined) return;
        d += (d ? ' L' : 'M') + x(i).toFixed(1) + ' ' + y(v).toFixed(1);
        const c = svg('circle', { cx: x(i), cy: y(v), r: 3, class: cls });
        c.append(svg('title', {}, labels[i] + ': ' + Math.round(v * 100) + '%'));
        g.append(c);
      });
      if (d) g.append(svg('path', { class: cls, d }));
    };
    draw('line', series);
    if (series2) draw('line2', series2);
    if (labels.length) {
      g.append(svg('text', { x: pad, y: H - 8 }, labels[0]));
      g.append(svg('text', { x: W - pad, y: H - 8, 'text-anchor': 'end' }, labels[labels.length - 1]));
    }
    return g;
  }

  const pct = (v) => (v === null || v === undefined) ? '—' : Math.round(v * 100) + '%';
  const num = (v) => (v === null || v === undefined) ? '—' : String(v);

  function reportTable(id, rows, key, label) {
    const cols = ['conversations', 'messages', 'answered', 'clarify', 'out_of_scope', 'fallback', 'handoffs', 'helpful_rate', 'csat', 'median_wait_seconds'];
    return el('table', { class: 'list', id },
      el('thead', {}, el('tr', {}, el('th', {}, label), cols.map(c => el('th', { class: 'num' }, t('col_' + c))))),
      el('tbody', {}, rows.map(r => el('tr', { 'data-key': r[key] },
        el('td', {}, key === 'service' ? (r.service === '-' ? t('no_service') : serviceTitle(r.service)) : t('lang_' + r.lang)),
        cols.map(c => el('td', { class: 'num' }, c === 'helpful_rate' ? pct(r[c]) : num(r[c])))))));
  }

  async function showReports(params) {
    const view = kit.view();
    const from = params.get('from') || today(-29), to = params.get('to') || today(0);
    const fromIn = el('input', { type: 'date', id: 'r-from', value: from });
    const toIn = el('input', { type: 'date', id: 'r-to', value: to });
    const form = el('form', { class: 'card', id: 'report-form', onsubmit: (e) => { e.preventDefault(); location.hash = '#/reports?' + new URLSearchParams({ from: fromIn.value, to: toIn.value }); } },
      el('div', { class: 'filters' }, el('div', {}, el('label', { for: 'r-from' }, t('from')), fromIn), el('div', {}, el('label', { for: 'r-to' }, t('to')), toIn),
        el('div', {}, el('button', { type: 'submit', class: 'primary' }, t('apply')))));
    const body = el('div', { id: 'report' });
    main().replaceChildren(form, body);
    const q = (by) => '/api/staff/reports?' + new URLSearchParams({ from, to, by });
    const [days, svcs, langs] = await Promise.all([api('GET', q('day')), api('GET', q('service')), api('GET', q('lang'))]);
    if (view !== kit.view()) return;
    for (const r of [days, svcs, langs]) if (r.status !== 200) { say(errorText(r), 'error'); return; }
    const rows = days.data.rows || [];
    const labels = rows.map(r => r.day);
    const tot = days.data.total;
    const kpi = (k, v) => el('div', { class: 'kpi', 'data-kpi': k }, el('div', { class: 'meta' }, t('col_' + k)), el('div', { class: 'v' }, v));
    body.append(
      el('section', { class: 'card' }, el('h2', {}, t('totals', { a: from, b: to })),
        el('div', { class: 'kpis' }, kpi('conversations', num(tot.conversations)), kpi('messages', num(tot.messages)),
          kpi('answered_rate', pct(tot.answered_rate)), kpi('handoffs', num(tot.handoffs)), kpi('median_wait_seconds', num(tot.median_wait_seconds)),
          kpi('helpful_rate', pct(tot.helpful_rate)), kpi('csat', num(tot.csat)))),
      el('section', { class: 'card' }, el('h2', {}, t('chart_volume')),
        el('div', { class: 'legend' }, el('span', {}, el('span', { class: 'key k1' }), t('col_conversations')), el('span', {}, el('span', { class: 'key k2' }), t('col_handoffs'))),
        barChart('chart-volume', labels, rows.map(r => r.conversations), rows.map(r => r.handoffs))),
      el('section', { class: 'card' }, el('h2', {}, t('chart_quality')),
        el('div', { class: 'legend' }, el('span', {}, el('span', { class: 'key k3' }), t('col_answered_rate')), el('span', {}, el('span', { class: 'key k2' }), t('col_helpful_rate'))),
        lineChart('chart-quality', labels, rows.map(r => r.answered_rate), rows.map(r => r.helpful_rate))),
      el('section', { class: 'card' }, el('div', { class: 'actions' }, el('h2', { class: 'grow' }, t('by_service')),
        el('a', { class: 'button', id: 'report-csv', href: '/api/staff/reports?' + new URLSearchParams({ from, to, by: 'day,lang,service', format: 'csv' }), download: '' }, t('export_csv'))),
        reportTable('by-service', svcs.data.rows || [], 'service', t('service'))),
      el('section', { class: 'card' }, el('h2', {}, t('by_language')), reportTable('by-lang', langs.data.rows || [], 'lang', t('language'))));
  }

  // ---------- erasure (administrators) ----------

  function showErase() {
    const id = el('input', { id: 'erase-id', dir: 'ltr', placeholder: 'c_…', 'aria-label': t('conversation') });
    main().replaceChildren(el('section', { class: 'card', id: 'erase' }, el('h2', {}, t('erase_title')), el('p', { class: 'meta' }, t('erase_help')),
      el('div', { class: 'actions' }, el('div', { class: 'grow' }, id),
        el('button', { type: 'button', class: 'danger', id: 'erase-button', onclick: async () => {
          const v = id.value.trim();
          if (!v || !confirm(t('erase_confirm', { id: v }))) return;
          const x = await api('DELETE', '/api/staff/conversations/' + encodeURIComponent(v));
          say(x.status === 204 ? t('erased', { id: v }) : errorText(x), x.status === 204 ? 'ok' : 'error');
          if (x.status === 204) id.value = '';
        } }, t('erase')))));
  }

  // ---------- start ----------

  kit.start({
    storageKey: 'dalil-staff-lang',
    home: () => (isAdmin() ? '#/erase' : '#/queue'),
    // Support staff get the services (for filters and examples) and the
    // live notices; an administrator only erases.
    loggedIn: async () => {
      for (const id of ['nav-queue', 'nav-conversations', 'nav-questions', 'nav-reports']) $('#' + id).hidden = !isStaff();
      $('#nav-erase').hidden = !isAdmin();
      if (isStaff()) {
        await loadServices();
        startEvents();
      }
    },
    loggedOut: () => {
      state.refresh = null;
      stopEvents();
    },
    route,
  });
})();
