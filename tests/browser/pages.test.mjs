// What every built page must hold in a real browser, read from the computed
// layout rather than the HTML: the site fixture and the example plan, built
// with the release binary the way .ci/run builds them, opened as file:// pages.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { launchChromium, outcare } from "./support.mjs";

let sites;
let browser;

before(async () => {
  sites = mkdtempSync(join(tmpdir(), "outcare-pages-"));
  outcare(["--root", "tests/fixtures/site", "--today", "2026-03-01", "build", "--out", join(sites, "fixture")]);
  outcare(["--today", "2026-12-01", "build", "--out", join(sites, "example")]);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (sites) rmSync(sites, { recursive: true, force: true });
});

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
