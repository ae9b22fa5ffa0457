import { createHash } from 'node:crypto';

/**
 * Hex SHA-256 of a high-entropy secret (refresh token, API key): enough to store it
 * unrecoverably, since such secrets cannot be guessed (passwords use argon2id instead).
 */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
