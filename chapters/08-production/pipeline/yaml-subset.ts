/**
 * A reader for the small subset of YAML that the deploy/ files are written in, so tests can check them without a
 * YAML dependency: block mappings and sequences (also `key:` followed by `- item` at the same indentation), plain,
 * single- and double-quoted scalars, flow sequences of scalars, `{}`, comments and `---` documents.
 *
 * Anything outside the subset (anchors, aliases, tags, block scalars, nested flow collections, tabs) is refused with
 * the line number, never guessed. So are YAML 1.1 booleans (`yes`, `no`, `on`, `off`): Kubernetes reads `on` as
 * `true`, so they must be quoted. A team with a YAML library (`yaml`, `js-yaml`) would use it instead.
 */

export type YamlValue = null | boolean | number | string | YamlValue[] | { [key: string]: YamlValue };

export class YamlSubsetError extends Error {
  override readonly name = 'YamlSubsetError';
  readonly code = 'YAML_OUTSIDE_SUBSET';

  constructor(
    readonly line: number,
    problem: string,
    source = 'yaml',
  ) {
    super(`${source}:${line}: ${problem}`);
  }
}

interface Line {
  indent: number;
  text: string;
  readonly number: number;
}

const YAML11_BOOLEANS = new Set(['yes', 'no', 'on', 'off', 'y', 'n']);

/** Removes a trailing ` # comment` that is not inside quotes. */
function stripComment(text: string): string {
  let quote: string | undefined;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quote) {
      if (char === quote) {
        // '' inside single quotes is an escaped quote, not the end.
        if (quote === "'" && text[index + 1] === "'") index += 1;
        else quote = undefined;
      } else if (quote === '"' && char === '\\') index += 1;
    } else if (char === '"' || char === "'") {
      if (index === 0 || /[\s[,:-]/.test(text[index - 1] ?? '')) quote = char;
    } else if (char === '#' && (index === 0 || /\s/.test(text[index - 1] ?? ''))) {
      return text.slice(0, index).trimEnd();
    }
  }
  return text.trimEnd();
}

class Reader {
  #index = 0;

  constructor(
    private readonly lines: Line[],
    private readonly source: string,
  ) {}

  fail(line: Line | undefined, problem: string): never {
    throw new YamlSubsetError(line?.number ?? (this.lines.at(-1)?.number ?? 0) + 1, problem, this.source);
  }

  get done(): boolean {
    return this.#index >= this.lines.length;
  }

  peek(): Line | undefined {
    return this.lines[this.#index];
  }

  document(): YamlValue {
    const first = this.peek();
    if (!first) return null;
    const value = this.block(first.indent);
    const rest = this.peek();
    if (rest) this.fail(rest, `unexpected indentation (${rest.indent} spaces) after the document's top level`);
    return value;
  }

  block(indent: number): YamlValue {
    const line = this.peek();
    if (!line) return null;
    return isSequenceItem(line.text) ? this.sequence(indent) : this.mapping(indent);
  }

  sequence(indent: number): YamlValue[] {
    const items: YamlValue[] = [];
    for (let line = this.peek(); line && line.indent === indent && isSequenceItem(line.text); line = this.peek()) {
      const rest = line.text.slice(1);
      const offset = rest.length - rest.trimStart().length;
      const content = rest.trim();
      if (content === '') {
        this.#index += 1;
        const next = this.peek();
        items.push(next && next.indent > indent ? this.block(next.indent) : null);
      } else if (isSequenceItem(content) || splitKey(content, line, this) !== undefined) {
        // `- key: value` opens a mapping whose column is where `key` starts: re-read this line from there.
        line.indent = indent + 1 + offset;
        line.text = content;
        items.push(this.block(line.indent));
      } else {
        this.#index += 1;
        items.push(this.scalarOrFlow(content, line));
      }
    }
    const next = this.peek();
    if (next && next.indent > indent) this.fail(next, `unexpected indentation (${next.indent} spaces) inside a sequence at column ${indent}`);
    return items;
  }

  mapping(indent: number): { [key: string]: YamlValue } {
    const result: { [key: string]: YamlValue } = {};
    for (let line = this.peek(); line && line.indent === indent && !isSequenceItem(line.text); line = this.peek()) {
      const split = splitKey(line.text, line, this);
      if (!split) this.fail(line, `expected "key: value" or "- item", got ${JSON.stringify(line.text)}`);
      const { key, rest } = split;
      if (Object.hasOwn(result, key)) this.fail(line, `duplicate key "${key}" (YAML parsers disagree on which one wins)`);
      this.#index += 1;
      if (rest === '') {
        const next = this.peek();
        if (next && next.indent > indent) result[key] = this.block(next.indent);
        else if (next && next.indent === indent && isSequenceItem(next.text)) result[key] = this.sequence(indent);
        else result[key] = null;
      } else {
        result[key] = this.scalarOrFlow(rest, line);
      }
    }
    const next = this.peek();
    if (next && next.indent > indent) this.fail(next, `unexpected indentation (${next.indent} spaces) inside a mapping at column ${indent}`);
    return result;
  }

  scalarOrFlow(text: string, line: Line): YamlValue {
    if (text.startsWith('[')) {
      if (!text.endsWith(']')) this.fail(line, 'a flow sequence must end on the same line with "]"');
      const inner = text.slice(1, -1).trim();
      if (inner === '') return [];
      return splitFlow(inner, line, this).map((item) => scalar(item, line, this));
    }
    if (text.startsWith('{')) {
      if (text.replace(/\s/g, '') === '{}') return {};
      this.fail(line, 'flow mappings other than {} are outside the subset: write a block mapping');
    }
    return scalar(text, line, this);
  }
}

function isSequenceItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

/** `key: rest` or `key:`; undefined when the text is not a mapping entry. */
function splitKey(text: string, line: Line, reader: Reader): { key: string; rest: string } | undefined {
  if (text.startsWith('"') || text.startsWith("'")) {
    const end = closingQuote(text, line, reader);
    const after = text.slice(end + 1);
    if (!after.startsWith(':') || (after.length > 1 && after[1] !== ' ')) return undefined;
    const key = scalar(text.slice(0, end + 1), line, reader);
    return { key: String(key), rest: after.slice(1).trim() };
  }
  const match = /^([^\s#[\]{},][^:]*?|[^\s#[\]{},]):(?: (.*))?$/.exec(text);
  if (!match || match[1] === undefined) return undefined;
  return { key: match[1].trimEnd(), rest: (match[2] ?? '').trim() };
}

function closingQuote(text: string, line: Line, reader: Reader): number {
  const quote = text[0];
  for (let index = 1; index < text.length; index += 1) {
    if (quote === '"' && text[index] === '\\') index += 1;
    else if (text[index] === quote) {
      if (quote === "'" && text[index + 1] === "'") index += 1;
      else return index;
    }
  }
  return reader.fail(line, `unterminated ${quote === '"' ? 'double' : 'single'}-quoted string`);
}

function splitFlow(inner: string, line: Line, reader: Reader): string[] {
  const items: string[] = [];
  let start = 0;
  for (let index = 0; index < inner.length; index += 1) {
    const char = inner[index];
    if (char === '"' || char === "'") index += closingQuote(inner.slice(index), line, reader);
    else if (char === '[' || char === '{') reader.fail(line, 'nested flow collections are outside the subset');
    else if (char === ',') {
      items.push(inner.slice(start, index).trim());
      start = index + 1;
    }
  }
  items.push(inner.slice(start).trim());
  if (items.some((item) => item === '')) reader.fail(line, 'empty item in a flow sequence');
  return items;
}

function scalar(text: string, line: Line, reader: Reader): YamlValue {
  if (text.startsWith('"')) {
    if (closingQuote(text, line, reader) !== text.length - 1) reader.fail(line, `text after a closing quote in ${text}`);
    try {
      return JSON.parse(text) as string; // YAML's double-quoted escapes used here are JSON's
    } catch {
      return reader.fail(line, `a double-quoted string with an escape outside the subset: ${text}`);
    }
  }
  if (text.startsWith("'")) {
    if (closingQuote(text, line, reader) !== text.length - 1) reader.fail(line, `text after a closing quote in ${text}`);
    return text.slice(1, -1).replaceAll("''", "'");
  }
  if (/^[&*!|>%@`]/.test(text)) reader.fail(line, `"${text[0]}" (anchor, alias, tag, block scalar or reserved) is outside the subset`);
  if (text.includes(': ') || text.endsWith(':')) reader.fail(line, `a plain value containing ": " is ambiguous: quote it (${text})`);
  if (text === '~' || text === 'null' || text === 'Null' || text === 'NULL') return null;
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (YAML11_BOOLEANS.has(text.toLowerCase())) reader.fail(line, `"${text}" is a boolean to YAML 1.1 parsers (Kubernetes among them): quote it or write true/false`);
  if (/^[-+]?\d+$/.test(text)) return Number(text);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^[-+]?(\.\d+|\d+(\.\d*)?)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  return text;
}

/**
 * Reads every `---`-separated document of `text`.
 *
 * @example
 * parseYamlDocuments('a: 1\n---\n- x\n') // [{ a: 1 }, ['x']]
 */
export function parseYamlDocuments(text: string, source = 'yaml'): YamlValue[] {
  const documents: Line[][] = [[]];
  text.split(/\r?\n/).forEach((raw, index) => {
    const number = index + 1;
    if (/^---\s*(#.*)?$/.test(raw)) {
      documents.push([]);
      return;
    }
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    const indentText = /^[ \t]*/.exec(raw)?.[0] ?? '';
    if (indentText.includes('\t')) throw new YamlSubsetError(number, 'a tab in indentation (YAML allows spaces only)', source);
    if (raw.trim() === '...' || raw.startsWith('%')) throw new YamlSubsetError(number, 'directives and "..." are outside the subset', source);
    documents.at(-1)?.push({ indent: indentText.length, text: stripComment(raw.slice(indentText.length)), number });
  });
  // A leading `---` opens the first document rather than ending an empty one.
  const nonEmpty = documents.filter((lines, index) => lines.length > 0 || (index > 0 && index < documents.length - 1));
  return nonEmpty.map((lines) => new Reader(lines, source).document());
}

/** Reads a file that must hold exactly one document. */
export function parseYamlDocument(text: string, source = 'yaml'): YamlValue {
  const documents = parseYamlDocuments(text, source);
  if (documents.length !== 1) throw new YamlSubsetError(1, `expected one document, found ${documents.length}`, source);
  return documents[0] ?? null;
}
