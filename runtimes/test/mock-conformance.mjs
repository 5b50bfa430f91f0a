// The mock conformance rows: the same scripted requests (apps/mock/conformance.mjs) sent
// to the Rust binary over HTTP on 127.0.0.1 (VERIFIK_MOCK_URL, started by xtask) and to
// the wasm build in-process (verifik-face-mock's `mock.fetch`, installed from its packed
// tarball). Each request is one test of the row: the row's subject must answer the
// scripted status, and its record (status, masked JSON body, content-type and CORS
// headers) must equal the other form's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { importFromScratch, mockUrl, requireScratch } from "./helpers.mjs";

/** Defines the row's tests; `subject` is "binary" or "wasm". */
export async function conformanceRow(subject) {
  requireScratch();
  const { runConformance } = await importFromScratch("apps/mock/conformance.mjs");
  const { createVerifikMock } = await importFromScratch("apps/mock/packages.mjs");
  const binary = await runConformance(fetch, mockUrl());
  const mock = createVerifikMock();
  // Any origin reaches mock.fetch; this one names the binary's default address.
  const wasm = await runConformance(mock.fetch, "http://127.0.0.1:8787");
  const [mine, theirs] = subject === "binary" ? [binary, wasm] : [wasm, binary];
  const other = subject === "binary" ? "wasm in-process" : "binary over HTTP";

  test(`${subject}: the sequence ran every request on both forms`, () => {
    assert.ok(mine.length > 30, `${mine.length} requests`);
    assert.deepEqual(mine.map((r) => r.name), theirs.map((r) => r.name));
  });
  for (const [i, record] of mine.entries()) {
    test(`${subject}: ${record.name}`, () => {
      assert.equal(record.status, record.expected, `${record.name}: ${JSON.stringify(record.body)}`);
      assert.ok(record.headers["access-control-allow-origin"], "every answer carries CORS");
      assert.deepEqual(record, theirs[i], `${record.name} differs from the ${other}`);
    });
  }
}
