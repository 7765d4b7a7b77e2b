// Accessibility (WCAG 2.2 AA rules axe-core can check) on every totem screen, in every
// language, and on the operators' campaign screen, with 0 violations.
import { test, expect } from "./fixtures";
import type { Page } from "@playwright/test";
import { OperatorPage } from "./pages/operator";
import { CampaignPage } from "./pages/campaign";
import { EnrolledTotem, chooseLanguage } from "./pages/totem";
import { violations } from "./pages/axe";

const LANGUAGES = ["Italiano", "English", "Français", "العربية", "Shqip"];

test("every totem screen passes axe in every language", async ({ browser, relay }) => {
  test.setTimeout(180_000);
  const operator = new OperatorPage(await (await browser.newContext()).newPage(), relay.url);
  await operator.login("operatore.bari", "demo-bari");
  const code = await operator.createEnrollmentCode();
  const totem = new EnrolledTotem(await (await browser.newContext()).newPage(), relay.url);
  await totem.enroll("bari", code);
  await totem.syncBadge().expectOnline();
  const page = totem.page;
  await page.goto(`${relay.url}/totem/bari/offerte`);
  const firstVacancy = await page.locator("a.vacancy-tile").first().getAttribute("href");
  const screens = [
    "/totem/bari",
    "/totem/bari/servizi/B",
    "/totem/bari/servizio/B1",
    "/totem/bari/offerte",
    firstVacancy!,
    "/totem/bari/disponibilita",
    "/totem/bari/certificati",
    "/totem/bari/numero",
    "/totem/bari/valuta",
  ];
  const found: string[] = [];
  for (const screen of screens) {
    for (const language of LANGUAGES) {
      await page.goto(`${relay.url}${screen}`);
      await page.locator("main h1").first().waitFor();
      await chooseLanguage(page, language);
      for (const v of await violations(page)) found.push(`${screen} [${language}] ${v}`);
    }
  }
  // Taking a ticket: the priority step and the ticket itself, in every language.
  for (const language of LANGUAGES) {
    await page.goto(`${relay.url}/totem/bari/numero`);
    await page.locator('button.area-tile[data-area="A"]').click();
    await chooseLanguage(page, language);
    for (const v of await violations(page)) found.push(`ticket priority [${language}] ${v}`);
    await page.locator("button.priority-tile").first().click();
    await page.getByTestId("ticket-number").waitFor();
    for (const v of await violations(page)) found.push(`ticket [${language}] ${v}`);
  }
  expect(found).toEqual([]);
});

/** Presses Tab until the focused element's text matches, or fails. */
async function tabTo(page: Page, text: RegExp): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText ?? "");
    if (text.test(focused.trim())) return;
  }
  throw new Error(`no focusable element matching ${text}`);
}

test("a keyboard alone reaches a service and its duration, with a visible focus", async ({ page, relay }) => {
  await page.goto(`${relay.url}/totem/bari`);
  await page.locator("main h1").waitFor();
  await tabTo(page, /^B\s/);
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe("none");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Area B");
  await tabTo(page, /^B1\s/);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("B1");
  await expect(page.locator('table.durations tr[data-group="T1"] td')).toHaveText("60 minuti");
});

test("the campaign screen passes axe and keeps touch targets at 44 px, landscape and portrait", async ({ page, relay }) => {
  test.setTimeout(120_000);
  const campaign = await CampaignPage.asBariOperator(page, relay.url);
  await expect(campaign.taskRows().first()).toBeVisible();
  const found: string[] = [];
  for (const viewport of [{ width: 1024, height: 768 }, { width: 768, height: 1024 }]) {
    await page.setViewportSize(viewport);
    const size = `${viewport.width}x${viewport.height}`;
    for (const v of await violations(page)) found.push(`${size} ${v}`);
    for (const t of await campaign.smallTargets(44)) found.push(`${size} small target ${t}`);
    expect(await campaign.overflowsSideways(), `${size} scrolls sideways`).toBe(false);
  }
  expect(found).toEqual([]);
});
