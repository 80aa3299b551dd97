import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../../chapters/06-microservices/message-codec.js';
import { InvalidMessagingOptionError } from '../../../chapters/06-microservices/messaging-error.js';

const VALID = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('the message codec and traceparent', () => {
  it('carries a valid traceparent from publish to delivery unchanged', () => {
    const wire = encodeMessage({ topic: 'order.placed', payload: { orderId: 'o-1' }, traceparent: VALID });
    expect(decodeMessage(wire, 1).traceparent).toBe(VALID);
  });

  it.each([
    ['an all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['an all-zero parent id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['version ff', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    ['uppercase hex', VALID.toUpperCase()],
  ])('refuses to publish a traceparent with %s, which every consumer would discard', (_label, traceparent) => {
    const publish = (): unknown => encodeMessage({ topic: 'order.placed', payload: {}, traceparent });
    expect(publish).toThrow(InvalidMessagingOptionError);
  });
});
