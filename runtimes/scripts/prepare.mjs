// Installs the packed verifik-face tarball into a fresh scratch project and copies
// the runtime apps next to it, so every test imports the package exactly as a user
// would after `npm install verifik-face` (never a path into pkg/).
//
//   node scripts/prepare.mjs [path/to/verifik-face-X.Y.Z.tgz]
//
// Default tarball: the only one in ../target/npm-pack/ (written by `cargo xtask build`).
// The scratch project is ../target/runtimes/scratch (override: VERIFIK_RUNTIMES_SCRATCH).
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { scratchDir, repoRoot } from "../test/helpers.mjs";

const here = dirname(fileURLToPath(import.meta.url));

function findTarball() {
  const arg = process.argv[2] ?? process.env.VERIFIK_FACE_TGZ;
  if (arg) return resolve(arg);
  const dir = join(repoRoot, "target", "npm-pack");
  const found = existsSync(dir) ? readdirSync(dir).filter((f) => /^verifik-face-\d.*\.tgz$/.test(f)) : [];
  if (found.length !== 1) {
    throw new Error(`expected one verifik-face-*.tgz in ${dir} (run \`cargo xtask build\`), found ${found.length}`);
  }
  return join(dir, found[0]);
}

const tarball = findTarball();
rmSync(scratchDir, { recursive: true, force: true });
mkdirSync(scratchDir, { recursive: true });
writeFileSync(
  join(scratchDir, "package.json"),
  JSON.stringify(
    {
      name: "verifik-face-scratch",
      version: "0.0.0",
      private: true,
      description: "A user's project: verifik-face installed from the packed tarball.",
      dependencies: { "verifik-face": `file:${tarball}` },
    },
    null,
    2,
  ) + "\n",
);
execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error"], {
  cwd: scratchDir,
  stdio: "inherit",
});
cpSync(join(here, "..", "apps"), join(scratchDir, "apps"), { recursive: true });
cpSync(join(here, "..", "types"), join(scratchDir, "types"), { recursive: true });
console.log(`installed ${tarball} into ${scratchDir}`);
