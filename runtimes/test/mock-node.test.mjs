// verifik-face-mock in Node, in-process: the SDK and the mock, both installed from their
// packed tarballs, with the SDK's `fetch` option set to `mock.fetch` (no port, no server).
import { test } from "node:test";
import assert from "node:assert/strict";
import { importFromScratch, requireScratch } from "./helpers.mjs";

requireScratch();
const { sdk, createVerifikMock } = await importFromScratch("apps/mock/packages.mjs");
const { runMockScenario, MOCK_STEPS } = await importFromScratch("apps/mock/scenario.mjs");

test("mock (Node, in-process): enrol, search, verify, liveness, a 503 retried, credits run out", async () => {
  const mock = createVerifikMock();
  const result = await runMockScenario(sdk, mock, { fetch: mock.fetch });
  assert.deepEqual(result.steps, MOCK_STEPS);
});

test("mock (Node, in-process): mock.fetch answers like the binary (preflight, faults, reset)", async () => {
  const mock = createVerifikMock();
  const token = "mock-fetch-behaviour";
  const auth = { authorization: `Bearer ${token}` };
  const url = "https://api.verifik.co/v2/face-recognition/collections";

  const preflight = await mock.fetch(url, {
    method: "OPTIONS",
    headers: { "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get("access-control-allow-headers"), "authorization,content-type");
  assert.equal(preflight.headers.get("access-control-allow-origin"), "*");

  mock.fault(token, { kind: "latency", latencyMs: 120 });
  const started = performance.now();
  const slow = await mock.fetch(url, { headers: auth });
  assert.equal(slow.status, 200);
  assert.ok(performance.now() - started >= 100, "a latency fault is waited");
  assert.ok(slow instanceof Response, "the runtime's own Response");

  mock.fault(token, { kind: "drop" });
  const dropped = await mock.fetch(url, { headers: auth });
  await assert.rejects(dropped.text(), TypeError, "a drop fault breaks the body mid-stream");

  mock.fault(token, { kind: "hang" });
  await assert.rejects(mock.fetch(url, { headers: auth, signal: AbortSignal.timeout(80) }), (error) => error.name === "TimeoutError");

  const created = await mock.fetch("/v2/face-recognition/collections", {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify({ name: "Staff" }),
  });
  assert.equal(created.status, 200);
  assert.equal(mock.requests(token).length, 4, "every /v2 request is logged, the preflight is not");
  mock.reset();
  assert.deepEqual(mock.requests(token), []);
  const listed = await (await mock.fetch(url, { headers: auth })).json();
  assert.deepEqual(listed.data, [], "reset forgot the collection");
  assert.throws(() => mock.fault(token, { kind: "nope" }), /409/);
});
