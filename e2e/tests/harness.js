// Starts a real agora (the debug binary, demo data, a fresh SQLite file) and Debian's chromium.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import net from "node:net";
import { chromium } from "playwright-core";
import AxeBuilder from "@axe-core/playwright";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const binary = process.env.AGORA_BIN || join(process.env.CARGO_TARGET_DIR || join(root, "target"), "debug", "agora");

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

/** A running agora with demo data. `log()` returns everything it printed (e-mails included). */
export async function startAgora() {
  const dir = mkdtempSync(join(tmpdir(), "agora-e2e-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let output = "";
  const child = spawn(binary, ["demo", "--database-url", `sqlite://${join(dir, "e2e.db")}`, "--bind", `127.0.0.1:${port}`, "--base-url", base], {
    env: { ...process.env, AGORA_LOG: "info", NO_COLOR: "1", AGORA_SECRET_KEY_FILE: join(dir, "agora-secret.key") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const deadline = Date.now() + 20000;
  for (;;) {
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`agora did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    log: () => output,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 200));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Debian's chromium, headless, with the flags this closed network needs. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** axe-core with the WCAG 2.1 A and AA rules; returns the violations. */
export async function axeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

/** The last link in the server's log (the e-mail transport writes mails there) containing `needle`. */
export function lastLinkInLog(log, needle) {
  const links = log.match(/https?:\/\/[^\s"'<>]+/g) || [];
  return links.filter((l) => l.includes(needle)).pop();
}

/** The first `kind` component in organisation `org` — its page (`path`: `/polls/5`) and its
 *  space's id — found through the API: ids depend on the order in which the demo creates things. */
export async function findComponent(agora, org, kind) {
  const { spaces } = await (await fetch(`${agora.base}/api/v1/organizations/${org}/spaces`)).json();
  for (const { id } of spaces) {
    const space = await (await fetch(`${agora.base}/api/v1/spaces/${id}`)).json();
    const component = (space.components || []).find((c) => c.kind === kind);
    if (component) return { path: component.links.html, spaceId: id };
  }
  throw new Error(`no ${kind} component in ${org}`);
}
