/* Kiln run report: draws the embedded data as SVG. No dependencies, no network.
 * Every chart is a <figure class="chart"> that gets data-rendered="1" and data-marks="N" (bars and
 * lines drawn from data) once drawn, or data-rendered="error" with the error shown; <body> gets
 * data-ready="1", data-charts and data-chart-errors when the whole page is done. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('kiln-data').textContent);
  var SVG = 'http://www.w3.org/2000/svg';
  var REASONS = ['#e15759', '#f28e2b', '#b07aa1', '#edc948', '#ff9da7', '#9c755f', '#8cd17d', '#d37295', '#fabfd2', '#b6992d',
    '#499894', '#86bcb6', '#f1ce63', '#d4a6c8', '#e49444', '#b9ca5d'];
  var C = { kept: '#4e79a7', quarantined: '#79706e', before: '#a0cbe8', after: '#4e79a7', target: '#f1ce63',
    achieved: '#59a14f', padding: '#d0d4d9', threshold: '#cf222e', tokens: '#76b7b2' };
  var chartCount = 0, chartErrors = 0;
  var yLog = false; // histogram counts on a log scale (rare drops become visible)

  // ---- helpers ----
  function h(tag, attrs) {
    var el = document.createElement(tag);
    setAttrs(el, attrs);
    for (var i = 2; i < arguments.length; i++) add(el, arguments[i]);
    return el;
  }
  function s(tag, attrs) {
    var el = document.createElementNS(SVG, tag);
    setAttrs(el, attrs);
    for (var i = 2; i < arguments.length; i++) add(el, arguments[i]);
    return el;
  }
  function setAttrs(el, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === 'text') el.textContent = v;
      else if (k === 'onclick') el.addEventListener('click', v);
      else el.setAttribute(k, v);
    });
  }
  function add(el, c) {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) { c.forEach(function (x) { add(el, x); }); return; }
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  function fmt(n) {
    if (n === null || n === undefined || isNaN(n)) return '–';
    if (Math.abs(n) >= 1e15) return n.toExponential(2);
    if (Math.round(n) === n) return n.toLocaleString('en-US');
    var a = Math.abs(n);
    return a >= 100 ? n.toFixed(0) : a >= 1 ? n.toFixed(2) : a >= 0.01 ? n.toFixed(3) : n.toPrecision(2);
  }
  /** A round step near x: 1, 2 or 5 times a power of ten. */
  function niceStep(x) {
    if (!(x > 0)) return 1;
    var p = Math.pow(10, Math.floor(Math.log10(x))), m = x / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  }
  function short(n) {
    var a = Math.abs(n);
    if (a >= 1e12) return (n / 1e12).toFixed(a >= 1e13 ? 0 : 1) + 'T';
    if (a >= 1e9) return (n / 1e9).toFixed(a >= 1e10 ? 0 : 1) + 'G';
    if (a >= 1e6) return (n / 1e6).toFixed(a >= 1e7 ? 0 : 1) + 'M';
    if (a >= 1e4) return (n / 1e3).toFixed(a >= 1e5 ? 0 : 1) + 'k';
    return fmt(n);
  }
  // A share that never hides a difference: 41 drops of 127,593 read 99.97%, not 100.0% (as Percent.of).
  function pct(a, b) {
    if (!b) return '–';
    if (a === b || a === 0) return a === b ? '100%' : '0%';
    var p = 100 * a / b;
    for (var d = 1; d <= 3; d++) {
      var t = p.toFixed(d);
      if (t.indexOf('100') !== 0 && !/^0\.0*$/.test(t)) return t + '%';
    }
    return p > 50 ? '>99.999%' : '<0.001%';
  }
  function reasonColor(i) {
    if (i < REASONS.length) return REASONS[i];
    return 'hsl(' + Math.round((i * 137.508) % 360) + ',55%,' + (50 + 10 * (i % 3)) + '%)';
  }
  function title(text) { return s('title', { text: text }); }
  function legend(items) {
    return h('div', { class: 'legend' }, items.map(function (it) {
      return h('span', null, h('i', { style: 'background:' + it[1] }), it[0]);
    }));
  }

  /** A chart: a figure whose body is drawn by draw(figure) returning the number of marks drawn. */
  function chart(parent, id, caption, sub, draw) {
    var fig = h('figure', { class: 'chart', 'data-chart': id }, h('figcaption', null, caption, sub ? h('div', { class: 'sub' }, sub) : null));
    parent.appendChild(fig);
    chartCount++;
    fig._draw = draw;
    paint(fig);
    return fig;
  }

  /** (Re)draws a chart figure below its caption. */
  function paint(fig) {
    while (fig.lastChild && fig.lastChild.tagName !== 'FIGCAPTION') fig.removeChild(fig.lastChild);
    try {
      var marks = fig._draw(fig);
      fig.setAttribute('data-marks', String(marks));
      fig.setAttribute('data-rendered', marks > 0 ? '1' : 'empty');
    } catch (e) {
      chartErrors++;
      fig.setAttribute('data-rendered', 'error');
      fig.appendChild(h('pre', { class: 'error', text: 'chart failed: ' + (e && e.stack || e) }));
    }
  }

  /** Horizontal stacked bars: rows of {label, segments: [{name, value, color}], right}. */
  function hbars(fig, rows, opts) {
    opts = opts || {};
    var W = opts.W || 960, labelW = opts.labelW || 170, rightW = opts.rightW || 230, rowH = opts.rowH || 22, gap = opts.gap === undefined ? 6 : opts.gap;
    var H = rows.length * (rowH + gap) + 8;
    var max = opts.max || Math.max.apply(null, rows.map(function (r) {
      return r.segments.reduce(function (a, sg) { return a + sg.value; }, 0);
    }).concat([1]));
    var plotW = W - labelW - rightW;
    var svg = s('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img' });
    var marks = 0;
    rows.forEach(function (r, i) {
      var y = 4 + i * (rowH + gap);
      svg.appendChild(s('text', { x: labelW - 8, y: y + rowH / 2 + 4, 'text-anchor': 'end', text: r.label }));
      svg.appendChild(s('rect', { x: labelW, y: y, width: plotW, height: rowH, fill: '#f3f4f6' }));
      var x = labelW;
      r.segments.forEach(function (sg) {
        if (!(sg.value > 0)) return;
        var w = Math.max(1, plotW * sg.value / max);
        svg.appendChild(s('rect', { x: x, y: y, width: w, height: rowH, fill: sg.color, 'data-value': sg.value },
          title(r.label + ' · ' + sg.name + ': ' + fmt(sg.value))));
        x += w;
        marks++;
      });
      if (r.right) svg.appendChild(s('text', { x: W - rightW + 8, y: y + rowH / 2 + 4, text: r.right }));
    });
    fig.appendChild(svg);
    return marks;
  }

  /** Histogram with stacked series (kept, drop reasons) and threshold lines. */
  function histogram(fig, c) {
    var W = 460, H = 210, L = 52, R = 10, T = 16, B = 36;
    var edges = c.edges, n = edges.length - 1;
    var log = c.scale === 'log1p';
    var tx = function (v) { return log ? Math.log10(1 + Math.max(0, v)) : v; };
    var x0 = tx(edges[0]), x1 = tx(edges[n]);
    var X = function (v) { return L + (W - L - R) * (tx(v) - x0) / (x1 - x0 || 1); };
    var totals = [];
    for (var b = 0; b < n; b++) totals.push(c.series.reduce(function (a, se) { return a + se.counts[b]; }, 0));
    var ymax = Math.max.apply(null, totals.concat([1]));
    var ty = function (v) { return yLog ? Math.log10(1 + v) : v; };
    var Y = function (v) { return H - B - (H - B - T) * ty(v) / ty(ymax); };
    var svg = s('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img' });
    // axes and ticks
    svg.appendChild(s('line', { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: '#888' }));
    // y ticks at round values (0.5, 1, 2, 5 and their powers of ten), each label once.
    var yticks = [];
    if (yLog) {
      for (var k = 0; k <= 4; k++) yticks.push(Math.round(Math.pow(10, ty(ymax) * k / 4) - 1));
    } else {
      var ystep = niceStep(ymax / 4);
      for (var yv0 = 0; yv0 <= ymax * 1.0001; yv0 += ystep) yticks.push(yv0);
    }
    var lastLabel = null;
    yticks.forEach(function (yv) {
      var yy = Y(yv), label = yv < 10 && yv !== Math.round(yv) ? yv.toFixed(1) : short(Math.round(yv));
      if (label === lastLabel) return;
      lastLabel = label;
      svg.appendChild(s('line', { x1: L, y1: yy, x2: W - R, y2: yy, stroke: '#eee' }));
      svg.appendChild(s('text', { x: L - 4, y: yy + 4, 'text-anchor': 'end', text: label }));
    });
    var perValue = c.integral && !log && n <= 30 && Math.abs(edges[1] - edges[0] - 1) < 1e-9;
    if (perValue) {
      var every = Math.ceil(n / 12);
      for (var q = 0; q < n; q += every) {
        var xc = (X(edges[q]) + X(edges[q + 1])) / 2;
        svg.appendChild(s('line', { x1: xc, y1: H - B, x2: xc, y2: H - B + 4, stroke: '#888' }));
        svg.appendChild(s('text', { x: xc, y: H - B + 16, 'text-anchor': 'middle', text: short(Math.round((edges[q] + edges[q + 1]) / 2)) }));
      }
    }
    for (var t = 0; t <= 5 && !perValue; t++) {
      var xv = log ? Math.pow(10, x0 + (x1 - x0) * t / 5) - 1 : edges[0] + (edges[n] - edges[0]) * t / 5;
      var xx = L + (W - L - R) * t / 5;
      svg.appendChild(s('line', { x1: xx, y1: H - B, x2: xx, y2: H - B + 4, stroke: '#888' }));
      svg.appendChild(s('text', { x: xx, y: H - B + 16, 'text-anchor': 'middle', text: short(c.integral || Math.abs(xv) >= 100 ? Math.round(xv) : +xv.toPrecision(3)) }));
    }
    svg.appendChild(s('text', { x: (L + W - R) / 2, y: H - 4, 'text-anchor': 'middle', text: c.column + (log ? ' (log scale)' : '') }));
    var marks = 0;
    var colors = {};
    var ri = 0;
    c.series.forEach(function (se) { colors[se.name] = se.kind === 'kept' ? C.kept : reasonColor(ri++); });
    for (b = 0; b < n; b++) {
      var base = 0;
      var xa = X(edges[b]), xb = X(edges[b + 1]);
      c.series.forEach(function (se) {
        var v = se.counts[b];
        if (!(v > 0)) return;
        var y1 = Y(base + v), y0 = Y(base);
        svg.appendChild(s('rect', { x: xa + 0.5, y: y1, width: Math.max(0.5, xb - xa - 1), height: Math.max(0.5, y0 - y1), fill: colors[se.name] },
          title(se.name + ': ~' + fmt(v) + ' documents in [' + fmt(edges[b]) + ', ' + fmt(edges[b + 1]) + ')')));
        base += v;
        marks++;
      });
    }
    // Threshold labels in rows, a label going to the first row where it overlaps no other (about 5.6 px a character).
    var rows = [];
    c.thresholds.slice().sort(function (a, b) { return a.value - b.value; }).forEach(function (th) {
      var xx = X(th.value);
      svg.appendChild(s('line', { x1: xx, y1: T - 6, x2: xx, y2: H - B, stroke: C.threshold, 'stroke-width': 1.5, 'stroke-dasharray': '4 3', class: 'threshold' },
        title(th.label)));
      marks++;
      var w = th.label.length * 5.6, end = xx > W - 120;
      var a = end ? xx - 3 - w : xx + 3, z = a + w;
      for (var row = 0; row < 4; row++) {
        var used = rows[row] || (rows[row] = []);
        if (used.every(function (u) { return z < u[0] - 4 || a > u[1] + 4; })) {
          used.push([a, z]);
          svg.appendChild(s('text', { x: Math.min(W - R - 2, Math.max(L + 2, xx + (end ? -3 : 3))), y: T + 2 + 11 * row, fill: C.threshold,
            'text-anchor': end ? 'end' : 'start', text: th.label }));
          return;
        }
      }
    });
    fig.appendChild(svg);
    var items = c.series.map(function (se) { return [se.kind === 'kept' ? 'kept' : 'dropped: ' + se.name, colors[se.name]]; });
    if (c.thresholds.length) items.push(['threshold', C.threshold]);
    fig.appendChild(legend(items));
    if (c.note) fig.appendChild(h('div', { class: 'note', text: c.note }));
    if (c.off_chart.length) {
      fig.appendChild(h('div', { class: 'note', text: 'off the chart: ' + c.off_chart.map(function (o) { return o.label; }).join('; ') }));
    }
    return marks;
  }

  /** Vertical bars: categories with one value each. */
  function vbars(fig, cats, color, xlabel) {
    var W = 460, H = 200, L = 52, R = 10, T = 12, B = 36;
    var ymax = Math.max.apply(null, cats.map(function (c) { return c.value; }).concat([1]));
    var bw = (W - L - R) / Math.max(1, cats.length);
    var svg = s('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img' });
    svg.appendChild(s('line', { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: '#888' }));
    for (var k = 0; k <= 4; k++) {
      var yv = ymax * k / 4, yy = H - B - (H - B - T) * k / 4;
      svg.appendChild(s('line', { x1: L, y1: yy, x2: W - R, y2: yy, stroke: '#eee' }));
      svg.appendChild(s('text', { x: L - 4, y: yy + 4, 'text-anchor': 'end', text: short(Math.round(yv)) }));
    }
    var marks = 0;
    var every = Math.ceil(cats.length / 14);
    cats.forEach(function (c, i) {
      var hgt = (H - B - T) * c.value / ymax;
      if (c.value > 0) {
        svg.appendChild(s('rect', { x: L + i * bw + 1, y: H - B - hgt, width: Math.max(1, bw - 2), height: Math.max(0.5, hgt), fill: color },
          title(c.label + ': ' + fmt(c.value))));
        marks++;
      }
      if (i % every === 0) svg.appendChild(s('text', { x: L + i * bw + bw / 2, y: H - B + 14, 'text-anchor': 'middle', text: c.label }));
    });
    svg.appendChild(s('text', { x: (L + W - R) / 2, y: H - 4, 'text-anchor': 'middle', text: xlabel }));
    fig.appendChild(svg);
    return marks;
  }

  function section(id, heading) {
    var sec = h('section', { id: id }, h('h2', { text: heading }));
    document.getElementById('content').appendChild(sec);
    document.getElementById('toc').appendChild(h('a', { href: '#' + id, text: heading }));
    return sec;
  }

  // ---- sections ----
  function summary() {
    var sm = data.summary;
    var sec = section('summary', 'Summary');
    var cards = [
      ['documents read', fmt(sm.documents_in)],
      ['documents written', fmt(sm.documents_out) + ' (' + pct(sm.documents_out, sm.documents_in) + ')'],
      ['tokens', sm.tokens !== undefined ? fmt(sm.tokens) : 'not tokenized'],
      ['quarantined input', (100 * (sm.quarantine_rate || 0)).toFixed(3) + '%'],
      ['shards written (text bytes)', fmt(sm.shards) + ' · ' + short(sm.bytes_out) + 'B'],
      ['stages', String(data.funnel.stages.length - 1)]
    ];
    sec.appendChild(h('div', { class: 'cards' }, cards.map(function (c) {
      return h('div', { class: 'card' }, h('div', { class: 'v', text: c[1] }), h('div', { class: 'k', text: c[0] }));
    })));
    if (!sm.profile) sec.appendChild(h('p', { class: 'note', text: 'This output has no profile.json (written by runs since the report existed): histograms, composition and samples are missing; run the recipe again to get them.' }));
  }

  function funnel() {
    var sec = section('funnel', 'Funnel');
    sec.appendChild(h('p', { class: 'note', text: 'Documents into each stage: kept, dropped by reason, quarantined. All bars share one scale.' }));
    var st = data.funnel.stages;
    var max = Math.max.apply(null, st.map(function (r) { return r.in; }).concat([1]));
    // One colour per stage that drops (its reasons told apart by hover), not one per reason.
    var dropping = st.filter(function (r) { return Object.keys(r.reasons).length; });
    var rows = st.map(function (r) {
      var segs = [{ name: 'kept', value: r.kept, color: C.kept }];
      var color = reasonColor(dropping.indexOf(r));
      Object.keys(r.reasons).forEach(function (k) { segs.push({ name: 'dropped: ' + k, value: r.reasons[k], color: color }); });
      segs.push({ name: 'quarantined', value: r.quarantined, color: C.quarantined });
      return { label: r.stage, segments: segs, right: fmt(r.in) + ' in → ' + fmt(r.kept) + ' kept (' + pct(r.kept, r.in) + ')' };
    });
    chart(sec, 'funnel-documents', 'Documents through each stage', 'hover a bar for its drop reason', function (fig) {
      var m = hbars(fig, rows, { max: max });
      fig.appendChild(legend([['kept', C.kept]].concat(dropping.map(function (r, i) {
        var rs = Object.keys(r.reasons).map(function (k) { return k.indexOf(r.stage + '.') === 0 ? k.substring(r.stage.length + 1) : k; });
        return ['dropped by ' + r.stage + ' (' + (rs.length > 3 ? rs.slice(0, 3).join(', ') + ', … ' + rs.length + ' reasons' : rs.join(', ')) + ')', reasonColor(i)];
      })).concat([['quarantined', C.quarantined]])));
      return m;
    });
    var tb = h('table', { class: 'plain' }, h('tr', null, ['stage', 'in', 'kept', 'dropped', 'quarantined', 'dropped by reason', 'counters'].map(function (t) { return h('th', { text: t }); })));
    st.forEach(function (r) {
      tb.appendChild(h('tr', null, h('td', { text: r.stage }), h('td', { class: 'num', text: fmt(r.in) }), h('td', { class: 'num', text: fmt(r.kept) }),
        h('td', { class: 'num', text: fmt(r.dropped) }), h('td', { class: 'num', text: fmt(r.quarantined) }),
        h('td', { text: Object.keys(r.reasons).map(function (k) { return k + ' ' + fmt(r.reasons[k]); }).join(', ') }),
        h('td', { text: Object.keys(r.counters).map(function (k) { return k + ' ' + fmt(r.counters[k]); }).join(', ') })));
    });
    sec.appendChild(h('details', null, h('summary', { text: 'the same as a table, with counters' }), tb));
    if (data.funnel.tokens.length) {
      chart(sec, 'funnel-tokens', 'Tokens counted by stage', 'each stage\'s "tokens" counter', function (fig) {
        return hbars(fig, data.funnel.tokens.map(function (t) {
          return { label: t.stage, segments: [{ name: 'tokens', value: t.tokens, color: C.tokens }], right: fmt(t.tokens) + ' tokens' };
        }));
      });
    }
  }

  function time() {
    var t = JSON.parse(document.getElementById('kiln-timing').textContent);
    if (!t) return;
    var sec = section('time', 'Where the time went');
    sec.appendChild(h('p', { class: 'note', text: 'Wall-clock seconds per stage, ' + t.wall_s.toFixed(1) + ' s in all' + (t.cpu_s != null ? ' (' + t.cpu_s.toFixed(1) + ' s of CPU)' : '')
      + (t.steps_resumed ? '; ' + t.steps_resumed + ' of ' + t.steps + ' steps were committed before this run, so their time is not here' : '')
      + '. Per-document stages run together inside the steps of reading and of each global stage; their wall time is their share of those steps by CPU time. From timing.json, the one file that depends on the clock.' }));
    var names = Object.keys(t.stages);
    chart(sec, 'time-wall', 'Wall seconds by stage', null, function (fig) {
      return hbars(fig, names.map(function (n) {
        var s = t.stages[n];
        return { label: n, segments: [{ name: 'wall s', value: s.wall_s || 0, color: C.kept }],
          right: (s.wall_s || 0).toFixed(1) + ' s' + (s.mb_per_s != null ? ' · ' + s.mb_per_s.toFixed(1) + ' MB/s' : '') };
      }));
    });
    var tb = h('table', { class: 'plain' }, h('tr', null, ['stage', 'wall s', 'CPU s', 'MB in', 'MB/s'].map(function (x) { return h('th', { text: x }); })));
    names.forEach(function (n) {
      var s = t.stages[n];
      function num(v, d) { return v == null ? '-' : v.toFixed(d); }
      tb.appendChild(h('tr', null, h('td', { text: n }), h('td', { class: 'num', text: num(s.wall_s, 1) }), h('td', { class: 'num', text: num(s.cpu_s, 1) }),
        h('td', { class: 'num', text: num(s.mb_in, 1) }), h('td', { class: 'num', text: num(s.mb_per_s, 1) })));
    });
    sec.appendChild(h('details', null, h('summary', { text: 'the same as a table' }), tb));
  }

  function composition() {
    if (!data.composition.length) return;
    var sec = section('composition', 'Composition');
    sec.appendChild(h('p', { class: 'note', text: 'Documents, characters and tokens by metadata value, as read (before the first stage) and as written (after ' + data.composition[0].after_stage + ').' }));
    var metric = 'documents';
    var figs = [];
    var sw = h('div', { class: 'btns', 'data-control': 'metric' });
    var hasTokens = data.composition.some(function (k) { return k.values.some(function (v) { return v.before.tokens > 0 || v.after.tokens > 0; }); });
    (hasTokens ? ['documents', 'chars', 'tokens'] : ['documents', 'chars']).forEach(function (m) {
      sw.appendChild(h('button', { class: m === metric ? 'on' : '', 'data-metric': m, text: m, onclick: function () {
        metric = m;
        Array.prototype.forEach.call(sw.children, function (b) { b.className = b.getAttribute('data-metric') === m ? 'on' : ''; });
        figs.forEach(function (f) {
          f.querySelector('figcaption').firstChild.textContent = metric + ' by ' + f.getAttribute('data-key');
          paint(f);
        });
      } }));
    });
    sec.appendChild(h('div', null, 'show ', sw));
    data.composition.forEach(function (k) {
      var fig = chart(sec, 'composition-' + k.key, metric + ' by ' + k.key, null, function (fig) {
        var rows = [];
        k.values.forEach(function (v) {
          var b = v.before[metric] || 0, a = v.after[metric] || 0;
          rows.push({ label: v.value + ' · before', segments: [{ name: 'before', value: b, color: C.before }], right: fmt(b) });
          rows.push({ label: v.value + ' · after', segments: [{ name: 'after', value: a, color: C.after }], right: fmt(a) + (b ? ' (' + pct(a, b) + ')' : '') });
        });
        var m = hbars(fig, rows, { labelW: 230, rightW: 200, rowH: 16, gap: 3 });
        fig.appendChild(legend([['as read', C.before], ['as written', C.after]]));
        return m;
      });
      fig.setAttribute('data-key', k.key);
      figs.push(fig);
    });
  }

  function stages() {
    var sec = section('stages', 'Stages: measured values and thresholds');
    var lim = data.summary.limits;
    sec.appendChild(h('p', { class: 'note', text: 'Histograms of what each stage measured, on a sample of documents chosen by a hash of their id (' +
      (lim ? lim.kept_rows + ' kept and ' + lim.dropped_rows + ' dropped per stage' : 'per stage') +
      '), scaled to the stage\'s counts. Red lines are the recipe\'s thresholds: a parameter min_X or max_X is drawn on measure X.' }));
    var figs = [];
    var sw = h('div', { class: 'btns', 'data-control': 'ylog' });
    [['linear', false], ['log', true]].forEach(function (o) {
      sw.appendChild(h('button', { class: o[1] === yLog ? 'on' : '', 'data-ylog': String(o[1]), text: o[0], onclick: function () {
        yLog = o[1];
        Array.prototype.forEach.call(sw.children, function (b) { b.className = b.getAttribute('data-ylog') === String(yLog) ? 'on' : ''; });
        figs.forEach(paint);
      } }));
    });
    sec.appendChild(h('div', null, 'document counts ', sw));
    data.stages.forEach(function (st) {
      var box = h('div', { class: 'stage', id: 'stage-' + st.stage });
      sec.appendChild(box);
      box.appendChild(h('h3', null, st.stage, h('span', { class: 'kind', text: (st.kind || '') + (st.type && st.type !== st.stage ? ' · ' + st.type : '') })));
      box.appendChild(h('div', { class: 'note', text: fmt(st.in) + ' in, ' + fmt(st.kept) + ' kept, ' + fmt(st.dropped) + ' dropped, ' + fmt(st.quarantined) + ' quarantined' +
        (st.sampled_kept !== undefined ? ' · sampled ' + fmt(st.sampled_kept) + ' kept, ' + fmt(st.sampled_dropped) + ' dropped' : '') }));
      var keys = Object.keys(st.params || {});
      if (keys.length) {
        var tb = h('table', { class: 'params' });
        keys.forEach(function (k) {
          var v = JSON.stringify(st.params[k]);
          tb.appendChild(h('tr', null, h('td', { text: k }), h('td', { text: v.length > 140 ? v.slice(0, 137) + '…' : v, title: v.length > 140 ? v : null })));
        });
        box.appendChild(tb);
      }
      var charts = st.charts.filter(function (c) { return !c.repeated; });
      if (!charts.length) { box.appendChild(h('div', { class: 'empty', text: 'no measured values' })); return; }
      var grid = h('div', { class: 'grid' });
      box.appendChild(grid);
      charts.forEach(function (c) {
        var sub = '~' + fmt(c.series.reduce(function (a, se) { return a + se.counts.reduce(function (x, y) { return x + y; }, 0); }, 0)) +
          ' documents (from ' + fmt(c.sampled) + ' sampled) · range ' + fmt(c.min) + ' to ' + fmt(c.max);
        figs.push(chart(grid, c.id, c.column, sub, function (fig) { return histogram(fig, c); }));
      });
    });
  }

  function dedup() {
    if (!data.dedup.length) return;
    var sec = section('dedup', 'Dedup clusters');
    sec.appendChild(h('p', { class: 'note', text: 'Clusters of duplicates from the drop log (each dropped document names its kept twin): how many clusters have each size (kept document included).' }));
    var grid = h('div', { class: 'grid' });
    sec.appendChild(grid);
    data.dedup.forEach(function (d) {
      var cats = bucket(d.sizes);
      chart(grid, 'dedup-' + d.stage, d.stage + ': cluster sizes',
        fmt(d.clusters) + ' clusters' + (d.exact ? '' : ' (estimated from ' + fmt(d.sampled_clusters) + ' sampled)') + ', ' + fmt(d.dropped) + ' documents dropped, largest sampled cluster ' + fmt(d.largest_sampled),
        function (fig) { return vbars(fig, cats, C.kept, 'cluster size (documents)'); });
    });
  }

  /** Cluster sizes as categories; sparse large sizes grouped into ranges. */
  function bucket(sizes) {
    if (sizes.length <= 16) return sizes.map(function (x) { return { label: String(x.size), value: x.clusters }; });
    var ranges = [[2, 2], [3, 3], [4, 4], [5, 5], [6, 10], [11, 20], [21, 50], [51, 100], [101, 1000], [1001, Infinity]];
    return ranges.map(function (r) {
      var v = sizes.filter(function (x) { return x.size >= r[0] && x.size <= r[1]; }).reduce(function (a, x) { return a + x.clusters; }, 0);
      return { label: r[0] === r[1] ? String(r[0]) : r[1] === Infinity ? '>' + (r[0] - 1) : r[0] + '–' + r[1], value: v };
    });
  }

  function mix() {
    if (!data.mix.length) return;
    var sec = section('mix', 'Mixing: target against achieved');
    data.mix.forEach(function (m, i) {
      var rows = [];
      m.groups.forEach(function (g) {
        rows.push({ label: g.group + ' · target', segments: [{ name: 'target share', value: g.target_share, color: C.target }], right: (100 * g.target_share).toFixed(1) + '% · ' + short(g.target_tokens) + ' tokens' });
        rows.push({ label: g.group + ' · achieved', segments: [{ name: 'achieved share', value: g.achieved_share, color: C.achieved }],
          right: (100 * g.achieved_share).toFixed(1) + '% · ' + short(g.achieved_tokens) + ' tokens · ' + fmt(g.epochs) + ' epochs' });
      });
      chart(sec, 'mix-' + i, m.stage + (m.name ? ' (' + m.name + ')' : '') + ': shares of tokens by ' + m.key,
        'target ' + fmt(m.target_tokens) + ' tokens, achieved ' + fmt(m.achieved_tokens), function (fig) {
          var n = hbars(fig, rows, { max: 1, labelW: 200, rightW: 260, rowH: 16, gap: 3 });
          fig.appendChild(legend([['target', C.target], ['achieved', C.achieved]]));
          return n;
        });
      var tb = h('table', { class: 'plain' }, h('tr', null, ['value', 'target share', 'achieved share', 'target tokens', 'achieved tokens', 'available tokens', 'epochs'].map(function (t) { return h('th', { text: t }); })));
      m.groups.forEach(function (g) {
        tb.appendChild(h('tr', null, h('td', { text: g.group }), h('td', { class: 'num', text: (100 * g.target_share).toFixed(2) + '%' }),
          h('td', { class: 'num', text: (100 * g.achieved_share).toFixed(2) + '%' }), h('td', { class: 'num', text: fmt(g.target_tokens) }),
          h('td', { class: 'num', text: fmt(g.achieved_tokens) }), h('td', { class: 'num', text: fmt(g.available_tokens) }), h('td', { class: 'num', text: fmt(g.epochs) })));
      });
      sec.appendChild(tb);
    });
  }

  function pack() {
    if (!data.pack.length) return;
    var sec = section('pack', 'Packing');
    data.pack.forEach(function (p, i) {
      sec.appendChild(h('p', { class: 'note', text: p.dir + '/: ' + p.mode + ' packing into ' + fmt(p.seq_len) + '-token sequences (' + p.dtype + ')' + (p.tokenizer ? ', tokenizer ' + p.tokenizer : '') }));
      chart(sec, 'pack-' + i, 'Packing efficiency: tokens against padding', 'share of sequence capacity holding document tokens', function (fig) {
        var n = hbars(fig, p.datasets.map(function (d) {
          return { label: d.name, segments: [{ name: 'tokens', value: d.tokens, color: C.kept }, { name: 'padding', value: d.padding_tokens, color: C.padding }],
            right: (100 * d.efficiency).toFixed(2) + '% full · ' + fmt(d.sequences) + ' seqs' };
        }), { labelW: 200, rightW: 220 });
        fig.appendChild(legend([['document tokens', C.kept], ['padding', C.padding]]));
        return n;
      });
      var tb = h('table', { class: 'plain' }, h('tr', null, ['dataset', 'documents', 'sequences', 'tokens', 'padding', 'efficiency', 'truncated documents', 'dropped tokens', 'concat reference'].map(function (t) { return h('th', { text: t }); })));
      p.datasets.forEach(function (d) {
        var ref = d.concat_reference;
        tb.appendChild(h('tr', null, h('td', { text: d.name }), h('td', { class: 'num', text: fmt(d.documents) }), h('td', { class: 'num', text: fmt(d.sequences) }),
          h('td', { class: 'num', text: fmt(d.tokens) }), h('td', { class: 'num', text: fmt(d.padding_tokens) }), h('td', { class: 'num', text: (100 * d.efficiency).toFixed(2) + '%' }),
          h('td', { class: 'num', text: fmt(d.truncated_documents) + ' (' + (100 * (d.truncation_rate || 0)).toFixed(2) + '%)' }), h('td', { class: 'num', text: fmt(d.dropped_tokens) }),
          h('td', { text: ref ? 'padding ' + (100 * ref.padding_rate).toFixed(2) + '%, truncation ' + (100 * ref.truncation_rate).toFixed(2) + '%' : '' })));
      });
      sec.appendChild(tb);
    });
  }

  function viewer() {
    var sec = section('samples', 'Sample viewer');
    var all = data.samples;
    if (!all.length) { sec.appendChild(h('p', { class: 'empty', text: 'no sampled documents (profile.json missing or empty)' })); return; }
    sec.appendChild(h('p', { class: 'note', text: 'Documents each stage kept or dropped (a few per stage and drop reason, chosen by a hash of their id, so the same documents reappear at every stage they pass). Click a document to expand it.' }));
    var state = { stage: '', outcome: '', reason: '', q: '' };
    var stagesList = [];
    all.forEach(function (x) { if (stagesList.indexOf(x.stage) < 0) stagesList.push(x.stage); });
    var v = h('div', { class: 'viewer' });
    sec.appendChild(v);
    var stageSel = h('select', { 'data-control': 'stage' }, h('option', { value: '', text: 'all stages' }), stagesList.map(function (st) { return h('option', { value: st, text: st }); }));
    var reasonSel = h('select', { 'data-control': 'reason' });
    var outcome = h('div', { class: 'btns', 'data-control': 'outcome' });
    [['', 'all'], ['kept', 'kept'], ['dropped', 'dropped']].forEach(function (o) {
      outcome.appendChild(h('button', { 'data-outcome': o[0], class: o[0] === '' ? 'on' : '', text: o[1], onclick: function () { set({ outcome: o[0] }); } }));
    });
    var search = h('input', { type: 'search', placeholder: 'search id or text', 'data-control': 'search' });
    var count = h('span', { class: 'count' });
    var list = h('div', { class: 'list' });
    v.appendChild(h('div', { class: 'controls' }, stageSel, outcome, reasonSel, search, count));
    v.appendChild(list);
    stageSel.addEventListener('change', function () { set({ stage: stageSel.value, reason: '' }); });
    reasonSel.addEventListener('change', function () { set({ reason: reasonSel.value }); });
    search.addEventListener('input', function () { set({ q: search.value }); });

    function set(change) {
      Object.keys(change).forEach(function (k) { state[k] = change[k]; });
      render();
    }
    function render() {
      stageSel.value = state.stage;
      Array.prototype.forEach.call(outcome.children, function (b) { b.className = b.getAttribute('data-outcome') === state.outcome ? 'on' : ''; });
      var reasons = [];
      all.forEach(function (x) { if (x.reason && (!state.stage || x.stage === state.stage) && reasons.indexOf(x.reason) < 0) reasons.push(x.reason); });
      reasonSel.textContent = '';
      reasonSel.appendChild(h('option', { value: '', text: 'all reasons' }));
      reasons.forEach(function (r) { reasonSel.appendChild(h('option', { value: r, text: r })); });
      reasonSel.value = state.reason;
      var q = state.q.toLowerCase();
      var shown = all.filter(function (x) {
        return (!state.stage || x.stage === state.stage) && (!state.outcome || x.outcome === state.outcome) && (!state.reason || x.reason === state.reason) &&
          (!q || String(x.id).toLowerCase().indexOf(q) >= 0 || String(x.text || '').toLowerCase().indexOf(q) >= 0);
      });
      list.textContent = '';
      shown.forEach(function (x) { list.appendChild(row(x)); });
      count.textContent = shown.length + ' of ' + all.length + ' documents';
      v.setAttribute('data-shown', String(shown.length));
    }
    function row(x) {
      var meta = x.meta || {};
      var el = h('div', { class: 'sample', 'data-stage': x.stage, 'data-outcome': x.outcome, 'data-reason': x.reason || '' },
        h('div', { class: 'head' },
          h('span', { class: 'tag ' + x.outcome, text: x.outcome === 'kept' ? 'kept' : 'dropped: ' + x.reason }),
          h('b', { text: x.stage }),
          h('span', { class: 'id', text: x.id }),
          x.chars !== null && x.chars !== undefined ? h('span', { class: 'id', text: fmt(x.chars) + ' chars' }) : null,
          h('span', { class: 'chips' }, Object.keys(meta).map(function (k) { return h('span', { class: 'chip', text: k + '=' + (typeof meta[k] === 'number' ? fmt(meta[k]) : meta[k]) }); }))),
        h('div', { class: 'text', text: x.text === null || x.text === undefined ? '(text not kept for this stage\'s drops)' : x.text }),
        h('div', { class: 'more', text: (x.detail ? 'detail: ' + x.detail + ' · ' : '') + (x.text && x.chars > x.text.length ? 'excerpt: first ' + fmt(x.text.length) + ' of ' + fmt(x.chars) + ' characters' : 'whole text') }));
      el.addEventListener('click', function () { el.classList.toggle('open'); });
      return el;
    }
    // #samples?stage=S&outcome=dropped&reason=R&q=TEXT selects a view (on load and when the hash changes).
    function fromHash() {
      var m = /^#samples\?(.*)$/.exec(location.hash);
      if (!m) return false;
      state = { stage: '', outcome: '', reason: '', q: '' };
      m[1].split('&').forEach(function (kv) { var p = kv.split('='); if (p[0] in state) state[p[0]] = decodeURIComponent(p[1] || ''); });
      search.value = state.q;
      return true;
    }
    fromHash();
    window.addEventListener('hashchange', function () { if (fromHash()) { render(); sec.scrollIntoView(); } });
    render();
  }

  function sequences() {
    var seqs = [];
    data.pack.forEach(function (p) { p.sequences.forEach(function (q) { seqs.push([p, q]); }); });
    if (!seqs.length) return;
    var sec = section('sequences', 'Packed sequences');
    sec.appendChild(h('p', { class: 'note', text: 'The first sequences of the packed data, piece by piece under their lineage (document id, token range [from, to), copy when a mix repeated the document)' +
      (data.pack.some(function (p) { return p.decoded; }) ? ', decoded with the tokenizer recorded in pack.json.' : '; token ids (the tokenizer in pack.json was not readable).') }));
    var colors = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#e15759', '#76b7b2', '#edc948', '#9c755f'];
    seqs.forEach(function (pq) {
      var p = pq[0], q = pq[1];
      var box = h('div', { class: 'seq', 'data-seq': q.seq });
      box.appendChild(h('div', { class: 'head', text: p.dir + '/' + q.shard + ' · sequence ' + q.seq + ' · ' + fmt(q.length) + ' tokens · ' + fmt(q.segments.length) + ' pieces · ' + fmt(q.pad) + ' padding' + (q.stage ? ' · stage ' + q.stage : '') }));
      var bar = h('div', { class: 'bar' });
      q.segments.forEach(function (g, i) {
        bar.appendChild(h('span', { style: 'width:' + (100 * (g.to - g.from) / q.length) + '%;background:' + colors[i % colors.length], title: g.id + ' [' + g.from + ', ' + g.to + ')' }));
      });
      if (q.pad > 0) bar.appendChild(h('span', { style: 'width:' + (100 * q.pad / q.length) + '%;background:' + C.padding, title: 'padding' }));
      box.appendChild(bar);
      q.segments.forEach(function (g, i) {
        var body = g.text !== undefined ? g.text : (g.ids || []).join(' ');
        box.appendChild(h('div', { class: 'seg', style: 'border-left-color:' + colors[i % colors.length] },
          h('div', { class: 'lin', text: g.id + ' tokens [' + g.from + ', ' + g.to + ')' + (g.copy ? ' copy ' + g.copy : '') + (g.shown_tokens < g.to - g.from ? ' (first ' + g.shown_tokens + ' shown)' : '') }),
          h('div', { class: 'body', text: body })));
      });
      sec.appendChild(box);
    });
  }

  function quarantine() {
    var q = data.quarantine;
    if (!q.count) return;
    var sec = section('quarantine', 'Quarantine');
    sec.appendChild(h('p', { class: 'note', text: fmt(q.count) + ' records set aside (unreadable input, or a stage threw); quarantine/ holds them all.' }));
    var tb = h('table', { class: 'plain' }, h('tr', null, h('th', { text: 'stage: error' }), h('th', { class: 'num', text: 'records' })));
    Object.keys(q.by_error).forEach(function (k) { tb.appendChild(h('tr', null, h('td', { text: k }), h('td', { class: 'num', text: fmt(q.by_error[k]) }))); });
    sec.appendChild(tb);
    var tb2 = h('table', { class: 'plain' }, h('tr', null, ['stage', 'where', 'error', 'excerpt'].map(function (t) { return h('th', { text: t }); })));
    q.samples.forEach(function (x) {
      tb2.appendChild(h('tr', null, h('td', { text: x.stage }), h('td', { text: x.file ? x.file + ':' + x.line : x.id || '' }), h('td', { text: x.error }), h('td', { text: (x.excerpt || '').slice(0, 160) })));
    });
    sec.appendChild(tb2);
  }

  var parts = [summary, funnel, time, composition, stages, dedup, mix, pack, viewer, sequences, quarantine];
  parts.forEach(function (f) {
    try { f(); } catch (e) {
      chartErrors++;
      document.getElementById('content').appendChild(h('pre', { class: 'error', text: f.name + ' failed: ' + (e && e.stack || e) }));
    }
  });
  document.body.setAttribute('data-charts', String(chartCount));
  document.body.setAttribute('data-chart-errors', String(chartErrors));
  document.body.setAttribute('data-ready', '1');
  if (location.hash) { var t = document.getElementById(location.hash.slice(1).split('?')[0]); if (t) t.scrollIntoView(); }
})();
