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

  /**
   * An interval drawn as a band: an invisible base series at the lower bounds and the interval's width stacked on
   * it, filled. Two series; the band's data in data-values is therefore [lows] then [widths].
   */
  function band(name, color, lows, highs) {
    const stack = 'band-' + name;
    return [
      { name: name + ' (base)', type: 'line', stack: stack, symbol: 'none', lineStyle: { opacity: 0 }, color: color,
        tooltip: { show: false }, data: lows.map(v => (v === null || v === undefined) ? null : v) },
      { name: name, type: 'line', stack: stack, symbol: 'none', lineStyle: { opacity: 0 }, color: color,
        areaStyle: { color: color, opacity: 0.18 }, tooltip: { show: false },
        data: lows.map((lo, i) => (lo === null || lo === undefined || highs[i] === null || highs[i] === undefined)
          ? null : Math.round((highs[i] - lo) * 100) / 100) },
    ];
  }

  /** Thousands separators, so axis labels read "10,000"; the axes also keep their labels inside (containLabel). */
  function thousands(v) { return Number(v).toLocaleString('en-US'); }

  /**
   * Draws an SVG chart and stores what ECharts holds afterwards: the series data in data-values, the series names
   * in data-series, and every text the chart drew with its box relative to the chart ([text, left, right, top,
   * bottom] in px) in data-texts, so a test can tell a label that is cut off.
   */
  function chart(id, option, cls) {
    const div = el('div', { id: id, class: 'chart' + (cls ? ' ' + cls : '') });
    content.appendChild(div);
    if (typeof echarts === 'undefined') {
      document.body.dataset.chartsError = 'echarts did not load';
      return null;
    }
    const c = echarts.init(div, null, { renderer: 'svg' });
    // Every label stays whole and inside the chart: value labels inside the grid's box (containLabel), the x axis's
    // name centred under its labels (at the axis's end it was cut at the chart's edge), room below for it and the
    // legend.
    if (option.xAxis && option.xAxis.name && !option.xAxis.nameLocation) {
      option.xAxis = Object.assign({ nameLocation: 'middle', nameGap: 28 }, option.xAxis);
    }
    // the y axis's name starts at the axis instead of centring on it (a long name stuck out of the left edge)
    if (option.yAxis && option.yAxis.name && !option.yAxis.nameTextStyle) {
      option.yAxis = Object.assign({ nameTextStyle: { align: 'left' } }, option.yAxis);
    }
    option.grid = Object.assign({ containLabel: true, left: 10, right: 30, bottom: 60 }, option.grid || {});
    c.setOption(Object.assign({ animation: false }, option));
    c.getZr().flush();
    const series = c.getOption().series;
    const held = series.map(s => s.data.map(d => (d && d.value !== undefined) ? d.value : d));
    div.dataset.values = JSON.stringify(held);
    div.dataset.series = JSON.stringify(series.map(s => s.name));
    // reference lines and areas (e.g. the Stress score and its interval): [[series, kind, [values]]]
    const marks = [];
    series.forEach(s => ['markLine', 'markArea'].forEach(kind => {
      if (s[kind] && s[kind].data) {
        s[kind].data.forEach(d => marks.push([s.name, kind,
          [].concat(d).map(p => p.yAxis !== undefined ? p.yAxis : (p.coord ? p.coord[1] : null))]));
      }
    }));
    div.dataset.marks = JSON.stringify(marks);
    const box = div.getBoundingClientRect();
    div.dataset.width = String(Math.round(box.width));
    div.dataset.texts = JSON.stringify(Array.from(div.querySelectorAll('svg text')).map(t => {
      const r = t.getBoundingClientRect();
      return [t.textContent, Math.round(r.left - box.left), Math.round(r.right - box.left),
        Math.round(r.top - box.top), Math.round(r.bottom - box.top)];
    }));
    div.dataset.rendered = div.querySelector('svg') ? 'true' : 'false';
    rendered++;
    return c;
  }

  function done() { document.body.dataset.chartsRendered = String(rendered); }

  return { data, fmt, el, heading, para, table, chart, band, thousands, done };
})();
