import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { z } from 'zod';
import { auditEventOf } from '../../read-api/audit/audit-event.js';
import { readModelProjections } from '../../projections/read-models.js';
import { NOTHING_PROCESSED } from '../../projections/runner/checkpoints.js';
import { compareWithRebuild } from '../../projections/runner/read-model-comparison.js';
import { HistoryVerification } from '../../read-api/audit/history-verification.js';
import type { EventFilter, EventStore, RecordedEvent } from '../event-store/port.js';
import { readStreamIfExists } from '../event-store/read-stream-if-exists.js';
import { parse, runSubcommand, UsageError, withTools } from './cli-tools.js';
import { formatCount, fractionBetween, ProgressBar } from './progress-bar.js';

export const AUDIT_USAGE = `  audit export [--from <ISO time>] [--to <ISO time>] [--stream <id> | --category <name>] [--out <file>]
                 the events recorded in [from, to) as NDJSON, one event a line with its metadata
                 (secrets left out), to stdout or --out; progress on stderr
  audit verify   replays the whole history: every stream's revisions contiguous, every event's data
                 fitting its schema, every read model equal to one rebuilt from the history; each
                 finding a line of JSON on stdout, exit code 1 if any`;

const PAGE = 1_000;

const ExportOptionsSchema = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    stream: z.string().min(1).optional(),
    category: z.string().regex(/^[a-z][a-z-]*$/, 'a stream category such as order or notification-preferences').optional(),
    out: z.string().min(1).optional(),
  })
  .refine((options) => options.stream === undefined || options.category === undefined, { error: '--stream and --category exclude each other' });

type ExportOptions = z.infer<typeof ExportOptionsSchema>;

/** `$all` (or what the filter lets through) in the store's order, a page at a time, with how far along it is (0..1). */
async function* pagesOfAll(store: EventStore, filter: EventFilter = {}): AsyncGenerator<{ readonly events: readonly RecordedEvent[]; readonly fraction: number }> {
  const [head] = await store.readAll({ direction: 'backwards', maxCount: 1, filter });
  let from: bigint | 'start' = 'start';
  let first: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: PAGE, filter });
    const last = page.at(-1);
    if (last === undefined || head === undefined) return;
    first ??= page[0]?.position ?? last.position;
    yield { events: page, fraction: fractionBetween(first, last.position, head.position) };
    if (last.position >= head.position || page.length < PAGE) return;
    from = last.position + 1n;
  }
}

/** The events to export, in the store's order, a page at a time, with how far along they are (0..1). */
async function* eventsToExport(store: EventStore, options: ExportOptions): AsyncGenerator<{ readonly events: readonly RecordedEvent[]; readonly fraction: number }> {
  if (options.stream === undefined) {
    yield* pagesOfAll(store, options.category === undefined ? {} : { streamPrefixes: [`${options.category}-`] });
    return;
  }
  const events = await readStreamIfExists(store, options.stream);
  if (events !== undefined) yield { events, fraction: 1 };
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

async function exportEvents(args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, { from: { type: 'string' }, to: { type: 'string' }, stream: { type: 'string' }, category: { type: 'string' }, out: { type: 'string' } });
  if (positionals.length > 0) throw new UsageError(`audit export takes no arguments, got "${positionals.join(' ')}"`);
  const parsed = ExportOptionsSchema.safeParse(values);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || 'options'}: ${issue.message}`).join('; '));
  const options = parsed.data;
  const from = options.from === undefined ? -Infinity : Date.parse(options.from);
  const to = options.to === undefined ? Infinity : Date.parse(options.to);
  const out = options.out === undefined ? process.stdout : createWriteStream(options.out);
  const exported = await withTools([], async ({ store }) => {
    const bar = new ProgressBar(process.stderr);
    let read = 0;
    let written = 0;
    for await (const { events, fraction } of eventsToExport(store, options)) {
      const lines = events
        .filter((event) => event.recordedAt.getTime() >= from && event.recordedAt.getTime() < to)
        .map((event) => `${JSON.stringify(auditEventOf(event))}\n`);
      if (lines.length > 0) await write(out, lines.join(''));
      read += events.length;
      written += lines.length;
      bar.update({ fraction, events: read });
    }
    bar.finish();
    return written;
  });
  if (out !== process.stdout) {
    out.end();
    await once(out, 'finish');
  }
  process.stderr.write(`exported ${formatCount(exported)} events\n`);
  return 0;
}

/** Writes each finding as a line of JSON on stdout; how many there were. */
async function report(findings: readonly object[]): Promise<number> {
  if (findings.length > 0) await write(process.stdout, findings.map((found) => `${JSON.stringify(found)}\n`).join(''));
  return findings.length;
}

/**
 * Replays the whole history through the checks, then rebuilds every read model into shadow tables and
 * compares them with the live ones; every finding a line of JSON on stdout; exit 1 if any.
 */
async function verifyHistory(args: readonly string[]): Promise<number> {
  const { positionals } = parse(args, {});
  if (positionals.length > 0) throw new UsageError(`audit verify takes no arguments, got "${positionals.join(' ')}"`);
  const summary = await withTools(readModelProjections, async ({ db, store }) => {
    process.stderr.write('checking every stream and event ...\n');
    const verification = new HistoryVerification();
    const bar = new ProgressBar(process.stderr);
    let events = 0;
    let findings = 0;
    let first = NOTHING_PROCESSED;
    // The hash chain covers events as stored (personal fields encrypted); schemas are about what they read as.
    for await (const page of pagesOfAll(store.recorded)) {
      if (events === 0) first = page.events[0]?.position ?? first;
      const readable = await store.reveal(page.events);
      findings += await report(page.events.flatMap((event, index) => verification.check(event, readable[index])));
      events += page.events.length;
      bar.update({ fraction: page.fraction, events });
    }
    bar.finish();
    process.stderr.write('rebuilding the read models into shadow tables to compare with the live ones ...\n');
    const rebuildBar = new ProgressBar(process.stderr);
    const differences = await compareWithRebuild(db, store, readModelProjections, {
      onProgress: ({ events: rebuilt, position, head }) => rebuildBar.update({ fraction: fractionBetween(first, position, head), events: rebuilt }),
    });
    rebuildBar.finish();
    findings += await report(differences.map((difference) => ({ check: 'read-model', ...difference })));
    return { events, streams: verification.streams, findings };
  });
  const { events, streams, findings } = summary;
  process.stderr.write(`verified ${formatCount(events)} events of ${formatCount(streams)} streams and ${String(readModelProjections.length)} read models: ${findings === 0 ? 'no findings' : `${formatCount(findings)} findings`}\n`);
  return findings === 0 ? 0 : 1;
}

/** `shopverse audit …`: the exit code. */
export function auditCommand(args: readonly string[]): Promise<number> {
  return runSubcommand('audit', AUDIT_USAGE, new Map([
    ['export', exportEvents],
    ['verify', verifyHistory],
  ]), args);
}
