// The fenced code blocks of README.md and mock/README.md, read at run time, so a block
// added to either file is tested without a list to update.
//
// A block may carry an annotation: an HTML comment on the line just before its opening
// fence (invisible on GitHub), e.g.
//
//   <!-- readme-test: env=worker run=workerd -->
//   ```ts
//
// with space-separated `key=value` pairs (a value with spaces in double quotes). The keys
// are listed in runtimes/readme/README.md; an unknown key fails the block's test.
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The files whose blocks are tested, relative to the repository root. */
export const SOURCES = ["README.md", "mock/README.md"];

const FENCE = /^(`{3,}|~{3,})(.*)$/;
const ANNOTATION = /^<!--\s*readme-test:(.*?)-->\s*$/;

/** `key=value key2="a value"` → `{ key: "value", key2: "a value" }`; throws on anything else. */
export function parseAnnotation(text) {
  const out = {};
  const rest = text.replace(/([a-z-]+)=(?:"([^"]*)"|(\S+))/g, (_, key, quoted, bare) => {
    if (key in out) throw new Error(`readme-test annotation repeats \`${key}\``);
    out[key] = quoted ?? bare;
    return "";
  });
  if (rest.trim() !== "") throw new Error(`readme-test annotation has unreadable text: \`${rest.trim()}\``);
  return out;
}

/**
 * Every fenced block of `text`: `{ file, line (of the opening fence, 1-based), lang,
 * info, body, annotation }`. An opening fence without its closing fence throws.
 */
export function extractBlocks(text, file) {
  const lines = text.split("\n");
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, fence, info] = open;
    const body = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = FENCE.exec(lines[j]);
      if (close && close[1][0] === fence[0] && close[1].length >= fence.length && close[2].trim() === "") break;
      body.push(lines[j]);
    }
    if (j === lines.length) throw new Error(`${file}:${i + 1}: a fence that is never closed`);
    const before = ANNOTATION.exec(lines[i - 1] ?? "");
    blocks.push({
      file,
      line: i + 1,
      lang: info.trim().split(/\s+/)[0] ?? "",
      info: info.trim(),
      body: body.join("\n") + "\n",
      annotation: before ? parseAnnotation(before[1]) : {},
    });
    i = j;
  }
  return blocks;
}

/** The lines of `text` that start a fence or close one (```` ``` ````/`~~~` at column 0). */
export function fenceLines(text) {
  return text.split("\n").filter((line) => FENCE.test(line)).length;
}

/** Every block of every source, read from `root`. */
export function readmeBlocks(root) {
  return SOURCES.flatMap((file) => extractBlocks(readFileSync(join(root, file), "utf8"), file));
}

/** A short, unique, path-safe name for a block: `readme-97`, `mock-readme-36`. */
export function blockId(block) {
  return `${block.file.replace(/\.md$/i, "").replace(/[^A-Za-z0-9]+/g, "-").toLowerCase()}-${block.line}`;
}
