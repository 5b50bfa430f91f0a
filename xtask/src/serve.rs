//! A tiny static HTTP/1.1 server for the demo: `www/` at `/`, `pkg/web/` at `/pkg/`.
//!
//! GET and HEAD only, one thread per connection, `Connection: close`,
//! `Cache-Control: no-store`. Enough for a browser on 127.0.0.1, nothing more.

use crate::Result;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Largest request head we accept.
const MAX_HEAD: usize = 16 * 1024;

/// The two directories the server exposes.
#[derive(Debug, Clone)]
pub struct Site {
    /// Served at `/`.
    pub www: PathBuf,
    /// Served at `/pkg/`.
    pub pkg: PathBuf,
}

/// Where a request path points, before looking at the file system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapped {
    /// The directory the path falls under (`www` or `pkg`).
    pub base: PathBuf,
    /// The file or directory inside `base`.
    pub path: PathBuf,
}

/// Maps a request target (`/pkg/x.js?v=1`) to a path under `site`.
///
/// Strips the query and fragment, percent-decodes each segment, and returns
/// `None` (refused) for anything that is not a plain absolute path: `..` or `.`
/// segments, encoded slashes or backslashes, NUL bytes, invalid UTF-8.
pub fn map_path(target: &str, site: &Site) -> Option<Mapped> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let path = path.strip_prefix('/')?;
    let mut segments = Vec::new();
    for raw in path.split('/').filter(|segment| !segment.is_empty()) {
        let segment = percent_decode(raw)?;
        if segment == "." || segment == ".." || segment.contains(['/', '\\', '\0']) {
            return None;
        }
        segments.push(segment);
    }
    let (base, rest) = match segments.split_first() {
        Some((first, rest)) if first == "pkg" => (&site.pkg, rest),
        _ => (&site.www, segments.as_slice()),
    };
    let path = rest
        .iter()
        .fold(base.clone(), |path, segment| path.join(segment));
    Some(Mapped {
        base: base.clone(),
        path,
    })
}

/// Decodes `%XX` escapes; `None` for a malformed escape or invalid UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(byte);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The `Content-Type` for a file name.
pub fn mime_for(path: &Path) -> &'static str {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name.ends_with(".d.ts") {
        return "application/typescript; charset=utf-8";
    }
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json" | "map") => "application/json",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("svg") => "image/svg+xml",
        Some("ico") => "image/x-icon",
        Some("ts") => "application/typescript; charset=utf-8",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Accepts connections forever, one thread each.
pub fn serve(listener: TcpListener, site: Site) -> Result<()> {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let site = site.clone();
        std::thread::spawn(move || {
            let _ = handle(stream, &site);
        });
    }
    Err("the demo server stopped accepting connections".into())
}

/// Serves one request on `stream`, then closes it.
fn handle(mut stream: TcpStream, site: &Site) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let Some(head) = read_head(&mut stream)? else {
        return respond(
            &mut stream,
            400,
            "Bad Request",
            &[],
            b"bad request\n",
            false,
        );
    };
    let mut parts = head.lines().next().unwrap_or_default().split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return respond(
            &mut stream,
            400,
            "Bad Request",
            &[],
            b"bad request\n",
            false,
        );
    };
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => {
            let allow = [("Allow", "GET, HEAD".to_string())];
            return respond(&mut stream, 405, "Method Not Allowed", &allow, b"", false);
        }
    };
    let Some(mapped) = map_path(target, site) else {
        return respond(
            &mut stream,
            403,
            "Forbidden",
            &[],
            b"forbidden\n",
            head_only,
        );
    };
    let mut file = mapped.path.clone();
    if file.is_dir() {
        let path_only = target.split(['?', '#']).next().unwrap_or_default();
        if !path_only.ends_with('/') {
            let location = [("Location", format!("{path_only}/"))];
            return respond(
                &mut stream,
                301,
                "Moved Permanently",
                &location,
                b"",
                head_only,
            );
        }
        file = file.join("index.html");
    }
    // Refuse symlinks that lead outside the served directory.
    let inside = match (file.canonicalize(), mapped.base.canonicalize()) {
        (Ok(file), Ok(base)) => file.starts_with(base) && file.is_file(),
        _ => false,
    };
    let body = if inside {
        std::fs::read(&file).ok()
    } else {
        None
    };
    match body {
        Some(body) => {
            let content_type = [("Content-Type", mime_for(&file).to_string())];
            respond(&mut stream, 200, "OK", &content_type, &body, head_only)
        }
        None => respond(
            &mut stream,
            404,
            "Not Found",
            &[],
            b"not found\n",
            head_only,
        ),
    }
}

/// Reads up to the blank line ending the request head; `None` if it is too
/// large, not UTF-8, or the peer closed early.
fn read_head(stream: &mut TcpStream) -> std::io::Result<Option<String>> {
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = stream.read(&mut buf)?;
        if n == 0 || head.len() + n > MAX_HEAD {
            return Ok(None);
        }
        head.extend_from_slice(buf.get(..n).unwrap_or_default());
    }
    Ok(String::from_utf8(head).ok())
}

/// Writes a complete response with `Content-Length`, `Cache-Control: no-store`
/// and `Connection: close`; the body is left out for HEAD.
fn respond(
    stream: &mut TcpStream,
    status: u16,
    reason: &str,
    headers: &[(&str, String)],
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let mut response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        body.len()
    );
    if !headers.iter().any(|(name, _)| *name == "Content-Type") {
        response.push_str("Content-Type: text/plain; charset=utf-8\r\n");
    }
    for (name, value) in headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    stream.write_all(response.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Site {
        Site {
            www: PathBuf::from("/r/www"),
            pkg: PathBuf::from("/r/pkg/web"),
        }
    }

    fn mapped(target: &str) -> Option<PathBuf> {
        map_path(target, &site()).map(|m| m.path)
    }

    #[test]
    fn maps_www_and_pkg() {
        assert_eq!(mapped("/"), Some(PathBuf::from("/r/www")));
        assert_eq!(
            mapped("/index.html"),
            Some(PathBuf::from("/r/www/index.html"))
        );
        assert_eq!(
            mapped("/js/app.js?v=3#x"),
            Some(PathBuf::from("/r/www/js/app.js"))
        );
        assert_eq!(mapped("/pkg"), Some(PathBuf::from("/r/pkg/web")));
        assert_eq!(
            mapped("/pkg/verifik_face_bg.wasm"),
            Some(PathBuf::from("/r/pkg/web/verifik_face_bg.wasm"))
        );
        assert_eq!(
            mapped("/pkgs/a.js"),
            Some(PathBuf::from("/r/www/pkgs/a.js"))
        );
        assert_eq!(
            mapped("/a%20b.html"),
            Some(PathBuf::from("/r/www/a b.html"))
        );
        assert_eq!(
            mapped("//double//slash"),
            Some(PathBuf::from("/r/www/double/slash"))
        );
        let pkg = map_path("/pkg/x.js", &site()).unwrap();
        assert_eq!(pkg.base, PathBuf::from("/r/pkg/web"));
    }

    #[test]
    fn refuses_traversal_and_odd_targets() {
        for target in [
            "/../Cargo.toml",
            "/pkg/../../Cargo.toml",
            "/a/../../etc/passwd",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/Cargo.toml",
            "/pkg/%2e%2e%2f%2e%2e%2fCargo.toml",
            "/..%2fCargo.toml",
            "/..%5cCargo.toml",
            "/./index.html",
            "/a%00b",
            "/%zz",
            "/%e",
            "/%ff",
            "index.html",
            "http://evil/",
            "",
        ] {
            assert_eq!(mapped(target), None, "{target} must be refused");
        }
    }

    #[test]
    fn mime_table() {
        let mime = |name: &str| mime_for(Path::new(name));
        assert_eq!(mime("index.html"), "text/html; charset=utf-8");
        assert_eq!(mime("app.js"), "text/javascript; charset=utf-8");
        assert_eq!(mime("app.mjs"), "text/javascript; charset=utf-8");
        assert_eq!(mime("style.css"), "text/css; charset=utf-8");
        assert_eq!(mime("verifik_face_bg.wasm"), "application/wasm");
        assert_eq!(mime("package.json"), "application/json");
        assert_eq!(mime("face.png"), "image/png");
        assert_eq!(mime("face.jpg"), "image/jpeg");
        assert_eq!(mime("FACE.JPG"), "image/jpeg");
        assert_eq!(mime("logo.svg"), "image/svg+xml");
        assert_eq!(
            mime("verifik_face.d.ts"),
            "application/typescript; charset=utf-8"
        );
        assert_eq!(mime("README"), "application/octet-stream");
        assert_eq!(mime("archive.tar.gz"), "application/octet-stream");
    }

    /// A fresh directory under the system temp dir, removed on drop.
    struct TempDir(PathBuf);

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// Sends one raw request and returns the whole response as text.
    fn request(addr: std::net::SocketAddr, raw: &str) -> String {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.write_all(raw.as_bytes()).unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        String::from_utf8_lossy(&response).into_owned()
    }

    #[test]
    fn serves_files_over_real_sockets() {
        let dir = TempDir(std::env::temp_dir().join(format!("xtask-serve-{}", std::process::id())));
        let site = Site {
            www: dir.0.join("www"),
            pkg: dir.0.join("pkg").join("web"),
        };
        std::fs::create_dir_all(site.www.join("sub")).unwrap();
        std::fs::create_dir_all(&site.pkg).unwrap();
        std::fs::write(site.www.join("index.html"), "<h1>demo</h1>").unwrap();
        std::fs::write(site.www.join("sub").join("index.html"), "sub").unwrap();
        std::fs::write(site.pkg.join("m_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
        std::fs::write(dir.0.join("secret.txt"), "secret").unwrap();

        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || serve(listener, site));

        let index = request(addr, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        assert!(index.starts_with("HTTP/1.1 200 OK\r\n"), "{index}");
        assert!(index.contains("Content-Type: text/html; charset=utf-8\r\n"));
        assert!(index.contains("Cache-Control: no-store\r\n"));
        assert!(index.ends_with("\r\n\r\n<h1>demo</h1>"));

        let wasm = request(addr, "GET /pkg/m_bg.wasm HTTP/1.1\r\n\r\n");
        assert!(wasm.starts_with("HTTP/1.1 200 OK\r\n"), "{wasm}");
        assert!(wasm.contains("Content-Type: application/wasm\r\n"));
        assert!(wasm.contains("Content-Length: 8\r\n"));

        let head = request(addr, "HEAD /index.html HTTP/1.1\r\n\r\n");
        assert!(head.contains("Content-Length: 13\r\n"), "{head}");
        assert!(
            head.ends_with("\r\n\r\n"),
            "HEAD must not carry a body: {head}"
        );

        let redirect = request(addr, "GET /sub?x=1 HTTP/1.1\r\n\r\n");
        assert!(redirect.starts_with("HTTP/1.1 301"), "{redirect}");
        assert!(redirect.contains("Location: /sub/\r\n"));
        let sub = request(addr, "GET /sub/ HTTP/1.1\r\n\r\n");
        assert!(sub.ends_with("\r\n\r\nsub"), "{sub}");

        let traversal = request(addr, "GET /../secret.txt HTTP/1.1\r\n\r\n");
        assert!(traversal.starts_with("HTTP/1.1 403"), "{traversal}");
        assert!(!traversal.contains("secret\n") && !traversal.ends_with("secret"));
        let encoded = request(addr, "GET /pkg/%2e%2e/%2e%2e/secret.txt HTTP/1.1\r\n\r\n");
        assert!(encoded.starts_with("HTTP/1.1 403"), "{encoded}");

        let missing = request(addr, "GET /nope.js HTTP/1.1\r\n\r\n");
        assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");
        let post = request(addr, "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
        assert!(post.starts_with("HTTP/1.1 405"), "{post}");
        assert!(post.contains("Allow: GET, HEAD\r\n"));
    }
}
