// A totem without a physical keyboard: every text field of the citizen screens is typed on
// the on-screen keyboard alone (taps, never the page's keyboard), in Italian and in Arabic
// (right to left); an unenrolled totem shows citizens no way to activate it.
import { test, expect } from "./fixtures";
import type { Browser, Locator, Page } from "@playwright/test";
import { OperatorPage } from "./pages/operator";
import { chooseLanguage } from "./pages/totem";
import { TicketTotem, QueueConsole } from "./pages/queue";
import { ARABIC, OnScreenKeyboard } from "./pages/keyboard";
import { DayPicker } from "./pages/agenda";

/** A kiosk: a touch screen, no physical keyboard. */
async function kiosk(browser: Browser): Promise<Page> {
  return (await browser.newContext({ hasTouch: true, viewport: { width: 1080, height: 1600 } })).newPage();
}

/** An operator's code, entered by the staff at the operator-only URL with the on-screen keys. */
async function enrolledKiosk(browser: Browser, url: string): Promise<{ totem: TicketTotem; operator: OperatorPage }> {
  const operator = new OperatorPage(await (await browser.newContext()).newPage(), url);
  await operator.login("operatore.bari", "demo-bari");
  const code = await operator.createEnrollmentCode();
  const totem = new TicketTotem(await kiosk(browser), url);
  await totem.page.goto(`${url}/totem/bari/attiva`);
  await new OnScreenKeyboard(totem.page).typeInto(totem.page.getByLabel("Codice di attivazione"), code.replace("-", ""));
  await totem.page.getByRole("button", { name: "Attiva", exact: true }).tap();
  await expect(totem.page).toHaveURL(`${url}/totem/bari`);
  await totem.syncBadge().expectOnline();
  return { totem, operator };
}

/** Puts the caret inside a field, as a finger tapping between two letters does. */
async function caretAt(field: Locator, at: number): Promise<void> {
  await field.evaluate((el: HTMLInputElement, at) => el.setSelectionRange(at, at), at);
}

const CF = "VRDLCU95T41A662K";

test("a citizen declares availability from the home screen with the on-screen keyboard alone", async ({ browser, relay }) => {
  const { totem, operator } = await enrolledKiosk(browser, relay.url);
  const page = totem.page;
  const keys = new OnScreenKeyboard(page);
  // No text field on the start screen: no keyboard.
  await expect(keys.root()).toHaveCount(0);
  await page.getByRole("link", { name: "Dichiara la tua disponibilità al lavoro (DID)" }).tap();

  const cf = page.getByLabel("Codice fiscale");
  await keys.typeInto(cf, CF);
  await expect(cf).toHaveValue(CF);
  // A code needs no space bar; its keys are capitals and digits.
  await expect(keys.key("Spazio")).toHaveCount(0);

  const surname = page.getByLabel("Cognome");
  await keys.typeInto(surname, "DANGELÒ");
  // The caret moves where the finger puts it: the apostrophe goes between D and A.
  await caretAt(surname, 1);
  await keys.tapKeys("'");
  await expect(surname).toHaveValue("D'ANGELÒ");
  await expect(surname).toBeFocused();
  await keys.backspace();
  await expect(surname).toHaveValue("DANGELÒ");
  await keys.tapKeys("'");
  // The end again: a wrong letter, deleted.
  await caretAt(surname, 8);
  await keys.tapKeys("X");
  await keys.backspace();
  await expect(surname).toHaveValue("D'ANGELÒ");

  const name = page.getByLabel("Nome", { exact: true });
  await keys.typeInto(name, "L");
  await keys.shift();
  await expect(keys.key("Maiuscole")).toHaveAttribute("aria-pressed", "false");
  await keys.tapKeys("ucia maria");
  await expect(name).toHaveValue("Lucia maria");

  const phone = page.getByLabel("Telefono");
  await keys.typeInto(phone, "+393331234567");
  await expect(phone).toHaveValue("+393331234567");
  await expect(keys.key("Q")).toHaveCount(0);

  const email = page.getByLabel("E-mail (facoltativa)");
  await keys.typeInto(email, "lucia.verdi@example.it");
  await expect(email).toHaveValue("lucia.verdi@example.it");

  // Every key is a touch target of at least 44 px with a name.
  const small = await keys.root().locator("button").evaluateAll((els) =>
    els
      .map((el) => ({ name: el.getAttribute("aria-label") ?? el.textContent, r: el.getBoundingClientRect() }))
      .filter(({ name, r }) => !name || r.width < 44 || r.height < 44)
      .map(({ name }) => name),
  );
  expect(small).toEqual([]);

  // "OK" on the last field sends the form, as Enter would.
  await keys.ok();
  await expect(page.getByRole("heading", { name: "Scegli il giorno del colloquio di orientamento" })).toBeVisible();
  await expect(keys.root()).toHaveCount(0);
  const chosen = await new DayPicker(page, true).bookFirst();
  await expect(page.getByTestId("booked-slot")).toContainText(chosen);
  await expect(page.getByText("La dichiarazione è arrivata al Centro per l'Impiego.")).toBeVisible({ timeout: 20_000 });

  // What the keys typed is what the CPI receives.
  await operator.page.reload();
  await operator.openSection("Scadenze");
  const row = operator.page.locator("tr.worklist-row").filter({ hasText: "D'ANGELÒ Lucia maria" });
  await expect(row).toContainText("Conferma DID presentata al totem");
});

test("in Arabic (right to left) the keyboard keeps its rows and types Latin names at the caret", async ({ browser, relay }) => {
  const { totem } = await enrolledKiosk(browser, relay.url);
  const page = totem.page;
  await chooseLanguage(page, "العربية");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  const keys = new OnScreenKeyboard(page, ARABIC);
  await page.getByRole("link", { name: "صرّح باستعدادك للعمل (DID)" }).tap();

  const cf = page.getByLabel("الرمز الضريبي (codice fiscale)");
  await keys.typeInto(cf, CF);
  await expect(cf).toHaveValue(CF);
  // A code reads left to right in a right-to-left page.
  expect(await cf.evaluate((el) => getComputedStyle(el).direction)).toBe("ltr");

  const surname = page.getByLabel("اللقب", { exact: true });
  await keys.typeInto(surname, "VERDI");
  await expect(keys.root()).toHaveAttribute("dir", "ltr");
  // The rows of a physical keyboard, left to right: Q W E ... and 1 before 2 on the pad.
  const x = async (label: string) => (await keys.key(label).boundingBox())!.x;
  expect(await x("Q")).toBeLessThan(await x("W"));
  expect(await x("W")).toBeLessThan(await x("P"));
  // Text and caret are logical: the caret after "VER" takes the next key there.
  await caretAt(surname, 3);
  await keys.tapKeys(" ");
  await expect(surname).toHaveValue("VER DI");
  await keys.backspace();
  await expect(surname).toHaveValue("VERDI");
  await expect(surname).toBeFocused();

  const name = page.getByLabel("الاسم", { exact: true });
  await keys.typeInto(name, "LUCIA");
  await expect(name).toHaveValue("LUCIA");
  await keys.typeInto(page.getByLabel("الهاتف"), "3331234567");
  await page.getByRole("button", { name: "أرسل التصريح" }).tap();
  await page.getByRole("button", { name: "ليس الآن: سيتصل بي مركز التشغيل" }).tap();
  await expect(page.getByText("وصل التصريح إلى مركز التشغيل.")).toBeVisible({ timeout: 20_000 });
});

/** Every text field on the screen: taps it, checks the keyboard is there for it and types. */
async function everyFieldHasTheKeyboard(page: Page, expected: number): Promise<void> {
  const keys = new OnScreenKeyboard(page);
  const fields = page.locator(
    "main input:not([type=checkbox]):not([type=radio]):not([type=hidden]):not([type=submit]):not([type=button]), main textarea",
  );
  await expect(fields).toHaveCount(expected);
  for (const field of await fields.all()) {
    await field.tap();
    await expect(keys.root(), await field.evaluate((el) => el.outerHTML)).toBeVisible();
    const before = await field.inputValue();
    const first = keys.root().locator("button.key").first();
    const typed = (await first.textContent())!;
    await first.tap();
    await expect(field).toHaveValue(before + typed);
    await expect(field).toBeFocused();
    await keys.backspace();
    await expect(field).toHaveValue(before);
  }
}

test("every text field of the citizen screens has the on-screen keyboard", async ({ browser, relay }) => {
  const { totem, operator } = await enrolledKiosk(browser, relay.url);
  const page = totem.page;
  const keys = new OnScreenKeyboard(page);

  await page.getByRole("link", { name: "Dichiara la tua disponibilità al lavoro (DID)" }).tap();
  await everyFieldHasTheKeyboard(page, 5);

  await page.getByRole("link", { name: "← Carta dei servizi" }).tap();
  // A new screen starts without the previous screen's keyboard.
  await expect(keys.root()).toHaveCount(0);
  await page.getByRole("link", { name: "La mia situazione e i certificati (con la tessera sanitaria)" }).tap();
  await everyFieldHasTheKeyboard(page, 1);
  await keys.typeInto(page.getByLabel("Codice fiscale"), CF);
  await keys.ok();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Conferma che la tessera è tua");
  await everyFieldHasTheKeyboard(page, 2);
  // The expiry's keys have the slash of GG/MM/AAAA; the card's digits only digits.
  await page.getByLabel("Data di scadenza (GG/MM/AAAA)").tap();
  await expect(keys.key("/")).toBeVisible();
  await page.getByLabel("Ultime 8 cifre del numero della tessera").tap();
  await expect(keys.key("/")).toHaveCount(0);
  await page.getByRole("button", { name: "Fine" }).tap();
  await expect(page).toHaveURL(`${relay.url}/totem/bari`);
  await expect(keys.root()).toHaveCount(0);

  // The survey: a served ticket's number and code, then the comment.
  await totem.openTickets("bari");
  const number = await totem.take("B");
  const code = (await page.getByTestId("ticket-code").textContent())!.split(": ")[1];
  const console = new QueueConsole(operator.page);
  await console.open();
  await console.openDesk(1, ["B"]);
  await console.callNext();
  await console.startService();
  await console.done();
  await page.goto(`${relay.url}/totem/bari`);
  await page.getByRole("link", { name: "Valuta il servizio ricevuto" }).tap();
  await everyFieldHasTheKeyboard(page, 2);
  // The code keys have no dash: the number is read without it.
  await keys.typeInto(page.getByLabel("Numero del tuo biglietto"), number.replaceAll("-", ""));
  await keys.typeInto(page.getByLabel("Codice stampato sul biglietto"), code.toUpperCase());
  await page.getByRole("button", { name: "Continua" }).tap();
  await everyFieldHasTheKeyboard(page, 1);
  const comment = page.getByLabel("Commento (facoltativo, non scrivere dati personali)");
  await keys.typeInto(comment, "grazie, è stato chiaro!");
  await expect(comment).toHaveValue("grazie, è stato chiaro!");
});

test("an unenrolled totem offers citizens no activation, only a message in their language", async ({ browser, relay }) => {
  const page = await kiosk(browser);
  await page.goto(`${relay.url}/totem/bari`);
  await expect(page.getByRole("region", { name: "Carta dei servizi" })).toBeVisible();
  const status = page.locator(".totem-footer").getByRole("status");
  await expect(status).toHaveText("Questo totem non è ancora attivo. Per i servizi del Centro per l'Impiego rivolgiti al personale.");
  await expect(page.locator('a[href*="attiva"]')).toHaveCount(0);
  await expect(page.getByText("Attiva questo totem")).toHaveCount(0);
  await chooseLanguage(page, "English");
  await expect(status).toHaveText("This kiosk is not active yet. For the Job Centre's services, please ask the staff.");
  await chooseLanguage(page, "العربية");
  await expect(status).toHaveText("هذا الكشك غير مفعّل بعد. للحصول على خدمات مركز التشغيل، يرجى التوجه إلى الموظفين.");
  // Nor any other citizen screen leads there.
  for (const screen of ["servizi/B", "servizio/B1", "disponibilita", "certificati", "numero", "offerte", "valuta"]) {
    await page.goto(`${relay.url}/totem/bari/${screen}`);
    await expect(page.locator(".totem-footer").getByRole("status")).toBeVisible();
    await expect(page.locator('a[href*="attiva"]'), screen).toHaveCount(0);
  }
  // The staff's URL still enrolls.
  await page.goto(`${relay.url}/totem/bari/attiva`);
  await expect(page.getByRole("heading", { name: "Attiva questo totem" })).toBeVisible();
});
