/** Collects a statement's values as numbered parameters, so SQL text never holds a value. */
export class SqlParameters {
  private readonly collected: unknown[] = [];

  /** The placeholder of a new parameter, cast to `type` (a fixed SQL type name, never input). */
  add(value: unknown, type: string): string {
    this.collected.push(value);
    return `$${this.collected.length}::${type}`;
  }

  get values(): readonly unknown[] {
    return this.collected;
  }
}
