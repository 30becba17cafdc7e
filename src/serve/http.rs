//! HTTP for the preview: read a request, turn it into a site path, check who
//! is asking, answer from `Live`. Only GET and HEAD, no bodies, one request
//! per connection; no CORS headers. A small HTTP/1.1 server of its own, so
//! that connections, request heads and slow clients are bounded (a general
//! HTTP library would read a header of any length, and keep a thread per
//! connection for as long as the client likes).

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::Live;

/// Where open pages ask whether the plan changed (a long poll).
pub const LIVE_PATH: &str = "/__outcare/live";
/// How long a long poll waits before answering "nothing changed".
const POLL: Duration = Duration::from_secs(25);

/// The script every served HTML page gets, and no built page ever does:
/// it waits for the next change, then reloads or shows the errors.
const LIVE_SCRIPT: &str = include_str!("live.js");

/// Turns a request target into a path of the site (`posts/x/index.html`), or
/// `None` when it is not one a site could have: `..` or `.` parts, empty
/// parts, backslashes, NUL, bad percent-escapes, anything not starting with
/// exactly one `/`. Decoding happens first, so `%2e%2e` is `..` here too.
pub fn site_path(target: &str) -> Option<String> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') || path.starts_with("//") {
        return None;
    }
    let decoded = percent_decode(path)?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let inner = &decoded[1..];
    let (inner, directory) = match inner.strip_suffix('/') {
        Some(inner) => (inner, true),
        None => (inner, inner.is_empty()),
    };
    let mut parts = Vec::new();
    if !inner.is_empty() {
        for part in inner.split('/') {
            if part.is_empty() || part == "." || part == ".." || part.contains(':') {
                return None;
            }
            parts.push(part);
        }
    }
    if directory {
        parts.push("index.html");
    }
    Some(parts.join("/"))
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            // Two hex digits exactly: from_str_radix alone takes `%+f` too.
            let hex = text.get(i + 1..i + 3)?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The name in a `Host` header, without its port; `None` when the header is
/// malformed (a port that is not a number, an unclosed `[`).
fn host_name(host: &str) -> Option<&str> {
    let numeric = |port: &str| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = host.strip_prefix('[') {
        return match rest.split_once(']') {
            Some((ip, "")) => Some(ip),
            Some((ip, port)) if port.strip_prefix(':').is_some_and(numeric) => Some(ip),
            _ => None,
        };
    }
    match host.rsplit_once(':') {
        Some((name, port)) if numeric(port) => Some(name),
        Some(_) => None,
        None => Some(host),
    }
}

/// Whether a `Host` header names this machine (DNS rebinding defence): a
/// page on another site cannot make a browser read ours under its own name.
pub fn is_local_host(host: &str) -> bool {
    host_name(host).is_some_and(|name| {
        name.eq_ignore_ascii_case("localhost") || name == "127.0.0.1" || name == "::1"
    })
}

/// Whether a `Host` header is an IP address. When the preview is bound beyond
/// this machine, other machines reach it by address; a host name other than
/// localhost is refused even then, since that is what DNS rebinding needs.
pub fn is_ip_host(host: &str) -> bool {
    host_name(host).is_some_and(|name| name.parse::<std::net::IpAddr>().is_ok())
}

pub fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("ics") => "text/calendar; charset=utf-8",
        Some("json") => "application/json",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A response: status, headers, body. `Content-Length` and `Connection:
/// close` are added when it is written.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    fn with_header(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.to_string()));
        self
    }
}

fn reply(status: u16, kind: &str, body: Vec<u8>) -> Reply {
    Reply {
        status,
        headers: Vec::new(),
        body,
    }
    .with_header("Content-Type", kind)
    .with_header("Cache-Control", "no-store")
    .with_header("X-Content-Type-Options", "nosniff")
    // A page of another site may not load the preview's files as its own
    // `<script>` (search-index.js holds the plan's titles) or images.
    .with_header("Cross-Origin-Resource-Policy", "same-origin")
}

fn text(status: u16, message: &str) -> Reply {
    reply(
        status,
        "text/plain; charset=utf-8",
        format!("{message}\n").into_bytes(),
    )
}

/// Whether a browser says the request comes from a page of another origin
/// and is no navigation: another site embedding the preview's files, which
/// browsers that do not honour `Cross-Origin-Resource-Policy` would allow.
/// A link followed from elsewhere (`navigate`) and an address typed in are fine.
pub fn is_cross_origin_load(sec_fetch_site: Option<&str>, sec_fetch_mode: Option<&str>) -> bool {
    let foreign = sec_fetch_site.is_some_and(|site| {
        site.eq_ignore_ascii_case("cross-site") || site.eq_ignore_ascii_case("same-site")
    });
    foreign && !sec_fetch_mode.is_some_and(|mode| mode.eq_ignore_ascii_case("navigate"))
}

/// Adds the live script, and the error overlay while the plan is broken,
/// just before `</body>`. `version` is that of the build the page came from:
/// stamped with a newer one, a page of an older build would never reload.
fn inject(html: &[u8], live: &Live, version: u64) -> Vec<u8> {
    let status = live.status();
    let mut extra = String::new();
    if let Some(errors) = &status.errors {
        extra.push_str(errors);
    }
    extra.push_str(&format!(
        "<script>window.outcareLive={{version:{version},path:\"{LIVE_PATH}\"}};\n{LIVE_SCRIPT}</script>"
    ));
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{extra}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{extra}").into_bytes(),
    }
}

fn not_found(live: &Live) -> Reply {
    let page = b"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head><body><main><h1>Not found</h1><p>The plan has no such page. <a href=\"/\">Go to the overview</a>.</p></main></body></html>";
    reply(
        404,
        "text/html; charset=utf-8",
        inject(page, live, live.current().version),
    )
}

/// A request as the preview reads it: no body, ever.
pub struct Request {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Answers one request.
pub fn answer(request: &Request, live: &Live, ip_hosts: bool) -> Reply {
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        return text(405, "only GET and HEAD").with_header("Allow", "GET, HEAD");
    }
    {
        let mut hosts = request
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("Host"));
        let host = hosts.next().map(|(_, v)| v.as_str());
        if hosts.next().is_some() {
            return text(400, "more than one Host header");
        }
        if !host.is_some_and(|h| is_local_host(h) || (ip_hosts && is_ip_host(h))) {
            return text(
                403,
                "outcare serve answers only requests for localhost, 127.0.0.1 or [::1]",
            );
        }
    }
    if is_cross_origin_load(
        request.header("Sec-Fetch-Site"),
        request.header("Sec-Fetch-Mode"),
    ) {
        return text(
            403,
            "outcare serve does not answer requests from other sites' pages",
        );
    }
    let target = request.target.as_str();
    let (path_part, query) = target.split_once('?').unwrap_or((target, ""));
    if path_part == LIVE_PATH {
        let since = query
            .strip_prefix("since=")
            .and_then(|v| v.parse().ok())
            .unwrap_or(u64::MAX);
        let status = if since == u64::MAX {
            live.status()
        } else {
            live.wait(since, POLL)
        };
        let body = serde_json::json!({"version": status.version, "errors": status.errors});
        return reply(200, "application/json", body.to_string().into_bytes());
    }
    let Some(path) = site_path(target) else {
        return not_found(live);
    };
    match live.file(&path) {
        Some((Ok(bytes), version)) => {
            let kind = content_type(&path);
            let body = if kind.starts_with("text/html") {
                inject(&bytes, live, version)
            } else {
                bytes.to_vec()
            };
            reply(200, kind, body)
        }
        Some((Err(message), version)) => {
            let page = format!(
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Template error</title></head><body><main><h1>This page could not be rendered</h1><pre>{}</pre></main></body></html>",
                crate::render::templates::escape_html(&message)
            );
            reply(
                500,
                "text/html; charset=utf-8",
                inject(page.as_bytes(), live, version),
            )
        }
        None if !path.ends_with("index.html") && live.has_directory_index(&path) => {
            // `/posts/x` → `/posts/x/`, so the page's relative links resolve.
            let location = format!("/{path}/");
            reply(301, "text/plain; charset=utf-8", Vec::new()).with_header("Location", &location)
        }
        None => not_found(live),
    }
}

/// How many connections are served at once. Each has its own thread (a long
/// poll holds one for up to `POLL`): an open page holds one, a page load a
/// few more for a moment. Past this, a connection gets 503 at once, so
/// threads and memory stay bounded however many clients connect.
pub const MAX_CONNECTIONS: usize = 128;
/// The longest request head (request line and headers) read; a longer one
/// gets 431. Browsers send a few hundred bytes.
pub const MAX_HEAD: usize = 16 * 1024;
/// The most header lines in a request; more get 431.
const MAX_HEADERS: usize = 100;
/// How long a client may take to send its whole request head: a client that
/// sends nothing, or a byte now and then, gets 408 and loses its connection
/// instead of keeping a thread forever.
pub const HEAD_TIME: Duration = Duration::from_secs(10);
/// How long a client may take to read the whole response.
const WRITE_TIME: Duration = Duration::from_secs(30);

/// Serves until the process ends: one thread per connection, at most
/// `MAX_CONNECTIONS`, one request per connection (`Connection: close`), so
/// no idle connection keeps a thread.
pub fn run(listener: TcpListener, live: Arc<Live>) -> anyhow::Result<()> {
    let ip_hosts = listener.local_addr().is_ok_and(|a| !a.ip().is_loopback());
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        // A failed accept (the client gave up, too many open files) concerns
        // that connection only; a pause, so that one that persists does not
        // spin.
        let Ok(mut stream) = stream else {
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        if open.fetch_add(1, Ordering::AcqRel) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::AcqRel);
            // A fresh socket's send buffer takes this without blocking.
            let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
            let _ = send(
                &mut stream,
                &text(503, "too many connections; try again"),
                false,
                WRITE_TIME,
            );
            // Take the request if it is there already, without waiting: closed
            // with it unread, the connection would be reset, and the client
            // might lose the 503.
            let _ = stream.set_nonblocking(true);
            let _ = stream.read(&mut [0; 4096]);
            let _ = stream.shutdown(Shutdown::Write);
            continue;
        }
        let live = Arc::clone(&live);
        let guard = Open(Arc::clone(&open));
        let spawned = std::thread::Builder::new()
            .name("serve".into())
            .spawn(move || {
                let _guard = guard;
                serve_connection(stream, &live, ip_hosts);
            });
        // No thread to be had: the connection is dropped, the server goes on.
        drop(spawned);
    }
    Ok(())
}

/// Counts a connection as open until dropped.
struct Open(Arc<AtomicUsize>);

impl Drop for Open {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

fn serve_connection(mut stream: TcpStream, live: &Live, ip_hosts: bool) {
    let (response, head_only) = match read_head(&mut stream).and_then(|head| parse_head(&head)) {
        Ok(request) => (answer(&request, live, ip_hosts), request.method == "HEAD"),
        Err(Some(status)) => (text(status, reason(status)), false),
        // The client closed the connection before sending a request.
        Err(None) => return,
    };
    let _ = send(&mut stream, &response, head_only, WRITE_TIME);
    // Read what the client still sends (a body we refused) before closing, so
    // the kernel does not answer it with a reset that can lose our response.
    // At most a second and a MiB: a client that keeps sending is cut off.
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + Duration::from_secs(1);
    let mut buffer = [0; 4096];
    let mut drained = 0;
    while drained < 1 << 20 {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            break;
        }
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => drained += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
    }
}

/// Reads up to the blank line that ends a request head, within `HEAD_TIME`
/// and `MAX_HEAD`. `Err(None)`: the client closed or broke the connection.
fn read_head(stream: &mut TcpStream) -> Result<Vec<u8>, Option<u16>> {
    let deadline = Instant::now() + HEAD_TIME;
    let mut head = Vec::with_capacity(1024);
    let mut buffer = [0; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return Err(Some(408));
        }
        let n = match stream.read(&mut buffer) {
            Ok(0) => return Err(None),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Err(Some(408));
            }
            Err(_) => return Err(None),
        };
        // Look for the end only where it can be: from just before the new bytes.
        let from = head.len().saturating_sub(3);
        head.extend_from_slice(&buffer[..n]);
        if let Some(end) = head_end(&head[from..]) {
            // The end can come in the read that goes past the limit.
            if from + end > MAX_HEAD {
                return Err(Some(431));
            }
            head.truncate(from + end);
            return Ok(head);
        }
        if head.len() > MAX_HEAD {
            return Err(Some(431));
        }
    }
}

/// Where the head ends in `bytes` (after its blank line, CRLF or bare LF).
fn head_end(bytes: &[u8]) -> Option<usize> {
    (0..bytes.len()).find_map(|i| {
        if bytes[i..].starts_with(b"\r\n\r\n") {
            Some(i + 4)
        } else if bytes[i..].starts_with(b"\n\n") {
            Some(i + 2)
        } else if bytes[i..].starts_with(b"\n\r\n") {
            Some(i + 3)
        } else {
            None
        }
    })
}

/// Reads a request head strictly: `METHOD TARGET HTTP/1.x`, then `Name: value`
/// lines. Anything else is an error status, not a guess: a garbled request
/// is answered 400, an HTTP version other than 1.0 and 1.1 505, a request
/// with a body (which the preview never reads) 400.
pub fn parse_head(head: &[u8]) -> Result<Request, Option<u16>> {
    let head = std::str::from_utf8(head).map_err(|_| Some(400))?;
    let mut lines = head
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line));
    let line = lines.next().unwrap_or_default();
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Some(400));
    };
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
    };
    if !token(method) || target.is_empty() || !target.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Some(400));
    }
    match version {
        "HTTP/1.0" | "HTTP/1.1" => {}
        v if v.starts_with("HTTP/") => return Err(Some(505)),
        _ => return Err(Some(400)),
    }
    let mut headers = Vec::new();
    for line in lines.take_while(|l| !l.is_empty()) {
        // A continuation line (obs-fold) is refused, as RFC 9112 allows.
        let Some((name, value)) = line.split_once(':') else {
            return Err(Some(400));
        };
        let value = value.trim_matches([' ', '\t']);
        if !token(name) || value.chars().any(|c| c.is_control() && c != '\t') {
            return Err(Some(400));
        }
        if headers.len() == MAX_HEADERS {
            return Err(Some(431));
        }
        headers.push((name.to_string(), value.to_string()));
    }
    let request = Request {
        method: method.to_string(),
        target: target.to_string(),
        headers,
    };
    let has_body = request.header("Transfer-Encoding").is_some()
        || request
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
            .any(|(_, v)| v != "0");
    if has_body {
        return Err(Some(400));
    }
    Ok(request)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}

/// Writes `response` whole within `limit` (`WRITE_TIME`), or gives up: a
/// client that reads slowly cannot keep a thread for longer.
fn send(
    stream: &mut TcpStream,
    response: &Reply,
    head_only: bool,
    limit: Duration,
) -> std::io::Result<()> {
    let mut bytes = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        bytes.push_str(&format!("{name}: {value}\r\n"));
    }
    bytes.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        response.body.len()
    ));
    let mut bytes = bytes.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&response.body);
    }
    let deadline = Instant::now() + limit;
    let mut rest = &bytes[..];
    while !rest.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(left))?;
        match stream.write(rest) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => rest = &rest[n..],
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_open_pages_long_poll_holds_its_connection_25_s_at_most() {
        // SECURITY.md's number; `Live::wait` keeps to it (serve::tests).
        assert_eq!(POLL, Duration::from_secs(25));
    }

    #[test]
    fn request_targets_become_site_paths() {
        for (target, path) in [
            ("/", "index.html"),
            ("/?channel=blog", "index.html"),
            ("/calendar/2026-03/", "calendar/2026-03/index.html"),
            (
                "/calendar/2026-03/index.html?flagged=1#x",
                "calendar/2026-03/index.html",
            ),
            ("/style.css", "style.css"),
            ("/posts/x", "posts/x"),
            ("/posts/%6b/", "posts/k/index.html"),
        ] {
            assert_eq!(site_path(target).as_deref(), Some(path), "{target}");
        }
    }

    #[test]
    fn traversal_and_odd_paths_are_refused() {
        for target in [
            "/../etc/passwd",
            "/posts/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/posts/..%5c..%5cetc",
            "/..\\etc\\passwd",
            "//etc/passwd",
            "/./index.html",
            "/posts//x/",
            "etc/passwd",
            "http://example.org/",
            "/C:/Windows/win.ini",
            "/%zz",
            "/%+f",
            "/%00",
            "/%ff",
        ] {
            assert_eq!(site_path(target), None, "{target}");
        }
    }

    #[test]
    fn loads_from_other_sites_are_told_from_navigation() {
        for (site, mode) in [
            (Some("cross-site"), Some("no-cors")),
            (Some("cross-site"), Some("cors")),
            (Some("same-site"), Some("no-cors")),
            (Some("Cross-Site"), None),
        ] {
            assert!(is_cross_origin_load(site, mode), "{site:?} {mode:?}");
        }
        for (site, mode) in [
            (None, None),
            (Some("same-origin"), Some("no-cors")),
            (Some("none"), Some("navigate")),
            (Some("cross-site"), Some("navigate")),
        ] {
            assert!(!is_cross_origin_load(site, mode), "{site:?} {mode:?}");
        }
    }

    #[test]
    fn a_response_not_read_in_time_is_dropped() {
        assert_eq!(WRITE_TIME, Duration::from_secs(30), "SECURITY.md's number");
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        // A client that never reads, and a response larger than any socket buffer.
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (mut stream, _) = listener.accept().unwrap();
        let response = reply(200, "text/plain", vec![b'x'; 64 << 20]);
        let started = Instant::now();
        let sent = send(&mut stream, &response, false, Duration::from_millis(300));
        assert!(sent.is_err(), "a response nobody reads was sent whole");
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{:?}",
            started.elapsed()
        );
        drop(client);
    }

    #[test]
    fn ip_hosts_are_told_from_names() {
        for host in [
            "192.168.1.5",
            "192.168.1.5:1111",
            "[fe80::1]:1111",
            "127.0.0.1",
        ] {
            assert!(is_ip_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "1.2.3.4.evil.example",
            "[::1]x",
            "",
        ] {
            assert!(!is_ip_host(host), "{host}");
        }
    }

    #[test]
    fn only_local_host_names_pass() {
        for host in [
            "localhost",
            "localhost:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "[::1]",
            "LOCALHOST:1",
        ] {
            assert!(is_local_host(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.2",
            "[::1]evil",
            "",
        ] {
            assert!(!is_local_host(host), "{host}");
        }
    }
}
