// The filtered prompt list (docs/reports.md, "Prompt viewer"): prompts of a run with a slot matching level,
// position and filter, each row opening the viewer, a keyset "next page" link at the bottom.
(function () {
  const R = window.Report;
  const list = R.data.list;
  const run = encodeURIComponent(list.runId);
  const query = (extra) => {
    const q = new URLSearchParams();
    if (list.level !== null) q.set('level', list.level);
    if (list.position !== null) q.set('position', list.position);
    if (list.filter !== null) q.set('filter', list.filter);
    if (list.flag !== null) q.set('flag', list.flag);
    Object.entries(extra || {}).forEach(([k, v]) => q.set(k, v));
    return q.toString();
  };
  const content = document.getElementById('content');
  const back = R.el('p');
  back.appendChild(R.el('a', { href: `/runs/${run}/report.html`, id: 'report-link' }, '← run report'));
  content.appendChild(back);
  R.para(`level ${list.level ?? 'any'} · position ${list.position ?? 'any'} · ` +
    (list.filter ? `filter ${list.filter}` : list.flag ? `flag ${list.flag}` : 'every prompt') +
    (list.after ? ` · after ${list.after}` : ''));
  const chips = R.el('p', { id: 'filters' }, 'filter: ');
  [null, 'wrong', 'omitted', 'truncated', 'label-mismatch', 'from-summary', 'failed'].forEach(f => {
    const q = new URLSearchParams();
    if (list.level !== null) q.set('level', list.level);
    if (list.position !== null) q.set('position', list.position);
    if (f) q.set('filter', f);
    chips.appendChild(f === list.filter && !list.flag ? R.el('b', {}, f || 'all')
      : R.el('a', { href: `/runs/${run}/prompts?${q}`, 'data-filter': f || 'all' }, f || 'all'));
    chips.appendChild(document.createTextNode(' '));
  });
  content.appendChild(chips);
  const mark = (s) => s.correct ? '✓' : s.omitted ? '∅' : '✗';
  if (list.prompts.length === 0) {
    R.para('no prompt matches', 'warning');
  } else {
    const t = R.table('prompt-list', ['prompt', 'level', 'group', 'sample', 'outcome', 'truncated',
      'verdicts by position', 'completion tokens'], list.prompts.map(p => [
      // prompt ids hold slashes, which stay path separators (the viewer's path takes them)
      { text: p.promptId, href: `/runs/${run}/prompts/${p.promptId.split('/').map(encodeURIComponent).join('/')}` },
      String(p.level), String(p.groupIndex), String(p.sample),
      p.outcome + (p.failureKind ? ` (${p.failureKind})` : ''), p.truncated ? 'yes' : 'no',
      p.slots.map(s => `${s.position}${mark(s)}`).join(' '),
      p.completionTokens === null ? '–' : String(p.completionTokens),
    ]));
    t.querySelectorAll('tr').forEach((tr, i) => { if (i > 0) tr.dataset.promptId = list.prompts[i - 1].promptId; });
  }
  if (list.next) {
    const next = R.el('p');
    next.appendChild(R.el('a', { id: 'next-page', href: `/runs/${run}/prompts?${query({ after: list.next })}` }, 'next page →'));
    content.appendChild(next);
  }
  document.body.dataset.prompts = String(list.prompts.length);
})();
