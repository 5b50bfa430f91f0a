// verifik-face-mock through Mock Service Worker 2 in Node: setupServer with the package's
// `verifikHandlers(mock)`, and the SDK on its default origin and the global `fetch`.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { setupServer } from "msw/node";
import { importFromScratch, requireScratch } from "./helpers.mjs";

requireScratch();
const { sdk, createVerifikMock } = await importFromScratch("apps/mock/packages.mjs");
const { verifikHandlers } = await importFromScratch("apps/mock/msw.mjs");
const { runMockScenario, MOCK_STEPS } = await importFromScratch("apps/mock/scenario.mjs");

const mock = createVerifikMock();
const server = setupServer(...verifikHandlers(mock));
server.listen({ onUnhandledRequest: "error" });
after(() => server.close());

test("mock (MSW setupServer): the SDK's global fetch is answered by the mock", async () => {
  const result = await runMockScenario(sdk, mock);
  assert.deepEqual(result.steps, MOCK_STEPS);
});
