//! Plan + flags → the site's files, one at a time, in memory. Nothing here
//! touches the output folder: `output` writes what this renders.
//!
//! `SiteData` is computed once; every page is then rendered on its own from
//! it, so a page's cost does not grow with the number of pages.

mod changes;
mod charts;
mod data;
pub mod ics;
mod json;
pub mod markdown;
mod nesting;
mod pages;
mod publish;
mod report;
mod search;
pub mod templates;

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::civil::Date;

use crate::diagnostic::Flag;
use crate::model::{Plan, PostId};
pub use templates::Templates;

/// What makes one file of the site. Pages are independent of each other, so
/// they render in parallel, or one at a time on request.
#[derive(Debug, Clone, Copy)]
enum Job {
    Index,
    Month(usize),
    Agenda(usize),
    Ideas,
    Post(usize),
    Persona(usize),
    PainPoint(usize),
    Feedback,
    Flags,
    Campaigns,
    Campaign(usize),
    Owners,
    Owner(usize),
    Week(usize),
    Changes,
    Report,
    Calendar,
    PlanJson,
    SearchIndex,
    Asset(usize),
}

/// A site ready to render: the shared page data, the templates, and the list
/// of its files. `build` renders every file; `serve` renders a file when it is
/// asked for, so a rebuild costs no more than the pages someone looks at.
pub struct Site {
    data: data::SiteData,
    templates: Arc<Templates>,
    chrome: pages::ChromeCache,
    files: BTreeMap<String, Job>,
}

impl Site {
    pub fn new(plan: Arc<Plan>, flags: &[Flag], templates: Arc<Templates>, today: Date) -> Site {
        Site::after(plan, flags, templates, today, None)
    }

    /// `new`, reusing what `previous` computed for posts that did not change
    /// (see `SiteData::after`): the preview's rebuild.
    pub fn after(
        plan: Arc<Plan>,
        flags: &[Flag],
        templates: Arc<Templates>,
        today: Date,
        previous: Option<&Site>,
    ) -> Site {
        let data = data::SiteData::after(plan, flags, today, previous.map(|p| &p.data));
        let plan = &*data.plan;
        let mut files = BTreeMap::new();
        files.insert("index.html".to_string(), Job::Index);
        files.insert("ideas/index.html".to_string(), Job::Ideas);
        if !publish::no_feedback(plan) {
            files.insert("feedback/index.html".to_string(), Job::Feedback);
        }
        files.insert("flags/index.html".to_string(), Job::Flags);
        files.insert("calendar.ics".to_string(), Job::Calendar);
        files.insert("plan.json".to_string(), Job::PlanJson);
        files.insert("search-index.js".to_string(), Job::SearchIndex);
        files.insert(changes::URL.to_string(), Job::Changes);
        files.insert(report::URL.to_string(), Job::Report);
        for (i, (year, month)) in data.months.iter().enumerate() {
            files.insert(data::month_url(*year, *month), Job::Month(i));
            files.insert(data::agenda_url(*year, *month), Job::Agenda(i));
        }
        for (i, card) in data.cards.iter().enumerate() {
            files.insert(card.url.clone(), Job::Post(i));
        }
        for (i, persona) in data.personas.iter().enumerate() {
            files.insert(persona.url.clone(), Job::Persona(i));
        }
        for (i, pain) in data.pain_points.iter().enumerate() {
            files.insert(pain.url.clone(), Job::PainPoint(i));
        }
        files.insert("campaigns/index.html".to_string(), Job::Campaigns);
        files.insert("owners/index.html".to_string(), Job::Owners);
        for (i, group) in plan.index.campaigns.iter().enumerate() {
            files.insert(data::campaign_url(&group.slug), Job::Campaign(i));
        }
        for (i, group) in plan.index.owners.iter().enumerate() {
            files.insert(data::owner_url(&group.slug), Job::Owner(i));
        }
        for (i, monday) in data.weeks.iter().enumerate() {
            files.insert(data::week_url(*monday), Job::Week(i));
        }
        for (i, (name, _)) in templates.assets.iter().enumerate() {
            files.insert(name.clone(), Job::Asset(i));
        }
        debug_assert_eq!(plan.posts.len(), data.cards.len());
        Site {
            data,
            templates,
            chrome: pages::ChromeCache::default(),
            files,
        }
    }

    /// Every file's path, sorted.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// Renders one file; `None` when the site has no such file.
    pub fn file(&self, path: &str) -> Option<anyhow::Result<Vec<u8>>> {
        self.files.get(path).map(|job| self.run(*job))
    }

    /// What a page is rendered from, as a hash: equal hashes, equal bytes. It
    /// covers the page's context (its data and the shared header, footer and
    /// filters), every template, and this build of outcare, so a template,
    /// a setting or a new release that changes the page changes the hash.
    /// `None` for files that are not pages of a template (feeds, data,
    /// assets), which are rendered and compared instead.
    pub fn fingerprint(&self, path: &str) -> Option<u64> {
        let job = *self.files.get(path)?;
        if matches!(
            job,
            Job::Calendar | Job::PlanJson | Job::SearchIndex | Job::Asset(_)
        ) {
            return None;
        }
        let pages = pages::Renderer::fingerprinting(&self.data, &self.templates.tera, &self.chrome);
        let bytes = self.page(&pages, job)?.ok()?;
        let page = u64::from_le_bytes(bytes.as_slice().try_into().ok()?);
        Some(fnv(
            fnv(page, &self.templates.fingerprint.to_le_bytes()),
            &this_build().to_le_bytes(),
        ))
    }

    fn run(&self, job: Job) -> anyhow::Result<Vec<u8>> {
        let pages = pages::Renderer::new(&self.data, &self.templates.tera, &self.chrome);
        if let Some(page) = self.page(&pages, job) {
            return page;
        }
        match job {
            Job::Calendar => Ok(ics::calendar(&self.data.plan, self.data.today).into_bytes()),
            Job::PlanJson => Ok(json::plan_json(&self.data).into_bytes()),
            Job::SearchIndex => Ok(search::index_js(&self.data).into_bytes()),
            Job::Asset(i) => Ok(self.templates.assets[i].1.clone()),
            _ => Err(anyhow::anyhow!("bug: {job:?} is neither a page nor a file")),
        }
    }

    /// A page of a template, rendered (or fingerprinted) by `pages`; `None`
    /// for the files that are not pages.
    fn page(&self, pages: &pages::Renderer, job: Job) -> Option<anyhow::Result<Vec<u8>>> {
        let page = match job {
            Job::Index => pages.index(),
            Job::Month(i) => pages.month(i),
            Job::Agenda(i) => pages.agenda(i),
            Job::Ideas => pages.ideas(),
            Job::Post(i) => pages.post(PostId(i as u32)),
            Job::Persona(i) => pages.persona(i),
            Job::PainPoint(i) => pages.pain_point(i),
            Job::Feedback => pages.feedback(),
            Job::Flags => pages.flags_page(),
            Job::Campaigns => pages.campaigns(),
            Job::Campaign(i) => pages.campaign(i),
            Job::Owners => pages.owners(),
            Job::Owner(i) => pages.owner(i),
            Job::Week(i) => pages.week(i),
            Job::Changes => pages.changes(),
            Job::Report => pages.report(),
            Job::Calendar | Job::PlanJson | Job::SearchIndex | Job::Asset(_) => return None,
        };
        Some(page.map(|(_, bytes)| bytes))
    }
}

pub(crate) const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a: a fast hash that is the same on every run and machine, for
/// fingerprints kept between builds.
pub(crate) fn fnv(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// This binary's identity: a new build of outcare may render the same data
/// differently, so its pages' fingerprints differ from an older build's.
fn this_build() -> u64 {
    static BUILD: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *BUILD.get_or_init(|| {
        let meta = std::env::current_exe().and_then(std::fs::metadata).ok();
        let size = meta.as_ref().map_or(0, std::fs::Metadata::len);
        let time = meta
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        let hash = fnv(FNV_START, env!("CARGO_PKG_VERSION").as_bytes());
        fnv(fnv(hash, &size.to_le_bytes()), &time.to_le_bytes())
    })
}
