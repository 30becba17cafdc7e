#!/usr/bin/env python3
"""Writes a synthetic content plan of N posts, for benchmarks.

usage: scripts/generate-plan.py N DIR

40 personas, 200 pain points, N posts spread over two years on six channels,
each with a few paragraphs of body text. Deterministic: the same N gives the
same files.
"""
import os
import random
import sys

n = int(sys.argv[1])
root = sys.argv[2]
rng = random.Random(42)
channels = ["blog", "instagram", "newsletter", "youtube", "facebook", "linkedin"]
# A Zipf-like vocabulary, as in real text: a few words very common, most rare.
syllables = ["ba", "ke", "ri", "lo", "mu", "te", "sa", "no", "vi", "da", "pe", "go", "ru", "fi", "ta"]
vocabulary = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(4000)})
weights = [1.0 / (rank + 1) for rank in range(len(vocabulary))]
words = ("bike battery commute rain winter route lock theft repair cargo kids light").split()

def write(path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w") as f:
        f.write(text)

def sentence():
    return " ".join(rng.choices(vocabulary, weights, k=rng.randint(8, 16))).capitalize() + "."

write("outcare.yaml", "title: Benchmark plan\ntimezone: Europe/Amsterdam\nchannels:\n" +
      "".join(f"  {c}: {{name: {c.title()}}}\n" for c in channels))
for p in range(40):
    chans = rng.sample(channels, 3)
    write(f"content/personas/persona-{p}.md",
          f"---\nname: Persona {p}\nsummary: {sentence()}\nchannels: [{', '.join(chans)}]\n---\n{sentence()}\n")
for k in range(200):
    owners = sorted({f"persona-{rng.randrange(40)}" for _ in range(2)})
    write(f"content/pain-points/pain-{k}.md",
          f"---\ntitle: Pain point {k}\npersonas: [{', '.join(owners)}]\npriority: medium\n---\n{sentence()}\n")
for i in range(n):
    day = rng.randrange(730)
    year, rest = (2026, day) if day < 365 else (2027, day - 365)
    import datetime
    date = datetime.date(year, 1, 1) + datetime.timedelta(days=rest)
    body = "\n\n".join(" ".join(sentence() for _ in range(3)) for _ in range(3))
    write(f"content/posts/{date.year}-{date.month:02}/post-{i}.md",
          f"---\ntitle: Post {i} about {rng.choice(words)}\ndate: {date.isoformat()}\n"
          f"channel: {rng.choice(channels)}\npain_points: [pain-{rng.randrange(200)}]\n"
          f"status: scheduled\nintent: {rng.choice(['educate', 'engage', 'listen', 'promote'])}\n---\n{body}\n")
