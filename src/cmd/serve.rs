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
    /// The last templates, reused while no file of `templates/` changes.
    templates: Option<Arc<Templates>>,
    /// HEAD's reflog, looked up once (`None` inside: not a repository).
    head_log: Option<Option<std::path::PathBuf>>,
    /// The last changes read from git, and what they were read for.
    changes: Option<(HistoryKey, Option<Vec<crate::model::Change>>)>,
}

/// What the changes page is read from besides the history: the day, the
/// window's settings, and the reflog's size and time (see `history::head_log`).
#[derive(PartialEq)]
struct HistoryKey {
    today: jiff::civil::Date,
    days: u32,
    timezone: String,
    head: (u64, std::time::SystemTime),
}

/// The plan's recent changes from git, read again only when HEAD moved or
/// the day or the settings changed: reading them runs git four times, which
/// on a large repository takes longer than the rest of a rebuild.
fn changes(
    global: &Global,
    state: &mut Rebuilder,
    config: &crate::model::Config,
    today: jiff::civil::Date,
) -> Option<Vec<crate::model::Change>> {
    let head_log = state
        .head_log
        .get_or_insert_with(|| crate::load::history::head_log(&global.root));
    let key = head_log
        .as_ref()
        .and_then(|log| std::fs::metadata(log).ok())
        .and_then(|meta| Some((meta.len(), meta.modified().ok()?)))
        .map(|head| HistoryKey {
            today,
            days: config.changes_days,
            timezone: config.timezone_name.clone(),
            head,
        });
    if let (Some(key), Some((kept, changes))) = (&key, &state.changes)
        && key == kept
    {
        return changes.clone();
    }
    let changes = crate::load::history::changes(&global.root, config, today);
    state.changes = key.map(|key| (key, changes.clone()));
    changes
}

/// A flag's identity for "shown before": its rule, place and message.
fn fingerprint(flag: &Flag) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    flag.hash(&mut hasher);
    hasher.finish()
}

fn rebuild(global: &Global, state: &mut Rebuilder, previous: Option<&Site>) -> Outcome {
    let started = Instant::now();
    let colour = colour_wanted(std::io::stderr().is_terminal());
    let (loaded, flags) = match super::load_and_check_cached(global, &mut state.cache) {
        Ok(result) => result,
        Err(err) => {
            let message = format!("{err:#}");
            eprintln!("error: {}", diagnostic::printable_lines(&message));
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
    let templates = match Templates::load_reusing(&global.root, state.templates.as_ref()) {
        Ok(templates) => {
            state.templates = Some(Arc::clone(&templates));
            templates
        }
        Err(err) => {
            let message = format!("templates: {err:#}");
            eprintln!("error: {}", diagnostic::printable_lines(&message));
            return Outcome::Broken(overlay_html(&[] as &[Flag], Some(&message)));
        }
    };
    // Looked at on every rebuild, so the page follows commits made while serving.
    let changes = changes(global, state, &loaded.plan.config, today);
    let site = Site::after(Arc::new(loaded.plan), &flags, templates, today, previous)
        .with_changes(changes);
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
    let live = match rebuild(global, &mut state, None) {
        Outcome::Good(site) => Live::new(*site),
        Outcome::Broken(overlay) => {
            // No good version yet: serve an empty plan under the errors, and
            // the real one from the first good save.
            eprintln!("serving an empty plan until the errors above are fixed");
            let today = super::today(global, &crate::model::Config::default());
            let empty = Site::new(
                Arc::new(crate::model::Plan::default()),
                &[],
                Arc::new(Templates::built_in()),
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
            let previous = watcher_live.last_good();
            let outcome = rebuild(&watcher_global, &mut state, Some(&previous));
            drop(previous);
            match outcome {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    fn site_of(outcome: Outcome) -> Site {
        match outcome {
            Outcome::Good(site) => *site,
            Outcome::Broken(overlay) => panic!("the plan broke: {overlay}"),
        }
    }

    fn files(site: &Site) -> Vec<(String, Vec<u8>)> {
        site.paths()
            .map(|path| (path.to_string(), site.file(path).unwrap().unwrap()))
            .collect()
    }

    /// What the preview reuses between saves (resolved posts, the channels'
    /// repeats, cards, templates) must give the very site a fresh build
    /// gives, whatever the save changed.
    #[test]
    fn a_rebuild_after_each_kind_of_save_equals_a_fresh_one() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("plan");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site"),
            &root,
        );
        let global = Global {
            root: root.clone(),
            today: Some(jiff::civil::date(2026, 3, 1)),
        };
        let mut state = Rebuilder::default();
        let mut site = site_of(rebuild(&global, &mut state, None));
        let posts = root.join("content/posts/2026-03");
        let stretches = std::fs::read_to_string(posts.join("five-stretches.md")).unwrap();
        let edit = |file: &str, from: &str, to: &str| {
            let path = root.join(file);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{file} has no {from:?}");
            std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        };
        type Save<'a> = (&'a str, Box<dyn Fn() + 'a>);
        let saves: Vec<Save> = vec![
            // A post's title, on its own card and in its channel's repeats.
            (
                "content/posts/2026-03/ice-or-heat.md",
                Box::new(|| {
                    edit(
                        "content/posts/2026-03/ice-or-heat.md",
                        "title: ",
                        "title: Edited, ",
                    )
                }),
            ),
            // A body made a copy of another on the same channel: a new repeat.
            (
                "content/posts/2026-03/march-letter.md",
                Box::new(|| {
                    let (front, _) = stretches.split_once("\n---\n").unwrap();
                    let text = std::fs::read_to_string(posts.join("march-letter.md")).unwrap();
                    let (own, _) = text[4..].split_once("\n---\n").unwrap();
                    let body = &stretches[front.len() + 5..];
                    std::fs::write(
                        posts.join("march-letter.md"),
                        format!("---\n{own}\n---\n{body}\n{body}"),
                    )
                    .unwrap();
                }),
            ),
            // A persona's name: every card of its audience shows it.
            (
                "content/personas/club-coach.md",
                Box::new(|| {
                    edit(
                        "content/personas/club-coach.md",
                        "name: Club coach",
                        "name: Running club coach",
                    )
                }),
            ),
            // A pain point's personas: the audience of the posts that serve it.
            (
                "content/pain-points/knee-pain.md",
                Box::new(|| {
                    edit(
                        "content/pain-points/knee-pain.md",
                        "personas: [weekend-runner, first-marathoner]",
                        "personas: [weekend-runner, club-coach]",
                    )
                }),
            ),
            // A post moved next to another of its channel and given its title:
            // the other post, unchanged, is now a repeat.
            (
                "content/posts/2026-03/five-stretches.md",
                Box::new(|| {
                    let file = "content/posts/2026-03/five-stretches.md";
                    edit(file, "date: 2026-03-03", "date: 2026-03-22");
                    edit(
                        file,
                        "title: Five stretches for sore knees",
                        "title: A sixteen-week plan for busy people",
                    );
                }),
            ),
            // A post's needs removed: a new flag on an unchanged card otherwise.
            (
                "content/posts/2026-03/five-stretches.md",
                Box::new(|| {
                    edit(
                        "content/posts/2026-03/five-stretches.md",
                        "pain_points: [knee-pain]\n",
                        "",
                    )
                }),
            ),
            // An owner spelt another way: the group's shown name.
            (
                "content/posts/2026-04/april-letter.md",
                Box::new(|| {
                    edit(
                        "content/posts/2026-04/april-letter.md",
                        "---\n",
                        "---\nowner: MARIA\n",
                    )
                }),
            ),
            // A persona made private: the site's plan renumbers the personas
            // after it, and every post that names one is a new post there.
            (
                "content/personas/club-coach.md",
                Box::new(|| {
                    edit(
                        "content/personas/club-coach.md",
                        "---\n",
                        "---\nprivate: true\n",
                    )
                }),
            ),
            // A post saved while it is.
            (
                "content/posts/2026-03/ice-or-heat.md",
                Box::new(|| {
                    edit(
                        "content/posts/2026-03/ice-or-heat.md",
                        "title: Edited, ",
                        "title: Edited twice, ",
                    )
                }),
            ),
            // Public again.
            (
                "content/personas/club-coach.md",
                Box::new(|| edit("content/personas/club-coach.md", "private: true\n", "")),
            ),
        ];
        for (file, save) in saves {
            save();
            state.cache.only_edited(vec![file.to_string()]);
            let next = site_of(rebuild(&global, &mut state, Some(&site)));
            let fresh = site_of(rebuild(&global, &mut Rebuilder::default(), None));
            let (next_files, fresh_files) = (files(&next), files(&fresh));
            assert_eq!(
                next_files.iter().map(|(p, _)| p).collect::<Vec<_>>(),
                fresh_files.iter().map(|(p, _)| p).collect::<Vec<_>>(),
                "after saving {file}"
            );
            for ((path, ours), (_, theirs)) in next_files.iter().zip(&fresh_files) {
                assert!(
                    ours == theirs,
                    "after saving {file}, {path} differs from a fresh build"
                );
            }
            site = next;
        }
    }

    fn git(root: &Path, args: &[&str]) {
        let status = std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["-c", "user.name=Ana", "-c", "user.email=ana@example.org"])
            .args(args)
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    }

    /// The changes are kept while HEAD stands still, and read again when a
    /// commit moves it, though no file of the plan changed.
    #[test]
    fn the_changes_follow_a_commit_made_while_serving() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("plan");
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site"),
            &root,
        );
        git(&root, &["init", "-q"]);
        git(&root, &["add", "-A"]);
        git(&root, &["commit", "-q", "-m", "The plan"]);
        let post = root.join("content/posts/2026-03/ice-or-heat.md");
        let text = std::fs::read_to_string(&post).unwrap();
        std::fs::write(&post, text.replacen("title: ", "title: Hot or cold, ", 1)).unwrap();
        git(&root, &["commit", "-q", "-am", "A new title"]);
        let global = Global {
            root: root.clone(),
            today: Some(
                jiff::tz::TimeZone::UTC
                    .to_datetime(jiff::Timestamp::now())
                    .date(),
            ),
        };
        let changes_page = |site: &Site| {
            String::from_utf8(site.file("changes/index.html").unwrap().unwrap()).unwrap()
        };
        let mut state = Rebuilder::default();
        let first = site_of(rebuild(&global, &mut state, None));
        assert!(changes_page(&first).contains("Hot or cold"));
        // Rescheduled in the working tree only: no change of git's yet.
        let reel = root.join("content/posts/2026-03/stretch-reel.md");
        let text = std::fs::read_to_string(&reel).unwrap();
        std::fs::write(
            &reel,
            text.replacen("date: 2026-03-05", "date: 2026-03-06", 1),
        )
        .unwrap();
        state
            .cache
            .only_edited(vec!["content/posts/2026-03/stretch-reel.md".into()]);
        let saved = site_of(rebuild(&global, &mut state, Some(&first)));
        assert!(!changes_page(&saved).contains("Stretch with us"));
        git(&root, &["commit", "-q", "-am", "Later"]);
        let committed = site_of(rebuild(&global, &mut state, Some(&saved)));
        assert!(changes_page(&committed).contains("Stretch with us"));
    }
}
