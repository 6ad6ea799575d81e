// A member creates a ranked-choice poll with hidden results through the form, votes (keyboard
// only), gets a receipt, changes the vote and sees the results once voted — with JavaScript on
// and off. axe finds no violation on the creation form and on a poll page after voting.
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

const sessions = new Map();

async function signedIn(email, password, javaScriptEnabled) {
  if (!sessions.has(email)) {
    const context = await browser.newContext({ locale: "en" });
    const page = await context.newPage();
    await page.goto(agora.base + "/sign-in");
    await page.fill("input[name=email]", email);
    await page.fill("input[name=password]", password);
    await Promise.all([page.waitForNavigation(), page.click("form[action^='/sign-in'] button[type=submit]")]);
    sessions.set(email, await context.storageState());
    await context.close();
  }
  const context = await browser.newContext({ javaScriptEnabled, locale: "en", storageState: sessions.get(email) });
  const page = await context.newPage();
  return { context, page };
}

/** Presses Enter on the focused element and waits for the next page. */
async function enter(page) {
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
}

for (const javaScriptEnabled of [true, false]) {
  const mode = `JavaScript ${javaScriptEnabled ? "on" : "off"}`;

  test(`create a ranked poll, vote by keyboard, change the vote (${mode})`, async () => {
    const alice = await signedIn("alice@agora.test", "demo-alice-2026", javaScriptEnabled);
    const { page } = alice;
    const { path: polls } = await findComponent(agora, "assoc-des-communs", "polls");
    await page.goto(agora.base + polls + "/new");
    // axe runs in the page: only with JavaScript on.
    if (javaScriptEnabled) assert.deepEqual(await axeViolations(page), [], "the creation form");
    await page.selectOption("#poll-poll_type", "ranked_choice");
    await page.fill("#poll-title", `Our next outing (${mode})`);
    await page.fill("#poll-options", "Forest walk\nMuseum\nPicnic");
    await page.selectOption("#poll-method", "irv");
    await page.selectOption("#poll-hide_results", "until_vote");
    await page.fill("#poll-closes_at", "2030-06-01T18:00");
    await Promise.all([page.waitForNavigation(), page.click("form[action$='/new'] button[type=submit]")]);
    assert.match(new URL(page.url()).pathname, new RegExp(`^${polls}/\\d+$`), "on the new poll");
    assert.equal(await page.locator("figure svg").count(), 0, "results hidden before voting");

    // Keyboard only: focus the first rank field, type, tab to the next...
    const first = page.locator("input[name^=rank-]").first();
    await first.focus();
    await page.keyboard.type("2");
    await page.keyboard.press("Tab");
    await page.keyboard.type("1");
    await enter(page);
    assert.ok(await page.isVisible("#receipt code"), "a receipt code");
    assert.ok((await page.textContent("#vote")).includes("1. Museum · 2. Forest walk"), "the vote as cast");
    assert.equal(await page.locator("figure svg").count(), 1, "results once voted");
    if (javaScriptEnabled) assert.deepEqual(await axeViolations(page), [], "the poll page after voting");

    await page.locator("input[name^=rank-]").nth(2).focus();
    await page.keyboard.type("3");
    await enter(page);
    assert.ok((await page.textContent("#vote")).includes("3. Picnic"), "the changed vote");
    await page.click("#vote details summary");
    assert.equal(await page.locator("#vote details li").count(), 2, "both votes in my history");
    await alice.context.close();
  });
}
