// Every citizen screen is readable in every accessibility mode: the contrast of every visible
// text against its real background (the modes' overrides included, which axe-core does not
// follow), axe-core in each mode, "Testo grande" growing every text by half, and nothing cut
// at twice the size on a 1080×1920 kiosk.
import { test, expect } from "./fixtures";
import type { Browser, Page } from "@playwright/test";
import { OperatorPage } from "./pages/operator";
import { EnrolledTotem, chooseLanguage } from "./pages/totem";
import { violations } from "./pages/axe";
import { MODES, cutTexts, lowContrastTexts, settledTextSizes, textSizes } from "./pages/contrast";

const KIOSK = { width: 1080, height: 1920 };

/** The citizen screens of the totem, each reached as a citizen does. */
const SCREENS: { name: string; path: string }[] = [
  { name: "home", path: "" },
  { name: "area", path: "/servizi/B" },
  { name: "service", path: "/servizio/B1" },
  { name: "declaration", path: "/disponibilita" },
  { name: "certificates", path: "/certificati" },
  { name: "vacancies", path: "/offerte" },
  { name: "ticket", path: "/numero" },
];

/** An enrolled totem of Bari whose board carries an operator's notice besides the demo's. */
async function totemWithBoard(browser: Browser, url: string): Promise<EnrolledTotem> {
  const operator = new OperatorPage(await (await browser.newContext()).newPage(), url);
  await operator.login("operatore.bari", "demo-bari");
  await operator.addNotice("Sportello chiuso venerdì", "Il 4 dicembre lo sportello apre alle 11 per un'assemblea.");
  await operator.syncBadge().expectAllSaved();
  const code = await operator.createEnrollmentCode();
  await operator.page.context().close();
  const totem = new EnrolledTotem(await (await browser.newContext({ viewport: KIOSK })).newPage(), url);
  await totem.enroll("bari", code);
  await totem.syncBadge().expectOnline();
  await expect(totem.notices().filter({ hasText: "Sportello chiuso venerdì" })).toHaveCount(1);
  return totem;
}

async function open(page: Page, base: string, path: string, modes: string[]): Promise<void> {
  await page.goto(`${base}/totem/bari${path}`);
  await expect(page.locator(".totem")).toBeVisible();
  for (const mode of modes) await page.getByRole("button", { name: mode, exact: true }).click();
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

test("every text on every citizen screen is readable in every mode, and axe-core agrees", async ({ browser, relay }) => {
  test.setTimeout(240_000);
  const totem = await totemWithBoard(browser, relay.url);
  const page = totem.page;
  const problems: string[] = [];
  for (const [mode, toggles] of Object.entries(MODES)) {
    const highContrast = toggles.includes("Alto contrasto");
    // High contrast promises 7:1 for every text and knows every background; otherwise WCAG AA.
    const thresholds = highContrast
      ? { normal: 7, large: 7, unknownIsFailure: true }
      : { normal: 4.5, large: 3, unknownIsFailure: false };
    for (const screen of SCREENS) {
      await open(page, relay.url, screen.path, toggles);
      if (highContrast) await expect(page.locator("html")).toHaveClass(/high-contrast/);
      for (const p of await lowContrastTexts(page, thresholds)) problems.push(`${mode} · ${screen.name}: ${p}`);
      for (const v of await violations(page)) problems.push(`${mode} · ${screen.name} · axe: ${v}`);
    }
  }
  expect(problems).toEqual([]);
});

test("high contrast holds in every language, right to left too", async ({ browser, relay }) => {
  test.setTimeout(180_000);
  const totem = await totemWithBoard(browser, relay.url);
  const page = totem.page;
  const problems: string[] = [];
  for (const language of ["English", "Français", "العربية", "Shqip"]) {
    for (const screen of SCREENS.slice(0, 4)) {
      await open(page, relay.url, screen.path, []);
      await chooseLanguage(page, language);
      await page.locator(".mode-toggle").nth(1).click();
      await expect(page.locator("html")).toHaveClass(/high-contrast/);
      for (const p of await lowContrastTexts(page, { normal: 7, large: 7, unknownIsFailure: true })) {
        problems.push(`${language} · ${screen.name}: ${p}`);
      }
    }
  }
  expect(problems).toEqual([]);
});

test("large text grows every text by half, and twice the size cuts nothing on a kiosk", async ({ browser, relay }) => {
  test.setTimeout(180_000);
  const totem = await totemWithBoard(browser, relay.url);
  const page = totem.page;
  const problems: string[] = [];
  for (const screen of SCREENS) {
    await open(page, relay.url, screen.path, []);
    // A focused field shows the on-screen keyboard; the tap on the mode takes the focus (and
    // the keyboard) away, so the field gets it back before the texts are measured again.
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el.id || el.name : null;
    });
    const before = await settledTextSizes(page);
    await page.getByRole("button", { name: "Testo grande", exact: true }).click();
    await expect(page.locator("html")).toHaveClass(/large-text/);
    if (focused) await page.locator(`[id="${focused}"], [name="${focused}"]`).first().focus();
    const after = await textSizes(page);
    expect(after.length, screen.name).toBe(before.length);
    before.forEach((size, i) => {
      if (after[i] < size * 1.5 - 0.5) problems.push(`${screen.name}: a ${size} px text became ${after[i]} px`);
    });
    // WCAG 1.4.4: at 200% nothing is lost.
    await page.evaluate(() => document.documentElement.style.setProperty("font-size", "calc(var(--base-font) * 2)"));
    for (const p of await cutTexts(page)) problems.push(`${screen.name} at 200%: ${p}`);
  }
  expect(problems).toEqual([]);
});
