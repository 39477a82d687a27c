// The class link's page (SPEC §14): a classmate without an account, often
// inside WeChat on an old phone, identifies with name and 学号, sees their
// own entry masked, types what changed (checked by the server with the
// directory's rules as they type) and submits it to their liaison. Plain
// script, no WebAssembly: this page is the whole first load. What was typed
// stays in this tab's sessionStorage across a reload, and goes with the tab.
(function () {
  'use strict';
  var FIELDS = [
    ['phone', '手机号', 'tel'],
    ['wechat', '微信号', 'text'],
    ['email', '邮箱', 'email'],
    ['employer', '工作单位', 'text'],
    ['position', '职务', 'text'],
    ['address', '身份证住址', 'text'],
  ];
  var STATES = { waiting: '待联络员确认', confirmed: '已更新', declined: '未采纳' };
  var $ = function (id) { return document.getElementById(id); };
  var token = decodeURIComponent((location.hash || '').slice(1));
  var draftKey = 'liaison-u-draft';
  var checking = 0;
  var timer = null;

  var marked = false;
  // The moment the page is ready to use, for the benchmarks.
  function ready() {
    if (!marked && window.performance && performance.mark) performance.mark('page-ready');
    marked = true;
  }
  function say(text) { $('status').textContent = text || ''; }
  function show(id, on) { $(id).hidden = !on; }
  function label(key) {
    for (var i = 0; i < FIELDS.length; i++) if (FIELDS[i][0] === key) return FIELDS[i][1];
    return key;
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function call(method, path, body) {
    var init = { method: method, credentials: 'same-origin', headers: {} };
    if (body) {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch('/api/v1' + path, init).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        return { status: res.status, data: data };
      });
    }, function () {
      return { status: 0, data: { error: { message: '网络连接失败，请检查网络后重试' } } };
    });
  }
  function message(r) {
    return (r.data && r.data.error && r.data.error.message) || '出了点问题，请稍后重试';
  }

  function draft() {
    try { return JSON.parse(sessionStorage.getItem(draftKey) || '{}'); } catch (e) { return {}; }
  }
  function typed() {
    var out = {};
    FIELDS.forEach(function (f) {
      var v = $('f-' + f[0]).value;
      if (v.trim() !== '') out[f[0]] = v;
    });
    return out;
  }
  function keep() {
    try {
      sessionStorage.setItem(draftKey, JSON.stringify(typed()));
      $('draft').textContent = '已保存在本页，刷新也不会丢失';
    } catch (e) { /* private mode: typing is kept on the page only */ }
  }

  function buildFields() {
    var box = $('fields');
    var saved = draft();
    FIELDS.forEach(function (f) {
      var id = 'f-' + f[0];
      box.appendChild(el('label', { for: id }, f[1]));
      var input = el('input', { id: id, name: f[0], type: f[2], maxlength: '100', autocomplete: 'off' });
      input.value = saved[f[0]] || '';
      input.addEventListener('input', function () { keep(); later(); });
      box.appendChild(input);
      box.appendChild(el('p', { id: id + '-now', class: 'hint' }));
      box.appendChild(el('p', { id: id + '-error', class: 'error' }));
      var fix = el('p', { id: id + '-fix', class: 'hint', hidden: '' });
      box.appendChild(fix);
    });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(check, 500);
  }

  function showChecks(errors, suggestions) {
    FIELDS.forEach(function (f) {
      var key = f[0], id = 'f-' + key;
      var err = (errors || {})[key] || '';
      $(id + '-error').textContent = err;
      $(id).setAttribute('aria-invalid', err ? 'true' : 'false');
      var fix = $(id + '-fix');
      fix.textContent = '';
      var s = (suggestions || {})[key];
      fix.hidden = !s;
      if (s) {
        fix.appendChild(document.createTextNode('建议改为：' + s + ' '));
        var use = el('button', { type: 'button', class: 'link' }, '采用');
        use.addEventListener('click', function () { $(id).value = s; keep(); check(); });
        fix.appendChild(use);
      }
    });
  }

  function check() {
    var changes = typed();
    if (Object.keys(changes).length === 0) { showChecks({}, {}); return; }
    var n = ++checking;
    call('POST', '/classmate/check', { changes: changes }).then(function (r) {
      if (n !== checking || r.status !== 200) return;
      showChecks(r.data.errors, r.data.suggestions);
    });
  }

  function render(v) {
    $('page').dataset.state = 'mine';
    $('title').textContent = v.class_name + ' · ' + v.year + '年通讯录更新';
    say('你好，' + v.name + '。');
    show('identify', false);
    show('mine', true);
    var dl = $('stored');
    dl.textContent = '';
    FIELDS.forEach(function (f) {
      dl.appendChild(el('dt', {}, f[1]));
      var value = v.entry[f[0]] || '';
      dl.appendChild(el('dd', {}, value || (f[0] === 'address' ? '（不显示）' : '（空）')));
      $('f-' + f[0] + '-now').textContent = value ? '现为：' + value : '';
    });
    var list = $('proposals');
    list.textContent = '';
    (v.proposals || []).forEach(function (p) {
      var li = el('li', { 'data-field': p.field, 'data-state': p.state });
      li.appendChild(el('div', {}, label(p.field) + '：' + (p.old || '（空）') + ' → ' + p.new));
      var st = el('div', { class: 'state state-' + p.state }, STATES[p.state] || p.state);
      if (p.state === 'declined' && p.reason) st.textContent += '：' + p.reason;
      li.appendChild(st);
      list.appendChild(li);
    });
    show('outcome', (v.proposals || []).length > 0);
    $('submit').disabled = v.submissions_left <= 0;
    if (v.submissions_left <= 0) $('update-error').textContent = '本轮提交次数已用完，如还需修改请直接联系联络员';
  }

  function identify(ev) {
    ev.preventDefault();
    var name = $('name').value, number = $('number').value;
    if (!name.trim() || !number.trim()) {
      $('identify-error').textContent = '请填写姓名和学号';
      return;
    }
    $('identify-error').textContent = '';
    call('POST', '/classmate/visit', { token: token, name: name, number: number }).then(function (r) {
      if (r.status === 200) { render(r.data); check(); return; }
      $('identify-error').textContent = message(r);
    });
  }

  function submit(ev) {
    ev.preventDefault();
    var changes = typed();
    if (Object.keys(changes).length === 0) {
      $('update-error').textContent = '没有填写要更新的内容';
      return;
    }
    $('submit').disabled = true;
    $('update-error').textContent = '';
    call('POST', '/classmate/update', { changes: changes }).then(function (r) {
      $('submit').disabled = false;
      if (r.status === 200) {
        try { sessionStorage.removeItem(draftKey); } catch (e) { /* nothing kept */ }
        FIELDS.forEach(function (f) { $('f-' + f[0]).value = ''; });
        showChecks({}, {});
        $('draft').textContent = '';
        render(r.data);
        say('已提交，等待联络员确认。可以随时通过这个链接回来查看结果。');
        $('outcome').scrollIntoView();
        return;
      }
      if (r.status === 422 && r.data.error && r.data.error.fields) showChecks(r.data.error.fields, {});
      $('update-error').textContent = message(r);
    });
  }

  buildFields();
  $('identify-form').addEventListener('submit', identify);
  $('update-form').addEventListener('submit', submit);
  if (!token) {
    say('链接不完整，请从班级群里重新打开联络员发的链接。');
    return;
  }
  call('GET', '/classmate/visit').then(function (r) {
    if (r.status === 200) { render(r.data); check(); ready(); return; }
    $('page').dataset.state = 'identify';
    say('');
    show('identify', true);
    ready();
  });
})();
