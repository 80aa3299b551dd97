import { z } from 'zod';

/** The result of checking a body against a schema. */
export interface ContractReport {
  readonly ok: boolean;
  /** `path: what is wrong`, e.g. `createdAt: Invalid ISO datetime` or `passwordHash: not declared by the schema`. */
  readonly problems: readonly string[];
}

/** The part of JSON Schema this checker reads. */
interface JsonSchemaNode {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchemaNode>>;
  readonly additionalProperties?: boolean | JsonSchemaNode;
  readonly items?: JsonSchemaNode;
  /** Unions and `.nullable()` give `anyOf`; discriminated unions give `oneOf`. */
  readonly anyOf?: readonly JsonSchemaNode[];
  readonly oneOf?: readonly JsonSchemaNode[];
}

const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

function undeclared(node: JsonSchemaNode, value: unknown, path: string): string[] {
  if (typeof value !== 'object' || value === null) return []; // only objects and arrays have keys
  const options = node.anyOf ?? node.oneOf;
  if (options) return bestFit(options, value, path);
  if (Array.isArray(value))
    return node.items ? value.flatMap((item, i) => undeclared(node.items!, item, `${path}[${i}]`)) : [];
  return Object.entries(value).flatMap(([key, child]) => {
    // `properties` declares a key; otherwise `additionalProperties` decides: false (z.object) forbids it, a schema
    // (z.record, .catchall(), the {} of .loose()) describes it.
    const declared = node.properties?.[key] ?? node.additionalProperties;
    if (declared === false) return [join(path, key)];
    return typeof declared === 'object' ? undeclared(declared, child, join(path, key)) : [];
  });
}

/** Only options of the value's JSON type can describe it; of those, the first that leaves the fewest keys undeclared. */
function bestFit(options: readonly JsonSchemaNode[], value: object, path: string): string[] {
  const kind = Array.isArray(value) ? 'array' : 'object';
  let best: string[] | undefined;
  for (const option of options) {
    if (option.type !== undefined && ![option.type].flat().includes(kind)) continue;
    const found = undeclared(option, value, path);
    if (best === undefined || found.length < best.length) best = found;
  }
  return best ?? [];
}

/**
 * Keys in `value` that the schema does not declare, at any depth (`items[1].secret`). `z.object` strips unknown keys
 * when it parses, so `schema.parse(body)` alone never notices a password hash riding along. Objects declared `.loose()`
 * allow extra keys and are not reported.
 */
export function findUndeclaredKeys(schema: z.ZodType, value: unknown): string[] {
  // The output JSON Schema (the default): a z.object closes it with additionalProperties: false.
  return undeclared(z.toJSONSchema(schema) as JsonSchemaNode, value, '');
}

/** Checks a response body: the schema's own issues, then every undeclared key. */
export function checkContract(schema: z.ZodType, body: unknown): ContractReport {
  const problems: string[] = [];
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      problems.push(`${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`);
  }
  for (const path of findUndeclaredKeys(schema, body)) problems.push(`${path}: not declared by the schema`);
  return { ok: problems.length === 0, problems };
}
