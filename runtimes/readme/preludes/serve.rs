/* block */
// The spawned server answers on `addr`.
let health = tokio::task::spawn_blocking(move || -> std::io::Result<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
    stream.write_all(b"GET /__mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    Ok(answer)
})
.await??;
assert!(health.starts_with("HTTP/1.1 200"), "{health}");
assert!(health.ends_with(r#"{"ok":true}"#), "{health}");
