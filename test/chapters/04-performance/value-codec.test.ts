import { describe, expect, it } from 'vitest';
import {
  createValueCodec,
  UndecodableValueError,
  UnencodableValueError,
} from '../../../chapters/04-performance/value-codec.js';

const codec = createValueCodec();
const roundTrip = (value: unknown): unknown => codec.decode(codec.encode(value));

describe('the tagged JSON value codec', () => {
  it.each([
    ['0', 0],
    ['the empty string', ''],
    ['false', false],
    ['null', null],
    ['NaN', NaN],
    ['-0', -0],
    ['Infinity', -Infinity],
  ])('round-trips %s with its type', (_name, value) => {
    expect(Object.is(roundTrip(value), value)).toBe(true);
  });

  it('brings a Date back as a Date, nested anywhere', () => {
    const value = { at: new Date('2024-02-29T12:00:00.000Z'), list: [new Date(0)] };
    const back = roundTrip(value) as typeof value;
    expect(back.at).toBeInstanceOf(Date);
    expect(back).toEqual(value);
  });

  it('keeps a plain object that happens to have a "$t" key as data', () => {
    expect(roundTrip({ $t: 'date', v: 'not a date' })).toEqual({ $t: 'date', v: 'not a date' });
  });

  it('keeps a "__proto__" key as data instead of changing the prototype', () => {
    const back = roundTrip(JSON.parse('{"__proto__": {"admin": true}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.keys(back)).toEqual(['__proto__']);
  });

  it('leaves out object properties holding undefined, as JSON does', () => {
    expect(roundTrip({ a: 1, b: undefined })).toEqual({ a: 1 });
  });

  it.each([
    ['a function', { greet: (): string => 'hi' }, 'cannot cache a function at value.greet'],
    ['a symbol', [Symbol('s')], 'cannot cache a symbol at value[0]'],
    ['a BigInt', { total: 10n }, 'cannot cache a BigInt at value.total'],
    ['a Map', new Map([['a', 1]]), 'cannot cache an instance of Map at value'],
    ['a class instance', { user: new (class User {})() }, 'cannot cache an instance of User at value.user'],
    ['undefined in an array', [1, undefined], 'cannot cache undefined at value[1]'],
  ])('refuses %s with an error naming where it is', (_name, value, message) => {
    expect(() => codec.encode(value)).toThrow(UnencodableValueError);
    expect(() => codec.encode(value)).toThrow(message);
  });

  it('refuses undefined as a whole value and says to cache null instead', () => {
    expect(() => codec.encode(undefined)).toThrow(/cache null for "known to be absent"/);
  });

  it('refuses an Invalid Date rather than caching null in its place', () => {
    expect(() => codec.encode(new Date('nope'))).toThrow('an Invalid Date cannot be cached');
  });

  it('rejects text with a tag it does not know, naming the tag', () => {
    expect(() => codec.decode('{"$t":"money","v":"1.00"}')).toThrow(UndecodableValueError);
    expect(() => codec.decode('{"$t":"money","v":"1.00"}')).toThrow('"money"');
  });

  it('rejects text that is not JSON', () => {
    expect(() => codec.decode('hello')).toThrow(/not tagged JSON/);
  });
});
