import { createServer, type Server as TcpServer, type Socket } from 'node:net';
import { Server, ServerCredentials, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';

export interface ServiceBinding {
  readonly definition: ServiceDefinition;
  readonly implementation: UntypedServiceImplementation;
}

/**
 * One run of the server: a TCP listener on 127.0.0.1 whose connections are handed to a gRPC server.
 * Owning the sockets lets `kill` drop them like a crashed process would, which a gRPC shutdown
 * (GOAWAY, RST_STREAM CANCEL) would not: clients must see the connection go (UNAVAILABLE).
 */
export class Listener {
  private constructor(
    private readonly tcp: TcpServer,
    private readonly grpc: Server,
    private readonly sockets: Set<Socket>,
    private readonly run: AbortController,
  ) {}

  /** `services` gets a signal that aborts when this run is killed, for the calls that outlive a request. */
  static async open(port: number, services: (runSignal: AbortSignal) => readonly ServiceBinding[]): Promise<Listener> {
    const run = new AbortController();
    const grpc = new Server();
    for (const { definition, implementation } of services(run.signal)) grpc.addService(definition, implementation);
    const injector = grpc.createConnectionInjector(ServerCredentials.createInsecure());
    const sockets = new Set<Socket>();
    const tcp = createServer((socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      injector.injectConnection(socket);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(port, '127.0.0.1', () => {
          tcp.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      grpc.forceShutdown();
      throw error;
    }
    return new Listener(tcp, grpc, sockets, run);
  }

  get port(): number {
    const address = this.tcp.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  /** Drops every connection at once and stops listening; nothing more is answered. */
  async kill(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.tcp.close(() => resolve()));
    for (const socket of this.sockets) socket.resetAndDestroy();
    this.run.abort();
    this.grpc.forceShutdown();
    await closed;
  }
}
