import { createHash } from 'node:crypto';

/** One issued refresh token, as stored: its SHA-256, never the token itself. */
export interface RefreshTokenRecord {
  readonly tokenHash: string;
  /** The session: every token rotated from one sign-in shares it. */
  readonly familyId: string;
  readonly userId: string;
  readonly expiresAt: Date;
  readonly createdAt: Date;
}

/** `consumed`: this caller used it first. `reused`: someone already did (theft or a race). `unknown`: never issued here. */
export type ConsumeOutcome =
  | { readonly kind: 'consumed'; readonly record: RefreshTokenRecord }
  | { readonly kind: 'reused'; readonly record: RefreshTokenRecord }
  | { readonly kind: 'unknown' };

// #region port
/**
 * Server-side state of refresh tokens. One contract suite holds the in-memory and MongoDB adapters to it.
 * `consume` is the heart: atomic, so of two concurrent uses of one token exactly one gets `consumed`.
 */
export interface RefreshTokenStore {
  save(record: RefreshTokenRecord): Promise<void>;
  consume(tokenHash: string, at: Date): Promise<ConsumeOutcome>;
  /** Revokes every token of the family, used or not, and every access token that names it. Idempotent. */
  revokeFamily(familyId: string, at: Date): Promise<void>;
  isFamilyRevoked(familyId: string): Promise<boolean>;
}
// #endregion port

/**
 * SHA-256 of a refresh token, hex. A fast hash is enough here (unlike passwords): the token is 256+ bits of signed
 * randomness, so a stolen database cannot be turned back into tokens by guessing.
 */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
