// Every fenced code block of README.md and mock/README.md, one test each, read at run
// time (runtimes/readme/blocks.mjs): a block added to either file is tested, and one no
// check knows fails. What each kind of block must pass is in runtimes/readme/README.md.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot, requireScratch } from "./helpers.mjs";
import { SOURCES, blockId, fenceLines, readmeBlocks } from "../readme/blocks.mjs";
import { checkBlock, cleanup } from "../readme/checks.mjs";

requireScratch();
const blocks = readmeBlocks(repoRoot);

// Every fence line is one end of a block the extractor found: none is left uncounted.
const fences = SOURCES.reduce((sum, file) => sum + fenceLines(readFileSync(join(repoRoot, file), "utf8")), 0);
assert.equal(fences, blocks.length * 2, `${fences} fence lines, ${blocks.length} blocks`);
assert.equal(new Set(blocks.map(blockId)).size, blocks.length);

after(cleanup);

for (const block of blocks) {
  const skip = block.annotation.skip;
  const name = `${block.file}:${block.line} ${block.lang || "(no language)"}`;
  if (skip !== undefined) {
    // Counted and named, never silent: the row reports it (xtask reads `# SKIP`).
    test(name, (t) => {
      assert.ok(skip.trim().length >= 10, `${name}: a skip needs its reason, skip="…"`);
      t.skip(`README block not checked: ${skip}`);
    });
    continue;
  }
  test(name, { timeout: 180_000 }, async () => {
    await checkBlock(block);
  });
}
