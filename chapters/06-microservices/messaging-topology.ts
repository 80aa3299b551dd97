import { InvalidMessagingOptionError } from './messaging-error.js';
import type { SubscribeOptions } from './messaging.port.js';

/** The queues one consumer group owns. Both bus implementations name them alike, so logs and docs match. */
export interface GroupQueues {
  /** Durable queue the group's instances share. */
  readonly main: string;
  /** Holds failed messages until their retry delay has passed, then sends them back to `main`. */
  readonly retry: string;
  /** Where messages end when the bus gives up on them. */
  readonly dead: string;
}

export function groupQueues(exchange: string, group: string): GroupQueues {
  const main = `${exchange}.${group}`;
  return { main, retry: `${main}.retry`, dead: `${main}.dead` };
}

const NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
const PATTERN = /^(\*|#|[A-Za-z0-9_-]+)(\.(\*|#|[A-Za-z0-9_-]+))*$/;

/** Validates subscribe options and fills defaults, so both implementations reject the same mistakes the same way. */
export function checkSubscribeOptions(options: SubscribeOptions): {
  group: string;
  topics: readonly string[];
  prefetch: number;
} {
  const { group, topics, prefetch = 10 } = options;
  if (!NAME.test(group) || group.length > 200) {
    throw new InvalidMessagingOptionError(
      `group "${group}" is not allowed: use letters, digits, "_", "-" and dots (at most 200 characters)`,
    );
  }
  if (topics.length === 0)
    throw new InvalidMessagingOptionError(
      `group "${group}" subscribes to no topics; give at least one pattern such as "order.*"`,
    );
  for (const topic of topics) {
    if (!PATTERN.test(topic)) {
      throw new InvalidMessagingOptionError(
        `topic pattern "${topic}" is not allowed: dot-separated words, "*" for one word, "#" for any number`,
      );
    }
  }
  if (!Number.isInteger(prefetch) || prefetch < 1 || prefetch > 65_535) {
    throw new InvalidMessagingOptionError(`prefetch must be an integer from 1 to 65535, got ${prefetch}`);
  }
  return { group, topics, prefetch };
}
