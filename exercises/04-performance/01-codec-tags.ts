import type { CodecTag } from '../../chapters/04-performance/value-codec.js';
import { TodoError } from '../../workbook/todo-error.js';

// TODO(04.1): teach the chapter's codec two more types with `CodecTag`s (see `dateTag` in value-codec.ts).
// `bigintTag`: a BigInt of any size, exactly, written on the wire as its decimal text (`"v":"12345678901234567890"`),
// so it stays readable in redis-cli. `mapTag`: a Map whose keys and values may be of any type the codec carries
// (Dates, BigInts, other Maps), insertion order kept. `encode` returns something the codec can encode in turn;
// `decode` receives that thing already decoded.

export const bigintTag: CodecTag<bigint> = {
  name: 'bigint',
  matches: (_value): _value is bigint => {
    throw new TodoError('04.1');
  },
  encode: (_value) => {
    throw new TodoError('04.1');
  },
  decode: (_wire) => {
    throw new TodoError('04.1');
  },
};

export const mapTag: CodecTag<Map<unknown, unknown>> = {
  name: 'map',
  matches: (_value): _value is Map<unknown, unknown> => {
    throw new TodoError('04.1');
  },
  encode: (_map) => {
    throw new TodoError('04.1');
  },
  decode: (_wire) => {
    throw new TodoError('04.1');
  },
};
