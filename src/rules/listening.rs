//! Do we tell customers what we did with what they told us?

use crate::diagnostic::{Flag, Kind, Rule};
use crate::model::{FeedbackStatus, Plan, PostStatus};

/// `loop-not-closed`: feedback marked `acted` that no post `responds_to`.
pub fn loop_not_closed(plan: &Plan, flags: &mut Vec<Flag>) {
    for (i, item) in plan.feedback.iter().enumerate() {
        if item.status != FeedbackStatus::Acted || !plan.index.responses[i].is_empty() {
            continue;
        }
        let message = format!(
            "we acted on this feedback but no post tells customers what changed: plan one with `responds_to: [{}]` and `intent: respond`, then mark this `closed`",
            item.slug
        );
        flags.push(
            Flag::new(
                Rule::LoopNotClosed,
                Kind::Feedback,
                &item.source.file,
                Some(item.source.pos("status")),
                message,
            )
            .slug(&item.slug),
        );
    }
}

/// `feedback-status`: the status says one thing and the posts that respond to
/// the feedback another: `new` although a post already answers it, or `closed`
/// while no reply has been published yet. Stakeholders read the status; it
/// should say what the replies say.
pub fn feedback_status(plan: &Plan, flags: &mut Vec<Flag>) {
    for (i, item) in plan.feedback.iter().enumerate() {
        let replies = &plan.index.responses[i];
        let Some(first) = replies.first().map(|id| &plan.posts[id.index()]) else {
            continue;
        };
        let published = replies
            .iter()
            .any(|id| plan.posts[id.index()].status == PostStatus::Published);
        let message = match item.status {
            FeedbackStatus::New => format!(
                "this feedback is marked `new`, but `{}` already responds to it: set `status: acknowledged`, or `acted` once you changed something because of it",
                first.slug
            ),
            FeedbackStatus::Closed if !published => format!(
                "this feedback is marked `closed`, but no reply to it is published yet (`{}` is {}): close it once the reply is out, or set `status: acted` until then",
                first.slug,
                first.status.as_str()
            ),
            _ => continue,
        };
        flags.push(
            Flag::new(
                Rule::FeedbackStatus,
                Kind::Feedback,
                &item.source.file,
                Some(item.source.pos("status")),
                message,
            )
            .slug(&item.slug),
        );
    }
}
