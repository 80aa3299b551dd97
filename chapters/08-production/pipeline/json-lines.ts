/**
 * Reads a stream of JSON lines (Docker's build and push progress) to its end. Chunks split objects anywhere, and one
 * chunk may hold several objects, so lines are reassembled before parsing.
 */

import { CodedError } from '../../../platform/errors/coded-error.js';

/** A line of the stream was not JSON: the stream is not what the API documents, so nothing it says can be trusted. */
export class JsonLineError extends CodedError {
  readonly code = 'JSON_LINE_INVALID';
}

/** Yields one parsed value per non-empty line; a line that is not JSON fails with its text. */
export async function* readJsonLines(stream: AsyncIterable<Buffer | string>): AsyncGenerator<unknown> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of stream) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line !== '') yield parseLine(line);
      newline = pending.indexOf('\n');
    }
  }
  pending += decoder.decode();
  if (pending.trim() !== '') yield parseLine(pending.trim());
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch (error) {
    throw new JsonLineError(`expected one JSON object per line, got: ${line.slice(0, 200)}`, { cause: error });
  }
}
