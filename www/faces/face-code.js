// The face code: a label drawn into an image's pixels, which verifik-mock reads back
// (mock/src/pixels.rs) after the image has been re-encoded or scaled down.
//
// A band of 2 rows × 16 black/white cells fills the bottom sixth of the image (each row
// 1/12 of the height, each cell 1/16 of the width). Reading order: row 0 left to right,
// then row 1. Row 0 starts with the guard B W B B, row 1 ends with the guard B B W B;
// the 24 cells between carry 12 bits, each as (bit, complement), white = 1, most
// significant first: label (6 bits, 1–63, 0 = no identity), spoof (1 bit), faces
// (2 bits: 0 none, 1 one, 2 many) and a check (3 bits: (7·label + 3·spoof + 5·faces + 1) mod 8).
//
// Plain ES module, no dependencies: works in browsers, workers and Node with any
// canvas-like context that has `fillStyle` and `fillRect`.

/** Cells per row. */
export const COLUMNS = 16;
/** Rows of cells. */
export const ROWS = 2;
/** The band's height as a fraction of the image height. */
export const BAND = 1 / 6;
/** The face-count classes. */
export const FACES = Object.freeze({ none: 0, one: 1, many: 2 });
/** Largest label. */
export const MAX_LABEL = 63;
/** Where the mock says a single face is: fractions of the image size. */
export const ONE_FACE = Object.freeze({ x: 0.25, y: 0.2, width: 0.5, height: 0.55 });
/** Where the mock says the two faces of a many-faces image are. */
export const TWO_FACES = Object.freeze([
  Object.freeze({ x: 0.14, y: 0.26, width: 0.32, height: 0.4 }),
  Object.freeze({ x: 0.54, y: 0.26, width: 0.32, height: 0.4 }),
]);

const GUARD_START = [0, 1, 0, 0];
const GUARD_END = [0, 0, 1, 0];

/** The check bits of a code. */
export function checkBits(label, spoof, faces) {
  return (7 * label + 3 * (spoof ? 1 : 0) + 5 * faces + 1) % 8;
}

/**
 * The 32 cells (0 black, 1 white) of a code, in reading order.
 * @param {{label: number, spoof?: boolean, faces?: number}} code
 * @returns {number[]}
 */
export function faceCodeCells({ label, spoof = false, faces = 1 }) {
  if (!Number.isInteger(label) || label < 0 || label > MAX_LABEL) {
    throw new RangeError(`label must be a whole number from 0 to ${MAX_LABEL}`);
  }
  if (faces !== 0 && faces !== 1 && faces !== 2) {
    throw new RangeError("faces must be 0 (none), 1 (one) or 2 (many)");
  }
  const bits = (label << 6) | ((spoof ? 1 : 0) << 5) | (faces << 3) | checkBits(label, spoof, faces);
  const data = [];
  for (let i = 11; i >= 0; i--) {
    const bit = (bits >> i) & 1;
    data.push(bit, 1 - bit);
  }
  return [...GUARD_START, ...data, ...GUARD_END];
}

/**
 * Draws the face code onto a 2D context (CanvasRenderingContext2D,
 * OffscreenCanvasRenderingContext2D, or anything with `fillStyle`/`fillRect`) whose
 * canvas is `width` × `height` pixels: it covers the bottom sixth of the image.
 * @param {{fillStyle: unknown, fillRect: (x: number, y: number, w: number, h: number) => void}} ctx
 * @param {number} width
 * @param {number} height
 * @param {{label: number, spoof?: boolean, faces?: number}} code
 */
export function drawFaceCode(ctx, width, height, { label, spoof = false, faces = 1 }) {
  const cells = faceCodeCells({ label, spoof, faces });
  const top = height * (1 - BAND);
  const saved = ctx.fillStyle;
  for (let row = 0; row < ROWS; row++) {
    const y0 = Math.round(top + (row * height * BAND) / ROWS);
    const y1 = row === ROWS - 1 ? height : Math.round(top + ((row + 1) * height * BAND) / ROWS);
    for (let col = 0; col < COLUMNS; col++) {
      const x0 = Math.round((col * width) / COLUMNS);
      const x1 = Math.round(((col + 1) * width) / COLUMNS);
      ctx.fillStyle = cells[row * COLUMNS + col] ? "#ffffff" : "#000000";
      ctx.fillRect(x0, y0, x1 - x0, y1 - y0);
    }
  }
  ctx.fillStyle = saved;
}
