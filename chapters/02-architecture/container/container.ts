import {
  CircularDependencyError,
  ContainerDisposedError,
  ContainerValidationError,
  DuplicateRegistrationError,
  MissingDependencyError,
  ScopeError,
  type ContainerError,
} from './container-errors.js';
import type { AnyToken, Resolved, Token } from './token.js';

/** `singleton`: one per container; `scoped`: one per `createScope()` (per request); `transient`: new on every resolve. */
export type Lifetime = 'singleton' | 'scoped' | 'transient';

interface Registration {
  readonly token: AnyToken;
  readonly kind: 'value' | 'factory' | 'class';
  readonly lifetime: Lifetime;
  readonly deps: readonly AnyToken[];
  readonly create: (deps: unknown[]) => unknown;
  readonly dispose?: (instance: unknown) => unknown;
}

export interface FactoryRegistration<T, D extends readonly AnyToken[]> {
  /** Tokens passed to `create`, in order. Declared, not looked up inside, so `validate()` can see the whole graph. */
  readonly deps?: D;
  /** Builds the instance; may be async (it then runs once even when many callers resolve at the same time). */
  readonly create: (...deps: Resolved<D>) => T | Promise<T>;
  readonly lifetime?: Lifetime;
  /**
   * Releases the instance on `dispose()` (singletons) or `scope.dispose()` (scoped). A transient is released with
   * what holds it: the scope it was resolved in, or the container when a singleton depends on it.
   */
  readonly dispose?: (instance: T) => void | Promise<void>;
}

export interface ClassRegistration<T, D extends readonly AnyToken[]> {
  readonly deps?: D;
  readonly lifetime?: Lifetime;
  readonly dispose?: (instance: T) => void | Promise<void>;
}

/** Instances one container (or one scope) owns, and the order they were created in. */
class InstanceCache {
  readonly pending = new Map<symbol, Promise<unknown>>();
  readonly created: { registration: Registration; instance: unknown }[] = [];
  disposed = false;

  /** Disposes every created instance, newest first; runs them all, then reports every failure together. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.allSettled(this.pending.values()); // let creations in flight finish, so they are disposed too
    const failures: unknown[] = [];
    for (const { registration, instance } of this.created.splice(0).reverse()) {
      try {
        await registration.dispose?.(instance);
      } catch (error) {
        failures.push(error);
      }
    }
    this.pending.clear();
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} instance(s) failed to dispose`);
  }
}

/** One request's worth of scoped instances. Dispose it when the request ends. */
export interface Scope {
  resolve<T>(token: Token<T>): Promise<T>;
  /** Disposes this scope's instances in reverse creation order. Singletons are untouched. */
  dispose(): Promise<void>;
}

/**
 * A small typed dependency-injection container: value, factory and class registrations; singleton, scoped and
 * transient lifetimes; async factories; cycles and missing dependencies reported with their path; `validate()` for
 * the whole graph at start-up; `dispose()` in reverse creation order.
 *
 * @example
 * const Config = createToken<{ url: string }>('config');
 * const Db = createToken<Db>('db');
 * const container = new Container()
 *   .registerValue(Config, { url })
 *   .registerFactory(Db, { deps: [Config], create: (config) => connect(config.url), dispose: (db) => db.close() });
 * container.validate();
 * const db = await container.resolve(Db);
 */
export class Container {
  readonly #registrations = new Map<symbol, Registration>();
  readonly #singletons = new InstanceCache();

  /** Registers a ready-made value (config, a clock, a client someone else owns). It is never disposed here. */
  registerValue<T>(token: Token<T>, value: T): this {
    return this.#add({ token, kind: 'value', lifetime: 'singleton', deps: [], create: () => value });
  }

  /** Registers a function that builds the value from its declared dependencies. */
  registerFactory<T, const D extends readonly AnyToken[] = []>(
    token: Token<T>,
    registration: FactoryRegistration<T, D>,
  ): this {
    const { create, dispose } = registration;
    return this.#add({
      token,
      kind: 'factory',
      lifetime: registration.lifetime ?? 'singleton',
      deps: registration.deps ?? [],
      create: (deps) => create(...(deps as Resolved<D>)),
      ...(dispose ? { dispose: (instance: unknown) => dispose(instance as T) } : {}),
    });
  }

  /** Registers a class; its constructor receives the declared dependencies in order. */
  registerClass<T, const D extends readonly AnyToken[] = []>(
    token: Token<T>,
    Class: new (...deps: Resolved<D>) => T,
    registration: ClassRegistration<T, D> = {},
  ): this {
    const { dispose } = registration;
    return this.#add({
      token,
      kind: 'class',
      lifetime: registration.lifetime ?? 'singleton',
      deps: registration.deps ?? [],
      create: (deps) => new Class(...(deps as Resolved<D>)),
      ...(dispose ? { dispose: (instance: unknown) => dispose(instance as T) } : {}),
    });
  }

  has(token: AnyToken): boolean {
    return this.#registrations.has(token.key);
  }

  /** Resolves a singleton or transient. Scoped registrations need `createScope().resolve()`. */
  resolve<T>(token: Token<T>): Promise<T> {
    return this.#resolve(token, [], undefined) as Promise<T>;
  }

  /** A new scope (one per request): scoped registrations get one instance each inside it. */
  createScope(): Scope {
    const cache = new InstanceCache();
    return {
      resolve: <T>(token: Token<T>) => this.#resolve(token, [], cache) as Promise<T>,
      dispose: () => cache.dispose(),
    };
  }

  // #region validate
  /**
   * Checks the whole graph without creating anything: every dependency registered, no cycles, no singleton that
   * captures a scoped instance (directly or through transients). Call it at start-up so wiring mistakes fail the
   * boot, not the first request.
   */
  validate(): void {
    const problems: ContainerError[] = [];
    const done = new Set<symbol>();
    const visit = (registration: Registration, path: readonly AnyToken[]): void => {
      if (done.has(registration.token.key)) return;
      const here = [...path, registration.token];
      for (const dep of registration.deps) {
        const loop = here.findIndex((t) => t.key === dep.key);
        if (loop !== -1) {
          problems.push(new CircularDependencyError([...here.slice(loop), dep].map((t) => t.name)));
          continue;
        }
        const target = this.#registrations.get(dep.key);
        if (!target) {
          problems.push(
            new MissingDependencyError(
              dep.name,
              here.map((t) => t.name),
            ),
          );
          continue;
        }
        visit(target, here);
      }
      done.add(registration.token.key);
    };
    for (const registration of this.#registrations.values()) {
      visit(registration, []);
      if (registration.lifetime === 'singleton') problems.push(...this.#capturedScopes(registration));
    }
    if (problems.length > 0) throw new ContainerValidationError(problems);
  }

  // A transient is built for whoever asks, so a singleton that asks keeps it, and whatever scoped instance it holds,
  // forever: follow transients from each singleton until a scoped registration (a problem) or another lifetime.
  #capturedScopes(singleton: Registration): ScopeError[] {
    const found: ScopeError[] = [];
    const seen = new Set<symbol>();
    const walk = (registration: Registration, path: readonly AnyToken[]): void => {
      for (const dep of registration.deps) {
        const target = this.#registrations.get(dep.key);
        if (!target || seen.has(dep.key)) continue; // missing deps and cycles are reported by the main pass
        seen.add(dep.key);
        if (target.lifetime === 'scoped') found.push(capturedScope([...path, dep].map((t) => t.name)));
        else if (target.lifetime === 'transient') walk(target, [...path, dep]);
      }
    };
    walk(singleton, [singleton.token]);
    return found;
  }
  // #endregion validate

  /** Disposes singletons in reverse creation order (a pool closes after the repositories that use it). */
  dispose(): Promise<void> {
    return this.#singletons.dispose();
  }

  #add(registration: Registration): this {
    if (this.#singletons.disposed)
      throw new ContainerDisposedError(`cannot register '${registration.token.name}': the container is disposed`);
    if (this.#registrations.has(registration.token.key)) throw new DuplicateRegistrationError(registration.token.name);
    this.#registrations.set(registration.token.key, registration);
    return this;
  }

  // #region resolve
  async #resolve(token: AnyToken, path: readonly AnyToken[], scope: InstanceCache | undefined): Promise<unknown> {
    if (this.#singletons.disposed || scope?.disposed) {
      throw new ContainerDisposedError(
        `cannot resolve '${token.name}': the ${scope?.disposed ? 'scope' : 'container'} is disposed`,
      );
    }
    // The path travels with each call (not in shared state), so concurrent resolutions cannot confuse each other.
    if (path.some((t) => t.key === token.key)) {
      const start = path.findIndex((t) => t.key === token.key);
      throw new CircularDependencyError([...path.slice(start), token].map((t) => t.name));
    }
    const registration = this.#registrations.get(token.key);
    if (!registration)
      throw new MissingDependencyError(
        token.name,
        path.map((t) => t.name),
      );

    switch (registration.lifetime) {
      case 'transient':
        return registration.dispose
          ? this.#ownedTransient(registration, path, scope)
          : this.#create(registration, path, scope);
      case 'singleton':
        // A singleton's dependencies resolve outside any scope, so it can never hold on to one request's objects.
        return this.#cached(this.#singletons, registration, path, undefined);
      case 'scoped':
        if (!scope) throw this.#outsideScope(token, path);
        return this.#cached(scope, registration, path, scope);
    }
  }

  // Every instance with a dispose needs an owner that will call it: the scope, or the container for a singleton's
  // transient (one per singleton, so bounded). Resolved from the container itself it would have none: refuse it.
  #ownedTransient(
    registration: Registration,
    path: readonly AnyToken[],
    scope: InstanceCache | undefined,
  ): Promise<unknown> {
    const heldBySingleton = path.some((t) => this.#registrations.get(t.key)?.lifetime === 'singleton');
    if (!scope && !heldBySingleton) {
      const name = registration.token.name;
      const why = 'resolve it from container.createScope(), whose dispose() releases it';
      return Promise.reject(
        new ScopeError(`'${name}' is transient with a dispose: ${why}; nothing would dispose it here`),
      );
    }
    const cache = scope ?? this.#singletons;
    const creation = this.#create(registration, path, scope).then((instance) => {
      cache.created.push({ registration, instance });
      return instance;
    });
    // Tracked while in flight, so a dispose() that starts meanwhile waits for it and releases it too.
    const key = Symbol(registration.token.name);
    cache.pending.set(key, creation);
    return creation.finally(() => cache.pending.delete(key));
  }

  #cached(
    cache: InstanceCache,
    registration: Registration,
    path: readonly AnyToken[],
    scope: InstanceCache | undefined,
  ): Promise<unknown> {
    const key = registration.token.key;
    let pending = cache.pending.get(key);
    if (!pending) {
      // Cache the promise before the first await: concurrent callers share one creation of an async factory.
      pending = this.#create(registration, path, scope).then(
        (instance) => {
          cache.created.push({ registration, instance });
          return instance;
        },
        (error: unknown) => {
          cache.pending.delete(key); // a failed creation is not cached: the next resolve tries again
          throw error;
        },
      );
      cache.pending.set(key, pending);
    }
    return pending;
  }

  // Without a scope here, either a singleton is asking (through transients, perhaps): resolving from a scope cannot
  // help; or the chain was resolved from the container itself: then a scope is the answer.
  #outsideScope(token: AnyToken, path: readonly AnyToken[]): ScopeError {
    const owner = path.findLastIndex((t) => this.#registrations.get(t.key)?.lifetime !== 'transient');
    if (owner !== -1) return capturedScope([...path.slice(owner), token].map((t) => t.name));
    const through = path.length === 0 ? '' : ` (path: ${[...path, token].map((t) => t.name).join(' -> ')})`;
    return new ScopeError(
      `'${token.name}' is scoped${through}: resolve it from container.createScope(), not from the container itself`,
    );
  }

  async #create(
    registration: Registration,
    path: readonly AnyToken[],
    scope: InstanceCache | undefined,
  ): Promise<unknown> {
    const here = [...path, registration.token];
    const deps = await Promise.all(registration.deps.map((dep) => this.#resolve(dep, here, scope)));
    return registration.create(deps);
  }
  // #endregion resolve
}

/** `path` runs from the singleton to the scoped registration, through any transients between them. */
function capturedScope(path: readonly string[]): ScopeError {
  const [singleton, scoped] = [path[0], path.at(-1)];
  return new ScopeError(
    `singleton '${singleton}' depends on scoped '${scoped}' (path: ${path.join(' -> ')}): it would keep the first request's instance forever; make '${singleton}' scoped or transient`,
  );
}
