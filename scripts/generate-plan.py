#!/usr/bin/env python3
"""Writes a realistic synthetic content plan of N posts, for benchmarks.

usage: scripts/generate-plan.py N DIR [--seed S] [--hugo DIR2]

N/200 personas (at least 2), N/40 pain points (at least 4), N/100 feedback items
and N posts over two years (2025-12-01 to 2027-11-30) on six channels. Each post
serves pain points of a persona and mostly sits on a channel that persona uses;
its body is 300-700 words of Markdown: headings, lists, links, a blockquote, and
a table in about one post in seven. Past posts are mostly published, later ones
scheduled, drafts or in review. A few posts are repeated on purpose (the same
title, or a lightly edited body, on the same channel a few days later), so
`repeated-content` has real work to do.

With --hugo DIR2 it also writes a minimal Hugo site of the same posts (the same
Markdown bodies, a list and a single template), to measure Hugo side by side.

Deterministic: the same N and seed give the same files.
"""
import argparse
import datetime
import os
import random

parser = argparse.ArgumentParser(usage="scripts/generate-plan.py N DIR [--seed S] [--hugo DIR2]")
parser.add_argument("n", type=int, metavar="N")
parser.add_argument("root", metavar="DIR")
parser.add_argument("--seed", type=int, default=42)
parser.add_argument("--hugo", metavar="DIR2")
args = parser.parse_args()

n, root = args.n, args.root
rng = random.Random(args.seed)
START = datetime.date(2025, 12, 1)
DAYS = 730
TODAY = datetime.date(2026, 11, 24)

CHANNELS = {
    "blog": "Blog",
    "newsletter": "Newsletter",
    "instagram": "Instagram",
    "youtube": "YouTube",
    "facebook": "Facebook",
    "linkedin": "LinkedIn",
}
# Audiences cluster: people who read long text, people who watch, people at work.
AUDIENCES = [
    ["blog", "newsletter", "facebook"],
    ["instagram", "youtube"],
    ["linkedin", "newsletter", "blog"],
    ["facebook", "instagram", "youtube"],
    ["youtube", "blog"],
    ["newsletter", "facebook"],
]
ROLES = ["commuter", "parent", "student", "retiree", "courier", "fleet manager", "tourer",
         "mechanic", "shop owner", "weekend rider", "nurse", "teacher", "delivery rider"]
TRAITS = ["daily", "returning", "first-time", "urban", "rural", "budget", "premium", "winter",
          "long-distance", "cautious", "busy", "young", "senior", "eco-minded"]
TOPICS = ["battery range", "rain", "bike theft", "hills", "flat tyres", "winter riding",
          "child seats", "cargo space", "servicing", "insurance", "charging at work",
          "brake noise", "lights", "locks", "route planning", "tax benefits", "saddle pain",
          "carrying groceries", "night riding", "fleet costs", "warranty", "spare parts",
          "commute times", "parking", "helmets", "gear shifting", "motor noise", "weight"]
PROBLEMS = ["worries about", "struggles with", "keeps asking about", "is confused by",
            "loses time over", "pays too much for", "is put off by", "gives up because of"]
OWNERS = ["Maria", "Bram", "Sofie", "Jonas", "Aisha", "Pieter", "Lena", "Tom"]
CAMPAIGNS = ["winter-ready", "spring-commute", "back-to-school", "summer-touring",
             "fleet-2026", "bike-to-work", "autumn-service", "black-friday"]

# A vocabulary with a Zipf-like distribution, as in real text: a few words very
# common, most rare; the theme words make shingles look like the real thing.
FUNCTION = ("the a to and of in for on is it you your with that this we at as be can "
            "or from by our are if not have more when all but so just one what how").split()
THEME = ("bike battery ride commute rain winter route lock theft repair cargo kids light "
         "tyre brake motor charge range hill wheel chain saddle frame helmet shop service "
         "weather morning evening traffic city road path station work school family "
         "weekend distance speed power assist display warranty insurance parking cost "
         "price money time minutes kilometres week month season cold wet dry dark bright "
         "safe easy quick heavy light comfortable reliable quiet simple better faster "
         "check clean store keep carry fit fix change plan choose try help start stop "
         "learn show share ask answer tell know need want find use buy save spend "
         "customers riders parents owners mechanics team people friends colleagues").split()
rare_rng = random.Random(7)
RARE = sorted({"".join(rare_rng.choice(["ba", "ke", "ri", "lo", "mu", "te", "sa", "no",
                                        "vi", "da", "pe", "go", "ru", "fi", "ta", "len",
                                        "mor", "ast", "ing", "er"])
                       for _ in range(rare_rng.randint(2, 4))) for _ in range(3000)})
VOCAB = FUNCTION + THEME + RARE
WEIGHTS = [1.0 / (rank + 1) ** 0.9 for rank in range(len(VOCAB))]


def write(base, path, text):
    full = os.path.join(base, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)


def slugify(text):
    out = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(part for part in out.split("-") if part)


def sentence(lo=8, hi=18, plain=False):
    words = rng.choices(VOCAB, WEIGHTS, k=rng.randint(lo, hi))
    # Markup would be read as YAML in front matter, so `plain` has none.
    roll = 1.0 if plain else rng.random()
    if roll < 0.15:
        i = rng.randrange(len(words))
        words[i] = f"[{words[i]}](https://example.org/{slugify(rng.choice(TOPICS))})"
    elif roll < 0.3:
        i = rng.randrange(len(words))
        words[i] = f"**{words[i]}**"
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice([".", ".", ".", "?", "!"])


def paragraph():
    return " ".join(sentence() for _ in range(rng.randint(2, 5)))


def body(topic):
    """300-700 words of Markdown with a blockquote always, a table sometimes."""
    target = rng.randint(300, 700)
    blocks = [paragraph()]
    count = len(blocks[0].split())
    quote_at = rng.randint(1, 3)
    table = rng.randrange(7) == 0
    while count < target:
        roll = rng.random()
        if len(blocks) == quote_at:
            blocks.append("> " + sentence() + "\n> " + sentence() + "\n>\n> — a customer")
        elif table and roll < 0.15:
            rows = [f"| {rng.choice(THEME)} | {rng.randint(1, 90)} km | {rng.choice(THEME)} |"
                    for _ in range(rng.randint(3, 6))]
            blocks.append("| what | range | note |\n|---|---|---|\n" + "\n".join(rows))
            table = False
        elif roll < 0.3:
            blocks.append("## " + " ".join(rng.choices(THEME, k=rng.randint(2, 5))).capitalize())
        elif roll < 0.45:
            marker = rng.choice(["-", "*", "1."])
            blocks.append("\n".join(f"{marker} {sentence(4, 10)}" for _ in range(rng.randint(3, 6))))
        else:
            blocks.append(paragraph())
        count += len(blocks[-1].split())
    if quote_at >= len(blocks):
        blocks.append("> " + sentence())
    if table:
        blocks.append(f"| {topic} | how often |\n|---|---|\n| " + rng.choice(THEME) + " | weekly |")
    return "\n\n".join(blocks)


def edit(text, share):
    """The text with about `share` of its words replaced: a near-duplicate."""
    lines = text.split("\n")
    out = []
    for line in lines:
        words = line.split(" ")
        for i in range(len(words)):
            if i > 0 and rng.random() < share:
                words[i] = rng.choice(VOCAB)
        out.append(" ".join(words))
    return "\n".join(out)


def yaml_list(items):
    return "[" + ", ".join(items) + "]"


n_personas = max(2, n // 200)
n_pains = max(4, n // 40)
n_feedback = n // 100

write(root, "outcare.yaml",
      "title: Harbor Bikes — benchmark plan\ntimezone: Europe/Amsterdam\nchannels:\n"
      + "".join(f"  {slug}: {{name: {name}}}\n" for slug, name in CHANNELS.items()))

personas = []
for p in range(n_personas):
    name = f"{rng.choice(TRAITS).capitalize()} {rng.choice(ROLES)} {p}"
    slug = slugify(name)
    channels = rng.choice(AUDIENCES)
    personas.append({"slug": slug, "channels": channels, "pains": []})
    write(root, f"content/personas/{slug}.md",
          f"---\nname: {name}\nsummary: {sentence(6, 12, plain=True)}\nchannels: {yaml_list(channels)}\n---\n"
          f"{paragraph()}\n\n{paragraph()}\n")

pains = []
for k in range(n_pains):
    topic = TOPICS[k % len(TOPICS)]
    # Every persona gets a need of its own first; then needs are shared.
    owners = {k % n_personas} if k < n_personas else {rng.randrange(n_personas)}
    if rng.random() < 0.4:
        owners.add(rng.randrange(n_personas))
    owners = sorted(owners)
    slug = slugify(f"{topic} {k}")
    title = f"{rng.choice(PROBLEMS).capitalize()} {topic}"
    for o in owners:
        personas[o]["pains"].append(k)
    pains.append({"slug": slug, "topic": topic, "owners": owners})
    write(root, f"content/pain-points/{slug}.md",
          f"---\ntitle: {title}\npersonas: {yaml_list(personas[o]['slug'] for o in owners)}\n"
          f"priority: {rng.choice(['high', 'medium', 'medium', 'low'])}\n---\n{paragraph()}\n")

feedback = []
for f_ in range(n_feedback):
    k = rng.randrange(n_pains)
    pain = pains[k]
    received = START + datetime.timedelta(days=rng.randrange(360))
    status = rng.choice(["new", "acknowledged", "acted", "acted", "closed"])
    slug = slugify(f"{pain['topic']} feedback {f_}")
    change = f"change: {sentence(6, 14, plain=True)}\n" if status in ("acted", "closed") else ""
    feedback.append({"slug": slug, "pain": k, "received": received})
    write(root, f"content/feedback/{slug}.md",
          f"---\ntitle: {sentence(4, 9, plain=True)[:-1]}\nreceived: {received.isoformat()}\n"
          f"personas: {yaml_list([personas[pain['owners'][0]]['slug']])}\n"
          f"pain_points: {yaml_list([pain['slug']])}\nstatus: {status}\n{change}---\n{paragraph()}\n")

posts = []


def add_post(day, channel, title, text, persona, pain_ids, index):
    date = START + datetime.timedelta(days=day)
    slug = slugify(title)[:60].rstrip("-") + f"-{index}"
    past = date < TODAY
    status = rng.choices(["published", "scheduled", "review", "draft"],
                         [90, 6, 2, 2] if past else [0, 50, 20, 30])[0]
    intent = rng.choices(["educate", "engage", "listen", "respond", "promote"], [45, 20, 10, 10, 15])[0]
    when = date.isoformat()
    if rng.random() < 0.3:
        when += f"T{rng.randint(7, 20):02}:{rng.choice(['00', '15', '30', '45'])}"
    lines = [f'title: "{title}"' if ": " in title else f"title: {title}", f"date: {when}", f"channel: {channel}",
             f"pain_points: {yaml_list(pains[k]['slug'] for k in pain_ids)}"]
    if rng.random() < 0.3:
        lines.append(f"personas: [{persona['slug']}]")
    lines.append(f"status: {status}")
    lines.append(f"intent: {intent}")
    if rng.random() < 0.5:
        lines.append(f"stage: {rng.choice(['awareness', 'consideration', 'decision'])}")
    lines.append(f"owner: {rng.choice(OWNERS)}")
    if rng.random() < 0.4:
        lines.append(f"campaign: {rng.choice(CAMPAIGNS)}")
    answered = [f["slug"] for k in pain_ids for f in feedback_by_pain.get(k, []) if f["received"] <= date]
    if answered and rng.random() < 0.3:
        lines.append(f"responds_to: [{rng.choice(answered)}]")
    path = f"content/posts/{date.year}-{date.month:02}/{slug}.md"
    write(root, path, "---\n" + "\n".join(lines) + "\n---\n" + text + "\n")
    posts.append({"slug": slug, "title": title, "date": when, "body": text})
    return day, channel, title, text, persona, pain_ids


feedback_by_pain = {}
for f in feedback:
    feedback_by_pain.setdefault(f["pain"], []).append(f)
i = 0
while i < n:
    persona = personas[rng.randrange(n_personas)]
    channel = rng.choice(persona["channels"]) if rng.random() < 0.92 else rng.choice(list(CHANNELS))
    pain_ids = sorted(set(rng.sample(persona["pains"], min(len(persona["pains"]), rng.choice([1, 1, 2])))))
    topic = pains[pain_ids[0]]["topic"]
    title = rng.choice([f"Five things about {topic}", f"How we handle {topic}",
                        f"Your questions on {topic}", f"{topic.capitalize()}: a rider's story",
                        f"What nobody tells you about {topic}", f"{topic.capitalize()} in {rng.choice(['winter', 'spring', 'summer', 'autumn'])}",
                        f"A checklist for {topic}", f"Ask the mechanic: {topic}"])
    title += f" ({rng.choice(THEME)} {rng.choice(THEME)})"
    original = add_post(rng.randrange(DAYS), channel, title, body(topic), persona, pain_ids, i)
    i += 1
    # About one post in a hundred comes back a few days later on the same channel.
    if i < n and rng.random() < 0.01:
        day, channel, title, text, persona, pain_ids = original
        later = min(DAYS - 1, day + rng.randint(0, 6))
        if rng.random() < 0.4:
            add_post(later, channel, title, body(topic), persona, pain_ids, i)
        else:
            add_post(later, channel, f"{title} (again)", edit(text, rng.choice([0.01, 0.03, 0.05])),
                     persona, pain_ids, i)
        i += 1

if args.hugo:
    hugo = args.hugo
    write(hugo, "hugo.toml",
          'baseURL = "https://example.org/"\ntitle = "Harbor Bikes — benchmark plan"\n'
          'buildFuture = true\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    write(hugo, "layouts/_default/list.html",
          "<!doctype html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>"
          "<ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ .Date.Format \"2006-01-02\" }}</li>{{ end }}</ul>"
          "</body></html>\n")
    write(hugo, "layouts/_default/single.html",
          "<!doctype html><html><head><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>"
          "<p>{{ .Date.Format \"2006-01-02\" }}</p>{{ .Content }}</body></html>\n")
    for post in posts:
        date = post["date"] if "T" in post["date"] else post["date"] + "T00:00"
        title = post["title"].replace('"', '\\"')
        write(hugo, f"content/posts/{post['slug']}.md",
              f'---\ntitle: "{title}"\ndate: {date}:00\n---\n{post["body"]}\n')
