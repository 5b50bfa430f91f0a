//! The **face code**: a label drawn into an image's pixels, so the simulated scores
//! survive what a browser does to a photo before upload (decode, scale down,
//! re-encode as JPEG), which changes every byte and drops the byte markers.
//!
//! The code is a band of 2 rows × 16 black/white cells filling the bottom sixth of
//! the image (each row 1/12 of the height, each cell 1/16 of the width, all as
//! fractions so scaling keeps it). Reading order: row 0 left to right, then row 1.
//!
//! ```text
//! row 0: B W B B | d d d d d d d d d d d d
//! row 1: d d d d d d d d d d d d | B B W B
//! ```
//!
//! The eight guard cells are fixed; the 24 data cells carry 12 bits, each as a pair
//! (the bit, then its complement; white = 1), most significant first: the label
//! (6 bits, 1–63; 0 = no identity), the spoof flag (1 bit), the face-count class
//! (2 bits: 0 no face, 1 one face, 2 many faces; 3 is invalid) and a check
//! (3 bits: `(7·label + 3·spoof + 5·faces + 1) mod 8`). A cell is read as the mean
//! luma of its central half (in each direction) and must be near black (< 90) or near
//! white (> 165), so a real photo, a camera frame, noise or a flat colour does not
//! decode. `www/faces/face-code.js` draws it.
//!
//! Only JPEG (baseline and progressive) and PNG are decoded; anything else, or any
//! decoding error, reads as no code. A large JPEG is decoded at 1/2, 1/4 or 1/8 of
//! its size (the decoder's DCT scaling), which is all the band needs.

use verifik_mock_decode::Luma;

/// Cells per row.
pub const COLUMNS: usize = 16;
/// Rows of cells.
pub const ROWS: usize = 2;
/// The band's height as a fraction of the image height (its rows split it equally).
pub const BAND: f64 = 1.0 / 6.0;
/// Guard cells (`true` = white): row 0's first four.
const GUARD_START: [bool; 4] = [false, true, false, false];
/// Guard cells: row 1's last four.
const GUARD_END: [bool; 4] = [false, false, true, false];
/// Mean luma below this is black.
const BLACK: f64 = 90.0;
/// Mean luma above this is white.
const WHITE: f64 = 165.0;
/// The decoder is asked for at least this many pixels on each side (when the image
/// has them), so a cell of a downscaled decode still spans several pixels.
const DECODE_MIN: u32 = 256;

/// How many faces the code says the image shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Faces {
    /// No face (like the byte marker `noface`).
    None,
    /// Exactly one face (the usual selfie).
    One,
    /// More than one face (like the byte marker `manyfaces`).
    Many,
}

/// What a face code carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FaceCode {
    /// 1–63: the person's label (same label, same person); 0: no identity.
    pub label: u8,
    /// A presentation attack (a printed photo, a screen): liveness 0.12.
    pub spoof: bool,
    /// The face-count class.
    pub faces: Faces,
}

/// A decoded face code and the full size of the image it was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading {
    /// The code.
    pub code: FaceCode,
    /// The image width in pixels (full size, whatever the decode scale).
    pub width: u32,
    /// The image height in pixels.
    pub height: u32,
}

/// A face's box as fractions of the image size: `[x, y, width, height]`. These match
/// the drawings of `e2e/make-faces.mjs` (faces drawn centred; a group side by side).
pub const ONE_FACE: [f64; 4] = [0.25, 0.2, 0.5, 0.55];
/// The two faces of a many-faces image, left then right.
pub const TWO_FACES: [[f64; 4]; 2] = [[0.14, 0.26, 0.32, 0.4], [0.54, 0.26, 0.32, 0.4]];

/// The check bits of a code.
pub fn check_bits(label: u8, spoof: bool, faces: u8) -> u8 {
    let sum = 7 * u32::from(label) + 3 * u32::from(spoof) + 5 * u32::from(faces) + 1;
    (sum % 8) as u8
}

/// Reads the face code of an image file (JPEG or PNG bytes). `None` when the bytes are
/// not such an image, cannot be decoded, or carry no valid code. Never panics.
pub fn read(bytes: &[u8]) -> Option<Reading> {
    let image = verifik_mock_decode::luma(bytes, DECODE_MIN)?;
    let code = read_code(&image)?;
    Some(Reading {
        code,
        width: image.full_width,
        height: image.full_height,
    })
}

/// Mean luma of the central half of cell (`row`, `col`).
fn cell_mean(luma: &Luma, row: usize, col: usize) -> Option<f64> {
    let (w, h) = (luma.width as f64, luma.height as f64);
    let cell_w = w / COLUMNS as f64;
    let cell_h = h * BAND / ROWS as f64;
    let x0 = col as f64 * cell_w;
    let y0 = h * (1.0 - BAND) + row as f64 * cell_h;
    let xs = (x0 + cell_w * 0.25).round() as usize..(x0 + cell_w * 0.75).round() as usize;
    let ys = (y0 + cell_h * 0.25).round() as usize..(y0 + cell_h * 0.75).round() as usize;
    if xs.is_empty() || ys.is_empty() || xs.end > luma.width || ys.end > luma.height {
        return None;
    }
    let mut sum = 0u64;
    let mut count = 0u64;
    for y in ys {
        let line = luma.pixels.get(y * luma.width..(y + 1) * luma.width)?;
        for v in line.get(xs.clone())? {
            sum += u64::from(*v);
            count += 1;
        }
    }
    Some(sum as f64 / count as f64)
}

fn read_code(luma: &Luma) -> Option<FaceCode> {
    // A cell must span at least two pixels each way for its centre to mean anything.
    if luma.width < COLUMNS * 2 || (luma.height as f64 * BAND / ROWS as f64) < 2.0 {
        return None;
    }
    let mut cells = Vec::with_capacity(ROWS * COLUMNS);
    for row in 0..ROWS {
        for col in 0..COLUMNS {
            let mean = cell_mean(luma, row, col)?;
            cells.push(if mean < BLACK {
                false
            } else if mean > WHITE {
                true
            } else {
                return None;
            });
        }
    }
    let (row0, row1) = cells.split_at(COLUMNS);
    let (guard0, data0) = row0.split_at(GUARD_START.len());
    let (data1, guard1) = row1.split_at(COLUMNS - GUARD_END.len());
    if guard0 != GUARD_START || guard1 != GUARD_END {
        return None;
    }
    let mut bits = 0u16;
    for pair in data0.chunks_exact(2).chain(data1.chunks_exact(2)) {
        match pair {
            [bit, complement] if bit != complement => bits = bits << 1 | u16::from(*bit),
            _ => return None,
        }
    }
    let label = (bits >> 6) as u8;
    let spoof = bits >> 5 & 1 == 1;
    let faces = (bits >> 3 & 3) as u8;
    let check = (bits & 7) as u8;
    if check != check_bits(label, spoof, faces) {
        return None;
    }
    let faces = match faces {
        0 => Faces::None,
        1 => Faces::One,
        2 => Faces::Many,
        _ => return None,
    };
    Some(FaceCode {
        label,
        spoof,
        faces,
    })
}

/// Large images read recently, with their readings: a request asks for an image's
/// code several times (similarity, liveness, face quality). At most [`CACHE_SLOTS`]
/// entries, so it never grows beyond a few request bodies.
static RECENT: std::sync::Mutex<Vec<(Vec<u8>, Option<Reading>)>> =
    std::sync::Mutex::new(Vec::new());
const CACHE_SLOTS: usize = 4;
/// Smaller images decode in well under a millisecond: not worth remembering.
const CACHE_FROM: usize = 256 * 1024;

/// [`read`], remembering the last few large images.
pub(crate) fn read_cached(bytes: &[u8]) -> Option<Reading> {
    if bytes.len() < CACHE_FROM {
        return read(bytes);
    }
    if let Ok(recent) = RECENT.lock() {
        if let Some((_, reading)) = recent.iter().find(|(b, _)| b.as_slice() == bytes) {
            return *reading;
        }
    }
    let reading = read(bytes);
    if let Ok(mut recent) = RECENT.lock() {
        if recent.len() >= CACHE_SLOTS {
            recent.remove(0);
        }
        recent.push((bytes.to_vec(), reading));
    }
    reading
}

/// A face box in pixels of the full image: `(x, y, width, height)`.
pub(crate) fn face_boxes(reading: &Reading) -> Vec<(f64, f64, f64, f64)> {
    let (w, h) = (f64::from(reading.width), f64::from(reading.height));
    let scale = |[x, y, bw, bh]: [f64; 4]| {
        (
            (x * w).round(),
            (y * h).round(),
            (bw * w).round(),
            (bh * h).round(),
        )
    };
    match reading.code.faces {
        Faces::None => Vec::new(),
        Faces::One => vec![scale(ONE_FACE)],
        Faces::Many => TWO_FACES.iter().copied().map(scale).collect(),
    }
}
