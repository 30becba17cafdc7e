//! Builds stopped at any moment, by Ctrl-C (SIGINT), SIGTERM or `kill -9`:
//! the previous site stays as it was (or, stopped in its first build, the
//! folder is accepted next time), and the next build leaves exactly what a
//! fresh build into an empty folder does, with no hidden leftovers.
//!
//! Each case starts `outcare build` on a plan of many tiny posts whose every
//! page changes, and stops it at a moment seen from outside: when its first
//! set-aside file appears (it is writing), when the first file has its new
//! bytes (it is renaming them into place), or after a share of the time an
//! uninterrupted build took, measured on the spot.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::site::tree;
use crate::support::{TODAY, TestPlan, healthy};

const POSTS: usize = 20;
const HANG: Duration = Duration::from_secs(60);

type Snapshot = BTreeMap<String, Vec<u8>>;

/// `healthy()` and `POSTS` more posts, over the months of a year.
fn many_posts() -> TestPlan {
    let mut plan = healthy();
    for n in 0..POSTS {
        let front_matter = format!(
            "title: Post {n}\ndate: 2026-{:02}-{:02}\nchannel: blog\npain_points: [knee-pain]",
            n % 12 + 1,
            n % 28 + 1
        );
        plan = plan.post(&format!("post-{n:03}"), &front_matter);
    }
    plan
}

/// The site's title, which every page shows: changing it changes them all.
fn retitle(plan: &TestPlan, title: &str) {
    std::fs::write(
        plan.root().join("outcare.yaml"),
        format!("title: {title}\n"),
    )
    .unwrap();
}

/// `outcare build --out OUT` in the plan's folder, which must succeed; returns
/// how long it took.
fn build(plan: &TestPlan, out: &Path) -> Duration {
    let started = Instant::now();
    let (status, stderr) = wait(spawn(plan, out), plan);
    assert_eq!(status.code(), Some(0), "the build failed:\n{stderr}");
    started.elapsed()
}

/// What a build of the plan as it is writes into an empty folder.
fn fresh(plan: &TestPlan) -> (Snapshot, Duration) {
    let out = tempfile::tempdir().unwrap();
    let took = build(plan, out.path());
    (tree(out.path()), took)
}

fn spawn(plan: &TestPlan, out: &Path) -> std::process::Child {
    // A file, not a pipe: a full pipe would stall the build on its warnings.
    let stderr = std::fs::File::create(plan.root().join("stderr.txt")).unwrap();
    Command::new(env!("CARGO_BIN_EXE_outcare"))
        .args(["build", "--out"])
        .arg(out)
        .current_dir(plan.root())
        .env("OUTCARE_TODAY", TODAY)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .expect("outcare runs")
}

/// Waits for the build (failing the test after `HANG`); its status and stderr.
fn wait(mut child: std::process::Child, plan: &TestPlan) -> (ExitStatus, String) {
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > HANG {
            let _ = child.kill();
            panic!("outcare build was still running after {HANG:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stderr = std::fs::read_to_string(plan.root().join("stderr.txt")).unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (status, stderr)
}

#[derive(Clone, Copy, Debug)]
enum When {
    /// As soon as the build has started writing: a set-aside file (or its note of
    /// what it may write) appears in the output folder.
    Writing,
    /// As soon as the first file (`calendar.ics`, first by name) has its new
    /// bytes: the files are being renamed into place.
    Renaming,
    /// After this share of the time an uninterrupted build took.
    Share(f64),
}

#[derive(Clone, Copy, Debug)]
enum Signal {
    Int,
    Term,
    Kill,
}

/// Starts a build into `out`, stops it with `signal` at `when`, and returns how
/// it ended.
fn stop(plan: &TestPlan, out: &Path, signal: Signal, when: When, took: Duration) -> Ended {
    let child = spawn(plan, out);
    let started = Instant::now();
    let title = std::fs::read_to_string(plan.root().join("outcare.yaml")).unwrap();
    let title = format!(
        "X-WR-CALNAME:{}",
        title.trim().trim_start_matches("title: ")
    );
    let mut child = child;
    let moment = |out: &Path| match when {
        When::Writing => writing(out),
        When::Renaming => std::fs::read_to_string(out.join("calendar.ics"))
            .is_ok_and(|calendar| calendar.contains(&title)),
        When::Share(share) => started.elapsed() >= took.mul_f64(share),
    };
    while !moment(out) {
        assert!(
            child.try_wait().unwrap().is_none() || matches!(when, When::Share(_)),
            "the build ended before {when:?}"
        );
        assert!(started.elapsed() < HANG, "{when:?} never came");
        std::thread::sleep(Duration::from_micros(200));
    }
    let name = match signal {
        Signal::Int => "-INT",
        Signal::Term => "-TERM",
        Signal::Kill => "-KILL",
    };
    let sent = Command::new("kill")
        .args([name, &child.id().to_string()])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    let (status, stderr) = wait(child, plan);
    if !sent.success() {
        // Only a process that already ended cannot be signalled.
        assert_eq!(status.code(), Some(0), "kill failed:\n{stderr}");
    }
    match (status.code(), status.signal()) {
        (Some(0), _) => Ended::Finished,
        (_, Some(caught)) => Ended::Killed(caught),
        (Some(code), None) => {
            let said = stderr.lines().last().unwrap_or_default().to_string();
            Ended::Stopped(code, said)
        }
        _ => unreachable!("an exit status has a code or a signal"),
    }
}

#[derive(Debug)]
enum Ended {
    /// It was done before the signal came.
    Finished,
    /// The signal's own action ended it.
    Killed(i32),
    /// It stopped itself: its exit code and the last line it wrote.
    Stopped(i32, String),
}

/// Whether a build has started writing into `out`.
fn writing(out: &Path) -> bool {
    std::fs::read_dir(out).is_ok_and(|entries| {
        entries.flatten().any(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            name.ends_with(".outcare-tmp") || name == ".outcare-unfinished"
        })
    })
}

/// A snapshot without what only outcare reads: set-aside files, the note of an
/// unfinished build, and folders that hold nothing else. What a reader of the
/// site sees.
fn published(snapshot: &Snapshot) -> Snapshot {
    let own = |path: &str| {
        let name = path.rsplit('/').next().unwrap_or(path);
        name.ends_with(".outcare-tmp") || name == ".outcare-unfinished"
    };
    let files: Snapshot = snapshot
        .iter()
        .filter(|(path, _)| !path.ends_with('/') && !own(path))
        .map(|(path, bytes)| (path.clone(), bytes.clone()))
        .collect();
    let folders: Snapshot = snapshot
        .keys()
        .filter(|folder| folder.ends_with('/'))
        .filter(|folder| files.keys().any(|file| file.starts_with(folder.as_str())))
        .map(|folder| (folder.clone(), Vec::new()))
        .collect();
    files.into_iter().chain(folders).collect()
}

/// Names what differs between two snapshots, for a readable failure.
fn differences(left: &Snapshot, right: &Snapshot) -> Vec<String> {
    let mut out: Vec<String> = left
        .iter()
        .filter(|(path, bytes)| right.get(*path) != Some(*bytes))
        .map(|(path, _)| format!("{path} (changed or only before)"))
        .chain(
            right
                .keys()
                .filter(|path| !left.contains_key(*path))
                .map(|path| format!("{path} (only after)")),
        )
        .collect();
    out.truncate(20);
    out
}

/// Asserts what a stopped build may leave (`now`), given what the folder held
/// `before` and what the build would have made (`after`).
fn check_stopped(
    ended: &Ended,
    signal: Signal,
    when: When,
    before: &Snapshot,
    after: &Snapshot,
    now: &Snapshot,
) {
    let case = format!("{signal:?} at {when:?}, {ended:?}");
    let whole = |case: &str| {
        assert!(
            now == before || now == after,
            "{case}: neither the previous site nor the new one: {:?}",
            differences(before, now)
        );
    };
    match ended {
        Ended::Finished => {
            assert!(
                !matches!(when, When::Writing),
                "{case}: the build ended before it was stopped"
            );
            assert!(now == after, "{case}: {:?}", differences(after, now));
        }
        // The signal's own action: before the build wrote anything, or after it
        // had finished.
        Ended::Killed(caught) if !matches!(signal, Signal::Kill) => {
            assert_eq!(*caught, signal.number(), "{case}");
            whole(&case);
        }
        Ended::Stopped(code, said) => {
            assert!(!matches!(signal, Signal::Kill), "{case}");
            assert_eq!(*code, 128 + signal.number(), "{case}");
            assert!(said.starts_with("build interrupted by SIG"), "{case}");
            if said.contains("finished first") {
                // Stopped while the new site was being put in place: it was
                // finished, so the folder holds the new site, whole.
                assert!(now == after, "{case}: {:?}", differences(after, now));
            } else {
                assert!(said.contains("was left as it was"), "{case}");
                assert!(now == before, "{case}: {:?}", differences(before, now));
            }
        }
        Ended::Killed(caught) => {
            assert_eq!(*caught, 9, "{case}");
            let (now, before, after) = (published(now), published(before), published(after));
            if matches!(when, When::Writing) {
                assert!(now == before, "{case}: {:?}", differences(&before, &now));
            } else {
                // kill -9 while files are renamed into place: each is the previous
                // one or the new one, whole.
                for (path, bytes) in &now {
                    assert!(
                        before.get(path) == Some(bytes) || after.get(path) == Some(bytes),
                        "{case}: {path} is neither the previous file nor the new one"
                    );
                }
            }
        }
    }
}

impl Signal {
    const fn number(self) -> i32 {
        match self {
            Signal::Int => 2,
            Signal::Term => 15,
            Signal::Kill => 9,
        }
    }
}

#[test]
fn a_build_stopped_at_any_moment_leaves_the_site_and_the_next_build_finishes() {
    let plan = many_posts();
    let site = plan.root().join("site");
    let titles = ["One", "Two"];
    let mut fresh_builds = Vec::new();
    for title in titles {
        retitle(&plan, title);
        fresh_builds.push(fresh(&plan));
    }
    build(&plan, &site);
    assert!(tree(&site) == fresh_builds[1].0);

    let cases = [
        (Signal::Int, When::Writing),
        (Signal::Term, When::Renaming),
        (Signal::Kill, When::Writing),
        (Signal::Kill, When::Renaming),
        (Signal::Int, When::Share(0.2)),
        (Signal::Kill, When::Share(0.6)),
    ];
    for (n, (signal, when)) in cases.into_iter().enumerate() {
        let (after, took) = &fresh_builds[n % 2];
        retitle(&plan, titles[n % 2]);
        let before = tree(&site);
        let ended = stop(&plan, &site, signal, when, *took);
        check_stopped(&ended, signal, when, &before, after, &tree(&site));

        build(&plan, &site);
        let now = tree(&site);
        assert!(
            now == *after,
            "{signal:?} at {when:?}, {ended:?}: the next build differs from a fresh one: {:?}",
            differences(after, &now)
        );
    }
}

#[test]
fn a_first_build_stopped_at_any_moment_leaves_a_folder_the_next_accepts() {
    let plan = many_posts();
    retitle(&plan, "One");
    let (after, took) = fresh(&plan);
    let cases = [
        (Signal::Kill, When::Writing),
        (Signal::Int, When::Writing),
        (Signal::Kill, When::Renaming),
        (Signal::Term, When::Share(0.6)),
    ];
    for (n, (signal, when)) in cases.into_iter().enumerate() {
        let out = plan.root().join(format!("site-{n}"));
        let ended = stop(&plan, &out, signal, when, took);
        // Stopped by outcare, a first build removes the folder it made.
        let now = if out.exists() {
            tree(&out)
        } else {
            Snapshot::new()
        };
        check_stopped(&ended, signal, when, &Snapshot::new(), &after, &now);
        build(&plan, &out);
        let now = tree(&out);
        assert!(
            now == after,
            "{signal:?} at {when:?}, {ended:?}: the next build differs from a fresh one: {:?}",
            differences(&after, &now)
        );
    }
}
