// Follows, endorsements and amendments in a real browser, with JavaScript on and off: a
// participant endorses and amends another's proposal (scripts in the amendment show as text),
// the author sees the diff, accepts it, and both read their notifications. axe checks the pages.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startAgora, launchBrowser, axeViolations } from "./harness.js";

const XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>";

let agora, browser;
before(async () => {
  agora = await startAgora();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await agora?.stop();
});

/** Sign-ins are rate limited: each account signs in once, later contexts reuse its cookies. */
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
  const dialogs = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  return { context, page, dialogs };
}

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

async function createProposal(page, title, body) {
  await page.goto(agora.base + "/spaces/1");
  await Promise.all([page.waitForNavigation(), page.click("main a[href^='/proposals/']")]);
  await Promise.all([page.waitForNavigation(), page.click("main a[href$='/new']")]);
  await page.fill("#proposal-title", title);
  await page.fill("#proposal-body", body);
  await submit(page, "button[name=step][value=preview]");
  await submit(page, "button[name=step][value=publish]");
  assert.match(new URL(page.url()).pathname, /^\/proposals\/\d+\/\d+$/);
  return page.url();
}

for (const javaScriptEnabled of [true, false]) {
  const mode = `JavaScript ${javaScriptEnabled ? "on" : "off"}`;

  test(`endorse, amend, accept, notifications (${mode})`, async () => {
    const bob = await signedIn("bob@agora.test", "demo-bob-2026", javaScriptEnabled);
    const title = `Des jardins partagés (${mode})`;
    const url = await createProposal(bob.page, title, "Un jardin par quartier.");
    assert.equal(await bob.page.locator("form[action$='/unfollow']").count(), 1, "the author follows");

    const carla = await signedIn("carla@agora.test", "demo-carla-2026", javaScriptEnabled);
    await carla.page.goto(url);
    await submit(carla.page, "form[action$='/endorse'] button");
    assert.equal(await carla.page.locator("form[action$='/unendorse']").count(), 1, "endorsed");
    assert.ok(await carla.page.isVisible("#endorsements >> text=Carla"), "her name is listed");

    await Promise.all([carla.page.waitForNavigation(), carla.page.click("a[href$='/amend']")]);
    assert.equal(await carla.page.inputValue("#amendment-title"), title, "prefilled");
    assert.equal(await carla.page.inputValue("#amendment-body"), "Un jardin par quartier.");
    // axe runs in the page: only with JavaScript on.
    if (javaScriptEnabled) assert.deepEqual(await axeViolations(carla.page), [], "the amendment form");
    await carla.page.fill("#amendment-body", `Un jardin par quartier, et un compost. ${XSS}`);
    await submit(carla.page, "form[action$='/amend'] button[type=submit]");
    assert.ok(await carla.page.isVisible("#amendments ins >> text=un compost"), "the diff shows the change");
    assert.deepEqual(carla.dialogs, [], "no script ran");
    await carla.context.close();

    await bob.page.goto(url);
    assert.equal(await bob.page.locator("header a[href='/notifications'] .badge").count(), 1, "unread count");
    if (javaScriptEnabled) assert.deepEqual(await axeViolations(bob.page), [], "a proposal with a pending amendment, as its author");
    await submit(bob.page, "form[action$='/accept'] button");
    assert.match(await bob.page.textContent(".prose"), /un compost/, "the amended text is the proposal now");
    await bob.page.goto(agora.base + "/notifications");
    assert.ok(await bob.page.isVisible(`text=New amendment proposed to “${title}”`));
    if (javaScriptEnabled) assert.deepEqual(await axeViolations(bob.page), [], "the notifications page");
    assert.deepEqual(bob.dialogs, [], "no script ran");
    await bob.context.close();

    const back = await signedIn("carla@agora.test", "demo-carla-2026", javaScriptEnabled);
    await back.page.goto(agora.base + "/notifications");
    assert.ok(await back.page.isVisible(`text=An amendment was accepted`));
    assert.deepEqual(back.dialogs, [], "no script ran");
    await back.context.close();
  });
}
