//! The live preview: the last good site, held in memory and rendered page by
//! page on request, served over HTTP to this machine only, with a reload
//! signal and the plan's errors pushed to every open page.
//!
//! Safety comes from the design, not from filtering: a request path is
//! normalised and looked up in the site's own list of files. It is never
//! joined onto a folder, so no request can read a file outside the site.

pub mod http;
pub mod watch;

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;

use crate::render::Site;

/// What open pages are told when the plan changes.
#[derive(Clone, Default)]
struct Status {
    /// Bumped on every rebuild, good or broken.
    version: u64,
    /// The overlay's HTML while the plan is broken.
    errors: Option<String>,
}

/// A page's bytes, or why its template failed.
type Rendered = Result<Arc<Vec<u8>>, String>;

/// One good build, with the pages rendered from it so far. A new build gets
/// a new `Current`, so a page of an older build can never be served, or
/// cached, as part of a newer one.
struct Current {
    site: Site,
    rendered: Mutex<HashMap<String, Arc<Vec<u8>>>>,
    /// The status version this build was published at.
    version: u64,
}

/// The state the server and the watcher share.
pub struct Live {
    current: RwLock<Arc<Current>>,
    status: Mutex<Status>,
    changed: Condvar,
}

impl Live {
    pub fn new(site: Site) -> Live {
        Live {
            current: RwLock::new(Arc::new(Current {
                site,
                rendered: Mutex::new(HashMap::new()),
                version: 0,
            })),
            status: Mutex::new(Status::default()),
            changed: Condvar::new(),
        }
    }

    /// Swaps in a new good site and tells open pages to reload.
    pub fn publish(&self, site: Site) {
        let mut status = self.status.lock().unwrap_or_else(|e| e.into_inner());
        status.version += 1;
        status.errors = None;
        let old = std::mem::replace(
            &mut *self.current.write().unwrap_or_else(|e| e.into_inner()),
            Arc::new(Current {
                site,
                rendered: Mutex::new(HashMap::new()),
                version: status.version,
            }),
        );
        self.changed.notify_all();
        drop(status);
        // Freeing a large plan's last build takes longer than building much
        // of the next: do it off the watcher's thread, after the reload signal.
        std::thread::spawn(move || drop(old));
    }

    /// Keeps the last good site and shows `overlay` on every open page.
    pub fn break_with(&self, overlay: String) {
        let mut status = self.status.lock().unwrap_or_else(|e| e.into_inner());
        status.version += 1;
        status.errors = Some(overlay);
        self.changed.notify_all();
    }

    fn status(&self) -> Status {
        self.status
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Waits until the version differs from `since`, at most `timeout`.
    fn wait(&self, since: u64, timeout: Duration) -> Status {
        let status = self.status.lock().unwrap_or_else(|e| e.into_inner());
        let (status, _) = self
            .changed
            .wait_timeout_while(status, timeout, |s| s.version == since)
            .unwrap_or_else(|e| e.into_inner());
        status.clone()
    }

    /// The last good site, for a rebuild to reuse what it can of it.
    pub fn last_good(&self) -> impl std::ops::Deref<Target = Site> {
        LastGood(self.current())
    }

    fn current(&self) -> Arc<Current> {
        Arc::clone(&self.current.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// A file of the current site, rendered once per build, with the version
    /// of that build; `None` if the site has no such file.
    fn file(&self, path: &str) -> Option<(Rendered, u64)> {
        let current = self.current();
        let cached = current
            .rendered
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(path)
            .cloned();
        if let Some(bytes) = cached {
            return Some((Ok(bytes), current.version));
        }
        let bytes = match current.site.file(path)? {
            Ok(bytes) => Arc::new(bytes),
            Err(err) => return Some((Err(format!("{err:#}")), current.version)),
        };
        current
            .rendered
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), Arc::clone(&bytes));
        Some((Ok(bytes), current.version))
    }

    fn has_directory_index(&self, path: &str) -> bool {
        self.current().site.contains(&format!("{path}/index.html"))
    }
}

struct LastGood(Arc<Current>);

impl std::ops::Deref for LastGood {
    type Target = Site;
    fn deref(&self) -> &Site {
        &self.0.site
    }
}

/// The overlay shown over every page while the plan has errors.
pub fn overlay_html(flags: &[crate::diagnostic::Flag], plumbing: Option<&str>) -> String {
    use crate::render::templates::escape_html as e;
    let mut items = String::new();
    for flag in flags
        .iter()
        .filter(|f| f.severity == crate::diagnostic::Severity::Error)
    {
        let at = match flag.line {
            Some(line) => format!("{}:{line}", flag.file),
            None => flag.file.clone(),
        };
        items.push_str(&format!(
            "<li><code>{}</code> <strong>{}</strong> {}</li>",
            e(&at),
            e(flag.rule.id()),
            e(&flag.message)
        ));
    }
    if let Some(message) = plumbing {
        items.push_str(&format!("<li>{}</li>", e(message)));
    }
    format!(
        "<div id=\"outcare-errors\" role=\"alert\" style=\"position:fixed;inset:0 0 auto 0;z-index:2147483647;max-height:70vh;overflow:auto;margin:0;padding:1rem 1.25rem;background:#3b0d0d;color:#fff;font:14px/1.5 system-ui,sans-serif;box-shadow:0 4px 24px #0008\"><p style=\"margin:0 0 .5rem;font-weight:700\">The plan has errors: showing the last good version. Fix them and save; this page updates by itself.</p><ul style=\"margin:0;padding-left:1.2rem\">{items}</ul><button type=\"button\" onclick=\"this.parentNode.remove()\" style=\"margin-top:.75rem\">Hide</button></div>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Templates;

    fn live() -> Live {
        let today = jiff::civil::date(2026, 3, 1);
        Live::new(Site::new(
            Arc::new(crate::model::Plan::default()),
            &[],
            Arc::new(Templates::built_in()),
            today,
        ))
    }

    #[test]
    fn a_long_poll_answers_at_its_timeout_when_nothing_changed_and_at_once_when_something_did() {
        let live = live();
        let started = std::time::Instant::now();
        let status = live.wait(0, Duration::from_millis(300));
        let took = started.elapsed();
        assert_eq!(status.version, 0, "nothing changed meanwhile");
        assert!(
            took >= Duration::from_millis(300),
            "answered after {took:?}"
        );
        assert!(
            took < Duration::from_secs(10),
            "held past its timeout: {took:?}"
        );
        // A poll that is behind is answered without waiting.
        live.break_with("broken".into());
        let started = std::time::Instant::now();
        let status = live.wait(0, Duration::from_secs(25));
        assert!(started.elapsed() < Duration::from_secs(5));
        assert_eq!(
            (status.version, status.errors.as_deref()),
            (1, Some("broken"))
        );
    }
}
