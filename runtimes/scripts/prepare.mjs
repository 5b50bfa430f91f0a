// Installs the packed verifik-face and verifik-face-mock tarballs into a fresh scratch
// project and copies the runtime apps next to it, so every test imports the packages
// exactly as a user would after `npm install verifik-face verifik-face-mock` (never a
// path into pkg/). msw (the mock's optional peer) and vitest are linked from
// runtimes/node_modules.
//
//   node scripts/prepare.mjs [path/to/verifik-face-X.Y.Z.tgz [path/to/verifik-face-mock-X.Y.Z.tgz]]
//
// Default tarballs: the only ones in ../target/npm-pack/ (written by `cargo xtask build`).
// The scratch project is ../target/runtimes/scratch (override: VERIFIK_RUNTIMES_SCRATCH).
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { scratchDir, repoRoot } from "../test/helpers.mjs";

const here = dirname(fileURLToPath(import.meta.url));

function findTarball(arg, name) {
  if (arg) return resolve(arg);
  const dir = join(repoRoot, "target", "npm-pack");
  const pattern = new RegExp(`^${name}-\\d.*\\.tgz$`);
  const found = existsSync(dir) ? readdirSync(dir).filter((f) => pattern.test(f)) : [];
  if (found.length !== 1) {
    throw new Error(`expected one ${name}-*.tgz in ${dir} (run \`cargo xtask build\`), found ${found.length}`);
  }
  return join(dir, found[0]);
}

const tarball = findTarball(process.argv[2] ?? process.env.VERIFIK_FACE_TGZ, "verifik-face");
const mockTarball = findTarball(process.argv[3] ?? process.env.VERIFIK_FACE_MOCK_TGZ, "verifik-face-mock");
rmSync(scratchDir, { recursive: true, force: true });
mkdirSync(scratchDir, { recursive: true });
writeFileSync(
  join(scratchDir, "package.json"),
  JSON.stringify(
    {
      name: "verifik-face-scratch",
      version: "0.0.0",
      private: true,
      description: "A user's project: verifik-face and verifik-face-mock installed from the packed tarballs.",
      dependencies: { "verifik-face": `file:${tarball}`, "verifik-face-mock": `file:${mockTarball}` },
    },
    null,
    2,
  ) + "\n",
);
execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error"], {
  cwd: scratchDir,
  stdio: "inherit",
});
// msw (the mock's optional peer) and vitest (the test runner of apps/mock/vitest), as a
// user's devDependencies would resolve.
for (const linked of ["msw", "vitest"]) {
  const from = join(here, "..", "node_modules", linked);
  if (existsSync(from)) symlinkSync(from, join(scratchDir, "node_modules", linked), "dir");
}
cpSync(join(here, "..", "apps"), join(scratchDir, "apps"), { recursive: true });
cpSync(join(here, "..", "types"), join(scratchDir, "types"), { recursive: true });
console.log(`installed ${tarball} and ${mockTarball} into ${scratchDir}`);
