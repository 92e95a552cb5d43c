import type { BodyInfo, ExchangeRecord } from '../contract/evidence';
import { jsonDepth } from '../contract/json-depth';
import { describeTally, retryCount } from '../contract/transport';
import { html, type SafeHtml } from './html-escape';
import type { ReceivedEvidence, RequirementResult } from './model';
import type { Status } from './status';
import { messageBlock } from './html-finding';

/** One requirement card: header row, message, waiver, and the evidence collapsed by default. */

// Bodies arrive cut to their head (JOBROUTER_EVIDENCE_BODY_BYTES); the page caps them again, whatever that is set to.
const BODY_LIMIT = 64 * 1024;
/** Deeper JSON is shown as sent: indenting it would grow with the square of its depth. */
const PRETTY_DEPTH = 64;

/** Failed/error first, then waived/xpassed, then passed/skipped (issue #4). */
const GROUP: Record<Status, number> = { error: 0, failed: 0, xpassed: 1, waived: 1, skipped: 2, passed: 2 };
const LEVEL_ORDER: Record<string, number> = { MUST: 0, SHOULD: 1, MAY: 2 };

export function displayOrder(requirements: readonly RequirementResult[]): RequirementResult[] {
  return requirements
    .map((r, index) => ({ r, index }))
    .sort((a, b) => GROUP[a.r.status] - GROUP[b.r.status] || (LEVEL_ORDER[a.r.level] ?? 3) - (LEVEL_ORDER[b.r.level] ?? 3) || a.index - b.index)
    .map((x) => x.r);
}

export function anchorOf(id: string): string {
  return `r-${id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

function prettyBody(body: string | undefined): string {
  if (body === undefined || body === '') return '';
  let text = body;
  try {
    if (body.length <= BODY_LIMIT && jsonDepth(body, PRETTY_DEPTH) <= PRETTY_DEPTH) text = JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    // not JSON (or the head of a longer body): shown as sent
  }
  return text.length > BODY_LIMIT ? `${text.slice(0, BODY_LIMIT)}\n… (${text.length - BODY_LIMIT} more characters not shown here)` : text;
}

/** "20971632 bytes · sha256 ab12… · the first 65536 of 20971632 bytes are kept" */
function bodyFacts(info: BodyInfo | undefined): SafeHtml | '' {
  if (!info) return '';
  const facts = [`${info.bytes} bytes`, info.sha256 ? `sha256 ${info.sha256}` : '', info.note ?? ''].filter(Boolean).join(' · ');
  return html`<p class="muted body-facts">${facts}</p>`;
}

function headerLines(headers: Readonly<Record<string, string>> | undefined): string {
  return Object.entries(headers ?? {}).map(([k, v]) => `${k}: ${v}`).join('\n');
}

function exchange(e: ExchangeRecord, index: number): SafeHtml {
  const unread = e.status === undefined ? `no response (${e.transportError})` : `${e.status}, not read to the end (${e.transportError})`;
  const answer = e.transportError ? unread : `${e.status ?? '?'}`;
  const outcome = e.retry ? `${answer} — not judged: retried after ${formatMs(e.retry.waitMs)} (${e.retry.cause})` : answer;
  const requestBody = prettyBody(e.requestBody);
  const responseBody = prettyBody(e.responseBody);
  return html`<details class="ex"><summary><span class="n">#${index + 1}</span> <code>${e.method} ${e.url}</code> → <b>${outcome}</b> <span class="muted">${formatMs(e.durationMs)}</span></summary>
<div class="ex-body"><h5>Request</h5><pre>${e.method} ${e.url}\n${headerLines(e.requestHeaders)}</pre>${bodyFacts(e.requestBodyInfo)}${requestBody ? html`<pre class="body">${requestBody}</pre>` : ''}
<h5>Response</h5>${e.transportError ? html`<pre>${e.transportError}</pre>` : ''}${e.status === undefined ? '' : html`<pre>HTTP ${e.status}\n${headerLines(e.responseHeaders)}</pre>${bodyFacts(e.responseBodyInfo)}${responseBody ? html`<pre class="body">${responseBody}</pre>` : ''}`}
${e.curl ? html`<h5>Reproduce</h5><pre class="curl">${e.curl}</pre>` : ''}</div></details>`;
}

function shown(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch (error) {
    return `(not shown: ${error instanceof Error ? error.message : String(error)})`;
  }
}

function received(e: ReceivedEvidence, index: number): SafeHtml {
  const event = typeof e.event === 'object' && e.event !== null ? (e.event as Record<string, unknown>) : {};
  const type = String(event['eventType'] ?? event['type'] ?? '?').replace('Microsoft.Communication.', '');
  return html`<details class="ex"><summary><span class="n">#${index + 1}</span> <b>${type}</b> <code>${String(event['subject'] ?? '')}</code> <span class="muted">received ${e.receivedAt}</span></summary>
<div class="ex-body"><pre class="body">${prettyBody(shown(e.event))}</pre></div></details>`;
}

const DIFF_LABEL: Record<string, string> = { regression: 'regression', fixed: 'fixed', new: 'new', changed: 'changed' };

/**
 * How much of a card is shown: all of it; without its evidence (the page reached its bound: a note says so); or only
 * its head and the first line of its message.
 */
export type CardForm = 'full' | 'no-evidence' | 'minimal';

export function requirementCard(r: RequirementResult, form: CardForm = 'full'): SafeHtml {
  const evidence = form === 'full' ? (r.evidence ?? []) : [];
  const events = form === 'full' ? (r.events ?? []) : [];
  const message = form === 'minimal' ? (r.message ?? '').split('\n', 1)[0]?.slice(0, 500) : r.message;
  const hidden = form !== 'full' && Boolean(r.evidence?.length || r.events?.length);
  const left = hidden ? 'Evidence not shown: the page reached its size bound; conformance.json keeps what the report kept.' : form === 'full' ? r.evidenceNote : undefined;
  const diff = r.diff ? html`<span class="diff d-${r.diff.mark}" title="${r.diff.from ? `was ${r.diff.from}` : 'not in the baseline'}">${DIFF_LABEL[r.diff.mark] ?? r.diff.mark}</span>` : '';
  const waiver = r.waiver
    ? html`<p class="waiver">${r.waiver.expired ? 'Expired waiver' : 'Waiver'} (until ${r.waiver.expires}): ${r.waiver.reason} ${/^https:\/\//.test(r.waiver.link) ? html`<a href="${r.waiver.link}" rel="noreferrer noopener">evidence</a>` : r.waiver.link}</p>`
    : '';
  return html`<section class="req s-${r.status}" id="${anchorOf(r.id)}" data-status="${r.status}" data-level="${r.level}" data-search="${`${r.id} ${r.title} ${r.operation} ${r.area}`.toLowerCase()}">
<div class="req-head"><span class="badge s-${r.status}">${r.status}</span> <span class="rid">${r.id}</span> <span class="lvl l-${r.level}">${r.level}</span> <span class="title">${r.title}</span> ${diff}<span class="dur">${formatMs(r.durationMs)}</span></div>
<div class="req-meta"><span>${r.operation}</span> · <span>${r.area}</span> · <span class="src">${r.source}</span>${r.cases ? html` · <span class="cases">${r.cases.ran} case${r.cases.ran === 1 ? '' : 's'}${r.cases.failing ? `, ${r.cases.failing} failing` : ''}, seed ${r.cases.seed}</span>` : ''}${r.transport ? html` · <span class="transport${retryCount(r.transport) > 0 || r.transport.settleWaitMs > 0 ? ' rough' : ''}">${describeTally(r.transport)}</span>` : ''}</div>
${form === 'minimal' ? (message ? html`<pre class="msg">${message}</pre>` : '') : messageBlock(r, message)}${waiver}${left ? html`<p class="muted bounded">${left}</p>` : ''}
${evidence.length ? html`<details class="evidence"><summary>Evidence: ${evidence.length} exchange${evidence.length === 1 ? '' : 's'}</summary>${evidence.map(exchange)}</details>` : ''}
${events.length ? html`<details class="evidence"><summary>Events received: ${events.length}</summary>${events.map(received)}</details>` : ''}
</section>`;
}
