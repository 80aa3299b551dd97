import { createWorkerPool, type WorkerPoolPort } from '../../chapters/04-performance/worker-pool.js';
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

// The task module beside this file: .ts under tsx and vitest, .js once compiled (issue 18's build).
const taskExtension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const INVOICE_TASK = new URL(`./tasks/build-invoice.task${taskExtension}`, import.meta.url);

// #region pool-builder
/**
 * Builds invoices on Chapter 4's worker pool: the task is a module path and plain data (never a function), the
 * answer comes back by task id, and a crashed thread fails only its task (the message is then retried).
 */
export class PoolInvoiceBuilder implements InvoiceBuilder {
  readonly kind: string;

  constructor(
    private readonly pool: WorkerPoolPort,
    threads: number,
  ) {
    this.kind = `worker pool (${threads} thread${threads === 1 ? '' : 's'})`;
  }

  build(input: InvoiceInput): Promise<Invoice> {
    return this.pool.run<Invoice>({ module: INVOICE_TASK, data: input, timeoutMs: 5_000 });
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}
// #endregion pool-builder

/** The pool builder with `threads` threads, or the inline one for 0. */
export function createInvoiceBuilder(threads: number): InvoiceBuilder {
  return threads === 0
    ? new InlineInvoiceBuilder()
    : new PoolInvoiceBuilder(createWorkerPool({ size: threads, maxQueue: 1_000 }), threads);
}
