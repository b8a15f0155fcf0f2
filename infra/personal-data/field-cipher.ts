import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Marks a stored value as encrypted (AES-256-GCM), so values written before encryption are still read as they are. */
const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** An encrypted value that does not decrypt with its owner's key: altered, or encrypted for someone else. */
export class PersonalDataCorruptedError extends Error {
  override readonly name = 'PersonalDataCorruptedError';
}

export function isEncrypted(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

/** The value encrypted with the subject's key, bound to the subject (a value moved to another person's event does not decrypt). */
export function encryptField(key: Buffer, subject: string, value: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(subject));
  const encrypted = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, encrypted, cipher.getAuthTag()]).toString('base64');
}

export function decryptField(key: Buffer, subject: string, stored: string): string {
  const bytes = Buffer.from(stored.slice(PREFIX.length), 'base64');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new PersonalDataCorruptedError('an encrypted personal field is truncated');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(subject));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch (error) {
    throw new PersonalDataCorruptedError(`a personal field of ${subject} does not decrypt with their key`, { cause: error });
  }
}
