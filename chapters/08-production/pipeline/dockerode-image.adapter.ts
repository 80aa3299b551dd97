/**
 * ImageBuilder and ImagePusher on the Docker Engine API through dockerode. dockerode returns the progress streams
 * as they arrive; `followBuildStream`/`followPushStream` decide success, because the HTTP status cannot.
 */
import { readdirSync } from 'node:fs';
import type Docker from 'dockerode';
import { followBuildStream, followPushStream } from './docker-progress.js';
import { BuildFailedError, PushFailedError } from './pipeline-errors.js';
import type { BuildRequest, ImageBuilder, ImagePusher } from './pipeline.ports.js';

export interface RegistryAuth {
  readonly username: string;
  readonly password: string;
  /** The registry host, e.g. `registry.example.com`. */
  readonly serveraddress: string;
}

export interface DockerodeImageOptions {
  /** The build context directory (the repository root); its .dockerignore is honoured. */
  readonly context: string;
  readonly auth?: RegistryAuth;
  readonly onLine?: (line: string) => void;
}

export class DockerodeImageAdapter implements ImageBuilder, ImagePusher {
  constructor(
    private readonly docker: Docker,
    private readonly options: DockerodeImageOptions,
  ) {}

  async build(request: BuildRequest, signal?: AbortSignal): Promise<{ imageId: string }> {
    // dockerode packs the listed entries and filters them through the context's .dockerignore.
    const src = readdirSync(this.options.context);
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.docker.buildImage(
        { context: this.options.context, src },
        {
          t: request.tag,
          dockerfile: request.dockerfile,
          labels: { ...request.labels },
          rm: true,
          forcerm: true,
          ...(signal ? { abortSignal: signal } : {}),
        },
      );
    } catch (error) {
      throw new BuildFailedError(
        `the Docker API refused the build: ${error instanceof Error ? error.message : String(error)}`,
        [],
        { cause: error },
      );
    }
    return followBuildStream(stream as AsyncIterable<Buffer>, this.#lineOptions());
  }

  async push(repository: string, tag: string, signal?: AbortSignal): Promise<{ digest: string }> {
    let stream: NodeJS.ReadableStream;
    try {
      // The engine wants X-Registry-Auth even for a registry without credentials: send an empty one then.
      stream = await this.docker
        .getImage(repository)
        .push({ tag, authconfig: this.options.auth ?? {}, ...(signal ? { abortSignal: signal } : {}) });
    } catch (error) {
      throw new PushFailedError(
        `the Docker API refused the push of ${repository}:${tag}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    return followPushStream(stream as AsyncIterable<Buffer>, this.#lineOptions());
  }

  #lineOptions(): { onLine?: (line: string) => void } {
    return this.options.onLine ? { onLine: this.options.onLine } : {};
  }
}
