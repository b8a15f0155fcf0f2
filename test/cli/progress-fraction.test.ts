import { describe, expect, it } from 'vitest';
import { fractionBetween } from '../../infra/cli/progress-bar.js';

describe('progress between sparse positions', () => {
  it('measures from the first event, not from zero: positions of a Postgres store start far above it', () => {
    const first = 7_990_149_120n;
    expect(fractionBetween(first, first, first + 1_000n)).toBe(0);
    expect(fractionBetween(first, first + 250n, first + 1_000n)).toBe(0.25);
    expect(fractionBetween(first, first + 1_000n, first + 1_000n)).toBe(1);
  });

  it('is complete when there is nothing between the first event and the head', () => {
    expect(fractionBetween(5n, 5n, 5n)).toBe(1);
    expect(fractionBetween(-1n, -1n, -1n)).toBe(1);
  });
});
