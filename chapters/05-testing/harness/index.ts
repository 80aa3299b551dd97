/**
 * The integration harness: what a test file (or the capstone's tests) needs to run the app on real services.
 * @example
 * import { startTestServices, buildTestApp, listenOnLoopback, expectResponse } from '../chapters/05-testing/harness/index.js';
 */
export { apiClient, type ApiClient } from './api-client.js';
export { apiContract, ContractViolationError, expectResponse, meResponse, NO_CONTENT, openApiDocument, problemResponse, type ApiRoute, type RawResponse } from './api-contract.js';
export { CONTAINERS_SWITCH, containersRequested, probeContainerRuntime, startServiceContainers } from './containers.js';
export { ContainerRuntimeUnavailableError, ContainerStartError } from './harness-errors.js';
export { resetDatabase, testDatabaseName } from './isolation.js';
export { listenOnLoopback, type LoopbackServer } from './loopback-server.js';
export { ManualClock } from './manual-clock.js';
export { createTestData, type NewUser, type TestData } from './test-data.js';
export { buildTestApp, TEST_AUTH_SECRET, TEST_SCRYPT_COST, type TestApp, type TestAppOptions } from './test-app.js';
export { startTestServices, type TestServices, type TestServicesOptions } from './test-services.js';
