import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { followBuildStream, followPushStream } from '../../../../chapters/08-production/pipeline/docker-progress.js';
import { BuildFailedError, PushFailedError } from '../../../../chapters/08-production/pipeline/pipeline-errors.js';

/** A stream delivering `text` in chunks of `size` bytes, so JSON objects arrive split. */
function chunked(text: string, size: number): Readable {
  const chunks: Buffer[] = [];
  const bytes = Buffer.from(text);
  for (let start = 0; start < bytes.length; start += size) chunks.push(bytes.subarray(start, start + size));
  return Readable.from(chunks);
}

const lines = (...events: object[]): string => events.map((event) => JSON.stringify(event)).join('\n') + '\n';
const ID = 'sha256:' + '1'.repeat(64);

describe('Docker progress streams', () => {
  it('reassembles objects split across chunks, including a multi-byte character cut in half', async () => {
    const text = lines({ stream: 'Step 1/2 : FROM node — slim\n' }, { aux: { ID } });
    const output: string[] = [];

    const result = await followBuildStream(chunked(text, 3), { onLine: (line) => output.push(line) });

    expect(result).toEqual({ imageId: ID });
    expect(output).toEqual(['Step 1/2 : FROM node — slim']);
  });

  it('fails on an errorDetail line even when more output follows it', async () => {
    const text = lines(
      { stream: 'Step 1/1 : RUN false\n' },
      { errorDetail: { code: 1, message: 'returned a non-zero code: 1' }, error: 'returned a non-zero code: 1' },
      { aux: { ID } },
    );

    await expect(followBuildStream(chunked(text, 7))).rejects.toThrow(
      /the image build failed: returned a non-zero code: 1/,
    );
  });

  it('fails on an error line without errorDetail (older engines)', async () => {
    await expect(followBuildStream(Readable.from([lines({ error: 'no space left on device' })]))).rejects.toThrow(
      'no space left on device',
    );
  });

  it('fails when the stream ends without an image id, keeping the last lines for the log', async () => {
    const failure = await followBuildStream(Readable.from([lines({ stream: 'Step 1/3 : FROM x\n' })])).catch(
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(BuildFailedError);
    expect((failure as BuildFailedError).logTail).toEqual(['Step 1/3 : FROM x']);
  });

  it('accepts the "Successfully built" line of builders that predate aux.ID', async () => {
    await expect(
      followBuildStream(Readable.from([lines({ stream: 'Successfully built 0123456789ab\n' })])),
    ).resolves.toEqual({ imageId: '0123456789ab' });
  });

  it('fails when a line is not JSON', async () => {
    await expect(followBuildStream(Readable.from(['<html>502 Bad Gateway</html>\n']))).rejects.toThrow(
      /not JSON|JSON object per line/,
    );
  });

  it('returns the digest from aux.Digest, and fails when the push ends without one', async () => {
    const digest = 'sha256:' + 'd'.repeat(64);
    await expect(
      followPushStream(
        Readable.from([lines({ status: 'Pushed', id: 'abc' }, { aux: { Tag: 't', Digest: digest, Size: 1 } })]),
      ),
    ).resolves.toEqual({ digest });
    await expect(followPushStream(Readable.from([lines({ status: 'Pushed', id: 'abc' })]))).rejects.toThrow(
      PushFailedError,
    );
  });
});
