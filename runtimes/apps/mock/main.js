// The mock scenario in-process, for Deno and Bun: both packages by their bare names, the
// SDK's `fetch` option set to `mock.fetch`; prints one JSON line with the result.
import * as sdk from "verifik-face";
import { createVerifikMock } from "verifik-face-mock";
import { runMockScenario } from "./scenario.mjs";

const runtime = typeof Deno !== "undefined" ? "deno" : typeof Bun !== "undefined" ? "bun" : "node";
const mock = createVerifikMock();
const result = await runMockScenario(sdk, mock, { fetch: mock.fetch });
console.log(JSON.stringify({ ...result, runtime }));
