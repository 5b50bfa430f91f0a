// The verifik-face-mock scenario: the SDK (verifik-face) answered in-process by the
// mock's package (verifik-face-mock), both installed from their packed tarballs. It
// takes the packages' exports as arguments, so each way of wiring them (the `fetch`
// option, MSW's setupServer, a Worker) runs the same steps.

/** A stand-in photo: a PNG signature, a marker the mock reads (`face=LABEL`, `spoof`), filler. */
export function photo(marker) {
  const bytes = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new TextEncoder().encode(marker)];
  for (let i = 0; i < 200; i++) bytes.push((i * 7) & 0xff);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function check(condition, message) {
  if (!condition) throw new Error(`mock scenario: ${message}`);
}

async function failure(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("mock scenario: the call must fail");
}

/**
 * The scenario as named steps, to run in order (each awaits the previous one's state):
 * enrols, searches, verifies, fails a liveness check, survives an injected 503
 * (retried), and runs out of credits. `options` are more client options (`fetch:
 * mock.fetch`; none under MSW; `baseUrl` for a mock over HTTP). `mock` gives the
 * controls (`fault`, `requests`, …), in-process or over HTTP (each may return a
 * promise). A test runner (Vitest, node:test) can run each step as its own test.
 */
export function mockScenarioSteps({ Verifik, isVerifikError }, mock, options = {}) {
  const token = `mock-scenario-${Date.now()}-${Math.floor(Math.random() * 1e9)}`;
  const vk = new Verifik({ token, timeoutMs: 10_000, ...options });
  let staff;
  let ana;

  return [
    ["enrol", async () => {
      staff = (await vk.collections.create({ name: "Staff" })).data;
      ana = (await vk.persons.create({ name: "Ana", images: [photo("face=ana one")], collections: [staff.code] })).data;
      const bob = (await vk.persons.create({ name: "Bob", images: [photo("face=bob")], collections: [staff.code] })).data;
      check(typeof ana._id === "string" && bob.name === "Bob", "enrolled");
    }],
    ["search", async () => {
      const found = await vk.biometrics.search({ images: [photo("face=ana two")], min_score: 0.9, search_mode: "FAST", collection_id: staff.code });
      check(found.persons.length === 1 && found.persons[0].id === ana._id, `search found Ana: ${JSON.stringify(found.persons)}`);
    }],
    ["verify", async () => {
      const verified = await vk.biometrics.verify({ id: ana._id, images: [photo("face=ana two")], min_score: 0.9, search_mode: "FAST" });
      check(verified.match?.id === ana._id, "verify matched Ana");
      const other = await vk.biometrics.verify({ id: ana._id, images: [photo("face=bob")], min_score: 0.9, search_mode: "FAST" });
      check(other.match === null, "verify refused Bob's face");
    }],
    ["liveness failure", async () => {
      const live = await vk.biometrics.liveness({ image: photo("spoof"), os: "DESKTOP" });
      check(live.passed === false && live.liveness_score < live.min_score, `a spoof fails liveness: ${JSON.stringify(live)}`);
    }],
    ["503 retried", async () => {
      await mock.clearRequests(token);
      const queued = await mock.fault(token, { kind: "status", status: 503, times: 1, retryAfter: "0", method: "GET", path: "/v2/face-recognition/collections" });
      check(queued === 1, "one fault queued");
      const listed = await vk.collections.list();
      check(listed.data.length === 1 && listed.data[0]._id === staff._id, "the list after a 503");
      const seen = (await mock.requests(token)).filter((r) => r.path === "/v2/face-recognition/collections");
      check(seen.length === 2, `the 503 was retried once (${seen.length} requests)`);
    }],
    ["credits run out", async () => {
      await mock.setCredits(token, 1);
      await vk.biometrics.search({ images: [photo("face=ana two")], min_score: 0.9, search_mode: "FAST" });
      const broke = await failure(vk.biometrics.search({ images: [photo("face=ana two")], min_score: 0.9, search_mode: "FAST" }));
      check(isVerifikError(broke) && broke.kind === "InsufficientCredits" && broke.status === 402, `out of credits: ${broke.kind} ${broke.status}`);
      check((await mock.credits(token)).balance === 0, "the balance is spent");
    }],
  ].map(([name, run]) => ({ name, run }));
}

/** Runs every step of [mockScenarioSteps] in order. Returns the steps. */
export async function runMockScenario(sdk, mock, options = {}) {
  const steps = [];
  for (const step of mockScenarioSteps(sdk, mock, options)) {
    await step.run();
    steps.push(step.name);
  }
  return { ok: true, steps };
}

export const MOCK_STEPS = ["enrol", "search", "verify", "liveness failure", "503 retried", "credits run out"];
