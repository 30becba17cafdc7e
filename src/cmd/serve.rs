//! `outcare serve`: build in memory, serve, watch, rebuild, reload. It never
//! writes the output folder: the published `site/` stays as `build` left it.

use std::collections::HashSet;
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

/// What the preview keeps between rebuilds.
#[derive(Default)]
struct Rebuilder {
    cache: super::Cache,
    /// The flags the terminal has shown, so a rebuild prints only new ones:
    /// a big plan's hundreds of standing warnings would bury the one the
    /// last save caused.
    /// Kept as hashes: a big plan has thousands, and copying them all on
    /// every save would cost more than comparing.
    shown: HashSet<u64>,
}

/// A flag's identity for "shown before": its rule, place and message.
fn fingerprint(flag: &Flag) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    flag.hash(&mut hasher);
    hasher.finish()
}

fn rebuild(global: &Global, state: &mut Rebuilder) -> Outcome {
    let started = Instant::now();
    let colour = colour_wanted(std::io::stderr().is_terminal());
    let (loaded, flags) = match super::load_and_check_cached(global, &mut state.cache) {
        Ok(result) => result,
        Err(err) => {
            let message = format!("{err:#}");
            eprintln!("error: {message}");
            return Outcome::Broken(overlay_html(&[], Some(&message)));
        }
    };
    let new: Vec<Flag> = flags
        .iter()
        .filter(|f| !state.shown.contains(&fingerprint(f)))
        .cloned()
        .collect();
    eprint!("{}", diagnostic::to_text(&new, &loaded.sources, colour));
    let unchanged = flags.len() - new.len();
    state.shown = flags.iter().map(fingerprint).collect();
    let counts = count(&flags);
    let summary = if unchanged > 0 {
        format!("{} ({unchanged} shown before)", diagnostic::summary(counts))
    } else {
        diagnostic::summary(counts)
    };
    if counts.errors > 0 {
        eprintln!("{summary}: still serving the last good version; fix the errors and save");
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
    // Read on every rebuild, so the page follows commits made while serving.
    let changes = crate::load::history::changes(&global.root, &loaded.plan.config, today);
    let site = Site::new(Arc::new(loaded.plan), &flags, templates, today).with_changes(changes);
    eprintln!("rebuilt in {} ms: {summary}", started.elapsed().as_millis());
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
    // Watch before the first build, so a save made meanwhile is not lost.
    let watch = watch::Watch::start(&global.root)?;
    let mut state = Rebuilder::default();
    let live = match rebuild(global, &mut state) {
        Outcome::Good(site) => Live::new(*site),
        Outcome::Broken(overlay) => {
            // No good version yet: serve an empty plan under the errors, and
            // the real one from the first good save.
            eprintln!("serving an empty plan until the errors above are fixed");
            let today = super::today(global, &crate::model::Config::default());
            let empty = Site::new(
                Arc::new(crate::model::Plan::default()),
                &[],
                Templates::built_in(),
                today,
            );
            let live = Live::new(empty);
            live.break_with(overlay);
            live
        }
    };
    let live = Arc::new(live);
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
        watch.run(|edited| {
            if let Some(files) = edited {
                state.cache.only_edited(files);
            }
            match rebuild(&watcher_global, &mut state) {
                Outcome::Good(site) => watcher_live.publish(*site),
                Outcome::Broken(overlay) => watcher_live.break_with(overlay),
            }
        });
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
