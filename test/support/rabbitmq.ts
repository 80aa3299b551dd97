/**
 * RabbitMQ for an exercise test: the run's AMQP_URL (CI always sets it), else a container started with testcontainers,
 * else ServiceMissingError with the one command that gets RabbitMQ (the CLI does not even run such an exercise: it
 * counts it as "needs RabbitMQ"). `stop()` removes a container it started and leaves an AMQP_URL broker alone.
 *
 * @example
 * let broker: StartedService;
 * beforeAll(async () => { broker = await rabbitMqForExercise(); });
 * afterAll(() => broker.stop());
 */
import { rabbitMqFor, type StartedService } from '../../workbook/services.js';

export type { StartedService } from '../../workbook/services.js';

export async function rabbitMqForExercise(): Promise<StartedService> {
  return rabbitMqFor();
}
