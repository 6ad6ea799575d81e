// The budget administrators' pages, keyboard only: paper ballots, the Pabulib import, the
// census upload (and a participant verifying against it), the evaluation of a project, and the
// results preview with a threshold. Each: the form is filled and sent with the keyboard, the
// page says what happened (and why, for bad input), and axe finds no violation.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
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

/** The demo's voting budget and its projects, found through the API. */
async function demoBudget() {
  const spaces = await (await fetch(`${agora.base}/api/v1/organizations/ville-exemple/spaces`)).json();
  const list = Array.isArray(spaces) ? spaces : spaces.spaces;
  const space = list.find((s) => s.slug === "budget-participatif-2026-vote");
  assert.ok(space, "the demo voting process");
  const [summary] = await (await fetch(`${agora.base}/api/v1/spaces/${space.id}/budgets`)).json();
  const budget = await (await fetch(`${agora.base}/api/v1/budgets/${summary.id}`)).json();
  return { ...summary, ...budget, path: summary.links.html };
}

async function signedIn(email, password) {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.goto(agora.base + "/sign-in");
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", password);
  await Promise.all([page.waitForNavigation(), page.click("form[action^='/sign-in'] button[type=submit]")]);
  return { context, page };
}

const admin = () => signedIn("admin@agora.test", "demo-admin-2026");

/** Focuses a field and replaces its content by typing, as a keyboard user would. */
async function type(page, selector, text) {
  await page.focus(selector);
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type(text);
}

/** Presses a button with the keyboard and waits for the next page. */
async function press(page, selector) {
  await page.focus(selector);
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
}

/** Tab moves from `from` to `to`: the form can be walked through in order. */
async function tabReaches(page, from, to) {
  await page.focus(from);
  for (let i = 0; i < 40; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s), to)) return true;
    await page.keyboard.press("Tab");
  }
  return false;
}

test("paper ballots: counts typed with the keyboard are saved, a word is refused", async () => {
  const budget = await demoBudget();
  const [first, second] = budget.projects;
  const { context, page } = await admin();
  const url = `${agora.base}${budget.path}/paper`;
  assert.equal((await page.goto(url)).status(), 200);
  assert.deepEqual(await axeViolations(page), []);
  assert.ok(await tabReaches(page, `#paper-${first.id}`, "#paper-csv"), "Tab reaches the CSV box");

  // A word instead of a number: refused, with the project named, and nothing saved.
  await type(page, `#paper-${first.id}`, "douze");
  await press(page, "form[action$='/paper'] button[type=submit]");
  assert.match(await page.textContent("[role=alert]"), new RegExp(`project ${first.id}.*whole number.*douze`));
  assert.equal(await page.inputValue(`#paper-${first.id}`), "douze", "what was typed is kept");
  // The field is marked, and points to the message (a screen reader reads it there).
  assert.equal(await page.getAttribute(`#paper-${first.id}`, "aria-invalid"), "true");
  assert.equal(await page.getAttribute(`#paper-${first.id}`, "aria-describedby"), "paper-error");
  assert.equal(await page.getAttribute(`#paper-${second.id}`, "aria-invalid"), null);
  assert.deepEqual(await axeViolations(page), []);

  await type(page, `#paper-${first.id}`, "120");
  await type(page, `#paper-${second.id}`, "45");
  await press(page, "form[action$='/paper'] button[type=submit]");
  assert.match(await page.textContent("[role=status]"), /The paper votes are saved/);
  assert.equal(await page.inputValue(`#paper-${first.id}`), "120");

  // The admins' results page counts them apart.
  await page.goto(`${agora.base}${budget.path}/results`);
  const row = page.locator("tr", { has: page.locator("th", { hasText: first.title }) });
  assert.match(await row.textContent(), /120/);
  await context.close();
});

test("Pabulib import: a pasted file adds its projects and ballots; a broken one names its line", async () => {
  const budget = await demoBudget();
  const { context, page } = await admin();
  const url = `${agora.base}${budget.path}/import`;
  assert.equal((await page.goto(url)).status(), 200);
  assert.deepEqual(await axeViolations(page), []);

  const file = [
    "META",
    "key;value",
    "description;Paper ballots of the market",
    "num_projects;2",
    "num_votes;3",
    "budget;500000",
    "currency;EUR",
    "vote_type;approval",
    "PROJECTS",
    "project_id;cost;name",
    "m1;30000;Covered market stalls",
    "m2;45000;Market square benches",
    "VOTES",
    "voter_id;vote",
    "1;m1",
    "2;m1,m2",
    "3;m2",
    "",
  ].join("\n");
  // A vote for a project the file does not have: refused with its line.
  await type(page, "#import-pb", file.replace("3;m2", "3;m9"));
  await press(page, "form[action$='/import'] button[type=submit]");
  assert.match(await page.textContent("[role=alert]"), /Line 17: .*Nothing was imported/);
  assert.equal(await page.getAttribute("#import-pb", "aria-invalid"), "true");
  assert.equal(await page.getAttribute("#import-pb", "aria-describedby"), "import-error");
  assert.deepEqual(await axeViolations(page), []);

  await type(page, "#import-pb", file);
  // The checkbox, with the space bar.
  await page.focus("#import-votes");
  if (!(await page.isChecked("#import-votes"))) await page.keyboard.press("Space");
  assert.ok(await page.isChecked("#import-votes"));
  await press(page, "form[action$='/import'] button[type=submit]");
  assert.match(await page.textContent("[role=status]"), /Imported 2 projects and 3 ballots/);

  await page.goto(agora.base + budget.path);
  assert.match(await page.textContent("main"), /Covered market stalls/);
  await context.close();
});

test("census: the admins upload it with the keyboard, then a participant verifies", async () => {
  const sha = (s) => createHash("sha256").update(s).digest("hex");
  const { context, page } = await admin();
  const url = `${agora.base}/o/ville-exemple/admin/census`;
  assert.equal((await page.goto(url)).status(), 200);
  assert.deepEqual(await axeViolations(page), []);

  // A broken line: refused with its number, nothing imported.
  await type(page, "#census-csv", `document_hash,birth_date,district\n${sha("X1234567")},1990-13-45,Nord\n`);
  await press(page, "form[action$='/admin/census'] button[type=submit]");
  assert.match(await page.textContent("[role=alert]"), /Line 2: .*Nothing was imported/);
  assert.match(await page.textContent("main"), /0 census entries/);
  assert.equal(await page.getAttribute("#census-csv", "aria-invalid"), "true");
  assert.match(await page.getAttribute("#census-csv", "aria-describedby"), /census-error/);
  assert.deepEqual(await axeViolations(page), []);

  await type(
    page,
    "#census-csv",
    `document_hash,birth_date,district\n${sha("X1234567")},1990-05-17,Nord\n${sha("Y7654321")},2001-01-02,Sud\n`,
  );
  await press(page, "form[action$='/admin/census'] button[type=submit]");
  assert.match(await page.textContent("[role=status]"), /2 entries imported/);
  assert.match(await page.textContent("main"), /2 census entries, 0 verified/);
  await context.close();

  // Alice verifies: document number and birth date typed with the keyboard.
  const alice = await signedIn("alice@agora.test", "demo-alice-2026");
  await alice.page.goto(`${agora.base}/o/ville-exemple/verification`);
  assert.deepEqual(await axeViolations(alice.page), []);
  await type(alice.page, "#verify-document", "x-123.4567");
  await alice.page.focus("#verify-birth-date");
  await alice.page.keyboard.type("05171990");
  await press(alice.page, "form[action$='/verification'] button[type=submit]");
  assert.match(await alice.page.textContent("[role=status]"), /You are verified/);
  assert.match(await alice.page.textContent("main dl"), /Nord/);
  assert.deepEqual(await axeViolations(alice.page), []);
  await alice.context.close();
});

test("evaluation: feasibility with the arrow keys, a reason required, the project page says it", async () => {
  const budget = await demoBudget();
  const project = budget.projects[budget.projects.length - 1];
  const { context, page } = await admin();
  const url = `${agora.base}${budget.path}/projects/${project.id}`;
  assert.equal((await page.goto(url)).status(), 200);
  assert.deepEqual(await axeViolations(page), []);

  // The radio group: focus the checked one, arrows move the choice.
  const checked = await page.locator("input[name=feasibility]:checked").getAttribute("id");
  await page.focus(`#${checked}`);
  for (let i = 0; i < 3 && !(await page.isChecked("#feasibility-unfeasible")); i++) await page.keyboard.press("ArrowDown");
  assert.ok(await page.isChecked("#feasibility-unfeasible"));
  await type(page, "#evaluation-reason", "");
  await press(page, "form[action$='/evaluate'] button[type=submit]");
  assert.match(await page.textContent("[role=alert]"), /Say why the project is not feasible/);
  assert.equal(await page.getAttribute("#evaluation-reason", "aria-invalid"), "true");
  assert.equal(await page.getAttribute("#evaluation-reason", "aria-describedby"), "evaluation-error");
  assert.equal(await page.getAttribute("#evaluation-cost", "aria-invalid"), null);
  assert.deepEqual(await axeViolations(page), []);

  assert.ok(await page.isChecked("#feasibility-unfeasible"), "the choice is kept");
  await type(page, "#evaluation-reason", "The site belongs to the region.");
  await type(page, "#evaluation-cost", "150000");
  await press(page, "form[action$='/evaluate'] button[type=submit]");
  const main = await page.textContent("main");
  assert.match(main, /Not feasible:\s*The site belongs to the region\./);
  assert.match(main, /150,000/);

  // Participants cannot put it on their ballot any more.
  const bob = await signedIn("bob@agora.test", "demo-bob-2026");
  await bob.page.goto(url);
  assert.equal(await bob.page.locator("form[action$='/ballot'] button").count(), 0, "no add button");
  await bob.context.close();
  await context.close();
});

test("results: the admins preview greedy with a threshold typed with the keyboard", async () => {
  const budget = await demoBudget();
  const { context, page } = await admin();
  await page.goto(`${agora.base}${budget.path}/results`);
  assert.deepEqual(await axeViolations(page), []);
  // The paper votes entered above (120 for the first project) are counted.
  await type(page, "#threshold-input", "100");
  await press(page, "#threshold button[type=submit]");
  assert.equal(new URL(page.url()).searchParams.get("threshold"), "100");
  const card = await page.textContent("#threshold");
  assert.match(card, /With at least 100 votes/);
  assert.match(card, new RegExp(budget.projects[0].title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  assert.equal(await page.inputValue("#threshold-input"), "100", "the threshold stays in the field");
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});
