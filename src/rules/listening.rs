//! Do we tell customers what we did with what they told us?

use jiff::civil::Date;

use crate::diagnostic::{Flag, Kind, Rule};
use crate::model::{FeedbackStatus, Plan, PostStatus, days_between};

use super::post_flag;

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

/// `feedback-waiting`: feedback still `new` more than `answer_days` after it
/// was received, with no post answering it yet (`feedback-status` speaks of
/// one that a post answers while still marked `new`).
pub fn feedback_waiting(plan: &Plan, today: Date, flags: &mut Vec<Flag>) {
    let limit = i64::from(plan.config.rules.answer_days);
    for (i, item) in plan.feedback.iter().enumerate() {
        if item.status != FeedbackStatus::New || !plan.index.responses[i].is_empty() {
            continue;
        }
        let waited = days_between(item.received, today);
        if waited <= limit {
            continue;
        }
        let message = format!(
            "received {} ({waited} day{} ago) and still `new`: tell the customer it was heard and set `status: acknowledged`, or plan a post with `responds_to: [{}]`",
            item.received,
            if waited == 1 { "" } else { "s" },
            item.slug
        );
        let key = if item.source.has("status") {
            "status"
        } else {
            "received"
        };
        flags.push(
            Flag::new(
                Rule::FeedbackWaiting,
                Kind::Feedback,
                &item.source.file,
                Some(item.source.pos(key)),
                message,
            )
            .slug(&item.slug),
        );
    }
}

/// `reply-before-feedback`: a post that responds to feedback but goes out,
/// every time it goes out, before that feedback was received. One of the two
/// dates is wrong, and the care report would otherwise count a reply that came
/// before the question.
pub fn reply_before_feedback(plan: &Plan, flags: &mut Vec<Flag>) {
    for post in &plan.posts {
        let Some(&last) = post.dates.last() else {
            continue;
        };
        for id in &post.responds_to {
            let item = &plan.feedback[id.index()];
            if last >= item.received {
                continue;
            }
            let message = format!(
                "this post responds to `{}`, received {}, but goes out {}, before it arrived: correct the post's `date:` or the feedback's `received:`",
                item.slug, item.received, last
            );
            flags.push(post_flag(
                Rule::ReplyBeforeFeedback,
                post,
                "responds_to",
                message,
            ));
        }
    }
}
