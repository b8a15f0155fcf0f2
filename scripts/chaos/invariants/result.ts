export interface InvariantResult {
  readonly name: string;
  readonly pass: boolean;
  /** What was compared, in a line or a few. */
  readonly detail: string;
}

/** A check that could not run counts as failed, with its error as the detail. */
export async function checked(name: string, check: () => Promise<Omit<InvariantResult, 'name'>>): Promise<InvariantResult> {
  try {
    return { name, ...(await check()) };
  } catch (error) {
    return { name, pass: false, detail: `the check failed to run: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** At most `limit` examples, for a failure's detail. */
export const examples = (items: readonly string[], limit = 5): string => (items.length === 0 ? '' : ` e.g. ${items.slice(0, limit).join('; ')}${items.length > limit ? ` (+${items.length - limit} more)` : ''}`);
