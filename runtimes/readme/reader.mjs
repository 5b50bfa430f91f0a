// The values of what the README's examples leave to the reader (reader.d.ts declares
// them), for a block run in Node, Deno or Bun; loaded before the block. It also sends
// the requests a block makes to Verifik (https://api.verifik.co) or to a local
// verifik-mock (http://127.0.0.1:8787) to the test's own verifik-mock, and reports them
// when the process ends: `README-RUN {"requests":[…]}`. checks.mjs writes a copy beside
// the block with __MOCK_URL__, __TOKEN__ and __PHOTO__ filled in (Deno reads no
// environment or file it was not allowed to).
import process from "node:process";
import { createVerifikMock } from "verifik-face-mock";

const MOCK_URL = "__MOCK_URL__";
const TOKEN = "__TOKEN__";
const PHOTO = "__PHOTO__"; // www/faces/ana.jpg, base64
const REDIRECTS = [/^https:\/\/api\.verifik\.co(?=\/)/, /^http:\/\/127\.0\.0\.1:8787(?=\/)/];

const requests = [];
const realFetch = globalThis.fetch;
globalThis.fetch = function readmeFetch(input, init) {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  const target = REDIRECTS.reduce((text, pattern) => text.replace(pattern, MOCK_URL), url);
  const method = (init?.method ?? (typeof input === "object" && "method" in input ? input.method : "GET")).toUpperCase();
  requests.push(`${method} ${url}`);
  // Tests talk to 127.0.0.1 only: anything else is refused, as a network failure.
  if (new URL(target).hostname !== "127.0.0.1") return Promise.reject(new TypeError(`README run: ${url} is not reachable here`));
  return realFetch(typeof input === "object" && !(input instanceof URL) ? new Request(target, input) : target, init);
};
process.on("exit", () => {
  process.stdout.write(`\nREADME-RUN ${JSON.stringify({ requests })}\n`);
});

const bytes = Uint8Array.from(atob(PHOTO), (c) => c.charCodeAt(0));
const photo = new File([bytes], "ana.jpg", { type: "image/jpeg" });

/** One call to the test's mock as `token`, outside the redirect's log. */
async function call(method, path, body, token = TOKEN) {
  const response = await realFetch(`${MOCK_URL}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`reader prelude: ${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

// The reader's email logs in with the one-time code; their collection exists, as does
// one for `token`.
const email = "ana@example.com";
const otp = "123456";
const login = await call("POST", "/v2/projects/email-login/confirm", { email, otp });
const loginToken = login.data?.accessToken ?? login.token;
const collection = (await call("POST", "/v2/face-recognition/collections", { name: "Readers" }, loginToken)).data;
const own = (await call("POST", "/v2/face-recognition/collections", { name: "Own" })).data;
const logged = [];

Object.assign(globalThis, {
  fileInput: { files: Object.assign([photo], { item: (i) => (i === 0 ? photo : null) }) },
  file: photo,
  email,
  otp,
  token: TOKEN,
  collection,
  collection_id: own.code ?? own._id,
  person: { name: "Ana Example", images: [PHOTO] },
  pair: { probe: [PHOTO], gallery: [PHOTO] },
  session: { currentToken: async () => TOKEN },
  log: { info: (message) => logged.push(message) },
  getShortLivedToken: async () => TOKEN,
  mock: createVerifikMock(),
});
