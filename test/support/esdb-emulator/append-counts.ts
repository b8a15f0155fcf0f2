/** How many appends each method served, so tests can tell which path the client took. */
export interface AppendCounts {
  Append: number;
  BatchAppend: number;
}
