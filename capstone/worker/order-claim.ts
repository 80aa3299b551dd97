import { randomUUID } from 'node:crypto';
import type { Collection } from 'mongodb';
import type { StoredOrder } from '../orders/mongo-order.store.js';

/** A claim this copy holds on an order; pass it back to `release`, or put `claimedBy(claim)` in the deciding write. */
export interface OrderClaim {
  readonly orderId: string;
  readonly token: string;
}

/** What taking the claim found. */
export type ClaimAttempt =
  /** This copy holds the claim; `order` was read in the same write, under it. */
  | { readonly kind: 'claimed'; readonly claim: OrderClaim; readonly order: StoredOrder }
  /** The order was decided before this copy arrived (a redelivery or a duplicate publish). */
  | { readonly kind: 'decided' }
  /** Another live copy holds the claim: wait and try again. */
  | { readonly kind: 'busy' }
  | { readonly kind: 'missing' };

// #region take
/**
 * Claims on the order document itself (a `claim` field: message id, token, expiry). A copy of `order.placed` takes the
 * claim and reads the order in ONE write (`findOneAndUpdate` on a pending order whose claim is absent or expired), so
 * two processes can never both hold it, and the order it works on is the one it read under the claim. A holder that
 * dies leaves its claim to expire: the redelivery takes it over then and completes the order. The deciding write
 * names the claim in its filter and removes it, so a holder whose claim was taken over cannot decide.
 *
 * @example
 * const claims = new OrderClaims(orders);
 * const attempt = await claims.take(orderId, message.messageId, new Date());
 */
export class OrderClaims {
  /** `ttlMs`: how long a claim outlives a holder that died; far longer than one order takes. */
  constructor(
    private readonly orders: Collection<StoredOrder>,
    private readonly ttlMs = 60_000,
  ) {}

  async take(orderId: string, messageId: string, now: Date): Promise<ClaimAttempt> {
    const token = randomUUID();
    const order = await this.orders.findOneAndUpdate(
      { _id: orderId, status: 'pending', $or: [{ claim: { $exists: false } }, { 'claim.expiresAt': { $lte: now } }] },
      { $set: { claim: { messageId, token, expiresAt: new Date(now.getTime() + this.ttlMs) } } },
      { returnDocument: 'after', includeResultMetadata: false },
    );
    if (order) return { kind: 'claimed', claim: { orderId, token }, order };
    // Only a copy that could not claim pays for this second read: it tells why.
    const found = await this.orders.findOne({ _id: orderId }, { projection: { status: 1 } });
    if (!found) return { kind: 'missing' };
    return found.status === 'pending' ? { kind: 'busy' } : { kind: 'decided' };
  }
  // #endregion take

  /** Gives the claim up without deciding (a failed attempt); a claim taken over after expiry is left to its holder. */
  async release(claim: OrderClaim): Promise<void> {
    await this.orders.updateOne({ _id: claim.orderId, 'claim.token': claim.token }, { $unset: { claim: '' } });
  }
}

/** The filter a deciding write adds: it lands only while this copy still holds the claim. */
export function claimedBy(claim: OrderClaim): { 'claim.token': string } {
  return { 'claim.token': claim.token };
}
