/** A wait that `wake()` cuts short; a wake that arrives while nobody waits makes the next wait return at once. */
export class Sleeper {
  private pending = false;
  private waiter: (() => void) | undefined;

  wake(): void {
    this.pending = true;
    this.waiter?.();
  }

  async sleep(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiter = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiter = done;
    });
    this.pending = false;
  }
}

/**
 * Runs `work` until it succeeds, waiting with capped exponential backoff after each transient
 * failure; `undefined` once `isStopped` says to give up. Other failures are thrown.
 */
export async function retryWhileTransient<T>(
  work: () => Promise<T>,
  options: { readonly sleeper: Sleeper; readonly isTransient: (error: unknown) => boolean; readonly isStopped: () => boolean; readonly maxDelayMs: number },
): Promise<T | undefined> {
  let delay = 50;
  while (!options.isStopped()) {
    try {
      return await work();
    } catch (error) {
      if (!options.isTransient(error)) throw error;
      await options.sleeper.sleep(delay);
      delay = Math.min(delay * 2, options.maxDelayMs);
    }
  }
  return undefined;
}
