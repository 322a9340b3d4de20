// Models under stress: per (model, benchmark) and group of comparable complete runs, each run's numbers averaged
// over the runs; the paper's table (Single, Stress, drop, levels) and one curve a row.
(function () {
  const R = window.Report;
  const s = R.data.summary;
  const cell = (row, level) => row.levels.find(c => c.level === level);
  const v = (e) => e ? R.fmt(e.value) : '–';
  const ci = (e) => e && e.ciLow !== null ? `[${R.fmt(e.ciLow, 1)}, ${R.fmt(e.ciHigh, 1)}]` : '–';
  R.table('models-table', ['model · benchmark', 'runs', 'Single %', 'Stress %', '95% CI', 'Single − Stress', 'Stress sd',
    ...s.levels.map(l => 's = ' + l)], s.rows.map(row => [
    row.modelId + ' · ' + row.benchmark + (row.current ? '' : ' (older settings)'), String(row.runs),
    v(row.single), v(row.stress), ci(row.stress), v(row.drop), R.fmt(row.spread.stressSd),
    ...s.levels.map(l => { const c = cell(row, l); return c ? R.fmt(c.accuracy) : '–'; })]));
  if (s.meanOverBenchmarks.length > 0) {
    R.table('benchmark-mean-table', ['model', 'benchmarks', 'Single %', 'Stress %', 'Single − Stress'],
      s.meanOverBenchmarks.map(m => [m.modelId, m.benchmarks.join(', '), R.fmt(m.single), R.fmt(m.stress), R.fmt(m.drop)]));
  }
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
