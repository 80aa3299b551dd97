/**
 * The order intake's callers, run as a child process by `placeOrders` (bench/load-generator.ts), so the requests
 * are not sent from the event loop that serves them. Arguments: a JSON object `{ url, token, productId, orders,
 * concurrency }`; prints `{ firstRequestAt, seconds }` as JSON once every order was accepted (202):
 * `firstRequestAt` is the wall clock (epoch milliseconds, fractional) when the first request left, so the bench
 * measures from there and not from this process's start-up.
 */
import { randomUUID } from 'node:crypto';

interface Job {
  url: string;
  token: string;
  productId: string;
  orders: number;
  concurrency: number;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
let next = 0;
const started = performance.now();
async function caller(): Promise<void> {
  while (next < job.orders) {
    next += 1;
    const response = await fetch(`${job.url}/api/orders`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${job.token}`,
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({ items: [{ productId: job.productId, quantity: 1 }] }),
    });
    await response.arrayBuffer();
    if (response.status !== 202) throw new Error(`POST /api/orders answered ${response.status}`);
  }
}
await Promise.all(Array.from({ length: job.concurrency }, caller));
console.log(
  JSON.stringify({ firstRequestAt: performance.timeOrigin + started, seconds: (performance.now() - started) / 1000 }),
);
