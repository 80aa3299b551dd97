/**
 * Docker's build and push endpoints answer `200 OK` at once and then stream progress as JSON lines; a failure is
 * an `error`/`errorDetail` line in that stream, not an HTTP status. So the only way to know a build or a push worked
 * is to read the stream to its end, stop at the first error line, and require the line that says it succeeded.
 */
import { JsonLineError, readJsonLines } from './json-lines.js';
import { BuildFailedError, PushFailedError } from './pipeline-errors.js';

/** One line of Docker's progress stream (build: `stream`, `aux.ID`; push: `status`, `aux.Digest`). */
export interface DockerProgressEvent {
  readonly stream?: string;
  readonly status?: string;
  readonly id?: string;
  readonly progress?: string;
  readonly error?: string;
  readonly errorDetail?: { readonly code?: number; readonly message?: string };
  readonly aux?: { readonly ID?: string; readonly Tag?: string; readonly Digest?: string; readonly Size?: number };
}

/** The error an event reports, or undefined. `errorDetail.message` is the precise one; `error` is older. */
export function dockerEventError(event: DockerProgressEvent): string | undefined {
  if (event.errorDetail === undefined && event.error === undefined) return undefined;
  const message = (event.errorDetail?.message ?? event.error ?? '').trim();
  return message || 'the Docker API reported an error without a message';
}

function asEvent(value: unknown): DockerProgressEvent {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as DockerProgressEvent) : {};
}

const TAIL_LINES = 20;

export interface FollowOptions {
  /** Receives each line of human-readable output, e.g. to print it in the CI log. */
  readonly onLine?: (line: string) => void;
}

// #region follow-build
/**
 * Reads a build stream to its end. Resolves with the image id only when the stream ended with no error line and
 * the builder said which image it built; anything else is a BuildFailedError carrying the last lines of output.
 */
export async function followBuildStream(
  stream: AsyncIterable<Buffer | string>,
  options: FollowOptions = {},
): Promise<{ imageId: string }> {
  const tail: string[] = [];
  let imageId: string | undefined;
  const remember = (text: string): void => {
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      options.onLine?.(line);
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
    }
  };
  try {
    for await (const value of readJsonLines(stream)) {
      const event = asEvent(value);
      const error = dockerEventError(event);
      if (error !== undefined) throw new BuildFailedError(`the image build failed: ${error}`, [...tail, error]);
      if (event.stream) remember(event.stream);
      if (event.status) remember(event.status);
      if (event.aux?.ID) imageId = event.aux.ID;
      // Builders that predate `aux.ID` only print it.
      const built = /^Successfully built ([0-9a-f]{12,64})\s*$/m.exec(event.stream ?? '');
      if (built?.[1]) imageId ??= built[1];
    }
  } catch (error) {
    if (error instanceof BuildFailedError) throw error;
    const reason =
      error instanceof JsonLineError
        ? error.message
        : `the build stream broke: ${error instanceof Error ? error.message : String(error)}`;
    throw new BuildFailedError(`the image build failed: ${reason}`, tail, { cause: error });
  }
  if (imageId === undefined) {
    throw new BuildFailedError(
      'the build stream ended without naming the image it built (the connection dropped, or the builder stopped early)',
      tail,
    );
  }
  return { imageId };
}
// #endregion follow-build

/**
 * Reads a push stream to its end and returns the digest the registry stored (`aux.Digest`). A registry that refused
 * the push still answers `200 OK`: its refusal is an error line, which fails here.
 */
export async function followPushStream(
  stream: AsyncIterable<Buffer | string>,
  options: FollowOptions = {},
): Promise<{ digest: string }> {
  let digest: string | undefined;
  try {
    for await (const value of readJsonLines(stream)) {
      const event = asEvent(value);
      const error = dockerEventError(event);
      if (error !== undefined) throw new PushFailedError(`the image push failed: ${error}`);
      if (event.status) options.onLine?.(event.id ? `${event.id}: ${event.status}` : event.status);
      if (event.aux?.Digest) digest = event.aux.Digest;
    }
  } catch (error) {
    if (error instanceof PushFailedError) throw error;
    throw new PushFailedError(`the image push failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  if (digest === undefined)
    throw new PushFailedError('the push stream ended without the digest the registry stored (aux.Digest)');
  return { digest };
}
