import { z } from 'zod';

/** Emails are compared, reserved and stored trimmed and in lower case. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EmailShape = z.email();

export function isEmailShaped(normalizedEmail: string): boolean {
  return EmailShape.safeParse(normalizedEmail).success;
}
