//! Does each post serve a need of the people it is for, where they are?

use super::{list_or, post_flag};
use crate::diagnostic::{Flag, Rule};
use crate::model::Plan;

/// `no-persona-need`: a post that lists no pain point, or none of whose pain
/// points belongs to a persona it targets.
pub fn no_persona_need(plan: &Plan, flags: &mut Vec<Flag>) {
    // Every post without personas gets the same suggestion, found once: the
    // plan's pain points are many in a large plan.
    let least_served = std::cell::OnceCell::new();
    for post in &plan.posts {
        let serves = post.pain_points.iter().any(|pain| {
            plan.pain_point(*pain)
                .personas
                .iter()
                .any(|p| post.audience.contains(p))
        });
        if serves {
            continue;
        }
        let (message, compared) = if post.pain_points.is_empty() {
            let need = if post.audience.is_empty() {
                *least_served.get_or_init(|| plan.needs_to_suggest(&[]).first().copied())
            } else {
                plan.needs_to_suggest(&post.audience).first().copied()
            }
            .map(|p| plan.pain_point(p).slug.as_str());
            let who = list_or(
                &post
                    .audience
                    .iter()
                    .map(|p| plan.persona(*p).slug.as_str())
                    .collect::<Vec<_>>(),
            );
            let message = match (post.audience.is_empty(), need) {
                (true, None) => "this post names no pain point and no persona, so it serves nobody's need: add `pain_points:` with the need it helps with".to_string(),
                (true, Some(need)) => format!(
                    "this post names no pain point and no persona, so it serves nobody's need: add the need it helps with, such as `pain_points: [{need}]`, the plan's least served"
                ),
                (false, None) => format!(
                    "this post lists no pain point, and {who} has none yet: add a pain point of {who} under content/pain-points/ and list it in `pain_points:`"
                ),
                (false, Some(need)) => format!(
                    "this post lists no pain point: add the need of {who} it helps with, such as `pain_points: [{need}]`"
                ),
            };
            // The need suggested changes as posts elsewhere serve needs: the
            // problem is the same as long as the post is for the same people.
            (message, Some(format!("no pain point, for {who}")))
        } else {
            let pains: Vec<&str> = post
                .pain_points
                .iter()
                .map(|p| plan.pain_point(*p).slug.as_str())
                .collect();
            let who: Vec<&str> = post
                .audience
                .iter()
                .map(|p| plan.persona(*p).slug.as_str())
                .collect();
            let owners: Vec<&str> = post
                .pain_points
                .iter()
                .flat_map(|p| plan.pain_point(*p).personas.iter())
                .map(|p| plan.persona(*p).slug.as_str())
                .collect();
            let mut owners = owners;
            owners.sort();
            owners.dedup();
            let message = format!(
                "none of its pain points ({}) is a need of {}: add a pain point of {}, or target a persona that has {}",
                list_or(&pains),
                list_or(&who),
                list_or(&who),
                if owners.is_empty() {
                    list_or(&pains)
                } else {
                    format!("it, such as {}", list_or(&owners))
                }
            );
            (message, None)
        };
        let key = if post.pain_points.is_empty() {
            "title"
        } else {
            "pain_points"
        };
        let flag = post_flag(Rule::NoPersonaNeed, post, key, message);
        flags.push(match compared {
            Some(text) => flag.compared_as(text),
            None => flag,
        });
    }
}

/// `wrong-channel`: a post on a channel where none of its personas hangs out.
pub fn wrong_channel(plan: &Plan, flags: &mut Vec<Flag>) {
    for post in &plan.posts {
        if post.audience.is_empty() {
            continue;
        }
        let heard = post
            .audience
            .iter()
            .any(|p| plan.persona(*p).channels.contains(&post.channel));
        if heard {
            continue;
        }
        let who: Vec<&str> = post
            .audience
            .iter()
            .map(|p| plan.persona(*p).slug.as_str())
            .collect();
        let mut channels: Vec<&str> = post
            .audience
            .iter()
            .flat_map(|p| plan.persona(*p).channels.iter().map(String::as_str))
            .collect();
        channels.sort();
        channels.dedup();
        let message = if channels.is_empty() {
            format!(
                "{} lists no channels, so `{}` reaches nobody it is for: add the channels they use to the persona",
                list_or(&who),
                post.channel
            )
        } else {
            let nobody = match who.as_slice() {
                [one] => format!("`{one}` does not hang out"),
                [first, second] => format!("neither `{first}` nor `{second}` hangs out"),
                _ => format!("none of {} hangs out", super::list_and(&who)),
            };
            format!(
                "{nobody} on `{}`: move this post to {}, or target a persona who is on `{}`",
                post.channel,
                list_or(&channels),
                post.channel
            )
        };
        flags.push(post_flag(Rule::WrongChannel, post, "channel", message));
    }
}
