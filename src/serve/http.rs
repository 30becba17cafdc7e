//! HTTP for the preview: turn a request into a site path, check who is
//! asking, answer from `Live`. Only GET and HEAD; no CORS headers.

use std::io::Cursor;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, Server};

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

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("ASCII header")
}

type Reply = Response<Cursor<Vec<u8>>>;

fn reply(status: u16, kind: &str, body: Vec<u8>) -> Reply {
    Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
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

/// Answers one request.
pub fn answer(request: &Request, live: &Live, ip_hosts: bool) -> Reply {
    if !matches!(request.method(), Method::Get | Method::Head) {
        return reply(
            405,
            "text/plain; charset=utf-8",
            b"only GET and HEAD\n".to_vec(),
        )
        .with_header(header("Allow", "GET, HEAD"));
    }
    {
        let mut hosts = request.headers().iter().filter(|h| h.field.equiv("Host"));
        let host = hosts.next().map(|h| h.value.as_str());
        if hosts.next().is_some() {
            return reply(
                400,
                "text/plain; charset=utf-8",
                b"more than one Host header\n".to_vec(),
            );
        }
        if !host.is_some_and(|h| is_local_host(h) || (ip_hosts && is_ip_host(h))) {
            return reply(
                403,
                "text/plain; charset=utf-8",
                b"outcare serve answers only requests for localhost, 127.0.0.1 or [::1]\n".to_vec(),
            );
        }
    }
    let target = request.url();
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
            reply(301, "text/plain; charset=utf-8", Vec::new())
                .with_header(header("Location", &location))
        }
        None => not_found(live),
    }
}

/// Serves until the process ends: one thread per request, since page loads
/// are quick and each open page keeps one long poll waiting.
pub fn run(listener: TcpListener, live: Arc<Live>) -> anyhow::Result<()> {
    let ip_hosts = listener.local_addr().is_ok_and(|a| !a.ip().is_loopback());
    let server =
        Server::from_listener(listener, None).map_err(|e| anyhow::anyhow!("cannot serve: {e}"))?;
    for request in server.incoming_requests() {
        let live = Arc::clone(&live);
        std::thread::spawn(move || {
            let response = answer(&request, &live, ip_hosts);
            // A browser that closed the tab is not an error.
            let _ = request.respond(response);
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
