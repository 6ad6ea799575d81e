// A participant creates a proposal (through the "similar proposals" step), supports it and
// comments on it; another reports the comment — with JavaScript on and off. Scripts in titles,
// bodies and comments show as text; axe finds no violation on the list and a proposal page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startAgora, launchBrowser, axeViolations } from "./harness.js";

const XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>";

let agora, browser;
/** A proposal with a comment, written by the first test. */
let commentedUrl;
before(async () => {
  agora = await startAgora();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await agora?.stop();
});

/** Sign-ins are rate limited (10 per window and address): each account signs in once, and
 *  later contexts reuse its cookies. */
const sessions = new Map();

/** A browser context signed in as a demo account, with every dialog recorded. */
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
  await page.goto(agora.base + "/");
  assert.equal(await page.locator("form[action='/sign-out']").count(), 1, `${email} is signed in`);
  return { context, page, dialogs };
}

/** Submits the form holding `selector` and waits for the next page. */
async function submit(page, selector) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

/** Opens the demo proposals list from the participatory budget's space page. */
async function openList(page) {
  await page.goto(agora.base + "/spaces/1");
  await Promise.all([page.waitForNavigation(), page.click("main a[href^='/proposals/']")]);
  assert.match(new URL(page.url()).pathname, /^\/proposals\/\d+$/);
}

/** Creates a proposal through the form, seeing similar proposals first; returns its URL. */
async function createProposal(page, title, body) {
  await openList(page);
  await Promise.all([page.waitForNavigation(), page.click("main a[href$='/new']")]);
  await page.fill("#proposal-title", title);
  await page.fill("#proposal-body", body);
  await submit(page, "button[name=step][value=preview]");
  assert.equal(await page.locator("#similar-title").count(), 1, "the similar proposals step");
  await submit(page, "button[name=step][value=publish]");
  assert.match(new URL(page.url()).pathname, /^\/proposals\/\d+\/\d+$/, "on the new proposal");
  return page.url();
}

for (const javaScriptEnabled of [true, false]) {
  const mode = `JavaScript ${javaScriptEnabled ? "on" : "off"}`;

  test(`create, support, comment, report (${mode})`, async () => {
    const bob = await signedIn("bob@agora.test", "demo-bob-2026", javaScriptEnabled);
    const title = `Des fontaines dans les parcs (${mode})`;
    const url = await createProposal(bob.page, title, "Boire de l’eau **fraîche** en été.");
    assert.equal(await bob.page.textContent("h1"), title);
    assert.equal(await bob.page.textContent(".prose strong"), "fraîche");

    await submit(bob.page, "form[action$='/support'] button");
    assert.equal(await bob.page.locator("form[action$='/unsupport']").count(), 1, "supported");

    const text = `Je soutiens, avec des gobelets réutilisables (${mode}).`;
    await bob.page.fill("#comment-new-body", text);
    await submit(bob.page, "form[action='/comments'] button[type=submit]");
    assert.ok(await bob.page.isVisible(`text=${text}`), "the comment is shown");

    // The list shows the new proposal with its comment.
    await openList(bob.page);
    await bob.page.goto(bob.page.url() + "?order=recent");
    const path = new URL(url).pathname;
    commentedUrl = url;
    assert.equal(await bob.page.locator(`main h2 a[href='${path}']`).count(), 1, "listed");
    await bob.context.close();

    // Another participant reports the comment.
    const carla = await signedIn("carla@agora.test", "demo-carla-2026", javaScriptEnabled);
    await carla.page.goto(url);
    // Under the comment, "Report" leads to the report form of that comment.
    const reportLink = carla.page.locator("#comments a[href^='/reports/new?resource_kind=comment']");
    assert.equal(await reportLink.count(), 1, "a report link under the comment");
    await Promise.all([carla.page.waitForNavigation(), reportLink.click()]);
    const reportForm = carla.page.locator("form[action='/reports']:has(input[name=resource_kind][value=comment])");
    await reportForm.locator("select[name=reason]").selectOption("spam");
    await reportForm.locator("textarea[name=details]").fill(XSS);
    await Promise.all([carla.page.waitForNavigation(), reportForm.locator("button[type=submit]").click()]);
    assert.equal(new URL(carla.page.url()).pathname, path, "back to the proposal");
    assert.equal(await reportLink.count(), 0, "reported once");
    assert.ok((await carla.page.textContent("#comments")).includes("reported"), "says it was reported");
    assert.deepEqual(carla.dialogs, []);
    await carla.context.close();
  });

  test(`scripts in proposals and comments show as text (${mode})`, async () => {
    const bob = await signedIn("bob@agora.test", "demo-bob-2026", javaScriptEnabled);
    const url = await createProposal(bob.page, XSS, XSS);
    assert.equal(await bob.page.textContent("h1"), XSS, "the title is text");
    assert.equal(await bob.page.locator("main [onerror]").count(), 0, "no event handler from the body");
    await bob.page.fill("#comment-new-body", XSS);
    await submit(bob.page, "form[action='/comments'] button[type=submit]");
    await bob.page.goto(url);
    await openList(bob.page);
    await bob.page.goto(bob.page.url() + "?order=recent");
    assert.ok((await bob.page.textContent("main")).includes(XSS), "the title is text in the list");
    await bob.page.waitForTimeout(300);
    assert.deepEqual(bob.dialogs, [], "no script ran");
    await bob.context.close();
  });
}

test("three reports hide a proposal: a placeholder, and gone from the list", async () => {
  const bob = await signedIn("bob@agora.test", "demo-bob-2026", false);
  const hiddenUrl = await createProposal(bob.page, `Publicité ${XSS}`, "Achetez mes montres.");
  await bob.context.close();
  for (const [email, password] of [
    ["alice@agora.test", "demo-alice-2026"],
    ["carla@agora.test", "demo-carla-2026"],
    ["admin@agora.test", "demo-admin-2026"],
  ]) {
    const who = await signedIn(email, password, false);
    await who.page.goto(hiddenUrl);
    await who.page.click("main article details > summary");
    await who.page.selectOption("#report-proposal-reason", "offensive");
    await submit(who.page, "form[action='/reports']:has(#report-proposal-reason) button[type=submit]");
    await who.context.close();
  }
  const context = await browser.newContext({ locale: "en" });
  const page = await context.newPage();
  const response = await page.goto(hiddenUrl);
  assert.equal(response.status(), 200, "a placeholder, not a 404");
  assert.ok(!(await page.textContent("main")).includes("Publicité"), "the title is hidden");
  assert.equal(await page.locator(".notice").count(), 1);
  assert.deepEqual(await axeViolations(page), [], "the placeholder page");
  await openList(page);
  await page.goto(page.url() + "?order=recent&q=script");
  assert.ok((await page.textContent("main")).includes(XSS), "other proposals are found");
  assert.ok(!(await page.textContent("main")).includes("Publicité"), "not listed");
  await context.close();
});

test("axe finds no violation on the proposal list and a proposal page", async () => {
  const bob = await signedIn("bob@agora.test", "demo-bob-2026", true);
  await openList(bob.page);
  assert.deepEqual(await axeViolations(bob.page), [], "the list");
  await Promise.all([bob.page.waitForNavigation(), bob.page.click("main h2 a[href^='/proposals/']")]);
  assert.deepEqual(await axeViolations(bob.page), [], "a proposal page (signed in)");
  assert.ok(commentedUrl, "the first test wrote a commented proposal");
  await bob.page.goto(commentedUrl);
  assert.deepEqual(await axeViolations(bob.page), [], "a commented proposal, as its author");
  await bob.context.close();
  const carla = await signedIn("carla@agora.test", "demo-carla-2026", true);
  await carla.page.goto(commentedUrl);
  for (const summary of await carla.page.locator("main details > summary").all()) await summary.click();
  assert.deepEqual(await axeViolations(carla.page), [], "a commented proposal, forms open");
  await carla.context.close();

  const context = await browser.newContext({ locale: "en" });
  const page = await context.newPage();
  await openList(page);
  assert.deepEqual(await axeViolations(page), [], "the list (anonymous)");
  await Promise.all([page.waitForNavigation(), page.click("main h2 a[href^='/proposals/']")]);
  assert.deepEqual(await axeViolations(page), [], "a proposal page (anonymous)");
  await context.close();
});
