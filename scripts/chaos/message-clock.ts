import type { SmtpSink } from '../../test/support/smtp-sink.js';

/** When each message reached the SMTP sink (the sink keeps no time): polled, so to within `everyMs`. */
export class MessageClock {
  readonly arrivals: number[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly sink: SmtpSink, everyMs = 100) {
    this.timer = setInterval(() => this.tick(), everyMs);
  }

  private tick(): void {
    while (this.arrivals.length < this.sink.messages.length) this.arrivals.push(Date.now());
  }

  stop(): void {
    this.tick();
    clearInterval(this.timer);
  }
}
