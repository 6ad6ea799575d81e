// axe-core finds no WCAG 2.1 AA violation on the main pages, in French and English.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startAgora, launchBrowser, axeViolations, findComponent } from "./harness.js";

let agora, browser;
before(async () => {
  agora = await startAgora();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await agora?.stop();
});

const pages = ["/", "/o/ville-exemple", "/spaces/1", "/pages/1", "/sign-in", "/sign-up"];

/** Checks one page: the expected status (a 404 page must not stand in for a real one), the
 *  language, and no axe violation. */
async function check(locale, path, status = 200) {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  const response = await page.goto(agora.base + path);
  assert.equal(response.status(), status, `${path}: status`);
  assert.equal(await page.getAttribute("html", "lang"), locale);
  const violations = await axeViolations(page);
  await context.close();
  assert.deepEqual(violations, [], path);
}

for (const locale of ["fr", "en"]) {
  for (const path of pages) {
    test(`no accessibility violation on ${path} (${locale})`, () => check(locale, path));
  }
  test(`no accessibility violation on the 404 page (${locale})`, () => check(locale, "/no-such-page", 404));
  test(`no accessibility violation on the demo's poll pages (${locale})`, async () => {
    const { path: polls, spaceId } = await findComponent(agora, "assoc-des-communs", "polls");
    await check(locale, polls);
    const { polls: list } = await (await fetch(`${agora.base}/api/v1/spaces/${spaceId}/polls`)).json();
    assert.ok(list.length >= 9, "a poll of each type");
    for (const poll of list) await check(locale, poll.links.html);
  });
}
