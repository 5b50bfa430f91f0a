// Unit tests of www/explain.js (pure: no browser needed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { explain, describe, fieldLabel } from "../www/explain.js";

/** A stand-in VerifikError: a real Error with the SDK's fields. */
function verifikError(kind, fields = {}) {
  return Object.assign(new Error(fields.message ?? `${kind} happened`), { name: "VerifikError", kind, ...fields });
}

test("every kind gets its own readable sentence", () => {
  const kinds = [
    "Unauthorized", "Forbidden", "TokenExpired", "NotFound", "Validation", "InvalidImage",
    "PreconditionFailed", "Conflict", "BadRequest", "RateLimited", "Server", "Network",
    "Timeout", "Aborted", "InvalidResponse", "InvalidInput", "FaceRejected", "LivenessFailed",
    "InsufficientCredits",
  ];
  const sentences = kinds.map((kind) => explain(verifikError(kind, { field: "name" })));
  assert.equal(new Set(sentences).size, kinds.length, "no two kinds share a sentence");
  for (const sentence of sentences) {
    assert.doesNotMatch(sentence, /\[object |undefined|VerifikError|\n/);
    assert.match(sentence, /[.:]/);
  }
});

test("the sentence uses the server's words and the context", () => {
  const validation = verifikError("Validation", { status: 409, body: { message: '"name" is required', code: "MissingParameter" } });
  assert.equal(explain(validation), 'The server refused the data: "name" is required.');
  const duplicate = verifikError("PreconditionFailed", { body: { message: "person_already_set", code: "PreconditionFailed" } });
  assert.match(explain(duplicate), /already enrolled/);
  assert.equal(
    explain(verifikError("NotFound"), { subject: "That person" }),
    "That person no longer exists: it may have been deleted elsewhere. The lists are refreshed.",
  );
  assert.match(explain(verifikError("Network"), { baseUrl: "http://127.0.0.1:9" }), /at http:\/\/127\.0\.0\.1:9\./);
  assert.equal(explain(verifikError("Server", { status: 503 })), "The server had a problem (HTTP 503). Try again in a moment.");
});

test("face, liveness and credit failures say what to do", () => {
  assert.match(
    explain(verifikError("FaceRejected", { code: "ERR_MULTIPLE_FACES_DETECTED" })),
    /more than one face/,
  );
  assert.match(explain(verifikError("FaceRejected", { code: "SOMETHING_NEW" })), /take it again/);
  assert.match(explain(verifikError("LivenessFailed", { livenessScore: 0.42 })), /score 0\.42/);
  assert.match(explain(verifikError("InsufficientCredits")), /run out of credits/);
});

test("InvalidInput names the field in words", () => {
  const error = verifikError("InvalidInput", { field: "images[1]", message: "invalid images[1]: is empty" });
  assert.equal(explain(error), "Please check Photo 2: is empty");
  assert.equal(fieldLabel("date_of_birth"), "Date of birth");
  assert.equal(fieldLabel("collections[0]"), "Collection 1");
  assert.equal(fieldLabel("min_score"), "Lowest score");
  assert.equal(fieldLabel("probe[0]"), "First photo");
  assert.equal(fieldLabel("gallery[1]"), "Second photo 2");
  assert.equal(fieldLabel("resize"), "Photo resizing");
  assert.equal(fieldLabel("somethingElse"), "somethingElse");
  assert.equal(fieldLabel(undefined), "a field");
});

test("anything else thrown is described, never [object Object]", () => {
  assert.equal(explain(new TypeError("boom")), "Unexpected error: boom");
  assert.equal(explain({ message: "plain object" }), "Unexpected error: plain object");
  assert.equal(explain({ a: 1 }), 'Unexpected error: {"a":1}');
  assert.equal(explain("just text"), "Unexpected error: just text");
  assert.equal(describe(Object.create(null)), "no details");
  assert.equal(describe(undefined), "undefined");
  assert.doesNotMatch(explain({}), /\[object Object\]/);
  assert.doesNotMatch(explain(Object.create(null)), /\[object Object\]/);
});
