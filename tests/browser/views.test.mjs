// The stakeholder's views in a real browser: Debian's Chromium, driven by
// playwright-core, on the site fixture built from disk and opened as file://
// pages, the way a reader who downloaded the site would. Run by .ci/run with
// `node --test tests/browser/`; it builds the fixture with the release binary.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium, outcare } from "./support.mjs";

let site;
let browser;

before(async () => {
  site = mkdtempSync(join(tmpdir(), "outcare-views-"));
  outcare(["--root", "tests/fixtures/site", "--today", "2026-03-01", "build", "--out", site]);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (site) rmSync(site, { recursive: true, force: true });
});

/** A fresh page on one of the site's files, with the console's errors collected. */
async function open(path, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  const [file, query] = path.split("?");
  await page.goto(pathToFileURL(join(site, file)).href + (query ? "?" + query : ""));
  return { page, errors };
}

test("search finds a post that is not on the page, from disk, with the keyboard", async () => {
  const { page, errors } = await open("index.html");
  assert.equal(await page.locator("text=Session templates for club coaches").count(), 0, "not on the overview");
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "search-box", "/ focuses the box");
  await page.keyboard.type("coaches");
  const first = page.locator("#search-results [role=option]").first();
  await first.waitFor();
  assert.match(await first.innerText(), /Session templates for club coaches/);
  await page.keyboard.press("ArrowDown");
  assert.equal(await first.getAttribute("aria-selected"), "true");
  await page.keyboard.press("Enter");
  await page.waitForURL(/posts\/coach-session-templates\/index\.html$/);
  assert.deepEqual(errors, []);
});

test("search folds accents and finds personas and campaigns too", async () => {
  const { page, errors } = await open("calendar/2026-03/index.html");
  await page.locator("#search-box").fill("spring 10k");
  await page.locator("#search-results [role=option]").first().waitFor();
  const kinds = await page.locator("#search-results .search-kind").allInnerTexts();
  assert.ok(kinds.includes("campaign"), kinds.join());
  await page.locator("#search-box").fill("WËEKEND");
  await page.locator("#search-results [role=option]").first().waitFor();
  assert.ok((await page.locator("#search-results .search-kind").allInnerTexts()).includes("persona"));
  await page.locator("#search-box").fill("zzzz-nothing");
  await page.locator(".search-none").waitFor();
  assert.deepEqual(errors, []);
});

/** The slugs of the posts a page shows. */
async function shown(page) {
  return page.$$eval("[data-post]:not([hidden]) a[href*='posts/']", (links) =>
    links.map((a) => a.getAttribute("href").split("/").slice(-2)[0]).sort());
}

test("a filter takes several values at once, and the address keeps them", async () => {
  const { page, errors } = await open("calendar/2026-03/index.html?channel=blog&channel=newsletter");
  assert.deepEqual(await shown(page), ["five-stretches", "insoles-fixed", "march-letter", "sixteen-week-plan"]);
  assert.equal(await page.locator("input[name=channel][value=blog]").isChecked(), true);
  // Adding instagram with the keyboard: open the channel choice, tick a box with Space.
  await page.locator("details.choice summary", { hasText: "Channel" }).focus();
  await page.keyboard.press("Enter");
  await page.locator("input[name=channel][value=instagram]").focus();
  await page.keyboard.press("Space");
  assert.equal(await page.locator("input[name=channel][value=instagram]").isChecked(), true);
  const search = await page.evaluate(() => window.location.search);
  assert.deepEqual(new URLSearchParams(search).getAll("channel"), ["blog", "instagram", "newsletter"]);
  assert.ok((await shown(page)).includes("stretch-reel"));
  assert.match(await page.locator("details.choice summary", { hasText: "Channel" }).innerText(), /\(3\)/);
  // The pager carries the view to the next month.
  assert.match(await page.locator("a[rel=next]").getAttribute("href"), /\?channel=blog&channel=instagram&channel=newsletter$/);
  assert.deepEqual(errors, []);
});

test("the owner and campaign filters, alone and together", async () => {
  const { page, errors } = await open("list/2026-03/index.html?owner=maria");
  assert.deepEqual(await shown(page), ["five-stretches"]);
  await page.goto(page.url().split("?")[0] + "?campaign=spring-10k&owner=tom-tom-example-org");
  assert.deepEqual(await shown(page), [], "both must hold");
  await page.goto(page.url().split("?")[0] + "?owner=maria&owner=tom-tom-example-org");
  assert.deepEqual(await shown(page), ["five-stretches", "march-letter"]);
  await page.locator("button[type=reset]").click();
  await page.waitForFunction(() => !window.location.search);
  assert.equal((await shown(page)).length, 7, "Show all shows every post of the month");
  assert.deepEqual(errors, []);
});

test("a week reads as seven columns on a desktop and a list of days on a phone", async () => {
  const columns = async (width) => {
    const { page } = await open("weeks/2026-W11/index.html", { viewport: { width, height: 800 } });
    return page.$eval(".week-days", (e) => getComputedStyle(e).gridTemplateColumns.split(" ").length);
  };
  assert.equal(await columns(1280), 7);
  assert.equal(await columns(390), 1);
});
