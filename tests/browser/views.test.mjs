// The stakeholder's views in a real browser: Debian's Chromium, driven by
// playwright-core, on the site fixture built from disk and opened as file://
// pages, the way a reader who downloaded the site would. Run by .ci/run with
// `node --test tests/browser/`; it builds the fixture with the release binary.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium, outcare } from "./support.mjs";

let site;
let browser;
// The fixture with tags on three posts and its idea, built apart so that the
// fixture's golden pages stay as they are.
let tagged;

/** The fixture's post `path` with `tags` added to its front matter, in `plan`. */
function tag(plan, path, tags) {
  const file = join(plan, "content/posts", path);
  writeFileSync(file, readFileSync(file, "utf8").replace("---\n", `---\ntags: ${tags}\n`));
}

before(async () => {
  site = mkdtempSync(join(tmpdir(), "outcare-views-"));
  outcare(["--root", "tests/fixtures/site", "--today", "2026-03-01", "build", "--out", site]);
  tagged = mkdtempSync(join(tmpdir(), "outcare-tagged-"));
  const plan = join(tagged, "plan");
  cpSync("tests/fixtures/site", plan, { recursive: true });
  tag(plan, "2026-03/five-stretches.md", "[Beginners, stretching]");
  tag(plan, "2026-03/stretch-reel.md", "stretching");
  tag(plan, "2026-03/march-letter.md", "[beginners, a tag long enough to wrap on a phone of 390 pixels]");
  tag(plan, "ideas/club-kit-guide.md", "[stretching]");
  outcare(["--root", plan, "--today", "2026-03-01", "build", "--out", join(tagged, "site")]);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (site) rmSync(site, { recursive: true, force: true });
  if (tagged) rmSync(tagged, { recursive: true, force: true });
});

/** A fresh page on one of the site's files (of `root`: the fixture's site unless
 * given), with the console's errors collected. */
async function open(path, options = {}, root = site) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  const [file, query] = path.split("?");
  await page.goto(pathToFileURL(join(root, file)).href + (query ? "?" + query : ""));
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

test("the tag filter: one choice a tag, several at once, with the other filters, from the address", async () => {
  const site = join(tagged, "site");
  const { page, errors } = await open("list/2026-03/index.html?tag=stretching", {}, site);
  assert.deepEqual(await shown(page), ["five-stretches", "stretch-reel"]);
  // Two spellings of one tag are one choice, in slug order.
  assert.deepEqual(await page.$$eval("input[name=tag]", (boxes) => boxes.map((b) => b.value)),
    ["a-tag-long-enough-to-wrap-on-a-phone-of-390-pixels", "beginners", "stretching"]);
  assert.match(await page.locator("input[name=tag][value=beginners]").locator("..").textContent(), /Beginners \/ beginners/);
  // A second tag with the keyboard: any of them will do.
  await page.locator("details.choice summary", { hasText: "Tag" }).focus();
  await page.keyboard.press("Enter");
  await page.locator("input[name=tag][value=beginners]").focus();
  await page.keyboard.press("Space");
  assert.deepEqual(await shown(page), ["five-stretches", "march-letter", "stretch-reel"]);
  const search = await page.evaluate(() => window.location.search);
  assert.deepEqual(new URLSearchParams(search).getAll("tag"), ["beginners", "stretching"]);
  // With a channel too, both must hold.
  await page.locator("details.choice summary", { hasText: "Channel" }).click();
  await page.locator("input[name=channel][value=blog]").check();
  assert.deepEqual(await shown(page), ["five-stretches"]);
  // The card says its tags, to the eye and to a screen reader.
  const row = page.locator("[data-post]", { hasText: "Five stretches" });
  assert.deepEqual(await row.locator(".tag").allInnerTexts(), ["Beginners", "stretching"]);
  assert.match(await row.locator(".tags").textContent(), /^Tags: Beginners, stretching$/);
  // The month grid and the ideas filter the same way.
  const month = await open("calendar/2026-03/index.html?tag=beginners", {}, site);
  assert.deepEqual(await shown(month.page), ["five-stretches", "march-letter"]);
  const ideas = await open("ideas/index.html?tag=beginners", {}, site);
  assert.deepEqual(await shown(ideas.page), []);
  await ideas.page.goto(ideas.page.url().split("?")[0] + "?tag=stretching");
  assert.deepEqual(await shown(ideas.page), ["club-kit-guide"]);
  assert.deepEqual([...errors, ...month.errors, ...ideas.errors], []);
});

test("tags fit a card on a phone and read in light and dark", async () => {
  const site = join(tagged, "site");
  for (const path of ["calendar/2026-03/index.html", "list/2026-03/index.html", "weeks/2026-W11/index.html",
    "posts/march-letter/index.html", "index.html"]) {
    for (const colorScheme of ["light", "dark"]) {
      const { page } = await open(path, { viewport: { width: 390, height: 800 }, colorScheme }, site);
      const tags = await page.$$eval(".tag", (all) => all.map((tag) => {
        const box = tag.getBoundingClientRect();
        const card = (tag.closest("[data-post]") || tag.closest("dd")).getBoundingClientRect();
        // WCAG's contrast ratio of the text on the tag's own background.
        const luminance = (css) => {
          const [r, g, b] = css.match(/[\d.]+/g).slice(0, 3).map((v) => {
            const c = Number(v) / 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const style = getComputedStyle(tag);
        const [light, dark] = [luminance(style.color), luminance(style.backgroundColor)].sort((a, b) => b - a);
        return {
          text: tag.textContent,
          inside: box.left >= card.left - 0.5 && box.right <= card.right + 0.5,
          contrast: (light + 0.05) / (dark + 0.05),
        };
      }));
      assert.ok(tags.length > 0, `${path}: no tag shown`);
      for (const tag of tags) {
        assert.ok(tag.inside, `${path} (${colorScheme}): "${tag.text}" sticks out of its card`);
        assert.ok(tag.contrast >= 4.5, `${path} (${colorScheme}): "${tag.text}" has a contrast of ${tag.contrast.toFixed(2)}`);
      }
    }
  }
});

test("a week reads as seven columns on a desktop and a list of days on a phone", async () => {
  const columns = async (width) => {
    const { page } = await open("weeks/2026-W11/index.html", { viewport: { width, height: 800 } });
    return page.$eval(".week-days", (e) => getComputedStyle(e).gridTemplateColumns.split(" ").length);
  };
  assert.equal(await columns(1280), 7);
  assert.equal(await columns(390), 1);
});
