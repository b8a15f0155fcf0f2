import { z } from 'zod';
import type { Projection } from '../../projections/projection.js';
import { readModelProjections } from '../../projections/read-models.js';
import { NOTHING_PROCESSED } from '../../projections/runner/checkpoints.js';
import { backlogsAt, storeBacklog } from '../../projections/runner/event-backlog.js';
import { listParkedEvents, retryParkedEvent } from '../../projections/runner/parked-events.js';
import { rebuildProjections } from '../../projections/runner/rebuild.js';
import { parse, runSubcommand, UsageError, withTools } from './cli-tools.js';
import { formatCount, fractionBetween, ProgressBar } from './progress-bar.js';

export const PROJECTIONS_USAGE = `  projections list [--json]
                 each read model: checkpoint, lease holder, events behind and lag, parked events
  projections rebuild <name>...|--all
                 rebuild read models from the whole history into fresh tables, then swap them in
                 (the live tables keep answering meanwhile)
  projections parked [--projection <name>]
                 list the events projections set aside after failing to apply them
  projections retry <id>|--all [--projection <name>]
                 apply parked events again; exit code 1 if any still fails`;

const names = readModelProjections.map((projection) => projection.name);

function knownProjection(name: string): Projection {
  const projection = readModelProjections.find((candidate) => candidate.name === name);
  if (projection === undefined) throw new UsageError(`no projection named "${name}"; the projections are: ${names.join(', ')}`);
  return projection;
}

/** Columns padded to their widest cell; the last one is left as is (errors can be long). */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ');
  return `${[header, ...rows].map(line).join('\n')}\n`;
}

const CheckpointRowsSchema = z.array(z.object({ name: z.string(), position: z.string() }));
const LeaseRowsSchema = z.array(z.object({ name: z.string(), owner: z.string(), expires_at: z.string() }));
const ParkedCountRowsSchema = z.array(z.object({ projection: z.string(), parked: z.number().int() }));

async function list(args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError(`projections list takes no arguments, got "${positionals.join(' ')}"`);
  const states = await withTools(readModelProjections, async ({ db, store }) => {
    // Read only: a checkpoint row appears with the projection's first run.
    const checkpoints = CheckpointRowsSchema.parse((await db.query('SELECT name, position::text AS position FROM projection_checkpoints')).rows);
    const leases = LeaseRowsSchema.parse(
      (await db.query(`SELECT name, owner, to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS expires_at FROM projection_leases WHERE expires_at > now()`)).rows,
    );
    const parked = ParkedCountRowsSchema.parse((await db.query('SELECT projection, count(*)::int AS parked FROM projection_parked_events GROUP BY projection')).rows);
    const positions = new Map(names.map((name) => [name, BigInt(checkpoints.find((row) => row.name === name)?.position ?? NOTHING_PROCESSED)]));
    const now = Date.now();
    return [...(await backlogsAt(positions, storeBacklog(store)))].map(([name, { events, more, oldestRecordedAt }]) => {
      const position = positions.get(name) ?? NOTHING_PROCESSED;
      const lease = leases.find((row) => row.name === name);
      return {
        name,
        checkpoint: position === NOTHING_PROCESSED ? null : position.toString(),
        lease: lease === undefined ? null : { owner: lease.owner, expiresAt: lease.expires_at },
        behind: { events, more },
        lagSeconds: oldestRecordedAt === undefined ? 0 : Math.max(0, Math.round(now - oldestRecordedAt.getTime()) / 1_000),
        parked: parked.find((row) => row.projection === name)?.parked ?? 0,
      };
    });
  });
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify(states, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(
    table(
      ['PROJECTION', 'CHECKPOINT', 'LEASE', 'BEHIND', 'LAG', 'PARKED'],
      states.map((state) => [
        state.name,
        state.checkpoint ?? 'none',
        state.lease === null ? 'free' : `${state.lease.owner} until ${state.lease.expiresAt}`,
        `${formatCount(state.behind.events)}${state.behind.more ? '+' : ''}`,
        `${state.lagSeconds.toFixed(1)} s`,
        String(state.parked),
      ]),
    ),
  );
  return 0;
}

async function rebuild(args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, { all: { type: 'boolean' } });
  if ((values.all === true) === (positionals.length > 0)) throw new UsageError('projections rebuild needs projection names or --all (not both)');
  const projections = values.all === true ? readModelProjections : [...new Set(positionals)].map(knownProjection);
  const label = projections.map((projection) => projection.name).join(', ');
  return withTools(readModelProjections, async ({ db, store }) => {
    const startedAt = performance.now();
    const [first] = await store.readAll({ maxCount: 1 });
    const bar = new ProgressBar(process.stderr);
    const result = await rebuildProjections(db, store, projections, {
      onProgress: (progress) => bar.update({ events: progress.events, fraction: fractionBetween(first?.position ?? NOTHING_PROCESSED, progress.position, progress.head) }),
    });
    bar.finish();
    const seconds = (performance.now() - startedAt) / 1_000;
    const checkpoint = result.position === NOTHING_PROCESSED ? 'none (the store is empty)' : result.position.toString();
    process.stdout.write(`rebuilt ${label}: ${formatCount(result.events)} events in ${seconds.toFixed(1)} s (${formatCount(result.events / seconds)} events/s); checkpoint ${checkpoint}\n`);
    return 0;
  });
}

async function parked(args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, { projection: { type: 'string' } });
  if (positionals.length > 0) throw new UsageError(`projections parked takes no arguments, got "${positionals.join(' ')}"`);
  const projection = values.projection === undefined ? undefined : knownProjection(values.projection).name;
  const events = await withTools(readModelProjections, ({ db }) => listParkedEvents(db, projection));
  if (events.length === 0) {
    process.stdout.write('no parked events\n');
    return 0;
  }
  process.stdout.write(
    table(
      ['ID', 'PROJECTION', 'POSITION', 'TYPE', 'STREAM', 'ATTEMPTS', 'PARKED AT', 'ERROR'],
      events.map((event) => [event.id, event.projection, event.position.toString(), event.type, event.streamId, String(event.attempts), event.parkedAt, event.error.replace(/\s+/g, ' ')]),
    ),
  );
  return 0;
}

const ParkedIdSchema = z.string().regex(/^[1-9]\d{0,18}$/, 'a parked event id is a positive whole number');

async function retry(args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, { all: { type: 'boolean' }, projection: { type: 'string' } });
  if ((values.all === true) === (positionals.length > 0) || positionals.length > 1) throw new UsageError('projections retry needs one parked event id or --all');
  const id = positionals[0] === undefined ? undefined : ParkedIdSchema.safeParse(positionals[0]);
  if (id?.success === false) throw new UsageError(`"${positionals[0] ?? ''}": ${id.error.issues.map((issue) => issue.message).join('; ')}`);
  const projection = values.projection === undefined ? undefined : knownProjection(values.projection).name;
  return withTools(readModelProjections, async ({ db, store }) => {
    const chosen = (await listParkedEvents(db, projection)).filter((event) => id === undefined || event.id === id.data);
    if (chosen.length === 0) {
      if (id === undefined) {
        process.stdout.write('no parked events\n');
        return 0;
      }
      process.stderr.write(`shopverse: no parked event with id ${id.data}${projection === undefined ? '' : ` for projection ${projection}`}\n`);
      return 2;
    }
    let failed = 0;
    for (const event of chosen) {
      const outcome = await retryParkedEvent(db, store, readModelProjections, event);
      if (!outcome.ok) failed++;
      process.stdout.write(`${event.id} ${event.projection} ${event.type} at ${event.position.toString()}: ${outcome.ok ? 'applied' : `still failing: ${outcome.error}`}\n`);
    }
    process.stdout.write(`${formatCount(chosen.length - failed)} applied, ${formatCount(failed)} still failing\n`);
    return failed === 0 ? 0 : 1;
  });
}

const subcommands = new Map<string, (args: readonly string[]) => Promise<number>>([
  ['list', list],
  ['rebuild', rebuild],
  ['parked', parked],
  ['retry', retry],
]);

/** `shopverse projections …`: resolves with the exit code. */
export function projectionsCommand(args: readonly string[]): Promise<number> {
  return runSubcommand('projections', PROJECTIONS_USAGE, subcommands, args);
}
