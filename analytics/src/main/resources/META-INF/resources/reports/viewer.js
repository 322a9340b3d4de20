// The prompt viewer (docs/reports.md, "Prompt viewer"): per position the question's text (folded), gold, extracted,
// verdict, flags and tokens; the
// prompt's text; the output with the reasoning coloured by the question token attribution gave it to, REST's
// positional boxes (blue outline) and the label-aware answers (red underline) where they sit. The text comes in
// pieces of at most 64 Ki characters, each drawn when the reader scrolls near the end of what is drawn, so a long
// output opens as fast as a short one. After drawing, the page records what it highlighted (#drawn-spans,
// data attributes on body) for the browser test.
(function () {
  const R = window.Report;
  const v = R.data.prompt;
  const content = document.getElementById('content');
  const run = encodeURIComponent(v.runId);
  const textUrl = `/runs/${run}/prompts/${v.promptId.split('/').map(encodeURIComponent).join('/')}/text`;
  const colour = (p) => p > 0 ? `hsl(${Math.round(((p - 1) * 137.508) % 360)}, 70%, 86%)` : '#eeeeee';

  const back = R.el('p');
  back.appendChild(R.el('a', { href: `/runs/${run}/report.html`, id: 'report-link' }, '← run report'));
  back.appendChild(document.createTextNode(' · '));
  back.appendChild(R.el('a', { href: `/runs/${run}/prompts?level=${v.level}` }, `prompts of level ${v.level}`));
  content.appendChild(back);
  const n = (x) => x === null || x === undefined ? '–' : String(x);
  R.para(`${v.outcome}${v.failureKind ? ' (' + v.failureKind + ': ' + (v.failureMessage || '') + ')' : ''} · ` +
    `finish ${n(v.finishReason)} · ${v.truncated ? 'truncated' : 'not truncated'} · tokens: prompt ${n(v.promptTokens)}, ` +
    `completion ${n(v.completionTokens)}, reasoning ${n(v.reasoningTokens)} (unattributed ` +
    `${n(v.unattributedReasoningTokens)}) · ${v.latencyMs} ms · group ${v.groupIndex}, sample ${v.sample}`);

  R.heading('Questions and verdicts');
  const verdict = (q) => v.outcome === 'FAILED' ? 'failed' : q.correct ? 'correct' : q.omitted ? 'omitted' : 'wrong';
  const t = R.table('positions-table', ['position', 'question', 'gold', 'extracted', 'verdict', 'flags',
    'reasoning tokens', 'answer tokens', 'error category'], v.positions.map(q => [
    String(q.position), q.questionId, n(q.gold), n(q.extracted), { text: verdict(q), cls: verdict(q) },
    q.flags.join(', '), n(q.reasoningTokens), n(q.answerTokens), n(q.errorCategory)]));
  t.querySelectorAll('tr').forEach((tr, i) => {
    if (i === 0) return;
    const q = v.positions[i - 1];
    tr.dataset.position = String(q.position);
    tr.dataset.verdict = verdict(q);
    const sw = R.el('span', { class: 'swatch', style: `background:${colour(q.position)}` });
    tr.firstChild.prepend(sw, ' ');
    if (q.questionText) { // the question as the prompt put it, folded: the id stays the cell's first line
      const d = R.el('details', { class: 'question-text' });
      d.appendChild(R.el('summary', {}, 'text'));
      d.appendChild(R.el('pre', { class: 'prompt' }, q.questionText));
      tr.children[1].appendChild(d);
    }
  });

  if (v.prompt) {
    R.heading('Prompt');
    v.prompt.forEach(m => {
      content.appendChild(R.el('p', { class: 'meta' }, m.role));
      content.appendChild(R.el('pre', { class: 'prompt', 'data-role': m.role }, m.content));
    });
  } else {
    R.para('the prompt\'s text is not stored (analytics reads it from stress.prompts)');
  }

  const drawn = []; // every span as drawn: its kind, position and the text of the elements that show it
  const drawnByKey = new Map();
  const sources = [];
  if (!v.transcript) {
    R.heading('Output');
    R.para('no transcript stored: ' + (v.outcome === 'FAILED' ? 'the call failed' : 'recorded before transcripts, or deleted by retention'),
      'warning');
  } else {
    const tr = v.transcript;
    const legend = R.el('p', { class: 'meta' }, 'reasoning coloured by the question it was attributed to (grey: none); ');
    legend.appendChild(R.el('span', { class: 'badge rest' }, 'R k'));
    legend.appendChild(document.createTextNode(' REST\'s positional answer for slot k (outlined); '));
    legend.appendChild(R.el('span', { class: 'badge label' }, 'L k'));
    legend.appendChild(document.createTextNode(' the label-aware answer for question k (underlined)'));
    if (tr.spansCut) legend.appendChild(R.el('span', { class: 'warning' }, ' · only the first 20,000 spans are stored'));
    if (tr.reasoningChars > 0) sources.push({ name: 'reasoning', total: tr.reasoningChars });
    if (tr.contentChars > 0 || tr.reasoningChars === 0) sources.push({ name: 'content', total: tr.contentChars });
    content.appendChild(legend);
    sources.forEach(s => {
      R.heading(s.name === 'reasoning' ? 'Reasoning (separate field)' : 'Output (content)');
      s.div = R.el('div', { class: 'transcript', id: 'text-' + s.name, 'data-total': String(s.total) });
      content.appendChild(s.div);
      s.sentinel = R.el('div', { class: 'meta', id: 'more-' + s.name }, s.total > 0 ? 'loading…' : '(empty)');
      content.appendChild(s.sentinel);
      s.loaded = 0;
      s.spans = tr.spans.filter(x => x.source === s.name.toUpperCase());
    });
  }

  /** Draws text[from, to) of one source: one element per stretch between span boundaries. */
  function draw(s, from, text) {
    const to = from + text.length;
    const inside = s.spans.filter(x => x.end > from && x.start < to);
    const cuts = new Set([from, to]);
    inside.forEach(x => { cuts.add(Math.max(from, x.start)); cuts.add(Math.min(to, x.end)); });
    const bounds = [...cuts].sort((a, b) => a - b);
    const segs = bounds.slice(0, -1).map((a, i) => ({ a, b: bounds[i + 1] }));
    const first = (pos) => { // index of the segment starting at pos (bounds holds every span edge)
      let lo = 0, hi = segs.length;
      while (lo < hi) { const m = (lo + hi) >> 1; if (segs[m].a < pos) lo = m + 1; else hi = m; }
      return lo;
    };
    inside.forEach(x => {
      for (let i = first(Math.max(from, x.start)); i < segs.length && segs[i].b <= x.end; i++) {
        const g = segs[i];
        if (x.kind === 'REST_BOX') g.rest = x.position;
        else if (x.kind === 'LABEL_ANSWER') g.label = x.position;
        else { g.cut = x.position; g.reasoning = x.kind === 'REASONING_CUT'; }
        if ((x.kind === 'REST_BOX' || x.kind === 'LABEL_ANSWER') && g.a === x.start) (g.badges = g.badges || []).push(x);
        (g.of = g.of || []).push(x);
      }
    });
    const frag = document.createDocumentFragment();
    segs.forEach(g => {
      (g.badges || []).forEach(x => frag.appendChild(R.el('span',
        { class: 'badge ' + (x.kind === 'REST_BOX' ? 'rest' : 'label') }, (x.kind === 'REST_BOX' ? 'R' : 'L') + x.position)));
      const e = R.el('span', { 'data-from': String(g.a) }, text.substring(g.a - from, g.b - from));
      const cls = [];
      if (g.cut !== undefined) {
        e.dataset.cut = String(g.cut);
        if (g.reasoning) e.style.background = colour(g.cut);
        if (g.cut === 0) cls.push('unattributed');
      }
      if (g.rest !== undefined) { cls.push('rest-box'); e.dataset.rest = String(g.rest); }
      if (g.label !== undefined) { cls.push('label-answer'); e.dataset.label = String(g.label); }
      if (cls.length) e.className = cls.join(' ');
      (g.of || []).forEach(x => {
        const key = s.name + ':' + x.kind + ':' + x.position + ':' + x.start;
        let d = drawnByKey.get(key);
        if (!d) {
          d = { key, kind: x.kind, position: x.position, source: s.name, start: x.start, end: x.end, text: '' };
          drawn.push(d);
          drawnByKey.set(key, d);
        }
        d.text += e.textContent;
      });
      frag.appendChild(e);
    });
    s.div.appendChild(frag);
  }

  let pieces = 0;
  let firstPieceMs = null;
  async function loadNext(s) {
    if (s.busy || s.loaded >= s.total) return;
    s.busy = true;
    // the page carries each text's first piece; later ones are fetched
    const embedded = s.loaded === 0 && (R.data.firstPieces || []).find(p => p.source === s.name);
    const piece = embedded || await (await fetch(`${textUrl}?source=${s.name}&from=${s.loaded}&length=${v.pieceChars}`)).json();
    draw(s, piece.from, piece.text);
    s.loaded = piece.to;
    pieces++;
    if (firstPieceMs === null) { // since navigation start: the page's request, its scripts, and the piece
      firstPieceMs = performance.now();
      document.body.dataset.firstPieceMs = firstPieceMs.toFixed(1);
    }
    s.sentinel.textContent = s.loaded >= s.total ? `${s.total.toLocaleString('en-US')} characters`
      : `${s.loaded.toLocaleString('en-US')} of ${s.total.toLocaleString('en-US')} characters shown; scroll for more`;
    s.busy = false;
    observer.unobserve(s.sentinel); // observed again: still in view after this piece means the next one is due
    if (s.loaded < s.total) observer.observe(s.sentinel);
    finish();
  }

  function finish() {
    document.body.dataset.pieces = String(pieces);
    if (!sources.every(s => s.loaded >= s.total)) return;
    const old = document.getElementById('drawn-spans');
    if (old) old.remove();
    const table = R.table('drawn-spans', ['kind', 'position', 'source', 'start', 'end', 'text'],
      drawn.map(d => [d.kind, String(d.position), d.source, String(d.start), String(d.end), d.text]));
    table.querySelectorAll('tr').forEach((tr, i) => {
      if (i > 0) Object.assign(tr.dataset, { kind: drawn[i - 1].kind, position: String(drawn[i - 1].position) });
    });
    document.body.dataset.allLoadedMs = performance.now().toFixed(1);
    document.body.dataset.viewerReady = 'true';
  }

  // a piece is fetched when the end of what is drawn comes within a screen of the viewport
  const observer = new IntersectionObserver(entries => entries.forEach(en => {
    if (en.isIntersecting) loadNext(sources.find(s => s.sentinel === en.target));
  }), { rootMargin: '100% 0px' });
  sources.forEach(s => { if (s.total > 0) { observer.observe(s.sentinel); loadNext(s); } });
  finish();
})();
