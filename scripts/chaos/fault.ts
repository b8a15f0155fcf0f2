/** Something the run takes down for a while and brings back. */
export interface Fault {
  readonly name: string;
  /** How it is done, for the report (e.g. "SIGKILL, restart" or "TCP proxy cut"). */
  readonly how: string;
  down(): Promise<void>;
  up(): Promise<void>;
}
