// A participant builds a ballot in the demo budget and casts it — with JavaScript on and off,
// keyboard only (focus and Enter); the remaining money follows each change; the receipt is
// shown. axe finds no violation on the budget list, the budget page (empty and filled) and a
// project page.
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

/** The demo's budgets component and its budget, found through the API. */
async function demoBudget() {
  const spaces = await (await fetch(`${agora.base}/api/v1/organizations/ville-exemple/spaces`)).json();
  const list = Array.isArray(spaces) ? spaces : spaces.spaces;
  const space = list.find((s) => s.slug === "budget-participatif-2026-vote");
  assert.ok(space, "the demo voting process");
  const budgets = await (await fetch(`${agora.base}/api/v1/spaces/${space.id}/budgets`)).json();
  assert.equal(budgets.length, 1);
  return budgets[0];
}

async function signedIn(email, password, javaScriptEnabled) {
  const context = await browser.newContext({ javaScriptEnabled, locale: "en" });
  const page = await context.newPage();
  await page.goto(agora.base + "/sign-in");
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", password);
  await Promise.all([page.waitForNavigation(), page.click("form[action^='/sign-in'] button[type=submit]")]);
  return { context, page };
}

/** Presses a button with the keyboard only and waits for the next page. */
async function press(page, selector) {
  await page.focus(selector);
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
}

const accounts = [
  [true, "bob@agora.test", "demo-bob-2026"],
  [false, "carla@agora.test", "demo-carla-2026"],
];

for (const [javaScriptEnabled, email, password] of accounts) {
  const mode = `JavaScript ${javaScriptEnabled ? "on" : "off"}`;

  test(`build a ballot and cast it with the keyboard (${mode})`, async () => {
    const budget = await demoBudget();
    const { context, page } = await signedIn(email, password, javaScriptEnabled);
    await page.goto(agora.base + budget.links.html);
    assert.match(await page.textContent(".basket-summary"), /Remaining: €500,000/);

    // Two projects: the first and the third of the list.
    const forms = page.locator("main form[action$='/ballot'] button");
    assert.ok((await forms.count()) >= 20, "every project can be added");
    await press(page, "main li.card:nth-of-type(1) form[action$='/ballot'] button");
    assert.match(new URL(page.url()).hash, /^#project-\d+$/, "back to the project");
    await press(page, "main li.card:nth-of-type(3) form[action$='/ballot'] button");
    // 120,000 + 8,000 spent of 500,000.
    assert.match(await page.textContent(".basket-summary"), /Remaining: €372,000/);
    assert.match(await page.textContent("#basket"), /Une forêt urbaine/);
    // axe runs in the page: only with JavaScript on.
    if (javaScriptEnabled) assert.deepEqual(await axeViolations(page), []);

    await press(page, "form[action$='/checkout'] button");
    const basket = await page.textContent("#basket");
    assert.match(basket, /Your vote is recorded/);
    assert.match(basket, /[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}/, "the receipt code");
    assert.equal(await page.locator("form[action$='/checkout']").count(), 0, "cast once");
    await context.close();
  });
}

test("no accessibility violation on the budget pages", async () => {
  const budget = await demoBudget();
  for (const locale of ["fr", "en"]) {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    for (const path of [
      `/budgets/${budget.component_id}`,
      budget.links.html,
      `${budget.links.html}/projects/1`,
    ]) {
      const response = await page.goto(agora.base + path);
      assert.equal(response.status(), 200, path);
      assert.deepEqual(await axeViolations(page), [], `${path} (${locale})`);
    }
    await context.close();
  }
});
