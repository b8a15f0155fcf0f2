import type { Logger } from 'pino';

/**
 * Retries `work` while `isTransient` says the failure may pass (a dependency still starting), with
 * capped exponential backoff, for at most `maxWaitMs`; then the last error is thrown.
 */
export async function retryWhileUnavailable<T>(
  what: string,
  work: () => Promise<T>,
  options: { readonly logger: Logger; readonly isTransient: (error: unknown) => boolean; readonly maxWaitMs: number },
): Promise<T> {
  const deadline = Date.now() + options.maxWaitMs;
  let delay = 250;
  for (;;) {
    try {
      return await work();
    } catch (error) {
      if (!options.isTransient(error) || Date.now() + delay > deadline) throw error;
      options.logger.warn({ err: error, retryInMs: delay }, `${what}: dependency unavailable, retrying`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 5_000);
    }
  }
}
