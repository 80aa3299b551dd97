/** How the bus dials RabbitMQ: the URL it opens (with a heartbeat), the URL it logs (without credentials), and the wait between reconnects. */

/** Equal jitter: half the exponential delay is fixed, half random, so clients that lost the broker together spread out. */
export function reconnectDelay(attempt: number, initialMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** amqplib reads the heartbeat from the URL; one already there wins. */
export function withHeartbeat(url: string, seconds: number): string {
  const parsed = new URL(url);
  if (!parsed.searchParams.has('heartbeat')) parsed.searchParams.set('heartbeat', String(seconds));
  return parsed.toString();
}

export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '<unparsable URL>';
  }
}
