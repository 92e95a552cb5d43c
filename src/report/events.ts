import { existsSync, readFileSync } from 'node:fs';
import type { TestResult } from '@playwright/test/reporter';
import { count, parseAnnotation, record } from '../contract/annotation';
import type { KitConfig } from '../config';
import type { ConformanceReport, EventsSummary, ReceivedEvidence } from './model';

/**
 * The events side of the report: what each event requirement received (evidence), and the run's line about its event
 * source — which says plainly when events were not checked at all.
 */
export const EVENTS_ATTACHMENT = 'events.json';
export const EVENTS_ANNOTATION = 'events';
/** Events kept as evidence per requirement; the rest are counted. */
export const MAX_EVENTS_PER_REQUIREMENT = 50;

export interface EventTally {
  readonly matched: number;
  readonly kept: number;
  readonly duplicates: number;
  readonly foreign: number;
  readonly malformed: number;
  /** The first trouble the source reported (e.g. a queue it could not read). */
  readonly trouble?: string;
}

export function parseEventTally(text: string | undefined): EventTally | undefined {
  const v = parseAnnotation(text);
  if (!v) return undefined;
  const trouble = typeof v['trouble'] === 'string' ? { trouble: v['trouble'].slice(0, 300) } : {};
  return { matched: count(v['matched']), kept: count(v['kept']), duplicates: count(v['duplicates']), foreign: count(v['foreign']), malformed: count(v['malformed']), ...trouble };
}

/** The events a test attached, oldest first; odd attachments count as nothing. */
export function eventsEvidenceOf(result: Pick<TestResult, 'attachments'>): ReceivedEvidence[] {
  const out: ReceivedEvidence[] = [];
  for (const attachment of result.attachments) {
    if (attachment.name !== EVENTS_ATTACHMENT) continue;
    try {
      const text = attachment.body ? attachment.body.toString('utf8') : attachment.path && existsSync(attachment.path) ? readFileSync(attachment.path, 'utf8') : undefined;
      const parsed: unknown = text === undefined ? [] : JSON.parse(text);
      for (const item of Array.isArray(parsed) ? parsed : []) {
        const r = record(item);
        if (r && typeof r['receivedAt'] === 'string') out.push({ receivedAt: r['receivedAt'], event: r['event'] });
      }
    } catch {
      // unreadable evidence is not a verdict
    }
  }
  return out.slice(0, MAX_EVENTS_PER_REQUIREMENT);
}

function sourceOf(config: KitConfig): string {
  const source = config.events.source;
  if (source.kind === 'storage-queue') return `Storage queue "${source.queueName}"`;
  if (source.kind === 'webhook') return config.embeddedEmulator ? 'webhook (subscribed to the embedded emulator)' : `webhook${source.publicUrl ? ` at ${source.publicUrl}` : ''}`;
  return 'none';
}

/** One line for the console, the banner and conformance.json. */
export function summariseEvents(config: KitConfig | undefined, report: ConformanceReport, tallies: readonly EventTally[]): EventsSummary | undefined {
  const ours = report.requirements.filter((r) => r.area === 'events');
  if (!config || ours.length === 0) return undefined;
  const source = sourceOf(config);
  const skipped = ours.filter((r) => r.status === 'skipped').length;
  if (config.events.source.kind === 'none' || skipped === ours.length) {
    const why = config.events.required ? 'no event source configured, and JOBROUTER_EVENTS_REQUIRED=1 makes that an error' : 'no event source configured';
    return { source, checked: false, line: `not checked — ${why}; ${ours.length} event requirement(s) ${config.events.required ? 'in error' : 'skipped'}` };
  }
  const last = tallies.reduce<EventTally | undefined>((best, t) => (!best || t.kept > best.kept ? t : best), undefined);
  const counts = last ? ` · ${last.kept} events of this run received, ${last.duplicates} duplicate deliveries and ${last.foreign} events of other resources ignored, ${last.malformed} malformed` : '';
  const trouble = tallies.find((t) => t.trouble)?.trouble;
  return { source, checked: true, line: `via ${source}${counts}${trouble ? ` · the source reported: ${trouble}` : ''}` };
}
