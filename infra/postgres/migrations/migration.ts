/** One schema change. Versions are applied in ascending order, each exactly once. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
