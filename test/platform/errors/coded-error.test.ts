import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  InvalidLoggerOptionsError,
  UnknownLoggerKindError,
} from '../../../chapters/01-design-patterns/logger-factory.js';
import { ListenerFailedError } from '../../../chapters/01-design-patterns/typed-event-bus.js';
import {
  CircularDependencyError,
  ContainerValidationError,
  MissingDependencyError,
  ScopeError,
} from '../../../chapters/02-architecture/container/container-errors.js';
import { AppError, NotFoundError } from '../../../chapters/02-architecture/errors/app-error.js';
import { InsufficientRoleError } from '../../../chapters/03-security/auth/auth-errors.js';
import { TaskFailedError } from '../../../chapters/04-performance/pool-errors.js';
import { RolloutFailedError } from '../../../chapters/08-production/pipeline/deploy-pipeline.js';
import { PipelineError } from '../../../chapters/08-production/pipeline/pipeline-errors.js';
import { CodedError } from '../../../platform/errors/coded-error.js';
import { CommandError } from '../../../platform/mongo/engine/command-error.js';
import { WireProtocolError } from '../../../platform/mongo/engine/wire.js';
import { MongoProviderError } from '../../../platform/mongo/provider.js';
import { slowTimeout } from '../../support/slow-tests.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));

type ErrorClass = new (...args: never[]) => Error;

/**
 * A sample instance per class whose constructor takes more than `(message, options?)`, so the test can read the
 * `code` an instance carries (a subclass sets it as a field, so only an instance has it).
 */
const SAMPLES: Record<string, () => Error> = {
  UnknownLoggerKindError: () => new UnknownLoggerKindError('syslog', ['console']),
  InvalidLoggerOptionsError: () =>
    new InvalidLoggerOptionsError('console', z.object({ level: z.string() }).safeParse({}).error!),
  ListenerFailedError: () => new ListenerFailedError('saved', [new Error('disk full')]),
  MissingDependencyError: () => new MissingDependencyError('clock', ['service']),
  CircularDependencyError: () => new CircularDependencyError(['a', 'b', 'a']),
  ContainerValidationError: () => new ContainerValidationError([new ScopeError('request scope outside a request')]),
  InsufficientRoleError: () => new InsufficientRoleError(['admin']),
  TaskFailedError: () => new TaskFailedError('fibonacci', { name: 'RangeError', message: 'too deep' }),
  PipelineError: () => new PipelineError('APPLY_FAILED', 'the API refused the manifest'),
  RolloutFailedError: () =>
    new RolloutFailedError('rollout timed out', { kind: 'timeout', reason: 'no progress', polls: 3 }, undefined),
  MongoProviderError: () => new MongoProviderError('MONGO_URI_UNREACHABLE', 'nothing answers at mongodb://db:27017'),
  CommandError: () => new CommandError(11000, 'DuplicateKey', 'E11000 duplicate key error'),
  WireProtocolError: () => new WireProtocolError('message length 3 is below the header size', true),
};

interface FoundClass {
  readonly file: string;
  readonly name: string;
  readonly abstract: boolean;
  readonly value: ErrorClass;
}

let walked: Promise<FoundClass[]> | undefined;

/** Every class exported from a module under chapters/ or platform/ that is an Error, read from the source files. */
function exportedErrorClasses(): Promise<FoundClass[]> {
  walked ??= walk();
  return walked;
}

async function walk(): Promise<FoundClass[]> {
  const found: FoundClass[] = [];
  for (const folder of ['chapters', 'platform']) {
    const files = readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => path.join(folder, file));
    for (const file of files) {
      const source = readFileSync(path.join(root, file), 'utf8');
      const declared = [...source.matchAll(/^export (abstract )?class (\w+)/gm)];
      if (declared.length === 0) continue;
      const module = (await import(pathToFileURL(path.join(root, file)).href)) as Record<string, unknown>;
      for (const [, abstract, name] of declared) {
        const value = module[name!];
        if (typeof value === 'function' && value !== CodedError && value.prototype instanceof Error) {
          found.push({ file, name: name!, abstract: abstract !== undefined, value: value as ErrorClass });
        }
      }
    }
  }
  return found;
}

function sampleOf(found: FoundClass): Error {
  const make = SAMPLES[found.name];
  if (make) return make();
  return new (found.value as unknown as new (message: string) => Error)('sample message');
}

// The first test imports every module that exports a class: seconds on a busy machine.
describe('CodedError, the one error root of chapters/ and platform/', { timeout: slowTimeout(15_000) }, () => {
  it('finds the exported error classes of every chapter and of platform/', async () => {
    const found = await exportedErrorClasses();
    const folders = new Set(found.map((f) => f.file.split(path.sep).slice(0, 2).join('/')));
    for (const chapter of readdirSync(path.join(root, 'chapters'))) expect(folders).toContain(`chapters/${chapter}`);
    expect(folders).toContain('platform/mongo');
  });

  it('is the ancestor of every exported error class', async () => {
    const outside = (await exportedErrorClasses()).filter((f) => !(f.value.prototype instanceof CodedError));
    expect(outside.map((f) => `${f.file}: ${f.name}`)).toEqual([]);
  });

  it('gives every concrete error a non-empty code and its own class name', async () => {
    const wrong: string[] = [];
    for (const found of (await exportedErrorClasses()).filter((f) => !f.abstract)) {
      let error: Partial<CodedError>;
      try {
        error = sampleOf(found);
      } catch (reason) {
        wrong.push(`${found.file}: ${found.name} needs an entry in SAMPLES (${String(reason)})`);
        continue;
      }
      const where = `${found.file}: ${found.name}`;
      if (typeof error.code !== 'string' || error.code === '') wrong.push(`${where} has code ${String(error.code)}`);
      if (error.name !== found.name) wrong.push(`${where} is named ${String(error.name)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('keeps instanceof along the chain, the name in String(error) and the cause', () => {
    const cause = new Error('no such row');
    const error = new NotFoundError('No user with id 42', { cause });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toBeInstanceOf(CodedError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('NotFoundError');
    expect(String(error)).toBe('NotFoundError: No user with id 42');
    expect(error.code).toBe('NOT_FOUND');
    expect(error.cause).toBe(cause);
    expect(error.stack).toMatch(/^NotFoundError: No user with id 42/);
  });
});
