import { createHash, randomBytes } from 'node:crypto';

export const REFRESH_TOKEN_DAYS = 30;

/** `<sessionId>.<secret>`: the session to rotate travels in the token; only the secret's hash is stored. */
export function newRefreshToken(sessionId: string): { token: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { token: `${sessionId}.${secret}`, hash: hashSecret(secret) };
}

export function parseRefreshToken(token: string): { sessionId: string; hash: string } | undefined {
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,})$/.exec(token);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { sessionId: match[1], hash: hashSecret(match[2]) };
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function refreshExpiry(now: Date): string {
  return new Date(now.getTime() + REFRESH_TOKEN_DAYS * 86_400_000).toISOString();
}
