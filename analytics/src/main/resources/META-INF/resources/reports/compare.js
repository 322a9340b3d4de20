// Paired comparison page: REST's headline numbers of both runs with the paired clustered difference, whether the runs
// are comparable, then accuracy per level on the matched units (McNemar's exact p and a bootstrap, units independent).
(function () {
  const R = window.Report;
  const c = R.data.comparison;
  const res = c.result;
  R.para(`base ${c.base} (${R.data.base.modelId}) · candidate ${c.candidate} (${R.data.candidate.modelId}) · ` +
    `matched by ${res.matching.toLowerCase()}: ${res.overall.units} units, ${res.onlyInBase} only in base, ` +
    `${res.onlyInCandidate} only in candidate · bootstrap ${res.resamples} resamples, seed ${res.seed}`);
  R.heading('REST headline, paired by question (two-way clustered)');
  if (!c.comparable) R.para('not comparable: ' + c.reason, 'warning');
  const names = { single: 'Single (s = 1) %', stress: 'Stress %', drop: 'Single − Stress (pt)' };
  R.table('headline-table', ['', 'questions', 'base', 'candidate', 'difference (pt)', '95% CI (pt)', 'p'],
    Object.entries(c.headline).map(([k, d]) => [names[k] || k, String(d.questions), R.fmt(d.base),
      R.fmt(d.candidate), R.fmt(d.difference), `[${R.fmt(d.ciLow)}, ${R.fmt(d.ciHigh)}]`, R.fmt(d.pValue, 4)]));
  R.heading('Per level, matched units (units treated as independent)');
  const rows = [res.overall, ...res.levels];
  R.table('compare-table', ['', 'units', 'base %', 'candidate %', 'difference (pt)', '95% CI (pt)',
    'candidate better', 'base better', 'McNemar p', 'verdict'], rows.map(s => [
    s.level === null ? 'all levels' : 's = ' + s.level, String(s.units), R.fmt(s.baseAccuracy),
    R.fmt(s.candidateAccuracy), R.fmt(s.difference), `[${R.fmt(s.ciLow)}, ${R.fmt(s.ciHigh)}]`,
    String(s.candidateBetter), String(s.baseBetter), R.fmt(s.pValue, 4),
    { text: s.verdict, cls: 'verdict-' + s.verdict.split(' ')[0] }]));
  R.chart('compare-chart', {
    title: { text: 'Accuracy on the matched units', left: 'center' },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    xAxis: { type: 'category', name: 's', data: res.levels.map(s => String(s.level)) },
    yAxis: { type: 'value', name: 'accuracy %', min: 0, max: 100 },
    series: [
      { name: 'base', type: 'bar', data: res.levels.map(s => s.baseAccuracy), label: { show: true, position: 'top' } },
      { name: 'candidate', type: 'bar', data: res.levels.map(s => s.candidateAccuracy), label: { show: true, position: 'top' } },
    ],
  });
  R.done();
})();
