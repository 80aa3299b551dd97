// `npm run mongo [-- --port 27017]`: runs the embedded engine until Ctrl-C, for mongosh, Compass or a demo.
import { parseArgs } from 'node:util';
import { EMBEDDED_LIMITATIONS } from './provider.js';
import { startEmbeddedMongo, type EmbeddedMongo } from './engine/index.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '27017' } }, strict: true });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be an integer from 0 to 65535, got ${values.port}`);
  process.exitCode = 2;
} else {
  const engine = await startEmbeddedMongo({ port }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EADDRINUSE') throw err;
    console.error(`port ${port} is in use (another MongoDB?); pass --port N, or --port 0 for a free one`);
    process.exitCode = 1;
    return undefined;
  });
  if (engine) serve(engine);
}

function serve(engine: EmbeddedMongo): void {
  console.log(`Embedded MongoDB engine listening at ${engine.uri}`);
  console.log(`  mongosh "${engine.uri}"   or   MONGODB_URI=${engine.uri} npm test`);
  console.log(`  It has ${EMBEDDED_LIMITATIONS}. Data lives in memory and is gone when it stops. Ctrl-C stops it.`);
  const stop = (signal: string): void => {
    console.log(`\n${signal}: stopping the embedded engine`);
    engine.close().then(
      () => console.log('stopped'),
      (err: unknown) => {
        console.error('failed to stop cleanly:', err);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
