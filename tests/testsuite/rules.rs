//! Each rule: a small plan that fires it, and a near miss that does not.

use outcare::diagnostic::{Rule, Severity};

use crate::support::{TestPlan, healthy};

#[test]
fn the_healthy_base_has_no_flags() {
    assert_eq!(healthy().flags(), vec![]);
}

#[test]
fn no_persona_need_fires_without_a_pain_point() {
    let plan = healthy().post(
        "like-us",
        "title: Like our page\ndate: 2026-03-03\nchannel: blog\npersonas: [runner]",
    );
    let flags = plan.flags_of(Rule::NoPersonaNeed);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert_eq!(flags[0].file, "content/posts/like-us.md");
    assert_eq!(flags[0].line, Some(2));
    assert!(
        flags[0].message.contains("`pain_points: [knee-pain]`"),
        "{}",
        flags[0].message
    );
}

#[test]
fn no_persona_need_fires_when_the_pain_point_is_someone_elses() {
    let plan = healthy()
        .persona("buyer", "[blog]")
        .post(
            "for-buyer",
            "title: For buyers\ndate: 2026-03-04\nchannel: blog\npersonas: [buyer]\npain_points: [knee-pain]",
        );
    let flags = plan.flags_of(Rule::NoPersonaNeed);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert_eq!(flags[0].line, Some(6), "points at pain_points");
    assert!(
        flags[0].message.contains(
            "add a pain point of `buyer`, or target a persona that has it, such as `runner`"
        ),
        "{}",
        flags[0].message
    );
    // Near miss: the pain point's own persona is among the targets.
    let plan = healthy().persona("buyer", "[blog]").post(
        "for-both",
        "title: For both\ndate: 2026-03-04\nchannel: blog\npersonas: [buyer, runner]\npain_points: [knee-pain]",
    );
    assert_eq!(plan.flags_of(Rule::NoPersonaNeed), vec![]);
}

#[test]
fn wrong_channel_fires_where_nobody_hangs_out() {
    let plan = healthy().post(
        "on-linkedin",
        "title: On LinkedIn\ndate: 2026-03-04\nchannel: linkedin\npain_points: [knee-pain]",
    );
    let flags = plan.flags_of(Rule::WrongChannel);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert_eq!((flags[0].line, flags[0].column), (Some(4), Some(10)));
    assert!(
        flags[0].message.contains(
            "`runner` does not hang out on `linkedin`: move this post to `blog` or `instagram`"
        ),
        "{}",
        flags[0].message
    );
    // Near miss: one of two personas is there.
    let plan = healthy().persona("pro", "[linkedin]").post(
        "on-linkedin",
        "title: On LinkedIn\ndate: 2026-03-04\nchannel: linkedin\npersonas: [runner, pro]\npain_points: [knee-pain]",
    );
    assert_eq!(plan.flags_of(Rule::WrongChannel), vec![]);
}

fn promo(slug: &str, date: &str, intent: &str) -> (String, String) {
    (
        slug.to_string(),
        format!(
            "title: {slug}\ndate: {date}\nchannel: instagram\npain_points: [knee-pain]\nintent: {intent}"
        ),
    )
}

#[test]
fn promo_heavy_fires_above_the_share_in_a_channel_month() {
    // 2 of 5 instagram posts in March promote: 40% > 20%. Another promotion in April does not count.
    let mut plan = healthy();
    for (slug, fm) in [
        promo("a", "2026-03-02", "educate"),
        promo("b", "2026-03-09", "promote"),
        promo("c", "2026-03-16", "engage"),
        promo("d", "2026-03-23", "promote"),
        promo("e", "2026-03-30", "listen"),
        promo("f", "2026-04-01", "educate"),
    ] {
        plan = plan.post(&slug, &fm);
    }
    let flags = plan.flags_of(Rule::PromoHeavy);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert_eq!(
        flags[0].slug.as_deref(),
        Some("d"),
        "on the promotion that tipped it"
    );
    assert!(
        flags[0]
            .message
            .contains("2 of 5 `instagram` posts in March 2026 promote (40%; the plan allows 20%)"),
        "{}",
        flags[0].message
    );
}

#[test]
fn promo_heavy_near_miss_at_exactly_the_share() {
    // 1 of 5 is exactly 20%: allowed.
    let mut plan = healthy();
    for (slug, fm) in [
        promo("a", "2026-03-02", "educate"),
        promo("b", "2026-03-09", "promote"),
        promo("c", "2026-03-16", "engage"),
        promo("d", "2026-03-23", "educate"),
        promo("e", "2026-03-30", "listen"),
    ] {
        plan = plan.post(&slug, &fm);
    }
    assert_eq!(plan.flags_of(Rule::PromoHeavy), vec![]);
}

#[test]
fn promo_share_comes_from_the_config() {
    // `a` and `b` are instagram's only posts: 2 of 2, 100%.
    let plan = healthy()
        .config("rules:\n  promo_share_max: 0.5\n")
        .post("a", &promo("a", "2026-03-03", "promote").1)
        .post("b", &promo("b", "2026-03-10", "promote").1);
    assert_eq!(plan.flags_of(Rule::PromoHeavy).len(), 1);
    let plan = healthy().config("rules:\n  promo_share_max: 0.5\n").post(
        "a",
        "title: a\ndate: 2026-03-03\nchannel: blog\npain_points: [knee-pain]\nintent: promote",
    );
    assert_eq!(
        plan.flags_of(Rule::PromoHeavy),
        vec![],
        "1 of 2 blog posts is 50%"
    );
}

#[test]
fn promo_heavy_lets_one_promotion_pass_in_a_quiet_month() {
    // 1 of 2 blog posts promotes: 50%, but a month of fewer than
    // `promo_min_posts` (5) posts may hold one promotion.
    let one = healthy().post(
        "sale",
        "title: Sale\ndate: 2026-03-09\nchannel: blog\npain_points: [knee-pain]\nintent: promote",
    );
    assert_eq!(one.flags_of(Rule::PromoHeavy), vec![]);
    // Two promotions in a quiet month still crowd it.
    let two = healthy()
        .post("a", &promo("a", "2026-03-03", "promote").1)
        .post("b", &promo("b", "2026-03-10", "promote").1)
        .post("c", &promo("c", "2026-03-17", "educate").1);
    assert_eq!(two.flags_of(Rule::PromoHeavy).len(), 1);
    // The minimum is a setting: at 2, one promotion of 2 posts is judged by its share.
    let strict = healthy().config("rules:\n  promo_min_posts: 2\n").post(
        "sale",
        "title: Sale\ndate: 2026-03-09\nchannel: blog\npain_points: [knee-pain]\nintent: promote",
    );
    assert_eq!(strict.flags_of(Rule::PromoHeavy).len(), 1);
}

#[test]
fn feedback_status_fires_when_the_status_and_the_replies_disagree() {
    let reply = |status: &str| {
        format!(
            "title: Half sizes\ndate: 2026-03-03\nchannel: blog\npain_points: [knee-pain]\nintent: respond\nresponds_to: [sizes]\nstatus: {status}"
        )
    };
    // `new`, yet a post answers it.
    let plan = healthy()
        .entry(
            "feedback",
            "sizes",
            "title: Sizes\nreceived: 2026-02-01\nstatus: new",
            "",
        )
        .post("reply", &reply("draft"));
    let flags = plan.flags_of(Rule::FeedbackStatus);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert_eq!(flags[0].line, Some(4), "points at status");
    assert!(flags[0].message.contains("`reply` already responds"));
    // `closed`, yet its only reply is not out.
    let plan = healthy()
        .entry(
            "feedback",
            "sizes",
            "title: Sizes\nreceived: 2026-02-01\nstatus: closed",
            "",
        )
        .post("reply", &reply("scheduled"));
    assert_eq!(plan.flags_of(Rule::FeedbackStatus).len(), 1);
    // Near misses: closed with a published reply; new with no reply; acknowledged with one.
    let plan = healthy()
        .entry(
            "feedback",
            "sizes",
            "title: Sizes\nreceived: 2026-02-01\nstatus: closed",
            "",
        )
        .post("reply", &reply("published"));
    assert_eq!(plan.flags_of(Rule::FeedbackStatus), vec![]);
    let plan = healthy().entry(
        "feedback",
        "sizes",
        "title: Sizes\nreceived: 2026-02-01",
        "",
    );
    assert_eq!(plan.flags_of(Rule::FeedbackStatus), vec![]);
    let plan = healthy()
        .entry(
            "feedback",
            "sizes",
            "title: Sizes\nreceived: 2026-02-01\nstatus: acknowledged",
            "",
        )
        .post("reply", &reply("draft"));
    assert_eq!(plan.flags_of(Rule::FeedbackStatus), vec![]);
}

#[test]
fn reply_before_feedback_fires_on_a_reply_that_goes_out_before_the_feedback_came_in() {
    let reply = |date: &str, rest: &str| {
        format!(
            "title: Half sizes\ndate: {date}\nchannel: blog\npain_points: [knee-pain]\nintent: respond\nresponds_to: [sizes]{rest}"
        )
    };
    let feedback = "title: Sizes\nreceived: 2026-03-10\nstatus: acknowledged";
    let plan = healthy()
        .entry("feedback", "sizes", feedback, "")
        .post("reply", &reply("2026-03-03", ""));
    let flags = plan.flags_of(Rule::ReplyBeforeFeedback);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert_eq!(flags[0].slug.as_deref(), Some("reply"));
    assert_eq!(flags[0].line, Some(7), "points at responds_to");
    assert!(
        flags[0].message.contains("2026-03-10") && flags[0].message.contains("2026-03-03"),
        "{}",
        flags[0].message
    );
    // Near misses: the same day; a series whose later dates come after it.
    let same_day = healthy()
        .entry("feedback", "sizes", feedback, "")
        .post("reply", &reply("2026-03-10", ""));
    assert_eq!(same_day.flags_of(Rule::ReplyBeforeFeedback), vec![]);
    let series = healthy().entry("feedback", "sizes", feedback, "").post(
        "reply",
        &reply("2026-03-03", "\nrepeat: weekly\nuntil: 2026-03-24"),
    );
    assert_eq!(series.flags_of(Rule::ReplyBeforeFeedback), vec![]);
}

#[test]
fn repeated_content_fires_on_the_same_title_within_the_window() {
    let plan = healthy().post(
        "stretches-again",
        "title: '  STRETCHES!'\ndate: 2026-03-09\nchannel: blog\npain_points: [knee-pain]",
    );
    let flags = plan.flags_of(Rule::RepeatedContent);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert_eq!(flags[0].slug.as_deref(), Some("stretches-again"));
    assert!(
        flags[0]
            .message
            .contains("the same title as `stretches` on `blog` 7 days earlier"),
        "{}",
        flags[0].message
    );
}

#[test]
fn repeated_content_near_misses() {
    // Eight days later, or on another channel, or another title: not repeated.
    let plan = healthy()
        .post(
            "later",
            "title: Stretches\ndate: 2026-03-10\nchannel: blog\npain_points: [knee-pain]",
        )
        .post(
            "elsewhere",
            "title: Stretches\ndate: 2026-03-03\nchannel: instagram\npain_points: [knee-pain]",
        )
        .post(
            "other",
            "title: Stretches for hips\ndate: 2026-03-04\nchannel: blog\npain_points: [knee-pain]",
        );
    assert_eq!(plan.flags_of(Rule::RepeatedContent), vec![]);
}

#[test]
fn repeated_content_fires_on_nearly_the_same_body() {
    let body = "Five stretches that take ten minutes after every run and keep your knees happy through the whole marathon season";
    let plan = healthy()
        .entry("posts", "one", "title: One\ndate: 2026-03-03\nchannel: blog\npain_points: [knee-pain]", body)
        .entry("posts", "two", "title: Two\ndate: 2026-03-05\nchannel: blog\npain_points: [knee-pain]", &format!("{body}!"))
        .entry(
            "posts",
            "three",
            "title: Three\ndate: 2026-03-06\nchannel: blog\npain_points: [knee-pain]",
            "Five stretches that take ten minutes after every run, but this time for hips and ankles rather than the knees",
        );
    let flags = plan.flags_of(Rule::RepeatedContent);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert_eq!(flags[0].slug.as_deref(), Some("two"));
    assert!(flags[0].message.contains("nearly the same text as `one`"));
}

#[test]
fn repeated_content_leaves_alone_two_posts_fresh_from_new() {
    let plan = healthy();
    for (slug, date) in [("new-dvds", "2026-03-03"), ("craft-night", "2026-03-05")] {
        let run = plan.run(&[
            "new",
            "post",
            slug,
            "--date",
            date,
            "--channel",
            "blog",
            "--pain-point",
            "knee-pain",
        ]);
        assert_eq!(run.code(), 0, "{}", run.stderr());
    }
    assert_eq!(plan.flags_of(Rule::RepeatedContent), vec![]);
}

#[test]
fn repeated_content_compares_only_bodies_with_something_to_say() {
    let post = |date: &str| format!("date: {date}\nchannel: blog\npain_points: [knee-pain]");
    let pair = |one: &str, two: &str| {
        healthy()
            .entry(
                "posts",
                "one",
                &format!("title: One\n{}", post("2026-03-03")),
                one,
            )
            .entry(
                "posts",
                "two",
                &format!("title: Two\n{}", post("2026-03-05")),
                two,
            )
            .flags_of(Rule::RepeatedContent)
    };
    // What earlier versions of `new` wrote, as text.
    let placeholder = "What the post says, and what the reader should take away from it.";
    assert_eq!(pair(placeholder, placeholder), vec![]);
    // Notes in comments are not what the post says.
    let note = "<!-- Ask Maria for the photos of the craft night, and check the opening hours of every branch first -->";
    assert_eq!(pair(note, note), vec![]);
    // Eleven words: under MIN_BODY_WORDS (12), too short to compare.
    let short = "Story time at the Main branch with songs and a craft";
    assert_eq!(pair(short, short), vec![]);

    // Near misses: twelve equal words, with or without a comment beside
    // them, are the same text.
    let twelve = "Story time at the Main branch with songs and a craft today";
    for (one, two) in [
        (twelve.to_string(), twelve.to_string()),
        (format!("{note}\n\n{twelve}"), twelve.to_string()),
    ] {
        let flags = pair(&one, &two);
        assert_eq!(flags.len(), 1, "{one:?} {two:?}: {flags:#?}");
        assert!(
            flags[0].message.contains("nearly the same text as `one`"),
            "{}",
            flags[0].message
        );
    }
}

/// Posts titled "Story time" on `blog`, one on each of `dates`.
fn story_times(config: &str, dates: &[&str]) -> Vec<outcare::diagnostic::Flag> {
    let mut plan = healthy().config(config);
    for (n, date) in dates.iter().enumerate() {
        plan = plan.post(
            &format!("story-time-{}", n + 1),
            &format!("title: Story time\ndate: {date}\nchannel: blog\npain_points: [knee-pain]"),
        );
    }
    plan.flags_of(Rule::RepeatedContent)
}

#[test]
fn repeated_content_makes_copies_at_a_steady_interval_one_series() {
    let weekly = [
        "2026-03-03",
        "2026-03-10",
        "2026-03-17",
        "2026-03-24",
        "2026-03-31",
        "2026-04-07",
        "2026-04-14",
    ];
    let flags = story_times("", &weekly);
    assert_eq!(flags.len(), 6, "{flags:#?}");
    assert_eq!(flags[0].file, "content/posts/story-time-2.md");
    assert_eq!(flags[0].line, Some(2));
    assert_eq!(
        flags[5].message,
        "the same title as `story-time-6` on `blog` 7 days earlier, one of 7 posts with this title \
         a week apart from 2026-03-03 to 2026-04-14: make them one post, `story-time-1` with \
         `repeat: weekly` and `until: 2026-04-14`, and delete the other 6"
    );
    for flag in &flags {
        assert!(
            flag.message
                .contains("`repeat: weekly` and `until: 2026-04-14`"),
            "{}",
            flag.message
        );
    }
    // Longer intervals are repeats only inside a longer window.
    let flags = story_times(
        "rules:\n  repeat_window_days: 14\n",
        &["2026-03-03", "2026-03-17", "2026-03-31"],
    );
    assert_eq!(flags.len(), 2, "{flags:#?}");
    assert!(
        flags[1]
            .message
            .ends_with("two weeks apart from 2026-03-03 to 2026-03-31: make them one post, `story-time-1` with `repeat: fortnightly` and `until: 2026-03-31`, and delete the other 2"),
        "{}",
        flags[1].message
    );
    let flags = story_times(
        "rules:\n  repeat_window_days: 31\n",
        &["2026-03-03", "2026-04-03", "2026-05-03"],
    );
    assert_eq!(flags.len(), 2, "{flags:#?}");
    assert!(
        flags[1]
            .message
            .contains("a month apart from 2026-03-03 to 2026-05-03: make them one post, `story-time-1` with `repeat: monthly` and `until: 2026-05-03`"),
        "{}",
        flags[1].message
    );
}

#[test]
fn repeated_content_near_misses_for_copies_at_a_steady_interval() {
    let today = |flags: &[outcare::diagnostic::Flag]| {
        assert!(!flags.is_empty());
        for flag in flags {
            assert!(
                flag.message
                    .ends_with("say something new, or space them more than 7 days apart")
                    && !flag.message.contains("repeat:"),
                "{}",
                flag.message
            );
        }
    };
    // Two copies are a repeat, not yet a rhythm.
    today(&story_times("", &["2026-03-03", "2026-03-10"]));
    // Gaps that differ.
    today(&story_times(
        "",
        &["2026-03-03", "2026-03-10", "2026-03-16"],
    ));
    // A steady interval that `repeat:` has no word for.
    today(&story_times(
        "",
        &["2026-03-03", "2026-03-06", "2026-03-09"],
    ));
    today(&story_times(
        "",
        &["2026-03-03", "2026-03-03", "2026-03-03"],
    ));
    // Not three copies: one series and a copy of it.
    let plan = healthy()
        .post(
            "story-time",
            "title: Story time\ndate: 2026-03-03\nrepeat: weekly\nuntil: 2026-03-10\nchannel: blog\npain_points: [knee-pain]",
        )
        .post(
            "story-time-again",
            "title: Story time\ndate: 2026-03-17\nchannel: blog\npain_points: [knee-pain]",
        );
    today(&plan.flags_of(Rule::RepeatedContent));
}

#[test]
fn explain_repeated_content_tells_of_copies_at_a_steady_interval() {
    let run = healthy().run(&["explain", "repeated-content"]);
    assert_eq!(run.code(), 0, "{}", run.stderr());
    assert!(
        run.stdout().contains("`repeat: weekly`"),
        "{}",
        run.stdout()
    );
    assert!(run.stdout().contains("`until:`"), "{}", run.stdout());
}

#[test]
fn unserved_pain_point_fires_when_only_ideas_serve_it() {
    let plan = healthy().pain_point("blisters", "[runner]").post(
        "idea",
        "title: Blister kit\nstatus: idea\nchannel: blog\npain_points: [blisters]",
    );
    let flags = plan.flags_of(Rule::UnservedPainPoint);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert_eq!(flags[0].file, "content/pain-points/blisters.md");
    assert!(
        flags[0].message.contains("(1 undated idea only)"),
        "{}",
        flags[0].message
    );
    // Near miss: the idea gets a date.
    let plan = healthy()
        .pain_point("blisters", "[runner]")
        .post("idea", "title: Blister kit\nstatus: idea\ndate: 2026-04-01\nchannel: blog\npain_points: [blisters]");
    assert_eq!(plan.flags_of(Rule::UnservedPainPoint), vec![]);
}

fn runner_posts(dates: &[&str]) -> TestPlan {
    let mut plan = TestPlan::new()
        .persona("runner", "[blog]")
        .persona("walker", "[blog]")
        .pain_point("knee-pain", "[runner]")
        .pain_point("sore-feet", "[walker]");
    for (i, date) in dates.iter().enumerate() {
        plan = plan.post(
            &format!("r{i}"),
            &format!("title: r{i}\ndate: {date}\nchannel: blog\npain_points: [knee-pain]"),
        );
    }
    plan.post(
        "w0",
        "title: w0\ndate: 2026-03-01\nchannel: blog\npain_points: [sore-feet]",
    )
    .post(
        "w1",
        "title: w1\ndate: 2026-03-20\nchannel: blog\npain_points: [sore-feet]",
    )
    .post(
        "w2",
        "title: w2\ndate: 2026-04-10\nchannel: blog\npain_points: [sore-feet]",
    )
}

#[test]
fn silent_persona_fires_on_a_long_gap() {
    // The plan runs 2026-03-01..2026-04-10; runner hears nothing from 03-05 to 03-28.
    let plan = runner_posts(&["2026-03-05", "2026-03-28", "2026-04-10"]);
    let flags = plan.flags_of(Rule::SilentPersona);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert_eq!(flags[0].slug.as_deref(), Some("runner"));
    assert!(
        flags[0]
            .message
            .contains("from 2026-03-05 to 2026-03-28 (23 days; at most 21)"),
        "{}",
        flags[0].message
    );
}

#[test]
fn silent_persona_near_miss_at_exactly_the_limit() {
    let plan = runner_posts(&["2026-03-05", "2026-03-26", "2026-04-10"]);
    assert_eq!(plan.flags_of(Rule::SilentPersona), vec![]);
}

#[test]
fn silent_persona_counts_the_gap_before_the_first_post() {
    let plan = runner_posts(&["2026-03-25", "2026-04-10"]);
    let flags = plan.flags_of(Rule::SilentPersona);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert!(
        flags[0].message.contains("from 2026-03-01 to 2026-03-25"),
        "{}",
        flags[0].message
    );
}

#[test]
fn loop_not_closed_fires_on_acted_feedback_nobody_answers() {
    let plan = healthy().entry(
        "feedback",
        "sizes",
        "title: Sizes run small\nreceived: 2026-02-01\nstatus: acted\nchange: Half sizes",
        "",
    );
    let flags = plan.flags_of(Rule::LoopNotClosed);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert_eq!(flags[0].line, Some(4), "points at status");
    // Near misses: a post responds to it; or it is only acknowledged.
    let plan = healthy()
        .entry("feedback", "sizes", "title: Sizes\nreceived: 2026-02-01\nstatus: acted", "")
        .post("reply", "title: Half sizes\ndate: 2026-03-03\nchannel: blog\npain_points: [knee-pain]\nintent: respond\nresponds_to: [sizes]");
    assert_eq!(plan.flags_of(Rule::LoopNotClosed), vec![]);
    let plan = healthy().entry(
        "feedback",
        "sizes",
        "title: Sizes\nreceived: 2026-02-01\nstatus: acknowledged",
        "",
    );
    assert_eq!(plan.flags_of(Rule::LoopNotClosed), vec![]);
}

#[test]
fn overdue_fires_before_today_unless_published() {
    // Today is 2026-03-01.
    let plan = healthy()
        .post("late", "title: Late\ndate: 2026-02-27\nchannel: blog\npain_points: [knee-pain]\nstatus: scheduled")
        .post("done", "title: Done\ndate: 2026-02-26\nchannel: blog\npain_points: [knee-pain]\nstatus: published")
        .post("today", "title: Today\ndate: 2026-03-01T18:00\nchannel: blog\npain_points: [knee-pain]");
    let flags = plan.flags_of(Rule::Overdue);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert_eq!(flags[0].slug.as_deref(), Some("late"));
    assert_eq!(flags[0].line, Some(3));
    assert!(
        flags[0]
            .message
            .contains("dated 2026-02-27 (2 days ago) but still `scheduled`"),
        "{}",
        flags[0].message
    );
}

#[test]
fn off_cadence_fires_on_a_week_outside_per_week() {
    let config = "channels:\n  blog:\n    name: Blog\n    per_week: [1, 2]\n  instagram: {name: Instagram}\n";
    // Weeks of 2026-03-02, -09, -16: one, none, three blog posts.
    let plan = healthy()
        .config(config)
        .post(
            "b",
            "title: b\ndate: 2026-03-16\nchannel: blog\npain_points: [knee-pain]",
        )
        .post(
            "c",
            "title: c\ndate: 2026-03-17\nchannel: blog\npain_points: [knee-pain]",
        )
        .post(
            "d",
            "title: d\ndate: 2026-03-18\nchannel: blog\npain_points: [knee-pain]",
        );
    let flags = plan.flags_of(Rule::OffCadence);
    assert_eq!(flags.len(), 2, "{flags:#?}");
    assert_eq!(flags[0].file, "outcare.yaml");
    assert_eq!(flags[0].line, Some(4));
    assert!(flags[0].message.contains("`blog` has 0 posts in the week of 2026-03-09 (2026-W11), but `per_week` asks for 1 to 2: plan 1 more that week"), "{}", flags[0].message);
    assert!(
        flags[1]
            .message
            .contains("has 3 posts in the week of 2026-03-16"),
        "{}",
        flags[1].message
    );
    // Near miss: within bounds every week.
    let plan = healthy()
        .config(config)
        .post(
            "b",
            "title: b\ndate: 2026-03-10\nchannel: blog\npain_points: [knee-pain]",
        )
        .post(
            "c",
            "title: c\ndate: 2026-03-16\nchannel: blog\npain_points: [knee-pain]",
        )
        .post(
            "d",
            "title: d\ndate: 2026-03-22\nchannel: blog\npain_points: [knee-pain]",
        );
    assert_eq!(plan.flags_of(Rule::OffCadence), vec![]);
}

#[test]
fn off_cadence_leaves_partial_edge_weeks_with_few_posts_alone() {
    // The plan runs Thursday 2026-03-05 to Tuesday 2026-03-17: its first and
    // last weeks are partial, each with one blog post where two are wanted.
    let config = "channels:\n  blog:\n    name: Blog\n    per_week: [2, 3]\n";
    let plan = TestPlan::new()
        .config(config)
        .persona("runner", "[blog]")
        .pain_point("knee-pain", "[runner]")
        .post(
            "a",
            "title: a\ndate: 2026-03-05\nchannel: blog\npain_points: [knee-pain]",
        )
        .post(
            "b",
            "title: b\ndate: 2026-03-09\nchannel: blog\npain_points: [knee-pain]",
        )
        .post(
            "c",
            "title: c\ndate: 2026-03-11\nchannel: blog\npain_points: [knee-pain]",
        )
        .post(
            "d",
            "title: d\ndate: 2026-03-17\nchannel: blog\npain_points: [knee-pain]",
        );
    assert_eq!(plan.flags_of(Rule::OffCadence), vec![]);
    // Near miss: the same full middle week with one post is flagged.
    let plan = TestPlan::new()
        .config(config)
        .persona("runner", "[blog]")
        .pain_point("knee-pain", "[runner]")
        .post(
            "a",
            "title: a\ndate: 2026-03-05\nchannel: blog\npain_points: [knee-pain]",
        )
        .post(
            "b",
            "title: b\ndate: 2026-03-09\nchannel: blog\npain_points: [knee-pain]",
        )
        .post(
            "d",
            "title: d\ndate: 2026-03-17\nchannel: blog\npain_points: [knee-pain]",
        );
    let flags = plan.flags_of(Rule::OffCadence);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert!(
        flags[0].message.contains("week of 2026-03-09"),
        "{}",
        flags[0].message
    );
}

#[test]
fn unknown_reference_fires_with_a_suggestion() {
    let plan = healthy()
        .config("channels:\n  blog: {name: Blog}\n  instagram: {}\n")
        .post("typo", "title: t\ndate: 2026-03-05\nchannel: blgo\npain_points:\n  - knee-pian\npersonas: [runner]");
    let flags = plan.flags_of(Rule::UnknownReference);
    assert_eq!(flags.len(), 2, "{flags:#?}");
    assert_eq!((flags[0].line, flags[0].column), (Some(4), Some(10)));
    assert!(
        flags[0].message.contains("did you mean `blog`?"),
        "{}",
        flags[0].message
    );
    assert_eq!((flags[1].line, flags[1].column), (Some(6), Some(5)));
    assert!(
        flags[1]
            .message
            .contains("there is no pain point `knee-pian`: did you mean `knee-pain`?"),
        "{}",
        flags[1].message
    );
    assert_eq!(flags[1].severity, Severity::Error);
}

#[test]
fn duplicate_slug_fires_across_sub_folders() {
    let plan = healthy().file(
        "content/posts/2026/stretches.md",
        "---\ntitle: Other\ndate: 2026-03-09\nchannel: blog\npain_points: [knee-pain]\n---\n",
    );
    let flags = plan.flags_of(Rule::DuplicateSlug);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert_eq!(flags[0].file, "content/posts/stretches.md");
    assert!(
        flags[0]
            .message
            .contains("already exists in content/posts/2026/stretches.md"),
        "{}",
        flags[0].message
    );
    // Near miss: the same slug in two different kinds is fine.
    let plan = healthy().pain_point("stretches", "[runner]");
    assert_eq!(plan.flags_of(Rule::DuplicateSlug), vec![]);
}

/// A post of the healthy base on `day` of March with extra front matter.
fn post_with(plan: TestPlan, slug: &str, day: u32, extra: &str) -> TestPlan {
    plan.post(
        slug,
        &format!(
            "title: {slug}\ndate: 2026-03-{day:02}\nchannel: blog\npain_points: [knee-pain]\n{extra}"
        ),
    )
}

fn name_clashes(plan: &TestPlan) -> Vec<outcare::diagnostic::Flag> {
    plan.flags()
        .into_iter()
        .filter(|f| f.rule.id() == "name-clash")
        .collect()
}

#[test]
fn name_clash_fires_when_two_spellings_reach_one_address() {
    // Two names that fold to one slug shared a page in silence, titled after
    // whichever came first (issue 16).
    let plan = post_with(healthy(), "a", 3, "campaign: Spring sale");
    let plan = post_with(plan, "b", 4, "campaign: spring sale!");
    let plan = post_with(plan, "c", 5, "campaign: Spring sale");
    let flags = name_clashes(&plan);
    assert_eq!(flags.len(), 2, "one flag per spelling: {flags:#?}");
    let files: Vec<&str> = flags.iter().map(|f| f.file.as_str()).collect();
    assert_eq!(files, ["content/posts/a.md", "content/posts/b.md"]);
    for flag in &flags {
        assert_eq!(flag.severity, Severity::Warning);
        assert_eq!(flag.line, Some(6), "points at `campaign:`");
        for named in ["`Spring sale`", "`spring sale!`", "campaigns/spring-sale/"] {
            assert!(flag.message.contains(named), "{named}: {}", flag.message);
        }
    }
    assert!(
        flags[0].message.contains("content/posts/b.md"),
        "{}",
        flags[0].message
    );
    assert!(
        flags[1].message.contains("content/posts/a.md"),
        "{}",
        flags[1].message
    );

    let plan = post_with(healthy(), "a", 3, "owner: Ana López");
    let plan = post_with(plan, "b", 4, "owner: Ana Lopez");
    let flags = name_clashes(&plan);
    assert_eq!(flags.len(), 2, "{flags:#?}");
    assert!(flags[0].message.contains("does"), "{}", flags[0].message);
    assert!(
        flags[0].message.contains("owners/ana-lopez/"),
        "{}",
        flags[0].message
    );
}

#[test]
fn name_clash_names_a_few_others_and_counts_the_rest() {
    let mut plan = healthy();
    for (i, spelling) in ["Tip", "tip", "TIP", "tip!", "Tip?", "¡tip", "(tip)"]
        .into_iter()
        .enumerate()
    {
        plan = post_with(
            plan,
            &format!("p{i}"),
            3 + i as u32,
            &format!("campaign: \"{spelling}\""),
        );
    }
    let flags = name_clashes(&plan);
    assert_eq!(flags.len(), 7, "{flags:#?}");
    for flag in &flags {
        assert!(flag.message.contains(" and 1 more do:"), "{}", flag.message);
    }
}

#[test]
fn name_clash_near_misses_names_in_other_scripts() {
    // Dropping the letters it could not fold made all of these one address (issue 16).
    let mut plan = healthy();
    for (i, (campaign, owner)) in [
        ("Весна 2026", "田中 (SMM)"),
        ("Осень 2026", "佐藤 (SMM)"),
        ("春のセール2026", "田中 (SMM)"),
        ("冬のセール2026", "佐藤 (SMM)"),
    ]
    .into_iter()
    .enumerate()
    {
        plan = post_with(
            plan,
            &format!("p{i}"),
            3 + i as u32,
            &format!("campaign: {campaign}\nowner: {owner}"),
        );
    }
    assert_eq!(name_clashes(&plan), vec![]);
    let loaded = outcare::load::load(plan.root()).unwrap();
    assert_eq!(loaded.plan.index.campaigns.len(), 4);
    assert_eq!(loaded.plan.index.owners.len(), 2);
}

#[test]
fn rules_settings_change_severity_or_turn_rules_off() {
    let plan = healthy()
        .config("rules:\n  wrong-channel: error\n  no-persona-need: off\n")
        .post("x", "title: x\ndate: 2026-03-04\nchannel: tiktok");
    let flags = plan.flags();
    assert!(
        flags.iter().all(|f| f.rule != Rule::NoPersonaNeed),
        "{flags:#?}"
    );
    // Without personas or pain points there is no audience, so no wrong channel either.
    let plan = healthy().config("rules:\n  wrong-channel: error\n").post(
        "x",
        "title: x\ndate: 2026-03-04\nchannel: tiktok\npain_points: [knee-pain]",
    );
    let flags = plan.flags_of(Rule::WrongChannel);
    assert_eq!(flags[0].severity, Severity::Error);
}

#[test]
fn off_cadence_does_not_count_quiet_days() {
    // Blog posts in the weeks of 2026-03-02 and 2026-03-16; the week of 03-09 has none.
    let plan = |quiet: &str| {
        healthy()
            .config(&format!(
                "channels:\n  blog:\n    name: Blog\n    per_week: [2, 3]\n  instagram: {{name: Instagram}}\nquiet:\n  - {quiet}\n"
            ))
            .post("a", "title: a\ndate: 2026-03-04\nchannel: blog\npain_points: [knee-pain]")
            .post("b", "title: b\ndate: 2026-03-16\nchannel: blog\npain_points: [knee-pain]")
            .post("c", "title: c\ndate: 2026-03-18\nchannel: blog\npain_points: [knee-pain]")
            .post("d", "title: d\ndate: 2026-03-22\nchannel: blog\npain_points: [knee-pain]")
    };
    // A week wholly quiet needs no post.
    let quiet_week = plan("{from: 2026-03-09, to: 2026-03-15, name: Spring break}");
    assert_eq!(quiet_week.flags_of(Rule::OffCadence), vec![]);
    // Six quiet days leave 2 × 1/7, to the nearest post: nothing is needed.
    let mostly = plan("{from: 2026-03-10, to: 2026-03-15, name: Spring break}");
    assert_eq!(mostly.flags_of(Rule::OffCadence), vec![]);
    // Near miss: three quiet days leave 2 × 4/7, to the nearest post: one is still needed.
    let partly = plan("{from: 2026-03-13, to: 2026-03-15, name: Spring break}");
    let flags = partly.flags_of(Rule::OffCadence);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert!(
        flags[0].message.contains(
            "asks for 2 to 3 (at least 1 with 3 quiet days of `Spring break`): plan 1 more that week"
        ),
        "{}",
        flags[0].message
    );
}

#[test]
fn silent_persona_does_not_count_quiet_days() {
    // runner hears nothing from 2026-03-05 to 2026-03-28: 23 days, 2 over the limit.
    let dates = ["2026-03-05", "2026-03-28", "2026-04-10"];
    let plan = runner_posts(&dates)
        .config("quiet:\n  - from: 2026-03-10\n    to: 2026-03-12\n    name: Team offsite\n");
    assert_eq!(plan.flags_of(Rule::SilentPersona), vec![]);
    // Near miss: one quiet day leaves 22 days, still too long.
    let plan = runner_posts(&dates)
        .config("quiet:\n  - from: 2026-03-10\n    to: 2026-03-10\n    name: Team offsite\n");
    let flags = plan.flags_of(Rule::SilentPersona);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert!(
        flags[0].message.contains(
            "from 2026-03-05 to 2026-03-28 (22 days, not counting 1 quiet day; at most 21)"
        ),
        "{}",
        flags[0].message
    );
}

#[test]
fn overdue_fires_on_a_draft_past_its_due_date() {
    // Today is 2026-03-01; both posts go out later, both were due before today.
    let plan = healthy()
        .post("late-draft", "title: Late draft\ndate: 2026-03-10\ndue: 2026-02-25\nchannel: blog\npain_points: [knee-pain]\nstatus: draft")
        .post("ready", "title: Ready\ndate: 2026-03-11\ndue: 2026-02-25\nchannel: blog\npain_points: [knee-pain]\nstatus: scheduled")
        .post("due-today", "title: Due today\ndate: 2026-03-12\ndue: 2026-03-01\nchannel: blog\npain_points: [knee-pain]\nstatus: idea");
    let flags = plan.flags_of(Rule::Overdue);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert_eq!(flags[0].slug.as_deref(), Some("late-draft"));
    assert_eq!(flags[0].line, Some(4), "points at due");
    assert!(
        flags[0]
            .message
            .contains("due 2026-02-25 (4 days ago) but still `draft`"),
        "{}",
        flags[0].message
    );
}

#[test]
fn stale_evergreen_fires_when_the_last_review_is_too_old() {
    // Today is 2026-03-01.
    let plan = healthy()
        .post("guide", "title: Guide\ndate: 2025-06-01\nchannel: blog\npain_points: [knee-pain]\nstatus: published\nreview_every: 90")
        .post("faq", "title: FAQ\ndate: 2025-06-01\nchannel: blog\npain_points: [knee-pain]\nstatus: published\nreview_every: 90\nreviewed: 2025-11-30")
        .post("fresh", "title: Fresh\ndate: 2025-06-01\nchannel: blog\npain_points: [knee-pain]\nstatus: published\nreview_every: 90\nreviewed: 2026-02-01")
        .post("planned", "title: Planned\ndate: 2025-06-02\nchannel: blog\npain_points: [knee-pain]\nstatus: scheduled\nreview_every: 90");
    let flags = plan.flags_of(Rule::StaleEvergreen);
    assert_eq!(flags.len(), 2, "{flags:#?}");
    assert_eq!(flags[0].slug.as_deref(), Some("faq"));
    assert_eq!(flags[0].line, Some(8), "points at reviewed");
    assert!(
        flags[0]
            .message
            .contains("last reviewed on 2025-11-30 (91 days ago), but `review_every: 90`"),
        "{}",
        flags[0].message
    );
    assert_eq!(flags[1].slug.as_deref(), Some("guide"));
    assert_eq!(flags[1].line, Some(7), "points at review_every");
    assert!(
        flags[1]
            .message
            .contains("published on 2025-06-01 (273 days ago)"),
        "{}",
        flags[1].message
    );
    assert_eq!(flags[1].severity, Severity::Warning);
}

#[test]
fn repeated_content_skips_the_dates_of_one_series() {
    // Four dates a week apart, inside the 7-day window of each other.
    let series = "title: Weekly tip\ndate: 2026-03-03\nrepeat: weekly\nuntil: 2026-03-24\nchannel: blog\npain_points: [knee-pain]";
    let plan = healthy().post("tip", series);
    assert_eq!(plan.flags_of(Rule::RepeatedContent), vec![]);
    // Another post is compared with each date, not just the first: this
    // one is 23 days after the first, 2 after the last.
    let plan = plan.post(
        "again",
        "title: Weekly tip!\ndate: 2026-03-26\nchannel: blog\npain_points: [knee-pain]",
    );
    let flags = plan.flags_of(Rule::RepeatedContent);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert_eq!(flags[0].slug.as_deref(), Some("again"));
    assert!(
        flags[0]
            .message
            .contains("the same title as `tip` on `blog` 2 days earlier"),
        "{}",
        flags[0].message
    );
}

#[test]
fn off_cadence_counts_each_date_of_a_series() {
    let config = "channels:\n  blog:\n    name: Blog\n    per_week: [1, 2]\n";
    let series = |every: &str, until: &str| {
        format!(
            "title: Tip\ndate: 2026-03-03\nrepeat: {every}\nuntil: {until}\nchannel: blog\npain_points: [knee-pain]"
        )
    };
    // Weekly: one date in each of the weeks of 03-02, 03-09 and 03-16.
    let plan = healthy()
        .config(config)
        .post("tip", &series("weekly", "2026-03-17"));
    assert_eq!(plan.flags_of(Rule::OffCadence), vec![]);
    // Fortnightly on 03-03, 03-17 and 03-31: the weeks between have none.
    let plan = healthy()
        .config(config)
        .post("tip", &series("fortnightly", "2026-03-31"));
    let flags = plan.flags_of(Rule::OffCadence);
    assert_eq!(flags.len(), 2, "{flags:#?}");
    assert!(
        flags[0]
            .message
            .contains("0 posts in the week of 2026-03-09"),
        "{}",
        flags[0].message
    );
    assert!(
        flags[1]
            .message
            .contains("0 posts in the week of 2026-03-23"),
        "{}",
        flags[1].message
    );
}

#[test]
fn promo_heavy_counts_each_date_of_a_series() {
    // Three helpful posts and a fortnightly promotion (03-09, 03-23) in
    // March: 2 of 5 promote.
    let mut plan = healthy();
    for (slug, fm) in [
        promo("a", "2026-03-04", "educate"),
        promo("b", "2026-03-11", "educate"),
        promo("c", "2026-03-18", "educate"),
        promo("sale", "2026-03-09", "promote"),
    ] {
        plan = plan.post(&slug, &fm);
    }
    // One date: 1 of 4, a quiet month's one promotion.
    assert_eq!(plan.flags_of(Rule::PromoHeavy), vec![]);
    let (_, sale) = promo("sale", "2026-03-09", "promote");
    let plan = plan.post(
        "sale",
        &format!("{sale}\nrepeat: fortnightly\nuntil: 2026-03-23"),
    );
    let flags = plan.flags_of(Rule::PromoHeavy);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert!(
        flags[0]
            .message
            .contains("2 of 5 `instagram` posts in March 2026 promote"),
        "{}",
        flags[0].message
    );
}

#[test]
fn overdue_judges_a_series_by_its_first_date() {
    let series = |status: &str| {
        format!(
            "title: Tip\ndate: 2026-02-16\nrepeat: weekly\nuntil: 2026-03-16\nchannel: blog\npain_points: [knee-pain]\nstatus: {status}"
        )
    };
    let plan = healthy().post("tip", &series("scheduled"));
    let flags = plan.flags_of(Rule::Overdue);
    assert_eq!(flags.len(), 1, "one flag for the series: {flags:#?}");
    assert!(
        flags[0].message.contains("dated 2026-02-16 (13 days ago)"),
        "{}",
        flags[0].message
    );
    let plan = healthy().post("tip", &series("published"));
    assert_eq!(plan.flags_of(Rule::Overdue), vec![]);
}

/// A weekly blog series on each `(from, until)`, titled apart.
fn weekly_series(plan: TestPlan, runs: &[(&str, &str)]) -> TestPlan {
    runs.iter().enumerate().fold(plan, |plan, (i, (from, until))| {
        plan.post(
            &format!("series-{i}"),
            &format!(
                "title: Story time {i}\ndate: {from}\nrepeat: weekly\nuntil: {until}\nchannel: blog\npain_points: [knee-pain]"
            ),
        )
    })
}

#[test]
fn off_cadence_judges_no_week_beyond_the_horizon() {
    // Today is Sunday 2026-03-01: 8 weeks on is Sunday 2026-04-26. The series
    // runs to September with an empty week inside the horizon (of 04-13) and
    // one beyond it (of 05-18).
    let plan = |rules: &str| {
        let config = format!(
            "channels:\n  blog:\n    name: Blog\n    per_week: [1, 2]\n  instagram: {{name: Instagram}}\n{rules}"
        );
        weekly_series(
            healthy().config(&config),
            &[
                ("2026-03-03", "2026-04-07"),
                ("2026-04-21", "2026-05-12"),
                ("2026-05-26", "2026-09-29"),
            ],
        )
    };
    let weeks = |plan: &TestPlan| -> Vec<String> {
        plan.flags_of(Rule::OffCadence)
            .iter()
            .map(|f| {
                let at = f.message.find("the week of ").expect("names the week") + 12;
                f.message[at..at + 10].to_string()
            })
            .collect()
    };
    assert_eq!(weeks(&plan("")), ["2026-04-13"]);
    // The horizon is a setting: 12 weeks reach 2026-05-24, 2 weeks 2026-03-15.
    assert_eq!(
        weeks(&plan("rules:\n  horizon_weeks: 12\n")),
        ["2026-04-13", "2026-05-18"]
    );
    assert_eq!(
        weeks(&plan("rules:\n  horizon_weeks: 2\n")),
        Vec::<String>::new()
    );
}

#[test]
fn off_cadence_checks_a_week_cut_by_the_horizon_only_for_too_many() {
    // Today is Wednesday 2026-03-04 here: 2 weeks on is Wednesday 03-18, in
    // the middle of the week of 03-16, whose posts after 03-18 are not
    // judged. The week of 03-23 is empty and beyond the horizon.
    let flags = |week_of_16th: &[&str]| {
        let mut plan = weekly_series(
            healthy().config("channels:\n  blog:\n    name: Blog\n    per_week: [1, 1]\n  instagram: {name: Instagram}\nrules:\n  horizon_weeks: 2\n"),
            &[("2026-03-10", "2026-03-10"), ("2026-03-31", "2026-06-30")],
        );
        for (i, date) in week_of_16th.iter().enumerate() {
            plan = plan.post(
                &format!("p{i}"),
                &format!("title: p{i}\ndate: {date}\nchannel: blog\npain_points: [knee-pain]"),
            );
        }
        let global = outcare::cli::Global {
            root: plan.root().to_path_buf(),
            today: Some("2026-03-04".parse().unwrap()),
        };
        let (_, flags) = outcare::cmd::load_and_check(&global).expect("plan loads");
        flags
            .into_iter()
            .filter(|f| f.rule == Rule::OffCadence)
            .collect::<Vec<_>>()
    };
    // The post of 03-20 is beyond the horizon: one post inside is enough.
    assert_eq!(flags(&["2026-03-16", "2026-03-20"]), vec![]);
    // None inside a week the horizon cuts is its edge, not a gap.
    assert_eq!(flags(&["2026-03-19"]), vec![]);
    // Near miss: two inside are one too many.
    let too_many = flags(&["2026-03-16", "2026-03-17"]);
    assert_eq!(too_many.len(), 1, "{too_many:#?}");
    assert!(
        too_many[0]
            .message
            .contains("has 2 posts in the week of 2026-03-16"),
        "{}",
        too_many[0].message
    );
}

#[test]
fn silent_persona_judges_no_day_beyond_the_horizon() {
    // runner hears from the blog weekly from 03-02 to 04-20 and from 06-01 to
    // September: the 42 days between lie mostly beyond 2026-04-26, today
    // (2026-03-01) + 8 weeks, and only 6 of them are inside it.
    let steady = |rules: &str| {
        weekly_series(
            healthy().config(rules),
            &[("2026-03-09", "2026-04-20"), ("2026-06-01", "2026-09-28")],
        )
    };
    assert_eq!(steady("").flags_of(Rule::SilentPersona), vec![]);
    // The horizon is a setting: at 16 weeks (2026-06-21) the gap is inside.
    let flags = steady("rules:\n  horizon_weeks: 16\n").flags_of(Rule::SilentPersona);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert!(
        flags[0].message.contains("from 2026-04-20 to 2026-06-01"),
        "{}",
        flags[0].message
    );
    // Near miss: a gap inside the horizon is still flagged (03-02 to 03-30),
    // even with the longer one beyond it.
    let gap_inside = weekly_series(
        healthy(),
        &[("2026-03-30", "2026-04-20"), ("2026-06-01", "2026-09-28")],
    );
    let flags = gap_inside.flags_of(Rule::SilentPersona);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert!(
        flags[0]
            .message
            .contains("from 2026-03-02 to 2026-03-30 (28 days; at most 21)"),
        "{}",
        flags[0].message
    );
    // A silence that runs up to the horizon is counted up to it, and says so.
    let runs_out = weekly_series(healthy(), &[("2026-06-01", "2026-09-28")]);
    let flags = runs_out.flags_of(Rule::SilentPersona);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert!(
        flags[0]
            .message
            .contains("from 2026-03-02 to 2026-04-26 (55 days; at most 21)"),
        "{}",
        flags[0].message
    );
    assert!(
        flags[0]
            .message
            .contains("as far ahead as the plan is judged (`horizon_weeks: 8`)"),
        "{}",
        flags[0].message
    );
    // A persona with no post before the horizon is told so, up to it.
    let unheard = runs_out.persona("walker", "[blog]");
    let flags = unheard.flags_of(Rule::SilentPersona);
    let walker = flags
        .iter()
        .find(|f| f.slug.as_deref() == Some("walker"))
        .expect("walker is flagged");
    assert!(
        walker.message.contains("no dated post is for `walker` from 2026-03-02 to 2026-04-26 (55 days), as far ahead as the plan is judged"),
        "{}",
        walker.message
    );
}

#[test]
fn horizon_weeks_must_be_a_whole_number_of_weeks() {
    for bad in ["-1", "2.5", "eight", "100000"] {
        let plan = healthy().config(&format!("rules:\n  horizon_weeks: {bad}\n"));
        let flags = plan.flags_of(Rule::InvalidConfig);
        assert_eq!(flags.len(), 1, "{bad}: {flags:#?}");
        assert_eq!(flags[0].line, Some(2), "{bad}");
        let message = &flags[0].message;
        assert!(
            message.contains("horizon_weeks") && !message.contains("unknown rule setting"),
            "{bad}: {message}"
        );
    }
    // Near miss: a whole number is taken, 0 too (nothing after today is judged).
    for good in ["0", "8", "52"] {
        let plan = healthy().config(&format!("rules:\n  horizon_weeks: {good}\n"));
        assert_eq!(plan.flags_of(Rule::InvalidConfig), vec![], "{good}");
    }
}

#[test]
fn the_horizon_is_among_the_settings_of_the_rules_it_bounds() {
    for rule in [Rule::OffCadence, Rule::SilentPersona] {
        let text = outcare::rule_docs::doc(rule).text;
        let settings = text
            .lines()
            .find(|line| line.contains("**Settings:**"))
            .expect("a settings line");
        assert!(
            settings.contains("`horizon_weeks` (default 8)"),
            "{}: {settings}",
            rule.id()
        );
    }
    // `init` writes it among the other settings, at its default.
    let tmp = tempfile::tempdir().unwrap();
    assert_eq!(crate::support::run_in(tmp.path(), &["init"]).code(), 0);
    let config = std::fs::read_to_string(tmp.path().join("outcare.yaml")).unwrap();
    assert!(config.contains("\n  horizon_weeks: 8\n"), "{config}");
}

/// A library's plan: `teen` has two needs, one already served; `senior` has
/// the alphabetically first need of the plan, which is no teen's business.
fn library() -> TestPlan {
    TestPlan::new()
        .persona("teen", "[instagram]")
        .persona("senior", "[newsletter]")
        .pain_point("abc-card-benefits", "[senior]")
        .pain_point("teen-games", "[teen]")
        .pain_point("teen-homework", "[teen]")
        .post(
            "game-night",
            "title: Game night\ndate: 2026-03-02\nchannel: instagram\npain_points: [teen-games]",
        )
        .post(
            "card-day",
            "title: Card day\ndate: 2026-03-03\nchannel: newsletter\npain_points: [abc-card-benefits]",
        )
        .post(
            "card-week",
            "title: Card week\ndate: 2026-03-10\nchannel: newsletter\npain_points: [abc-card-benefits]",
        )
}

#[test]
fn no_persona_need_suggests_the_personas_own_least_served_need() {
    // It suggested the personas' first need by slug, served or not (issue 17, item 4).
    let plan = library().post(
        "tech-tuesday",
        "title: Tech Tuesday\ndate: 2026-03-04\nchannel: instagram\npersonas: [teen]",
    );
    let flags = plan.flags_of(Rule::NoPersonaNeed);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert!(
        flags[0].message.contains("`pain_points: [teen-homework]`"),
        "{}",
        flags[0].message
    );
}

#[test]
fn no_persona_need_without_personas_suggests_the_plan_s_least_served_need() {
    let plan = library().post(
        "open-day",
        "title: Open day\ndate: 2026-03-04\nchannel: instagram",
    );
    let flags = plan.flags_of(Rule::NoPersonaNeed);
    assert_eq!(flags.len(), 1, "{flags:#?}");
    assert!(
        flags[0].message.contains("`pain_points: [teen-homework]`"),
        "{}",
        flags[0].message
    );
}

#[test]
fn unknown_channel_suggests_a_key_by_its_spelling_or_its_name() {
    // `Tik Tok` and `email` found nothing to suggest (issue 17, item 6).
    let plan = healthy()
        .config(
            "channels:\n  blog: {name: Blog}\n  instagram: {}\n  tiktok: {name: TikTok}\n  newsletter: {name: Email newsletter}\n",
        )
        .post(
            "dance",
            "title: Dance\ndate: 2026-03-05\nchannel: Tik Tok\npain_points: [knee-pain]",
        )
        .post(
            "letter",
            "title: Letter\ndate: 2026-03-06\nchannel: email\npain_points: [knee-pain]",
        )
        .post(
            "snake",
            "title: Snake\ndate: 2026-03-07\nchannel: Tik_tok\npain_points: [knee-pain]",
        )
        .persona("reader", "[e-mail, blog]");
    let flags = plan.flags_of(Rule::UnknownReference);
    let about = |file: &str| -> String {
        flags
            .iter()
            .filter(|f| f.file == file)
            .map(|f| f.message.clone())
            .collect()
    };
    assert_eq!(flags.len(), 4, "{flags:#?}");
    let dance = about("content/posts/dance.md");
    assert!(dance.contains("did you mean `tiktok`?"), "{dance}");
    let letter = about("content/posts/letter.md");
    assert!(letter.contains("did you mean `newsletter`?"), "{letter}");
    let snake = about("content/posts/snake.md");
    assert!(snake.contains("did you mean `tiktok`?"), "{snake}");
    let reader = about("content/personas/reader.md");
    assert!(reader.contains("did you mean `newsletter`?"), "{reader}");
}

#[test]
fn unknown_channel_near_misses_suggest_nothing() {
    // A word inside a name, not at its start, and a name two channels begin
    // with, are no clear guess.
    let plan = healthy()
        .config("channels:\n  blog: {}\n  instagram: {}\n  news: {name: Email newsletter}\n  promo: {name: Email offers}\n")
        .post(
            "a",
            "title: A\ndate: 2026-03-05\nchannel: email\npain_points: [knee-pain]",
        )
        .post(
            "b",
            "title: B\ndate: 2026-03-06\nchannel: offers\npain_points: [knee-pain]",
        );
    let flags = plan.flags_of(Rule::UnknownReference);
    assert_eq!(flags.len(), 2, "{flags:#?}");
    for flag in flags {
        assert!(!flag.message.contains("did you mean"), "{}", flag.message);
    }
}

/// A post on the blog for the runner's knees: `extra` front matter, and a body.
fn knee_post(plan: TestPlan, slug: &str, extra: &str, body: &str) -> TestPlan {
    plan.entry(
        "posts",
        slug,
        &format!("title: {slug}\nchannel: blog\npain_points: [knee-pain]\n{extra}"),
        body,
    )
}

#[test]
fn not_ready_fires_on_a_post_going_out_within_ready_days_that_is_not_scheduled() {
    // Today is 2026-03-01: the 8th is the last day of the default 7.
    let mut plan = healthy();
    for (slug, extra) in [
        ("draft-today", "date: 2026-03-01T18:00"),
        ("idea-soon", "date: 2026-03-04\nstatus: idea"),
        ("review-last-day", "date: 2026-03-08\nstatus: review"),
        // Near misses: scheduled or published in the window, a draft a day past it, one gone out.
        ("ready", "date: 2026-03-03\nstatus: scheduled"),
        ("out", "date: 2026-03-05\nstatus: published"),
        ("later", "date: 2026-03-09\nstatus: draft"),
        ("past", "date: 2026-02-27\nstatus: draft"),
    ] {
        plan = knee_post(plan, slug, extra, "Copy.");
    }
    let flags = plan.flags_of(Rule::NotReady);
    let found: Vec<(&str, Option<u32>, Severity)> = flags
        .iter()
        .map(|f| (f.slug.as_deref().unwrap(), f.line, f.severity))
        .collect();
    assert_eq!(
        found,
        [
            ("draft-today", Some(5), Severity::Warning),
            ("idea-soon", Some(6), Severity::Warning),
            ("review-last-day", Some(6), Severity::Warning),
        ],
        "on `status:`, or on `date:` when a draft has none: {flags:#?}"
    );
    assert!(
        flags[0]
            .message
            .contains("goes out 2026-03-01 (today) but is still `draft`"),
        "{}",
        flags[0].message
    );
    assert!(
        flags[2].message.contains(
            "(in 7 days) but is still `review`: get it approved and set `status: scheduled`"
        ),
        "{}",
        flags[2].message
    );
}

#[test]
fn ready_days_comes_from_the_config_and_must_be_whole_days() {
    let plan = knee_post(
        healthy(),
        "soon",
        "date: 2026-03-04\nstatus: draft",
        "Copy.",
    );
    assert_eq!(plan.flags_of(Rule::NotReady).len(), 1);
    // Near miss: two days' notice ends on the 3rd.
    let plan = plan.config("rules:\n  ready_days: 2\n");
    assert_eq!(plan.flags_of(Rule::NotReady), vec![]);
    for bad in ["-1", "2.5", "soon", "100000"] {
        for key in ["ready_days", "answer_days"] {
            let plan = healthy().config(&format!("rules:\n  {key}: {bad}\n"));
            let flags = plan.flags_of(Rule::InvalidConfig);
            assert_eq!(flags.len(), 1, "{key}: {bad}: {flags:#?}");
            assert_eq!(flags[0].line, Some(2));
            let message = &flags[0].message;
            assert!(
                message.contains(key) && !message.contains("unknown rule setting"),
                "{message}"
            );
        }
    }
}

#[test]
fn unfinished_copy_fires_from_review_on_and_is_an_error_once_scheduled() {
    let placeholder = outcare::model::POST_PLACEHOLDER;
    let mut plan = healthy();
    for (slug, status, body) in [
        ("empty", "scheduled", String::new()),
        (
            "fresh-from-new",
            "review",
            format!("<!-- {placeholder} -->"),
        ),
        ("old-placeholder", "scheduled", placeholder.to_string()),
        (
            "teen-photos",
            "review",
            "A reel from the teen games night.\n\nNeed photo releases for teens!!".to_string(),
        ),
        (
            "quoted",
            "scheduled",
            "Intro.\n\n> Lotte: shorter please".to_string(),
        ),
        (
            "noted",
            "review",
            "Intro.\n- note: check the price\nTODO link".to_string(),
        ),
    ] {
        plan = knee_post(
            plan,
            slug,
            &format!("date: 2026-03-20\nstatus: {status}"),
            &body,
        );
    }
    let flags = plan.flags_of(Rule::UnfinishedCopy);
    let found: Vec<(&str, Option<u32>, Severity)> = flags
        .iter()
        .map(|f| (f.slug.as_deref().unwrap(), f.line, f.severity))
        .collect();
    // Front matter is lines 1 to 7; the body starts on line 8.
    assert_eq!(
        found,
        [
            ("empty", Some(6), Severity::Error),
            ("fresh-from-new", Some(8), Severity::Warning),
            ("noted", Some(9), Severity::Warning),
            ("old-placeholder", Some(8), Severity::Error),
            ("quoted", Some(10), Severity::Error),
            ("teen-photos", Some(10), Severity::Warning),
        ],
        "{flags:#?}"
    );
    let message = |slug: &str| {
        &flags
            .iter()
            .find(|f| f.slug.as_deref() == Some(slug))
            .unwrap()
            .message
    };
    assert!(
        message("empty").contains("has no copy yet"),
        "{}",
        message("empty")
    );
    assert!(
        message("fresh-from-new").contains("still the placeholder `outcare new` wrote"),
        "{}",
        message("fresh-from-new")
    );
    assert!(
        message("teen-photos").contains("a note for the team, `Need photo releases for teens!!`"),
        "{}",
        message("teen-photos")
    );
    assert!(
        message("noted").contains("`- note: check the price` and 1 more"),
        "{}",
        message("noted")
    );
}

#[test]
fn unfinished_copy_near_misses() {
    let mut plan = healthy();
    for (slug, status, body) in [
        // Not yet in review, or gone out already.
        ("draft", "draft", "TODO everything"),
        ("published", "published", "> Review note: nobody cared!!"),
        // Marks that are not notes: one `!`, `Note:` inside a line, a comment, a code block.
        (
            "fine",
            "scheduled",
            "Order before the 20th!\nA footnote: see the Note: on the box.\n<!-- TODO: nothing shown -->\nMore <!-- kept\nTODO: from the team\n-->\n```\n> prompt\n```",
        ),
    ] {
        plan = knee_post(
            plan,
            slug,
            &format!("date: 2026-03-20\nstatus: {status}"),
            body,
        );
    }
    assert_eq!(plan.flags_of(Rule::UnfinishedCopy), vec![]);
}

#[test]
fn feedback_waiting_fires_on_feedback_still_new_after_answer_days() {
    // Today is 2026-03-01: feedback from 2026-02-22 has waited 7 days, from the 21st 8.
    let feedback = |plan: TestPlan, slug: &str, front_matter: &str| {
        plan.entry(
            "feedback",
            slug,
            &format!("title: {slug}\n{front_matter}"),
            "",
        )
    };
    let plan = feedback(healthy(), "complaint", "received: 2026-02-21");
    let plan = feedback(plan, "email", "received: 2026-01-10\nstatus: new");
    // Near misses: a week old exactly, acknowledged, or answered by a post.
    let plan = feedback(plan, "recent", "received: 2026-02-22");
    let plan = feedback(plan, "heard", "received: 2026-01-10\nstatus: acknowledged");
    let plan = feedback(plan, "answered", "received: 2026-01-10").entry(
        "posts",
        "reply",
        "title: Reply\ndate: 2026-03-03\nchannel: blog\npain_points: [knee-pain]\nintent: respond\nresponds_to: [answered]\nstatus: scheduled",
        "What we changed.",
    );
    let flags = plan.flags_of(Rule::FeedbackWaiting);
    let found: Vec<(&str, Option<u32>)> = flags
        .iter()
        .map(|f| (f.slug.as_deref().unwrap(), f.line))
        .collect();
    assert_eq!(
        found,
        [("complaint", Some(3)), ("email", Some(4))],
        "on `status:`, or `received:` without one: {flags:#?}"
    );
    assert!(
        flags[0]
            .message
            .contains("received 2026-02-21 (8 days ago) and still `new`"),
        "{}",
        flags[0].message
    );
    assert!(flags.iter().all(|f| f.severity == Severity::Warning));
    // `answer_days` moves the line.
    let plan = plan.config("rules:\n  answer_days: 60\n");
    assert_eq!(plan.flags_of(Rule::FeedbackWaiting), vec![]);
}

#[test]
fn explain_knows_the_new_rules_and_their_settings() {
    for (rule, setting) in [
        (Rule::NotReady, "`ready_days` (default 7)"),
        (Rule::UnfinishedCopy, "none"),
        (Rule::FeedbackWaiting, "`answer_days` (default 7)"),
    ] {
        let text = outcare::rule_docs::doc(rule).text;
        let settings = text
            .lines()
            .find(|line| line.contains("**Settings:**"))
            .unwrap_or_else(|| panic!("{}: no settings line", rule.id()));
        assert!(settings.contains(setting), "{}: {settings}", rule.id());
        let run = healthy().run(&["explain", rule.id()]);
        assert_eq!(run.code(), 0, "{}", run.stderr());
    }
}
