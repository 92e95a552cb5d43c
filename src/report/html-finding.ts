import type { Finding } from '../contract/finding';
import { findingOf } from './findings';
import { html, type SafeHtml } from './html-escape';
import { anchorOf, displayOrder } from './html-requirement';
import type { ConformanceReport, RequirementResult } from './model';

/**
 * Where the page opens: what failed and what could not be checked, each as expected / observed / timeline / source /
 * reproduce, readable without expanding anything. Each entry links to its card, where the evidence is folded.
 */

/** At most this many entries at the top; the rest are in the requirement list below. */
const TOP_ENTRIES = 40;
const NEEDS_READING = new Set(['failed', 'error', 'xpassed']);

function rows(finding: Finding): [string, string][] {
  const list: [string, string | undefined][] = finding.step
    ? [['not done', finding.step], ['why', finding.observed], ['needed', finding.expected]]
    : [['expected', finding.expected], ['observed', finding.observed]];
  list.push(['timeline', finding.timeline], ['source', finding.source]);
  return list.filter((row): row is [string, string] => Boolean(row[1]));
}

/** The finding's lines as a definition list, and its curl line as a visible one-line block. */
export function findingBlock(finding: Finding): SafeHtml {
  return html`<dl class="finding">${rows(finding).map(([k, v]) => html`<dt>${k}</dt><dd class="f-${k.replace(/\s/g, '-')}">${v}</dd>`)}</dl>${
    finding.reproduce ? html`<div class="repro"><span class="muted">reproduce</span><pre class="repro-curl">${finding.reproduce}</pre></div>` : ''
  }`;
}

/** The card's message: the finding (when the message holds one), then what else the message says. */
export function messageBlock(r: RequirementResult, message: string | undefined): SafeHtml {
  const finding = r.finding ?? findingOf(r);
  if (!finding || message === undefined) return message ? html`<pre class="msg">${message}</pre>` : html``;
  return html`${findingBlock(finding)}${finding.detail ? html`<pre class="msg detail">${finding.detail}</pre>` : ''}`;
}

function entry(r: RequirementResult): SafeHtml {
  const finding = r.finding ?? findingOf(r);
  const body = finding ? findingBlock(finding) : html`<p>${(r.message ?? '').split('\n', 1)[0] ?? ''}</p>`;
  return html`<article class="top-finding s-${r.status}" data-id="${r.id}"><h3><span class="badge s-${r.status}">${r.status}</span> <a href="#${anchorOf(r.id)}">${r.id}</a> <span class="lvl l-${r.level}">${r.level}</span> ${r.title}</h3>${body}<a class="to-evidence" href="#${anchorOf(r.id)}">evidence ↓</a></article>`;
}

export function findingsSection(report: ConformanceReport): SafeHtml {
  const list = displayOrder(report.requirements).filter((r) => NEEDS_READING.has(r.status));
  if (!list.length) return html``;
  const failed = list.filter((r) => r.status !== 'error').length;
  const errors = list.length - failed;
  const heading = [failed ? `${failed} failed` : '', errors ? `${errors} could not be checked` : ''].filter(Boolean).join(', ');
  const more = list.length > TOP_ENTRIES ? html`<p class="muted">${list.length - TOP_ENTRIES} more below, in the requirement list.</p>` : '';
  return html`<section id="findings"><h2>Findings: ${heading}</h2>${list.slice(0, TOP_ENTRIES).map(entry)}${more}</section>`;
}

export const FINDING_STYLE = `
#findings .top-finding{border:1px solid var(--line);border-left:6px solid var(--failed);border-radius:6px;padding:6px 12px;margin:8px 0}
#findings .top-finding.s-error{border-left-color:var(--error)}#findings h3{margin:2px 0 4px;font-size:14px}
dl.finding{display:grid;grid-template-columns:max-content 1fr;gap:1px 12px;margin:4px 0}dl.finding dt{font-weight:600;color:var(--muted)}
dl.finding dd{margin:0;word-break:break-word}dd.f-observed,dd.f-why{color:var(--failed);font-weight:600}dd.f-timeline{font-family:ui-monospace,monospace;font-size:12px}
.repro{margin:2px 0}.repro pre{white-space:pre;overflow-x:auto;word-break:normal;max-height:4.5em}.to-evidence{font-size:12px}
`;
