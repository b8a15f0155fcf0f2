import { errorText, progress } from './log.js';

/**
 * What the run started, stopped in reverse order at the end, on failure and on SIGINT/SIGTERM: each
 * step runs once, and a step that fails does not keep the others from running.
 */
export class Cleanup {
  private readonly steps: { readonly name: string; readonly run: () => Promise<void> }[] = [];
  private running: Promise<void> | undefined;

  add(name: string, run: () => Promise<void>): void {
    this.steps.push({ name, run });
  }

  runAll(): Promise<void> {
    this.running ??= this.runSteps();
    return this.running;
  }

  /** On SIGINT or SIGTERM: clean up, then exit 130. */
  onSignals(): void {
    const handler = (signal: NodeJS.Signals): void => {
      progress('cleanup', `${signal}: stopping everything the run started`);
      void this.runAll().finally(() => process.exit(130));
    };
    process.once('SIGINT', handler);
    process.once('SIGTERM', handler);
  }

  private async runSteps(): Promise<void> {
    for (const step of this.steps.reverse()) {
      try {
        await step.run();
      } catch (error) {
        progress('cleanup', `${step.name}: ${errorText(error)}`);
      }
    }
  }
}
