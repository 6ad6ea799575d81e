// A whole discussion, keyboard only: a member starts a thread, replies, starts a proposal poll
// from the thread, votes, closes it and writes the outcome; the poll shows in the thread's
// timeline and its outcome in the outline as a decision; she reacts to a reply. axe finds no
// violation on the thread page and on the poll page.
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

/** Focuses `selector`, then presses Enter and waits for the next page. */
async function press(page, selector) {
  await page.focus(selector);
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
}

/** Focuses a field and types into it. */
async function type(page, selector, text) {
  await page.focus(selector);
  await page.keyboard.type(text);
}

test("a thread with a proposal poll and its outcome, keyboard only", async () => {
  const context = await browser.newContext({ locale: "en" });
  const page = await context.newPage();
  await page.goto(agora.base + "/sign-in");
  await type(page, "input[name=email]", "alice@agora.test");
  await type(page, "input[name=password]", "demo-alice-2026");
  await press(page, "form[action^='/sign-in'] button[type=submit]");

  const { path: threads } = await findComponent(agora, "assoc-des-communs", "threads");
  await page.goto(agora.base + threads + "/new");
  await type(page, "#thread-title", "Our autumn outing");
  await type(page, "#thread-context", "Where we stand: two ideas, the forest or the museum.");
  await press(page, "form[action$='/new'] button[type=submit]");
  assert.match(new URL(page.url()).pathname, new RegExp(`^${threads}/\\d+$`), "on the new thread");
  const threadPath = new URL(page.url()).pathname;

  await type(page, "#comment-new-body", "Let us decide with a proposal.");
  await press(page, "form[action='/comments'] button[type=submit]");
  assert.ok((await page.textContent("#comments")).includes("Let us decide with a proposal."));

  // A poll started from the thread.
  await press(page, "a[href*='/new?thread=']");
  await page.focus("#poll-poll_type");
  await page.keyboard.type("Proposal");
  assert.equal(await page.inputValue("#poll-poll_type"), "proposal");
  await type(page, "#poll-title", "Go to the forest?");
  await page.focus("#poll-closes_at");
  await page.fill("#poll-closes_at", "2030-06-01T18:00");
  await press(page, "form[action$='/new'] button[type=submit]");
  assert.ok((await page.textContent("main")).includes("Started in the thread"), "linked to its thread");
  const pollPath = new URL(page.url()).pathname;

  // Vote "agree": Space checks the focused radio, Enter sends the form.
  await page.focus("input[name=choice]");
  await page.keyboard.press("Space");
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  assert.ok(await page.isVisible("#receipt code"), "voted");

  // Close, then the outcome.
  await press(page, "form[action$='/close'] button[type=submit]");
  await type(page, "#outcome-text", "We go to the forest on 12 October.");
  await press(page, "form[action$='/outcome'] button[type=submit]");
  assert.ok((await page.textContent("#outcome")).includes("We go to the forest on 12 October."));
  assert.deepEqual(await axeViolations(page), [], "the poll page");

  // Back in the thread: the poll in the timeline, its outcome in the outline.
  await press(page, `main a[href='${threadPath}']`);
  const pollId = pollPath.split("/").pop();
  assert.ok(await page.isVisible(`#poll-${pollId}`), "the poll in the timeline");
  const outline = await page.textContent("#outline");
  assert.ok(outline.includes("Decision") && outline.includes("We go to the forest on 12 October."), outline);

  // React to the reply: follow "React" with Enter, choose the heart, back in the thread.
  await press(page, "div.reactions a[href*='/react?']");
  assert.deepEqual(await axeViolations(page), [], "the reaction page");
  await press(page, "form.reactions button[value=heart]");
  assert.ok((await page.textContent("div.reactions")).includes("Heart: 1"), "the reaction counted");
  assert.deepEqual(await axeViolations(page), [], "the thread page");
  await context.close();
});
