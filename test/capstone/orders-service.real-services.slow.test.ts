import { realServicesMissing, startSeparateProcesses } from './support/capstone-harness.js';
import { describeOrdersContract } from './support/orders-contract.js';

// CI sets REDIS_URL and AMQP_URL: the same contract against real Redis and RabbitMQ, api and worker as two processes.
describeOrdersContract(
  'orders service on real Redis and RabbitMQ, api and worker as separate processes',
  (overrides) => startSeparateProcesses('e2e', overrides),
  realServicesMissing(),
);
