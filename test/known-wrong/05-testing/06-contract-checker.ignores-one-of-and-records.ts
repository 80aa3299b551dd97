/**
 * Known wrong: reads only `anyOf` and objects with `properties`, so a discriminated union (`oneOf` in the JSON
 * Schema) and the values of a z.record() or a .catchall() object are never walked: a password hash inside them
 * goes unreported.
 */
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
  readonly anyOf?: readonly JsonSchemaNode[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** True when the branch can describe a value of this JSON type (`integer` counts as a number). */
function accepts(node: JsonSchemaNode, value: unknown): boolean {
  if (node.type === undefined) return true;
  const types = (Array.isArray(node.type) ? node.type : [node.type]).map((t) => (t === 'integer' ? 'number' : t));
  return types.includes(jsonType(value));
}

function undeclared(node: JsonSchemaNode, value: unknown, path: string): string[] {
  if (node.anyOf) {
    // Only branches of the value's type can describe it; of those, keep the one that explains the value best.
    const candidates = node.anyOf.filter((branch) => accepts(branch, value)).map((branch) => undeclared(branch, value, path));
    return candidates.length === 0 ? [] : candidates.reduce((best, next) => (next.length < best.length ? next : best));
  }
  if (Array.isArray(value) && node.items) return value.flatMap((item, i) => undeclared(node.items!, item, `${path}[${i}]`));
  if (!isRecord(value) || !node.properties) return [];
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const declared = node.properties[key];
    if (declared) found.push(...undeclared(declared, child, join(path, key)));
    else if (node.additionalProperties === false) found.push(join(path, key));
  }
  return found;
}

/**
 * Keys in `value` that the schema does not declare, at any depth (`items[1].secret`). `z.object` strips unknown keys
 * when it parses, so `schema.parse(body)` alone never notices a password hash riding along. Objects declared `.loose()`
 * allow extra keys and are not reported.
 */
export function findUndeclaredKeys(schema: z.ZodType, value: unknown): string[] {
  return undeclared(z.toJSONSchema(schema, { io: 'output' }) as JsonSchemaNode, value, '');
}

/** Checks a response body: the schema's own issues, then every undeclared key. */
export function checkContract(schema: z.ZodType, body: unknown): ContractReport {
  const problems: string[] = [];
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.map(String).join('.') || '(body)'}: ${issue.message}`);
  }
  for (const path of findUndeclaredKeys(schema, body)) problems.push(`${path}: not declared by the schema`);
  return { ok: problems.length === 0, problems };
}
