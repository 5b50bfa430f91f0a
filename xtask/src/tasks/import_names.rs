//! Short import names for the shipped `.wasm` and its two glues.
//!
//! wasm-bindgen names each function the module imports from its glue after what it
//! calls plus a 16-digit hash (`__wbg_instanceof_Uint8Array_d7aeb0dcb3108fea`), and
//! every name is written twice: in the `.wasm`'s import section and as a key of the
//! glue's imports object. The hashes barely compress. [`shorten_in_module`] gives each
//! import of the glue's module a short name in the order the module lists them (`a`,
//! `b`, …, `ba`, …), and [`rename_in_glue`] writes the same names into each of the two
//! glues: measured on the package, 4.7
//! KiB gzip less for a browser (the `.wasm` −2.8 KiB, the glue −1.9 KiB), with no
//! change in what runs. Export names are left as they are: they would save a further
//! 0.6 KiB, but the glue names them in several forms (`wasm.NAME`, closure tables, the
//! API's own function names), not once each as a key.
//!
//! Each name must be a key of each glue's imports object exactly once and appear
//! nowhere else in it, so a wasm-bindgen release that writes its glue differently
//! stops the build here instead of shipping a module whose imports do not link.

use crate::Result;

/// The module name the `.wasm` imports its glue under.
pub const GLUE_MODULE: &str = "./verifik_face_bg.js";

/// One import renamed: its name as wasm-bindgen wrote it, and the short one.
#[derive(Debug, Clone, PartialEq)]
pub struct Renamed {
    /// The name wasm-bindgen gave it.
    pub from: String,
    /// The short name it now has.
    pub to: String,
}

/// The `index`-th short name: `a`…`z`, `A`…`Z`, then two letters and more.
pub fn short_name(mut index: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.push(LETTERS[index % LETTERS.len()]);
        index /= LETTERS.len();
        if index == 0 {
            break;
        }
        index -= 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// Gives the imports from [`GLUE_MODULE`] short names in the order the module lists
/// them; every other byte is copied.
pub fn shorten_in_module(wasm: &[u8]) -> Result<(Vec<u8>, Vec<Renamed>)> {
    let mut renamed = Vec::new();
    let out = rewrite_imports(wasm, &mut |field| {
        let to = short_name(renamed.len());
        renamed.push(Renamed {
            from: field.to_owned(),
            to: to.clone(),
        });
        Some(to)
    })?;
    if renamed.is_empty() {
        return Err(format!("the module imports nothing from {GLUE_MODULE}"));
    }
    Ok((out, renamed))
}

/// Renames the imports from [`GLUE_MODULE`] that `renamed` names, by name (the bench's
/// copy of the module with its function names, so that it links with the package's
/// glue); the others keep theirs.
pub fn rename_in_module(wasm: &[u8], renamed: &[Renamed]) -> Result<Vec<u8>> {
    rewrite_imports(wasm, &mut |field| {
        renamed
            .iter()
            .find(|rename| rename.from == field)
            .map(|rename| rename.to.clone())
    })
}

/// `wasm` with its import section (id 2) written again: each import from
/// [`GLUE_MODULE`] under the name `rename` gives it (`None`: its own).
fn rewrite_imports(wasm: &[u8], rename: &mut dyn FnMut(&str) -> Option<String>) -> Result<Vec<u8>> {
    let mut reader = Reader { bytes: wasm, at: 8 };
    if wasm.get(..8) != Some(b"\0asm\x01\0\0\0".as_slice()) {
        return Err("not a WebAssembly module (version 1)".into());
    }
    let mut out = wasm[..8].to_vec();
    while reader.at < wasm.len() {
        let id = reader.byte()?;
        let size = reader.leb()? as usize;
        let body = reader.take(size)?;
        let body = if id == 2 {
            imports(body, rename)?
        } else {
            body.to_vec()
        };
        out.push(id);
        write_leb(&mut out, body.len() as u64);
        out.extend_from_slice(&body);
    }
    Ok(out)
}

/// The import section `body` written again, [`GLUE_MODULE`]'s imports renamed by
/// `rename`.
fn imports(body: &[u8], rename: &mut dyn FnMut(&str) -> Option<String>) -> Result<Vec<u8>> {
    let mut reader = Reader { bytes: body, at: 0 };
    let count = reader.leb()?;
    let mut out = Vec::new();
    write_leb(&mut out, count);
    for _ in 0..count {
        let module = reader.name()?;
        let field = reader.name()?;
        let start = reader.at;
        reader.import_description()?;
        let description = &body[start..reader.at];
        let name = match module {
            GLUE_MODULE => rename(field),
            _ => None,
        };
        write_name(&mut out, module);
        write_name(&mut out, name.as_deref().unwrap_or(field));
        out.extend_from_slice(description);
    }
    if reader.at != body.len() {
        return Err("the import section has bytes after its last import".into());
    }
    Ok(out)
}

/// `glue` with each renamed import's key (`NAME:`) replaced by its short name.
pub fn rename_in_glue(glue: &str, renamed: &[Renamed]) -> Result<String> {
    let mut out = glue.to_owned();
    for Renamed { from, to } in renamed {
        let key = format!("{from}:");
        let found = out.matches(from.as_str()).count();
        if found != 1 || out.matches(key.as_str()).count() != 1 {
            return Err(format!(
                "the glue should name the import `{from}` once, as a key of its imports \
                 object, but names it {found} times; wasm-bindgen's glue changed, update \
                 xtask/src/tasks/import_names.rs"
            ));
        }
        out = out.replacen(&key, &format!("{to}:"), 1);
    }
    Ok(out)
}

/// Reads a module's bytes front to back; every read past the end is an error.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8> {
        let byte = *self
            .bytes
            .get(self.at)
            .ok_or("the module ends inside a section")?;
        self.at += 1;
        Ok(byte)
    }

    fn take(&mut self, count: usize) -> Result<&'a [u8]> {
        let bytes = self
            .bytes
            .get(self.at..self.at + count)
            .ok_or("the module ends inside a section")?;
        self.at += count;
        Ok(bytes)
    }

    /// An unsigned LEB128 number.
    fn leb(&mut self) -> Result<u64> {
        let mut value = 0_u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("a number in the module is longer than 64 bits".into())
    }

    fn name(&mut self) -> Result<&'a str> {
        let length = self.leb()? as usize;
        std::str::from_utf8(self.take(length)?).map_err(|_| "an import name is not UTF-8".into())
    }

    /// Passes over an import's description: a function, table, memory, global or tag.
    fn import_description(&mut self) -> Result<()> {
        match self.byte()? {
            0x00 => self.leb().map(|_| ()),
            0x01 => {
                self.byte()?;
                self.limits()
            }
            0x02 => self.limits(),
            0x03 => self.take(2).map(|_| ()),
            0x04 => {
                self.byte()?;
                self.leb().map(|_| ())
            }
            kind => Err(format!("an import of unknown kind {kind:#x}")),
        }
    }

    /// Limits: flags, a minimum and, when flag 1 is set, a maximum.
    fn limits(&mut self) -> Result<()> {
        let flags = self.leb()?;
        self.leb()?;
        if flags & 1 != 0 {
            self.leb()?;
        }
        Ok(())
    }
}

fn write_leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn write_name(out: &mut Vec<u8>, name: &str) {
    write_leb(out, name.len() as u64);
    out.extend_from_slice(name.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module with a type section, three imports (two from the glue, one from
    /// elsewhere: a memory with a maximum) and a custom section after them.
    fn module() -> Vec<u8> {
        let mut imports = Vec::new();
        write_leb(&mut imports, 3);
        for (module, field, description) in [
            (GLUE_MODULE, "__wbg_get_556f1c9a5c587e8c", vec![0x00, 0x00]),
            ("env", "memory", vec![0x02, 0x01, 0x01, 0x10]),
            (
                GLUE_MODULE,
                "__wbindgen_throw_4c88d8bf264fd984",
                vec![0x00, 0x00],
            ),
        ] {
            write_name(&mut imports, module);
            write_name(&mut imports, field);
            imports.extend_from_slice(&description);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend_from_slice(&[0x01, 0x04, 0x01, 0x60, 0x00, 0x00]);
        wasm.push(2);
        write_leb(&mut wasm, imports.len() as u64);
        wasm.extend_from_slice(&imports);
        wasm.extend_from_slice(&[0x00, 0x03, 0x01, b'x', 0x07]);
        wasm
    }

    #[test]
    fn the_glue_imports_get_short_names_and_everything_else_stays() {
        let (wasm, renamed) = shorten_in_module(&module()).unwrap();
        assert_eq!(
            renamed,
            [
                Renamed {
                    from: "__wbg_get_556f1c9a5c587e8c".into(),
                    to: "a".into()
                },
                Renamed {
                    from: "__wbindgen_throw_4c88d8bf264fd984".into(),
                    to: "b".into()
                },
            ]
        );
        let text = String::from_utf8_lossy(&wasm);
        assert!(text.contains("memory") && !text.contains("__wbg_get"));
        // Reading it again finds the short names in place, and the sections around them.
        let (again, renamed_again) = shorten_in_module(&wasm).unwrap();
        assert_eq!(again, wasm);
        assert_eq!(renamed_again[0].from, "a");
        assert_eq!(&wasm[..14], &module()[..14]);
        assert!(wasm.ends_with(&[0x00, 0x03, 0x01, b'x', 0x07]));
    }

    #[test]
    fn glues_take_the_same_names_or_the_build_stops() {
        let renamed = [Renamed {
            from: "__wbg_get_556f1c9a5c587e8c".into(),
            to: "a".into(),
        }];
        let glue = "imports = { __wbg_get_556f1c9a5c587e8c: function(a) {}, other: 1 }";
        assert_eq!(
            rename_in_glue(glue, &renamed).unwrap(),
            "imports = { a: function(a) {}, other: 1 }"
        );
        for changed in [
            "imports = { other: 1 }",
            "imports = { __wbg_get_556f1c9a5c587e8c: f, x: __wbg_get_556f1c9a5c587e8c }",
            "imports = { \"__wbg_get_556f1c9a5c587e8c\": f }",
        ] {
            let error = rename_in_glue(changed, &renamed).unwrap_err().to_string();
            assert!(error.contains("wasm-bindgen's glue changed"), "{error}");
        }
    }

    #[test]
    fn short_names_are_unique_letters() {
        let names: Vec<String> = (0..3000).map(short_name).collect();
        assert_eq!(&names[..3], ["a", "b", "c"]);
        assert_eq!(names[52], "aa");
        let unique: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
        assert!(names
            .iter()
            .all(|n| n.bytes().all(|b| b.is_ascii_alphabetic())));
    }

    #[test]
    fn a_copy_of_the_module_takes_the_same_names_by_name() {
        let (shipped, renamed) = shorten_in_module(&module()).unwrap();
        // Only the second import is known to the mapping: the first keeps its name.
        let copy = rename_in_module(&module(), &renamed[1..]).unwrap();
        let text = String::from_utf8_lossy(&copy);
        assert!(text.contains("__wbg_get_556f1c9a5c587e8c") && !text.contains("__wbindgen_throw"));
        assert_eq!(rename_in_module(&module(), &renamed).unwrap(), shipped);
    }

    #[test]
    fn a_truncated_module_is_refused() {
        let wasm = module();
        for end in [4, 10, wasm.len() - 3] {
            assert!(shorten_in_module(&wasm[..end]).is_err(), "{end}");
        }
    }
}
