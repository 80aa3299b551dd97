import { describe, expect, it } from 'vitest';
import { type Layer, mayImport } from '#exercise/02-architecture/07-dependency-rule';

describe('02.7 the dependency rule', () => {
  it('lets code import from its own layer', () => {
    expect(mayImport('domain', 'domain')).toBe(true);
    expect(mayImport('application', 'application')).toBe(true);
    expect(mayImport('adapters', 'adapters')).toBe(true);
  });

  it('lets outer code import inner code', () => {
    expect(mayImport('application', 'domain')).toBe(true);
    expect(mayImport('adapters', 'application')).toBe(true);
    expect(mayImport('adapters', 'domain')).toBe(true);
  });

  it('refuses inner code importing outer code', () => {
    expect(mayImport('domain', 'application')).toBe(false);
    expect(mayImport('domain', 'adapters')).toBe(false);
    expect(mayImport('application', 'adapters')).toBe(false);
  });

  it('lets the composition root import every layer, and no layer import it', () => {
    for (const layer of ['domain', 'application', 'adapters'] as const) {
      expect(mayImport('composition-root', layer)).toBe(true);
      expect(mayImport(layer, 'composition-root')).toBe(false);
    }
  });

  it('refuses an unknown layer on the importing side, naming it and the known ones', () => {
    expect(() => mayImport('infrastructure' as Layer, 'domain')).toThrow(RangeError);
    expect(() => mayImport('infrastructure' as Layer, 'domain')).toThrow(
      /"infrastructure".*use one of domain, application, adapters, composition-root$/,
    );
  });

  it('refuses an unknown layer on the imported side too', () => {
    expect(() => mayImport('adapters', 'Domain' as Layer)).toThrow(RangeError);
    expect(() => mayImport('adapters', 'Domain' as Layer)).toThrow(/"Domain"/);
  });
});
