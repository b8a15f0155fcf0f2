import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ReceivedRequest {
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

/** Decides the status of each request from what arrived so far (the request included). */
export type Responder = (request: ReceivedRequest, received: readonly ReceivedRequest[]) => number;

/** A real HTTP server on 127.0.0.1 that keeps every JSON request it gets and answers as told, for the tests. */
export class HttpSink {
  readonly requests: ReceivedRequest[] = [];
  private readonly server: Server;
  private port = 0;

  private constructor(respond: Responder) {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const received: ReceivedRequest = { method: request.method ?? '', headers: request.headers, body: text === '' ? undefined : JSON.parse(text) };
        this.requests.push(received);
        response.writeHead(respond(received, this.requests), { 'content-type': 'application/json' }).end('{}');
      });
    });
  }

  static async start(respond: Responder = () => 200): Promise<HttpSink> {
    const sink = new HttpSink(respond);
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
    const address = sink.server.address();
    if (address === null || typeof address === 'string') throw new Error('the HTTP sink has no port');
    sink.port = address.port;
    return sink;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/notify`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
