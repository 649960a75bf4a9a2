// Dalil chat page: speaks the chat wire protocol (docs/PROTOCOL.md v1.1:
// v1 plus the live handoff frames and the conversation rating) over a
// WebSocket. No framework. Server text is only ever put in the page with
// textContent (never parsed as HTML), and only http(s) links are followed.
(function () {
  'use strict';

  var T = {
    ar: {
      dir: 'rtl', docTitle: 'دليل — المساعد الرقمي للخدمات الحكومية',
      title: 'دليل', subtitle: 'المساعد الرقمي للخدمات الحكومية',
      placeholder: 'اكتب سؤالك عن خدمة حكومية…', inputLabel: 'اكتب سؤالك', send: 'إرسال',
      newChat: 'محادثة جديدة', log: 'المحادثة',
      toggle: 'English', toggleLang: 'en', toggleLabel: 'Switch to English',
      connecting: 'جارٍ الاتصال…', online: 'متصل', offline: 'انقطع الاتصال، إعادة المحاولة…',
      idle: 'انتهت الجلسة لعدم النشاط، اكتب للمتابعة',
      typing: 'دليل يكتب…', source: 'المصدر', version: 'الإصدار', suggestions: 'خدمات مقترحة',
      helpful: 'هل كانت الإجابة مفيدة؟', yes: 'نعم', no: 'لا', thanks: 'شكراً لملاحظتك.',
      notDelivered: 'لم تصل الرسالة بسبب انقطاع الاتصال.', retry: 'إعادة الإرسال',
      privacy: 'لا تكتب بيانات شخصية مثل رقم الهوية أو رقم الهاتف.',
      agent: 'موظف الدعم', toStaff: 'وصلت إلى الموظف',
      rate: 'ما تقييمك لهذه المحادثة؟', rateStar: 'تقييم {n} من ٥', rateThanks: 'شكراً لتقييمك.'
    },
    en: {
      dir: 'ltr', docTitle: 'Dalil — digital assistant for government services',
      title: 'Dalil', subtitle: 'Digital assistant for government services',
      placeholder: 'Ask about a government service…', inputLabel: 'Type your question', send: 'Send',
      newChat: 'New conversation', log: 'Conversation',
      toggle: 'العربية', toggleLang: 'ar', toggleLabel: 'التبديل إلى العربية',
      connecting: 'Connecting…', online: 'Online', offline: 'Disconnected, retrying…',
      idle: 'Session paused after inactivity; write to continue',
      typing: 'Dalil is typing…', source: 'Source', version: 'version', suggestions: 'Suggested services',
      helpful: 'Was this helpful?', yes: 'Yes', no: 'No', thanks: 'Thank you for your feedback.',
      notDelivered: 'Not delivered: the connection dropped.', retry: 'Send again',
      privacy: 'Do not type personal data such as your ID or phone number.',
      agent: 'Support staff', toStaff: 'Delivered to staff',
      rate: 'How would you rate this conversation?', rateStar: 'Rate {n} of 5', rateThanks: 'Thank you for your rating.'
    }
  };

  // localStorage can be unavailable (privacy modes): the page still works,
  // it only cannot resume after a reload.
  var storage = {
    get: function (k) { try { return window.localStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) { try { window.localStorage.setItem(k, v); } catch (e) { /* ignore */ } },
    del: function (k) { try { window.localStorage.removeItem(k); } catch (e) { /* ignore */ } }
  };

  function byId(id) { return document.getElementById(id); }
  var list = byId('messages'), form = byId('composer'), input = byId('input');
  var statusEl = byId('status'), toggle = byId('lang-toggle'), newChat = byId('new-chat'), main = byId('chat');

  var state = {
    lang: storage.get('dalil.lang') === 'en' ? 'en' : 'ar',
    token: storage.get('dalil.resume') || '',
    ws: null,          // the current socket, or null
    open: false,       // welcome received on ws
    attempt: 0,        // reconnect attempts since the last welcome
    timer: 0,
    idle: false,       // the server closed an idle session: reconnect when the citizen writes
    statusKey: 'connecting',
    prefix: Math.random().toString(36).slice(2, 8) + Date.now().toString(36),
    seq: 0,
    outbox: [],        // messages written while disconnected: {id, text, el}
    pending: {},       // message id -> citizen element awaiting its final frame
    streams: {},       // message id -> bot element receiving deltas
    typingEl: null,
    shown: {},         // "role:id" -> element, to skip history turns already on screen
    queueEl: null,     // the "you are number N in the queue" banner
    rated: false
  };

  function L(lang) { return T[lang] || T[state.lang]; }

  function make(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text != null) el.textContent = text;
    return el;
  }

  // ---- page language -------------------------------------------------------

  function applyLang() {
    var t = L(state.lang);
    document.documentElement.lang = state.lang;
    document.documentElement.dir = t.dir;
    document.title = t.docTitle;
    byId('title').textContent = t.title;
    byId('subtitle').textContent = t.subtitle;
    byId('input-label').textContent = t.inputLabel;
    byId('send-label').textContent = t.send;
    byId('send').setAttribute('aria-label', t.send);
    byId('privacy').textContent = t.privacy;
    input.placeholder = t.placeholder;
    newChat.textContent = t.newChat;
    list.setAttribute('aria-label', t.log);
    toggle.textContent = t.toggle;
    toggle.lang = t.toggleLang;
    toggle.setAttribute('aria-label', t.toggleLabel);
    setStatus(state.statusKey);
  }

  function setStatus(key) {
    state.statusKey = key;
    statusEl.textContent = L(state.lang)[key];
    statusEl.dataset.state = key === 'online' ? 'online' : (key === 'connecting' ? 'connecting' : 'offline');
  }

  // ---- rendering -----------------------------------------------------------

  function scrollToEnd() { list.scrollTop = list.scrollHeight; }

  function append(el) {
    if (state.typingEl && state.typingEl.parentNode === list) list.insertBefore(el, state.typingEl);
    else list.appendChild(el);
    scrollToEnd();
    return el;
  }

  function setDir(el, lang) {
    if (lang === 'ar' || lang === 'en') {
      el.lang = lang;
      el.dir = lang === 'ar' ? 'rtl' : 'ltr';
    } else {
      el.dir = 'auto';
    }
  }

  function citizenEl(text, id) {
    var el = make('div', 'msg citizen');
    el.dir = 'auto';
    if (id) { el.dataset.id = id; state.shown['citizen:' + id] = el; }
    var bubble = make('div', 'bubble');
    bubble.appendChild(make('p', 'text', text));
    el.appendChild(bubble);
    return el;
  }

  function botEl(lang) {
    var el = make('div', 'msg bot');
    setDir(el, lang);
    var bubble = make('div', 'bubble');
    var p = make('p', 'text', '');
    bubble.appendChild(p);
    el.appendChild(bubble);
    el.dalilText = p;
    el.dalilBubble = bubble;
    return el;
  }

  function safeURL(s) {
    try {
      var u = new URL(s);
      return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : '';
    } catch (e) { return ''; }
  }

  // fillBot completes a bot bubble from a reply (or history) frame.
  function fillBot(el, f) {
    var t = L(f.lang);
    setDir(el, f.lang);
    el.removeAttribute('aria-busy');
    el.dalilText.textContent = f.text || '';
    if (f.id) { el.dataset.id = f.id; state.shown['bot:' + f.id] = el; }
    if (f.intent) el.dataset.intent = f.intent;

    if (f.suggestions && f.suggestions.length) {
      var box = make('div', 'suggestions');
      box.setAttribute('role', 'group');
      box.setAttribute('aria-label', t.suggestions);
      f.suggestions.forEach(function (s) {
        // A suggestion without a service is a quick answer ("yes, connect
        // me to a person"): its title is sent back as the message.
        var b = make('button', s.service_id ? 'suggestion' : 'suggestion quick', s.title);
        b.type = 'button';
        b.dir = 'auto';
        b.addEventListener('click', function () {
          if (!s.service_id) box.querySelectorAll('button').forEach(function (x) { x.disabled = true; });
          sendText(s.title);
        });
        box.appendChild(b);
      });
      el.dalilBubble.appendChild(box);
    }

    var url = f.source ? safeURL(f.source.url) : '';
    if (url) {
      var p = make('p', 'source');
      // The service id is Latin text inside a possibly Arabic label: isolate
      // it so the bidi algorithm does not reorder its neighbours.
      var a = make('a', '', t.source + ': ');
      a.appendChild(make('bdi', '', f.source.service_id));
      if (f.source.version) a.appendChild(document.createTextNode(' (' + t.version + ' ' + f.source.version + ')'));
      a.href = url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      p.appendChild(a);
      el.dalilBubble.appendChild(p);
    }

    if (f.id && f.intent !== 'greeting' && f.intent !== 'thanks' && f.intent !== 'goodbye' && f.intent !== 'handoff') {
      el.appendChild(feedbackEl(f.id, t));
    }
  }

  function feedbackEl(replyID, t) {
    var box = make('div', 'feedback');
    box.appendChild(make('span', '', t.helpful));
    [[true, t.yes], [false, t.no]].forEach(function (o) {
      var b = make('button', 'fb-button', o[1]);
      b.type = 'button';
      b.addEventListener('click', function () {
        if (!send({ type: 'feedback', message_id: replyID, helpful: o[0] })) return;
        box.querySelectorAll('button').forEach(function (x) { x.disabled = true; });
      });
      box.appendChild(b);
    });
    box.dalilThanks = t.thanks;
    state.shown['feedback:' + replyID] = box;
    return box;
  }

  // agentEl is a message from a member of staff: its own style and label.
  function agentEl(f) {
    var el = make('div', 'msg agent');
    el.dir = 'auto';
    if (f.id) { el.dataset.id = f.id; state.shown['agent:' + f.id] = el; }
    var bubble = make('div', 'bubble');
    bubble.appendChild(make('p', 'who', L(state.lang).agent));
    bubble.appendChild(make('p', 'text', f.text || ''));
    el.appendChild(bubble);
    return el;
  }

  // systemEl is a note about the conversation (a person joined or left).
  function systemEl(f, kind) {
    var el = make('div', 'msg system ' + (kind || ''));
    setDir(el, f.lang);
    if (f.id) { el.dataset.id = f.id; state.shown['event:' + f.id] = el; }
    el.setAttribute('role', 'status');
    el.appendChild(make('p', 'text', f.text || ''));
    return el;
  }

  function showQueue(f) {
    if (!state.queueEl) {
      state.queueEl = make('div', 'queue-status');
      state.queueEl.setAttribute('role', 'status');
      state.queueEl.setAttribute('aria-live', 'polite');
      main.parentNode.insertBefore(state.queueEl, main);
    }
    state.queueEl.dataset.position = String(f.position);
    state.queueEl.textContent = f.text || '';
    state.queueEl.hidden = false;
  }

  function hideQueue() {
    if (state.queueEl) state.queueEl.hidden = true;
  }

  // rateEl asks for a rating of the whole conversation, 1 to 5.
  function rateEl() {
    var t = L(state.lang);
    var box = make('div', 'msg system rating');
    setDir(box, state.lang);
    box.appendChild(make('p', 'text', t.rate));
    var stars = make('div', 'stars');
    stars.setAttribute('role', 'group');
    stars.setAttribute('aria-label', t.rate);
    for (var i = 1; i <= 5; i++) {
      (function (n) {
        var b = make('button', 'star', '★');
        b.type = 'button';
        b.dataset.score = String(n);
        b.setAttribute('aria-label', t.rateStar.replace('{n}', n));
        b.addEventListener('click', function () {
          if (!send({ type: 'rate', score: n })) return;
          stars.querySelectorAll('button').forEach(function (x) {
            x.disabled = true;
            x.classList.toggle('on', Number(x.dataset.score) <= n);
          });
        });
        stars.appendChild(b);
      })(i);
    }
    box.appendChild(stars);
    box.dalilThanks = t.rateThanks;
    state.shown['rate:'] = box;
    return box;
  }

  function offerRating() {
    if (state.rated || state.shown['rate:']) return;
    append(rateEl());
  }

  function errorEl(text) {
    var el = make('div', 'msg bot error');
    setDir(el, state.lang);
    var bubble = make('div', 'bubble');
    bubble.setAttribute('role', 'alert');
    bubble.appendChild(make('p', 'text', text));
    el.appendChild(bubble);
    return el;
  }

  function showTyping() {
    clearTyping();
    var el = make('div', 'msg bot typing');
    el.setAttribute('aria-label', L(state.lang).typing);
    var bubble = make('div', 'bubble');
    for (var i = 0; i < 3; i++) bubble.appendChild(make('span', 'dot'));
    el.appendChild(bubble);
    state.typingEl = el;
    list.appendChild(el);
    scrollToEnd();
  }

  function clearTyping() {
    if (state.typingEl && state.typingEl.parentNode) state.typingEl.parentNode.removeChild(state.typingEl);
    state.typingEl = null;
  }

  function resetConversation() {
    clearTyping();
    list.textContent = '';
    state.shown = {};
    state.pending = {};
    state.streams = {};
    state.rated = false;
    hideQueue();
    // Messages written while disconnected belong to the new conversation.
    state.outbox.forEach(function (m) { list.appendChild(m.el); state.shown['citizen:' + m.id] = m.el; });
  }

  function resolve(id) {
    var el = state.pending[id];
    if (el) { el.classList.remove('pending'); delete state.pending[id]; }
  }

  // The connection dropped: messages without a final frame may be lost.
  function failPending() {
    Object.keys(state.pending).forEach(function (id) {
      var el = state.pending[id];
      delete state.pending[id];
      markFailed(el);
    });
    Object.keys(state.streams).forEach(function (id) {
      var el = state.streams[id];
      if (el.parentNode) el.parentNode.removeChild(el);
    });
    state.streams = {};
  }

  function markFailed(el) {
    var t = L(state.lang);
    el.classList.remove('pending');
    el.classList.add('failed');
    var note = make('div', 'note', t.notDelivered + ' ');
    var retry = make('button', 'fb-button', t.retry);
    retry.type = 'button';
    retry.addEventListener('click', function () {
      if (el.parentNode) el.parentNode.removeChild(el);
      sendText(el.querySelector('.text').textContent);
    });
    note.appendChild(retry);
    el.appendChild(note);
    el.dalilNote = note;
  }

  function unfail(el) {
    el.classList.remove('failed');
    if (el.dalilNote && el.dalilNote.parentNode) el.dalilNote.parentNode.removeChild(el.dalilNote);
  }

  // ---- protocol ------------------------------------------------------------

  function onFrame(f) {
    var el;
    switch (f.type) {
      case 'welcome':
        state.open = true;
        state.attempt = 0;
        main.dataset.conversationId = f.conversation_id || '';
        if (f.resume_token) { state.token = f.resume_token; storage.set('dalil.resume', f.resume_token); }
        setStatus('online');
        if (!f.resumed) {
          resetConversation();
          el = botEl(f.lang);
          fillBot(el, { lang: f.lang, text: f.text, intent: 'greeting' });
          list.insertBefore(el, list.firstChild);
        }
        flushOutbox();
        break;
      case 'history':
        (f.messages || []).forEach(function (m) {
          if (m.role === 'citizen') {
            var seen = m.id && state.shown['citizen:' + m.id];
            if (seen) { unfail(seen); return; }
            list.insertBefore(citizenEl(m.text, m.id), firstOutbox());
          } else if (m.role === 'bot') {
            if (m.id && state.shown['bot:' + m.id]) return;
            var b = botEl(m.lang);
            fillBot(b, m);
            list.insertBefore(b, firstOutbox());
            var asked = m.reply_to && state.shown['citizen:' + m.reply_to];
            if (asked) unfail(asked);
          } else if (m.role === 'agent') {
            if (m.id && state.shown['agent:' + m.id]) return;
            list.insertBefore(agentEl(m), firstOutbox());
          } else if (m.role === 'event') {
            if (m.id && state.shown['event:' + m.id]) return;
            list.insertBefore(systemEl(m, m.event), firstOutbox());
          }
        });
        scrollToEnd();
        break;
      case 'typing':
        showTyping();
        break;
      case 'delta':
        el = state.streams[f.reply_to];
        if (!el) {
          clearTyping();
          el = botEl('');
          el.setAttribute('aria-busy', 'true');
          state.streams[f.reply_to] = append(el);
        }
        el.dalilText.textContent += f.text || '';
        scrollToEnd();
        break;
      case 'reply':
        clearTyping();
        el = state.streams[f.reply_to];
        delete state.streams[f.reply_to];
        if (!el) el = append(botEl(f.lang));
        fillBot(el, f);
        resolve(f.reply_to);
        scrollToEnd();
        break;
      case 'error':
        clearTyping();
        el = state.streams[f.reply_to];
        delete state.streams[f.reply_to];
        if (el && el.parentNode) el.parentNode.removeChild(el);
        append(errorEl(f.text || ''));
        resolve(f.reply_to);
        break;
      case 'ack':
        if (f.reply_to) {
          // A member of staff holds the conversation: the message reached
          // them, and the bot does not answer.
          clearTyping();
          var sent = state.pending[f.reply_to];
          resolve(f.reply_to);
          if (sent && !sent.querySelector('.delivered')) sent.appendChild(make('div', 'note delivered', L(state.lang).toStaff));
          break;
        }
        if (f.ref === 'rate') {
          state.rated = true;
          var r = state.shown['rate:'];
          if (r) r.querySelector('.text').textContent = r.dalilThanks;
          break;
        }
        var fb = state.shown['feedback:' + f.ref];
        if (fb) fb.textContent = fb.dalilThanks;
        break;
      case 'queue':
        showQueue(f);
        break;
      case 'agent_joined':
        hideQueue();
        if (!state.shown['event:' + f.id]) append(systemEl(f, 'agent_joined'));
        main.dataset.agent = 'true';
        break;
      case 'agent_message':
        clearTyping();
        if (!state.shown['agent:' + f.id]) append(agentEl(f));
        break;
      case 'agent_left':
        if (!state.shown['event:' + f.id]) append(systemEl(f, 'agent_left'));
        main.dataset.agent = 'false';
        offerRating();
        break;
    }
    if (f.type === 'reply' && f.intent === 'goodbye') offerRating();
  }

  function firstOutbox() {
    for (var i = 0; i < state.outbox.length; i++) {
      if (state.outbox[i].el.parentNode === list) return state.outbox[i].el;
    }
    return state.typingEl && state.typingEl.parentNode === list ? state.typingEl : null;
  }

  function send(obj) {
    if (!state.open || !state.ws) return false;
    state.ws.send(JSON.stringify(obj));
    return true;
  }

  function sendText(text) {
    text = (text || '').trim();
    if (!text) return;
    var id = state.prefix + '-' + (++state.seq);
    var el = append(citizenEl(text, id));
    el.classList.add('pending');
    if (send({ type: 'message', id: id, text: text })) {
      state.pending[id] = el;
      return;
    }
    state.outbox.push({ id: id, text: text, el: el });
    if (!state.ws) connect();
  }

  function flushOutbox() {
    var out = state.outbox;
    state.outbox = [];
    out.forEach(function (m) {
      if (send({ type: 'message', id: m.id, text: m.text })) state.pending[m.id] = m.el;
    });
  }

  // ---- connection ------------------------------------------------------------

  function connect() {
    clearTimeout(state.timer);
    if (state.ws) return;
    state.idle = false;
    var u = new URL('ws', window.location.href);
    u.protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    u.search = '';
    u.hash = '';
    u.searchParams.set('lang', state.lang);
    if (state.token) u.searchParams.set('resume', state.token);
    setStatus('connecting');
    var ws;
    try {
      ws = new WebSocket(u.href);
    } catch (e) {
      scheduleReconnect();
      return;
    }
    state.ws = ws;
    ws.onmessage = function (ev) {
      if (state.ws !== ws || typeof ev.data !== 'string') return;
      var f;
      try { f = JSON.parse(ev.data); } catch (e) { return; }
      if (f && typeof f.type === 'string') onFrame(f);
    };
    ws.onclose = function (ev) {
      if (state.ws !== ws) return;
      state.ws = null;
      state.open = false;
      clearTyping();
      failPending();
      if (ev.code === 1000) {
        // The server ended an idle session: do not reconnect in a loop;
        // the next message reconnects (and resumes).
        state.idle = true;
        setStatus('idle');
        return;
      }
      scheduleReconnect();
    };
  }

  // Exponential backoff with jitter: 0.5 s, 1 s, 2 s … up to 30 s.
  function scheduleReconnect() {
    setStatus('offline');
    var base = Math.min(30000, 500 * Math.pow(2, state.attempt));
    state.attempt = Math.min(state.attempt + 1, 10);
    clearTimeout(state.timer);
    state.timer = setTimeout(connect, base / 2 + Math.random() * base / 2);
  }

  function dropSocket() {
    var ws = state.ws;
    state.ws = null;
    state.open = false;
    if (ws) ws.close(1000);
  }

  // ---- controls --------------------------------------------------------------

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = input.value;
    if (!text.trim()) return;
    input.value = '';
    autosize();
    sendText(text);
    input.focus();
  });

  input.addEventListener('keydown', function (e) {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event('submit', { cancelable: true }));
    }
  });

  function autosize() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight + 2, 160) + 'px';
  }
  input.addEventListener('input', autosize);

  toggle.addEventListener('click', function () {
    state.lang = state.lang === 'ar' ? 'en' : 'ar';
    storage.set('dalil.lang', state.lang);
    applyLang();
    send({ type: 'set_lang', lang: state.lang });
  });

  newChat.addEventListener('click', function () {
    state.token = '';
    storage.del('dalil.resume');
    state.outbox = [];
    dropSocket();
    resetConversation();
    connect();
    input.focus();
  });

  window.addEventListener('online', function () {
    if (!state.ws && !state.idle) connect();
  });

  applyLang();
  connect();
}());
