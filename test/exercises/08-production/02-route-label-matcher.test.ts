import { describe, expect, it } from 'vitest';
import { UNMATCHED_ROUTE } from '../../../chapters/08-production/metrics.js';
import { createRouteLabeler } from '#exercise/08-production/02-route-label-matcher';

const TEMPLATES = ['/', '/users/:id', '/users/me', '/orders/:orderId/items/:itemId', '/health/ready'];

describe('08.2 route label matcher', () => {
  it('maps URLs with ids onto their template', () => {
    const label = createRouteLabeler(TEMPLATES);
    expect(label('/users/42')).toBe('/users/:id');
    expect(label('/orders/o-1/items/7')).toBe('/orders/:orderId/items/:itemId');
    expect(label('/')).toBe('/');
  });

  it('ignores the query string, the fragment and one trailing slash', () => {
    const label = createRouteLabeler(TEMPLATES);
    expect(label('/users/42?expand=orders')).toBe('/users/:id');
    expect(label('/users/42/')).toBe('/users/:id');
    expect(label('/health/ready#x')).toBe('/health/ready');
    expect(label('/?q=1')).toBe('/');
    expect(label('/users/42#top?x=/a/b')).toBe('/users/:id');
    expect(label('/users/42?next=/orders/1/items/2')).toBe('/users/:id');
  });

  it('prefers a static segment over a parameter, whatever the order of the templates', () => {
    expect(createRouteLabeler(['/users/:id', '/users/me'])('/users/me')).toBe('/users/me');
    expect(createRouteLabeler(['/users/me', '/users/:id'])('/users/me')).toBe('/users/me');
    expect(createRouteLabeler(['/users/:id', '/users/me'])('/users/you')).toBe('/users/:id');
  });

  it('decides specificity at the first segment where a static one meets a parameter, not by counting', () => {
    expect(createRouteLabeler(['/:kind/me', '/users/:id'])('/users/me')).toBe('/users/:id');
    expect(createRouteLabeler(['/users/:id', '/:kind/me'])('/users/me')).toBe('/users/:id');
    expect(createRouteLabeler(['/:kind/me', '/users/:id'])('/teams/me')).toBe('/:kind/me');
    const nested = createRouteLabeler(['/a/:x/:y', '/a/:x/c', '/:w/b/c']);
    expect(nested('/a/b/c')).toBe('/a/:x/c');
    expect(nested('/a/b/d')).toBe('/a/:x/:y');
  });

  it(`labels everything else "${UNMATCHED_ROUTE}": empty segments, extra segments, other paths`, () => {
    const label = createRouteLabeler(TEMPLATES);
    for (const url of [
      '/users',
      '/users//',
      '/users/42/orders',
      '/wp-admin',
      '/.env',
      'no-slash',
      '/USERS/1',
      'api/users/42',
      '',
      '?/users/1',
    ]) {
      expect([url, label(url)]).toEqual([url, UNMATCHED_ROUTE]);
    }
  });

  it('keeps the label set bounded: a thousand random URLs produce only known labels', () => {
    const label = createRouteLabeler(TEMPLATES);
    const labels = new Set<string>();
    for (let i = 0; i < 1_000; i += 1) {
      labels.add(label(`/${['users', 'orders', 'x'][i % 3]}/${i.toString(36)}${i % 7 === 0 ? `/items/${i}` : ''}`));
    }
    expect([...labels].every((value) => value === UNMATCHED_ROUTE || TEMPLATES.includes(value))).toBe(true);
    expect(labels.has('/users/:id')).toBe(true);
  });

  it('refuses a template without a leading slash or listed twice', () => {
    expect(() => createRouteLabeler(['users/:id'])).toThrow(/must start with "\/"/);
    expect(() => createRouteLabeler(['/a', '/a'])).toThrow(RangeError);
    expect(() => createRouteLabeler(['/a', '/b/:id', '/b/:id'])).toThrow(/\/b\/:id/);
  });
});
