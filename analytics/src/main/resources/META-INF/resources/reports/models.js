// Models under stress: per (model, benchmark) and group of comparable complete runs, each run's numbers averaged
// over the runs; the paper's table (Single, Stress, drop, levels), then per benchmark one chart with every model's
// stress curve and its interval as a band.
(function () {
  const R = window.Report;
  const s = R.data.summary;
  const cell = (row, level) => row.levels.find(c => c.level === level);
  const v = (e) => e ? R.fmt(e.value) : '–';
  // a row's name on the charts: model, and which settings when the model has older ones too
  const label = (row) => row.modelId + (row.current ? '' : ' (older settings, ' + row.runIds[0] + ')');
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
  // One chart per benchmark: every model's stress curve (accuracy by level, the mean over its comparable runs)
  // with its clustered 95 % interval as a band of the same colour.
  const palette = ['#5470c6', '#ee6666', '#3ba272', '#fc8452', '#9a60b4', '#73c0de', '#fac858', '#ea7ccc', '#91cc75'];
  const benchmarks = [...new Set(s.rows.map(r => r.benchmark))].sort();
  benchmarks.forEach(benchmark => {
    const rows = s.rows.filter(r => r.benchmark === benchmark);
    const levels = s.levels.filter(l => rows.some(r => cell(r, l)));
    R.heading(`Stress curves: ${benchmark}`);
    R.chart('models-chart-' + benchmark.replace(/[^a-z0-9]+/gi, '-').toLowerCase(), {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, data: rows.map(label) },
      grid: { containLabel: true, bottom: 50 },
      xAxis: { type: 'category', name: 's', data: levels.map(String) },
      yAxis: { type: 'value', name: 'accuracy %', min: 0, max: 100 },
      series: rows.flatMap((row, i) => {
        const color = palette[i % palette.length];
        const cells = levels.map(l => cell(row, l));
        return [
          { name: label(row), type: 'line', color: color, connectNulls: true,
            data: cells.map(c => c ? c.accuracy : null) },
          ...R.band(label(row) + ' 95% CI', color, cells.map(c => c ? c.ciLow : null),
            cells.map(c => c ? c.ciHigh : null)),
        ];
      }),
    });
    R.para(`${rows.length} model rows; bands: clustered 95 % intervals of the mean over each row's runs (docs/metrics.md)`);
  });
  R.done();
})();
