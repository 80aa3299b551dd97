import { describe, expect, it } from 'vitest';
import { topicMatches } from '../../../chapters/06-microservices/topic-match.js';

describe('topicMatches (AMQP topic exchange rules)', () => {
  it.each([
    ['order.placed', 'order.placed', true],
    ['order.*', 'order.placed', true],
    ['order.*', 'order.placed.eu', false],
    ['order.*', 'order', false],
    ['order.#', 'order', true],
    ['order.#', 'order.placed.eu', true],
    ['#', 'anything.at.all', true],
    ['*.placed', 'order.placed', true],
    ['#.eu', 'order.placed.eu', true],
    ['order.#.eu', 'order.eu', true],
    ['order.#.eu', 'order.placed.us', false],
  ])('%s against %s is %s', (pattern, topic, expected) => {
    expect(topicMatches(pattern, topic)).toBe(expected);
  });
});
