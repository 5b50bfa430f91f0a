//! Short names for the imports and exports of the shipped `.wasm` and its two glues.
//!
//! wasm-bindgen names each function the module imports from its glue after what it
//! calls plus a 16-digit hash (`__wbg_instanceof_Uint8Array_d7aeb0dcb3108fea`), and
//! every name is written twice: in the `.wasm`'s import section and as a key of the
//! glue's imports object. The hashes barely compress. It names the exports after the
//! class and method they serve (`biometricsapi_compareWithLiveness`), written in the
//! export section and wherever the glue calls them (`wasm.NAME`).
//! [`shorten_in_module`] gives each import of the glue's module a short name in the
//! order the module lists them (`a`, `b`, …, `ba`, …), and each export but `memory`
//! (which `InitOutput` declares) one of its own; [`rename_in_glue`] writes the same names
//! into each of the two glues. Measured on the package: the imports 4.7 KiB gzip less
//! for a browser (the `.wasm` −2.8 KiB, the glue −1.9 KiB), the exports 0.6 KiB more
//! (the `.wasm` −0.5 KiB, the glue −0.1 KiB), with no change in what runs.
//!
//! Each import name must be a key of each glue's imports object exactly once and appear
//! nowhere else in it, and every export the glue calls (`wasm.NAME`) must be one the
//! module has, so a wasm-bindgen release that writes its glue differently stops the
//! build here instead of shipping a module whose names do not link.

use crate::Result;

/// The module name the `.wasm` imports its glue under.
pub const GLUE_MODULE: &str = "./verifik_face_bg.js";

/// The exports that keep their names: the memory, which `InitOutput` declares.
pub const KEPT_EXPORTS: [&str; 1] = ["memory"];

/// One import or export renamed: its name as wasm-bindgen wrote it, and the short one.
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

/// The names a module was given: those of its imports from [`GLUE_MODULE`] and of its
/// exports.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Names {
    /// The imports from [`GLUE_MODULE`], in the order the module lists them.
    pub imports: Vec<Renamed>,
    /// The exports but [`KEPT_EXPORTS`], in the order the module lists them.
    pub exports: Vec<Renamed>,
}

/// Gives the imports from [`GLUE_MODULE`] and the exports but [`KEPT_EXPORTS`] short
/// names, each in the order the module lists them; every other byte is copied.
pub fn shorten_in_module(wasm: &[u8]) -> Result<(Vec<u8>, Names)> {
    fn give(list: &mut Vec<Renamed>, from: &str) -> Option<String> {
        let to = short_name(list.len());
        list.push(Renamed {
            from: from.to_owned(),
            to: to.clone(),
        });
        Some(to)
    }
    let mut names = Names::default();
    let out = rewrite(
        wasm,
        &mut |field| give(&mut names.imports, field),
        &mut |name| {
            if KEPT_EXPORTS.contains(&name) {
                None
            } else {
                give(&mut names.exports, name)
            }
        },
    )?;
    if names.imports.is_empty() {
        return Err(format!("the module imports nothing from {GLUE_MODULE}"));
    }
    Ok((out, names))
}

/// Renames the imports from [`GLUE_MODULE`] and the exports that `names` names, by name
/// (the bench's copy of the module with its function names, so that it links with the
/// package's glue); the others keep theirs.
pub fn rename_in_module(wasm: &[u8], names: &Names) -> Result<Vec<u8>> {
    let find = |list: &[Renamed], from: &str| {
        list.iter()
            .find(|rename| rename.from == from)
            .map(|rename| rename.to.clone())
    };
    rewrite(
        wasm,
        &mut |field| find(&names.imports, field),
        &mut |name| find(&names.exports, name),
    )
}

/// `wasm` with its import section (id 2) and export section (id 7) written again: each
/// import from [`GLUE_MODULE`] under the name `import` gives it, each export under the
/// name `export` gives it (`None`: its own).
fn rewrite(
    wasm: &[u8],
    import: &mut dyn FnMut(&str) -> Option<String>,
    export: &mut dyn FnMut(&str) -> Option<String>,
) -> Result<Vec<u8>> {
    let mut reader = Reader { bytes: wasm, at: 8 };
    if wasm.get(..8) != Some(b"\0asm\x01\0\0\0".as_slice()) {
        return Err("not a WebAssembly module (version 1)".into());
    }
    let mut out = wasm[..8].to_vec();
    while reader.at < wasm.len() {
        let id = reader.byte()?;
        let size = reader.leb()? as usize;
        let body = reader.take(size)?;
        let body = match id {
            2 => imports(body, import)?,
            7 => exports(body, export)?,
            _ => body.to_vec(),
        };
        out.push(id);
        write_leb(&mut out, body.len() as u64);
        out.extend_from_slice(&body);
    }
    Ok(out)
}

/// The export section `body` written again, each export renamed by `rename`.
fn exports(body: &[u8], rename: &mut dyn FnMut(&str) -> Option<String>) -> Result<Vec<u8>> {
    entries(body, "export", &mut |reader, out| {
        let name = reader.name()?;
        let kind = reader.byte()?;
        let index = reader.leb()?;
        write_name(out, rename(name).as_deref().unwrap_or(name));
        out.push(kind);
        write_leb(out, index);
        Ok(())
    })
}

/// The import section `body` written again, [`GLUE_MODULE`]'s imports renamed by
/// `rename`.
fn imports(body: &[u8], rename: &mut dyn FnMut(&str) -> Option<String>) -> Result<Vec<u8>> {
    entries(body, "import", &mut |reader, out| {
        let module = reader.name()?;
        let field = reader.name()?;
        let start = reader.at;
        reader.import_description()?;
        let description = reader.bytes.get(start..reader.at).unwrap_or_default();
        let name = match module {
            GLUE_MODULE => rename(field),
            _ => None,
        };
        write_name(out, module);
        write_name(out, name.as_deref().unwrap_or(field));
        out.extend_from_slice(description);
        Ok(())
    })
}

/// A section that is a vector of `what`s (imports, exports), written again one entry at
/// a time by `entry`, which reads it from the reader and writes it out.
fn entries(
    body: &[u8],
    what: &str,
    entry: &mut dyn FnMut(&mut Reader<'_>, &mut Vec<u8>) -> Result<()>,
) -> Result<Vec<u8>> {
    let mut reader = Reader { bytes: body, at: 0 };
    let count = reader.leb()?;
    let mut out = Vec::new();
    write_leb(&mut out, count);
    for _ in 0..count {
        entry(&mut reader, &mut out)?;
    }
    if reader.at != body.len() {
        return Err(format!(
            "the {what} section has bytes after its last {what}"
        ));
    }
    Ok(out)
}

/// `glue` with each renamed import's key (`NAME:`) and each call of a renamed export
/// (`wasm.NAME`) written with its short name.
pub fn rename_in_glue(glue: &str, names: &Names) -> Result<String> {
    let mut out = glue.to_owned();
    for Renamed { from, to } in &names.imports {
        let key = format!("{from}:");
        let found = out.matches(from.as_str()).count();
        if found != 1 || out.matches(key.as_str()).count() != 1 {
            return Err(format!(
                "the glue should name the import `{from}` once, as a key of its imports \
                 object, but names it {found} times; wasm-bindgen's glue changed, update \
                 xtask/src/tasks/short_names.rs"
            ));
        }
        out = out.replacen(&key, &format!("{to}:"), 1);
    }
    rename_exports_in_glue(&out, &names.exports)
}

/// `glue` with each `wasm.NAME` of a renamed export written `wasm.SHORT`; a `wasm.NAME`
/// the module does not export (neither renamed nor kept) stops the build.
fn rename_exports_in_glue(glue: &str, exports: &[Renamed]) -> Result<String> {
    let identifier = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(glue.len());
    let mut rest = glue;
    while let Some(at) = rest.find("wasm.") {
        // `wasm` must be a name of its own, not the end of one (`_bg.wasm.`).
        let standalone = !rest[..at]
            .chars()
            .next_back()
            .is_some_and(|c| identifier(c) || c == '.');
        let (head, tail) = rest.split_at(at + "wasm.".len());
        out.push_str(head);
        let end = tail.find(|c: char| !identifier(c)).unwrap_or(tail.len());
        let (name, after) = tail.split_at(end);
        rest = after;
        if !standalone {
            out.push_str(name);
            continue;
        }
        match exports.iter().find(|rename| rename.from == name) {
            Some(rename) => out.push_str(&rename.to),
            None if KEPT_EXPORTS.contains(&name) => out.push_str(name),
            None => {
                return Err(format!(
                    "the glue calls `wasm.{name}`, which the module does not export; \
                     wasm-bindgen's glue changed, update xtask/src/tasks/short_names.rs"
                ))
            }
        }
    }
    out.push_str(rest);
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

    fn renamed(from: &str, to: &str) -> Renamed {
        Renamed {
            from: from.into(),
            to: to.into(),
        }
    }

    /// A module with a type section, three imports (two from the glue, one from
    /// elsewhere: a memory with a maximum), three exports (a function, the memory, a
    /// second function) and a custom section after them.
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
        let mut exports = Vec::new();
        write_leb(&mut exports, 3);
        for (name, kind, index) in [
            ("verifik_new", 0, 2),
            ("memory", 2, 0),
            ("__wbindgen_start", 0, 300),
        ] {
            write_name(&mut exports, name);
            exports.push(kind);
            write_leb(&mut exports, index);
        }
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend_from_slice(&[0x01, 0x04, 0x01, 0x60, 0x00, 0x00]);
        for (id, body) in [(2, imports), (7, exports)] {
            wasm.push(id);
            write_leb(&mut wasm, body.len() as u64);
            wasm.extend_from_slice(&body);
        }
        wasm.extend_from_slice(&[0x00, 0x03, 0x01, b'x', 0x07]);
        wasm
    }

    #[test]
    fn the_glue_imports_and_the_exports_get_short_names_and_everything_else_stays() {
        let (wasm, names) = shorten_in_module(&module()).unwrap();
        assert_eq!(
            names.imports,
            [
                renamed("__wbg_get_556f1c9a5c587e8c", "a"),
                renamed("__wbindgen_throw_4c88d8bf264fd984", "b"),
            ]
        );
        assert_eq!(
            names.exports,
            [
                renamed("verifik_new", "a"),
                renamed("__wbindgen_start", "b")
            ]
        );
        let text = String::from_utf8_lossy(&wasm);
        assert!(text.contains("memory") && !text.contains("__wbg_get"));
        assert!(!text.contains("verifik_new") && !text.contains("__wbindgen_start"));
        // Reading it again finds the short names in place, and the sections around them
        // (the export of index 300, two bytes of LEB128, is read and written whole).
        let (again, names_again) = shorten_in_module(&wasm).unwrap();
        assert_eq!(again, wasm);
        assert_eq!(names_again.imports[0].from, "a");
        assert_eq!(names_again.exports[1].from, "b");
        assert_eq!(&wasm[..14], &module()[..14]);
        assert!(wasm.ends_with(&[0x00, 0x03, 0x01, b'x', 0x07]));
    }

    #[test]
    fn glues_take_the_same_names_or_the_build_stops() {
        let names = Names {
            imports: vec![renamed("__wbg_get_556f1c9a5c587e8c", "a")],
            exports: vec![renamed("verifik_new", "a"), renamed("verifik_newer", "b")],
        };
        let glue = "imports = { __wbg_get_556f1c9a5c587e8c: function(a) {}, other: 1 };\n\
                    wasm.verifik_new(1); wasm.verifik_newer(); wasm.memory.buffer;\n\
                    fetch(\"x_bg.wasm\"); this.wasm.verifik_new; mywasm.verifik_new;";
        assert_eq!(
            rename_in_glue(glue, &names).unwrap(),
            "imports = { a: function(a) {}, other: 1 };\n\
             wasm.a(1); wasm.b(); wasm.memory.buffer;\n\
             fetch(\"x_bg.wasm\"); this.wasm.verifik_new; mywasm.verifik_new;"
        );
        for changed in [
            "imports = { other: 1 }",
            "imports = { __wbg_get_556f1c9a5c587e8c: f, x: __wbg_get_556f1c9a5c587e8c }",
            "imports = { \"__wbg_get_556f1c9a5c587e8c\": f }",
            // A call of an export the module does not have.
            "imports = { __wbg_get_556f1c9a5c587e8c: f }; wasm.verifik_old();",
        ] {
            let error = rename_in_glue(changed, &names).unwrap_err().to_string();
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
        let (shipped, names) = shorten_in_module(&module()).unwrap();
        // Only the second import and the first export are known to the mapping: the
        // others keep their names.
        let partial = Names {
            imports: names.imports[1..].to_vec(),
            exports: names.exports[..1].to_vec(),
        };
        let copy = rename_in_module(&module(), &partial).unwrap();
        let text = String::from_utf8_lossy(&copy);
        assert!(text.contains("__wbg_get_556f1c9a5c587e8c") && !text.contains("__wbindgen_throw"));
        assert!(text.contains("__wbindgen_start") && !text.contains("verifik_new"));
        assert_eq!(rename_in_module(&module(), &names).unwrap(), shipped);
    }

    #[test]
    fn a_truncated_module_is_refused() {
        let wasm = module();
        for end in [4, 10, wasm.len() - 3] {
            assert!(shorten_in_module(&wasm[..end]).is_err(), "{end}");
        }
    }
}
