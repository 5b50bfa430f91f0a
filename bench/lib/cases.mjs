// The measurements that run inside a JavaScript runtime: per-call overhead, image
// encoding and memory. The same module runs in Node (bench/node-worker.mjs) and in
// headless Chromium (bench/browser.mjs); each runtime passes its own hooks for what
// only it can measure (CPU time, garbage collection, heap, wasm linear memory).

import { HandWritten } from "./baseline.mjs";
import { median, round, summary } from "./stats.mjs";

const PREFIX = "/v2/face-recognition";

/** A fake "JPEG" of `size` bytes: JPEG magic, deterministic noise, end marker. */
export function fakeJpeg(size, seed = 1) {
  const bytes = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  bytes.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00], 0);
  bytes[size - 2] = 0xff;
  bytes[size - 1] = 0xd9;
  return bytes;
}

/** Raw base64 of `bytes` without any runtime-specific helper (seeding only). */
export function plainBase64(bytes) {
  let out = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    out += btoa(String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000)));
  }
  return out;
}

/** A token of our own for one purpose, so runs and cases never share mock state. */
export function token(tag, purpose) {
  return `bench-${tag}-${purpose}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

async function raw(mockUrl, tok, method, path, body) {
  const response = await fetch(`${mockUrl}${PREFIX}${path}`, {
    method,
    headers: { authorization: `Bearer ${tok}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`seeding ${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** Creates `count` collections for `tok` through the mock's API (8 in flight). */
export async function seedCollections(mockUrl, tok, count) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await raw(mockUrl, tok, "POST", "/collections", {
        name: `Collection ${i}`,
        description: `Seeded collection number ${i} for the 1,000-item list`,
      });
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** The three thumbnails (8 KB fake JPEGs, raw base64) a person is created with. */
export function thumbnails() {
  return [1, 2, 3].map((seed) => plainBase64(fakeJpeg(8000, seed)));
}

/**
 * The calls compared, each as the SDK does it and as the hand-written client does it.
 * Seeds the mock first: 1,000 collections for the list, a person with three thumbnails.
 */
export async function prepareCases(sdk, mockUrl, tag) {
  const t = {
    small: token(tag, "small"),
    list: token(tag, "list"),
    person: token(tag, "person"),
  };
  await seedCollections(mockUrl, t.list, 1000);
  const images = thumbnails();
  const seeded = await raw(mockUrl, t.person, "POST", "/persons", {
    name: "Ana Example",
    images,
    gender: "F",
    date_of_birth: "1990-01-15",
  });
  const personId = seeded.data._id;
  const options = (tok) => ({ token: tok, baseUrl: mockUrl, retries: 0 });
  const vk = Object.fromEntries(Object.entries(t).map(([k, tok]) => [k, new sdk.Verifik(options(tok))]));
  const hw = Object.fromEntries(Object.entries(t).map(([k, tok]) => [k, new HandWritten(options(tok))]));
  const smallInput = { name: "Employees", description: "HQ staff" };
  const personInput = { name: "Ana Example", images, gender: "F", date_of_birth: "1990-01-15" };
  const cases = [
    {
      name: "collections.create (small)",
      kind: "small",
      sdk: () => vk.small.collections.create(smallInput),
      base: () => hw.small.createCollection(smallInput),
    },
    {
      name: "collections.list (1,000 items)",
      kind: "list",
      sdk: () => vk.list.collections.list(),
      base: () => hw.list.listCollections(),
    },
    {
      name: "persons.create (3 thumbnails)",
      kind: "small",
      sdk: () => vk.person.persons.create(personInput),
      base: () => hw.person.createPerson(personInput),
    },
    {
      name: "persons.retrieve (3 thumbnails)",
      kind: "small",
      sdk: () => vk.person.persons.retrieve(personId),
      base: () => hw.person.retrievePerson(personId),
    },
  ];
  // Both sides must see the same answer before anything is timed.
  const [a, b] = [await cases[1].sdk(), await cases[1].base()];
  if (a.data.length !== 1000 || b.data.length !== 1000) {
    throw new Error(`list: expected 1000 items, got ${a.data.length} (SDK) and ${b.data.length} (baseline)`);
  }
  const [p, q] = [await cases[3].sdk(), await cases[3].base()];
  if (p.data.thumbnails?.length !== 3 || q.data.thumbnails?.length !== 3) {
    throw new Error("retrieve: the person should have three thumbnails on both sides");
  }
  return { cases, vk, hw, personId, tokens: t };
}

/**
 * Interleaved per-call measurement. Each round runs, for every case, a batch of SDK
 * calls and a batch of baseline calls (the order alternates between rounds); wall
 * time is taken per call, CPU time per batch with `cpuMs()` (cumulative milliseconds
 * of CPU of the runtime: `process.cpuUsage()` in Node, the renderer main thread's
 * `TaskDuration` in Chromium). The first `warmupRounds` rounds are not recorded.
 */
export async function perCall({ cases, rounds, warmupRounds, batch, cpuMs }) {
  const data = cases.map(() => ({ sdk: { wall: [], cpu: [] }, base: { wall: [], cpu: [] } }));
  for (let round = 0; round < warmupRounds + rounds; round += 1) {
    for (const [index, item] of cases.entries()) {
      const order = (round + index) % 2 === 0 ? ["sdk", "base"] : ["base", "sdk"];
      for (const side of order) {
        const fn = item[side];
        const walls = [];
        const c0 = await cpuMs();
        for (let i = 0; i < batch; i += 1) {
          const t0 = performance.now();
          await fn();
          walls.push(performance.now() - t0);
        }
        const c1 = await cpuMs();
        if (round >= warmupRounds) {
          data[index][side].wall.push(...walls);
          data[index][side].cpu.push((c1 - c0) / batch);
        }
      }
    }
  }
  return cases.map((item, index) => {
    const d = data[index];
    const sdk = { wallMs: summary(d.sdk.wall), cpuMs: summary(d.sdk.cpu) };
    const base = { wallMs: summary(d.base.wall), cpuMs: summary(d.base.cpu) };
    return {
      name: item.name,
      kind: item.kind,
      calls: d.sdk.wall.length,
      sdk,
      base,
      cpuRatio: round(sdk.cpuMs.median / base.cpuMs.median),
      wallRatio: round(sdk.wallMs.median / base.wallMs.median),
    };
  });
}

function chunkedBtoa(bytes) {
  let out = "";
  // A multiple of 3 bytes per chunk, so the pieces concatenate without padding.
  for (let i = 0; i < bytes.length; i += 0x7ffe) {
    out += btoa(String.fromCharCode.apply(null, bytes.subarray(i, i + 0x7ffe)));
  }
  return out;
}

function fileReaderBase64(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = reader.result;
      resolve(url.slice(url.indexOf(",") + 1));
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

/** The plain-JS ways of this runtime to get raw base64, per input type. */
export function plainEncoders() {
  const out = [];
  if (typeof Uint8Array.prototype.toBase64 === "function") {
    out.push({
      name: "Uint8Array.prototype.toBase64",
      u8: (u8) => u8.toBase64(),
      blob: async (blob) => new Uint8Array(await blob.arrayBuffer()).toBase64(),
    });
  }
  if (typeof globalThis.Buffer === "function") {
    const B = globalThis.Buffer;
    out.push({
      name: "Buffer#toString('base64')",
      u8: (u8) => B.from(u8.buffer, u8.byteOffset, u8.byteLength).toString("base64"),
      blob: async (blob) => B.from(await blob.arrayBuffer()).toString("base64"),
    });
  }
  if (typeof globalThis.FileReader === "function") {
    out.push({
      name: "FileReader data URL",
      u8: (u8) => fileReaderBase64(new Blob([u8])),
      blob: (blob) => fileReaderBase64(blob),
    });
  }
  out.push({
    name: "chunked btoa",
    u8: (u8) => chunkedBtoa(u8),
    blob: async (blob) => chunkedBtoa(new Uint8Array(await blob.arrayBuffer())),
  });
  return out;
}

/** The least time one timed sample of an encoder takes (ms): enough calls are made in a
 * row that the timer's grain (100 µs in a browser page) and one garbage collection do not
 * decide a median. */
const SAMPLE_MS = 20;

/** How many calls of `fn` on `value` fill `SAMPLE_MS` (at least 1, at most 1,000). */
async function callsPerSample(fn, value) {
  const t0 = performance.now();
  let calls = 0;
  while (calls < 1000 && performance.now() - t0 < SAMPLE_MS) {
    await fn(value);
    calls += 1;
  }
  return Math.max(calls, 1);
}

/**
 * `imageToBase64` against every plain-JS encoder, for `sizesMb` (1 MB = 10^6 bytes)
 * from a `Uint8Array` and from a `Blob`; `reps` timed samples each, interleaved, after
 * one untimed run. A sample is as many calls in a row as fill `SAMPLE_MS`, after a full
 * garbage collection where the runtime exposes `gc` (the bench's Node and Chromium do),
 * and counts their mean. Every output is checked against the SDK's.
 */
export async function imageEncoding({ imageToBase64, sizesMb, reps }) {
  const encoders = plainEncoders();
  const rows = [];
  for (const mb of sizesMb) {
    const bytes = fakeJpeg(mb * 1e6, mb);
    const blob = new Blob([bytes], { type: "image/jpeg" });
    for (const input of ["u8", "blob"]) {
      const value = input === "u8" ? bytes : blob;
      const contenders = [
        { name: "SDK imageToBase64", fn: (v) => imageToBase64(v) },
        ...encoders.map((e) => ({ name: e.name, fn: e[input] })),
      ];
      const expected = await imageToBase64(value);
      for (const c of contenders.slice(1)) {
        const got = await c.fn(value);
        if (got !== expected) throw new Error(`${c.name} and the SDK disagree on ${mb} MB (${input})`);
      }
      const times = contenders.map(() => []);
      const batches = [];
      for (const c of contenders) batches.push(await callsPerSample(c.fn, value));
      const n = reps(mb);
      for (let rep = 0; rep < n; rep += 1) {
        const order = contenders.map((_, i) => i);
        if (rep % 2 === 1) order.reverse();
        for (const i of order) {
          // The garbage of the sample before (megabytes of text) is not this one's to collect.
          if (typeof globalThis.gc === "function") globalThis.gc();
          const t0 = performance.now();
          for (let call = 0; call < batches[i]; call += 1) await contenders[i].fn(value);
          times[i].push((performance.now() - t0) / batches[i]);
        }
      }
      const measured = contenders.map((c, i) => {
        const ms = summary(times[i]).median;
        return { name: c.name, ms, mbPerS: round(mb / (ms / 1000)) };
      });
      const sdk = measured[0];
      const best = measured.slice(1).reduce((a, b) => (b.mbPerS > a.mbPerS ? b : a));
      rows.push({
        mb,
        input: input === "u8" ? "Uint8Array" : "Blob",
        sdk,
        best,
        others: measured.slice(1),
        ratio: round(sdk.mbPerS / best.mbPerS),
      });
    }
  }
  return rows;
}

/**
 * Memory over `calls` SDK calls after `warmup` calls: wasm linear memory and JS heap
 * (after a full GC) sampled every `every` calls. The calls cycle through a small
 * create, a retrieve of a collection and a retrieve of a person with thumbnails,
 * the way a user writes them (`vk.collections.create(...)`). `side` is `"sdk"` or
 * `"base"` (the same calls with the hand-written client, to tell the runtime's own
 * heap movement from the SDK's).
 */
export async function memory({ sdk, side, mockUrl, tag, calls, warmup, every, inFlight = 8, hooks }) {
  const tok = token(tag, `memory-${side}`);
  const options = { token: tok, baseUrl: mockUrl, retries: 0 };
  const vk = side === "sdk" ? new sdk.Verifik(options) : null;
  const hw = new HandWritten(options);
  const collection = await raw(mockUrl, tok, "POST", "/collections", { name: "Memory", description: "x" });
  const person = await raw(mockUrl, tok, "POST", "/persons", { name: "Ana", images: thumbnails() });
  const input = { name: "Employees", description: "HQ staff" };
  const call = (i) => {
    if (!vk) {
      switch (i % 10) {
        case 0:
          return hw.retrievePerson(person.data._id);
        case 1:
          return hw.createCollection(input);
        default:
          return hw.retrieveCollection(collection.data._id);
      }
    }
    switch (i % 10) {
      case 0:
        return vk.persons.retrieve(person.data._id);
      case 1:
        return vk.collections.create(input);
      default:
        return vk.collections.retrieve(collection.data._id);
    }
  };
  const sample = async (done) => {
    await hooks.gc();
    return { calls: done, wasmBytes: hooks.wasmBytes(), heapBytes: await hooks.heapBytes() };
  };
  // `inFlight` calls at a time (a page of concurrent calls, like a busy app), so that
  // 10,000 calls take seconds rather than minutes.
  const run = async (from, to) => {
    for (let i = from; i < to; i += inFlight) {
      const batch = [];
      for (let j = i; j < Math.min(to, i + inFlight); j += 1) batch.push(call(j));
      await Promise.all(batch);
    }
  };
  const before = await sample(0);
  await run(0, warmup);
  const samples = [await sample(0)];
  const t0 = performance.now();
  for (let done = 0; done < calls; done += every) {
    await run(done + 1, Math.min(calls, done + every) + 1);
    samples.push(await sample(Math.min(calls, done + every)));
  }
  const seconds = (performance.now() - t0) / 1000;
  const start = samples[0];
  const end = samples[samples.length - 1];
  return {
    side,
    calls,
    inFlight,
    warmup,
    seconds: round(seconds),
    beforeWarmup: before,
    samples,
    wasmGrowth: end.wasmBytes - start.wasmBytes,
    heapGrowth: end.heapBytes - start.heapBytes,
    heapMin: Math.min(...samples.map((s) => s.heapBytes)),
    heapMax: Math.max(...samples.map((s) => s.heapBytes)),
  };
}

/**
 * A phone-sized photo made in the page: a `width` × `height` JPEG (12 MP by default) of
 * smooth light with per-pixel grain, as a camera writes it, so its size is a phone's
 * (several MB), not a flat drawing's. Browsers only (OffscreenCanvas).
 */
export async function phonePhoto(width = 4000, height = 3000) {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext("2d");
  const light = context.createLinearGradient(0, 0, width, height);
  light.addColorStop(0, "#9bb4c8");
  light.addColorStop(0.5, "#d8c2a0");
  light.addColorStop(1, "#5a6b4a");
  context.fillStyle = light;
  context.fillRect(0, 0, width, height);
  const tile = new OffscreenCanvas(509, 509);
  const grain = new ImageData(509, 509);
  let seed = 7;
  for (let i = 0; i < grain.data.length; i += 4) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    grain.data[i] = grain.data[i + 1] = grain.data[i + 2] = seed >>> 24;
    grain.data[i + 3] = 70;
  }
  tile.getContext("2d").putImageData(grain, 0, 0);
  for (let y = 0; y < height; y += 509) {
    for (let x = 0; x < width; x += 509) context.drawImage(tile, x, y);
  }
  const blob = await canvas.convertToBlob({ type: "image/jpeg", quality: 0.92 });
  return { blob, width, height };
}

/**
 * One liveness call with a phone photo, three ways, interleaved, `reps` timed runs each
 * after one untimed: the SDK sending the photo as it is, the SDK with `resize` (longest
 * side 1,280 px, JPEG 0.9), and the baseline (hand-written `fetch` with the runtime's own
 * base64 of the original). Reports the photo, the request body on the wire and the call
 * time (median ms), and the SDK's preparation alone (`imageToBase64` with and without
 * `resize`).
 */
export async function photoResize({ sdk, mockUrl, reps }) {
  const { blob, width, height } = await phonePhoto();
  const tok = token("resize", "photo");
  const vk = new sdk.Verifik({ token: tok, baseUrl: mockUrl });
  const resize = { maxSide: 1280, quality: 0.9 };
  const encoder = plainEncoders()[0];
  const bodies = [];
  const fetchOf = globalThis.fetch;
  globalThis.fetch = (url, init) => {
    if (init && typeof init.body === "string") bodies.push(init.body.length);
    return fetchOf(url, init);
  };
  const ways = {
    "SDK, sent as it is": () => vk.biometrics.liveness({ image: blob, os: "DESKTOP" }),
    "SDK with resize": () => vk.biometrics.liveness({ image: blob, os: "DESKTOP" }, { resize }),
    "baseline (fetch + plain base64)": async () => {
      const image = await encoder.blob(blob);
      const response = await fetch(`${mockUrl}/v2/face-recognition/liveness`, {
        method: "POST",
        headers: { authorization: `Bearer ${tok}`, "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ image, os: "DESKTOP" }),
      });
      return JSON.parse(await response.text());
    },
  };
  const timing = Object.fromEntries(Object.keys(ways).map((name) => [name, { ms: [], body: 0 }]));
  try {
    for (let rep = 0; rep <= reps; rep += 1) {
      const names = rep % 2 ? Object.keys(ways).reverse() : Object.keys(ways);
      for (const name of names) {
        bodies.length = 0;
        const start = performance.now();
        await ways[name]();
        const ms = performance.now() - start;
        if (rep > 0) timing[name].ms.push(ms);
        timing[name].body = bodies[0] ?? 0;
      }
    }
  } finally {
    globalThis.fetch = fetchOf;
  }
  const prepare = { plain: [], resized: [] };
  for (let rep = 0; rep < reps; rep += 1) {
    let start = performance.now();
    await sdk.imageToBase64(blob);
    prepare.plain.push(performance.now() - start);
    start = performance.now();
    await sdk.imageToBase64(blob, resize);
    prepare.resized.push(performance.now() - start);
  }
  const resized = await sdk.imageToBase64(blob, resize);
  return {
    photo: { width, height, bytes: blob.size },
    resizedBytes: Math.floor((resized.length * 3) / 4),
    ways: Object.entries(timing).map(([name, t]) => ({ name, bodyBytes: t.body, ms: median(t.ms), runs: t.ms.length })),
    prepareMs: { plain: median(prepare.plain), resized: median(prepare.resized) },
  };
}
