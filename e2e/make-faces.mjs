// Draws the sample faces in www/faces/ (run: `node e2e/make-faces.mjs`).
//
// Each face is an SVG drawing rendered by headless Chromium and saved as a JPEG
// (or PNG): real image files, small, made here, so they carry the project's
// licence. The files are committed; this script only has to run again to change them.
import { chromium } from "playwright-core";
import { fileURLToPath } from "node:url";
import path from "node:path";

const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "www", "faces");
const SIZE = 240;

/** One drawing: colours and a few shapes that tell the faces apart. */
const FACES = [
  { file: "ana.jpg", bg: "#cfe3f7", skin: "#f1c7a3", hair: "#4a2c17", shirt: "#2457c5", eyes: "#3b2a1a", style: "long", mouth: "smile" },
  { file: "ben.jpg", bg: "#f7e3c8", skin: "#8d5a3b", hair: "#1b1410", shirt: "#1f8a5b", eyes: "#1b1410", style: "short", mouth: "grin", beard: true },
  { file: "chen.jpg", bg: "#e2f2e4", skin: "#e8c09a", hair: "#111111", shirt: "#b3261e", eyes: "#111111", style: "bob", mouth: "smile", glasses: true },
  { file: "dara.png", bg: "#efe0f5", skin: "#c68d62", hair: "#a8551f", shirt: "#6b3fa0", eyes: "#2d1c10", style: "curly", mouth: "open" },
];

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

function svg(face) {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 240 240">
  <rect width="240" height="240" fill="${face.bg}"/>
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
</svg>`;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
});
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
  for (const face of FACES) {
    await page.setContent(`<html><body style="margin:0">${svg(face)}</body></html>`);
    const type = face.file.endsWith(".png") ? "png" : "jpeg";
    await page.screenshot({
      path: path.join(OUT, face.file),
      type,
      ...(type === "jpeg" ? { quality: 82 } : {}),
      clip: { x: 0, y: 0, width: SIZE, height: SIZE },
    });
    console.log(`wrote www/faces/${face.file}`);
  }
} finally {
  await browser.close();
}
