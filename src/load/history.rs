//! What changed in the plan lately, read from its git history: entries added
//! and removed, posts rescheduled, statuses moved on, titles rewritten.
//!
//! It belongs to `load` because it reads the plan's own files, only older
//! versions of them: it reuses the front-matter split and `yaml.rs`, so
//! serde_yaml stays in one module and history reads front matter exactly as
//! a build does.
//!
//! It runs the `git` program rather than linking a git library: gix would
//! add minutes to a clean build for a page that is a bonus, and the `git`
//! that made the history is the one that reads it best (its config, its
//! object formats, its mailmap). Without git, outside a repository, in a
//! shallow clone, or with an unreadable history, there is simply no list:
//! history never fails a build.
//!
//! Choices:
//! - Commits are walked along first parents, each compared with its first
//!   parent, so a merged branch counts once, as the merge, on the day it
//!   landed. Days are committer days in the plan's time zone.
//! - A root commit is the plan's start, not a change to it, and is not
//!   listed; a history of one commit has nothing to compare and gives `None`.
//! - Renames are read by slug: a file that moves within its folder (a post
//!   into another month's sub-folder) is compared old against new, as one
//!   entry; a new slug is a new entry (others refer to entries by slug), so
//!   renaming the file is a removal and an addition.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use jiff::Timestamp;
use jiff::civil::Date;

use super::{FOLDERS, MAX_FILE, Zone, front_matter, is_ignored, is_readme, parse_when, yaml};
use crate::diagnostic::Kind;
use crate::model::{Change, ChangeKind, Config, FeedbackStatus, PostStatus};

/// At most this many commits are read, newest first.
pub const MAX_COMMITS: usize = 1000;

/// At most this many file versions are read, so a commit that rewrote every
/// entry of a large plan, many times over, still costs a bounded build.
const MAX_VERSIONS: usize = 20_000;

/// The changes of the commits of the last `config.changes_days` days up to
/// `today` (commits after it are ignored), newest first. `None` when there is
/// no history to read (see the module's documentation).
pub fn changes(root: &Path, config: &Config, today: Date) -> Option<Vec<Change>> {
    let prefix = plan_prefix(root)?;
    if !has_parent_commits(root) {
        return None;
    }
    let first = today
        .checked_sub(jiff::Span::new().days(i64::from(config.changes_days) - 1))
        .ok()?;
    let start_of = |day: Date| {
        config
            .timezone
            .to_timestamp(day.to_datetime(jiff::civil::Time::midnight()))
            .ok()
    };
    let since = start_of(first)?;
    let until = start_of(today.tomorrow().ok()?)?;
    let log = git(root)
        .args([
            "log",
            "--first-parent",
            "-m",
            "--no-renames",
            "--name-status",
            "-z",
            "--no-color",
            "--format=%x01%H%x00%P%x00%ct%x00%aN%x00%s",
        ])
        .arg(format!("--max-count={MAX_COMMITS}"))
        .arg(format!("--since=@{}", since.as_second()))
        .arg(format!("--until=@{}", until.as_second()))
        .args(["HEAD", "--"])
        .output()
        .ok()?;
    if !log.status.success() {
        return None;
    }
    let content = format!("{prefix}content/");
    let mut commits = parse_log(&log.stdout, &content);
    commits.retain(|c| {
        let day = config.timezone.to_datetime(c.time).date();
        first <= day && day <= today
    });
    Some(compare(root, commits, config))
}

/// The file git appends to whenever HEAD moves (a commit, a checkout, a
/// reset, a pull): HEAD's reflog. While its size and time stand still, so
/// does the history `changes` reads, and `serve` need not read it again.
/// `None` outside a repository.
pub fn head_log(root: &Path) -> Option<PathBuf> {
    let out = git(root)
        .args([
            "rev-parse",
            "--path-format=absolute",
            "--git-path",
            "logs/HEAD",
        ])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let path = String::from_utf8(out.stdout).ok()?;
    Some(PathBuf::from(path.trim_end_matches(['\n', '\r'])))
}

/// The plan root's path inside its repository (`""` at the top, or
/// `plans/spring/`), or `None` when there is no full history to read.
fn plan_prefix(root: &Path) -> Option<String> {
    let out = git(root)
        .args(["rev-parse", "--is-shallow-repository", "--show-prefix"])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let mut lines = text.lines();
    // A git too old to know the option echoes it back: take that as "cannot tell".
    if lines.next()? != "false" {
        return None;
    }
    Some(lines.next().unwrap_or("").to_string())
}

/// Whether HEAD has at least one commit before it to compare with.
fn has_parent_commits(root: &Path) -> bool {
    git(root)
        .args(["rev-list", "--max-count=2", "HEAD"])
        .output()
        .is_ok_and(|out| out.status.success() && out.stdout.split(|b| *b == b'\n').count() > 2)
}

fn git(root: &Path) -> Command {
    let mut command = Command::new("git");
    // Settings of the user's that would change what `git log` prints: paths
    // relative to a plan in a sub-folder, a merge shown combined (so without
    // what it brought), authors in another encoding, signatures.
    command
        .arg("-C")
        .arg(root)
        .args([
            "-c",
            "log.showSignature=false",
            "-c",
            "core.quotePath=false",
            "-c",
            "diff.relative=false",
            "-c",
            "log.diffMerges=first-parent",
            "-c",
            "i18n.logOutputEncoding=UTF-8",
        ])
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .stdin(Stdio::null())
        .stderr(Stdio::null());
    command
}

#[derive(Debug, PartialEq)]
struct File {
    letter: u8,
    /// From the repository's top, as `git show COMMIT:PATH` wants it.
    path: String,
    kind: Kind,
    slug: String,
}

#[derive(Debug, PartialEq)]
struct Commit {
    hash: String,
    /// `None` for a root commit.
    parent: Option<String>,
    time: Timestamp,
    author: String,
    /// The first line of its message.
    subject: String,
    /// The entry files it touched, with their status letter.
    files: Vec<File>,
}

/// Reads `git log -z --name-status` output in the format `changes` asks for.
/// Anything unexpected ends the commit it is in, never the build.
fn parse_log(out: &[u8], content: &str) -> Vec<Commit> {
    let mut commits = Vec::new();
    for record in out.split(|b| *b == 1).skip(1) {
        let mut fields = record
            .split(|b| *b == 0)
            .map(|f| String::from_utf8_lossy(f).trim_matches('\n').to_string());
        let (Some(hash), Some(parents), Some(time), Some(author), Some(subject)) = (
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
            fields.next(),
        ) else {
            continue;
        };
        let Some(time) = time
            .parse::<i64>()
            .ok()
            .and_then(|s| Timestamp::from_second(s).ok())
        else {
            continue;
        };
        let mut files = Vec::new();
        while let (Some(status), Some(path)) = (fields.next(), fields.next()) {
            let Some(&letter) = status.as_bytes().first() else {
                break;
            };
            if let Some((kind, slug)) = entry_of(&path, content) {
                files.push(File {
                    letter,
                    path,
                    kind,
                    slug,
                });
            }
        }
        commits.push(Commit {
            hash,
            parent: parents
                .split(' ')
                .next()
                .filter(|p| !p.is_empty())
                .map(str::to_string),
            time,
            author,
            subject,
            files,
        });
    }
    commits
}

/// The kind and slug of an entry file, as `load` would read it, from its
/// path from the repository's top; `content` is the plan's `content/` there.
fn entry_of(path: &str, content: &str) -> Option<(Kind, String)> {
    let rest = path.strip_prefix(content)?;
    let (folder, rest) = rest.split_once('/')?;
    let kind = FOLDERS.iter().find(|(f, _)| *f == folder)?.1;
    let parts: Vec<&str> = rest.split('/').collect();
    let (name, dirs) = parts.split_last()?;
    if (kind != Kind::Post && !dirs.is_empty()) || parts.iter().any(|p| is_ignored(p)) {
        return None;
    }
    if is_readme(name) || path.contains('\n') {
        return None;
    }
    let slug = name.strip_suffix(".md")?;
    (!slug.is_empty()).then(|| (kind, slug.to_string()))
}

/// The old and new versions of one entry in one commit, as indexes into the
/// versions to read.
#[derive(Default)]
struct Sides {
    old: Option<usize>,
    new: Option<usize>,
}

/// The entries one commit touched, each with its two sides.
type Touched = BTreeMap<(Kind, String), Sides>;

/// Each commit against its parent, entry by entry.
fn compare(root: &Path, commits: Vec<Commit>, config: &Config) -> Vec<Change> {
    let (wanted, compared) = versions_to_read(commits);
    let versions = read_versions(root, &wanted);
    let facts = |kind: Kind, i: Option<usize>| {
        i.and_then(|i| versions.get(i)?.as_deref())
            .and_then(|bytes| Facts::read(kind, bytes))
    };
    let zone = Zone::of(config);
    let mut out = Vec::new();
    for (commit, entries) in compared {
        let date = config.timezone.to_datetime(commit.time).date();
        for ((entry, slug), sides) in entries {
            let (old, new) = (facts(entry, sides.old), facts(entry, sides.new));
            let private = [&old, &new]
                .iter()
                .any(|side| side.as_ref().is_some_and(|f| f.private));
            let mut push = |kind, from, to| {
                out.push(Change {
                    kind,
                    entry,
                    slug: slug.clone(),
                    from,
                    to,
                    commit: commit.hash.clone(),
                    date,
                    author: commit.author.clone(),
                    subject: commit.subject.clone(),
                    private,
                });
            };
            match (sides.old, sides.new) {
                (None, _) => push(ChangeKind::Added, None, new.and_then(|f| f.title)),
                (_, None) => push(ChangeKind::Removed, old.and_then(|f| f.title), None),
                _ => {
                    // A version that cannot be read (corrupt, too large, not
                    // front matter) says nothing about what changed.
                    let (Some(old), Some(new)) = (old, new) else {
                        continue;
                    };
                    if old.title != new.title {
                        push(ChangeKind::Retitled, old.title, new.title);
                    }
                    if !same_when(old.when.as_deref(), new.when.as_deref(), &zone) {
                        push(ChangeKind::Rescheduled, old.when, new.when);
                    }
                    if old.status != new.status {
                        push(ChangeKind::Status, old.status, new.status);
                    }
                }
            }
        }
    }
    out
}

/// The versions of entry files to read (`REV:PATH`) for `commits`, newest
/// first, and each commit's entries with the indexes of their two sides.
/// Commits are taken while their versions fit in `MAX_VERSIONS`, each whole:
/// the first that would go past it ends the list.
fn versions_to_read(commits: Vec<Commit>) -> (Vec<String>, Vec<(Commit, Touched)>) {
    let mut wanted: Vec<String> = Vec::new();
    let mut compared: Vec<(Commit, Touched)> = Vec::new();
    for commit in commits {
        let Some(parent) = &commit.parent else {
            continue;
        };
        if wanted.len() + 2 * commit.files.len() > MAX_VERSIONS {
            break;
        }
        let mut entries = Touched::new();
        for file in &commit.files {
            let sides = entries.entry((file.kind, file.slug.clone())).or_default();
            // A move is a deletion and an addition of one slug: pair them.
            if file.letter != b'A' && sides.old.is_none() {
                sides.old = Some(wanted.len());
                wanted.push(format!("{parent}:{}", file.path));
            }
            if file.letter != b'D' && sides.new.is_none() {
                sides.new = Some(wanted.len());
                wanted.push(format!("{}:{}", commit.hash, file.path));
            }
        }
        compared.push((commit, entries));
    }
    (wanted, compared)
}

/// The blobs named `REV:PATH`, through one `git cat-file --batch`: `None`
/// for one that is missing, not a file, over the size cap, or not read
/// because git stopped (a corrupt object ends the batch).
fn read_versions(root: &Path, names: &[String]) -> Vec<Option<Vec<u8>>> {
    let mut versions: Vec<Option<Vec<u8>>> = vec![None; names.len()];
    each_version(root, names, |i, blob| {
        versions[i] = blob;
        true
    });
    versions
}

/// Hands each blob named (`REV:PATH` or an object id) to `found` as git
/// answers, one at a time, so that no more than one is held: `None` for one
/// that is missing, not a file or over the size cap. Stops when `found`
/// returns false or git stops; returns how many were answered.
fn each_version(
    root: &Path,
    names: &[String],
    mut found: impl FnMut(usize, Option<Vec<u8>>) -> bool,
) -> usize {
    if names.is_empty() {
        return 0;
    }
    let Ok(mut child) = git(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
    else {
        return 0;
    };
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        let _ = child.kill();
        let _ = child.wait();
        return 0;
    };
    let input: String = names.iter().map(|n| format!("{n}\n")).collect();
    // Written from another thread: git answers as it reads, and would block
    // on a full pipe that nobody empties while we were still writing.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut reader = BufReader::new(stdout);
    let mut answered = 0;
    while answered < names.len() {
        let Some(blob) = read_one(&mut reader) else {
            break;
        };
        answered += 1;
        if !found(answered - 1, blob) {
            break;
        }
    }
    // Stop git before waiting for the writer: a writer blocked on a pipe git
    // no longer reads would never finish.
    drop(reader);
    let _ = child.kill();
    let _ = writer.join();
    let _ = child.wait();
    answered
}

/// One answer of `git cat-file --batch`: `Some(None)` for an object that is
/// missing or unusable, `None` when the stream ended or made no sense.
fn read_one(reader: &mut impl BufRead) -> Option<Option<Vec<u8>>> {
    let mut header = String::new();
    if reader.read_line(&mut header).ok()? == 0 {
        return None;
    }
    let words: Vec<&str> = header.split_whitespace().collect();
    let [_, kind, size] = words.as_slice() else {
        // `NAME missing` or `NAME ambiguous`: nothing follows.
        return Some(None);
    };
    let size: u64 = size.parse().ok()?;
    let usable = *kind == "blob" && size <= MAX_FILE;
    let mut body = Vec::new();
    let read = if usable {
        reader.take(size).read_to_end(&mut body).ok()? as u64
    } else {
        std::io::copy(&mut reader.take(size), &mut std::io::sink()).ok()?
    };
    let mut newline = [0u8; 1];
    if read != size || reader.read_exact(&mut newline).is_err() {
        return None;
    }
    Some(usable.then_some(body))
}

/// What history compares of one version of an entry.
#[derive(Debug, PartialEq)]
struct Facts {
    title: Option<String>,
    /// The date (posts) or day received (feedback), as written.
    when: Option<String>,
    /// With its default filled in, so adding `status: draft` changes nothing.
    status: Option<String>,
    /// Anything but `private: false` or no `private:` at all counts as
    /// private: an old version's odd value is not a reason to publish it.
    private: bool,
}

impl Facts {
    /// `None` when the version is not an entry that can be read.
    fn read(kind: Kind, bytes: &[u8]) -> Option<Facts> {
        let text = front_matter::normalise(std::str::from_utf8(bytes).ok()?);
        let split = front_matter::split(&text).ok()?;
        let yaml = yaml::Text::new(split.yaml, split.yaml_first_line);
        let mut fields = yaml.fields("", kind).ok()?;
        let title_key = if kind == Kind::Persona {
            "name"
        } else {
            "title"
        };
        let title = fields.text(title_key, false, "");
        let (when, status) = match kind {
            Kind::Post => (
                fields.text("date", false, ""),
                Some(status_word(
                    fields.text("status", false, ""),
                    PostStatus::Draft.as_str(),
                )),
            ),
            Kind::Feedback => (
                fields.text("received", false, ""),
                Some(status_word(
                    fields.text("status", false, ""),
                    FeedbackStatus::New.as_str(),
                )),
            ),
            _ => (None, None),
        };
        let private =
            fields.text("private", false, "").as_deref() != Some("false") && fields.has("private");
        Some(Facts {
            title,
            when,
            status,
            private,
        })
    }
}

/// Statuses are read without regard to case, as `load` reads them.
fn status_word(written: Option<String>, default: &str) -> String {
    written.map_or_else(|| default.to_string(), |s| s.to_lowercase())
}

/// Whether two dates as written are the same moment: `2026-03-14T08:30` and
/// `2026-03-14 08:30` are one, and so is `2026-03-14T14:30Z` in Chicago, so
/// rewriting a date is not rescheduling it.
fn same_when(old: Option<&str>, new: Option<&str>, zone: &Zone) -> bool {
    match (old, new) {
        (Some(a), Some(b)) => match (parse_when(a, Some(zone)), parse_when(b, Some(zone))) {
            (Ok(a), Ok(b)) => (a.date, a.time) == (b.date, b.time),
            _ => a == b,
        },
        (a, b) => a == b,
    }
}

/// What `plan_at` found at a revision.
#[derive(Debug)]
pub struct PlanAt {
    /// The commit the revision names, in full.
    pub commit: String,
    /// Whether the plan's folder existed in that commit (a pull request
    /// may be the one that adds the plan).
    pub found: bool,
}

/// Writes the plan's folder as it was at `rev` into `into` (an empty
/// folder), for `check --base` to check the same way as the plan on disk.
///
/// Unlike `changes`, this fails with a message for the user, since the
/// comparison it serves cannot be made without it: no git, no repository, a
/// revision git cannot resolve (a shallow clone without the base commit), or
/// a blob git cannot read. It writes the whole of the plan's folder (the
/// sub-folder of the repository `root` is in), so that a symlink inside the
/// plan still finds its target; symlinks are made again as symlinks, so the
/// loader judges them as it judges the plan on disk. A file over the size
/// cap becomes a file of the same size that is never read (sparse where the
/// file system allows), so the loader gives it the same flag without the
/// bytes being copied. Submodules are empty folders, as git leaves them.
pub fn plan_at(root: &Path, rev: &str, into: &Path) -> Result<PlanAt, String> {
    if rev.is_empty() || rev.starts_with('-') {
        return Err(format!(
            "`{rev}` is not a revision: name a branch, tag or commit, like `--base main`"
        ));
    }
    let prefix = run_git(root, &["rev-parse", "--show-prefix"]).map_err(|words| {
        format!(
            "{} is not in a git repository ({words}): --base reads the plan as it was at {rev} from git; run it in a clone of the plan's repository",
            root.display()
        )
    })?;
    let prefix = prefix.trim_end_matches(['\n', '\r']).trim_end_matches('/');
    let commit = run_git(
        root,
        &["rev-parse", "--verify", "--quiet", &format!("{rev}^{{commit}}")],
    )
    .map_err(|_| {
        format!(
            "`{rev}` is not a commit in this repository: name a branch, tag or commit it has (`git log --oneline --all` lists them); in GitHub Actions, check out with `fetch-depth: 0` (or fetch the base commit) so that the pull request's base is there"
        )
    })?;
    let commit = commit.trim().to_string();
    let tree = if prefix.is_empty() {
        format!("{commit}^{{tree}}")
    } else {
        format!("{commit}:{prefix}")
    };
    let found = run_git(root, &["cat-file", "-t", &tree]).is_ok_and(|kind| kind.trim() == "tree");
    if !found {
        return Ok(PlanAt { commit, found });
    }
    let listing = git(root)
        .args(["ls-tree", "-r", "-z", "-l", "--full-tree", &tree])
        .output()
        .map_err(|e| cannot_run_git(&e))?;
    if !listing.status.success() {
        return Err(damaged(&format!("the plan's folder at {rev}")));
    }
    let mut reads: Vec<(PathBuf, bool)> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let cannot_write = |e: std::io::Error| {
        format!(
            "cannot write the plan as it was at {rev} into {} ({e}): check that the temporary folder has room",
            into.display()
        )
    };
    for record in listing.stdout.split(|b| *b == 0).filter(|r| !r.is_empty()) {
        let Some(tree_entry) = TreeEntry::parse(record) else {
            return Err(damaged(&format!("the plan's folder at {rev}")));
        };
        // What git itself would refuse to check out is left out.
        let Some(path) = tree_entry.path_in(into) else {
            continue;
        };
        match tree_entry.mode {
            "100644" | "100755" if tree_entry.size > MAX_FILE => {
                make_parent(&path).map_err(cannot_write)?;
                std::fs::File::create_new(&path)
                    .and_then(|f| f.set_len(tree_entry.size))
                    .map_err(cannot_write)?;
            }
            "100644" | "100755" => {
                reads.push((path, false));
                names.push(tree_entry.object.to_string());
            }
            "120000" => {
                reads.push((path, true));
                names.push(tree_entry.object.to_string());
            }
            "160000" => std::fs::create_dir_all(&path).map_err(cannot_write)?,
            _ => {}
        }
    }
    // Files first, symlinks last: nothing is ever written through a link.
    let mut links: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut failed: Option<String> = None;
    let answered = each_version(root, &names, |i, blob| {
        let (path, is_link) = &reads[i];
        let Some(bytes) = blob else {
            failed = Some(damaged(&format!(
                "`{}` at {rev}",
                super::relative(into, path)
            )));
            return false;
        };
        if *is_link {
            links.push((path.clone(), bytes));
            return true;
        }
        let written = make_parent(path)
            .and_then(|()| std::fs::File::create_new(path).and_then(|mut f| f.write_all(&bytes)));
        if let Err(e) = written {
            failed = Some(cannot_write(e));
            return false;
        }
        true
    });
    if let Some(message) = failed {
        return Err(message);
    }
    if answered < names.len() {
        return Err(damaged(&format!(
            "`{}` at {rev}",
            super::relative(into, &reads[answered].0)
        )));
    }
    for (path, target) in links {
        make_parent(&path).map_err(cannot_write)?;
        make_link(&target, &path).map_err(cannot_write)?;
    }
    Ok(PlanAt { commit, found })
}

/// One line of `git ls-tree -r -z -l`: `MODE TYPE OBJECT SIZE\tPATH`.
struct TreeEntry<'a> {
    mode: &'a str,
    object: &'a str,
    /// 0 for what is not a blob (git prints `-`).
    size: u64,
    path: &'a [u8],
}

impl<'a> TreeEntry<'a> {
    fn parse(record: &'a [u8]) -> Option<TreeEntry<'a>> {
        let tab = record.iter().position(|b| *b == b'\t')?;
        let head = std::str::from_utf8(&record[..tab]).ok()?;
        let mut words = head.split_whitespace();
        let (mode, _kind, object, size) =
            (words.next()?, words.next()?, words.next()?, words.next()?);
        Some(TreeEntry {
            mode,
            object,
            size: size.parse().unwrap_or(0),
            path: &record[tab + 1..],
        })
    }

    /// Where the entry goes under `into`, or `None` for a path git would not
    /// check out: one that climbs out (`..`), is absolute, or enters `.git`.
    fn path_in(&self, into: &Path) -> Option<PathBuf> {
        let text = std::str::from_utf8(self.path).ok()?;
        let mut path = into.to_path_buf();
        for part in text.split('/') {
            if part.is_empty()
                || part == "."
                || part == ".."
                || part.eq_ignore_ascii_case(".git")
                || part.contains('\\')
            {
                return None;
            }
            path.push(part);
        }
        Some(path)
    }
}

/// Runs git in `root` and returns what it printed, or the first line of
/// what it said on failure.
fn run_git(root: &Path, args: &[&str]) -> Result<String, String> {
    let out = git(root)
        .args(args)
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| cannot_run_git(&e))?;
    if !out.status.success() {
        let said = String::from_utf8_lossy(&out.stderr);
        return Err(said
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("git said nothing")
            .trim()
            .to_string());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn cannot_run_git(e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        "cannot find the `git` program: --base reads the plan as it was at another commit with git; install git (or put it on PATH), or check without --base".to_string()
    } else {
        format!(
            "cannot run git ({e}): --base reads the plan as it was at another commit with git; check that git runs here"
        )
    }
}

fn damaged(what: &str) -> String {
    format!(
        "git could not read {what}: the repository may be damaged or incomplete; run `git fsck`, or fetch the commit again"
    )
}

fn make_parent(path: &Path) -> std::io::Result<()> {
    match path.parent() {
        Some(parent) => std::fs::create_dir_all(parent),
        None => Ok(()),
    }
}

#[cfg(unix)]
fn make_link(target: &[u8], path: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    std::os::unix::fs::symlink(std::ffi::OsStr::from_bytes(target), path)
}

/// Where symlinks need privileges, git checks a symlink out as a file
/// holding its target (`core.symlinks=false`); so does this.
#[cfg(not(unix))]
fn make_link(target: &[u8], path: &Path) -> std::io::Result<()> {
    std::fs::File::create_new(path).and_then(|mut f| f.write_all(target))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_entry_files_as_load_reads_them() {
        let cases = [
            ("content/posts/a.md", Some((Kind::Post, "a"))),
            ("content/posts/2026-03/b.md", Some((Kind::Post, "b"))),
            ("content/personas/ann.md", Some((Kind::Persona, "ann"))),
            ("content/pain-points/p.md", Some((Kind::PainPoint, "p"))),
            ("content/feedback/f.md", Some((Kind::Feedback, "f"))),
            ("content/personas/deep/ann.md", None),
            ("content/posts/README.md", None),
            ("content/posts/.hidden.md", None),
            ("content/posts/.drafts/x.md", None),
            ("content/posts/a.md~", None),
            ("content/posts/a.txt", None),
            ("content/post/a.md", None),
            ("content/a.md", None),
            ("outcare.yaml", None),
        ];
        for (path, want) in cases {
            let got = entry_of(path, "content/");
            assert_eq!(got, want.map(|(k, s)| (k, s.to_string())), "{path}");
        }
        assert_eq!(
            entry_of("plans/x/content/posts/a.md", "plans/x/content/"),
            Some((Kind::Post, "a".to_string()))
        );
    }

    #[test]
    fn parses_log_records_and_keeps_entry_files() {
        let out = b"\x01aaa\0ppp qqq\x001700000000\0Ann Lee\0Plan March\0\nM\0content/posts/a.md\0A\0src/x.rs\0D\0content/personas/p.md\0\x01bbb\0\x001600000000\0Bo\0First\n";
        let commits = parse_log(out, "content/");
        assert_eq!(commits.len(), 2);
        assert_eq!(commits[0].hash, "aaa");
        assert_eq!(commits[0].parent.as_deref(), Some("ppp"));
        assert_eq!(commits[0].author, "Ann Lee");
        assert_eq!(commits[0].subject, "Plan March");
        assert_eq!(commits[0].time.as_second(), 1_700_000_000);
        let files: Vec<(u8, &str)> = commits[0]
            .files
            .iter()
            .map(|f| (f.letter, f.path.as_str()))
            .collect();
        assert_eq!(
            files,
            [
                (b'M', "content/posts/a.md"),
                (b'D', "content/personas/p.md")
            ]
        );
        assert_eq!(commits[1].parent, None);
        assert!(commits[1].files.is_empty());
        assert!(parse_log(b"\x01junk", "content/").is_empty());
    }

    #[test]
    fn reads_the_facts_of_each_kind() {
        let post = Facts::read(
            Kind::Post,
            b"\xef\xbb\xbf---\r\ntitle: Hi\r\ndate: 2026-03-14\r\nstatus: Scheduled\r\n---\r\nbody\r\n",
        );
        assert_eq!(
            post,
            Some(Facts {
                title: Some("Hi".into()),
                when: Some("2026-03-14".into()),
                status: Some("scheduled".into()),
                private: false,
            })
        );
        let private = |value: &str| {
            Facts::read(
                Kind::Post,
                format!("---\ntitle: S\nprivate: {value}\n---\n").as_bytes(),
            )
            .unwrap()
            .private
        };
        assert!(private("true") && private("yes") && private("[x]"));
        assert!(!private("false"));
        let feedback = Facts::read(
            Kind::Feedback,
            b"---\ntitle: F\nreceived: 2026-02-01\n---\n",
        );
        assert_eq!(feedback.unwrap().status.as_deref(), Some("new"));
        let persona =
            Facts::read(Kind::Persona, b"---\nname: Ann\nchannels: [blog]\n---\n").unwrap();
        assert_eq!(
            (persona.title.as_deref(), persona.when, persona.status),
            (Some("Ann"), None, None)
        );
        assert_eq!(Facts::read(Kind::Post, b"no front matter"), None);
        assert_eq!(Facts::read(Kind::Post, b"---\n[unclosed\n---\n"), None);
        assert_eq!(Facts::read(Kind::Post, &[0xff, 0xfe]), None);
    }

    #[test]
    fn a_date_written_another_way_is_not_rescheduled() {
        assert!(same_when(
            Some("2026-03-14T08:30"),
            Some("2026-03-14 08:30"),
            &Zone::default()
        ));
        assert!(!same_when(
            Some("2026-03-14"),
            Some("2026-03-15"),
            &Zone::default()
        ));
        assert!(!same_when(
            Some("2026-03-14"),
            Some("2026-03-14T09:00"),
            &Zone::default()
        ));
        assert!(!same_when(Some("2026-03-14"), None, &Zone::default()));
        assert!(same_when(Some("soon"), Some("soon"), &Zone::default()));
        assert!(same_when(None, None, &Zone::default()));
    }

    #[test]
    fn reads_at_most_20_000_file_versions_in_whole_commits() {
        let commit = |hash: &str, files: usize| Commit {
            hash: hash.to_string(),
            parent: Some(format!("{hash}-parent")),
            time: Timestamp::UNIX_EPOCH,
            author: "Ann".into(),
            subject: "Edit".into(),
            files: (0..files)
                .map(|n| File {
                    letter: b'M',
                    path: format!("content/posts/p{n}.md"),
                    kind: Kind::Post,
                    slug: format!("p{n}"),
                })
                .collect(),
        };
        // SECURITY.md's number: 10,000 edited files are 20,000 versions, old and new.
        let (wanted, compared) = versions_to_read(vec![commit("a", 10_000), commit("b", 1)]);
        assert_eq!((wanted.len(), compared.len()), (20_000, 1));
        // A commit that would go past it is not read, nor any older one.
        let (wanted, compared) =
            versions_to_read(vec![commit("a", 1), commit("b", 10_000), commit("c", 1)]);
        assert_eq!((wanted.len(), compared.len()), (2, 1));
        assert_eq!(
            wanted,
            ["a-parent:content/posts/p0.md", "a:content/posts/p0.md"]
        );
    }

    #[test]
    fn reads_tree_listings_and_leaves_out_what_git_would_not_check_out() {
        let entry =
            TreeEntry::parse(b"100644 blob 0123abcd     1048577\tcontent/posts/big.md").unwrap();
        assert_eq!(
            (entry.mode, entry.object, entry.size),
            ("100644", "0123abcd", 1_048_577)
        );
        let into = Path::new("/tmp/plan");
        assert_eq!(
            entry.path_in(into),
            Some(into.join("content").join("posts").join("big.md"))
        );
        let submodule = TreeEntry::parse(b"160000 commit 0123abcd       -\tvendor/x").unwrap();
        assert_eq!(submodule.size, 0);
        for bad in [
            &b"100644 blob 01 1\t../outside.md"[..],
            b"100644 blob 01 1\tcontent/../../x.md",
            b"100644 blob 01 1\t/etc/passwd",
            b"100644 blob 01 1\tcontent/.git/config",
            b"100644 blob 01 1\tcontent/.GIT/hooks/x",
            b"100644 blob 01 1\tcontent/a\\..\\b.md",
        ] {
            let entry = TreeEntry::parse(bad).unwrap();
            assert_eq!(
                entry.path_in(into),
                None,
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
        assert!(TreeEntry::parse(b"100644 blob no-tab").is_none());
    }

    #[test]
    fn reads_batch_answers_and_stops_where_the_stream_does() {
        let stream = b"abc blob 5\nhello\nxyz missing\ndef tree 3\nabc\nabc blob 9\nshort";
        let mut reader = BufReader::new(&stream[..]);
        assert_eq!(read_one(&mut reader), Some(Some(b"hello".to_vec())));
        assert_eq!(read_one(&mut reader), Some(None));
        assert_eq!(read_one(&mut reader), Some(None));
        assert_eq!(read_one(&mut reader), None);
        assert_eq!(read_one(&mut reader), None);
    }
}
