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
  const ACCURACY = '#5470c6';
  const stressBand = h.stress && h.stress.ciLow !== null;
  R.chart('accuracy-chart', {
    title: { text: 'Accuracy vs stress level', left: 'center' },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, data: ['accuracy', '95% CI'] },
    grid: { containLabel: true },
    xAxis: { type: 'category', name: 's', data: levels.map(String) },
    yAxis: { type: 'value', name: 'accuracy %', min: 0, max: 100 },
    series: [
      { name: 'accuracy', type: 'line', color: ACCURACY, data: report.levels.map(l => l.accuracy), label: { show: true },
        // REST's Stress score (mean of the stressed levels' accuracies) and its clustered interval, as a band
        markLine: h.stress ? { symbol: 'none', label: { formatter: 'Stress {c}', position: 'insideStartTop' }, lineStyle: { type: 'dashed' },
          data: [{ yAxis: h.stress.value }] } : undefined,
        markArea: stressBand ? { silent: true, itemStyle: { color: '#91cc75', opacity: 0.2 },
          label: { show: true, position: 'insideTopRight', formatter: 'Stress 95% CI' },
          data: [[{ yAxis: h.stress.ciLow }, { yAxis: h.stress.ciHigh }]] } : undefined },
      // each level's clustered 95 % interval
      ...R.band('95% CI', ACCURACY, report.levels.map(l => l.ciLow), report.levels.map(l => l.ciHigh)),
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
    grid: { bottom: 90 },
    xAxis: { type: 'category', name: 's', data: levels.map(String) },
    yAxis: { type: 'value', name: '% of slots', min: 0, max: 100 },
    series: categories.map(c => ({ name: c.toLowerCase().replace(/_/g, ' '), type: 'bar', stack: 'errors',
      data: levels.map(l => share(l, c)) })),
  });
  const flags = [...new Set(analysis.levels.flatMap(b => Object.keys(b.flags)))].sort();
  R.table('flags-table', ['flag', ...levels.map(l => 's = ' + l)], flags.map(f => [f,
    ...levels.map(l => ({ text: String((breakdown[l] && breakdown[l].flags[f]) || 0), href: prompts({ level: l, flag: f }) }))]));

  const llm = analysis.llmExtraction;
  if (llm) {
    // GPQA as REST grades it: an LLM extractor's reading is the headline, the rule-based one beside it
    R.heading('LLM extractor against the rule-based reading');
    R.table('llm-extraction-table', ['slots read by the LLM', 'same verdict', 'agreement', 'accuracy (LLM reading)',
      'accuracy (rule-based)', 'extraction failed (rule-based kept)'],
      [[String(llm.slots), String(llm.agree), llm.agreement + ' %', llm.llmAccuracy + ' %', llm.ruleAccuracy + ' %',
        String(llm.failed)]]);
  }

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
      yAxis: { type: 'value', name: 'tokens (first − alone)', axisLabel: { formatter: R.thousands } },
      series: [
        { name: 'difference', type: 'line', color: '#ee6666', data: effortLevels.map(e => e.difference),
          label: { show: true, formatter: p => R.thousands(Math.round(p.value)) },
          // 0 = the same effort as alone; below it the model spends less on a question it meets first
          // and each level's interval as an error bar, visible also when only one level is stressed
          markLine: { symbol: 'none', silent: true, label: { show: false }, data: [
            { yAxis: 0, lineStyle: { type: 'dotted', color: '#888' } },
            ...effortLevels.map((e, i) => e.ciLow === null ? null : [
              { coord: [i, e.ciLow], lineStyle: { type: 'solid', color: '#ee6666', width: 2 } },
              { coord: [i, e.ciHigh] }]).filter(x => x !== null)] } },
        ...R.band('95% CI', '#ee6666', effortLevels.map(e => e.ciLow), effortLevels.map(e => e.ciHigh)),
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
      // thousands separators, and the labels kept inside the chart (R.chart), where "10,000" was cut to "0,000"
      grid: { bottom: 40 },
      xAxis: { type: 'category', name: 'position', data: boxes.map(b => String(b.position)) },
      yAxis: { type: 'value', name: 'tokens', axisLabel: { formatter: R.thousands } },
      series: [{ name: 's = ' + level, type: 'boxplot',
        data: boxes.map(b => [b.whiskerLow, b.q1, b.median, b.q3, b.whiskerHigh]) }],
    }, 'small');
  });

  // The label-aware reading beside REST's positional headline (App. C), and accuracy by the dataset's question tags,
  // MATH500's subject and level (App. F); docs/metrics.md.
  const la = analysis.labelAware;
  if (la && la.slots > 0) {
    R.heading('Label-aware reading beside the positional headline (App. C)');
    const pos = la.positional || {};
    const lab = la.labelAware || {};
    R.table('label-aware-table', ['', 'positional (REST)', '95% CI', 'label-aware', '95% CI', 'difference (pt)'], [
      ['Single %', R.fmt(pos.single && pos.single.value), ci(pos.single), R.fmt(lab.single && lab.single.value),
        ci(lab.single), R.fmt(la.singleDifference)],
      ['Stress %', R.fmt(pos.stress && pos.stress.value), ci(pos.stress), R.fmt(lab.stress && lab.stress.value),
        ci(lab.stress), R.fmt(la.stressDifference)],
    ]);
    R.para(`the readings agree on ${la.agreeing} of ${la.slots} slots (${R.fmt(la.agreement)} %): ` +
      `${la.labelAwareOnly} right only label-aware, ${la.positionalOnly} right only positionally`);
  }
  const tags = analysis.questionTags;
  if (tags) {
    const tagTable = (id, title, groups) => {
      if (!groups.length) return;
      R.heading(title);
      const cell = (g, level) => {
        const a = g.levels.find(x => x.level === level);
        return a && a.accuracy ? `${R.fmt(a.accuracy.value)} ${ci(a.accuracy)} of ${a.slots}` : '–';
      };
      R.table(id, ['', 'questions', ...levels.map(l => 's = ' + l), 'Stress %'], groups.map(g => [g.tag,
        String(g.questions), ...levels.map(l => cell(g, l)),
        g.stress ? `${R.fmt(g.stress.value)} ${ci(g.stress)}` : '–']));
    };
    tagTable('subject-table', 'Accuracy by subject, % [95% CI, clustered] of slots (App. F)', tags.subjects);
    tagTable('difficulty-table', 'Accuracy by difficulty level, % [95% CI, clustered] of slots (App. F)',
      tags.difficultyLevels);
    if (tags.untaggedSlots > 0) R.para(`${tags.untaggedSlots} slots of questions without tags are left out`);
  }
  R.done();
})();
