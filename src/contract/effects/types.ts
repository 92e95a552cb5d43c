/**
 * The vocabulary of the effect model: what the kit could read before and after an action, what it predicts, and what
 * it found. Pure data: no HTTP, no Playwright, so the model is unit-tested on its own (tests/contract/effects*.spec.ts).
 */

/** The actions the model predicts. `delete` is the job DELETE the specs do after a close or a cancel. */
export type ActionKind = 'accept' | 'decline' | 'complete' | 'close' | 'cancel' | 'delete';

/** The ids an action is about. `workerId` is the worker whose offers or capacity the action may change. */
export interface Subject {
  readonly jobId: string;
  readonly workerId?: string;
  readonly offerId?: string;
  readonly assignmentId?: string;
}

/** A router event as the kit received it, reduced to what the model judges. `name` is short: `RouterJobClosed`. */
export interface SeenEvent {
  readonly id: string;
  readonly name: string;
  readonly subject: string;
  /** The event's own time (ms since the epoch, target's clock); NaN when it carries none. */
  readonly time: number;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Everything the kit could read about a subject at one moment. */
export interface Snapshot {
  /** The job's body; `null` when the job reads 404. */
  readonly job: unknown;
  /** The worker's body; `null` when it reads 404, `undefined` when the subject names no worker. */
  readonly worker: unknown;
  /** Events about the subject seen so far; `undefined` when the run has no event source. */
  readonly events: readonly SeenEvent[] | undefined;
  /** The target's Date header of the reads (ms; whole seconds), when they carried one. */
  readonly date?: number | undefined;
}

/** The action's answer, as the model judges it. */
export interface ActionResponse {
  readonly status: number;
  readonly contentType?: string | undefined;
  readonly body: unknown;
  /** The answer's Date header (ms, whole seconds). */
  readonly date?: number | undefined;
}

/** What the action was sent with and when it can have been processed, on the target's clock. */
export interface ActionInput {
  /** The JSON body sent; `undefined` when none was sent (an empty request). */
  readonly body?: unknown;
  /**
   * The target's clock bounds of the moment the action took effect: from the Date header read before it (the server's
   * time was at least that) to one second past the Date header of its answer (the header truncates to seconds).
   */
  readonly window: { readonly from: number; readonly to: number };
  /** How late after closeAt a deferred close may take effect (JOBROUTER_CLOSE_AT_TOLERANCE_MS). */
  readonly closeAtToleranceMs: number;
  /** A close with a future closeAt: judge the state while it is `pending`, or once it is `due` (default). */
  readonly phase?: 'pending' | 'due';
}

export const ABSENT: unique symbol = Symbol('absent');
export type Value = unknown | typeof ABSENT;

export type Expectation =
  | { readonly kind: 'exact'; readonly value: unknown }
  | { readonly kind: 'one-of'; readonly values: readonly Value[] }
  /** A date-time in [from, to] (target clock, inclusive); `orAbsent` lets it be missing. */
  | { readonly kind: 'instant'; readonly from: number; readonly to: number; readonly orAbsent?: boolean }
  | { readonly kind: 'absent' }
  /** Equal to the value before the action (date-times compared as instants); the frame condition. */
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'may-change' }
  /** A property that must hold of the value; `what` says it in words for the finding. */
  | { readonly kind: 'satisfies'; readonly what: string; readonly test: (after: Value, before: Value, context: JudgeContext) => boolean };

/** What a `satisfies` rule may look at besides the value: the whole trees and when the after-read was answered. */
export interface JudgeContext {
  readonly before: Readonly<Record<string, unknown>>;
  readonly after: Readonly<Record<string, unknown>>;
  /** The after-read's Date header (ms, target clock), when known. */
  readonly date: number | undefined;
}

/** Path segments; `*` matches one segment, `**` any rest (at the end only). */
export type Pattern = readonly string[];

export interface Rule {
  readonly path: Pattern;
  readonly expect: Expectation;
  /** The sentence (document and section) that says so; for `may-change`, why the property may change on its own. */
  readonly why: string;
}

/** An event that must follow the action, with the data it must carry. */
export interface EventExpectation {
  readonly name: string;
  /** Picks this action's event among the new ones (e.g. data.offerId = the offer). */
  readonly key: { readonly property: string; readonly value: string };
  /**
   * The event's subject, when no event carries the key: the subject names the resources too (`worker/{w}/job/{j}`),
   * so an event that dropped or altered its key property is still found, and judged, rather than taken as not sent.
   */
  readonly subject?: string;
  readonly data: Readonly<Record<string, Expectation>>;
  readonly why: string;
  /** Events of a deferred close: their own time must lie in this window (target clock). */
  readonly time?: { readonly from: number; readonly to: number };
}

export interface Prediction {
  readonly action: ActionKind;
  readonly subject: Subject;
  /** `applied`: the documented effect; `refused`: a 4xx and nothing changes (invalid input or a state the action does not apply in). */
  readonly outcome: 'applied' | 'refused';
  /** Why the outcome was chosen (input valid? state?). */
  readonly reason: string;
  /** Rules over the trees `response`, `job` and `worker`; the first that matches a path wins; unmatched paths are unchanged. */
  readonly rules: readonly Rule[];
  /** The trees before the action (canonical: see tree.ts). */
  readonly before: Readonly<Record<string, unknown>>;
  readonly events: {
    readonly must: readonly EventExpectation[];
    /** Names that must not follow the action for this subject (keyed like `must`). */
    readonly mustNot: readonly { readonly name: string; readonly key: { readonly property: string; readonly value: string }; readonly why: string }[];
  };
}

export interface Finding {
  /** Dotted path (`job.notes.0.addedAt`) or `event RouterJobClosed.data.queueId`. */
  readonly path: string;
  readonly expected: string;
  readonly observed: string;
  readonly why: string;
  /** An event that was not received at all: a subscription may leave its type out, so a caller may judge only data. */
  readonly missing?: boolean;
}
