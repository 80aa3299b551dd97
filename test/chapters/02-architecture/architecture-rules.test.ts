import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkImports, checkLayers, importsOf } from '../../../chapters/02-architecture/architecture-rules.js';

const chapterRoot = fileURLToPath(new URL('../../../chapters/02-architecture/', import.meta.url));

describe('architecture rules', () => {
  it('hold for the chapter: domain/ and application/ import no framework, driver, zod or adapter', () => {
    expect(checkLayers(chapterRoot)).toEqual([]);
  });

  it('catch a use case that imports Express, the driver or zod', () => {
    const fixture = [
      "import type { Request } from 'express';",
      "import { MongoClient } from 'mongodb';",
      "import { z } from 'zod';",
      "import { randomUUID } from 'node:crypto';",
    ].join('\n');
    expect(checkImports('application/register-user.use-case.ts', fixture).map((v) => v.specifier)).toEqual([
      'express',
      'mongodb',
      'zod',
    ]);
  });

  it('catch the domain importing an adapter or the application, with a reason that says what is allowed', () => {
    const fixture =
      "import { MongoUserRepository } from '../adapters/persistence/mongo-user.repository.js';\nexport { createRegisterUser } from '../application/register-user.use-case.js';";
    const violations = checkImports('domain/user.entity.ts', fixture);
    expect(violations.map((v) => v.specifier)).toEqual([
      '../adapters/persistence/mongo-user.repository.js',
      '../application/register-user.use-case.js',
    ]);
    expect(violations[0]?.reason).toBe(
      'domain/ may import only from domain/, errors/; ../adapters/persistence/mongo-user.repository.js is in adapters/',
    );
  });

  it('see dynamic imports and require calls too, not only import statements', () => {
    expect(importsOf("const { MongoClient } = await import('mongodb');\nconst e = require('express');")).toEqual([
      'mongodb',
      'express',
    ]);
  });

  it('catch a relative import that climbs out of the chapter', () => {
    expect(checkImports('domain/email.value-object.ts', "import '../../capstone/db.js';")).toHaveLength(1);
  });

  it("let only the error model import the workbook's error root from outside the chapter", () => {
    const root = "import { CodedError } from '../../../platform/errors/coded-error.js';";
    expect(checkImports('errors/app-error.ts', root)).toEqual([]);
    const other = "import { DUPLICATE_KEY } from '../../../platform/mongo/server-error-codes.js';";
    expect(checkImports('errors/app-error.ts', other)).toHaveLength(1);
    expect(checkImports('domain/user.errors.ts', root)).toHaveLength(1);
  });
});
