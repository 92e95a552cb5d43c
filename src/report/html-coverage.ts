import type { Coverage, Missing, OperationCoverage } from './coverage';
import { html, type SafeHtml } from './html-escape';

/** The report's coverage section: per operation what its input model's exploration reached, and what not, with why. */

const counts = (record: Readonly<Record<string, number>>): string => Object.entries(record).map(([k, n]) => `${k} ×${n}`).join(', ');

function missingList(missing: readonly Missing[]): SafeHtml {
  if (!missing.length) return html``;
  return html`<ul class="missing">${missing.map((m) => html`<li><code>${m.what}</code> — ${m.why}</li>`)}</ul>`;
}

function row(o: OperationCoverage): SafeHtml {
  const cell = (part: { exercised: number; total: number }): string => `${part.exercised} / ${part.total}`;
  return html`<tr id="coverage-${o.model}"><th title="${o.operation}">${o.model}</th><td>${o.cases}</td><td>${cell(o.classes)}</td><td>${cell(o.pairs)}</td><td title="${counts(o.states.counts)}">${cell(o.states)}</td><td title="${counts(o.errors.counts)}">${cell(o.errors)}</td></tr>`;
}

function details(o: OperationCoverage): SafeHtml {
  const gaps = [...o.classes.missing, ...o.errors.missing];
  return html`<details class="coverage-op"><summary>${o.model}: ${o.cases} cases; ${gaps.length} class(es) or error status(es) not exercised; ${o.pairs.total - o.pairs.exercised} pair(s) not exercised</summary>
<p><b>States</b>: ${counts(o.states.counts) || 'none'}</p><p><b>Error statuses</b>: ${counts(o.errors.counts) || 'none'}</p>
<p><b>Not exercised</b>:</p>${missingList(gaps)}${o.pairs.missing.length ? html`<p><b>Pairs not exercised</b>:</p>${missingList(o.pairs.missing)}` : ''}</details>`;
}

export function coverageSection(coverage: Coverage | undefined): SafeHtml {
  if (!coverage) return html``;
  const head = html`<tr><th>operation</th><th>cases</th><th>classes</th><th>pairs</th><th>states</th><th>error statuses</th></tr>`;
  return html`<section id="coverage"><h2>What was explored (${coverage.operations[0]?.depth ?? 'default'} depth)</h2>
<p class="muted">Each operation's input model (schemas/input-model/): the classes of its body, properties, states and error statuses, and the pairs of classes from two dimensions. "Conformant" covers what is counted here, and nothing listed as not exercised.</p>
<table class="summary coverage">${head}${coverage.operations.map(row)}</table>${coverage.operations.map(details)}</section>`;
}
