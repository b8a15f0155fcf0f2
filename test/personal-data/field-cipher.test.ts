import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptField, encryptField, isEncrypted, PersonalDataCorruptedError } from '../../infra/personal-data/field-cipher.js';

describe('personal field encryption', () => {
  const key = randomBytes(32);

  it('gives a different text each time that decrypts to the value', () => {
    const first = encryptField(key, 'user-1', 'Ada Lovelace');
    const second = encryptField(key, 'user-1', 'Ada Lovelace');
    expect(first).not.toBe(second);
    expect(isEncrypted(first)).toBe(true);
    expect(isEncrypted('Ada Lovelace')).toBe(false);
    expect(decryptField(key, 'user-1', first)).toBe('Ada Lovelace');
  });

  it('refuses a value altered, moved to another person, or read with another key', () => {
    const stored = encryptField(key, 'user-1', 'ada@example.test');
    const bytes = Buffer.from(stored.slice('enc:v1:'.length), 'base64');
    bytes[14] = (bytes[14] ?? 0) ^ 1;
    expect(() => decryptField(key, 'user-1', `enc:v1:${bytes.toString('base64')}`)).toThrow(PersonalDataCorruptedError);
    expect(() => decryptField(key, 'user-2', stored)).toThrow(PersonalDataCorruptedError);
    expect(() => decryptField(randomBytes(32), 'user-1', stored)).toThrow(PersonalDataCorruptedError);
    expect(() => decryptField(key, 'user-1', 'enc:v1:AAAA')).toThrow(PersonalDataCorruptedError);
  });
});
