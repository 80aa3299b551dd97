/**
 * A typed key for the container: the type parameter travels with the token, so `resolve(token)` needs no cast.
 * Two tokens with the same name are still different keys.
 */
export interface Token<T> {
  readonly name: string;
  readonly key: symbol;
  /** Never set: it only carries `T` for the compiler. */
  readonly __type?: T;
}

/** Any token, whatever it resolves to. */
export type AnyToken = Token<unknown>;

/** The values a list of tokens resolves to, in order: `[Token<Db>, Token<Clock>]` gives `[Db, Clock]`. */
export type Resolved<D extends readonly AnyToken[]> = {
  -readonly [K in keyof D]: D[K] extends Token<infer T> ? T : never;
};

/**
 * Creates a token.
 *
 * @example
 * const Clock = createToken<() => Date>('clock');
 */
export function createToken<T>(name: string): Token<T> {
  return Object.freeze({ name, key: Symbol(name) });
}
