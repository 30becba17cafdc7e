//! Plan + flags → the site's files, in memory. Nothing here touches the
//! output folder: `output` writes what this returns.
//!
//! `SiteData` is computed once; every page is then rendered on its own from
//! it, so a page's cost does not grow with the number of pages.

mod charts;
mod data;
pub mod ics;
mod json;
pub mod markdown;
mod pages;
pub mod templates;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::diagnostic::Flag;
use crate::model::{Plan, PostId};
use crate::output::SiteFile;
pub use templates::Templates;

/// One page to render; pages are independent, so they render in parallel.
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
}

/// Every file of the site, sorted by path.
pub fn render(
    plan: &Plan,
    flags: &[Flag],
    templates: &Templates,
    today: Date,
) -> anyhow::Result<Vec<SiteFile>> {
    let data = data::SiteData::new(plan, flags, today);
    let pages = pages::Renderer::new(&data, &templates.tera);
    let feedback = pages::feedback_by_pain_point(&data);
    let mut jobs = vec![Job::Index, Job::Ideas, Job::Feedback, Job::Flags];
    jobs.extend((0..data.months.len()).flat_map(|i| [Job::Month(i), Job::Agenda(i)]));
    jobs.extend((0..plan.posts.len()).map(Job::Post));
    jobs.extend((0..plan.personas.len()).map(Job::Persona));
    jobs.extend((0..plan.pain_points.len()).map(Job::PainPoint));
    let rendered: Vec<(String, Vec<u8>)> = jobs
        .par_iter()
        .map(|job| match job {
            Job::Index => pages.index(),
            Job::Month(i) => pages.month(*i),
            Job::Agenda(i) => pages.agenda(*i),
            Job::Ideas => pages.ideas(),
            Job::Post(i) => pages.post(PostId(*i as u32)),
            Job::Persona(i) => pages.persona(*i),
            Job::PainPoint(i) => pages.pain_point(*i, &feedback),
            Job::Feedback => pages.feedback(),
            Job::Flags => pages.flags_page(),
        })
        .collect::<anyhow::Result<_>>()?;
    let mut files: Vec<SiteFile> = rendered
        .into_iter()
        .map(|(path, bytes)| SiteFile { path, bytes })
        .collect();
    files.push(SiteFile {
        path: "calendar.ics".into(),
        bytes: ics::calendar(plan, today).into_bytes(),
    });
    files.push(SiteFile {
        path: "plan.json".into(),
        bytes: json::plan_json(&data).into_bytes(),
    });
    for (name, bytes) in &templates.assets {
        files.push(SiteFile {
            path: name.clone(),
            bytes: bytes.clone(),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
