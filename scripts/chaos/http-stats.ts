/** What the load generator saw: answers by status, transport errors (by request and cause), and every 500 in detail. */
export class HttpStats {
  readonly byStatus = new Map<number, number>();
  transportErrors = 0;
  readonly transportErrorsByRequest = new Map<string, number>();
  readonly serverErrors: string[] = [];

  /** No answer: `request` is method and route, `cause` e.g. a timeout or a refused connection. */
  recordTransportError(request: string, cause: string): void {
    this.transportErrors++;
    const key = `${request} (${cause})`;
    this.transportErrorsByRequest.set(key, (this.transportErrorsByRequest.get(key) ?? 0) + 1);
  }

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

  /** The requests that most often got no answer. */
  transportErrorSummary(top = 8): string {
    return [...this.transportErrorsByRequest.entries()]
      .sort(([, a], [, b]) => b - a)
      .slice(0, top)
      .map(([request, count]) => `${request}: ${count}`)
      .join('; ');
  }
}
