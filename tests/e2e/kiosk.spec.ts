// A citizen's session at the totem ends cleanly: "Fine" or the idle time put the start screen
// back with nothing of the session left; accessibility modes serve the citizen and reset.
import { test, expect } from "./fixtures";
import { OperatorPage } from "./pages/operator";
import { EnrolledTotem, chooseLanguage } from "./pages/totem";
import { deviceHolds } from "./pages/device";

async function enrolledTotem(browser: import("@playwright/test").Browser, url: string, idleSeconds?: number) {
  const operator = new OperatorPage(await (await browser.newContext()).newPage(), url);
  await operator.login("operatore.bari", "demo-bari");
  if (idleSeconds !== undefined) {
    const field = operator.page.getByLabel("Secondi di inattività prima che il totem avvisi e chiuda la sessione del cittadino");
    await field.fill(String(idleSeconds));
    await field.blur();
    await operator.syncBadge().expectAllSaved();
  }
  const code = await operator.createEnrollmentCode();
  const totem = new EnrolledTotem(await (await browser.newContext()).newPage(), url);
  await totem.enroll("bari", code);
  await totem.syncBadge().expectOnline();
  return totem;
}

test("Fine puts the start screen back: language, modes and what was typed are gone", async ({ browser, relay }) => {
  const totem = await enrolledTotem(browser, relay.url);
  const page = totem.page;
  await page.getByRole("link", { name: "Dichiara la tua disponibilità al lavoro (DID)" }).click();
  await chooseLanguage(page, "English");
  await page.getByRole("button", { name: "Large text" }).click();
  await expect(page.locator("html")).toHaveClass(/large-text/);
  await page.getByLabel("Surname").fill("Esposito");
  await page.getByLabel("Tax code (codice fiscale)").fill("SPSGNN70A01F839X");

  await page.getByRole("button", { name: "Done" }).click();
  await expect(page).toHaveURL(`${relay.url}/totem/bari`);
  await expect(page.locator("html")).toHaveAttribute("lang", "it");
  await expect(page.locator("html")).not.toHaveClass(/large-text/);
  await expect(page.getByRole("button", { name: "Testo grande" })).toHaveAttribute("aria-pressed", "false");
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  for (const trace of ["Esposito", "SPSGNN70A01F839X"]) expect(await deviceHolds(page, trace), trace).toEqual([]);
});

test("after the idle time a warning counts down, can be dismissed, then the session ends", async ({ browser, relay }) => {
  const totem = await enrolledTotem(browser, relay.url, 5);
  const page = totem.page;
  await totem.openArea("B");
  await totem.openService("B1");
  const warning = page.getByRole("alertdialog");
  await expect(warning).toContainText(/Sei ancora qui\? .* tra (2\d|1\d) secondi/, { timeout: 15_000 });
  await warning.getByRole("button", { name: "Continua" }).click();
  await expect(warning).toBeHidden();
  await expect(page).toHaveURL(/\/servizio\/B1$/);
  await expect(warning).toBeVisible({ timeout: 15_000 });
  await expect(page).toHaveURL(`${relay.url}/totem/bari`, { timeout: 30_000 });
  await expect(warning).toBeHidden();
});

test("the reachable mode puts every control in the lower half of the screen", async ({ browser, relay }) => {
  const totem = await enrolledTotem(browser, relay.url);
  const page = totem.page;
  await page.getByRole("button", { name: "Comandi in basso" }).click();
  await page.evaluate(() => window.scrollTo(0, 0));
  const misplaced = await page.$$eval("a[href], button, input, select, textarea", (els) =>
    els
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && r.height > 0 && r.top < window.innerHeight && r.bottom > 0)
      .filter(({ r }) => r.top < window.innerHeight / 2)
      .map(({ el }) => el.outerHTML.slice(0, 80)),
  );
  expect(misplaced).toEqual([]);
  // High contrast switches too, and both are the citizen's own: reset by Fine.
  await page.getByRole("button", { name: "Alto contrasto" }).click();
  await expect(page.locator("html")).toHaveClass(/high-contrast/);
  await page.getByRole("button", { name: "Fine" }).click();
  await expect(page.locator("html")).not.toHaveClass(/high-contrast/);
  await expect(page.getByRole("button", { name: "Comandi in basso" })).toHaveAttribute("aria-pressed", "false");
});
