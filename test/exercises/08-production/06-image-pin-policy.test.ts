import { describe, expect, it } from 'vitest';
import { parseImageReference, requirePinnedImage } from '#exercise/08-production/06-image-pin-policy';
import { pinnedImage } from '../../../chapters/08-production/pipeline/image-reference.js';
import { ImageReferenceError } from '../../../chapters/08-production/pipeline/pipeline-errors.js';

const DIGEST = 'sha256:' + 'f'.repeat(64);
const policy = { allowedRegistries: ['registry.example.com', 'localhost:5000'] };

describe('08.6 image pin policy', () => {
  it.each([
    ['node', { registry: 'docker.io', repository: 'library/node', tag: undefined, digest: undefined }],
    ['node:20-bookworm-slim', { registry: 'docker.io', repository: 'library/node', tag: '20-bookworm-slim', digest: undefined }],
    ['bitnami/redis:7.2', { registry: 'docker.io', repository: 'bitnami/redis', tag: '7.2', digest: undefined }],
    ['localhost:5000/orders', { registry: 'localhost:5000', repository: 'orders', tag: undefined, digest: undefined }],
    [`registry.example.com/shop/orders:abc1234@${DIGEST}`, { registry: 'registry.example.com', repository: 'shop/orders', tag: 'abc1234', digest: DIGEST }],
  ])('parses %s', (reference, expected) => {
    expect(parseImageReference(reference)).toEqual(expected);
  });

  it.each(['Orders', 'orders:', `orders@sha256:${'f'.repeat(10)}`, 'registry.example.com/', 'orders:-bad'])('refuses %j', (reference) => {
    expect(() => parseImageReference(reference)).toThrow(ImageReferenceError);
  });

  it('accepts what the chapter pipeline deploys, in canonical form', () => {
    expect(requirePinnedImage(pinnedImage('registry.example.com/shop/orders', DIGEST), policy)).toBe(`registry.example.com/shop/orders@${DIGEST}`);
    expect(requirePinnedImage(`localhost:5000/orders:abc1234@${DIGEST}`, policy)).toBe(`localhost:5000/orders@${DIGEST}`);
  });

  it('refuses a tag without a digest, naming the tag, and a bare name as implicitly latest', () => {
    expect(() => requirePinnedImage('registry.example.com/shop/orders:v1', policy)).toThrow(/not pinned: a tag \("v1"\)/);
    expect(() => requirePinnedImage('registry.example.com/shop/orders', policy)).toThrow(/implicitly "latest"/);
  });

  it('refuses a registry outside the policy, listing the allowed ones', () => {
    expect(() => requirePinnedImage(`orders@${DIGEST}`, policy)).toThrow(ImageReferenceError);
    expect(() => requirePinnedImage(`orders@${DIGEST}`, policy)).toThrow(/docker\.io; allowed registries: registry\.example\.com, localhost:5000/);
  });
});
