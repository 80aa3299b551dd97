export { startEmbeddedMongo, type EmbeddedMongo, type EmbeddedMongoOptions, type EngineLogger } from './server.js';
export { supportedCommands } from './commands/index.js';
