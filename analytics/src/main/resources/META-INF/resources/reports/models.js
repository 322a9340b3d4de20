// Models under stress: accuracy pooled over runs per (model, benchmark, level), the paper's table and one curve a row.
(function () {
  const R = window.Report;
  const s = R.data.summary;
  const cell = (row, level) => row.levels.find(c => c.level === level);
  R.table('models-table', ['model · benchmark', 'runs', ...s.levels.map(l => 's = ' + l)], s.rows.map(row => [
    row.modelId + ' · ' + row.benchmark, String(row.runs),
    ...s.levels.map(l => { const c = cell(row, l); return c ? R.fmt(c.accuracy) : '–'; })]));
  if (s.rows.length > 0) {
    R.chart('models-chart', {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      xAxis: { type: 'category', name: 's', data: s.levels.map(String) },
      yAxis: { type: 'value', name: 'accuracy %', min: 0, max: 100 },
      series: s.rows.map(row => ({
        name: row.modelId + ' · ' + row.benchmark, type: 'line', connectNulls: true,
        data: s.levels.map(l => { const c = cell(row, l); return c ? c.accuracy : null; }),
      })),
    });
  }
  R.done();
})();
