// The run report (docs/reports.md): REST's headline numbers, accuracy vs stress level with its clustered interval as
// a band, accuracy by position, the error breakdown (the paper's Fig. 5), adaptive effort, reasoning tokens by
// position as Tukey box plots (Fig. 6), flag counts, and the paper-style table.
(function () {
  const R = window.Report;
  const report = R.data.report;
  const analysis = R.data.analysis;
  const levels = report.levels.map(l => l.level);
  const byLevel = (list) => { const m = {}; (list || []).forEach(e => { m[e.level] = e; }); return m; };
  const breakdown = byLevel(analysis.levels);
  const effort = byLevel(analysis.adaptiveEffort);
  const overthinking = byLevel(analysis.overthinking);
  const ci = (e) => e ? `[${R.fmt(e.ciLow)}, ${R.fmt(e.ciHigh)}]` : '–';

  R.para(`status ${report.status} · composed ${report.composed} · completed ${report.completed} ` +
    `(scored ${report.scored}, failed ${report.failed})`);
  const u = report.usage;
  R.para(`tokens: prompt ${u.promptTokens}, completion ${u.completionTokens}, reasoning ${u.reasoningTokens} ` +
    `over ${u.usagePrompts} prompts` + (u.cost === null ? ' · no price configured' : ` · cost ${R.fmt(u.cost, 4)}`));

  const h = report.headline || {};
  R.heading('REST headline');
  R.table('headline-table', ['', 'value', '95% CI (clustered)'], [
    ['Single (s = 1) %', R.fmt(h.single && h.single.value), ci(h.single)],
    [`Stress (mean of s = ${(h.stressLevels || []).join(', ')}) %`, R.fmt(h.stress && h.stress.value), ci(h.stress)],
    ['Single − Stress (pt)', R.fmt(h.drop && h.drop.value), ci(h.drop)],
    ['retention (Stress / Single) %', R.fmt(h.retention && h.retention.value), ci(h.retention)],
  ]);
  R.para(`${h.questions || 0} questions; intervals are two-way clustered by question and by output (docs/metrics.md)`);

  R.heading('Accuracy under stress');
  R.table('levels-table', ['', ...levels.map(l => 's = ' + l)], [
    ['accuracy %', ...report.levels.map(l => R.fmt(l.accuracy))],
    ['95% CI (clustered)', ...report.levels.map(l => `[${R.fmt(l.ciLow, 1)}, ${R.fmt(l.ciHigh, 1)}]`)],
    ['drop vs s = 1 (pt)', ...report.levels.map(l => R.fmt(l.dropFromLevel1))],
    ['label-aware accuracy %', ...levels.map(l => R.fmt(breakdown[l] && breakdown[l].labelAwareAccuracy))],
    ['correct / slots', ...report.levels.map(l => `${l.correct} / ${l.slots}`)],
    ['prompts (failed)', ...report.levels.map(l => `${l.prompts} (${l.failedPrompts})`)],
    ['omission rate %', ...report.levels.map(l => R.fmt(l.omissionRate))],
    ['truncation rate %', ...report.levels.map(l => R.fmt(l.truncationRate))],
    ['mean completion tokens', ...report.levels.map(l => R.fmt(l.meanCompletionTokens, 0))],
    ['tokens at position 1 − alone', ...levels.map(l => R.fmt(effort[l] && effort[l].difference, 0))],
    ['  95% CI', ...levels.map(l => effort[l] && effort[l].ciLow !== null
      ? `[${R.fmt(effort[l].ciLow, 0)}, ${R.fmt(effort[l].ciHigh, 0)}]` : '–')],
    ['tokens wrong − right, same question', ...levels.map(l => R.fmt(overthinking[l] && overthinking[l].difference, 0))],
  ]);
  const bandLow = report.levels.map(l => l.ciLow);
  R.chart('accuracy-chart', {
    title: { text: 'Accuracy vs stress level', left: 'center' },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, data: ['accuracy', '95% CI'] },
    grid: { containLabel: true },
    xAxis: { type: 'category', name: 's', data: levels.map(String) },
    yAxis: { type: 'value', name: 'accuracy %', min: 0, max: 100 },
    series: [
      { name: 'accuracy', type: 'line', data: report.levels.map(l => l.accuracy), label: { show: true },
        markLine: h.stress ? { symbol: 'none', label: { formatter: 'Stress {c}' }, lineStyle: { type: 'dashed' },
          data: [{ yAxis: h.stress.value }] } : undefined },
      // the band: an invisible base at the lower bound and the interval's width stacked on it
      { name: 'ci-base', type: 'line', stack: 'ci', symbol: 'none', lineStyle: { opacity: 0 }, data: bandLow },
      { name: '95% CI', type: 'line', stack: 'ci', symbol: 'none', lineStyle: { opacity: 0 },
        areaStyle: { opacity: 0.2 },
        data: report.levels.map(l => l.ciLow === null ? null : Math.round((l.ciHigh - l.ciLow) * 100) / 100) },
    ],
  });

  R.heading('Accuracy by position');
  const maxLevel = Math.max(...levels);
  const positions = Array.from({ length: maxLevel }, (_, i) => i + 1);
  R.chart('position-chart', {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { containLabel: true },
    xAxis: { type: 'category', name: 'position', data: positions.map(String) },
    yAxis: { type: 'value', name: 'accuracy %', min: 0, max: 100 },
    series: levels.map(level => ({
      name: 's = ' + level, type: 'line',
      data: positions.filter(p => p <= level).map(p => {
        const cell = analysis.positions.find(x => x.level === level && x.position === p);
        return cell ? cell.accuracy : null;
      }),
    })),
  });

  // each cell opens the prompts of that level and position (prompts.js), which filters them further
  const prompts = (q) => `/runs/${encodeURIComponent(report.runId)}/prompts?${new URLSearchParams(q)}`;
  R.table('position-cells-table', ['accuracy % (open the prompts)', ...positions.map(p => 'position ' + p)],
    levels.map(level => ['s = ' + level, ...positions.map(p => {
      const cell = analysis.positions.find(x => x.level === level && x.position === p);
      return cell ? { text: R.fmt(cell.accuracy), href: prompts({ level, position: p }) } : '';
    })]));

  R.heading('Why slots fail (share of slots, %; the paper\'s Fig. 5)');
  const categories = analysis.levels.length ? Object.keys(analysis.levels[0].errorCategories) : [];
  const share = (l, c) => breakdown[l] && breakdown[l].slots
    ? Math.round(10000 * breakdown[l].errorCategories[c] / breakdown[l].slots) / 100 : 0;
  R.chart('errors-chart', {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { containLabel: true, bottom: 60 },
    xAxis: { type: 'category', name: 's', data: levels.map(String) },
    yAxis: { type: 'value', name: '% of slots', min: 0, max: 100 },
    series: categories.map(c => ({ name: c.toLowerCase().replace(/_/g, ' '), type: 'bar', stack: 'errors',
      data: levels.map(l => share(l, c)) })),
  });
  const flags = [...new Set(analysis.levels.flatMap(b => Object.keys(b.flags)))].sort();
  R.table('flags-table', ['flag', ...levels.map(l => 's = ' + l)], flags.map(f => [f,
    ...levels.map(l => ({ text: String((breakdown[l] && breakdown[l].flags[f]) || 0), href: prompts({ level: l, flag: f }) }))]));

  const effortLevels = (analysis.adaptiveEffort || []).filter(e => e.difference !== null);
  R.heading('Adaptive effort: tokens on a question at position 1 of a stressed prompt − the same question alone');
  if (effortLevels.length === 0) {
    R.para('no question has known reasoning tokens both alone and at position 1');
  } else {
    R.para(effortLevels.map(e => `s = ${e.level}: ${e.questions} questions paired; excluded slots: ` +
      `${e.excludedUnknownTokens} unknown tokens, ${e.excludedTruncated} truncated, ${e.excludedOmission} ` +
      `in outputs that omitted a question`).join(' · '));
    R.chart('effort-chart', {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, data: ['difference', '95% CI'] },
      grid: { containLabel: true },
      xAxis: { type: 'category', name: 's', data: effortLevels.map(e => String(e.level)) },
      yAxis: { type: 'value', name: 'tokens', axisLabel: { formatter: v => v.toLocaleString('en-US') } },
      series: [
        { name: 'difference', type: 'line', data: effortLevels.map(e => e.difference), label: { show: true } },
        { name: 'ci-base', type: 'line', stack: 'ci', symbol: 'none', lineStyle: { opacity: 0 },
          data: effortLevels.map(e => e.ciLow) },
        { name: '95% CI', type: 'line', stack: 'ci', symbol: 'none', lineStyle: { opacity: 0 }, areaStyle: { opacity: 0.2 },
          data: effortLevels.map(e => e.ciLow === null ? null : Math.round((e.ciHigh - e.ciLow) * 100) / 100) },
      ],
    });
  }

  R.heading('Reasoning tokens by position (box: quartiles; whiskers: Tukey, 1.5 × IQR; the paper\'s Fig. 6)');
  const boxLevels = levels.filter(l => analysis.tokenBoxes.some(b => b.level === l));
  if (boxLevels.length === 0) R.para('no reasoning tokens were attributed to positions');
  boxLevels.forEach(level => {
    const boxes = analysis.tokenBoxes.filter(b => b.level === level).sort((a, b) => a.position - b.position);
    R.chart('tokens-chart-' + level, {
      title: { text: 's = ' + level, left: 'center', textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'item' },
      // containLabel keeps long labels ("10,000") inside the chart instead of cutting their first digits
      grid: { containLabel: true, left: 10 },
      xAxis: { type: 'category', name: 'position', data: boxes.map(b => String(b.position)) },
      yAxis: { type: 'value', name: 'tokens', axisLabel: { formatter: v => v.toLocaleString('en-US') } },
      series: [{ name: 's = ' + level, type: 'boxplot',
        data: boxes.map(b => [b.whiskerLow, b.q1, b.median, b.q3, b.whiskerHigh]) }],
    }, 'small');
  });
  R.done();
})();
