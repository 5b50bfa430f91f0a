// Unit tests of www/api-url.js (pure: no browser needed): which `?api=` the demo page
// takes without asking. The same URL table the SDK's tests use decides: a URL the SDK
// allows over plain http to loopback is loopback here, every other host is not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { isLoopbackApi } from "../www/api-url.js";

const table = JSON.parse(await readFile(new URL("../tests/fixtures/base_urls.json", import.meta.url), "utf8"));

test("loopback exactly as the SDK's URL table says", () => {
  for (const row of table.rows) {
    const loopbackHost =
      row.parts.hostname === "localhost" ||
      row.parts.hostname === "[::1]" ||
      /^127\.\d+\.\d+\.\d+$/.test(row.parts.hostname);
    const plain = ["http:", "https:"].includes(row.parts.protocol) && !row.parts.username && !row.parts.password;
    assert.equal(isLoopbackApi(row.url), loopbackHost && plain, row.url);
  }
  for (const url of [...table.invalid, "https://api.verifik.co", "http://localhost.", "http://mock.localhost"]) {
    assert.equal(isLoopbackApi(url), false, url);
  }
});
