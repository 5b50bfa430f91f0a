//! verifik-mock's image decoding: a JPEG (baseline or progressive) or PNG file to 8-bit
//! luma. It is a crate of its own so that debug builds can optimise it (the workspace's
//! `[profile.dev.package.verifik-mock-decode]`): the decoders are generic over their
//! reader, so their hot loops are compiled in the crate that calls them.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Images larger than this (in pixels) are not decoded: a hostile header could ask
/// for gigabytes (a progressive JPEG keeps every coefficient, 2 bytes per sample, at
/// full size). 50 MP covers today's phone cameras. PNG also keeps the png crate's
/// default limit (64 MiB of decoded pixels).
const MAX_PIXELS: u64 = 50_000_000;

/// An 8-bit luma image, possibly a reduced-size decode of a larger file.
pub struct Luma {
    /// Width of `pixels`.
    pub width: usize,
    /// Height of `pixels`.
    pub height: usize,
    /// Row-major luma, `width * height` bytes.
    pub pixels: Vec<u8>,
    /// The file's own width.
    pub full_width: u32,
    /// The file's own height.
    pub full_height: u32,
}

/// Decodes a JPEG or PNG file to luma. A large JPEG is decoded at 1/2, 1/4 or 1/8 of its
/// size (the decoder's DCT scaling), keeping at least `min_side` pixels on each side
/// that has them. `None` for anything else or any decoding error; never panics.
pub fn luma(bytes: &[u8], min_side: u32) -> Option<Luma> {
    let min_side = u16::try_from(min_side).unwrap_or(u16::MAX);
    catch_unwind(AssertUnwindSafe(|| {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            decode_jpeg(bytes, min_side)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            decode_png(bytes)
        } else {
            None
        }
    }))
    .ok()
    .flatten()
}

fn decode_jpeg(bytes: &[u8], min_side: u16) -> Option<Luma> {
    let mut decoder = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    decoder.read_info().ok()?;
    let info = decoder.info()?;
    let (width, height) = (info.width, info.height);
    if width == 0 || height == 0 || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return None;
    }
    decoder
        .scale(width.min(min_side), height.min(min_side))
        .ok()?;
    let data = decoder.decode().ok()?;
    let info = decoder.info()?;
    let (w, h) = (usize::from(info.width), usize::from(info.height));
    let pixels: Vec<u8> = match info.pixel_format {
        jpeg_decoder::PixelFormat::L8 => data,
        jpeg_decoder::PixelFormat::L16 => data.iter().step_by(2).copied().collect(),
        jpeg_decoder::PixelFormat::RGB24 => data.chunks_exact(3).map(rgb_luma).collect(),
        // The decoder has already turned Adobe CMYK into plain CMYK (ink amounts).
        jpeg_decoder::PixelFormat::CMYK32 => data
            .chunks_exact(4)
            .map(|p| match p {
                [c, m, y, k] => {
                    let k = 255.0 - f64::from(*k);
                    let rgb =
                        [*c, *m, *y].map(|c| ((255.0 - f64::from(c)) * k / 255.0).round() as u8);
                    rgb_luma(&rgb)
                }
                _ => 0,
            })
            .collect(),
    };
    (pixels.len() == w * h).then_some(Luma {
        width: w,
        height: h,
        pixels,
        full_width: u32::from(width),
        full_height: u32::from(height),
    })
}

fn decode_png(bytes: &[u8]) -> Option<Luma> {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let header = decoder.read_header_info().ok()?;
    let (width, height) = (header.width, header.height);
    if width == 0 || height == 0 || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return None;
    }
    let mut reader = decoder.read_info().ok()?;
    let mut data = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut data).ok()?;
    let data = data.get(..frame.buffer_size())?;
    let channels = match frame.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => return None,
    };
    let (w, h) = (frame.width as usize, frame.height as usize);
    let row = frame.line_size;
    let mut pixels = Vec::with_capacity(w * h);
    for line in data.chunks_exact(row).take(h) {
        for p in line.chunks_exact(channels).take(w) {
            pixels.push(if channels >= 3 {
                rgb_luma(p)
            } else {
                p.first().copied().unwrap_or(0)
            });
        }
    }
    (pixels.len() == w * h).then_some(Luma {
        width: w,
        height: h,
        pixels,
        full_width: width,
        full_height: height,
    })
}

/// BT.601 luma of the first three bytes (R, G, B).
fn rgb_luma(p: &[u8]) -> u8 {
    match p {
        [r, g, b, ..] => {
            (0.299 * f64::from(*r) + 0.587 * f64::from(*g) + 0.114 * f64::from(*b)).round() as u8
        }
        _ => 0,
    }
}
