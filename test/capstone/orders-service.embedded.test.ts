import { startEmbedded } from './support/capstone-harness.js';
import { describeOrdersContract } from './support/orders-contract.js';

// Stand-ins forced (ioredis-mock, in-memory broker), whatever REDIS_URL and AMQP_URL say; api and worker in one process.
describeOrdersContract('orders service on embedded providers, one process', (overrides) =>
  startEmbedded('e2e', overrides),
);
