//! `outcare serve`: build in memory, serve, watch, rebuild, reload. It never
//! writes the output folder: the published `site/` stays as `build` left it.

use std::io::IsTerminal;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Instant;

use crate::cli::{Global, ServeArgs};
use crate::diagnostic::{self, Flag, colour_wanted, count};
use crate::render::{Site, Templates};
use crate::serve::{Live, http, overlay_html, watch};

/// What one rebuild gave: a site to publish, or the overlay to show instead.
enum Outcome {
    Good(Box<Site>),
    Broken(String),
}

fn rebuild(global: &Global, cache: &mut super::Cache) -> Outcome {
    let started = Instant::now();
    let colour = colour_wanted(std::io::stderr().is_terminal());
    let (loaded, flags) = match super::load_and_check_cached(global, cache) {
        Ok(result) => result,
        Err(err) => {
            let message = format!("{err:#}");
            eprintln!("error: {message}");
            return Outcome::Broken(overlay_html(&[], Some(&message)));
        }
    };
    eprint!("{}", diagnostic::to_text(&flags, &loaded.sources, colour));
    let counts = count(&flags);
    if counts.errors > 0 {
        eprintln!(
            "{}: still serving the last good version; fix the errors and save",
            diagnostic::summary(counts)
        );
        return Outcome::Broken(overlay_html(&flags, None));
    }
    let today = super::today(global, &loaded.plan.config);
    let templates = match Templates::load(&global.root) {
        Ok(templates) => templates,
        Err(err) => {
            let message = format!("templates: {err:#}");
            eprintln!("error: {message}");
            return Outcome::Broken(overlay_html(&[] as &[Flag], Some(&message)));
        }
    };
    let site = Site::new(Arc::new(loaded.plan), &flags, templates, today);
    eprintln!(
        "rebuilt in {} ms: {}",
        started.elapsed().as_millis(),
        diagnostic::summary(counts)
    );
    Outcome::Good(Box::new(site))
}

pub fn run(global: &Global, args: &ServeArgs) -> anyhow::Result<u8> {
    let address = SocketAddr::new(args.bind, args.port);
    if args.bind.is_unspecified() {
        eprintln!(
            "warning: serving on every network interface ({}): anyone who can reach this machine can read the plan; use --bind 127.0.0.1 to keep it to yourself",
            args.bind
        );
    }
    let listener = TcpListener::bind(address).map_err(|err| {
        if err.kind() == std::io::ErrorKind::AddrInUse {
            anyhow::anyhow!(
                "port {} on {} is already in use (another outcare serve?): stop it, or pass another --port",
                args.port,
                args.bind
            )
        } else {
            anyhow::anyhow!("cannot listen on {address}: {err}")
        }
    })?;
    let mut cache = super::Cache::default();
    let site = match rebuild(global, &mut cache) {
        Outcome::Good(site) => *site,
        Outcome::Broken(_) => {
            eprintln!("the plan has errors: fix them, then start outcare serve again");
            return Ok(super::FAILED);
        }
    };
    let live = Arc::new(Live::new(site));
    let actual = listener.local_addr()?;
    let url = match actual.ip() {
        IpAddr::V6(ip) if ip.is_unspecified() || ip.is_loopback() => {
            format!("http://[::1]:{}/", actual.port())
        }
        ip if ip.is_unspecified() => format!("http://127.0.0.1:{}/", actual.port()),
        ip => format!("http://{}/", SocketAddr::new(ip, actual.port())),
    };
    eprintln!("serving {url} (press Ctrl-C to stop)");
    if args.open {
        open_browser(&url);
    }

    let watcher_live = Arc::clone(&live);
    let watcher_global = global.clone();
    std::thread::spawn(move || {
        let result = watch::run(&watcher_global.root, || {
            match rebuild(&watcher_global, &mut cache) {
                Outcome::Good(site) => watcher_live.publish(*site),
                Outcome::Broken(overlay) => watcher_live.break_with(overlay),
            }
        });
        if let Err(err) = result {
            eprintln!(
                "error: watching the plan stopped: {err:#}; restart outcare serve to see changes"
            );
        }
    });
    http::run(listener, live)?;
    Ok(super::OK)
}

/// Opens the page in the default browser, if there is one to open.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(command)
        .arg(url)
        .spawn()
        .is_err()
    {
        eprintln!("cannot open a browser ({command}): open {url} yourself");
    }
}
