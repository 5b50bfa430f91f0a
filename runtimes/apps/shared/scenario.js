// The one scenario every runtime runs against a live verifik-mock.
//
// It takes the package's exports as an argument, so each runtime loads the
// package its own way (import, require, a bundle, a Worker) and this file
// stays plain ESM with no imports: Node, Deno, Bun, workerd and Chromium all
// run it unchanged.

/** A real 12×12 RGB PNG (280 bytes); the mock checks the PNG signature and the base64. */
export const PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAwAAAAMCAIAAADZF8uwAAAA30lEQVR42gXBwQAAQAgAwSCCOIggggii5wIEEUQQQQRzMyKCCk8wwYUQUiihhRFWOEFEUeUpprgSSiqltDLKKqeIPPTxHvbwRzzyUY9+zGMf9xAx1HiGGW6EkUYZbYyxxhkijjrPMcedcNIpp51x1jlHJNDgBRZ4EEEGFXQwwQYXiCSavMQSTyLJpJJOJtnkEpFCi1dY4UUUWVTRxRRbXCHSaPMaa7yJJptquplmm2tEBh3eYIMPMeRQQw8z7HCDyKLLW2zxJZZcaullll1uETn0eIcdfsSRRx19zLHHHR/OSMPBhctRFQAAAABJRU5ErkJggg==";

/** Decodes base64 without Buffer or atob differences between runtimes. */
function decodeBase64(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const clean = text.replace(/=+$/, "");
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const char of clean) {
    value = (value << 6) | alphabet.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

function check(condition, message) {
  if (!condition) throw new Error(`scenario: ${message}`);
}

/**
 * Runs the scenario and returns what it saw (the caller asserts on it, and on `ok`).
 *
 * @param {{ Verifik: any, VerifikError: any, isVerifikError: (e: unknown) => boolean, imageToBase64: (i: unknown, resize?: object) => Promise<string> }} sdk
 * @param {{ baseUrl: string, runtime: string }} options
 */
export async function runScenario(sdk, { baseUrl, runtime }) {
  const { Verifik, VerifikError, isVerifikError, imageToBase64 } = sdk;
  const token = `runtime-${runtime.replace(/[^A-Za-z0-9]/g, "-")}-${Date.now()}-${Math.floor(Math.random() * 1e9)}`;
  const vk = new Verifik({ token, baseUrl, timeoutMs: 10000 });
  const steps = [];

  const image = await imageToBase64(decodeBase64(PNG_BASE64));
  check(image === PNG_BASE64, "imageToBase64 round trip");
  steps.push("imageToBase64");

  const created = await vk.collections.create({ name: `Staff ${runtime}`, description: "runtimes test" });
  check(typeof created.data._id === "string" && created.data.name === `Staff ${runtime}`, "collection created");
  steps.push("collections.create");

  const listed = await vk.collections.list();
  check(listed.data.length === 1 && listed.data[0]._id === created.data._id, "collection listed");
  steps.push("collections.list");

  const person = await vk.persons.create({
    name: "Ana Example",
    images: [image],
    gender: "F",
    date_of_birth: "1990-01-15",
    collections: [created.data.code],
  });
  check(typeof person.data._id === "string" && person.data.name === "Ana Example", "person created");
  steps.push("persons.create");

  const updated = await vk.persons.update(person.data._id, { notes: "VIP" });
  check(updated.data.notes === "VIP" && updated.data.name === "Ana Example", "person updated");
  steps.push("persons.update");

  const deleted = await vk.persons.delete(person.data._id);
  check(deleted.data !== undefined, "person deleted");
  steps.push("persons.delete");

  const gone = await vk.collections.delete(created.data._id);
  check(gone.data._id === created.data._id, "collection deleted");
  steps.push("collections.delete");

  let error;
  try {
    await vk.persons.retrieve(person.data._id);
  } catch (e) {
    error = e;
  }
  check(error !== undefined, "retrieving a deleted person must fail");
  check(isVerifikError(error), `isVerifikError(${String(error)})`);
  check(error instanceof Error && error.name === "VerifikError", "a real Error named VerifikError");
  check(error.kind === "NotFound" && error.status === 404, `kind ${error.kind}, status ${error.status}`);
  check(typeof VerifikError === "function" && error instanceof VerifikError, "the entry's VerifikError class is the error's");
  const json = JSON.parse(JSON.stringify(error));
  check(
    json.name === "VerifikError" && json.message === error.message && json.kind === "NotFound" && json.status === 404,
    `JSON.stringify(error): ${JSON.stringify(json)}`,
  );
  steps.push("error NotFound");

  // `cause`: the abort reason as given, what `fetch` threw, what the token function threw
  // (without the token it held).
  const reason = new Error("user left");
  const controller = new AbortController();
  controller.abort(reason);
  const aborted = await vk.collections.list({ signal: controller.signal }).catch((e) => e);
  check(aborted instanceof VerifikError && aborted.kind === "Aborted", `aborted: ${aborted && aborted.kind}`);
  check(aborted.cause === reason, `the abort reason is the cause: ${String(aborted.cause)}`);
  check(JSON.stringify(aborted).includes('"cause":{"name":"Error","message":"user left"}'), JSON.stringify(aborted));
  const offline = new TypeError("fetch failed");
  const unreachable = new Verifik({ token, baseUrl, retries: 0, fetch: () => Promise.reject(offline) });
  const network = await unreachable.collections.list().catch((e) => e);
  check(network instanceof VerifikError && network.kind === "Network", `network: ${network && network.kind}`);
  check(network.cause === offline, `fetch's error is the cause: ${String(network.cause)}`);
  const refreshed = `${token}-first`;
  let asked = 0;
  const refusing = new Verifik({
    baseUrl,
    retries: 0,
    fetch: async () => new Response('{"message":"Unauthorized"}', { status: 401, headers: { "content-type": "application/json" } }),
    token: () => {
      asked += 1;
      if (asked === 1) return refreshed;
      throw new RangeError(`cannot renew ${refreshed}`);
    },
  });
  const renewal = await refusing.collections.list().catch((e) => e);
  check(renewal instanceof VerifikError && renewal.kind === "InvalidInput" && renewal.field === "token", `token: ${renewal && renewal.message}`);
  check(renewal.cause instanceof RangeError && renewal.cause.message === "cannot renew [token]", `token cause: ${String(renewal.cause)}`);
  const shown = `${JSON.stringify(renewal)} ${renewal.message} ${renewal.cause.stack}`;
  check(!shown.includes(refreshed), `the token function's error is shown without the token: ${shown}`);
  steps.push("error causes");

  // A freed client refuses with a typed error, not wasm-bindgen's null pointer.
  const freed = new Verifik({ token, baseUrl });
  freed.free();
  freed.free();
  let refusal;
  try {
    await freed.collections.list();
  } catch (e) {
    refusal = e;
  }
  check(refusal instanceof VerifikError && refusal.kind === "InvalidInput" && refusal.field === "client", `freed: ${refusal && refusal.message}`);
  check(/freed/.test(refusal.message) && String(freed) === "Verifik <freed>", refusal.message);
  steps.push("client freed");

  // Photo resizing: a page draws (createImageBitmap + OffscreenCanvas); a runtime
  // without a page (Node, workerd, Deno, Bun) must refuse, naming the option, not send.
  const page = typeof document !== "undefined";
  let resized;
  let refused;
  try {
    resized = await imageToBase64(decodeBase64(PNG_BASE64), { maxSide: 6 });
  } catch (e) {
    refused = e;
  }
  if (page) {
    check(refused === undefined, `a page resizes (${refused && refused.message})`);
    check(typeof resized === "string" && resized.startsWith("/9j/"), "a resized photo is a JPEG");
  } else {
    check(isVerifikError(refused) && refused instanceof VerifikError, `resize without a canvas must be refused (${String(refused ?? resized)})`);
    check(refused.kind === "InvalidInput" && refused.field === "resize", `kind ${refused.kind}, field ${refused.field}`);
  }
  steps.push("resize");

  const afterAll = await vk.collections.list();
  check(afterAll.data.length === 0, "no collection left");

  return { ok: true, runtime, steps, errorKind: error.kind, errorStatus: error.status };
}
