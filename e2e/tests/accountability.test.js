// A visitor follows up the demo's results: the list (a tree with progress bars) and a result's
// page (its sub-results, the projects and proposals it came from, its timeline in date order).
// axe finds no violation on either page, in French and English.
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

for (const locale of ["en", "fr"]) {
  test(`the results list and a result page (${locale})`, async () => {
    const { path } = await findComponent(agora, "ville-exemple", "accountability");
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    const response = await page.goto(agora.base + path);
    assert.equal(response.status(), 200);
    assert.equal(await page.getAttribute("html", "lang"), locale);
    assert.equal(await page.textContent("h1"), "Suivi des projets");
    const tree = page.locator("ul.results-tree");
    assert.match(await tree.textContent(), /Une forêt urbaine place Carnot/);
    // Every result has a progress bar with a name, and its value in text beside it.
    const bars = tree.locator("progress");
    assert.ok((await bars.count()) >= 5, "one bar per result");
    assert.ok(await bars.first().getAttribute("aria-label"));
    // The parent's progress comes from its sub-results (weighted: 100 % and 40 % of equal weight).
    const forest = tree.locator("li", { hasText: "Une forêt urbaine place Carnot" }).first();
    assert.equal(await forest.locator("progress").first().getAttribute("value"), "70");
    assert.deepEqual(await axeViolations(page), [], "the results list");

    await Promise.all([page.waitForNavigation(), page.click("text=Une forêt urbaine place Carnot")]);
    assert.equal(await page.textContent("h1"), "Une forêt urbaine place Carnot");
    assert.match(await page.textContent("main"), /Désimperméabilisation du parking/);
    const steps = await page.locator("ol.timeline h3").allTextContents();
    assert.equal(steps.length, 3);
    assert.match(steps[0], /Début des travaux/);
    assert.match(steps[2], /Premières plantations/);
    assert.ok((await page.locator("main a[href^='/budgets/']").count()) >= 1, "the project it came from");
    assert.ok((await page.locator("main a[href^='/proposals/']").count()) >= 1, "the proposal it came from");
    assert.deepEqual(await axeViolations(page), [], "a result page");
    await context.close();
  });
}

test("the admin pages: results, statuses, import, a result's form with its milestones", async () => {
  const { path } = await findComponent(agora, "ville-exemple", "accountability");
  const context = await browser.newContext({ locale: "en" });
  const page = await context.newPage();
  await page.goto(agora.base + "/sign-in");
  await page.fill("input[name=email]", "alice@agora.test");
  await page.fill("input[name=password]", "demo-alice-2026");
  await Promise.all([page.waitForNavigation(), page.click("form[action^='/sign-in'] button[type=submit]")]);
  await page.goto(agora.base + path + "/edit");
  assert.match(await page.textContent("#statuses"), /in-progress/);
  assert.deepEqual(await axeViolations(page), [], "the admin page");
  // A broken CSV: a line-numbered message, nothing imported.
  await page.fill("#import-csv", "title,progress\nNew result,150\n");
  await Promise.all([page.waitForNavigation(), page.click("#import button[type=submit]")]);
  assert.match(await page.textContent("#import-errors"), /Line 2: progress “150”/);
  assert.deepEqual(await axeViolations(page), [], "the admin page with import errors");
  await page.click("ul.results-tree a[href$='/edit']");
  await page.waitForSelector("#milestones");
  assert.deepEqual(await axeViolations(page), [], "a result's form");
  await context.close();
});
