// A user's Vitest suite against verifik-face-mock: the SDK and the mock, both installed
// from their packed tarballs, the SDK's `fetch` option set to `mock.fetch` (in-process, no
// port). Each step of the shared mock scenario is one Vitest test, run in order on one mock.
import { describe, test, expect } from "vitest";
import { sdk, createVerifikMock } from "../packages.mjs";
import { mockScenarioSteps, MOCK_STEPS } from "../scenario.mjs";

describe.sequential("verifik-face against verifik-face-mock (in-process)", () => {
  const mock = createVerifikMock();
  const steps = mockScenarioSteps(sdk, mock, { fetch: mock.fetch });

  test("the scenario has every step", () => {
    expect(steps.map((step) => step.name)).toEqual(MOCK_STEPS);
  });

  for (const step of steps) {
    test(step.name, step.run);
  }
});
