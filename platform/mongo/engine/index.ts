export { startEmbeddedMongo, type EmbeddedMongo, type EngineLogger } from './server.js';
