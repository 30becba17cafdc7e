//! `outcare serve` under load and under attack, end to end on the binary:
//! open pages' long polls, clients fetching in a loop and bursts of saves at
//! once; hostile requests (huge heads, slow and silent clients, malformed
//! HTTP). Every bound here is a hang guard, not a speed test: the machine
//! running the suite is loaded.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::serve::{CHANGE, OVERLAY, READ, STRETCHES, Server, parse_response, raw_with_timeout};
use crate::support::TestPlan;

/// How long a client may take to send its request head, and how many
/// connections are served at once: SECURITY.md's numbers, written out rather
/// than taken from the code, so that a bound moved there fails here.
const HEAD_TIME: Duration = Duration::from_secs(10);
const MAX_CONNECTIONS: usize = 128;
/// How long a long poll may stay unanswered: its 25 s wait and a margin.
const POLL_LIMIT: Duration = Duration::from_secs(40);
/// Threads the server has beside its connections' (main, watcher, the
/// notify and debouncer threads, rayon's pool, a build being dropped).
const OWN_THREADS: usize = 24;
/// A generous bound on the server's memory under load, in KiB.
const RSS_LIMIT_KIB: u64 = 400 * 1024;

/// The post every save rewrites: its title, shown on the post's page, the
/// month's, the overview and in the search index, says which save a build
/// read.
fn marked_post(save: usize) -> String {
    format!(
        "---\ntitle: Busy marker {save:04}\ndate: 2026-03-03\nchannel: blog\npersonas: [runner]\npain_points: [knee-pain]\nstatus: scheduled\nintent: educate\nowner: Maria\nresponds_to: [knee-question]\n---\nTen minutes after every run.\n"
    )
}

/// A save that breaks the plan: front matter that is not valid YAML.
fn broken_post(save: usize) -> String {
    format!("---\ntitle: Busy marker {save:04}\ndate: 2026-03-03\n  channel: blog\n---\nbody\n")
}

/// Every marker number in `text`.
fn markers(text: &str) -> BTreeSet<usize> {
    text.match_indices("Busy marker ")
        .filter_map(|(at, m)| text.get(at + m.len()..at + m.len() + 4))
        .filter_map(|n| n.parse().ok())
        .collect()
}

/// The build version a served page is stamped with.
fn stamped_version(html: &str) -> Option<u64> {
    let rest = html.split("outcareLive={version:").nth(1)?;
    rest.split(',').next()?.parse().ok()
}

/// `Threads:` and `VmRSS:` (KiB) of a process, from /proc.
fn threads_and_rss(pid: u32) -> (usize, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| -> u64 {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("Threads:") as usize, field("VmRSS:"))
}

/// Reads one whole response off a fresh connection and checks it is whole:
/// a status line, a `Content-Length` the body matches byte for byte.
fn fetch_whole(port: u16, target: &str, host: &str) -> (u16, String) {
    let request = format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&address, READ).unwrap();
    stream.set_read_timeout(Some(READ)).unwrap();
    stream.set_write_timeout(Some(READ)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    stream
        .read_to_end(&mut bytes)
        .unwrap_or_else(|e| panic!("no whole answer to {target} within {READ:?}: {e}"));
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("{target}: no header end"));
    let response = parse_response(&bytes, &request);
    let length: usize = response
        .header("Content-Length")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{target}: no Content-Length"));
    assert_eq!(
        bytes.len() - split - 4,
        length,
        "{target}: the body is not Content-Length long"
    );
    (response.status, response.body)
}

#[test]
fn a_busy_preview_serves_whole_pages_of_one_build_stays_bounded_and_stops_on_ctrl_c() {
    let plan = TestPlan::fixture("clean").file(STRETCHES, marked_post(0));
    let server = Server::start(plan);
    let (port, host, pid) = (server.port, server.host(), server.child.id());
    let pages = [
        "/",
        "/posts/stretches/",
        "/calendar/2026-03/",
        "/style.css",
        "/search-index.js",
    ];
    for target in pages {
        let (status, body) = fetch_whole(port, target, &host);
        assert_eq!(status, 200, "{target}");
        if target != "/style.css" {
            assert_eq!(
                markers(&body),
                BTreeSet::from([0]),
                "{target} shows the post"
            );
        }
    }
    let (base_threads, base_rss) = threads_and_rss(pid);

    let stop = Arc::new(AtomicBool::new(false));
    // Every (version, marker) a page was served with: one build, one marker.
    let seen: Arc<Mutex<BTreeMap<u64, BTreeSet<usize>>>> = Arc::default();
    let slowest: Arc<Mutex<(Duration, Duration)>> = Arc::default();
    let mut clients = Vec::new();

    // 50 open pages, each waiting for the next change and polling again.
    for _ in 0..50 {
        let (stop, slowest, host) = (Arc::clone(&stop), Arc::clone(&slowest), host.clone());
        clients.push(std::thread::spawn(move || {
            let mut since = 0;
            let mut answers = 0;
            while !stop.load(Ordering::Acquire) {
                let started = Instant::now();
                let answer = raw_with_timeout(
                    port,
                    &format!("GET /__outcare/live?since={since} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
                    POLL_LIMIT,
                );
                let took = started.elapsed();
                let mut slowest = slowest.lock().unwrap();
                slowest.0 = slowest.0.max(took);
                drop(slowest);
                assert_eq!(answer.status, 200, "long poll: {}", answer.body);
                let status: serde_json::Value = serde_json::from_str(&answer.body).unwrap();
                since = status["version"].as_u64().expect("a version");
                answers += 1;
            }
            answers
        }));
    }
    // 20 clients fetching pages and assets in a loop.
    for client in 0..20 {
        let (stop, slowest, seen, host) = (
            Arc::clone(&stop),
            Arc::clone(&slowest),
            Arc::clone(&seen),
            host.clone(),
        );
        clients.push(std::thread::spawn(move || {
            let (mut last_marker, mut last_version, mut fetched) = (0, 0, 0);
            while !stop.load(Ordering::Acquire) {
                let target = pages[(client + fetched) % pages.len()];
                let started = Instant::now();
                let (status, body) = fetch_whole(port, target, &host);
                let took = started.elapsed();
                let mut slowest = slowest.lock().unwrap();
                slowest.1 = slowest.1.max(took);
                drop(slowest);
                fetched += 1;
                assert_eq!(status, 200, "{target}: {body}");
                if target == "/style.css" {
                    continue;
                }
                let marks = markers(&body);
                assert_eq!(marks.len(), 1, "{target} mixes builds: {marks:?}");
                let mark = *marks.first().unwrap();
                // A build reads the post as it was then: never an older save.
                assert!(
                    mark >= last_marker,
                    "{target}: save {mark} after {last_marker}"
                );
                last_marker = mark;
                if target.ends_with(".js") {
                    continue;
                }
                assert!(
                    body.trim_end().ends_with("</html>"),
                    "{target}: not a whole page"
                );
                if target == "/posts/stretches/" {
                    // The title in the head and the heading in the body.
                    let head = &body[..body.find("</head>").expect("a head")];
                    assert_eq!(markers(head), marks, "{target}: head and body differ");
                }
                let version = stamped_version(&body).expect("a version stamp");
                assert!(version >= last_version, "{target}: version went back");
                last_version = version;
                seen.lock()
                    .unwrap()
                    .entry(version)
                    .or_default()
                    .insert(mark);
            }
            fetched
        }));
    }
    // Samples the server's threads and memory all along.
    let peak = Arc::new(Mutex::new((0, 0)));
    let sampler = {
        let (stop, peak) = (Arc::clone(&stop), Arc::clone(&peak));
        std::thread::spawn(move || {
            while !stop.load(Ordering::Acquire) {
                let (threads, rss) = threads_and_rss(pid);
                let mut peak = peak.lock().unwrap();
                *peak = (peak.0.max(threads), peak.1.max(rss));
                drop(peak);
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    };

    // 100 saves in 10 bursts of 10; save 50 breaks the plan, 51 fixes it.
    for burst in 0..10 {
        for i in 1..=10 {
            let save = burst * 10 + i;
            let text = if save == 50 {
                broken_post(save)
            } else {
                marked_post(save)
            };
            server.write(STRETCHES, &text);
            std::thread::sleep(Duration::from_millis(5));
        }
        if burst == 4 {
            // The broken save ends its burst: the preview must show it.
            let overlay = server.wait_errors("stretches.md:4");
            assert!(overlay.contains(OVERLAY));
            let (status, page) = fetch_whole(port, "/", &host);
            assert_eq!(status, 200);
            assert!(
                page.contains(OVERLAY),
                "the last good page, under the errors"
            );
            // The last good build: the burst may have been read whole, so
            // that build may be the previous burst's last save's.
            let marks = markers(&page);
            assert!(
                marks.len() == 1 && marks.iter().all(|m| (40..50).contains(m)),
                "the last good build shows {marks:?}"
            );
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    server.wait_no_errors();
    server.wait_page("/posts/stretches/", "Busy marker 0100");

    // Stop the clients; one more save answers the waiting polls.
    stop.store(true, Ordering::Release);
    server.write(STRETCHES, &marked_post(101));
    let mut polls = 0;
    let mut fetches = 0;
    for (i, client) in clients.into_iter().enumerate() {
        let count = client.join().expect("a client failed");
        if i < 50 {
            polls += count;
        } else {
            fetches += count;
        }
    }
    sampler.join().unwrap();
    let (peak_threads, peak_rss) = *peak.lock().unwrap();
    let (slowest_poll, slowest_fetch) = *slowest.lock().unwrap();
    eprintln!(
        "busy: {polls} long polls, {fetches} fetches; slowest poll {slowest_poll:?}, fetch {slowest_fetch:?}; threads {base_threads} → peak {peak_threads}, RSS {base_rss} → peak {peak_rss} KiB"
    );
    assert!(polls >= 50 * 2, "the polls were answered: {polls}");
    assert!(fetches >= 20, "{fetches}");
    assert!(
        peak_threads <= MAX_CONNECTIONS + OWN_THREADS,
        "{peak_threads} threads"
    );
    assert!(peak_rss <= RSS_LIMIT_KIB, "RSS peaked at {peak_rss} KiB");
    for (version, marks) in seen.lock().unwrap().iter() {
        assert_eq!(
            marks.len(),
            1,
            "build {version} was served as saves {marks:?}"
        );
    }

    // After the load, the connections' threads are gone.
    let (threads, rss) = server.wait_for("the threads to go back", CHANGE, || {
        let (threads, rss) = threads_and_rss(pid);
        (threads <= base_threads + 4).then_some((threads, rss))
    });
    assert!(
        rss <= base_rss + 100 * 1024,
        "RSS after the load: {rss} KiB, from {base_rss}"
    );
    eprintln!("busy: after the load {threads} threads, RSS {rss} KiB");

    // Ctrl-C while pages wait: the process ends at once, the polls are closed.
    let waiting: Vec<_> = (0..5)
        .map(|_| {
            let address = SocketAddr::from(([127, 0, 0, 1], port));
            let mut stream = TcpStream::connect_timeout(&address, READ).unwrap();
            stream.set_read_timeout(Some(POLL_LIMIT)).unwrap();
            let request = format!(
                "GET /__outcare/live?since=101 HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
            );
            stream.write_all(request.as_bytes()).unwrap();
            stream
        })
        .collect();
    // Let the server read them (a bounded pause; they wait 25 s otherwise).
    std::thread::sleep(Duration::from_millis(300));
    ctrl_c_ends(server, waiting);
}

/// Sends SIGINT, as Ctrl-C in a terminal does: the preview writes nothing
/// and holds nothing that needs flushing, so the default action (the process
/// ends, killed by the signal, and the kernel closes its sockets) is a clean
/// end; it must come promptly and without a panic.
fn ctrl_c_ends(mut server: Server, waiting: Vec<TcpStream>) {
    use std::os::unix::process::ExitStatusExt;
    let pid = server.child.id();
    let sent = std::process::Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "still running 5 s after SIGINT:\n{}",
            server.stderr()
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        status.signal() == Some(2) || matches!(status.code(), Some(0 | 130)),
        "ended with {status}"
    );
    for mut stream in waiting {
        let mut rest = Vec::new();
        // Closed: EOF or a reset, not a hang.
        let _ = stream.read_to_end(&mut rest);
        assert!(started.elapsed() < Duration::from_secs(10), "a poll hung");
    }
    // The stderr reader gets EOF now; give it a moment to take the last lines.
    std::thread::sleep(Duration::from_millis(100));
    let stderr = server.stderr();
    assert!(!stderr.contains("panicked"), "{stderr}");
}

// ---------------------------------------------------------------- hostile

const SECRET: &str = "TOP-SECRET-TEXT-4242";

fn hostile_plan() -> TestPlan {
    TestPlan::fixture("clean").file("secret.txt", format!("{SECRET}\n"))
}

/// Sends `bytes` as they are and reads whatever comes back until the server
/// closes: the status, or `None` when it closed (or reset) without one. A
/// server that refuses a request half sent may reset the connection, so a
/// failed write is not an error here.
fn send_raw(port: u16, bytes: &[u8]) -> (Option<u16>, String) {
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&address, READ).unwrap();
    stream.set_read_timeout(Some(READ)).unwrap();
    stream.set_write_timeout(Some(READ)).unwrap();
    let _ = stream.write_all(bytes);
    let mut answer = Vec::new();
    let started = Instant::now();
    let mut buffer = [0; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&buffer[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                panic!(
                    "no answer within {READ:?} to {:?}",
                    String::from_utf8_lossy(&bytes[..bytes.len().min(80)])
                )
            }
            // A reset: take what came before it.
            Err(_) => break,
        }
        assert!(started.elapsed() < READ * 2, "the answer never ends");
    }
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|s| s.parse().ok());
    (status, text)
}

/// The server still answers a plain request, with the page.
fn still_serves(server: &Server) {
    let response = server.get("/");
    assert_eq!(response.status, 200, "the server stopped answering");
    assert!(response.body.contains("Clean plan"));
}

#[test]
fn huge_and_malformed_requests_get_an_error_and_nothing_else() {
    let server = Server::start(hostile_plan());
    let (port, host) = (server.port, server.host());
    let huge_line = format!(
        "GET / HTTP/1.1\r\nHost: {host}\r\nX-Huge: {}\r\n\r\n",
        "a".repeat(1 << 20)
    );
    let many_headers = format!(
        "GET / HTTP/1.1\r\nHost: {host}\r\n{}\r\n",
        (0..10_000)
            .map(|i| format!("X-{i}: v\r\n"))
            .collect::<String>()
    );
    let long_target = format!(
        "GET /{} HTTP/1.1\r\nHost: {host}\r\n\r\n",
        "a".repeat(64 * 1024)
    );
    // The status SECURITY.md gives each: 431 for a head too large, 400 for a
    // malformed one (or one with a body), 505 for another HTTP version, and
    // 405 or 404 for what is well-formed but not a page.
    let cases: Vec<(&str, u16, Vec<u8>)> = vec![
        ("a 1 MB header line", 431, huge_line.into_bytes()),
        ("10,000 headers", 431, many_headers.into_bytes()),
        ("a 64 KB target", 431, long_target.into_bytes()),
        ("garbage", 400, b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n".to_vec()),
        ("a word", 400, b"HELLO\r\n\r\n".to_vec()),
        ("no target", 400, b"GET\r\n\r\n".to_vec()),
        ("HTTP/0.9", 400, b"GET /secret.txt\r\n\r\n".to_vec()),
        ("HTTP/0.9 named", 505, format!("GET / HTTP/0.9\r\nHost: {host}\r\n\r\n").into_bytes()),
        ("HTTP/2 text", 505, format!("GET / HTTP/2.0\r\nHost: {host}\r\n\r\n").into_bytes()),
        ("HTTP/1.12", 505, format!("GET / HTTP/1.12\r\nHost: {host}\r\n\r\n").into_bytes()),
        ("an invalid method", 400, format!("G(T / HTTP/1.1\r\nHost: {host}\r\n\r\n").into_bytes()),
        ("a lowercase method", 405, format!("get / HTTP/1.1\r\nHost: {host}\r\n\r\n").into_bytes()),
        ("two spaces", 400, format!("GET  / HTTP/1.1\r\nHost: {host}\r\n\r\n").into_bytes()),
        ("a NUL in the target", 400, format!("GET /\0/../secret.txt HTTP/1.1\r\nHost: {host}\r\n\r\n").into_bytes()),
        ("a tab in the target", 400, format!("GET /\t/../secret.txt HTTP/1.1\r\nHost: {host}\r\n\r\n").into_bytes()),
        ("a DEL in the target", 400, format!("GET /\x7f/../secret.txt HTTP/1.1\r\nHost: {host}\r\n\r\n").into_bytes()),
        ("non-UTF-8 target", 400, [b"GET /\xff\xfe/../secret.txt HTTP/1.1\r\nHost: ".as_slice(), host.as_bytes(), b"\r\n\r\n"].concat()),
        ("Latin-1 target", 400, [b"GET /caf\xe9/ HTTP/1.1\r\nHost: ".as_slice(), host.as_bytes(), b"\r\n\r\n"].concat()),
        ("UTF-8 target", 400, format!("GET /café/ HTTP/1.1\r\nHost: {host}\r\n\r\n").into_bytes()),
        ("a NUL in a header", 400, format!("GET / HTTP/1.1\r\nHost: {host}\r\nX: a\0b\r\n\r\n").into_bytes()),
        ("a header without colon", 400, format!("GET / HTTP/1.1\r\nHost: {host}\r\nnot a header\r\n\r\n").into_bytes()),
        ("a nameless header", 400, format!("GET / HTTP/1.1\r\nHost: {host}\r\n: value\r\n\r\n").into_bytes()),
        ("a folded header", 400, format!("GET / HTTP/1.1\r\nHost: {host}\r\nX: a\r\n  folded\r\n\r\n").into_bytes()),
        ("a folded header with a colon", 400, format!("GET / HTTP/1.1\r\nHost: {host}\r\nX: a\r\n\tb: c\r\n\r\n").into_bytes()),
        ("a space before the colon", 400, format!("GET / HTTP/1.1\r\nHost : {host}\r\n\r\n").into_bytes()),
        ("an absurd Content-Length", 400, format!("GET / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 99999999999999999999999\r\n\r\nabc").into_bytes()),
        ("a negative Content-Length", 400, format!("GET / HTTP/1.1\r\nHost: {host}\r\nContent-Length: -1\r\n\r\n").into_bytes()),
        ("a body on GET", 400, format!("GET / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 5\r\n\r\nhello").into_bytes()),
        ("a chunked body", 400, format!("GET / HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n").into_bytes()),
        ("an absolute target", 404, format!("GET http://{host}/../secret.txt HTTP/1.1\r\nHost: {host}\r\n\r\n").into_bytes()),
        ("an authority target", 405, format!("CONNECT {host} HTTP/1.1\r\nHost: {host}\r\n\r\n").into_bytes()),
        ("an asterisk target", 405, format!("OPTIONS * HTTP/1.1\r\nHost: {host}\r\n\r\n").into_bytes()),
    ];
    for (what, expected, bytes) in &cases {
        let (status, answer) = send_raw(port, bytes);
        if status.is_some() || *expected != 431 {
            assert_eq!(status, Some(*expected), "{what}:\n{answer}");
        } else {
            // Refused while it was still sending: the connection may be reset
            // before the status reaches the client.
            assert!(answer.is_empty(), "{what}: not HTTP: {answer:?}");
        }
        assert!(!answer.contains(SECRET), "{what} read the secret");
        assert!(
            !answer.contains("Clean plan"),
            "{what} got a page: {status:?}"
        );
        still_serves(&server);
    }
    // A request after a refused one on the same connection is never read.
    let (status, answer) = send_raw(
        port,
        format!("GET / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 1\r\n\r\nXGET /../secret.txt HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes(),
    );
    assert_eq!(status, Some(400), "{answer}");
    assert_eq!(answer.matches("HTTP/1.1 ").count(), 1, "{answer}");
    assert!(!server.stderr().contains("panicked"), "{}", server.stderr());
}

#[test]
fn request_heads_are_bounded_at_16_kib_and_100_headers_one_request_a_connection() {
    let server = Server::start(hostile_plan());
    let (port, host) = (server.port, server.host());
    // A request head of exactly `size` bytes, its closing blank line included.
    let sized = |size: usize| {
        let start = format!("GET / HTTP/1.1\r\nHost: {host}\r\nX-Pad: ");
        format!("{start}{}\r\n\r\n", "a".repeat(size - start.len() - 4))
    };
    assert_eq!(send_raw(port, sized(16 * 1024).as_bytes()).0, Some(200));
    assert_eq!(send_raw(port, sized(16 * 1024 + 1).as_bytes()).0, Some(431));
    // `count` header lines, Host among them.
    let headers = |count: usize| {
        let more: String = (1..count).map(|i| format!("X-{i}: v\r\n")).collect();
        format!("GET / HTTP/1.1\r\nHost: {host}\r\n{more}\r\n")
    };
    assert_eq!(send_raw(port, headers(100).as_bytes()).0, Some(200));
    assert_eq!(send_raw(port, headers(101).as_bytes()).0, Some(431));
    // A second request sent along with the first is never read.
    let (status, answer) = send_raw(
        port,
        format!(
            "GET / HTTP/1.1\r\nHost: {host}\r\n\r\nGET /style.css HTTP/1.1\r\nHost: {host}\r\n\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(status, Some(200), "{answer}");
    assert_eq!(answer.matches("HTTP/1.1 ").count(), 1, "{answer}");
    assert!(answer.contains("\r\nConnection: close\r\n"), "{answer}");
    still_serves(&server);
}

#[test]
fn slow_and_silent_clients_do_not_block_others_and_are_cut_off() {
    let server = Server::start(hostile_plan());
    let (port, host) = (server.port, server.host());
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    // Clients that connect and say nothing.
    let connected = Instant::now();
    let silent: Vec<TcpStream> = (0..5)
        .map(|_| TcpStream::connect_timeout(&address, READ).unwrap())
        .collect();
    // A client that sends its request a byte every 100 ms, forever.
    let dribbler = std::thread::spawn(move || {
        let mut stream = TcpStream::connect_timeout(&address, READ).unwrap();
        let started = Instant::now();
        let head = format!("GET / HTTP/1.1\r\nHost: {host}\r\n");
        let endless = head
            .bytes()
            .chain(std::iter::repeat(b"X-Slow: more\r\n".iter().copied()).flatten());
        for byte in endless {
            if stream.write_all(&[byte]).is_err() {
                break;
            }
            // The server answered (408) and closed, or it cut the client off.
            if started.elapsed() > HEAD_TIME + Duration::from_secs(20) {
                panic!("the slow client was never cut off");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        started.elapsed()
    });
    // Meanwhile everyone else is answered, promptly.
    std::thread::sleep(Duration::from_millis(500));
    for target in ["/", "/posts/stretches/", "/style.css"] {
        let started = Instant::now();
        let response = server.get(target);
        assert_eq!(response.status, 200, "{target}");
        // Well before the slow ones are cut off: they block no one.
        assert!(
            started.elapsed() < HEAD_TIME / 2,
            "{target} waited {:?}",
            started.elapsed()
        );
    }
    // The silent clients are told they took too long, and disconnected.
    for mut stream in silent {
        stream.set_read_timeout(Some(HEAD_TIME + READ)).unwrap();
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
        // At the limit, give or take a loaded machine's delay.
        let cut = connected.elapsed();
        assert!(
            cut >= HEAD_TIME && cut < HEAD_TIME + Duration::from_secs(3),
            "cut off after {cut:?}"
        );
    }
    let took = dribbler.join().expect("the slow client is cut off");
    assert!(took >= HEAD_TIME, "cut off after {took:?}");
    still_serves(&server);
}

#[test]
fn a_flood_of_connections_is_bounded_and_refused_not_queued() {
    let server = Server::start(hostile_plan());
    let pid = server.child.id();
    let address = SocketAddr::from(([127, 0, 0, 1], server.port));
    let (base_threads, _) = threads_and_rss(pid);
    // Far more idle connections than the server serves at once.
    let idle: Vec<TcpStream> = (0..MAX_CONNECTIONS + 100)
        .map(|_| TcpStream::connect_timeout(&address, READ).unwrap())
        .collect();
    // Those past the limit are told so at once, and closed.
    let mut refused = 0;
    for stream in &idle[MAX_CONNECTIONS + 10..] {
        stream.set_read_timeout(Some(READ)).unwrap();
        let mut answer = Vec::new();
        let _ = (&*stream).read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
        refused += 1;
    }
    assert_eq!(refused, 90);
    // Those within it are served: they wait for a request, with no answer yet.
    for stream in &idle[..MAX_CONNECTIONS - 10] {
        stream.set_nonblocking(true).unwrap();
        let waiting = (&*stream).read(&mut [0; 64]);
        assert!(
            waiting
                .as_ref()
                .is_err_and(|e| e.kind() == std::io::ErrorKind::WouldBlock),
            "a connection within the limit was answered: {waiting:?}"
        );
    }
    let (threads, _) = threads_and_rss(pid);
    assert!(
        threads <= base_threads + MAX_CONNECTIONS + 4,
        "{threads} threads for {} connections",
        idle.len()
    );
    // The silent ones are cut off within HEAD_TIME; then all is as before.
    let request = format!(
        "GET / HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.host()
    );
    server.wait_for("the server to answer again", HEAD_TIME + READ, || {
        (send_raw(server.port, request.as_bytes()).0 == Some(200)).then_some(())
    });
    drop(idle);
    server.wait_for("the threads to go back", READ, || {
        (threads_and_rss(pid).0 <= base_threads + 4).then_some(())
    });
    still_serves(&server);
}
