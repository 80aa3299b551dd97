/** One invoice line: the quantity at the price the order recorded. */
export interface InvoiceLine {
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitPriceCents: number;
  readonly lineTotalCents: number;
}

export interface Invoice {
  readonly number: string;
  readonly lines: readonly InvoiceLine[];
  readonly subtotalCents: number;
  readonly taxCents: number;
  readonly totalCents: number;
  /** ISO 8601: invoices cross a thread boundary and are stored as they are shown. */
  readonly issuedAt: string;
}

export interface InvoiceInput {
  readonly orderId: string;
  readonly items: readonly { productId: string; name: string; quantity: number; unitPriceCents: number }[];
  /** Tax rate in basis points: 2000 is 20 %. Whole numbers, so no binary fraction touches money. */
  readonly taxRateBasisPoints: number;
  readonly issuedAt: string;
}

// #region build-invoice
/**
 * Builds an invoice. Pure and deterministic (the same input gives the same invoice), so it can run inline, on a
 * worker thread, or twice after a redelivery with the same result. Tax is rounded half up, once, on the subtotal.
 *
 * @example
 * buildInvoice({ orderId, items: [{ productId, name: 'Mug', quantity: 2, unitPriceCents: 1250 }], taxRateBasisPoints: 2000, issuedAt });
 * // { subtotalCents: 2500, taxCents: 500, totalCents: 3000, ... }
 */
export function buildInvoice(input: InvoiceInput): Invoice {
  if (
    !Number.isInteger(input.taxRateBasisPoints) ||
    input.taxRateBasisPoints < 0 ||
    input.taxRateBasisPoints > 10_000
  ) {
    throw new RangeError(`taxRateBasisPoints must be a whole number from 0 to 10000, got ${input.taxRateBasisPoints}`);
  }
  const lines = input.items.map((item) => ({ ...item, lineTotalCents: item.quantity * item.unitPriceCents }));
  const subtotalCents = lines.reduce((sum, line) => sum + line.lineTotalCents, 0);
  const taxCents = Math.floor((subtotalCents * input.taxRateBasisPoints + 5_000) / 10_000);
  return {
    number: `INV-${input.orderId.slice(0, 8).toUpperCase()}`,
    lines,
    subtotalCents,
    taxCents,
    totalCents: subtotalCents + taxCents,
    issuedAt: input.issuedAt,
  };
}
// #endregion build-invoice
