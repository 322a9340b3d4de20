// The run report: accuracy vs stress level, accuracy by position, reasoning-token boxes by position, the table.
(function () {
  const R = window.Report;
  const report = R.data.report;
  const analysis = R.data.analysis;
  const levels = report.levels.map(l => l.level);
  const effort = {};
  analysis.levels.forEach(e => { effort[e.level] = e; });

  R.para(`status ${report.status} · composed ${report.composed} · completed ${report.completed} ` +
    `(scored ${report.scored}, failed ${report.failed})`);
  const u = report.usage;
  R.para(`tokens: prompt ${u.promptTokens}, completion ${u.completionTokens}, reasoning ${u.reasoningTokens} ` +
    `over ${u.usagePrompts} prompts` + (u.cost === null ? ' · no price configured' : ` · cost ${R.fmt(u.cost, 4)}`));

  R.heading('Accuracy under stress');
  R.table('levels-table', ['', ...levels.map(l => 's = ' + l)], [
    ['accuracy %', ...report.levels.map(l => R.fmt(l.accuracy))],
    ['95% CI', ...report.levels.map(l => `[${R.fmt(l.ciLow, 1)}, ${R.fmt(l.ciHigh, 1)}]`)],
    ['drop vs s = 1 (pt)', ...report.levels.map(l => R.fmt(l.dropFromLevel1))],
    ['correct / slots', ...report.levels.map(l => `${l.correct} / ${l.slots}`)],
    ['prompts (failed)', ...report.levels.map(l => `${l.prompts} (${l.failedPrompts})`)],
    ['omission rate %', ...report.levels.map(l => R.fmt(l.omissionRate))],
    ['truncation rate %', ...report.levels.map(l => R.fmt(l.truncationRate))],
    ['mean completion tokens', ...report.levels.map(l => R.fmt(l.meanCompletionTokens, 0))],
    ['tokens when right', ...levels.map(l => R.fmt(effort[l] && effort[l].meanTokensCorrect, 0))],
    ['tokens when wrong', ...levels.map(l => R.fmt(effort[l] && effort[l].meanTokensWrong, 0))],
    ['first-question token share', ...levels.map(l => R.fmt(effort[l] && effort[l].firstQuestionTokenShare, 3))],
    ['interference (pt)', ...levels.map(l => R.fmt(effort[l] && effort[l].interference))],
  ]);
  R.chart('accuracy-chart', {
    title: { text: 'Accuracy vs stress level', left: 'center' },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    xAxis: { type: 'category', name: 's', data: levels.map(String) },
    yAxis: { type: 'value', name: 'accuracy %', min: 0, max: 100 },
    series: [
      { name: 'accuracy', type: 'line', data: report.levels.map(l => l.accuracy), label: { show: true } },
      { name: '95% CI low', type: 'line', lineStyle: { type: 'dashed' }, data: report.levels.map(l => l.ciLow) },
      { name: '95% CI high', type: 'line', lineStyle: { type: 'dashed' }, data: report.levels.map(l => l.ciHigh) },
    ],
  });

  R.heading('Accuracy by position');
  const maxLevel = Math.max(...levels);
  const positions = Array.from({ length: maxLevel }, (_, i) => i + 1);
  R.chart('position-chart', {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
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

  R.heading('Reasoning tokens by position (min, quartiles, max)');
  const boxLevels = levels.filter(l => analysis.tokenBoxes.some(b => b.level === l));
  if (boxLevels.length === 0) R.para('no reasoning tokens were attributed to positions');
  boxLevels.forEach(level => {
    const boxes = analysis.tokenBoxes.filter(b => b.level === level).sort((a, b) => a.position - b.position);
    R.chart('tokens-chart-' + level, {
      title: { text: 's = ' + level, left: 'center', textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'item' },
      xAxis: { type: 'category', name: 'position', data: boxes.map(b => String(b.position)) },
      yAxis: { type: 'value', name: 'tokens' },
      series: [{ name: 's = ' + level, type: 'boxplot', data: boxes.map(b => [b.min, b.q1, b.median, b.q3, b.max]) }],
    }, 'small');
  });
  R.done();
})();
