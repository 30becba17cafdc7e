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

use crate::diagnostic::Flag;
use crate::model::{Plan, PostId};
use crate::output::SiteFile;
pub use templates::Templates;

/// Every file of the site, sorted by path.
pub fn render(
    plan: &Plan,
    flags: &[Flag],
    templates: &Templates,
    today: Date,
) -> anyhow::Result<Vec<SiteFile>> {
    let data = data::SiteData::new(plan, flags, today);
    let pages = pages::Renderer::new(&data, &templates.tera);
    let mut files = Vec::with_capacity(
        plan.posts.len()
            + plan.personas.len()
            + plan.pain_points.len()
            + 2 * data.months.len()
            + 10,
    );
    let mut add = |page: anyhow::Result<(String, Vec<u8>)>| -> anyhow::Result<()> {
        let (path, bytes) = page?;
        files.push(SiteFile { path, bytes });
        Ok(())
    };
    add(pages.index())?;
    for i in 0..data.months.len() {
        add(pages.month(i))?;
        add(pages.agenda(i))?;
    }
    add(pages.ideas())?;
    for i in 0..plan.posts.len() {
        add(pages.post(PostId(i as u32)))?;
    }
    for i in 0..plan.personas.len() {
        add(pages.persona(i))?;
    }
    let feedback = pages::feedback_by_pain_point(&data);
    for i in 0..plan.pain_points.len() {
        add(pages.pain_point(i, &feedback))?;
    }
    add(pages.feedback())?;
    add(pages.flags_page())?;
    add(Ok((
        "calendar.ics".into(),
        ics::calendar(plan, today).into_bytes(),
    )))?;
    add(Ok((
        "plan.json".into(),
        json::plan_json(&data).into_bytes(),
    )))?;
    for (name, bytes) in &templates.assets {
        add(Ok((name.clone(), bytes.clone())))?;
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
