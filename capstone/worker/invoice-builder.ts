import { buildInvoice, type Invoice, type InvoiceInput } from './invoice.js';

/**
 * Where invoices are built: inline, or on Chapter 4's worker pool (`PoolInvoiceBuilder`) so a large invoice does not
 * block the event loop that acknowledges messages. A port, so `--mine 04` can swap in the learner's pool.
 */
export interface InvoiceBuilder {
  /** `inline` or `worker-pool`, named in the start-up output. */
  readonly kind: string;
  build(input: InvoiceInput): Promise<Invoice>;
  close(): Promise<void>;
}

/** Builds on the calling thread: the invoices here are small and the function is pure. */
export class InlineInvoiceBuilder implements InvoiceBuilder {
  readonly kind = 'inline';

  async build(input: InvoiceInput): Promise<Invoice> {
    return buildInvoice(input);
  }

  async close(): Promise<void> {}
}
