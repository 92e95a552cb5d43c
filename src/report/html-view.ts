import { html, type SafeHtml } from './html-escape';
import { anchorOf, formatMs } from './html-requirement';
import { describeTally } from '../contract/transport';
import type { ConformanceReport, DiffEntry, RequirementResult } from './model';
import { LEVELS, STATUSES } from './status';

/** The page's overview sections, each a pure function of the model. */

const VERDICT_TEXT = { conformant: 'Conformant', 'not-conformant': 'Not conformant', error: 'Error: the kit could not decide' } as const;

export function banner(report: ConformanceReport): SafeHtml {
  const events = report.events && !report.events.checked ? html`<p class="events-note">Events: ${report.events.line}.</p>` : '';
  return html`<header class="banner v-${report.verdict}" id="verdict"><h1>${VERDICT_TEXT[report.verdict]}</h1><p>${report.verdictReason}</p>${events}</header>`;
}

export function meta(report: ConformanceReport): SafeHtml {
  const rows: [string, string][] = [
    ['Target', report.target],
    ['api-version', report.apiVersion],
    ['Profile', report.profile],
    ['Kit version', report.kitVersion],
    ['Started', report.startedAt],
    ['Duration', formatMs(report.durationMs)],
    ...(report.transport ? [['Transport', describeTally(report.transport)] as [string, string]] : []),
    ...(report.events ? [['Events', report.events.line] as [string, string]] : []),
    ...(report.bounded ? [['Evidence', report.bounded] as [string, string]] : []),
    ['Scope', report.scope === 'full' ? 'full run' : 'partial run (shard or filter): requirements that did not run are not listed'],
  ];
  return html`<dl class="meta">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}

export function problems(report: ConformanceReport): SafeHtml {
  if (!report.problems.length) return html``;
  return html`<section class="problems"><h2>Problems (${report.problems.length})</h2><ul>${report.problems.map((p) => html`<li>${p}</li>`)}</ul></section>`;
}

export function summaryTable(report: ConformanceReport): SafeHtml {
  const head = html`<tr><th>Level</th>${STATUSES.map((s) => html`<th><span class="badge s-${s}">${s}</span></th>`)}<th>total</th></tr>`;
  const rows = LEVELS.map((level) => {
    const counts = report.summary.byLevel[level];
    const total = STATUSES.reduce((sum, s) => sum + counts[s], 0);
    return html`<tr><th>${level}</th>${STATUSES.map((s) => html`<td class="${counts[s] ? `c-${s}` : 'zero'}">${counts[s]}</td>`)}<td>${total}</td></tr>`;
  });
  const totals = html`<tr class="total"><th>all</th>${STATUSES.map((s) => html`<td>${report.summary.byStatus[s]}</td>`)}<td>${report.summary.total}</td></tr>`;
  return html`<section><h2>Counts by level and status</h2><table class="summary">${head}${rows}${totals}</table></section>`;
}

/** Areas down, operations across; each cell lists its requirements as status-coloured links to their cards. */
export function matrix(requirements: readonly RequirementResult[]): SafeHtml {
  const operations = [...new Set(requirements.map((r) => r.operation))];
  const areas = [...new Set(requirements.map((r) => r.area))];
  const cells = new Map<string, RequirementResult[]>();
  for (const r of requirements) {
    const key = `${r.area}\u0000${r.operation}`;
    cells.set(key, [...(cells.get(key) ?? []), r]);
  }
  const short = (op: string) => op.replace(/^JobRouterOperations_/, '');
  const head = html`<tr><th></th>${operations.map((op) => html`<th title="${op}">${short(op)}</th>`)}</tr>`;
  const rows = areas.map((area) => html`<tr><th>${area}</th>${operations.map((op) => {
    const list = cells.get(`${area}\u0000${op}`) ?? [];
    return html`<td>${list.map((r) => html`<a class="chip s-${r.status}" href="#${anchorOf(r.id)}" title="${`${r.id} (${r.level}) ${r.status}: ${r.title}`}">${r.id}</a>`)}</td>`;
  })}</tr>`);
  return html`<section><h2>Requirements by operation</h2><div class="matrix-wrap"><table class="matrix">${head}${rows}</table></div></section>`;
}

function diffList(title: string, entries: readonly DiffEntry[], mark: string): SafeHtml {
  if (!entries.length) return html``;
  return html`<h3>${title} (${entries.length})</h3><ul class="difflist">${entries.map((e) => html`<li><span class="diff d-${mark}">${mark}</span> <a href="#${anchorOf(e.id)}">${e.id}</a> ${e.from ?? '—'} → ${e.to ?? '—'} <span class="muted">${e.title ?? ''}</span></li>`)}</ul>`;
}

export function diffSection(report: ConformanceReport): SafeHtml {
  const d = report.diff;
  if (!d) return html``;
  const base = d.baseline;
  const none = !d.regressions.length && !d.fixes.length && !d.added.length && !d.removed.length && !d.changed.length;
  return html`<section class="diffsec"><h2>Compared with the baseline${base?.startedAt ? html` of ${base.startedAt}` : ''}${base?.verdict ? html` (${base.verdict})` : ''}</h2>
${none ? html`<p>No differences.</p>` : ''}${diffList('Regressions', d.regressions, 'regression')}${diffList('Fixed', d.fixes, 'fixed')}${diffList('New', d.added, 'new')}${diffList('Removed', d.removed, 'removed')}${diffList('Changed', d.changed, 'changed')}</section>`;
}

export function filters(report: ConformanceReport): SafeHtml {
  const statusBoxes = STATUSES.map((s) => html`<label><input type="checkbox" data-filter="status" value="${s}" checked> <span class="badge s-${s}">${s}</span> <span class="muted">${report.summary.byStatus[s]}</span></label>`);
  const levelBoxes = LEVELS.map((l) => html`<label><input type="checkbox" data-filter="level" value="${l}" checked> ${l}</label>`);
  return html`<div class="filters" id="filters"><span class="fl">Status</span>${statusBoxes}<span class="fl">Level</span>${levelBoxes}
<input type="search" id="search" placeholder="Filter by id, title, operation" aria-label="Filter by text"> <button type="button" id="only-problems">Only problems</button> <button type="button" id="show-all">Show all</button> <span id="shown" class="muted"></span></div>`;
}
