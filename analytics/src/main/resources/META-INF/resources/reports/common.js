// Shared helpers of the report pages: formatting, DOM building (textContent only) and chart rendering that records
// what ECharts actually holds after setOption in data attributes (data-rendered, data-values), so a test can check it.
window.Report = (function () {
  const content = document.getElementById('content');
  const data = JSON.parse(document.getElementById('report-data').textContent);
  let rendered = 0;

  function fmt(v, digits) {
    if (v === null || v === undefined) return '–';
    return Number(v).toFixed(digits === undefined ? 2 : digits);
  }

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function heading(text) { content.appendChild(el('h2', {}, text)); }
  function para(text, cls) { content.appendChild(el('p', { class: cls || 'meta' }, text)); }

  /** rows: arrays of cell texts; the first column is a row header. */
  function table(id, header, rows) {
    const t = el('table', { id: id });
    const head = el('tr');
    header.forEach(h => head.appendChild(el('th', {}, h)));
    t.appendChild(head);
    rows.forEach(r => {
      const tr = el('tr');
      r.forEach((c, i) => {
        const text = c && c.text !== undefined ? c.text : c;
        const cell = el(i === 0 ? 'th' : 'td', {}, c && c.href ? undefined : text);
        if (c && c.href) cell.appendChild(el('a', { href: c.href }, text)); // e.g. to the filtered prompt list
        if (c && c.cls) cell.setAttribute('class', c.cls);
        tr.appendChild(cell);
      });
      t.appendChild(tr);
    });
    content.appendChild(t);
    return t;
  }

  /** Draws an SVG chart and stores the series data ECharts holds afterwards in data-values. */
  function chart(id, option, cls) {
    const div = el('div', { id: id, class: 'chart' + (cls ? ' ' + cls : '') });
    content.appendChild(div);
    if (typeof echarts === 'undefined') {
      document.body.dataset.chartsError = 'echarts did not load';
      return null;
    }
    const c = echarts.init(div, null, { renderer: 'svg' });
    c.setOption(Object.assign({ animation: false }, option));
    const held = c.getOption().series.map(s => s.data.map(d => (d && d.value !== undefined) ? d.value : d));
    div.dataset.values = JSON.stringify(held);
    div.dataset.rendered = div.querySelector('svg') ? 'true' : 'false';
    rendered++;
    return c;
  }

  function done() { document.body.dataset.chartsRendered = String(rendered); }

  return { data, fmt, el, heading, para, table, chart, done };
})();
