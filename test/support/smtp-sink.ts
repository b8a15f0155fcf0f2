import { SMTPServer } from 'smtp-server';

export interface ReceivedEmail {
  /** Header names in lower case, folded lines unfolded. */
  readonly headers: ReadonlyMap<string, string>;
  readonly envelopeTo: readonly string[];
  readonly raw: string;
}

function headersOf(raw: string): Map<string, string> {
  const end = raw.indexOf('\r\n\r\n');
  const unfolded = (end === -1 ? raw : raw.slice(0, end)).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of unfolded.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/** A real SMTP server on 127.0.0.1 that keeps every message it accepts (no TLS, no auth), for the tests. */
export class SmtpSink {
  readonly messages: ReceivedEmail[] = [];
  private readonly server: SMTPServer;
  private port = 0;

  /** `delayMs` holds each message that long before accepting it; `onMessage` runs before it is accepted. */
  private constructor(delayMs: number, onMessage: () => Promise<void>) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 1_000,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          setTimeout(() => {
            this.messages.push({ headers: headersOf(raw), envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw });
            void onMessage().then(() => callback());
          }, delayMs);
        });
      },
    });
  }

  /** Listens on `port` (any free one by default). */
  static async start(port = 0, options: { delayMs?: number; onMessage?: () => Promise<void> } = {}): Promise<SmtpSink> {
    const sink = new SmtpSink(options.delayMs ?? 0, options.onMessage ?? (() => Promise.resolve()));
    await new Promise<void>((resolve, reject) => {
      sink.server.once('error', reject);
      sink.server.listen(port, '127.0.0.1', () => resolve());
    });
    const address = sink.server.server.address();
    if (address === null || typeof address === 'string') throw new Error('the SMTP sink has no port');
    sink.port = address.port;
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** How many messages arrived with each Message-ID. */
  countsByMessageId(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const message of this.messages) {
      const id = message.headers.get('message-id') ?? '';
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
