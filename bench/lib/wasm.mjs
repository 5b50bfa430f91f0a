// Reads a `.wasm` file's sections, its function bodies and (when present) the
// function names of its `name` section, to say where the bytes go.

/** Parses `bytes` into `{ sections: [{ id, name, size }], functions: [{ name, size }], data }`. */
export function parseWasm(bytes) {
  let o = 8;
  const leb = () => {
    let result = 0;
    let shift = 0;
    let byte;
    do {
      byte = bytes[o++];
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return result;
  };
  const str = () => {
    const len = leb();
    const text = new TextDecoder().decode(bytes.subarray(o, o + len));
    o += len;
    return text;
  };
  const NAMES = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount"];
  const sections = [];
  const bodies = [];
  const names = new Map();
  let importedFunctions = 0;
  while (o < bytes.length) {
    const id = bytes[o++];
    const size = leb();
    const end = o + size;
    let name = NAMES[id] ?? `section ${id}`;
    if (id === 0) {
      const start = o;
      name = `custom "${str()}"`;
      if (name === 'custom "name"') {
        while (o < end) {
          const sub = bytes[o++];
          const subSize = leb();
          const subEnd = o + subSize;
          if (sub === 1) {
            const count = leb();
            for (let i = 0; i < count; i += 1) {
              const index = leb();
              names.set(index, str());
            }
          }
          o = subEnd;
        }
      }
      o = start;
    } else if (id === 2) {
      const count = leb();
      for (let i = 0; i < count; i += 1) {
        str();
        str();
        const kind = bytes[o++];
        if (kind === 0) {
          leb();
          importedFunctions += 1;
        } else if (kind === 1) {
          o += 1;
          const flags = leb();
          leb();
          if (flags & 1) leb();
        } else if (kind === 2) {
          const flags = leb();
          leb();
          if (flags & 1) leb();
        } else if (kind === 3) {
          o += 2;
        } else {
          leb();
          leb();
        }
      }
    } else if (id === 10) {
      const count = leb();
      for (let i = 0; i < count; i += 1) {
        const bodySize = leb();
        bodies.push({ index: importedFunctions + i, size: bodySize });
        o += bodySize;
      }
    }
    sections.push({ id, name, size });
    o = end;
  }
  const functions = bodies.map((b) => ({ name: names.get(b.index) ?? `func[${b.index}]`, size: b.size }));
  const data = sections.filter((s) => s.id === 11).reduce((a, s) => a + s.size, 0);
  return { sections, functions, data, named: names.size > 0 };
}

/**
 * The crate a (demangled) function name belongs to: the first path segment, looking
 * through `<T as Trait>` to `T` and through `&`, `dyn`, `impl` and `mut`.
 */
export function crateOf(name) {
  let rest = name.trim().replace(/\[[0-9a-f]{16}\]/g, "");
  for (;;) {
    const before = rest;
    rest = rest.replace(/^<+/, "").replace(/^(&|\*const |\*mut |mut |dyn |impl |\[|\()+/, "");
    if (rest === before) break;
  }
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(::|$|<| as )/.exec(rest);
  if (!match) return "(other)";
  const crate = match[1];
  return /^[a-z_][a-z0-9_]*$/.test(crate) && match[2] === "::" ? crate : "(other)";
}

/** Bytes of function bodies grouped by crate (largest first), plus themes across crates. */
export function contributors(parsed, top = 25) {
  const byCrate = new Map();
  const functions = parsed.functions.map((f) => ({
    name: f.name.replace(/\[[0-9a-f]{16}\]/g, "").replace(/::h[0-9a-f]{16}$/, ""),
    size: f.size,
  }));
  for (const f of functions) {
    const crate = crateOf(f.name);
    const entry = byCrate.get(crate) ?? { crate, bytes: 0, functions: 0 };
    entry.bytes += f.size;
    entry.functions += 1;
    byCrate.set(crate, entry);
  }
  const themes = [
    ["serde Serialize/Deserialize impls and visitors (all crates)", /serde::(de|ser)::|Visitor|Deserializ|Serializ/],
    ["serde_json (parser, printer, Value)", /serde_json::/],
    ["serde_wasm_bindgen / tsify", /serde_wasm_bindgen::|tsify/],
    ["core::fmt (formatting, Display/Debug)", /core::fmt::|as core::fmt::(Display|Debug)>|alloc::fmt::format/],
    ["panics and unwinding paths", /panic|unwrap_failed|expect_failed|begin_panic/],
    ["allocator (dlmalloc)", /dlmalloc/],
    ["async call state machines (future_to_promise closures)", /future_to_promise/],
    ["wasm-bindgen glue (externs, closures, futures)", /wasm_bindgen|js_sys::|web_sys::|__wbg/],
  ];
  const themed = themes.map(([label, re]) => ({
    theme: label,
    bytes: functions.filter((f) => re.test(f.name)).reduce((a, f) => a + f.size, 0),
  }));
  const code = functions.reduce((a, f) => a + f.size, 0);
  return {
    codeBytes: code,
    dataBytes: parsed.data,
    byCrate: [...byCrate.values()].sort((a, b) => b.bytes - a.bytes).slice(0, 15),
    themes: themed,
    topFunctions: [...functions].sort((a, b) => b.size - a.size).slice(0, top),
  };
}
