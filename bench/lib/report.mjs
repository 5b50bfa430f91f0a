// Renders the bench results as a plain-text table (printed) and as Markdown
// (target/bench/bench.md), with each target beside its figure.

export const TARGETS = {
  browserGzipBytes: 48 * 1024,
  nodeColdStartMs: 10,
  smallCpuRatio: 1.1,
  listCpuRatio: 1.3,
  imageRatio: 1.0,
};

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (value) => (Number.isFinite(value) ? value.toFixed(2) : "n/a");
const ratio = (value) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : "n/a");
const status = (ok) => (ok === null ? "n/a" : ok ? "ok" : "MISS");

/** One table: `{ title, note?, headers, rows, right }` (right: set of right-aligned columns). */
function table({ title, note, headers, rows, right = new Set() }) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    cells.map((c, i) => (right.has(i) ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join("  ");
  const text = [`${title}`, ...(note ? [`  (${note})`] : []), `  ${line(headers)}`, ...rows.map((r) => `  ${line(r)}`)].join("\n");
  const md = [
    `### ${title}`,
    ...(note ? ["", note] : []),
    "",
    `| ${headers.join(" | ")} |`,
    `|${headers.map((_, i) => (right.has(i) ? "---:" : "---")).join("|")}|`,
    ...rows.map((r) => `| ${r.map((c) => String(c).replace(/\|/g, "\\|")).join(" | ")} |`),
  ].join("\n");
  return { text, md };
}

/** Evaluates every target: `[{ target, figure, ok }]` (ok: true, false or null). */
export function verdicts(r) {
  const out = [];
  if (r.size) {
    const browser = r.size.package.runtimes[0];
    out.push({
      target: `total gzip a browser loads ≤ ${kib(TARGETS.browserGzipBytes)}`,
      figure: `${kib(browser.total.gzip)} (${browser.files.join(" + ")})`,
      ok: browser.total.gzip <= TARGETS.browserGzipBytes,
    });
  }
  if (r.node?.coldStart) {
    const m = r.node.coldStart["sdk-import"].median;
    out.push({ target: `Node cold start ≤ ${TARGETS.nodeColdStartMs} ms median`, figure: `${ms(m)} ms`, ok: m <= TARGETS.nodeColdStartMs });
  }
  for (const [runtime, data] of [["Node", r.node], ["Chromium", r.chromium]]) {
    for (const row of data?.perCall ?? []) {
      const limit = row.kind === "list" ? TARGETS.listCpuRatio : TARGETS.smallCpuRatio;
      out.push({ target: `${runtime} ${row.name}: CPU ≤ ${limit.toFixed(2)}× baseline`, figure: ratio(row.cpuRatio), ok: row.cpuRatio <= limit });
    }
    if (data?.image) {
      const worst = data.image.reduce((a, b) => (b.ratio < a.ratio ? b : a));
      out.push({
        target: `${runtime} image encoding ≥ ${TARGETS.imageRatio.toFixed(1)}× best plain JS (worst case)`,
        figure: `${ratio(worst.ratio)} (${worst.mb} MB ${worst.input} vs ${worst.best.name})`,
        ok: data.image.every((row) => row.ratio >= TARGETS.imageRatio),
      });
    }
    if (data?.memory?.sdk) {
      const v = memoryVerdict(data.memory);
      out.push({ target: `${runtime} no memory growth over ${data.memory.sdk.calls} calls`, figure: v.figure, ok: v.ok, explained: v.explained });
    }
  }
  return out;
}

/**
 * Trend of the JS heap over the samples, in bytes per 1,000 calls: the median of the
 * slopes between every pair of samples (Theil–Sen). A leak grows at every interval and
 * shows up whole; one sample caught before V8 released a large buffer does not tilt it,
 * as it tilted a least-squares line.
 */
export function heapSlope(m) {
  const points = m.samples.map((s) => [s.calls / 1000, s.heapBytes]);
  const slopes = [];
  for (let i = 0; i < points.length; i += 1) {
    for (let j = i + 1; j < points.length; j += 1) {
      const dx = points[j][0] - points[i][0];
      if (dx !== 0) slopes.push((points[j][1] - points[i][1]) / dx);
    }
  }
  if (slopes.length === 0) return 0;
  slopes.sort((a, b) => a - b);
  const mid = slopes.length >> 1;
  return slopes.length % 2 ? slopes[mid] : (slopes[mid - 1] + slopes[mid]) / 2;
}

/**
 * No growth: wasm memory unchanged after warm-up, and a JS heap trend (slope per
 * 1,000 calls, after a full GC at each sample) no steeper than the hand-written
 * client's plus 16 KiB. A wasm memory that grows during the first interval and never
 * again over the remaining calls is the allocator reaching its steady state (not a
 * per-call leak: a leak keeps growing), reported as "explained".
 */
export function memoryVerdict(memory) {
  const sdk = memory.sdk;
  const base = memory.base;
  const slope = heapSlope(sdk);
  const baseSlope = base ? heapSlope(base) : 0;
  const heapOk = slope <= baseSlope + 16 * 1024;
  const wasm = sdk.samples.map((s) => s.wasmBytes);
  const laterGrowth = wasm[wasm.length - 1] - wasm[Math.min(1, wasm.length - 1)];
  const highWater = sdk.wasmGrowth > 0 && laterGrowth === 0;
  const ok = heapOk && (sdk.wasmGrowth === 0 || highWater);
  const sign = (v) => `${v >= 0 ? "+" : ""}${kib(v)}`;
  return {
    ok,
    explained: ok && highWater,
    figure:
      `wasm ${sign(sdk.wasmGrowth)}${highWater ? ` (within the first ${sdk.samples[1].calls} calls, then flat for ${sdk.calls - sdk.samples[1].calls}: allocator steady state, not a per-call leak)` : ""}, ` +
      `heap trend ${sign(slope)}/1000 calls (baseline ${sign(baseSlope)}/1000 calls)`,
  };
}

/** `{ text, markdown }` of the whole result. */
export function render(r) {
  const parts = [];
  const head = `verifik-face bench — ${r.meta.date} — Node ${r.meta.node}${r.chromium ? `, Chromium ${r.chromium.version}` : ""}${r.meta.quick ? " — QUICK run (fewer samples)" : ""}\nmachine: ${r.meta.cpus} CPUs, load average ${r.meta.loadavg.join(" / ")} at start (other builds running make wall times noisy; CPU ratios are the figures to trust)`;
  if (r.size) {
    const s = r.size.package;
    const fileRows = Object.entries(s.files).map(([name, z]) => [name, z.raw, z.gzip, z.brotli]);
    parts.push(table({ title: `Size: files of the npm package (${r.meta.pkg})`, headers: ["file", "raw", "gzip -9", "brotli 11"], rows: fileRows, right: new Set([1, 2, 3]) }));
    const rtRows = s.runtimes.map((x, i) => [
      x.runtime,
      x.total.raw,
      x.js.gzip,
      x.wasm.gzip,
      `${x.total.gzip} (${kib(x.total.gzip)})`,
      `${x.total.brotli} (${kib(x.total.brotli)})`,
      i === 0 ? `≤ ${kib(TARGETS.browserGzipBytes)} gzip: ${status(x.total.gzip <= TARGETS.browserGzipBytes)} (${(x.total.gzip / TARGETS.browserGzipBytes).toFixed(2)}× the target)` : "",
    ]);
    rtRows.push(["hand-written fetch client (baseline)", s.baseline.raw, s.baseline.gzip, 0, s.baseline.gzip, s.baseline.brotli, ""]);
    parts.push(table({ title: "Size: what each runtime loads", headers: ["runtime", "raw", "gzip JS", "gzip wasm", "gzip total", "brotli total", "target"], rows: rtRows, right: new Set([1, 2, 3, 4, 5]) }));
    const c = r.size.contributors;
    if (c) {
      const crateRows = c.byCrate.slice(0, 12).map((x) => {
        const pre = c.beforeWasmOpt.byCrate.find((y) => y.crate === x.crate);
        return [x.crate, x.bytes, `${((x.bytes / c.codeBytes) * 100).toFixed(1)}%`, x.functions, pre ? pre.bytes : "-"];
      });
      parts.push(table({
        title: "Size: wasm code by crate",
        note: `function bodies of the release .wasm rebuilt with names (wasm-opt ${c.flags.join(" ")} -g): code ${c.codeBytes} B + data ${c.dataBytes} B; after wasm-opt, inlined code counts for the caller's crate, so the column "before wasm-opt" shows whose code it was`,
        headers: ["crate", "bytes", "share", "functions", "before wasm-opt"],
        rows: crateRows,
        right: new Set([1, 2, 3, 4]),
      }));
      parts.push(table({
        title: "Size: wasm code by theme (overlapping)",
        headers: ["theme", "bytes", "share of code"],
        rows: c.themes.map((t) => [t.theme, t.bytes, `${((t.bytes / c.codeBytes) * 100).toFixed(1)}%`]),
        right: new Set([1, 2]),
      }));
      if (c.twiggy?.monosTop) {
        parts.push(table({
          title: "Size: generic code copied per type (twiggy monos)",
          headers: ["generic", "copies", "bytes", "approx. bloat"],
          rows: c.twiggy.monosTop.map((g) => [g.generic.length > 100 ? `${g.generic.slice(0, 97)}...` : g.generic, g.copies, g.bytes, g.bloat]),
          right: new Set([1, 2, 3]),
        }));
      }
      parts.push(table({
        title: "Size: largest functions",
        headers: ["bytes", "function"],
        rows: c.topFunctions.slice(0, 15).map((f) => [f.size, f.name.length > 110 ? `${f.name.slice(0, 107)}...` : f.name]),
        right: new Set([0]),
      }));
    }
  }
  const coldRows = [];
  if (r.node?.coldStart) {
    const labels = {
      "sdk-import": "SDK, import node.mjs",
      "sdk-require": "SDK, require node.cjs (what a node.mjs using createRequire costs)",
      "esm-initsync": "candidate ESM entry: web glue + initSync(readFileSync)",
      baseline: "hand-written fetch client",
    };
    for (const [mode, v] of Object.entries(r.node.coldStart)) {
      coldRows.push([
        "Node (fresh process)",
        labels[mode],
        ms(v.median),
        ms(v.p95),
        v.n,
        mode === "sdk-import" ? `≤ ${TARGETS.nodeColdStartMs} ms: ${status(v.median <= TARGETS.nodeColdStartMs)}` : "",
      ]);
    }
  }
  if (r.chromium?.coldStart) {
    for (const [mode, v] of Object.entries(r.chromium.coldStart)) {
      coldRows.push(["Chromium (fresh context)", mode === "sdk" ? "SDK, import browser.js (fetch + instantiate)" : "hand-written fetch client", ms(v.importConstructMs.median), ms(v.importConstructMs.p95), v.importConstructMs.n, ""]);
    }
  }
  if (r.workerd?.coldStart) {
    for (const [mode, v] of Object.entries(r.workerd.coldStart)) {
      coldRows.push([`workerd (${r.workerd.how})`, mode, ms(v.median), ms(v.p95), v.n, ""]);
    }
  }
  if (coldRows.length) {
    parts.push(table({ title: "Cold start: import + instantiate + construct a client (ms)", headers: ["runtime", "what", "median", "p95", "n", "target"], rows: coldRows, right: new Set([2, 3, 4]) }));
  }
  const callRows = [];
  for (const [runtime, data] of [["Node", r.node], ["Chromium", r.chromium]]) {
    for (const row of data?.perCall ?? []) {
      const limit = row.kind === "list" ? TARGETS.listCpuRatio : TARGETS.smallCpuRatio;
      callRows.push([
        runtime,
        row.name,
        ms(row.sdk.cpuMs.median),
        ms(row.base.cpuMs.median),
        ratio(row.cpuRatio),
        `≤ ${limit.toFixed(2)}×: ${status(row.cpuRatio <= limit)}`,
        ms(row.sdk.wallMs.median),
        ms(row.base.wallMs.median),
        ratio(row.wallRatio),
        row.calls,
      ]);
    }
  }
  if (callRows.length) {
    parts.push(table({
      title: "Per-call overhead against verifik-mock on 127.0.0.1 (median ms per call; SDK and baseline interleaved)",
      note: "CPU: Node process.cpuUsage() (user+system, whole process); Chromium: renderer main-thread TaskDuration (CDP), per batch of 5 calls",
      headers: ["runtime", "call", "SDK CPU", "base CPU", "CPU ratio", "target", "SDK wall", "base wall", "wall ratio", "calls/side"],
      rows: callRows,
      right: new Set([2, 3, 4, 6, 7, 8, 9]),
    }));
  }
  const imageRows = [];
  for (const [runtime, data] of [["Node", r.node], ["Chromium", r.chromium]]) {
    for (const row of data?.image ?? []) {
      imageRows.push([
        runtime,
        `${row.mb} MB`,
        row.input,
        row.sdk.mbPerS.toFixed(0),
        `${row.best.mbPerS.toFixed(0)} (${row.best.name})`,
        ratio(row.ratio),
        `≥ 1.0×: ${status(row.ratio >= TARGETS.imageRatio)}`,
        row.others.filter((o) => o !== row.best && o.name !== row.best.name).map((o) => `${o.name} ${o.mbPerS.toFixed(0)}`).join(", "),
      ]);
    }
  }
  if (imageRows.length) {
    parts.push(table({
      title: "Image encoding to raw base64 (MB/s, 1 MB = 10^6 bytes, median)",
      headers: ["runtime", "size", "input", "SDK", "best plain JS", "ratio", "target", "other plain-JS ways (MB/s)"],
      rows: imageRows,
      right: new Set([3, 5]),
    }));
  }
  const shot = r.chromium?.resize;
  if (shot) {
    const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
    parts.push(table({
      title: `A phone photo (${shot.photo.width} × ${shot.photo.height} JPEG, ${kb(shot.photo.bytes)}) in one liveness call, Chromium (median ms; resize: longest side 1,280 px, JPEG 0.9, ${kb(shot.resizedBytes)})`,
      note: `SDK preparation alone (imageToBase64): ${shot.prepareMs.plain.toFixed(1)} ms as it is, ${shot.prepareMs.resized.toFixed(1)} ms with resize`,
      headers: ["way", "request body on the wire", "call time", "runs"],
      rows: shot.ways.map((w) => [w.name, kb(w.bodyBytes), `${w.ms.toFixed(1)} ms`, String(w.runs)]),
      right: new Set([1, 2, 3]),
    }));
  }
  const memRows = [];
  for (const [runtime, data] of [["Node", r.node], ["Chromium", r.chromium]]) {
    if (!data?.memory) continue;
    for (const side of ["sdk", "base"]) {
      const m = data.memory[side];
      if (!m) continue;
      const start = m.samples[0];
      const end = m.samples[m.samples.length - 1];
      memRows.push([
        runtime,
        side === "sdk" ? "SDK" : "hand-written",
        m.calls,
        side === "sdk" ? `${kib(start.wasmBytes)} → ${kib(end.wasmBytes)}` : "-",
        side === "sdk" ? kib(m.wasmGrowth) : "-",
        `${kib(start.heapBytes)} → ${kib(end.heapBytes)}`,
        kib(m.heapGrowth),
        `${kib(heapSlope(m))}`,
        `${kib(m.heapMin)}..${kib(m.heapMax)}`,
        side === "sdk" ? (memoryVerdict(data.memory).explained ? "ok (explained)" : status(memoryVerdict(data.memory).ok)) : "",
      ]);
    }
  }
  if (memRows.length) {
    parts.push(table({
      title: "Memory after warm-up, then N calls (full GC before each sample; 8 calls in flight)",
      note: "target: wasm memory flat after warm-up, JS heap trend no steeper than the hand-written client's + 16 KiB per 1,000 calls; the baseline process also loads the SDK, unused",
      headers: ["runtime", "client", "calls", "wasm memory", "wasm growth", "JS heap", "heap growth", "heap trend /1000 calls", "heap range", "target"],
      rows: memRows,
      right: new Set([2, 4, 6, 7]),
    }));
  }
  const v = verdicts(r);
  parts.push(table({ title: "Targets", headers: ["target", "figure", "status"], rows: v.map((x) => [x.target, x.figure, x.explained ? "ok (explained)" : status(x.ok)]) }));
  const notes = r.notes?.length ? `\nNotes:\n${r.notes.map((n) => `  - ${n}`).join("\n")}` : "";
  const text = [head, ...parts.map((p) => p.text)].join("\n\n") + notes;
  const markdown = [
    "# verifik-face bench",
    "",
    head.replace("\n", "  \n"),
    "",
    ...parts.map((p) => `${p.md}\n`),
    ...(r.notes?.length ? ["Notes:", "", ...r.notes.map((n) => `- ${n}`), ""] : []),
    ...(r.size?.contributors?.twiggy
      ? ["### twiggy top", "", "```", r.size.contributors.twiggy.top.trimEnd(), "```", "", "### twiggy monos (monomorphizations: generic code copied per type)", "", "```", r.size.contributors.twiggy.monos.trimEnd(), "```", ""]
      : []),
  ].join("\n");
  return { text, markdown };
}
