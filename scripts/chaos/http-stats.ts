/** What the load generator saw: answers by status, transport errors, and every 500 in detail. */
export class HttpStats {
  readonly byStatus = new Map<number, number>();
  transportErrors = 0;
  readonly serverErrors: string[] = [];

  record(status: number, what: string, body: string): void {
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    if (status >= 500 && status !== 503) this.serverErrors.push(`${status} ${what}: ${body.slice(0, 300)}`);
  }

  get total(): number {
    let sum = 0;
    for (const count of this.byStatus.values()) sum += count;
    return sum;
  }

  summary(): string {
    const statuses = [...this.byStatus.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${status}:${count}`);
    return `${this.total} answers (${statuses.join(' ')}), ${this.transportErrors} transport errors`;
  }
}
