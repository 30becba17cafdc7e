// Runs axe-core in headless Chromium on built outcare sites, opened from disk
// (the site is made to work from file://), and fails on any serious or
// critical violation. .ci/run calls it; locally, after `npm ci --ignore-scripts`:
//
//   node scripts/check-site.mjs SITE_DIR...
//
// Every page is checked rather than a sample, so a new kind of page is covered
// without anyone remembering to add it, and so are the months before, at and
// after "today", whose chips look different (published, overdue, today's cell).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const AXE = fileURLToPath(new URL("../node_modules/axe-core/axe.min.js", import.meta.url));

// Colours differ by scheme, and the month grid becomes a list on a phone (the
// stylesheet switches at 44rem), so each page is seen four ways.
const VIEWS = [
  { scheme: "light", width: 1280 },
  { scheme: "dark", width: 1280 },
  { scheme: "light", width: 390 },
  { scheme: "dark", width: 390 },
];

// Minor and moderate results are advice; serious and critical ones stop
// people from using the page.
const FAILING = new Set(["serious", "critical"]);

function htmlFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".html"))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const sites = process.argv.slice(2);
const files = sites.flatMap(htmlFiles);
if (files.length === 0) {
  console.error("usage: node scripts/check-site.mjs SITE_DIR... (folders holding a built site)");
  process.exit(2);
}

// Debian's chromium, never a downloaded one. Playwright gives it a fresh
// temporary profile; the flags keep it from reaching the network on its own.
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

// One browser context per view, run side by side; each page is loaded
// from disk with axe injected before the page's own script.
async function check(view) {
  const context = await browser.newContext({
    viewport: { width: view.width, height: 900 },
    colorScheme: view.scheme,
  });
  await context.addInitScript({ path: AXE });
  const tab = await context.newPage();
  const found = [];
  for (const file of files) {
    await tab.goto(pathToFileURL(file).href);
    const violations = await tab.evaluate(async () => {
      // What a closed <details> holds is still part of the page.
      for (const details of document.querySelectorAll("details")) details.open = true;
      return (await window.axe.run()).violations;
    });
    for (const v of violations.filter((v) => FAILING.has(v.impact))) {
      found.push(
        `${file} (${view.scheme}, ${view.width}px): ${v.impact} ${v.id}: ${v.help}\n` +
          v.nodes.map((node) => `    ${node.target.join(" ")}\n`).join(""),
      );
    }
  }
  await context.close();
  return found;
}

let found;
try {
  found = (await Promise.all(VIEWS.map(check))).flat();
} finally {
  await browser.close();
}
process.stdout.write(found.join(""));
console.log(
  `axe: ${files.length} pages, each in ${VIEWS.length} views: ` +
    `${found.length} serious or critical violation${found.length === 1 ? "" : "s"}`,
);
process.exit(found.length === 0 ? 0 : 1);
