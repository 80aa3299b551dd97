import { describe, expect, it, vi } from 'vitest';
import {
  CircularDependencyError,
  ContainerDisposedError,
  ContainerValidationError,
  DuplicateRegistrationError,
  MissingDependencyError,
  ScopeError,
} from '../../../chapters/02-architecture/container/container-errors.js';
import { Container } from '../../../chapters/02-architecture/container/container.js';
import { createToken } from '../../../chapters/02-architecture/container/token.js';

const Config = createToken<{ url: string }>('config');
const Db = createToken<{ url: string; close(): void }>('db');
const Repo = createToken<{ db: { url: string } }>('repo');
const RequestId = createToken<{ id: number }>('requestId');

class Repository {
  constructor(readonly db: { url: string }) {}
}

describe('Container registrations', () => {
  it('resolves a value, a factory and a class with their declared dependencies, typed', async () => {
    const container = new Container()
      .registerValue(Config, { url: 'mongodb://x' })
      .registerFactory(Db, { deps: [Config], create: (config) => ({ url: config.url, close: () => {} }) })
      .registerClass(Repo, Repository, { deps: [Db] });

    const repo = await container.resolve(Repo);
    expect(repo).toBeInstanceOf(Repository);
    expect(repo.db.url).toBe('mongodb://x');
  });

  it('refuses to register a token twice', () => {
    const container = new Container().registerValue(Config, { url: 'a' });
    expect(() => container.registerValue(Config, { url: 'b' })).toThrow(DuplicateRegistrationError);
  });

  it('treats two tokens with the same name as different keys', async () => {
    const other = createToken<{ url: string }>('config');
    const container = new Container().registerValue(Config, { url: 'a' }).registerValue(other, { url: 'b' });
    expect((await container.resolve(other)).url).toBe('b');
  });
});

describe('Container lifetimes', () => {
  it('creates a singleton once and a transient on every resolve', async () => {
    const Single = createToken<object>('single');
    const Fresh = createToken<object>('fresh');
    const container = new Container()
      .registerFactory(Single, { create: () => ({}) })
      .registerFactory(Fresh, { create: () => ({}), lifetime: 'transient' });
    expect(await container.resolve(Single)).toBe(await container.resolve(Single));
    expect(await container.resolve(Fresh)).not.toBe(await container.resolve(Fresh));
  });

  it('runs an async singleton factory once when many callers resolve it at the same time', async () => {
    const create = vi.fn(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return { url: 'u', close: () => {} };
    });
    const container = new Container().registerFactory(Db, { create });
    const all = await Promise.all(Array.from({ length: 10 }, () => container.resolve(Db)));
    expect(create).toHaveBeenCalledTimes(1);
    expect(new Set(all).size).toBe(1);
  });

  it('forgets a failed async creation, so the next resolve retries', async () => {
    const create = vi
      .fn()
      .mockRejectedValueOnce(new Error('ECONNREFUSED'))
      .mockResolvedValue({ url: 'u', close: () => {} });
    const container = new Container().registerFactory(Db, { create });
    await expect(container.resolve(Db)).rejects.toThrow('ECONNREFUSED');
    await expect(container.resolve(Db)).resolves.toMatchObject({ url: 'u' });
  });

  it('gives each scope its own scoped instance, shared within the scope', async () => {
    let n = 0;
    const container = new Container().registerFactory(RequestId, { create: () => ({ id: ++n }), lifetime: 'scoped' });
    const a = container.createScope();
    const b = container.createScope();
    expect(await a.resolve(RequestId)).toBe(await a.resolve(RequestId));
    expect((await b.resolve(RequestId)).id).not.toBe((await a.resolve(RequestId)).id);
  });

  it('refuses to resolve a scoped registration outside a scope', async () => {
    const container = new Container().registerFactory(RequestId, { create: () => ({ id: 1 }), lifetime: 'scoped' });
    await expect(container.resolve(RequestId)).rejects.toBeInstanceOf(ScopeError);
  });

  it('disposes a scope’s instances in reverse creation order and leaves singletons alone', async () => {
    const order: string[] = [];
    const Outer = createToken<string>('outer');
    const Inner = createToken<string>('inner');
    const Shared = createToken<string>('shared');
    const container = new Container()
      .registerFactory(Shared, { create: () => 'shared', dispose: () => void order.push('shared') })
      .registerFactory(Inner, {
        deps: [Shared],
        create: () => 'inner',
        lifetime: 'scoped',
        dispose: () => void order.push('inner'),
      })
      .registerFactory(Outer, {
        deps: [Inner],
        create: () => 'outer',
        lifetime: 'scoped',
        dispose: () => void order.push('outer'),
      });
    const scope = container.createScope();
    await scope.resolve(Outer);
    await scope.dispose();
    expect(order).toEqual(['outer', 'inner']);
    await expect(scope.resolve(Outer)).rejects.toBeInstanceOf(ContainerDisposedError);
  });
});

describe('Container errors name the path', () => {
  it('reports a cycle with the whole path a -> b -> a instead of overflowing the stack', async () => {
    const A = createToken<string>('a');
    const B = createToken<string>('b');
    const container = new Container()
      .registerFactory(A, { deps: [B], create: () => 'a' })
      .registerFactory(B, { deps: [A], create: () => 'b' });
    const error = await container.resolve(A).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CircularDependencyError);
    expect(error).toMatchObject({ path: ['a', 'b', 'a'], message: expect.stringContaining('a -> b -> a') });
  });

  it('names who asked for a missing dependency', async () => {
    const container = new Container().registerClass(Repo, Repository, { deps: [Db] });
    const error = await container.resolve(Repo).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingDependencyError);
    expect(error).toMatchObject({
      token: 'db',
      requestedBy: 'repo',
      message: expect.stringContaining('asked for by repo'),
    });
  });
});

describe('Container.validate', () => {
  it('passes for a complete graph without creating anything', () => {
    const create = vi.fn(() => ({ url: 'u', close: () => {} }));
    const container = new Container()
      .registerValue(Config, { url: 'u' })
      .registerFactory(Db, { deps: [Config], create });
    expect(() => container.validate()).not.toThrow();
    expect(create).not.toHaveBeenCalled();
  });

  it('lists every problem at once: missing dependency, cycle, singleton capturing a scoped instance', () => {
    const A = createToken<string>('a');
    const B = createToken<string>('b');
    const Service = createToken<string>('service');
    const container = new Container()
      .registerClass(Repo, Repository, { deps: [Db] })
      .registerFactory(A, { deps: [B], create: () => 'a' })
      .registerFactory(B, { deps: [A], create: () => 'b' })
      .registerFactory(RequestId, { create: () => ({ id: 1 }), lifetime: 'scoped' })
      .registerFactory(Service, { deps: [RequestId], create: () => 'service' });

    const error = (() => {
      try {
        container.validate();
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ContainerValidationError);
    const problems = (error as ContainerValidationError).problems;
    expect(problems.map((p) => p.code).sort()).toEqual(['DI_CYCLE', 'DI_MISSING', 'DI_SCOPE']);
    expect((error as Error).message).toContain('a -> b -> a');
    expect((error as Error).message).toContain("singleton 'service' depends on scoped 'requestId'");
  });
});

describe('Container: a scoped dependency reached through a transient', () => {
  const Handler = createToken<string>('handler');
  const Formatter = createToken<string>('formatter');

  function singletonThroughTransient(): Container {
    return new Container()
      .registerFactory(RequestId, { create: () => ({ id: 1 }), lifetime: 'scoped' })
      .registerFactory(Formatter, { deps: [RequestId], create: (r) => `req-${r.id}`, lifetime: 'transient' })
      .registerFactory(Handler, { deps: [Formatter], create: (f) => `handler(${f})` });
  }

  it('fails validate() when a singleton reaches it: the transient would be captured with it', () => {
    const error = (() => {
      try {
        singletonThroughTransient().validate();
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ContainerValidationError);
    expect((error as ContainerValidationError).problems.map((p) => p.code)).toEqual(['DI_SCOPE']);
    expect((error as Error).message).toContain(
      "singleton 'handler' depends on scoped 'requestId' (path: handler -> formatter -> requestId)",
    );
  });

  it('names the capturing singleton when it is resolved from a scope, instead of asking for the scope that was used', async () => {
    const error = await singletonThroughTransient()
      .createScope()
      .resolve(Handler)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScopeError);
    expect((error as Error).message).not.toContain('createScope()');
    expect((error as Error).message).toContain(
      "singleton 'handler' depends on scoped 'requestId' (path: handler -> formatter -> requestId)",
    );
  });

  it('passes validate() when only scoped and transient registrations reach it', async () => {
    const container = new Container()
      .registerFactory(RequestId, { create: () => ({ id: 7 }), lifetime: 'scoped' })
      .registerFactory(Formatter, { deps: [RequestId], create: (r) => `req-${r.id}`, lifetime: 'transient' })
      .registerFactory(Handler, { deps: [Formatter], create: (f) => `handler(${f})`, lifetime: 'scoped' });
    expect(() => container.validate()).not.toThrow();
    expect(await container.createScope().resolve(Handler)).toBe('handler(req-7)');
  });
});

describe('Container: transients with a dispose', () => {
  const Connection = createToken<{ n: number }>('connection');
  const Importer = createToken<{ connection: { n: number } }>('importer');

  function counted(): { container: Container; created: () => number; disposed: number[] } {
    let n = 0;
    const disposed: number[] = [];
    const container = new Container().registerFactory(Connection, {
      create: () => ({ n: ++n }),
      lifetime: 'transient',
      dispose: (connection) => void disposed.push(connection.n),
    });
    return { container, created: () => n, disposed };
  }

  it('disposes every transient a scope created when the scope is disposed, newest first', async () => {
    const { container, created, disposed } = counted();
    const scope = container.createScope();
    await scope.resolve(Connection);
    await scope.resolve(Connection);

    await scope.dispose();

    expect(created()).toBe(2);
    expect(disposed).toEqual([2, 1]);
  });

  it('disposes the transient a singleton holds when the container is disposed', async () => {
    const { container, disposed } = counted();
    container.registerFactory(Importer, { deps: [Connection], create: (connection) => ({ connection }) });
    await container.resolve(Importer);

    await container.dispose();

    expect(disposed).toEqual([1]);
  });

  it('refuses to resolve a disposable transient from the container itself, where nothing would ever dispose it', async () => {
    const { container, created } = counted();
    const error = await container.resolve(Connection).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScopeError);
    expect((error as Error).message).toContain("'connection' is transient with a dispose");
    expect(created()).toBe(0);
  });
});

describe('Container.dispose', () => {
  it('disposes singletons in reverse creation order, skipping values and unresolved ones', async () => {
    const order: string[] = [];
    const Pool = createToken<string>('pool');
    const Users = createToken<string>('users');
    const Unused = createToken<string>('unused');
    const container = new Container()
      .registerValue(Config, { url: 'u' })
      .registerFactory(Pool, { deps: [Config], create: async () => 'pool', dispose: () => void order.push('pool') })
      .registerFactory(Users, { deps: [Pool], create: () => 'users', dispose: () => void order.push('users') })
      .registerFactory(Unused, { create: () => 'unused', dispose: () => void order.push('unused') });
    await container.resolve(Users);
    await container.dispose();
    expect(order).toEqual(['users', 'pool']);
  });

  it('disposes every instance even when one dispose fails, then reports the failure', async () => {
    const order: string[] = [];
    const First = createToken<string>('first');
    const Second = createToken<string>('second');
    const container = new Container()
      .registerFactory(First, { create: () => 'first', dispose: () => void order.push('first') })
      .registerFactory(Second, {
        create: () => 'second',
        dispose: () => {
          throw new Error('close failed');
        },
      });
    await container.resolve(First);
    await container.resolve(Second);
    await expect(container.dispose()).rejects.toBeInstanceOf(AggregateError);
    expect(order).toEqual(['first']);
  });

  it('refuses to resolve after dispose, so shutdown cannot reopen a connection', async () => {
    const container = new Container().registerValue(Config, { url: 'u' });
    await container.dispose();
    await expect(container.resolve(Config)).rejects.toBeInstanceOf(ContainerDisposedError);
  });
});
