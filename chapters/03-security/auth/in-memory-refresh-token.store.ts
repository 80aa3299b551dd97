import type { ConsumeOutcome, RefreshTokenRecord, RefreshTokenStore } from './refresh-token.store.port.js';

/** Refresh tokens in maps, for tests and the demo. Each method runs without an `await` inside, so it is atomic. */
export class InMemoryRefreshTokenStore implements RefreshTokenStore {
  readonly #tokens = new Map<string, { record: RefreshTokenRecord; usedAt?: Date }>();
  readonly #revokedFamilies = new Map<string, Date>();

  async save(record: RefreshTokenRecord): Promise<void> {
    if (this.#tokens.has(record.tokenHash))
      throw new Error('a refresh token with this hash is already stored: hashes must be unique');
    this.#tokens.set(record.tokenHash, { record });
  }

  async consume(tokenHash: string, at: Date): Promise<ConsumeOutcome> {
    const entry = this.#tokens.get(tokenHash);
    if (!entry) return { kind: 'unknown' };
    if (entry.usedAt) return { kind: 'reused', record: entry.record };
    entry.usedAt = at;
    return { kind: 'consumed', record: entry.record };
  }

  async revokeFamily(familyId: string, at: Date): Promise<void> {
    if (!this.#revokedFamilies.has(familyId)) this.#revokedFamilies.set(familyId, at);
  }

  async isFamilyRevoked(familyId: string): Promise<boolean> {
    return this.#revokedFamilies.has(familyId);
  }

  /** Tokens stored, used or not (tests). */
  get size(): number {
    return this.#tokens.size;
  }
}
