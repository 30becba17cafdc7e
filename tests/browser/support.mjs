// What the browser tests share: building a plan's site with the release binary
// (as .ci/run does) and starting Debian's Chromium the way this machine allows
// (no background networking: its connections would be refused).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const repo = fileURLToPath(new URL("../..", import.meta.url));

/** Runs `outcare ARGS` from the repository's root, failing the test on an error. */
export function outcare(args) {
  execFileSync("cargo", ["run", "--release", "--quiet", "--", ...args],
    { cwd: repo, stdio: ["ignore", "ignore", "pipe"] });
}

export function launchChromium() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** Writes `path` under `root`, making its folders: the plans a test writes for itself. */
export function write(root, path, text) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}
