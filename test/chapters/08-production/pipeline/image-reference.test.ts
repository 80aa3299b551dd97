import { describe, expect, it } from 'vitest';
import { imageTagForCommit, pinnedImage } from '../../../../chapters/08-production/pipeline/image-reference.js';
import { ImageReferenceError } from '../../../../chapters/08-production/pipeline/pipeline-errors.js';

describe('image references', () => {
  it('tags by commit', () => {
    expect(imageTagForCommit('registry.example.com:5000/shop/orders', 'abc1234')).toBe(
      'registry.example.com:5000/shop/orders:abc1234',
    );
  });

  it.each([undefined, '', 'latest', 'ABC1234', 'abc12'])('refuses %j as a commit instead of tagging it', (commit) => {
    expect(() => imageTagForCommit('orders', commit)).toThrow(ImageReferenceError);
  });

  it('refuses a repository that already carries a tag, or uppercase letters', () => {
    expect(() => imageTagForCommit('orders:latest', 'abc1234')).toThrow(/not valid/);
    expect(() => imageTagForCommit('Orders', 'abc1234')).toThrow(/not valid/);
  });

  it('pins a digest, and refuses anything that is not sha256 with 64 hex characters', () => {
    const digest = 'sha256:' + 'e'.repeat(64);
    expect(pinnedImage('orders', digest)).toBe(`orders@${digest}`);
    expect(() => pinnedImage('orders', undefined)).toThrow(ImageReferenceError);
    expect(() => pinnedImage('orders', 'sha256:abc')).toThrow(ImageReferenceError);
  });
});
