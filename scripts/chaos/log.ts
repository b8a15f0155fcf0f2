/** Progress for the operator, on stderr: `[chaos  42.1s] phase: message`. */
const started = Date.now();

export function progress(phase: string, message: string): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[chaos ${seconds}s] ${phase}: ${message}\n`);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
