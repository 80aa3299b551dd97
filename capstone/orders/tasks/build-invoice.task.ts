/** The invoice as a worker-pool task module: the pool calls its default export with the task's data. */
import { buildInvoice, type Invoice, type InvoiceInput } from '../invoice.js';

export default function buildInvoiceTask(input: InvoiceInput): Invoice {
  return buildInvoice(input);
}
