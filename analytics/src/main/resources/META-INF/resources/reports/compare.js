// Paired comparison page: accuracy per level of both runs on the matched units, the difference with its bootstrap
// interval, McNemar's exact p and the verdict.
(function () {
  const R = window.Report;
  const c = R.data.comparison;
  const res = c.result;
  R.para(`base ${c.base} (${R.data.base.modelId}) · candidate ${c.candidate} (${R.data.candidate.modelId}) · ` +
    `matched by ${res.matching.toLowerCase()}: ${res.overall.units} units, ${res.onlyInBase} only in base, ` +
    `${res.onlyInCandidate} only in candidate · bootstrap ${res.resamples} resamples, seed ${res.seed}`);
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
