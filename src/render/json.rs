//! `plan.json`: the plan and its flags as data, for other tools.

use serde_json::{Value, json};

use super::data::{self, SiteData};
use crate::diagnostic::Flag;
use crate::model::FeedbackShown;

/// `plan.json`. A post's `url` is absolute when `base_url` is set, relative
/// to the site's top otherwise.
pub fn plan_json(data: &SiteData) -> String {
    let plan = &*data.plan;
    let base = plan
        .config
        .base_url
        .as_deref()
        .map(|url| format!("{}/", url.trim_end_matches('/')));
    let slugs =
        |links: &[data::Link]| -> Vec<String> { links.iter().map(|l| l.slug.clone()).collect() };
    let posts: Vec<Value> = plan
        .posts
        .iter()
        .zip(&data.cards)
        .map(|(post, card)| {
            json!({
                "slug": post.slug,
                "title": post.title,
                "date": post.date.map(|w| w.date.to_string()),
                "time": card.time,
                "repeat": card.repeat,
                "until": post.repeat.map(|s| s.until.to_string()),
                "dates": post.dates.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "channel": post.channel,
                "personas": slugs(&card.personas),
                "pain_points": slugs(&card.pain_points),
                "status": card.status,
                "intent": card.intent,
                "stage": card.stage,
                "owner": post.owner,
                "owner_slug": card.owner_slug,
                "campaign": post.campaign,
                "campaign_slug": card.campaign_slug,
                "tags": post.tags,
                "responds_to": slugs(&card.responds_to),
                "file": post.source.file,
                "url": match &base {
                    Some(base) => format!("{base}{}", card.url),
                    None => card.url.clone(),
                },
            })
        })
        .collect();
    let personas: Vec<Value> = plan
        .personas
        .iter()
        .map(|p| json!({"slug": p.slug, "name": p.name, "summary": p.summary, "channels": p.channels, "file": p.source.file}))
        .collect();
    let pain_points: Vec<Value> = plan
        .pain_points
        .iter()
        .map(|p| {
            json!({
                "slug": p.slug,
                "title": p.title,
                "personas": p.personas.iter().map(|i| plan.persona(*i).slug.clone()).collect::<Vec<_>>(),
                "priority": p.priority.as_str(),
                "file": p.source.file,
            })
        })
        .collect();
    let full = plan.config.publish.feedback == FeedbackShown::Full;
    let feedback: Vec<Value> = plan
        .feedback
        .iter()
        .map(|f| {
            let mut item = json!({
                "slug": f.slug,
                "title": f.title,
                "received": f.received.to_string(),
                "personas": f.personas.iter().map(|i| plan.persona(*i).slug.clone()).collect::<Vec<_>>(),
                "pain_points": f.pain_points.iter().map(|i| plan.pain_point(*i).slug.clone()).collect::<Vec<_>>(),
                "status": f.status.as_str(),
                "change": f.change,
                "file": f.source.file,
            });
            // What the customer said: only under `publish: {feedback: full}`,
            // and without the comments no page shows.
            if full {
                item["body"] = json!(crate::model::without_comments(&f.body));
            }
            item
        })
        .collect();
    // Campaigns and owners as the site groups them, so other tools read the same views.
    let group = |g: &crate::model::Group, url: String| {
        json!({
            "slug": g.slug,
            "name": g.name,
            "posts": g.posts.iter().map(|id| &plan.post(*id).slug).collect::<Vec<_>>(),
            "url": match &base {
                Some(base) => format!("{base}{url}"),
                None => url,
            },
        })
    };
    let campaigns: Vec<Value> = plan
        .index
        .campaigns
        .iter()
        .map(|g| group(g, data::campaign_url(&g.slug)))
        .collect();
    let owners: Vec<Value> = plan
        .index
        .owners
        .iter()
        .map(|g| group(g, data::owner_url(&g.slug)))
        .collect();
    // The very flags `check --format json` prints, serialised the same way.
    let flags: Vec<&Flag> = data.flags.iter().map(|view| &view.flag).collect();
    let mut out = serde_json::to_string_pretty(&json!({
        "title": plan.config.title,
        "posts": posts,
        "personas": personas,
        "pain_points": pain_points,
        "feedback": feedback,
        "campaigns": campaigns,
        "owners": owners,
        "flags": flags,
        "changes": data.changes,
        "report": {"months": data.figures},
    }))
    .unwrap_or_default();
    out.push('\n');
    out
}
