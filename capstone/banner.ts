import { DEMO_ADMIN, DEMO_PRODUCTS, DEMO_USER } from './api/demo-data.js';

export interface BannerInput {
  readonly url: string;
  readonly providers: Record<string, string>;
  readonly mode: string;
  readonly seeded: boolean;
  readonly generatedSecret: boolean;
  readonly invoiceBuilder?: string;
  readonly workerUrl?: string | undefined;
}

// #region curl
/**
 * The three commands the banner prints, runnable as printed in a POSIX shell (bash, zsh, Git Bash): sign in and keep
 * the access token in `$TOKEN`, list products, place an order with that token.
 */
export function exampleCommands(url: string): readonly string[] {
  const login = JSON.stringify({ email: DEMO_USER.email, password: DEMO_USER.password });
  const order = JSON.stringify({ items: [{ productId: DEMO_PRODUCTS[0].id, quantity: 2 }] });
  return [
    `TOKEN=$(curl -s -X POST ${url}/api/auth/login -H 'content-type: application/json' -d '${login}' | node -pe 'JSON.parse(require("fs").readFileSync(0, "utf8")).accessToken')`,
    `curl -s '${url}/api/products?limit=3'`,
    `curl -s -X POST ${url}/api/orders -H "authorization: Bearer $TOKEN" -H 'idempotency-key: demo-order-1' -H 'content-type: application/json' -d '${order}'`,
  ];
}
// #endregion curl

/** What `npm start` prints once the service answers. */
export function startBanner(input: BannerInput): string {
  const lines = [
    '',
    `Orders service ready at ${input.url}  (${input.mode})`,
    '',
    'Dependencies:',
    ...Object.entries(input.providers).map(([name, description]) => `  ${name.padEnd(9)} ${description}`),
    ...(input.invoiceBuilder ? [`  ${'invoices'.padEnd(9)} ${input.invoiceBuilder}`] : []),
    ...(input.workerUrl ? [`  ${'worker'.padEnd(9)} health and metrics at ${input.workerUrl}`] : []),
  ];
  if (input.generatedSecret) {
    lines.push(
      '',
      'AUTH_JWT_SECRET is not set: a random one was generated for this run (tokens end with the process).',
    );
  }
  if (input.seeded) {
    lines.push(
      '',
      'Demo accounts:',
      `  user   ${DEMO_USER.email} / ${DEMO_USER.password}`,
      `  admin  ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}`,
      '',
      'Try it (sign in and keep the token, list products, place an order):',
      ...exampleCommands(input.url).map((command) => `  ${command}`),
      '',
      `Then follow the order: curl -s ${input.url}/api/orders/<id from the answer> -H "authorization: Bearer $TOKEN"`,
    );
  }
  lines.push(
    `API description: ${input.url}/api/openapi.json   Health: ${input.url}/health/ready   Metrics: ${input.url}/metrics`,
    'Press Ctrl-C to stop.',
    '',
  );
  return lines.join('\n');
}
