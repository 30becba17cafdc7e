//! Do we tell customers what we did with what they told us?

use crate::diagnostic::{Flag, Kind, Rule};
use crate::model::{FeedbackStatus, Plan};

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
