// Draws the sample faces in www/faces/ (run: `node e2e/make-faces.mjs`).
//
// Each face is an SVG drawing rendered by headless Chromium on a canvas, with the face
// code (www/faces/face-code.js) drawn into its bottom sixth, and saved as a JPEG (or
// PNG): real image files, small, made here, so they carry the project's licence. A
// 120 px, quality-0.5 copy of each goes to mock/tests/fixtures/ (what a browser's
// resize makes of it). The files are committed; this script only has to run again to
// change them.
import { chromium } from "playwright-core";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { mkdir, readFile, writeFile } from "node:fs/promises";

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "www", "faces");
const SIZE = 240;

/** One drawing: colours and a few shapes that tell the faces apart. */
const ANA = { bg: "#cfe3f7", skin: "#f1c7a3", hair: "#4a2c17", shirt: "#2457c5", eyes: "#3b2a1a", style: "long", mouth: "smile" };
const BEN = { bg: "#f7e3c8", skin: "#8d5a3b", hair: "#1b1410", shirt: "#1f8a5b", eyes: "#1b1410", style: "short", mouth: "grin", beard: true };
const CHEN = { bg: "#e2f2e4", skin: "#e8c09a", hair: "#111111", shirt: "#b3261e", eyes: "#111111", style: "bob", mouth: "smile", glasses: true };
const DARA = { bg: "#efe0f5", skin: "#c68d62", hair: "#a8551f", shirt: "#6b3fa0", eyes: "#2d1c10", style: "curly", mouth: "open" };
const EVA = { skin: "#f3d2b5", hair: "#d9a441", shirt: "#c2185b", eyes: "#2a4d7a", style: "bob", mouth: "smile" };
const FAY = { skin: "#a86b45", hair: "#2b1a10", shirt: "#00838f", eyes: "#1b1410", style: "curly", mouth: "grin" };

/**
 * Every file: the drawing and the face code drawn into its pixels (www/faces/face-code.js;
 * verifik-mock reads it back). Same label = same person.
 */
const FACES = [
  { file: "ana.jpg", svg: () => portrait(ANA), code: { label: 1 } },
  { file: "ben.jpg", svg: () => portrait(BEN), code: { label: 2 } },
  { file: "chen.jpg", svg: () => portrait(CHEN), code: { label: 3 } },
  { file: "dara.png", svg: () => portrait(DARA), code: { label: 4 } },
  // Ana again, another day: other background, other expression, head tilted.
  { file: "ana-2.jpg", svg: () => portrait({ ...ANA, bg: "#f4e6c4", shirt: "#6d8b2f", mouth: "open" }, -8), code: { label: 1 } },
  // Ben's photo printed and held up to the camera: a presentation attack.
  { file: "ben-print.jpg", svg: printed, code: { label: 2, spoof: true } },
  // Two people in one picture.
  { file: "group.jpg", svg: group, code: { label: 0, faces: 2 } },
];

/** Extra copies for verifik-mock's tests: JPEG quality 0.5, longest side 120 px. */
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "mock", "tests", "fixtures");

function hair(face) {
  const { hair: c, style } = face;
  switch (style) {
    case "long":
      return `<path d="M58 118 Q52 40 120 36 Q188 40 182 118 L190 200 L160 200 L158 110 Q120 80 82 110 L80 200 L50 200 Z" fill="${c}"/>`;
    case "short":
      return `<path d="M66 104 Q64 44 120 42 Q176 44 174 104 Q160 70 120 68 Q80 70 66 104 Z" fill="${c}"/>`;
    case "bob":
      return `<path d="M60 140 Q50 40 120 38 Q190 40 180 140 L164 140 Q168 84 120 76 Q76 84 76 140 Z" fill="${c}"/>`;
    default: // curly
      return [0, 1, 2, 3, 4, 5, 6, 7, 8]
        .map((i) => {
          const a = Math.PI * (0.95 + (i * 1.1) / 8);
          return `<circle cx="${120 + 62 * Math.cos(a)}" cy="${104 + 56 * Math.sin(a)}" r="24" fill="${c}"/>`;
        })
        .join("");
  }
}

function mouth(kind) {
  switch (kind) {
    case "grin":
      return `<path d="M96 150 Q120 176 144 150 Z" fill="#7a1f1f"/><path d="M100 151 L140 151 L138 156 L102 156 Z" fill="#fff"/>`;
    case "open":
      return `<ellipse cx="120" cy="156" rx="12" ry="9" fill="#7a1f1f"/>`;
    default:
      return `<path d="M98 150 Q120 168 142 150" stroke="#7a1f1f" stroke-width="5" fill="none" stroke-linecap="round"/>`;
  }
}

/** One person: head and shoulders centred in a 240×240 frame (no background). */
function person(face) {
  return `
  <path d="M40 240 Q40 186 120 182 Q200 186 200 240 Z" fill="${face.shirt}"/>
  <rect x="106" y="160" width="28" height="30" fill="${face.skin}"/>
  ${face.style === "long" ? hair(face) : ""}
  <ellipse cx="120" cy="116" rx="52" ry="62" fill="${face.skin}"/>
  <ellipse cx="68" cy="120" rx="9" ry="14" fill="${face.skin}"/>
  <ellipse cx="172" cy="120" rx="9" ry="14" fill="${face.skin}"/>
  ${face.style === "long" ? `<path d="M68 100 Q80 50 120 48 Q160 50 172 100 Q150 72 120 70 Q90 72 68 100 Z" fill="${face.hair}"/>` : hair(face)}
  <path d="M88 96 Q100 90 110 96" stroke="${face.hair}" stroke-width="4" fill="none" stroke-linecap="round"/>
  <path d="M130 96 Q140 90 152 96" stroke="${face.hair}" stroke-width="4" fill="none" stroke-linecap="round"/>
  <ellipse cx="99" cy="112" rx="9" ry="7" fill="#fff"/><circle cx="99" cy="112" r="5" fill="${face.eyes}"/>
  <ellipse cx="141" cy="112" rx="9" ry="7" fill="#fff"/><circle cx="141" cy="112" r="5" fill="${face.eyes}"/>
  ${face.glasses ? `<g stroke="#222" stroke-width="3" fill="none"><circle cx="99" cy="112" r="15"/><circle cx="141" cy="112" r="15"/><path d="M114 112 L126 112"/></g>` : ""}
  <path d="M120 116 Q114 134 122 136" stroke="#00000040" stroke-width="3" fill="none" stroke-linecap="round"/>
  ${face.beard ? `<path d="M70 130 Q74 182 120 184 Q166 182 170 130 Q160 166 120 168 Q80 166 70 130 Z" fill="${face.hair}"/>` : ""}
  ${mouth(face.mouth)}
  <ellipse cx="84" cy="138" rx="9" ry="5" fill="#e0707040"/><ellipse cx="156" cy="138" rx="9" ry="5" fill="#e0707040"/>
`;
}

function frame(inner) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 240 240">${inner}</svg>`;
}

function portrait(face, tilt = 0) {
  return frame(`<rect width="240" height="240" fill="${face.bg}"/><g transform="rotate(${tilt} 120 116)">${person(face)}</g>`);
}

function printed() {
  // A wall, the print (white border, Ben's photo inside, a little tilted) and two thumbs.
  return frame(`<rect width="240" height="240" fill="#8e9aa6"/>
  <g transform="rotate(4 120 116)">
    <rect x="42" y="20" width="156" height="190" fill="#fafafa"/>
    <svg x="50" y="28" width="140" height="160" viewBox="34 20 172 196"><rect x="0" y="0" width="240" height="240" fill="${BEN.bg}"/>${person(BEN)}</svg>
  </g>
  <ellipse cx="52" cy="196" rx="16" ry="11" fill="#e2b08a"/><ellipse cx="190" cy="204" rx="16" ry="11" fill="#e2b08a"/>`);
}

function group() {
  const at = (face, x) => `<g transform="translate(${x - 0.6 * 120} ${110 - 0.6 * 116}) scale(0.6)">${person(face)}</g>`;
  return frame(`<rect width="240" height="240" fill="#dfe7ef"/>${at(EVA, 72)}${at(FAY, 168)}`);
}

/** In the page: render the SVG, draw the code, encode; returns [file, fixture] data URLs. */
async function render({ svg, code, type, codeModule }) {
  const { drawFaceCode } = await import(codeModule);
  const img = new Image();
  img.src = `data:image/svg+xml;base64,${btoa(svg)}`;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const ctx = canvas.getContext("2d");
  ctx.drawImage(img, 0, 0);
  drawFaceCode(ctx, canvas.width, canvas.height, code);
  const file = type === "png" ? canvas.toDataURL("image/png") : canvas.toDataURL("image/jpeg", 0.8);
  const scale = 120 / Math.max(canvas.width, canvas.height);
  const small = document.createElement("canvas");
  small.width = Math.round(canvas.width * scale);
  small.height = Math.round(canvas.height * scale);
  const sctx = small.getContext("2d");
  sctx.imageSmoothingQuality = "high";
  sctx.drawImage(canvas, 0, 0, small.width, small.height);
  return [file, small.toDataURL("image/jpeg", 0.5)];
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
});
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
  const source = await readFile(path.join(OUT, "face-code.js"), "utf8");
  const codeModule = `data:text/javascript;base64,${Buffer.from(source).toString("base64")}`;
  await mkdir(FIXTURES, { recursive: true });
  for (const face of FACES) {
    const type = face.file.endsWith(".png") ? "png" : "jpeg";
    const [file, small] = await page.evaluate(render, { svg: face.svg(), code: face.code, type, codeModule });
    const bytes = (url) => Buffer.from(url.slice(url.indexOf(",") + 1), "base64");
    if (type === "png") {
      // Chromium's screenshot encoder compresses PNG much better than canvas.toDataURL.
      await page.setContent(`<html><body style="margin:0"><img src="${file}" style="display:block"></body></html>`);
      await page.screenshot({ path: path.join(OUT, face.file), type, clip: { x: 0, y: 0, width: SIZE, height: SIZE } });
    } else {
      await writeFile(path.join(OUT, face.file), bytes(file));
    }
    const fixture = face.file.replace(/\.(jpg|png)$/, "-120q50.jpg");
    await writeFile(path.join(FIXTURES, fixture), bytes(small));
    console.log(`wrote www/faces/${face.file} and mock/tests/fixtures/${fixture}`);
  }
} finally {
  await browser.close();
}
