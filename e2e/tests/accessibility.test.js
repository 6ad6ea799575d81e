// axe-core finds no WCAG 2.1 AA violation on the main pages, in French and English.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startAgora, launchBrowser, axeViolations } from "./harness.js";

let agora, browser;
before(async () => {
  agora = await startAgora();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await agora?.stop();
});

const pages = ["/", "/o/ville-exemple", "/spaces/1", "/pages/1", "/polls/4", "/polls/4/5", "/polls/4/8", "/sign-in", "/sign-up", "/no-such-page"];

for (const locale of ["fr", "en"]) {
  for (const path of pages) {
    test(`no accessibility violation on ${path} (${locale})`, async () => {
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      const response = await page.goto(agora.base + path);
      assert.ok(response.status() < 500, `status ${response.status()}`);
      assert.equal(await page.getAttribute("html", "lang"), locale);
      const violations = await axeViolations(page);
      await context.close();
      assert.deepEqual(violations, []);
    });
  }
}
