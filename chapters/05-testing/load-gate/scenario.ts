/** What one virtual user (one connection) carries between its steps; reset at the start of every pass. */
export type ScenarioContext = Record<string, unknown>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One request of a scenario. Functions receive the connection's context, so a step can use what an earlier one captured. */
export interface ScenarioStep {
  readonly name: string;
  readonly method?: HttpMethod;
  readonly path: string | ((context: ScenarioContext) => string);
  readonly headers?: (context: ScenarioContext) => Record<string, string>;
  /** Sent as JSON. */
  readonly body?: (context: ScenarioContext) => unknown;
  /** Statuses that count as success (default: any 2xx). Anything else counts toward the error rate. */
  readonly expect?: readonly number[];
  /** Reads the parsed JSON body of a successful response into the context (e.g. a token). */
  readonly capture?: (body: unknown, context: ScenarioContext) => void;
}

/** A flow each connection runs in a loop, like a user: sign in, read, write, again. */
export interface Scenario {
  readonly name: string;
  readonly steps: readonly ScenarioStep[];
  /** Fills a fresh context at the start of each pass (e.g. picks the next seeded user). */
  readonly beginPass?: (context: ScenarioContext) => void;
}

/** One GET repeated: the smallest scenario, for a health route or a raw baseline. */
export function singleRequestScenario(path: string, headers: Record<string, string> = {}): Scenario {
  return { name: `GET ${path}`, steps: [{ name: `GET ${path}`, path, headers: () => headers }] };
}
