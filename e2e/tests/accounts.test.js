// A person signs up, confirms by the e-mailed link, signs out and in again — through the real
// pages, with JavaScript on and off.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startAgora, launchBrowser, lastLinkInLog } from "./harness.js";

let agora, browser;
before(async () => {
  agora = await startAgora();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await agora?.stop();
});

for (const javaScriptEnabled of [true, false]) {
  test(`sign up, confirm, sign out, sign in (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
    const context = await browser.newContext({ javaScriptEnabled, locale: "en" });
    const page = await context.newPage();
    const email = `e2e-${javaScriptEnabled ? "js" : "nojs"}-${Date.now()}@example.org`;
    const password = "a long enough password";

    await page.goto(agora.base + "/");
    await page.click("text=Create an account");
    await page.fill("input[name=name]", "Élise Test");
    await page.fill("input[name=email]", email);
    await page.fill("input[name=password]", password);
    await page.check("input[name=accept_terms]");
    await Promise.all([page.waitForNavigation(), page.click("form[action='/sign-up'] button[type=submit]")]);

    let link;
    for (let i = 0; i < 50 && !link; i++) {
      link = lastLinkInLog(agora.log(), "/confirm/");
      if (!link || !agora.log().includes(email)) { link = undefined; await new Promise((r) => setTimeout(r, 200)); }
    }
    assert.ok(link, "a confirmation link was e-mailed");
    await page.goto(link);
    assert.ok(await page.isVisible("text=Élise Test"), "signed in after confirming");

    await Promise.all([page.waitForNavigation(), page.click("form[action='/sign-out'] button")]);
    assert.ok(await page.isVisible("text=Sign in"), "signed out");

    await page.goto(agora.base + "/sign-in");
    await page.fill("input[name=email]", email);
    await page.fill("input[name=password]", password);
    await Promise.all([page.waitForNavigation(), page.click("form[action^='/sign-in'] button[type=submit]")]);
    assert.ok(await page.isVisible("text=Élise Test"), "signed in again");

    // The language switcher works without JavaScript too.
    await page.selectOption("#locale-select", "fr");
    if (!javaScriptEnabled) await Promise.all([page.waitForNavigation(), page.click(".lang-form button")]);
    else await page.waitForLoadState("load");
    await page.waitForFunction(() => document.documentElement.lang === "fr");
    await context.close();
  });
}
