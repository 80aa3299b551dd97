import { describe, expect, it } from 'vitest';
import { parseImageReference, requirePinnedImage } from '#exercise/08-production/06-image-pin-policy';
import { pinnedImage } from '../../../chapters/08-production/pipeline/image-reference.js';
import { ImageReferenceError } from '../../../chapters/08-production/pipeline/pipeline-errors.js';

const DIGEST = 'sha256:' + 'f'.repeat(64);
const policy = { allowedRegistries: ['registry.example.com', 'localhost:5000'] };

describe('08.6 image pin policy', () => {
  it.each([
    ['node', { registry: 'docker.io', repository: 'library/node', tag: undefined, digest: undefined }],
    [
      'node:20-bookworm-slim',
      { registry: 'docker.io', repository: 'library/node', tag: '20-bookworm-slim', digest: undefined },
    ],
    ['bitnami/redis:7.2', { registry: 'docker.io', repository: 'bitnami/redis', tag: '7.2', digest: undefined }],
    ['localhost:5000/orders', { registry: 'localhost:5000', repository: 'orders', tag: undefined, digest: undefined }],
    [
      `registry.example.com/shop/orders:abc1234@${DIGEST}`,
      { registry: 'registry.example.com', repository: 'shop/orders', tag: 'abc1234', digest: DIGEST },
    ],
  ])('parses %s', (reference, expected) => {
    expect(parseImageReference(reference)).toEqual(expected);
  });

  it.each(['Orders', 'orders:', `orders@sha256:${'f'.repeat(10)}`, 'registry.example.com/', 'orders:-bad'])(
    'refuses %j',
    (reference) => {
      expect(() => parseImageReference(reference)).toThrow(ImageReferenceError);
    },
  );

  const HEX = '0123456789abcdef'.repeat(4);
  it.each([
    ['localhost/orders', { registry: 'localhost', repository: 'orders', tag: undefined, digest: undefined }],
    ['builder:5000/ci/orders:7', { registry: 'builder:5000', repository: 'ci/orders', tag: '7', digest: undefined }],
    [
      'docker.io/node:V1.2-rc_3',
      { registry: 'docker.io', repository: 'library/node', tag: 'V1.2-rc_3', digest: undefined },
    ],
    ['my.app:_build', { registry: 'docker.io', repository: 'library/my.app', tag: '_build', digest: undefined }],
    [
      'team/sub-team/my__app',
      { registry: 'docker.io', repository: 'team/sub-team/my__app', tag: undefined, digest: undefined },
    ],
    [
      `a0--b_c.d@sha256:${HEX}`,
      { registry: 'docker.io', repository: 'library/a0--b_c.d', tag: undefined, digest: `sha256:${HEX}` },
    ],
    [
      `orders:${'t'.repeat(128)}`,
      { registry: 'docker.io', repository: 'library/orders', tag: 't'.repeat(128), digest: undefined },
    ],
  ])('parses %s', (reference, expected) => {
    expect(parseImageReference(reference)).toEqual(expected);
  });

  it.each([
    [`orders:${'t'.repeat(129)}`, 'tag'],
    ['orders:.hidden', 'tag'],
    [`orders@sha256:${HEX}0`, 'digest'],
    [`orders@sha256:${HEX.slice(1)}`, 'digest'],
    [`orders@sha256:${HEX.toUpperCase()}`, 'digest'],
    [`orders@sha512:${HEX}`, 'digest'],
    [`orders@xsha256:${HEX}`, 'digest'],
    ['my___app', 'repository'],
    ['my..app', 'repository'],
    ['-orders', 'repository'],
    ['orders-', 'repository'],
    ['team//orders', 'repository'],
    ['team/', 'repository'],
  ])('refuses %j, quoting it and naming the %s', (reference, part) => {
    expect(() => parseImageReference(reference)).toThrow(ImageReferenceError);
    expect(() => parseImageReference(reference)).toThrow(JSON.stringify(reference));
    expect(() => parseImageReference(reference)).toThrow(new RegExp(`\\b${part}\\b`));
  });

  it('accepts what the chapter pipeline deploys, in canonical form', () => {
    expect(requirePinnedImage(pinnedImage('registry.example.com/shop/orders', DIGEST), policy)).toBe(
      `registry.example.com/shop/orders@${DIGEST}`,
    );
    expect(requirePinnedImage(`localhost:5000/orders:abc1234@${DIGEST}`, policy)).toBe(
      `localhost:5000/orders@${DIGEST}`,
    );
  });

  it('refuses a tag without a digest, naming the tag, and a bare name as implicitly latest', () => {
    expect(() => requirePinnedImage('registry.example.com/shop/orders:v1', policy)).toThrow(
      /not pinned: a tag \("v1"\)/,
    );
    expect(() => requirePinnedImage('registry.example.com/shop/orders', policy)).toThrow(/implicitly "latest"/);
  });

  it('refuses a registry before it asks for a digest, and says when no registry is allowed', () => {
    expect(() => requirePinnedImage('orders:v1', policy)).toThrow(/comes from docker\.io/);
    expect(() => requirePinnedImage(`registry.example.com/orders@${DIGEST}`, { allowedRegistries: [] })).toThrow(
      /allowed registries: \(none\)/,
    );
  });

  it('refuses a registry outside the policy, listing the allowed ones', () => {
    expect(() => requirePinnedImage(`orders@${DIGEST}`, policy)).toThrow(ImageReferenceError);
    expect(() => requirePinnedImage(`orders@${DIGEST}`, policy)).toThrow(
      /docker\.io; allowed registries: registry\.example\.com, localhost:5000/,
    );
  });
});
