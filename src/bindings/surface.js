// The part of the JavaScript surface that has to be JavaScript: the `VerifikError` class
// (so `instanceof` works; the skin builds every error with it) and what the client object
// shows and does once freed. wasm-bindgen imports this module from the glue;
// `cargo xtask build` inlines it into each glue of the npm package, whose entries then
// export `VerifikError`. The first `new Verifik` hands the class to `guardClient`.
// Self-contained: no imports.

/** The mark every VerifikError carries, shared by every copy of the package (`isVerifikError`). */
const BRAND = Symbol.for("verifik-face.VerifikError");

/** The typed members an error may carry, in the order they are shown. */
const MEMBERS = ["kind", "status", "code", "field", "requestId", "attempts", "livenessScore", "body"];

/** `cause` as JSON can hold it: an error's name and message, a primitive as it is. */
function causeForJson(cause) {
  if (cause !== null && typeof cause === "object" && typeof cause.message === "string") {
    return { name: String(cause.name), message: cause.message };
  }
  return ["string", "number", "boolean"].includes(typeof cause) ? cause : undefined;
}

/** What every call of the SDK rejects with (and every constructor throws). */
export class VerifikError extends Error {
  /**
   * @param {string} message
   * @param {{ kind: string, status?: number, code?: string, field?: string, requestId?: string, attempts?: number, livenessScore?: number, body?: object }} members
   * @param {{ cause?: unknown }} [options]
   */
  constructor(message, members, options) {
    super(message);
    // Enumerable, so a log line made with `JSON.stringify` or a spread carries it.
    Object.defineProperty(this, "message", { value: String(message), enumerable: true, writable: true, configurable: true });
    if (options != null && Object.prototype.hasOwnProperty.call(options, "cause")) {
      Object.defineProperty(this, "cause", { value: options.cause, writable: true, configurable: true });
    }
    for (const key of MEMBERS) {
      const value = members == null ? undefined : members[key];
      if (value !== undefined) this[key] = value;
    }
  }

  /** The error as plain data: `name`, `message`, the typed members, and `cause` as `{ name, message }`. */
  toJSON() {
    const json = { name: this.name, message: this.message };
    for (const key of MEMBERS) {
      if (this[key] !== undefined) json[key] = this[key];
    }
    const cause = causeForJson(this.cause);
    if (cause !== undefined) json.cause = cause;
    return json;
  }
}
Object.defineProperty(VerifikError.prototype, "name", { value: "VerifikError", writable: true, configurable: true });
Object.defineProperty(VerifikError.prototype, BRAND, { value: true });

/** Marks a client class already guarded (a module restarted after a panic guards it again). */
const GUARDED = Symbol("verifik-face.guarded");

/** The error a freed client gives instead of wasm-bindgen's `null pointer passed to rust`. */
function freedClient() {
  return new VerifikError("invalid client: it was freed (free() or the end of a `using` block); create a new Verifik", {
    kind: "InvalidInput",
    field: "client",
  });
}

/**
 * Makes the client class safe after `free()` and readable in logs: every getter and method
 * of a freed client throws a `VerifikError` (kind `InvalidInput`, field `client`), `free()`
 * may be called again, and Node's `util.inspect` (so `console.log`) shows
 * `Verifik { baseUrl: …, timeoutMs: … }` (`toJSON()`), never the token or the pointer.
 */
export function guardClient(Verifik) {
  const proto = Verifik.prototype;
  if (Object.prototype.hasOwnProperty.call(proto, GUARDED)) return;
  Object.defineProperty(proto, GUARDED, { value: true });
  const freed = (client) => client.__wbg_ptr === 0;
  for (const key of Object.getOwnPropertyNames(proto)) {
    if (key === "constructor" || key === "free" || key.startsWith("__")) continue;
    const descriptor = Object.getOwnPropertyDescriptor(proto, key);
    if (typeof descriptor.get === "function") {
      const get = descriptor.get;
      descriptor.get = function () {
        if (freed(this)) throw freedClient();
        return get.call(this);
      };
    } else if (typeof descriptor.value === "function") {
      const method = descriptor.value;
      descriptor.value = {
        [key](...args) {
          if (freed(this)) {
            if (key === "toString") return "Verifik <freed>";
            throw freedClient();
          }
          return method.apply(this, args);
        },
      }[key];
    } else {
      continue;
    }
    Object.defineProperty(proto, key, descriptor);
  }
  const free = proto.free;
  Object.defineProperty(proto, "free", {
    value: function free_() {
      if (!freed(this)) free.call(this);
    },
    writable: true,
    configurable: true,
  });
  Object.defineProperty(proto, Symbol.for("nodejs.util.inspect.custom"), {
    value: function (depth, options, inspect) {
      if (freed(this)) return "Verifik <freed>";
      return `Verifik ${typeof inspect === "function" ? inspect(this.toJSON(), options) : JSON.stringify(this.toJSON())}`;
    },
    configurable: true,
  });
}

/**
 * `text` as the runtime's WHATWG `URL` (the parser `fetch` itself uses) reads it:
 * `[protocol, username, password, hostname, port, pathname, search, hash]`, or `undefined`
 * when it is not a URL. One call instead of a glue function per part.
 */
export function urlParts(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  return [url.protocol, url.username, url.password, url.hostname, url.port, url.pathname, url.search, url.hash];
}

/**
 * The steps of resizing a photo that only a browser runtime can do: decoding it with
 * `createImageBitmap` (EXIF orientation applied), and drawing and encoding it on a canvas.
 * The sizes and checks are the SDK's; these only do what they are told. Each rejects with
 * one of the strings `"unavailable"` (no `createImageBitmap` or canvas, or the canvas
 * refused), `"undecodable"` or `"unencodable"`, which the SDK turns into its errors.
 */
export async function decodeImage(image) {
  if (typeof createImageBitmap !== "function" || !(canvasOffscreen() || typeof document === "object")) {
    throw "unavailable";
  }
  try {
    const blob = image instanceof Blob ? image : new Blob([image]);
    return await createImageBitmap(blob, { imageOrientation: "from-image" });
  } catch {
    throw "undecodable";
  }
}

/**
 * Base64 of `bytes` (a `Uint8Array`) by the runtime's own encoder:
 * `Uint8Array.prototype.toBase64` (recent browsers, Deno), else Node's and Bun's `Buffer`;
 * `undefined` where there is neither (or it throws), and the SDK's own encoder does the work.
 */
export function nativeBase64(bytes) {
  try {
    if (typeof bytes.toBase64 === "function") return bytes.toBase64();
    if (typeof Buffer === "function" && typeof Buffer.from === "function") {
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("base64");
    }
  } catch {
    // An encoder that throws (a detached buffer, a stand-in `Buffer`): the SDK's own.
  }
  return undefined;
}

/** Whether the runtime has `OffscreenCanvas` (browsers and their workers). */
function canvasOffscreen() {
  return typeof OffscreenCanvas === "function";
}

/**
 * Draws `bitmap` at `width` × `height` (on white for a JPEG, which has no transparency),
 * closes it and encodes the drawing as `type` at `quality`: the bytes (`OffscreenCanvas`),
 * or a `data:` URL (a page's `<canvas>`, where Safari before 16.4 has no `OffscreenCanvas`).
 */
export async function encodeImage(bitmap, width, height, type, quality) {
  let canvas;
  try {
    if (canvasOffscreen()) {
      canvas = new OffscreenCanvas(width, height);
    } else {
      canvas = document.createElement("canvas");
      canvas.width = width;
      canvas.height = height;
    }
    const context = canvas.getContext("2d");
    context.imageSmoothingQuality = "high";
    if (type === "image/jpeg") {
      context.fillStyle = "#fff";
      context.fillRect(0, 0, width, height);
    }
    context.drawImage(bitmap, 0, 0, width, height);
  } catch {
    throw "unavailable";
  } finally {
    bitmap.close();
  }
  try {
    if (!canvasOffscreen()) return canvas.toDataURL(type, quality);
    const blob = await canvas.convertToBlob({ type, quality });
    if (blob.type !== type) throw "unencodable";
    return new Uint8Array(await blob.arrayBuffer());
  } catch {
    throw "unencodable";
  }
}

/**
 * Reads a response body (a `ReadableStream`) to its end, one wait per chunk raced against
 * `aborted` (which rejects when the exchange is aborted, so a body that never ends cannot
 * hold the call): `[chunks, bytes in all]`, or the string `"too large"` once the chunks
 * pass `limit` bytes (the reader is then cancelled), or `"not bytes"` for a chunk that is
 * not a `Uint8Array`. A read that gives no `{ done, value }` object ends the body. A failed
 * read rejects with what the stream gave. The limit is the SDK's; this only counts.
 */
export async function readChunks(stream, limit, aborted) {
  const reader = stream.getReader();
  const chunks = [];
  let length = 0;
  for (;;) {
    const chunk = await Promise.race([reader.read(), aborted]);
    if (chunk === null || typeof chunk !== "object" || chunk.done) return [chunks, length];
    const value = chunk.value;
    if (!(value instanceof Uint8Array)) return "not bytes";
    length += value.length;
    if (length > limit) {
      // A reader of another library may lack `cancel` or throw from it: still "too large".
      Promise.resolve()
        .then(() => reader.cancel())
        .catch(() => {});
      return "too large";
    }
    chunks.push(value);
  }
}
