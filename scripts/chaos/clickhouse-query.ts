/** One query over ClickHouse's HTTP interface (works on 18.16): the answer's text, trimmed. */
export async function clickHouseText(server: string, sql: string): Promise<string> {
  const response = await fetch(`${server}/`, { method: 'POST', body: sql, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`ClickHouse ${response.status}: ${text.slice(0, 300)}`);
  return text.trim();
}

export async function clickHouseNumber(server: string, sql: string): Promise<number> {
  const text = await clickHouseText(server, sql);
  const value = Number(text === '' ? '0' : text);
  if (!Number.isFinite(value)) throw new Error(`ClickHouse answered ${text} to ${sql}`);
  return value;
}
