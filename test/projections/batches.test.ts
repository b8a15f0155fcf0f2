import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../infra/event-store/port.js';
import { inBatches } from '../../projections/runner/batches.js';
import { metadata } from '../support/events.js';

/** A source the test feeds by hand, as a live subscription is fed by appends. */
class Feed implements AsyncIterable<RecordedEvent> {
  private readonly buffered: RecordedEvent[] = [];
  private waiting: ((result: IteratorResult<RecordedEvent>) => void) | undefined;
  private position = 0n;
  private ended = false;

  push(count = 1): void {
    for (let i = 0; i < count; i++) {
      const event: RecordedEvent = { eventId: randomUUID(), type: 'Fed', streamId: 'feed-1', revision: this.position, position: this.position++, recordedAt: new Date(), data: {}, metadata: metadata() };
      const waiting = this.waiting;
      this.waiting = undefined;
      if (waiting === undefined) this.buffered.push(event);
      else waiting({ value: event, done: false });
    }
  }

  end(): void {
    this.ended = true;
    this.waiting?.({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return {
      next: () => {
        const event = this.buffered.shift();
        if (event !== undefined) return Promise.resolve({ value: event, done: false });
        if (this.ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.waiting = resolve));
      },
    };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function batchesOf(feed: Feed, maxSize: number, lingerMs: number, feeding: () => Promise<void>): Promise<{ sizes: number[]; at: number[] }> {
  const started = performance.now();
  const sizes: number[] = [];
  const at: number[] = [];
  const consuming = (async () => {
    for await (const batch of inBatches(feed, maxSize, lingerMs)) {
      sizes.push(batch.length);
      at.push(performance.now() - started);
    }
  })();
  await feeding();
  feed.end();
  await consuming;
  return { sizes, at };
}

describe('batches of a subscription', () => {
  it('without a linger: what is at hand goes together, what comes later goes alone', async () => {
    const feed = new Feed();
    feed.push(3);
    const { sizes } = await batchesOf(feed, 10, 0, async () => {
      await sleep(30);
      feed.push();
      await sleep(30);
    });
    expect(sizes).toEqual([3, 1]);
  });

  it('with a linger: waits after the first event for more, up to the linger', async () => {
    const feed = new Feed();
    const { sizes, at } = await batchesOf(feed, 10, 300, async () => {
      feed.push();
      await sleep(40);
      feed.push(2);
      await sleep(40);
      feed.push();
      await sleep(500);
      feed.push();
      await sleep(50);
    });
    expect(sizes).toEqual([4, 1]);
    expect(at[0]).toBeGreaterThanOrEqual(290);
  });

  it('with a linger: a full batch goes at once', async () => {
    const feed = new Feed();
    const { sizes, at } = await batchesOf(feed, 5, 10_000, async () => {
      feed.push(2);
      await sleep(20);
      feed.push(4);
      await sleep(20);
    });
    expect(sizes).toEqual([5, 1]);
    expect(at[0]).toBeLessThan(1_000);
  });
});
