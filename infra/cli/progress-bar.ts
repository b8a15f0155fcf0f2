/** Where the bar goes: a terminal gets it redrawn in place, anything else (a pipe, a log file) plain lines. */
export interface ProgressOutput {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressSample {
  /** 0..1, an estimate. */
  readonly fraction: number;
  readonly events: number;
}

const WIDTH = 30;
const TTY_INTERVAL_MS = 100;
// Plain lines end up in logs: one every couple of seconds is enough to show it is alive.
const PLAIN_INTERVAL_MS = 2_000;

export const formatCount = (value: number): string => Math.round(value).toLocaleString('en-US');

/** Positions increase but are sparse: how far `position` lies between the first event's and the head's, as an estimate. */
export function fractionBetween(first: bigint, position: bigint, head: bigint): number {
  if (head <= first) return 1;
  return Number(position - first) / Number(head - first);
}

/** Progress of a long task, throttled: `[#####.....] 45%  90,000 events  25,000/s`. */
export class ProgressBar {
  private readonly startedAt = performance.now();
  private drawnAt = -Infinity;
  private latest: ProgressSample | undefined;
  private drawnLatest = false;

  constructor(private readonly out: ProgressOutput) {}

  update(sample: ProgressSample): void {
    this.latest = sample;
    this.drawnLatest = false;
    const now = performance.now();
    if (now - this.drawnAt < (this.out.isTTY === true ? TTY_INTERVAL_MS : PLAIN_INTERVAL_MS)) return;
    this.drawnAt = now;
    this.draw(sample);
  }

  /** Shows the last sample if the throttle held it back, and ends the bar's line. */
  finish(): void {
    if (this.latest === undefined) return;
    if (!this.drawnLatest) this.draw(this.latest);
    if (this.out.isTTY === true) this.out.write('\n');
  }

  private draw(sample: ProgressSample): void {
    this.drawnLatest = true;
    const fraction = Math.min(1, Math.max(0, sample.fraction));
    const seconds = Math.max((performance.now() - this.startedAt) / 1_000, 0.001);
    const figures = `${String(Math.floor(fraction * 100)).padStart(3)}%  ${formatCount(sample.events)} events  ${formatCount(sample.events / seconds)}/s`;
    if (this.out.isTTY !== true) {
      this.out.write(`${figures}\n`);
      return;
    }
    const filled = Math.round(fraction * WIDTH);
    // `\x1b[K` clears what a longer previous line left behind.
    this.out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${figures}\x1b[K`);
  }
}
