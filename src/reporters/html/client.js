/* aispm dashboard: runs in the browser from a file, with its data inlined. No network, no dependencies but dagre. */
/* global dagre */
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('aispm-data').textContent);
  var S = D.strings;
  var SEV = ['critical', 'high', 'medium', 'low', 'info'];
  var BASE = ['new', 'unchanged', 'updated', 'absent'];
  var PAGE = 50;
  var str = function (i) { return i < 0 || i === undefined ? '' : S[i]; };

  // ---------- derived indices ----------
  var R = D.resources.map(function (r, i) {
    return { i: i, id: S[r[0]], kind: S[r[1]], provider: S[r[2]], account: S[r[3]], region: S[r[4]], name: S[r[5]], category: S[r[6]] };
  });
  var F = D.findings.map(function (f, i) {
    var rule = D.rules[f[0]];
    return {
      i: i, rule: rule, ruleId: rule[0], title: rule[1], res: R[f[1]], status: f[2] === 0 ? 'fail' : 'unknown',
      sev: f[3], message: str(f[4]), baseline: f[5] < 0 ? null : BASE[f[5]], suppressed: f[6] < 0 ? null : S[f[6]],
      evidence: f[7] < 0 ? null : S[f[7]], path: f[8] < 0 ? null : D.paths[f[8]], firstSeen: str(f[9])
    };
  });
  var current = F.filter(function (f) { return f.baseline !== 'absent'; });
  var fixed = F.filter(function (f) { return f.baseline === 'absent'; });
  var byResource = {};
  current.forEach(function (f) { (byResource[f.res.i] = byResource[f.res.i] || []).push(f); });
  var up = {}, down = {};
  D.lineage.forEach(function (e) {
    (down[e[0]] = down[e[0]] || []).push({ to: e[1], type: S[e[2]] });
    (up[e[1]] = up[e[1]] || []).push({ from: e[0], type: S[e[2]] });
  });

  // ---------- tiny DOM helpers (textContent only: data is never parsed as HTML) ----------
  function el(tag, attrs, children) {
    var n = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (attrs[k] === null || attrs[k] === undefined) return;
      if (k === 'text') n.textContent = attrs[k];
      else if (k === 'class') n.className = attrs[k];
      else if (k.slice(0, 2) === 'on') n.addEventListener(k.slice(2), attrs[k]);
      else n.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) n.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return n;
  }
  function clear(n) { while (n.firstChild) n.removeChild(n.firstChild); return n; }
  function sevBadge(sev) { return el('span', { class: 'sev sev-' + SEV[sev], text: SEV[sev] }); }
  function badge(text, cls) { return el('span', { class: 'badge ' + (cls || ''), text: text }); }
  function cloudOf(r) { return r.provider === 'aws' ? 'AWS' : r.provider === 'gcp' ? 'Google Cloud' : r.provider; }

  // ---------- a capped report says what it left out ----------
  var CAP = D.capped || null;
  if (CAP) {
    var fmt = function (n) { return n.toLocaleString('en'); };
    document.querySelector('main').insertBefore(el('p', { class: 'notice', 'data-testid': 'capped-notice', text:
      'Showing ' + fmt(CAP.findings.shown) + ' of ' + fmt(CAP.findings.total) + ' findings, the most important first (attack paths, then by severity)' +
      (CAP.fixed.total ? ', ' + fmt(CAP.fixed.shown) + ' of ' + fmt(CAP.fixed.total) + ' fixed findings' : '') +
      ' and ' + fmt(CAP.resources.shown) + ' of ' + fmt(CAP.resources.total) + ' resources, so the page stays usable. ' +
      'The summary counts every finding; the other tabs list what is shown. The JSON output (--format json) has all of them.' }), document.querySelector('main').firstChild);
  }

  // ---------- tabs ----------
  var views = {};
  function show(name) {
    Object.keys(views).forEach(function (k) {
      views[k].hidden = k !== name;
      document.querySelector('[data-tab="' + k + '"]').classList.toggle('active', k === name);
    });
  }
  document.querySelectorAll('[data-tab]').forEach(function (b) {
    views[b.getAttribute('data-tab')] = document.getElementById('view-' + b.getAttribute('data-tab'));
    b.addEventListener('click', function () { show(b.getAttribute('data-tab')); });
  });

  // ---------- summary ----------
  (function summary() {
    var root = document.getElementById('view-summary');
    var counts = SEV.map(function () { return { fail: 0, unknown: 0 }; });
    var suppressed = 0, paths = 0;
    current.forEach(function (f) {
      if (f.suppressed) { suppressed++; return; }
      counts[f.sev][f.status]++;
      if (f.path) paths++;
    });
    if (CAP) { counts = CAP.counts; suppressed = CAP.suppressed; paths = CAP.paths; }
    var cards = el('div', { class: 'cards' }, SEV.map(function (s, i) {
      return el('div', { class: 'card sev-border-' + s, 'data-testid': 'count-' + s }, [
        el('div', { class: 'card-num', text: String(counts[i].fail) }), el('div', { text: s }),
        el('div', { class: 'muted', text: counts[i].unknown + ' unknown' })
      ]);
    }).concat([
      el('div', { class: 'card', 'data-testid': 'count-paths' }, [el('div', { class: 'card-num', text: String(paths) }), el('div', { text: 'attack paths' })]),
      el('div', { class: 'card' }, [el('div', { class: 'card-num', text: String(suppressed) }), el('div', { text: 'suppressed' })]),
      el('div', { class: 'card' }, [el('div', { class: 'card-num', text: String(CAP ? CAP.resources.total : R.length) }), el('div', { text: 'resources' })])
    ]));
    var meta = D.meta;
    var started = new Date(meta.startedAt), finished = new Date(meta.finishedAt);
    var secs = isFinite(finished - started) ? ((finished - started) / 1000).toFixed(1) + ' s' : '';
    var targets = el('table', { class: 'grid' }, [el('tr', {}, [el('th', { text: 'cloud' }), el('th', { text: 'account / project' }), el('th', { text: 'regions / locations' })])].concat(
      meta.targets.map(function (t) { return el('tr', {}, [el('td', { text: t.provider }), el('td', { text: t.account }), el('td', { text: t.regions.join(', ') || 'all' })]); })));
    var failures = D.coverage.failures;
    var gaps = el('table', { class: 'grid', 'data-testid': 'coverage-gaps' }, [el('tr', {}, ['service', 'operation', 'resource', 'error', 'fields'].map(function (h) { return el('th', { text: h }); }))].concat(
      failures.slice(0, 200).map(function (g) {
        return el('tr', {}, [el('td', { text: g.provider + ' ' + g.service + ' ' + g.region }), el('td', { text: g.operation }), el('td', { text: g.resourceId || '' }), el('td', { text: g.errorCode + ': ' + g.message }), el('td', { text: g.fields.join(', ') })]);
      })));
    var svc = el('table', { class: 'grid' }, [el('tr', {}, ['service', 'status', 'resources', 'calls', 'retries', 'throttles'].map(function (h) { return el('th', { text: h }); }))].concat(
      D.coverage.services.map(function (c) {
        return el('tr', {}, [el('td', { text: c.provider + ' ' + c.service + ' ' + c.account + ' ' + c.region }), el('td', { text: c.status }), el('td', { text: String(c.resources) }), el('td', { text: String(c.calls) }), el('td', { text: String(c.retries) }), el('td', { text: String(c.throttles) })]);
      })));
    root.appendChild(el('div', {}, [
      el('p', { class: 'muted', text: 'aispm ' + meta.version + ' · scan ' + (meta.scanId || 'not recorded') + ' · finished ' + meta.finishedAt + (secs ? ' · took ' + secs : '') + (meta.previousScanId ? ' · compared with scan ' + meta.previousScanId : '') }),
      cards,
      el('h2', { text: 'Scanned' }), targets,
      el('h2', { text: 'Coverage gaps (' + failures.length + ')' }),
      failures.length ? gaps : el('p', { class: 'muted', text: 'Every API call succeeded: no field is unknown because of a failed call.' }),
      el('h2', { text: 'Services' }), svc,
      meta.stale.length || meta.expired.length ? el('div', {}, [el('h2', { text: 'Suppressions' })].concat(meta.expired.concat(meta.stale).map(function (t) { return el('p', { class: 'warn', text: t }); }))) : null
    ]));
  })();

  // ---------- finding details ----------
  var detail = document.getElementById('detail');
  function openDetail(f) {
    clear(detail);
    detail.hidden = false;
    var rule = f.rule;
    var ev = f.evidence ? JSON.parse(f.evidence) : { e: [], u: [] };
    var fw = [['MITRE ATLAS', rule[7]], ['OWASP ML Top 10', rule[8]], ['OWASP LLM Top 10', rule[9]]];
    detail.appendChild(el('div', { 'data-testid': 'finding-detail' }, [
      el('button', { class: 'close', text: '×', 'aria-label': 'close', onclick: function () { detail.hidden = true; } }),
      el('h2', {}, [sevBadge(f.sev), ' ', f.title]),
      el('p', {}, [badge(f.status), f.baseline ? badge(f.baseline, 'base-' + f.baseline) : null, f.suppressed ? badge('suppressed: ' + f.suppressed, 'supp') : null]),
      el('p', { text: f.message }),
      el('p', {}, [el('b', { text: f.res.name }), ' ', el('span', { class: 'mono', text: f.res.id })]),
      el('p', { class: 'muted', text: cloudOf(f.res) + ' · ' + f.res.account + ' · ' + f.res.region + ' · ' + f.res.kind + (f.firstSeen ? ' · first seen ' + f.firstSeen : '') }),
      f.path ? renderHops(f.path) : null,
      ev.e.length ? el('h3', { text: 'Evidence' }) : null,
      ev.e.length ? el('table', { class: 'grid' }, ev.e.map(function (x) { return el('tr', {}, [el('td', { class: 'mono', text: x.path }), el('td', { class: 'mono', text: JSON.stringify(x.value) })]); })) : null,
      ev.u.length ? el('h3', { text: 'Unknown because' }) : null,
      ev.u.length ? el('ul', {}, ev.u.map(function (x) { return el('li', { text: x.path + ': ' + x.reason }); })) : null,
      rule[4] ? el('h3', { text: 'Risk' }) : null, rule[4] ? el('p', { text: rule[4] }) : null,
      el('h3', { text: 'Remediation' }), el('p', { class: 'pre', text: rule[5] }),
      el('h3', { text: 'Frameworks' }),
      el('ul', {}, fw.filter(function (x) { return x[1].length; }).map(function (x) { return el('li', { text: x[0] + ': ' + x[1].join(', ') }); })),
      rule[6].length ? el('h3', { text: 'References' }) : null,
      rule[6].length ? el('ul', {}, rule[6].map(function (u) { return el('li', { class: 'mono', text: u }); })) : null
    ]));
  }

  // ---------- paged table ----------
  function pagedTable(container, columns, rowsFn, onRow, testid) {
    var page = 0;
    var wrap = el('div', { class: 'paged', 'data-testid': testid });
    container.appendChild(wrap);
    function render() {
      var rows = rowsFn();
      var pages = Math.max(1, Math.ceil(rows.length / PAGE));
      if (page >= pages) page = pages - 1;
      clear(wrap);
      var table = el('table', { class: 'grid clickable' }, [el('tr', {}, columns.map(function (c) { return el('th', { text: c[0] }); }))]);
      rows.slice(page * PAGE, page * PAGE + PAGE).forEach(function (r) {
        var tr = el('tr', { 'data-testid': testid + '-row', onclick: function () { onRow(r); } }, columns.map(function (c) { var v = c[1](r); return el('td', {}, [v]); }));
        table.appendChild(tr);
      });
      wrap.appendChild(table);
      wrap.appendChild(el('div', { class: 'pager' }, [
        el('button', { text: '‹ prev', disabled: page === 0 ? 'disabled' : null, onclick: function () { page--; render(); } }),
        el('span', { text: ' page ' + (page + 1) + ' of ' + pages + ' · ' + rows.length + ' rows ' }),
        el('button', { text: 'next ›', disabled: page >= pages - 1 ? 'disabled' : null, onclick: function () { page++; render(); } })
      ]));
    }
    render();
    return { render: function () { page = 0; render(); } };
  }

  // ---------- risk queue: paths first, then findings, as ranked by the scanner ----------
  (function queue() {
    var root = document.getElementById('view-queue');
    var q = el('input', { type: 'search', placeholder: 'search rule, resource, message…', 'data-testid': 'queue-search' });
    var sevSel = el('select', { 'data-testid': 'queue-severity' }, [el('option', { value: '', text: 'all severities' })].concat(SEV.map(function (s, i) { return el('option', { value: String(i), text: s + ' and above' }); })));
    var showSupp = el('input', { type: 'checkbox' });
    root.appendChild(el('div', { class: 'filters' }, [q, sevSel, el('label', {}, [showSupp, ' include suppressed'])]));
    var rows = function () {
      var text = q.value.toLowerCase(), sev = sevSel.value === '' ? 9 : Number(sevSel.value);
      return current.filter(function (f) {
        if (f.suppressed && !showSupp.checked) return false;
        if (f.sev > sev) return false;
        return !text || (f.ruleId + ' ' + f.title + ' ' + f.res.id + ' ' + f.res.name + ' ' + f.message).toLowerCase().indexOf(text) >= 0;
      });
    };
    var t = pagedTable(root, [
      ['#', function (f) { return String(f.i + 1); }],
      ['severity', function (f) { return sevBadge(f.sev); }],
      ['type', function (f) { return f.path ? badge('attack path', 'path') : badge(f.status); }],
      ['rule', function (f) { return el('span', {}, [el('b', { text: f.ruleId }), ' ' + f.title]); }],
      ['resource', function (f) { return el('span', { class: 'mono', text: f.res.name || f.res.id }); }],
      ['state', function (f) { return f.baseline ? badge(f.baseline, 'base-' + f.baseline) : document.createTextNode(''); }]
    ], rows, openDetail, 'queue');
    q.addEventListener('input', t.render);
    [sevSel, showSupp].forEach(function (n) { n.addEventListener('change', t.render); });
    if (fixed.length || (CAP && CAP.fixed.total)) {
      root.appendChild(el('h2', { text: 'Fixed since the previous scan (' + (CAP ? CAP.fixed.total : fixed.length) + ')' }));
      pagedTable(root, [['severity', function (f) { return sevBadge(f.sev); }], ['rule', function (f) { return f.ruleId + ' ' + f.title; }], ['resource', function (f) { return f.res.id; }], ['state', function () { return badge('fixed', 'base-absent'); }]], function () { return fixed; }, openDetail, 'fixed');
    }
  })();

  // ---------- attack path view ----------
  function renderHops(path) {
    return el('ol', { class: 'hops', 'data-testid': 'path-hops' }, path.hops.map(function (h) {
      return el('li', { 'data-testid': 'hop' }, [
        el('span', { class: 'mono', text: S[h[0]] }), ' ', el('span', { class: 'edge', text: '-[' + S[h[2]] + ']->' }), ' ',
        el('span', { class: 'mono', text: S[h[1]] + (h[3] >= 0 ? ' (prefix ' + S[h[3]] + ')' : '') }),
        h[4] >= 0 ? el('div', { class: 'muted', text: 'evidence: ' + S[h[4]] }) : null
      ]);
    }));
  }
  function short(label) {
    var m = /[/:]([^/:]+\/?[^/:]*)$/.exec(label);
    return label.length > 40 && m ? '…' + m[1] : label;
  }
  function drawPath(path) {
    var g = new dagre.graphlib.Graph({ multigraph: true });
    g.setGraph({ rankdir: path.hops.length > 3 ? 'TB' : 'LR', nodesep: 30, ranksep: 46, marginx: 10, marginy: 10 });
    g.setDefaultEdgeLabel(function () { return {}; });
    var ids = [];
    path.hops.forEach(function (h) { [h[0], h[1]].forEach(function (n) { if (ids.indexOf(n) < 0) ids.push(n); }); });
    ids.forEach(function (n) { var label = short(S[n]); g.setNode(String(n), { label: label, full: S[n], width: Math.max(90, label.length * 7 + 20), height: 36 }); });
    path.hops.forEach(function (h, i) { g.setEdge(String(h[0]), String(h[1]), { label: S[h[2]], width: S[h[2]].length * 6.5, height: 14, i: i }, 'e' + i); });
    dagre.layout(g);
    var NS = 'http://www.w3.org/2000/svg';
    function svgEl(tag, attrs, text) { var n = document.createElementNS(NS, tag); Object.keys(attrs).forEach(function (k) { n.setAttribute(k, attrs[k]); }); if (text) n.textContent = text; return n; }
    var gr = g.graph();
    var svg = svgEl('svg', { width: gr.width + 20, height: gr.height + 20, viewBox: '0 0 ' + (gr.width + 20) + ' ' + (gr.height + 20), 'data-testid': 'path-graph', role: 'img' });
    var defs = svgEl('defs', {});
    var marker = svgEl('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '10', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' });
    marker.appendChild(svgEl('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#555' }));
    defs.appendChild(marker); svg.appendChild(defs);
    g.edges().forEach(function (e) {
      var ed = g.edge(e);
      var d = ed.points.map(function (p, i) { return (i ? 'L' : 'M') + p.x + ' ' + p.y; }).join(' ');
      svg.appendChild(svgEl('path', { d: d, fill: 'none', stroke: '#555', 'stroke-width': '1.5', 'marker-end': 'url(#arrow)', 'data-testid': 'path-edge' }));
      svg.appendChild(svgEl('text', { x: ed.x, y: ed.y, 'text-anchor': 'middle', class: 'edge-label' }, ed.label));
    });
    g.nodes().forEach(function (n) {
      var nd = g.node(n);
      var principal = nd.full.indexOf('/') < 0 && nd.full.indexOf(':') < 0 || /^(internet|any-authenticated|aws-account|gcp-project|domain|service)/.test(nd.full);
      var grp = svgEl('g', { 'data-testid': 'path-node' });
      grp.appendChild(svgEl('title', {}, nd.full));
      grp.appendChild(svgEl('rect', { x: nd.x - nd.width / 2, y: nd.y - nd.height / 2, width: nd.width, height: nd.height, rx: 6, class: principal ? 'node principal' : 'node' }));
      grp.appendChild(svgEl('text', { x: nd.x, y: nd.y + 4, 'text-anchor': 'middle' }, nd.label));
      svg.appendChild(grp);
    });
    return svg;
  }
  (function pathsView() {
    var root = document.getElementById('view-paths');
    var list = current.filter(function (f) { return f.path; });
    if (!list.length) { root.appendChild(el('p', { class: 'muted', text: 'No attack path found.' })); return; }
    var canvas = el('div', { class: 'path-canvas' });
    var items = el('ul', { class: 'path-list', 'data-testid': 'path-list' });
    function select(f, li) {
      Array.prototype.forEach.call(items.children, function (c) { c.classList.remove('active'); });
      li.classList.add('active');
      clear(canvas);
      canvas.appendChild(el('h2', {}, [sevBadge(f.sev), ' ', f.title]));
      canvas.appendChild(el('p', { text: f.message }));
      canvas.appendChild(drawPath(f.path));
      canvas.appendChild(renderHops(f.path));
      canvas.appendChild(el('button', { text: 'details, remediation and frameworks', onclick: function () { openDetail(f); } }));
    }
    list.slice(0, 500).forEach(function (f, i) {
      var li = el('li', { 'data-testid': 'path-item' }, [sevBadge(f.sev), ' ', el('b', { text: f.ruleId }), ' ', el('span', { class: 'mono', text: (S[f.path.source] || '') + ' → ' + f.res.name })]);
      li.addEventListener('click', function () { select(f, li); });
      items.appendChild(li);
      if (i === 0) select(f, li);
    });
    root.appendChild(el('div', { class: 'split' }, [items, canvas]));
  })();

  // ---------- AI-BOM ----------
  (function bom() {
    var root = document.getElementById('view-bom');
    var AI = /^(ml\.|storage\.bucket)/;
    var items = R.filter(function (r) { return AI.test(r.category); });
    function options(values, all) { return [el('option', { value: '', text: all })].concat(values.sort().map(function (v) { return el('option', { value: v, text: v }); })); }
    function uniq(key) { var seen = {}; items.forEach(function (r) { seen[r[key]] = 1; }); return Object.keys(seen); }
    var cloud = el('select', { 'data-testid': 'bom-cloud' }, options(uniq('provider'), 'all clouds'));
    var account = el('select', { 'data-testid': 'bom-account' }, options(uniq('account'), 'all accounts / projects'));
    var kind = el('select', { 'data-testid': 'bom-kind' }, options(uniq('kind'), 'all kinds'));
    var sev = el('select', { 'data-testid': 'bom-severity' }, [el('option', { value: '', text: 'any findings' })].concat(SEV.map(function (s, i) { return el('option', { value: String(i), text: 'has ' + s + ' or worse' }); })));
    var q = el('input', { type: 'search', placeholder: 'search name or id…', 'data-testid': 'bom-search' });
    root.appendChild(el('div', { class: 'filters' }, [q, cloud, account, kind, sev]));
    function worst(r) { var fs = byResource[r.i] || []; var w = 9; fs.forEach(function (f) { if (f.status === 'fail' && !f.suppressed && f.sev < w) w = f.sev; }); return w; }
    var rows = function () {
      var text = q.value.toLowerCase();
      return items.filter(function (r) {
        return (!cloud.value || r.provider === cloud.value) && (!account.value || r.account === account.value) && (!kind.value || r.kind === kind.value) &&
          (sev.value === '' || worst(r) <= Number(sev.value)) && (!text || (r.name + ' ' + r.id).toLowerCase().indexOf(text) >= 0);
      });
    };
    var info = el('div', { class: 'bom-detail', 'data-testid': 'bom-detail' });
    function lineage(r) {
      clear(info);
      var fs = byResource[r.i] || [];
      info.appendChild(el('h2', { text: r.name }));
      info.appendChild(el('p', { class: 'mono', text: r.id }));
      info.appendChild(el('p', { class: 'muted', text: cloudOf(r) + ' · ' + r.account + ' · ' + r.region + ' · ' + r.kind }));
      info.appendChild(el('h3', { text: 'Fed by' }));
      info.appendChild(el('ul', {}, (up[r.i] || []).map(function (e) { return el('li', {}, [el('span', { class: 'mono', text: R[e.from].name }), ' (' + R[e.from].kind + ') -[' + e.type + ']-> this']); })));
      info.appendChild(el('h3', { text: 'Feeds' }));
      info.appendChild(el('ul', {}, (down[r.i] || []).map(function (e) { return el('li', {}, ['this -[' + e.type + ']-> ', el('span', { class: 'mono', text: R[e.to].name }), ' (' + R[e.to].kind + ')']); })));
      info.appendChild(el('h3', { text: 'Findings (' + fs.length + ')' }));
      info.appendChild(el('ul', {}, fs.map(function (f) { return el('li', { class: 'clickable', onclick: function () { openDetail(f); } }, [sevBadge(f.sev), ' ' + f.ruleId + ' ' + f.title]); })));
    }
    var t = pagedTable(root, [
      ['cloud', function (r) { return cloudOf(r); }],
      ['account', function (r) { return r.account; }],
      ['kind', function (r) { return r.kind; }],
      ['name', function (r) { return el('span', { class: 'mono', text: r.name }); }],
      ['findings', function (r) { var w = worst(r); var n = (byResource[r.i] || []).length; return w < 9 ? el('span', {}, [sevBadge(w), ' ' + n]) : document.createTextNode(String(n)); }],
      ['lineage', function (r) { return String((up[r.i] || []).length) + ' in / ' + (down[r.i] || []).length + ' out'; }]
    ], rows, lineage, 'bom');
    q.addEventListener('input', t.render);
    [cloud, account, kind, sev].forEach(function (n) { n.addEventListener('change', t.render); });
    root.appendChild(info);
  })();

  // ---------- by framework ----------
  (function frameworks() {
    var root = document.getElementById('view-frameworks');
    [['MITRE ATLAS', 7], ['OWASP ML Top 10', 8], ['OWASP LLM Top 10', 9]].forEach(function (fw) {
      var groups = {};
      current.forEach(function (f) { if (f.suppressed) return; f.rule[fw[1]].forEach(function (id) { (groups[id] = groups[id] || []).push(f); }); });
      var keys = Object.keys(groups).sort();
      root.appendChild(el('h2', { text: fw[0] }));
      if (!keys.length) { root.appendChild(el('p', { class: 'muted', text: 'no findings mapped' })); return; }
      root.appendChild(el('table', { class: 'grid', 'data-testid': 'framework-' + fw[1] }, [el('tr', {}, ['id', 'findings', 'critical', 'high', 'medium', 'low', 'rules'].map(function (h) { return el('th', { text: h }); }))].concat(keys.map(function (k) {
        var fs = groups[k];
        var c = [0, 0, 0, 0, 0]; var rules = {};
        fs.forEach(function (f) { c[f.sev]++; rules[f.ruleId] = 1; });
        return el('tr', {}, [el('td', { text: k }), el('td', { text: String(fs.length) }), el('td', { text: String(c[0]) }), el('td', { text: String(c[1]) }), el('td', { text: String(c[2]) }), el('td', { text: String(c[3]) }), el('td', { class: 'mono', text: Object.keys(rules).sort().join(' ') })]);
      }))));
    });
  })();

  show('queue');
  document.body.setAttribute('data-ready', 'true');
})();
