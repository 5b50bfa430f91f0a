// The mock's conformance sequence: one scripted list of requests, sent through any
// `fetch` (the Rust binary over HTTP with the runtime's own fetch, or
// verifik-face-mock's in-process `mock.fetch`), each answer recorded as status, the
// headers a client reads (content type, CORS, Retry-After), and the JSON body with
// generated ids, timestamps and tokens masked, so that two mocks' records compare equal.
import { photo } from "./scenario.mjs";

/** Response headers compared between the two forms. */
export const COMPARED_HEADERS = [
  "content-type",
  "access-control-allow-origin",
  "access-control-allow-methods",
  "access-control-allow-headers",
  "access-control-expose-headers",
  "access-control-max-age",
  "retry-after",
];

const OID = /[0-9a-f]{24}/g;
const WHOLE_OID = /^[0-9a-f]{24}$/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const ISO_TIME = /\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?/g;
/** Keys whose values a mock generates per run (ids, timestamps, tokens; collection codes are UUIDs, masked wherever they appear). */
const GENERATED = new Set(["id", "_id", "client", "createdAt", "updatedAt", "comparedAt", "dateTime", "accessToken", "token"]);

/** `value` with generated values replaced by placeholders (`<id>`, `<oid>`, `<uuid>`, `<time>`). */
export function mask(value, key) {
  if (Array.isArray(value)) return value.map((item) => mask(item, key));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v, k)]));
  }
  if (typeof value === "string") {
    if (GENERATED.has(key) && !WHOLE_OID.test(value)) return "<id>";
    return value.replace(UUID, "<uuid>").replace(OID, "<oid>").replace(ISO_TIME, "<time>");
  }
  return value;
}

/**
 * Runs the sequence through `fetchFn` against `baseUrl`. Returns
 * `[{ name, expected, status, headers, body }]`, one per request, in order.
 */
export async function runConformance(fetchFn, baseUrl) {
  const run = `${Date.now()}-${Math.floor(Math.random() * 1e9)}`;
  const token = `conformance-${run}`;
  const records = [];
  async function send(name, expected, method, path, { auth = token, body, headers = {} } = {}) {
    const init = { method, headers: { ...headers } };
    if (auth !== null) init.headers.authorization = `Bearer ${auth}`;
    if (body !== undefined) {
      init.headers["content-type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const response = await fetchFn(`${baseUrl}${path}`, init);
    const text = await response.text();
    let json = null;
    if (text !== "") {
      try {
        json = JSON.parse(text);
      } catch {
        json = { notJson: text };
      }
    }
    const seen = {};
    for (const header of COMPARED_HEADERS) {
      const value = response.headers.get(header);
      if (value !== null) seen[header] = value;
    }
    records.push({ name, expected, status: response.status, headers: seen, body: mask(json) });
    return json;
  }
  const C = "/v2/face-recognition/collections";
  const P = "/v2/face-recognition/persons";
  const B = "/v2/face-recognition";

  await send("OPTIONS preflight", 204, "OPTIONS", C, {
    auth: null,
    headers: { origin: "http://localhost:5173", "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
  });
  await send("no token: 401", 401, "GET", C, { auth: null });
  await send("unknown route: 404", 404, "GET", "/v2/face-recognition/nope");

  const staff = (await send("collections create", 200, "POST", C, { body: { name: "Staff", description: "the staff" } })).data;
  await send("collections list", 200, "GET", C);
  await send("collections read", 200, "GET", `${C}/${staff._id}`);
  await send("collections update", 200, "PUT", `${C}/${staff._id}`, { body: { name: "Staff B", description: "renamed" } });
  await send("collections read unknown: 404", 404, "GET", `${C}/0123456789abcdef01234567`);
  await send("collections create invalid: 409", 409, "POST", C, { body: {} });

  const ana = (await send("persons create", 200, "POST", P, { body: { name: "Ana", gender: "F", date_of_birth: "1990-01-01", images: [photo("face=ana one")], collections: [staff.code] } })).data;
  const bob = (await send("persons create (second)", 200, "POST", P, { body: { name: "Bob", gender: "M", date_of_birth: "1991-02-02", images: [photo("face=bob")], collections: [staff.code] } })).data;
  await send("persons list", 200, "GET", `${P}?page=1&limit=10&collection=${staff.code}`);
  await send("persons read", 200, "GET", `${P}/${ana._id}`);
  await send("persons update", 200, "PUT", `${P}/${ana._id}`, { body: { notes: "updated" } });
  await send("persons bad image: 412", 412, "POST", P, { body: { name: "Eve", gender: "F", date_of_birth: "1992-03-03", images: ["bm90IGFuIGltYWdl"], collections: [staff.code] } });

  const probe = photo("face=ana two");
  await send("search", 200, "POST", `${B}/search`, { body: { images: [probe], min_score: 0.9, search_mode: "FAST", collection_id: staff.code } });
  await send("search variant ids", 200, "POST", `${B}/search`, { auth: `${token}.variant=ids`, body: { images: [probe], min_score: 0.9, search_mode: "FAST" } });
  await send("verify match", 200, "POST", `${B}/verify`, { body: { id: ana._id, images: [probe], min_score: 0.9, search_mode: "FAST" } });
  await send("verify no match", 200, "POST", `${B}/verify`, { body: { id: ana._id, images: [photo("face=bob")], min_score: 0.9, search_mode: "FAST" } });
  await send("compare", 200, "POST", `${B}/compare`, { body: { probe: [probe], gallery: [photo("face=ana one")], search_mode: "FAST" } });
  await send("compare variant flat", 200, "POST", `${B}/compare`, { auth: `${token}.variant=flat`, body: { probe: [probe], gallery: [photo("face=bob")] } });
  await send("liveness pass", 200, "POST", `${B}/liveness`, { body: { image: probe, os: "DESKTOP" } });
  await send("liveness spoof", 200, "POST", `${B}/liveness`, { body: { image: photo("spoof"), os: "DESKTOP" } });
  await send("liveness variant percent", 200, "POST", `${B}/liveness`, { auth: `${token}.variant=percent`, body: { image: photo("spoof"), os: "DESKTOP" } });
  await send("search validation: 409", 409, "POST", `${B}/search`, { body: { images: [probe], search_mode: "FAST" } });

  await send("faults: queue a 503", 200, "POST", "/__mock/faults", { body: { kind: "status", status: 503, times: 1, retryAfter: "0", method: "GET", path: C } });
  await send("faulted list: 503", 503, "GET", C);
  await send("list after the fault", 200, "GET", C);
  await send("faults: queue a 429 on search", 200, "POST", "/__mock/faults", { body: { kind: "status", status: 429, times: 1, retryAfter: "7", path: `${B}/search` } });
  await send("faulted search: 429", 429, "POST", `${B}/search`, { body: { images: [probe], min_score: 0.9, search_mode: "FAST" } });
  await send("faults: a bad rule: 409", 409, "POST", "/__mock/faults", { body: { kind: "nope" } });

  await send("credits: set 1", 200, "POST", "/__mock/credits", { body: { balance: 1 } });
  await send("search charged", 200, "POST", `${B}/search`, { body: { images: [probe], min_score: 0.9, search_mode: "FAST" } });
  await send("search out of credits: 402", 402, "POST", `${B}/search`, { body: { images: [probe], min_score: 0.9, search_mode: "FAST" } });
  await send("credits: read", 200, "GET", "/__mock/credits");
  await send("credits: unlimited", 200, "POST", "/__mock/credits", { body: { balance: null } });

  await send("persons delete", 200, "DELETE", `${P}/${bob._id}`);
  await send("collections delete", 200, "DELETE", `${C}/${staff._id}`);
  await send("collections read deleted: 404", 404, "GET", `${C}/${staff._id}`);
  await send("request log", 200, "GET", "/__mock/requests");
  return records;
}
