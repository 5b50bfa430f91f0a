// verifik-face-mock: the mock's `fetch`, its controls and its raw answers, over the
// WebAssembly build of verifik-mock's core (the same Rust code as the binary).
// Each entry (node.mjs, browser.js, workerd.js, deno.js) loads the module its runtime's
// way and hands its `MockCore` class to `bindMock`.

/** How long a `drop` fault's first bytes stay out before the body fails (as the binary). */
const DROP_AFTER_MS = 50;
/** Statuses whose answers have no body. */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
/** The origin relative URLs are read against (the binary's default address). */
const RELATIVE_BASE = "http://127.0.0.1:8787";
/** The largest request body the mock reads (32 MiB, as the binary); one byte more marks it too large. */
const BODY_LIMIT = 32 * 1024 * 1024;

const encoder = new TextEncoder();

function abortReason(signal) {
  return signal.reason ?? new DOMException("This operation was aborted", "AbortError");
}

/** Waits `ms`; an abort of `signal` rejects at once with its reason. */
function wait(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.min(ms, 2 ** 31 - 1));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** A `Headers`-like value as a flat `[name, value, …]` list. */
function flat(headers) {
  const out = [];
  for (const [name, value] of headers) out.push(name, value);
  return out;
}

/** The body of a `drop` fault: its first bytes, then (after a moment) a network error. */
function brokenBody(start, signal) {
  return new ReadableStream({
    start(controller) {
      if (start.length > 0) controller.enqueue(start);
    },
    pull(controller) {
      return wait(DROP_AFTER_MS, signal).then(
        () => controller.error(new TypeError("terminated: verifik-face-mock dropped the connection (a `drop` fault)")),
        (reason) => controller.error(reason),
      );
    },
  });
}

/**
 * Binds the package's API to one loaded `MockCore` class.
 * @param {new () => any} MockCore
 */
export function bindMock(MockCore) {
  return function createVerifikMock(options = {}) {
    if (options === null || typeof options !== "object") {
      throw new TypeError("createVerifikMock(options): options must be an object");
    }
    const delays = options.delays !== false;
    let core = new MockCore();

    /** Starts a request on the core; throws a TypeError for what HTTP does not allow. */
    function begin(method, target, headers, body) {
      try {
        return core.begin(method, target, headers, body);
      } catch (error) {
        throw new TypeError(`verifik-face-mock: ${error?.message ?? error}`);
      }
    }

    /**
     * The mock's raw answer to one request, as the binary would put it on the wire (a
     * `gzip` fault's body still compressed). A fault's wait is waited (unless `delays`
     * is false), and an abort of `signal` during it rejects with the signal's reason.
     */
    async function answer(method, target, headers, body, signal) {
      if (signal?.aborted) throw abortReason(signal);
      const begun = begin(method, target, headers, body);
      try {
        if (delays && begun.delayMs > 0) await wait(begun.delayMs, signal);
        const done = begun.finish();
        try {
          return { status: done.status, headers: done.headers, body: done.body, broken: done.broken };
        } finally {
          done.free();
        }
      } finally {
        begun.free();
      }
    }

    /** A `fetch`-compatible function answered by the mock, in-process. */
    async function fetch(input, init) {
      if (typeof input === "string" && input.startsWith("/")) input = RELATIVE_BASE + input;
      const request = new Request(input, init);
      // `new Request` drops the headers a browser forbids scripts to set (the CORS
      // preflight's `Access-Control-Request-*`): take them from what the caller gave.
      const headers = new Headers(request.headers);
      const given = init?.headers ?? (input instanceof Request ? input.headers : undefined);
      if (given !== undefined) for (const [name, value] of new Headers(given)) headers.set(name, value);
      const signal = init?.signal ?? request.signal;
      let body = new Uint8Array(await request.arrayBuffer());
      if (body.length > BODY_LIMIT) body = body.subarray(0, BODY_LIMIT + 1);
      const url = new URL(request.url);
      const raw = await answer(request.method, url.pathname + url.search, flat(headers), body, signal);
      return toResponse(raw, request.method, signal);
    }

    /** Asks a `/__mock/*` control route, as a test would over HTTP; throws on an error answer. */
    function control(method, path, token, json) {
      const headers = [];
      if (token !== undefined && token !== null) headers.push("authorization", `Bearer ${token}`);
      let body = new Uint8Array();
      if (json !== undefined) {
        headers.push("content-type", "application/json");
        body = encoder.encode(JSON.stringify(json));
      }
      const begun = begin(method, path, headers, body);
      let done;
      try {
        done = begun.finish();
      } finally {
        begun.free();
      }
      const status = done.status;
      const text = new TextDecoder().decode(done.body);
      done.free();
      const parsed = text ? JSON.parse(text) : null;
      if (status >= 400) {
        const error = new Error(`verifik-face-mock: ${method} ${path} answered ${status}: ${parsed?.message ?? text}`);
        error.status = status;
        error.body = parsed;
        throw error;
      }
      return parsed;
    }

    return {
      fetch,
      answer,
      /** Forgets everything: tenants, request logs, queued faults, credits. */
      reset() {
        const old = core;
        core = new MockCore();
        old.free();
      },
      /** The requests `token` made to `/v2` routes, oldest first: `{ method, path, query }`. */
      requests(token) {
        return control("GET", "/__mock/requests", token).requests;
      },
      /** Forgets `token`'s request log; returns how many entries it had. */
      clearRequests(token) {
        return control("DELETE", "/__mock/requests", token).cleared;
      },
      /** Queues one fault rule (or an array of them) for `token`; returns how many were queued. */
      fault(token, spec) {
        return control("POST", "/__mock/faults", token, spec).queued;
      },
      /** Drops `token`'s queued faults; returns how many there were. */
      clearFaults(token) {
        return control("DELETE", "/__mock/faults", token).cleared;
      },
      /** Sets `token`'s credit balance (`null`: unlimited); returns `{ balance, charged }`. */
      setCredits(token, balance) {
        return control("POST", "/__mock/credits", token, { balance });
      },
      /** `token`'s credit balance and what it was charged: `{ balance, charged }`. */
      credits(token) {
        return control("GET", "/__mock/credits", token);
      },
    };
  };
}

/** The mock's raw answer as the runtime's `Response`, as `fetch` would deliver it. */
function toResponse(raw, method, signal) {
  const { status } = raw;
  if (status < 200 || status > 599) {
    // fetch never delivers an informational status as an answer.
    throw new TypeError(`fetch failed: verifik-face-mock answered ${status}, which fetch cannot deliver`);
  }
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.headers.length; i += 2) headers.append(raw.headers[i], raw.headers[i + 1]);
  let body = raw.body;
  if (method === "HEAD" || NULL_BODY.has(status)) {
    body = null;
  } else if (raw.broken) {
    body = brokenBody(raw.body, signal);
  } else if ((headers.get("content-encoding") ?? "").toLowerCase() === "gzip") {
    // fetch inflates a gzip body as it reads it: so does this one.
    body = new Blob([raw.body]).stream().pipeThrough(new DecompressionStream("gzip"));
  }
  return new Response(body, { status, headers });
}
