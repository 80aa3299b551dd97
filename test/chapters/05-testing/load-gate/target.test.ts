import { describe, expect, it } from 'vitest';
import { NonLoopbackTargetError } from '../../../../chapters/05-testing/load-gate/load-gate-errors.js';
import { checkTarget } from '../../../../chapters/05-testing/load-gate/target.js';

describe('checkTarget', () => {
  it.each([
    'http://127.0.0.1:3000',
    'http://127.1/',
    'http://localhost:3000',
    'http://[::1]:3000',
    'http://[0:0:0:0:0:0:0:1]/',
  ])('accepts the loopback target %s', (target) => {
    expect(checkTarget(target).href).toMatch(/^http:/);
  });

  // WHATWG URL rewrites [::ffff:127.0.0.1] as [::ffff:7f00:1], so a test on the dotted text never sees it.
  it.each(['http://[::ffff:127.0.0.1]:3000', 'http://[0:0:0:0:0:ffff:127.0.0.2]/', 'http://[::ffff:7f00:1]/'])(
    'accepts loopback written as the IPv4-mapped IPv6 address %s',
    (target) => {
      expect(checkTarget(target).href).toMatch(/^http:/);
    },
  );

  it.each([
    'http://[::ffff:10.0.0.1]/',
    'http://[::ffff:8000:1]/',
    'http://[::127.0.0.1]/',
    'http://[64:ff9b::7f00:1]/',
  ])('refuses the IPv6 address %s, which is not loopback', (target) => {
    expect(() => checkTarget(target)).toThrow(NonLoopbackTargetError);
  });
});
