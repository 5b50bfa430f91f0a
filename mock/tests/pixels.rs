//! The face code (src/pixels.rs): every sample face reads back its code, also after
//! low-quality re-encoding and downscaling; unlabelled images read as nothing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;
use std::time::Instant;

use verifik_mock::pixels::{self, FaceCode, Faces};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(root().join("../www/faces").join(name)).unwrap()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(root().join("tests/fixtures").join(name)).unwrap()
}

fn code(label: u8, spoof: bool, faces: Faces) -> FaceCode {
    FaceCode {
        label,
        spoof,
        faces,
    }
}

/// Every sample file and the code it must carry.
fn expected() -> Vec<(&'static str, FaceCode)> {
    vec![
        ("ana.jpg", code(1, false, Faces::One)),
        ("ben.jpg", code(2, false, Faces::One)),
        ("chen.jpg", code(3, false, Faces::One)),
        ("dara.png", code(4, false, Faces::One)),
        ("ana-2.jpg", code(1, false, Faces::One)),
        ("ben-print.jpg", code(2, true, Faces::One)),
        ("group.jpg", code(0, false, Faces::Many)),
    ]
}

/// RGB pixels of a JPEG.
fn decode_rgb(bytes: &[u8]) -> (Vec<u8>, usize, usize) {
    let mut d = jpeg_decoder::Decoder::new(bytes);
    let data = d.decode().unwrap();
    let info = d.info().unwrap();
    assert_eq!(info.pixel_format, jpeg_decoder::PixelFormat::RGB24);
    (data, usize::from(info.width), usize::from(info.height))
}

/// RGB pixels of a PNG.
fn decode_png_rgb(bytes: &[u8]) -> (Vec<u8>, usize, usize) {
    let mut d = png::Decoder::new(bytes);
    d.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut r = d.read_info().unwrap();
    let mut buf = vec![0; r.output_buffer_size()];
    let f = r.next_frame(&mut buf).unwrap();
    let ch = f.color_type.samples();
    let rgb = buf[..f.buffer_size()]
        .chunks_exact(ch)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    (rgb, f.width as usize, f.height as usize)
}

/// Box-filter downscale of RGB pixels to `nw` × `nh`.
fn downscale(rgb: &[u8], w: usize, h: usize, nw: usize, nh: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(nw * nh * 3);
    for y in 0..nh {
        let (y0, y1) = (y * h / nh, ((y + 1) * h / nh).max(y * h / nh + 1));
        for x in 0..nw {
            let (x0, x1) = (x * w / nw, ((x + 1) * w / nw).max(x * w / nw + 1));
            for c in 0..3 {
                let mut sum = 0usize;
                for yy in y0..y1 {
                    for xx in x0..x1 {
                        sum += usize::from(rgb[(yy * w + xx) * 3 + c]);
                    }
                }
                out.push((sum / ((y1 - y0) * (x1 - x0))) as u8);
            }
        }
    }
    out
}

fn encode_jpeg(rgb: &[u8], w: usize, h: usize, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, quality)
        .encode(rgb, w as u16, h as u16, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    out
}

fn encode_png(rgb: &[u8], w: usize, h: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut e = png::Encoder::new(&mut out, w as u32, h as u32);
    e.set_color(png::ColorType::Rgb);
    e.set_depth(png::BitDepth::Eight);
    let mut writer = e.write_header().unwrap();
    writer.write_image_data(rgb).unwrap();
    writer.finish().unwrap();
    out
}

/// The code's cells as `www/faces/face-code.js` draws them (0 black, 1 white).
fn cells(label: u8, spoof: bool, faces: u8) -> Vec<u8> {
    let bits = u16::from(label) << 6
        | u16::from(spoof) << 5
        | u16::from(faces) << 3
        | u16::from(pixels::check_bits(label, spoof, faces));
    let mut cells = vec![0, 1, 0, 0];
    for i in (0..12).rev() {
        let bit = (bits >> i & 1) as u8;
        cells.extend([bit, 1 - bit]);
    }
    cells.extend([0, 0, 1, 0]);
    cells
}

/// Draws the code into RGB pixels, as drawFaceCode does.
fn draw(rgb: &mut [u8], w: usize, h: usize, label: u8, spoof: bool, faces: u8) {
    let cells = cells(label, spoof, faces);
    let top = h as f64 * 5.0 / 6.0;
    for row in 0..2 {
        let y0 = (top + row as f64 * h as f64 / 12.0).round() as usize;
        let y1 = if row == 1 {
            h
        } else {
            (top + h as f64 / 12.0).round() as usize
        };
        for col in 0..16 {
            let x0 = (col as f64 * w as f64 / 16.0).round() as usize;
            let x1 = ((col + 1) as f64 * w as f64 / 16.0).round() as usize;
            let v = if cells[row * 16 + col] == 1 { 255 } else { 0 };
            for y in y0..y1 {
                rgb[(y * w + x0) * 3..(y * w + x1) * 3].fill(v);
            }
        }
    }
}

/// Deterministic noise.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut s = seed;
    (0..len)
        .map(|_| {
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (s >> 33) as u8
        })
        .collect()
}

#[test]
fn every_sample_face_reads_its_code() {
    for (file, want) in expected() {
        let reading = pixels::read(&sample(file)).unwrap_or_else(|| panic!("{file}: no code"));
        assert_eq!(reading.code, want, "{file}");
        assert_eq!((reading.width, reading.height), (240, 240), "{file}");
    }
}

#[test]
fn sample_faces_carry_no_byte_markers() {
    for (file, _) in expected() {
        let bytes = sample(file);
        for marker in [
            &b"face="[..],
            b"score=",
            b"liveness=",
            b"spoof",
            b"noface",
            b"manyfaces",
            b"small",
            b"border",
        ] {
            assert!(
                !bytes.windows(marker.len()).any(|w| w == marker),
                "{file} contains {}",
                String::from_utf8_lossy(marker)
            );
        }
    }
}

#[test]
fn the_code_survives_chromium_downscaling_to_120_px_at_quality_half() {
    for (file, want) in expected() {
        let name = file
            .replace(".jpg", "-120q50.jpg")
            .replace(".png", "-120q50.jpg");
        let reading = pixels::read(&fixture(&name)).unwrap_or_else(|| panic!("{name}: no code"));
        assert_eq!(reading.code, want, "{name}");
        assert_eq!((reading.width, reading.height), (120, 120), "{name}");
    }
}

#[test]
fn the_code_survives_reencoding_and_downscaling() {
    for (file, want) in expected() {
        let bytes = sample(file);
        let (rgb, w, h) = if file.ends_with(".png") {
            decode_png_rgb(&bytes)
        } else {
            decode_rgb(&bytes)
        };
        // Quality 50 at full size, and at 120, 100 and 90 px (odd ratios too).
        for side in [240, 120, 100, 90] {
            let small = downscale(&rgb, w, h, side, side);
            for quality in [50, 30] {
                let jpeg = encode_jpeg(&small, side, side, quality);
                let reading = pixels::read(&jpeg);
                assert_eq!(
                    reading.map(|r| r.code),
                    Some(want),
                    "{file} at {side} px, q{quality}"
                );
            }
            let png = encode_png(&small, side, side);
            assert_eq!(
                pixels::read(&png).map(|r| r.code),
                Some(want),
                "{file} png {side}"
            );
        }
    }
}

#[test]
fn every_code_round_trips_through_a_wide_photo() {
    // A landscape frame (aspect 4:3), every label, both spoof values, all face classes.
    let (w, h) = (320, 240);
    for label in 0..64u8 {
        for (faces, class) in [(0, Faces::None), (1, Faces::One), (2, Faces::Many)] {
            let spoof = label % 3 == 0;
            let mut rgb = noise(w * h * 3, u64::from(label));
            draw(&mut rgb, w, h, label, spoof, faces);
            let small = downscale(&rgb, w, h, 160, 120);
            let jpeg = encode_jpeg(&small, 160, 120, 50);
            assert_eq!(
                pixels::read(&jpeg).map(|r| r.code),
                Some(code(label, spoof, class)),
                "label {label} faces {faces}"
            );
        }
    }
}

#[test]
fn unlabelled_images_read_as_nothing() {
    let (w, h) = (240, 240);
    for seed in 0..20 {
        let rgb = noise(w * h * 3, seed);
        assert_eq!(pixels::read(&encode_jpeg(&rgb, w, h, 80)), None);
        assert_eq!(pixels::read(&encode_png(&rgb, w, h)), None);
        // Coarse noise: random black/white blocks the size of a cell.
        let mut blocks = vec![0u8; w * h * 3];
        let coin = noise(16 * 16, seed + 100);
        for y in 0..h {
            for x in 0..w {
                let v = if coin[(y / 20) * 16 + x / 15] > 127 {
                    255
                } else {
                    0
                };
                blocks[(y * w + x) * 3..(y * w + x) * 3 + 3].fill(v);
            }
        }
        assert_eq!(
            pixels::read(&encode_jpeg(&blocks, w, h, 90)),
            None,
            "seed {seed}"
        );
    }
    for colour in [0u8, 128, 255] {
        let flat = vec![colour; w * h * 3];
        assert_eq!(pixels::read(&encode_jpeg(&flat, w, h, 80)), None);
        assert_eq!(pixels::read(&encode_png(&flat, w, h)), None);
    }
    // A sample face with its band cut off (a crop) has no code.
    let (rgb, w, h) = decode_rgb(&sample("ana.jpg"));
    let cropped = &rgb[..w * (h * 3 / 4) * 3];
    assert_eq!(pixels::read(&encode_jpeg(cropped, w, h * 3 / 4, 90)), None);
    // Not images, truncated and corrupted images.
    let ana = sample("ana.jpg");
    assert_eq!(pixels::read(b""), None);
    assert_eq!(pixels::read(b"GIF89a....."), None);
    assert_eq!(pixels::read(&[0xFF, 0xD8, 0xFF, 0xE0]), None);
    assert_eq!(pixels::read(b"\x89PNG\r\n\x1a\n"), None);
    for cut in [10, 100, 600, ana.len() / 2] {
        let _ = pixels::read(&ana[..cut]);
    }
    let dara = sample("dara.png");
    for cut in [10, 40, 200, dara.len() / 2] {
        assert_eq!(pixels::read(&dara[..cut]), None, "dara cut at {cut}");
    }
    // Flipped bytes never panic.
    for (i, source) in [ana, dara].iter().enumerate() {
        for k in 0..200usize {
            let mut bad = source.clone();
            let at = 8 + (k * 7919 + i * 31) % (bad.len() - 8);
            bad[at] ^= 0x5A;
            let _ = pixels::read(&bad);
        }
    }
}

#[test]
fn a_progressive_jpeg_reads_its_code() {
    let (rgb, w, h) = decode_rgb(&sample("chen.jpg"));
    let mut out = Vec::new();
    let mut e = jpeg_encoder::Encoder::new(&mut out, 60);
    e.set_progressive(true);
    e.encode(&rgb, w as u16, h as u16, jpeg_encoder::ColorType::Rgb)
        .unwrap();
    assert_eq!(
        pixels::read(&out).map(|r| r.code),
        Some(code(3, false, Faces::One))
    );
}

#[test]
fn a_12_megapixel_photo_decodes_fast() {
    let (w, h) = (4000usize, 3000usize);
    // A smooth gradient with some texture, so the file is photo-like in size.
    let tex = noise(w * h, 7);
    let mut rgb = Vec::with_capacity(w * h * 3);
    for y in 0..h {
        for x in 0..w {
            let t = tex[y * w + x] / 5;
            rgb.extend([
                (x * 180 / w) as u8 + t,
                (y * 180 / h) as u8 + t,
                ((x + y) * 100 / (w + h)) as u8 + t,
            ]);
        }
    }
    draw(&mut rgb, w, h, 9, false, 1);
    let jpeg = encode_jpeg(&rgb, w, h, 90);
    assert!(jpeg.len() > 2_000_000, "{} bytes", jpeg.len());
    let _ = pixels::read(&jpeg); // warm up
    let start = Instant::now();
    let reading = pixels::read(&jpeg).unwrap();
    let elapsed = start.elapsed();
    println!(
        "12 MP JPEG ({} bytes): face code read in {elapsed:?}",
        jpeg.len()
    );
    assert_eq!(reading.code, code(9, false, Faces::One));
    assert_eq!((reading.width, reading.height), (4000, 3000));
    // Well under 100 ms on a quiet machine; a loaded CI runner gets some slack.
    assert!(elapsed.as_millis() < 400, "{elapsed:?}");
}
