// A month printed for a board meeting: one A4 landscape page, every title
// whole, nothing printed over anything else, status in words, the keys to
// owners and channel colours, colours kept without "background graphics",
// and none of the screen's controls. Read from Chromium's print layout (print
// media at the size of the printed area) and from the PDF it prints.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium, outcare, write } from "./support.mjs";

// A4 landscape less the 8 mm margins of the stylesheet's @page, at 96 px an inch.
const PRINTED = { width: Math.floor((297 - 16) / 25.4 * 96), height: Math.floor((210 - 16) / 25.4 * 96) };

let sites;
let browser;

before(async () => {
  sites = mkdtempSync(join(tmpdir(), "outcare-print-"));
  outcare(["--root", "tests/fixtures/site", "--today", "2026-03-01", "build", "--out", join(sites, "fixture")]);
  outcare(["--today", "2026-12-01", "build", "--out", join(sites, "example")]);
  const library = join(sites, "library-plan");
  writeLibraryPlan(library);
  outcare(["--root", library, "--today", "2026-12-03", "build", "--out", join(sites, "library")]);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (sites) rmSync(sites, { recursive: true, force: true });
});

/**
 * A library's December as the board sees it: a post most days, three on one,
 * long titles and one with no place to break, a weekly series, posts inside
 * the "Christmas closure", a day something is due, owners and flags.
 */
function writeLibraryPlan(root) {
  write(root, "outcare.yaml", `title: Riverside Public Library — winter plan
timezone: Europe/London
channels:
  facebook: {name: Facebook, color: "#1d4ed8"}
  instagram: {name: Instagram, color: "#be185d"}
  tiktok: {name: TikTok, color: "#0f766e"}
  newsletter: {name: Newsletter, color: "#6d28d9"}
  website: {name: Website, color: "#c2410c"}
quiet:
  - {from: 2026-12-24, to: 2027-01-01, name: Christmas closure}
`);
  write(root, "content/personas/families.md", "---\nname: Families with young children\nchannels: [facebook, instagram, newsletter, website]\n---\n");
  write(root, "content/personas/teens.md", "---\nname: Teens\nchannels: [tiktok, instagram]\n---\n");
  write(root, "content/pain-points/story-time.md", "---\ntitle: Somewhere warm to go with a toddler\npersonas: [families]\n---\n");
  write(root, "content/pain-points/homework.md", "---\ntitle: Help with homework after school\npersonas: [teens]\n---\n");
  const titles = [
    "Story time at every branch: the winter programme, sign-up dates and what to bring",
    "Homework-help-drop-in-sessions-at-Riverside-Northgate-and-Eastfield",
    "Five picture books about snow, chosen by our children's librarians",
    "Behind the desk: a day with the mobile library van",
    "Our opening hours over the holidays, branch by branch",
    "Need photo releases for teens before the gaming night video goes out",
  ];
  const channels = ["facebook", "instagram", "tiktok", "newsletter", "website"];
  const statuses = ["published", "scheduled", "review", "draft"];
  const owners = ["Amira Haddad", "Jonas Berg", "Priya Nair"];
  const days = [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 14, 14, 14, 15, 16, 17, 18, 21, 22, 23, 24, 28, 29, 30, 31];
  days.forEach((day, i) => {
    const channel = channels[i % channels.length];
    const teen = channel === "tiktok";
    write(root, `content/posts/2026-12/post-${i}.md`, [
      "---",
      `title: "${titles[i % titles.length]}"`,
      `date: 2026-12-${String(day).padStart(2, "0")}${i % 4 === 0 ? "T10:30" : ""}`,
      `channel: ${channel}`,
      `pain_points: [${teen ? "homework" : "story-time"}]`,
      `status: ${statuses[i % statuses.length]}`,
      `owner: ${owners[i % owners.length]}`,
      ...(i === 9 ? ["due: 2026-12-10"] : []),
      ...(i % 6 === 0 ? ["tags: [events, branches]"] : []),
      "---",
      "What the post says, and the branch it points readers to.",
      "",
    ].join("\n"));
  });
  write(root, "content/posts/2026-12/rhyme-time.md", `---
title: Rhyme time this week
date: 2026-12-02
repeat: weekly
until: 2026-12-30
channel: instagram
pain_points: [story-time]
status: scheduled
owner: Priya Nair
---
This week's songs and the branches that host the session.
`);
}

/** Every month page of a built site. */
function monthPages(site) {
  const dir = join(sites, site, "calendar");
  return readdirSync(dir).filter((month) => /^\d{4}-\d{2}$/.test(month))
    .map((month) => join(dir, month, "index.html")).sort();
}

/** What is wrong with the page open in `page` when printed, read from its layout. */
function printProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    const name = (e) => `${e.localName}.${[...e.classList].join(".")} "${e.textContent.trim().slice(0, 40)}"`;
    const shown = (e) => {
      const box = e.getBoundingClientRect();
      return getComputedStyle(e).display !== "none" && box.width > 0 && box.height > 0;
    };
    for (const selector of [".site-header nav", ".search", ".filters", ".pager", "[data-print]", ".subscribe"]) {
      for (const e of document.querySelectorAll(selector)) {
        if (shown(e)) problems.push(`${selector} is printed`);
      }
    }
    const grid = document.querySelector("table.month");
    if (!grid) return ["no month grid"];
    // Cut text: an ellipsis, or content larger than the box that clips it.
    for (const e of grid.querySelectorAll("*")) {
      if (e.closest(".visually-hidden")) continue;
      const style = getComputedStyle(e);
      if (style.textOverflow === "ellipsis") problems.push(`${name(e)}: text-overflow: ellipsis`);
      if (style.overflowX !== "visible" || style.overflowY !== "visible") {
        if (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1) {
          problems.push(`${name(e)}: cut, ${e.scrollWidth}×${e.scrollHeight} in ${e.clientWidth}×${e.clientHeight}`);
        }
      }
    }
    // Overlaps: the texts of a day must lie apart, and inside the day.
    for (const day of grid.querySelectorAll("td.day")) {
      const cell = day.getBoundingClientRect();
      const texts = [...day.querySelectorAll(".day-number, .quiet-label, .chips > li, .due-list > li")].filter(shown);
      const boxes = texts.map((e) => e.getBoundingClientRect());
      texts.forEach((e, i) => {
        const b = boxes[i];
        if (b.left < cell.left - .5 || b.right > cell.right + .5 || b.top < cell.top - .5 || b.bottom > cell.bottom + .5) {
          problems.push(`${name(e)} reaches out of its day ${day.querySelector("time")?.dateTime}`);
        }
        for (let j = i + 1; j < texts.length; j++) {
          const c = boxes[j];
          if (b.left < c.right - .5 && c.left < b.right - .5 && b.top < c.bottom - .5 && c.top < b.bottom - .5) {
            problems.push(`${name(e)} overlaps ${name(texts[j])}`);
          }
        }
      });
    }
    // Status in words, big enough to read.
    for (const chip of grid.querySelectorAll(".chip")) {
      const status = chip.querySelector(".chip-status");
      const size = status ? parseFloat(getComputedStyle(status).fontSize) : 0;
      if (!status || !shown(status) || size < 6.5 || status.textContent.trim() !== chip.dataset.status) {
        problems.push(`${name(chip)}: its status "${chip.dataset.status}" is not printed in words (${size} px)`);
      }
    }
    // Colours kept, whether or not the dialog prints background graphics.
    for (const e of document.querySelectorAll(".chip a, .swatch, .legend-sample")) {
      const style = getComputedStyle(e);
      if ((style.printColorAdjust || style.webkitPrintColorAdjust) !== "exact") {
        problems.push(`${name(e)}: colours may be dropped (print-color-adjust: ${style.printColorAdjust})`);
      }
    }
    // The keys: every channel and every owner's initials on a chip.
    const legend = [...document.querySelectorAll(".legend")].filter(shown).map((e) => e.textContent).join(" ");
    for (const chip of grid.querySelectorAll(".chip")) {
      const channel = chip.querySelector(".chip-channel").textContent.trim();
      if (!legend.includes(channel)) problems.push(`the printed key has no channel ${channel}`);
      const owner = chip.querySelector(".chip-owner");
      if (owner && !legend.includes(owner.title.replace("Owner: ", ""))) {
        problems.push(`the printed key has no owner ${owner.title}`);
      }
    }
    return problems;
  });
}

/** How many pages a PDF has, from its page tree's count. */
function pageCount(pdf) {
  const counts = [...pdf.toString("latin1").matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g)]
    .map((m) => Number(m[1] ?? m[2]));
  assert.ok(counts.length > 0, "no page tree in the PDF");
  return Math.max(...counts);
}

test("a month prints whole on one landscape page, in words and colours, without the screen's controls", async () => {
  const files = ["fixture", "example", "library"].flatMap(monthPages);
  assert.ok(files.some((f) => f.includes(join("library", "calendar", "2026-12"))), `no library December in ${files}`);
  const context = await browser.newContext({ viewport: PRINTED });
  const page = await context.newPage();
  await page.emulateMedia({ media: "print" });
  const problems = [];
  for (const file of files) {
    await page.goto(pathToFileURL(file).href);
    for (const problem of await printProblems(page)) problems.push(`${relative(sites, file)}: ${problem}`);
    const pdf = await page.pdf({ format: "A4", landscape: true, preferCSSPageSize: true });
    const pages = pageCount(pdf);
    if (pages !== 1) problems.push(`${relative(sites, file)}: printed on ${pages} pages`);
  }
  await context.close();
  assert.deepEqual(problems, [], "problems of printed months");
});

test("the Print button prints, and shows only on screen with the script on", async () => {
  const file = pathToFileURL(join(sites, "library", "calendar", "2026-12", "index.html")).href;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(() => { window.print = () => { window.printed = (window.printed ?? 0) + 1; }; });
  await page.goto(file);
  const button = page.getByRole("button", { name: "Print this month" });
  assert.ok(await button.isVisible(), "no Print button on the month page");
  await button.click();
  assert.equal(await page.evaluate(() => window.printed), 1, "the button did not open printing");
  await page.emulateMedia({ media: "print" });
  assert.ok(!(await button.isVisible()), "the Print button is printed");
  await context.close();
  const noScript = await browser.newContext({ viewport: { width: 1280, height: 800 }, javaScriptEnabled: false });
  const still = await noScript.newPage();
  await still.goto(file);
  assert.equal(await still.locator("[data-print]").count(), 1, "no Print button in the HTML");
  assert.ok(!(await still.locator("[data-print]").isVisible()), "a Print button that cannot print shows without the script");
  await noScript.close();
});

test("a list prints with every column of its table", async () => {
  const context = await browser.newContext({ viewport: PRINTED });
  const page = await context.newPage();
  await page.emulateMedia({ media: "print" });
  const problems = [];
  for (const site of ["fixture", "example", "library"]) {
    const dir = join(sites, site, "list");
    for (const month of readdirSync(dir).filter((name) => /^\d{4}-\d{2}$/.test(name))) {
      await page.goto(pathToFileURL(join(dir, month, "index.html")).href);
      const cut = await page.evaluate(() => [...document.querySelectorAll("table.posts th, table.posts td")]
        .filter((cell) => {
          const box = cell.getBoundingClientRect();
          let clip = document.documentElement.clientWidth;
          for (let e = cell.parentElement; e; e = e.parentElement) {
            if (getComputedStyle(e).overflowX !== "visible") clip = Math.min(clip, e.getBoundingClientRect().right);
          }
          return getComputedStyle(cell).display === "none" || box.width === 0 || box.right > clip + .5;
        })
        .map((cell) => cell.textContent.trim().slice(0, 30)));
      if (cut.length) problems.push(`${site}/list/${month}: cells not printed: ${cut.slice(0, 5).join(" | ")}`);
    }
  }
  await context.close();
  assert.deepEqual(problems, [], "list cells hidden or cut in print");
});
