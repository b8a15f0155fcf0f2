import type { IServerFeaturesServer } from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
import type { IStreamsServer } from '@eventstore/db-client/generated/streams_grpc_pb.js';
import type { AppendCounts } from './append-counts.js';
import { appendHandler } from './append.js';
import { batchAppendHandler } from './batch-append.js';
import { deleteHandler, tombstoneHandler } from './delete.js';
import { EventLog } from './event-log.js';
import { Listener, type ServiceBinding } from './listener.js';
import { ServerFeaturesService, StreamsService } from './protocol.js';
import { readHandler } from './read.js';
import { serverFeaturesHandler } from './server-features.js';
import { writeSystemEvents } from './system-events.js';

export interface EsdbEmulatorOptions {
  /** 0 (the default) picks a free port; `restart` keeps it. */
  readonly port?: number;
  /** Advertise Streams.BatchAppend (default true); without it the client appends with Streams.Append. */
  readonly batchAppend?: boolean;
  /** Put `$`-prefixed system events into `$all` as a real node does (default true). */
  readonly systemEvents?: boolean;
}

/**
 * An EventStoreDB 23.10 node as the `@eventstore/db-client` sees it over gRPC, on 127.0.0.1,
 * without TLS or authentication, keeping its log in memory. Test support, not a store.
 */
export class EsdbEmulator {
  private readonly log = new EventLog();
  private readonly counts: AppendCounts = { Append: 0, BatchAppend: 0 };
  private listener: Listener | undefined;
  private closed = false;

  private constructor(
    private port: number,
    private readonly batchAppend: boolean,
  ) {}

  static async start(options: EsdbEmulatorOptions = {}): Promise<EsdbEmulator> {
    const emulator = new EsdbEmulator(options.port ?? 0, options.batchAppend ?? true);
    await emulator.listen();
    if (options.systemEvents ?? true) writeSystemEvents(emulator.log, `127.0.0.1:${emulator.port}`);
    return emulator;
  }

  /** The connection string: single node, no TLS. */
  get url(): string {
    return `esdb://127.0.0.1:${this.port}?tls=false`;
  }

  /** How many appends were served through Streams.Append or Streams.BatchAppend. */
  appendCount(method: keyof AppendCounts): number {
    return this.counts[method];
  }

  /** Like a crash: every call ends at once with the connection, and the port closes; the log stays in memory. */
  async stop(): Promise<void> {
    const listener = this.listener;
    this.listener = undefined;
    await listener?.kill();
  }

  /** Serves the same log on the same port again (stopping first if running). */
  async restart(): Promise<void> {
    if (this.closed) throw new Error('the emulator is closed');
    await this.stop();
    await this.listen();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.stop();
  }

  private async listen(): Promise<void> {
    this.listener = await Listener.open(this.port, (runSignal) => this.services(runSignal));
    this.port = this.listener.port;
  }

  private services(runSignal: AbortSignal): ServiceBinding[] {
    const streams: IStreamsServer = {
      read: readHandler(this.log, runSignal),
      append: appendHandler(this.log, this.counts),
      batchAppend: batchAppendHandler(this.log, this.counts),
      delete: deleteHandler(this.log),
      tombstone: tombstoneHandler(this.log),
    };
    const serverFeatures: IServerFeaturesServer = { getSupportedMethods: serverFeaturesHandler({ batchAppend: this.batchAppend }) };
    return [
      { definition: StreamsService, implementation: streams },
      { definition: ServerFeaturesService, implementation: serverFeatures },
    ];
  }
}
