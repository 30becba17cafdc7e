// What every built page must hold in a real browser, read from the computed
// layout rather than the HTML: the site fixture, the example plan and a plan
// written here to be wide, built with the release binary the way .ci/run
// builds them, opened as file:// pages.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium, outcare, write } from "./support.mjs";

let sites;
let browser;

before(async () => {
  sites = mkdtempSync(join(tmpdir(), "outcare-pages-"));
  outcare(["--root", "tests/fixtures/site", "--today", "2026-03-01", "build", "--out", join(sites, "fixture")]);
  outcare(["--today", "2026-12-01", "build", "--out", join(sites, "example")]);
  const wide = join(sites, "wide-plan");
  writeWidePlan(wide);
  outcare(["--root", wide, "--today", "2027-03-10", "build", "--out", join(sites, "wide")]);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (sites) rmSync(sites, { recursive: true, force: true });
});

/**
 * A plan that stretches every page sideways, as a real one can: eight
 * channels and six personas (the overview's coverage matrix), long names and
 * titles, slugs, paths and URLs that have no place to break, a wide table in a
 * body, and two commits of history, so the changes page has lines to show.
 */
function writeWidePlan(root) {
  const long = "a-slug-that-goes-on-and-on-without-a-single-place-to-break";
  const channels = ["blog", "instagram", "newsletter", "linkedin", "facebook", "nextdoor", "tiktok", "youtube"];
  const personas = ["teen-readers", "young-parents", "job-seekers", "retired-neighbours", "new-arrivals", `persona-${long}`];
  write(root, "outcare.yaml", [
    "title: Riverside Public Library — every branch, every channel, the whole winter plan",
    "timezone: America/Chicago",
    "channels:",
    ...channels.map((c) => `  ${c}: {name: ${c[0].toUpperCase()}${c.slice(1)} for every branch, per_week: [1, 2]}`),
    "",
  ].join("\n"));
  personas.forEach((p, i) => write(root, `content/personas/${p}.md`,
    `---
name: Persona${i}-${long}
summary: Reads https://example.org/${long}/${long}/index.html
channels: [${channels.slice(0, i + 3).join(", ")}]
---
More at https://example.org/${long}/${long}.
`));
  personas.forEach((p, i) => write(root, `content/pain-points/need-${i}-${long}.md`,
    `---
title: Need${i}-${long}
personas: [${p}]
priority: high
---
`));
  write(root, "content/pain-points/nobody-serves-this-one.md",
    `---
title: Unserved-${long}
personas: [${personas[0]}]
---
`);
  channels.forEach((channel, c) => {
    for (let day = 1; day <= 13; day += 12) {
      const date = `2027-03-${String(day + (c % 4)).padStart(2, "0")}`;
      const persona = c % personas.length;
      write(root, `content/posts/2027-03/${channel}-${day}-${long}.md`, [
        "---",
        `title: Post-${channel}-${day}-${long}`,
        `date: ${date}T10:00`,
        `channel: ${channel}`,
        `personas: [${personas[persona]}]`,
        `pain_points: [need-${persona}-${long}]`,
        `status: ${day < 10 ? "draft" : "scheduled"}`,
        `owner: Maximiliana-Konstantinopoulou-${long}`,
        `campaign: Campaign-${long}`,
        "---",
        `See https://example.org/${long}/${long}/${long}.html and \`content/posts/2027-03/${channel}-${day}-${long}.md\`.`,
        "",
        `| ${channels.join(" | ")} |`,
        `|${channels.map(() => "---").join("|")}|`,
        `| ${channels.map((ch) => `${ch}-${long}`).join(" | ")} |`,
        "",
      ].join("\n"));
    }
  });
  write(root, `content/posts/ideas/idea-${long}.md`,
    `---
title: Idea-${long}
channel: youtube
pain_points: [need-1-${long}]
status: idea
---
`);
  write(root, `content/feedback/feedback-${long}.md`,
    `---
title: Feedback-${long}
received: 2027-03-02
personas: [${personas[5]}]
pain_points: [need-5-${long}]
status: acted
change: Changed-${long}
---
`);
  const git = (...args) => execFileSync("git", args, {
    cwd: root,
    stdio: "ignore",
    env: { ...process.env, GIT_AUTHOR_DATE: "2027-03-08T12:00:00Z", GIT_COMMITTER_DATE: "2027-03-08T12:00:00Z" },
  });
  git("init", "--quiet");
  git("add", "-A");
  git("-c", "user.name=Maximiliana-Konstantinopoulou", "-c", "user.email=m@example.org", "commit", "--quiet", "-m", "The plan");
  write(root, `content/posts/2027-03/blog-1-${long}.md`,
    `---
title: Retitled-${long}
date: 2027-03-03
channel: blog
pain_points: [need-0-${long}]
status: published
---
`);
  rmSync(join(root, `content/posts/2027-03/blog-13-${long}.md`));
  git("add", "-A");
  git("-c", "user.name=Maximiliana-Konstantinopoulou", "-c", "user.email=m@example.org", "commit", "--quiet", "-m", "Moved-on");
}

/** Every HTML file under a folder, sorted. */
function pages(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((file) => file.endsWith(".html"))
    .map((file) => join(dir, file))
    .sort();
}

test("nothing with the hidden attribute shows on any page, on a desktop or a phone", async () => {
  const files = [...pages(join(sites, "fixture")), ...pages(join(sites, "example"))];
  assert.ok(files.length > 20, `only ${files.length} pages built`);
  const shown = [];
  for (const width of [1280, 390]) {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    for (const file of files) {
      await page.goto(pathToFileURL(file).href);
      const seen = await page.$$eval("[hidden]", (elements) => elements
        .filter((e) => {
          const box = e.getBoundingClientRect();
          return getComputedStyle(e).display !== "none" || box.width > 0 || box.height > 0;
        })
        .map((e) => e.id ? `#${e.id}` : `${e.localName}.${e.className}`));
      for (const what of seen) shown.push(`${relative(sites, file)} at ${width} px: ${what}`);
    }
    await context.close();
  }
  assert.deepEqual(shown, [], "elements with `hidden` that take room on the page");
});

test("the care report keeps the month apart from the figures, and the figures right-aligned", async () => {
  for (const site of ["fixture", "example"]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(sites, site, "report", "index.html")).href);
    const rows = await page.$$eval("table.report tbody tr", (trs) => trs.map((tr) => {
      const text = (cell) => {
        const range = document.createRange();
        range.selectNodeContents(cell);
        return range.getBoundingClientRect();
      };
      const [month, first] = tr.cells;
      return {
        month: month.textContent,
        gap: text(first).left - text(month).right,
        alignments: [...tr.querySelectorAll("td")].map((td) => getComputedStyle(td).textAlign),
        numerals: [...tr.querySelectorAll("td")].map((td) => getComputedStyle(td).fontVariantNumeric),
      };
    }));
    assert.ok(rows.length > 0, `${site}: no rows in the report's table`);
    for (const row of rows) {
      assert.ok(row.gap >= 12, `${site}, ${row.month}: ${row.gap} px between the month and its posts`);
      assert.ok(row.alignments.every((a) => a === "right"), `${site}, ${row.month}: ${row.alignments}`);
      assert.ok(row.numerals.every((n) => n.includes("tabular-nums")), `${site}, ${row.month}: ${row.numerals}`);
    }
    await context.close();
  }
});

test("no page is wider than a phone: wide tables scroll in their own box, long words wrap", async () => {
  const files = ["fixture", "example", "wide"].flatMap((site) => pages(join(sites, site)));
  const kinds = new Set(files.map((file) => relative(sites, file).split("/").slice(1, -1)[0] ?? "overview"));
  for (const kind of ["overview", "calendar", "list", "weeks", "posts", "personas", "pain-points", "campaigns",
    "owners", "flags", "feedback", "ideas", "changes", "report"]) {
    assert.ok(kinds.has(kind), `no ${kind} page built: ${[...kinds]}`);
  }
  const wideChanges = pages(join(sites, "wide", "changes"))[0];
  const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
  const page = await context.newPage();
  await page.goto(pathToFileURL(wideChanges).href);
  assert.ok(await page.locator("text=Retitled-a-slug").count() > 0, "the wide plan's changes page shows no change");
  const wide = [];
  for (const file of files) {
    await page.goto(pathToFileURL(file).href);
    // A reader opens what is folded (a filter's choices, the overview's numbers).
    const width = await page.evaluate(() => {
      for (const details of document.querySelectorAll("details")) details.open = true;
      return document.documentElement.scrollWidth;
    });
    if (width > 390) {
      const culprits = await page.evaluate(() => [...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > 390.5)
        .filter((e) => {
          for (let box = e.parentElement; box; box = box.parentElement) {
            if (["auto", "scroll"].includes(getComputedStyle(box).overflowX)) return false;
          }
          return true;
        })
        .slice(0, 3)
        .map((e) => `${e.localName}.${e.className}`));
      wide.push(`${relative(sites, file)}: ${width} px (${culprits.join(", ")})`);
    }
  }
  await context.close();
  assert.deepEqual(wide, [], "pages wider than a 390 px phone");
});

/**
 * How many lines the header of the open page takes: the line boxes of its
 * visible text and its search box, those that overlap in height counted once.
 * Text drawn in a box of a pixel (the visually hidden label) is no line. And
 * whether its link to the page at hand is scrolled out of the window.
 */
function headerLines(page) {
  return page.evaluate(() => {
    const header = document.querySelector(".site-header");
    const spans = [];
    const walker = document.createTreeWalker(header, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const box = node.parentElement.getBoundingClientRect();
      if (!node.textContent.trim() || box.width <= 1 || box.height <= 1) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (r.width > 0 && r.height > 0) spans.push([r.top, r.bottom]);
    }
    for (const input of header.querySelectorAll("input")) {
      const r = input.getBoundingClientRect();
      if (r.width > 0 && r.height > 0) spans.push([r.top, r.bottom]);
    }
    spans.sort((a, b) => a[0] - b[0]);
    const lines = [];
    for (const [top, bottom] of spans) {
      const last = lines.at(-1);
      if (last && top < last[1] - 1) last[1] = Math.max(last[1], bottom);
      else lines.push([top, bottom]);
    }
    const current = header.querySelector("[aria-current=page]")?.getBoundingClientRect();
    return {
      lines: lines.length,
      searchShown: !header.querySelector(".search").hidden,
      currentOutOfView: current && (current.left < 0 || current.right > window.innerWidth),
    };
  });
}

test("on a 390 px phone the header takes at most two lines on every page, the current page in view", async () => {
  const files = ["fixture", "example", "wide"].flatMap((site) => pages(join(sites, site)));
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const tall = [];
  for (const file of files) {
    await page.goto(pathToFileURL(file).href);
    const { lines, searchShown, currentOutOfView } = await headerLines(page);
    assert.ok(searchShown, `${relative(sites, file)}: the search box did not show`);
    if (lines > 2) tall.push(`${relative(sites, file)}: ${lines} lines`);
    if (currentOutOfView) tall.push(`${relative(sites, file)}: the current page's link is scrolled out of view`);
  }
  // The measure sees a header that wraps: the same page on a desktop window
  // too narrow for its navigation, before the phone's layout applies.
  await page.setViewportSize({ width: 720, height: 844 });
  await page.goto(pathToFileURL(join(sites, "wide", "index.html")).href);
  assert.ok((await headerLines(page)).lines > 2, "a wrapping header was not measured as more than two lines");
  await context.close();
  assert.deepEqual(tall, [], "headers of more than two lines at 390 px, or hiding where the reader is");
});

test("the search box offers the / key with a mouse, and not on a touch screen", async () => {
  const file = pathToFileURL(join(sites, "fixture", "index.html")).href;
  const hint = (page) => page.evaluate(() => {
    // The text of the hint, wherever it is drawn: an element that holds it shows it.
    const holders = [...document.querySelectorAll(".site-header *")]
      .filter((e) => [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && /press/i.test(n.textContent)));
    const shown = holders
      .filter((e) => e.checkVisibility() && e.getBoundingClientRect().width > 0)
      .map((e) => e.parentElement.textContent.trim());
    return { shown, placeholder: document.querySelector("#search-box").placeholder };
  });
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await desktop.newPage();
  await page.goto(file);
  const withMouse = await hint(page);
  assert.ok(withMouse.shown.some((text) => text.includes("/")), `no key shown with a mouse: ${JSON.stringify(withMouse)}`);
  await desktop.close();
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const touch = await phone.newPage();
  await touch.goto(file);
  const onTouch = await hint(touch);
  assert.deepEqual(onTouch.shown, [], "a keyboard hint on a touch screen");
  assert.ok(!/press|\//i.test(onTouch.placeholder), `the placeholder says: ${onTouch.placeholder}`);
  await phone.close();
});
