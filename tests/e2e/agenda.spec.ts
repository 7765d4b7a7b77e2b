// The B1 interview agenda: the totem's day picker up to the two-month limit, a slot taken at
// one totem gone at every other at once, two offline totems that booked the same slot
// reconciled at the desk with a proposed new slot that the dossier records, and the
// citizen still at the losing totem told in their language.
import { test, expect } from "./fixtures";
import type { Browser } from "@playwright/test";
import { NetworkLink } from "../support/proxy.mjs";
import { OperatorPage } from "./pages/operator";
import { EnrolledTotem, chooseLanguage } from "./pages/totem";
import { Dossier, People } from "./pages/desk";
import { AgendaScreen, DayPicker, workingDayAfter } from "./pages/agenda";
import { violations } from "./pages/axe";
import { MODES, lowContrastTexts } from "./pages/contrast";

/** A totem of Bari, enrolled through its own link to the relay. */
async function enrolledTotem(browser: Browser, operator: OperatorPage, link: NetworkLink): Promise<EnrolledTotem> {
  const code = await operator.createEnrollmentCode();
  const totem = new EnrolledTotem(await (await browser.newContext()).newPage(), link.url);
  await totem.enroll("bari", code);
  await totem.syncBadge().expectOnline();
  // The tests cut the link next: the agenda must be on the totem by then.
  await expect.poll(() => totem.hasAgenda(), { timeout: 20_000 }).toBe(true);
  return totem;
}

/** A citizen fills the DID form and reaches the day picker. */
async function declare(totem: EnrolledTotem, cf: string, surname: string, name: string): Promise<DayPicker> {
  await fillDeclaration(totem, cf, surname, name);
  await expect(totem.page.getByRole("heading", { name: "Scegli il giorno del colloquio di orientamento" })).toBeVisible();
  return new DayPicker(totem.page);
}

/** A citizen fills the DID form and sends it. */
async function fillDeclaration(totem: EnrolledTotem, cf: string, surname: string, name: string): Promise<void> {
  const page = totem.page;
  await page.getByRole("link", { name: "Dichiara la tua disponibilità al lavoro (DID)" }).click();
  await page.getByLabel("Codice fiscale").fill(cf);
  await page.getByLabel("Cognome").fill(surname);
  await page.getByLabel("Nome", { exact: true }).fill(name);
  await page.getByLabel("Telefono").fill("333 1234567");
  await page.getByRole("button", { name: "Invia la dichiarazione" }).click();
}

/** Both totems go offline and a citizen at each books the same slot, `days` ahead. */
async function sameSlotAtTwoOfflineTotems(
  [first, linkA]: [EnrolledTotem, NetworkLink],
  [second, linkB]: [EnrolledTotem, NetworkLink],
  days: number,
): Promise<{ day: string; booked: string }> {
  linkA.cut();
  linkB.cut();
  await first.syncBadge().expectOffline();
  await second.syncBadge().expectOffline();
  const day = workingDayAfter(new Date(), days);
  const pickerA = await declare(first, "VRDLCU95T41A662K", "Verdi", "Lucia");
  await pickerA.pickDay(day);
  const booked = await pickerA.pickTime(day, 0);
  const pickerB = await declare(second, "RSSMRA80A01H501U", "Rossi", "Mario");
  await pickerB.pickDay(day);
  expect(await pickerB.pickTime(day, 0)).toBe(booked);
  return { day, booked };
}

/** An operator of Bari and two totems of Bari, each on its own link to the relay. */
async function withTwoTotems(
  browser: Browser,
  url: string,
  body: (operator: OperatorPage, a: [EnrolledTotem, NetworkLink], b: [EnrolledTotem, NetworkLink]) => Promise<void>,
): Promise<void> {
  const operator = new OperatorPage(await (await browser.newContext()).newPage(), url);
  await operator.login("operatore.bari", "demo-bari");
  const port = Number(new URL(url).port);
  const [linkA, linkB] = [await NetworkLink.open(port), await NetworkLink.open(port)];
  try {
    const first = await enrolledTotem(browser, operator, linkA);
    const second = await enrolledTotem(browser, operator, linkB);
    await body(operator, [first, linkA], [second, linkB]);
  } finally {
    await linkA.close();
    await linkB.close();
  }
}

test("a slot booked at one totem is gone at the other at once, and a citizen books five weeks ahead", async ({
  browser,
  relay,
}) => {
  await withTwoTotems(browser, relay.url, async (_operator, [first], [second]) => {
    const day = workingDayAfter(new Date(), 35);
    const pickerA = await declare(first, "VRDLCU95T41A662K", "Verdi", "Lucia");
    const pickerB = await declare(second, "RSSMRA80A01H501U", "Rossi", "Mario");
    // Only the first week is on screen: the day five weeks out is reached by paging.
    expect(await pickerB.shownDates()).not.toContain(day);
    await pickerB.pickDay(day);
    const before = await pickerB.times().allTextContents();
    await pickerA.pickDay(day);
    const booked = await pickerA.pickTime(day, 0);
    await expect(first.page.getByTestId("booked-slot")).toContainText(booked);
    await expect(first.page.getByText("La dichiarazione è arrivata al Centro per l'Impiego.")).toBeVisible({
      timeout: 20_000,
    });
    // No operator has done anything: the other totem no longer offers that time.
    const time = booked.split(" ")[1];
    expect(before).toContain(time);
    await expect.poll(() => pickerB.times().allTextContents(), { timeout: 20_000 }).not.toContain(time);
    const second_ = await pickerB.pickTime(day, 0);
    expect(second_.split(" ")[0]).toBe(booked.split(" ")[0]);
    await expect(second.page.getByTestId("booked-slot")).toContainText(second_);
  });
});

test("two offline totems book the same slot: the agenda shows the conflict, the operator assigns the proposed slot and the dossier records it", async ({
  browser,
  relay,
}) => {
  // Three browsers, and the desk may wait for its next refresh (below).
  test.setTimeout(150_000);
  await withTwoTotems(browser, relay.url, async (operator, [first, linkA], [second, linkB]) => {
    const { booked } = await sameSlotAtTwoOfflineTotems([first, linkA], [second, linkB], 10);
    // The second citizen is still at the totem and reads English.
    await chooseLanguage(second.page, "English");

    linkA.restore();
    await expect(first.page.getByText("La dichiarazione è arrivata al Centro per l'Impiego.")).toBeVisible({
      timeout: 20_000,
    });
    linkB.restore();
    // The first booking came first: the second citizen is told and offered new times.
    await expect(second.page.getByTestId("did-slot-lost")).toContainText("the same time had just been booked at another totem", {
      timeout: 20_000,
    });
    await expect(second.page.getByTestId("did-slot-lost").getByTestId("did-day").first()).toBeVisible();
    await expect(first.page.getByTestId("did-slot-lost")).toHaveCount(0);

    await operator.page.reload();
    const agenda = new AgendaScreen(operator.page);
    await agenda.open();
    await expect(agenda.conflicts()).toHaveCount(1, { timeout: 20_000 });
    await expect(agenda.conflicts()).toContainText("Lo stesso orario è stato prenotato da due totem");
    // The name comes from the totem's declaration, which the desk learns with its outbox. A
    // desk that asked for the outbox before the relay had it asks again at its next refresh
    // of the CPI's documents (every 30 s).
    await expect(agenda.conflicts()).toContainText("Rossi Mario", { timeout: 50_000 });
    const proposal = (await agenda.conflicts().getByTestId("agenda-proposal").textContent())!;
    const [, date, time] = proposal.match(/(\d\d\/\d\d\/\d{4}) alle (\d\d:\d\d)/)!;
    expect(await violations(operator.page)).toEqual([]);
    await agenda.conflicts().getByRole("button", { name: `Assegna il ${date} alle ${time}` }).click();
    await expect(operator.page.getByTestId("agenda-message")).toContainText(`Nuovo orario assegnato: ${date} alle ${time} a Rossi Mario`);
    await expect(agenda.conflicts()).toHaveCount(0);

    // The day of the new slot lists the interview; confirming the declaration records it.
    const [dd, mm, yyyy] = date.split("/");
    await agenda.showDay(`${yyyy}-${mm}-${dd}`);
    const row = agenda.rows().filter({ hasText: "Rossi Mario" });
    await expect(row).toContainText(time);
    await expect(row).toContainText("allo sportello");
    expect(await violations(operator.page)).toEqual([]);
    await row.getByRole("link", { name: "Rossi Mario" }).click();
    await expect(operator.page.getByTestId("declared-slot")).toContainText(`${date} alle ${time}`);
    await operator.page.getByRole("button", { name: "Conferma la DID e apri il fascicolo" }).click();
    const dossier = new Dossier(operator.page);
    await expect(dossier.section("Percorso")).toContainText("Colloquio di orientamento prenotato");
    await expect(dossier.section("Percorso")).toContainText(`Ore ${time}`);
    await expect(dossier.section("Percorso")).toContainText(date);
    await dossier.expectSavedOnServer();
  });
});

test("the citizen whose slot went to another totem picks a new time there: the receipt, the agenda and no conflict follow", async ({
  browser,
  relay,
}) => {
  await withTwoTotems(browser, relay.url, async (operator, [first, linkA], [second, linkB]) => {
    const { day, booked } = await sameSlotAtTwoOfflineTotems([first, linkA], [second, linkB], 12);
    await expect(second.page.getByTestId("booked-slot")).toHaveText(`Colloquio di orientamento: ${booked}`);

    linkA.restore();
    await expect(first.page.getByText("La dichiarazione è arrivata al Centro per l'Impiego.")).toBeVisible({ timeout: 20_000 });
    linkB.restore();
    const lost = second.page.getByTestId("did-slot-lost");
    await expect(lost).toContainText("lo stesso orario era stato appena prenotato da un altro totem", { timeout: 20_000 });
    // The same day's next time: the one just lost is no longer offered.
    const again = new DayPicker(second.page);
    await again.pickDay(day);
    await expect(again.times().filter({ hasText: booked.slice(-5) })).toHaveCount(0);
    const rebooked = await again.pickTime(day, 0);
    expect(rebooked).not.toBe(booked);
    await expect(lost).toHaveCount(0);
    await expect(second.page.getByTestId("booked-slot")).toHaveText(`Colloquio di orientamento: ${rebooked}`);
    await expect(second.page.getByText("La dichiarazione è arrivata al Centro per l'Impiego.")).toBeVisible({ timeout: 20_000 });

    // The desk sees both citizens at their own times and nothing to reconcile.
    await operator.page.reload();
    const agenda = new AgendaScreen(operator.page);
    await agenda.open();
    await agenda.showDay(day);
    await expect(agenda.rows().filter({ hasText: "Rossi Mario" })).toContainText(rebooked.slice(-5), { timeout: 40_000 });
    await expect(agenda.rows().filter({ hasText: "Verdi Lucia" })).toContainText(booked.slice(-5));
    await expect(agenda.conflicts()).toHaveCount(0);
  });
});

test("a totem cut off before the agenda reached it offers no interview time, says so, and the declaration still goes", async ({
  browser,
  relay,
}) => {
  const operator = new OperatorPage(await (await browser.newContext()).newPage(), relay.url);
  await operator.login("operatore.bari", "demo-bari");
  const link = await NetworkLink.open(Number(new URL(relay.url).port));
  try {
    const totem = await enrolledTotem(browser, operator, link);
    link.cut();
    await totem.syncBadge().expectOffline();
    expect(await totem.hasAgenda(true)).toBe(false);
    await totem.page.reload();
    await totem.syncBadge().expectOffline();
    await fillDeclaration(totem, "VRDLCU95T41A662K", "Verdi", "Lucia");
    await expect(totem.page.getByTestId("did-no-agenda")).toContainText("Gli orari dei colloqui non sono ancora arrivati");
    await expect(new DayPicker(totem.page).days()).toHaveCount(0);
    await totem.page.getByRole("button", { name: "Non ora: il Centro per l'Impiego mi chiamerà" }).click();
    await expect(totem.page.getByText("Dichiarazione registrata.")).toBeVisible();
    await expect(totem.page.getByTestId("booked-slot")).toHaveText(
      "Il Centro per l'Impiego ti chiamerà per fissare il colloquio di orientamento.",
    );
    link.restore();
    await expect(totem.page.getByText("La dichiarazione è arrivata al Centro per l'Impiego.")).toBeVisible({ timeout: 20_000 });
  } finally {
    await link.close();
  }
});

test("the day picker and the day's times are readable and touch-sized in every mode and language", async ({
  browser,
  relay,
}) => {
  test.setTimeout(240_000);
  const operator = new OperatorPage(await (await browser.newContext()).newPage(), relay.url);
  await operator.login("operatore.bari", "demo-bari");
  const code = await operator.createEnrollmentCode();
  const totem = new EnrolledTotem(await (await browser.newContext({ viewport: { width: 1080, height: 1920 } })).newPage(), relay.url);
  await totem.enroll("bari", code);
  await totem.syncBadge().expectOnline();
  const page = totem.page;
  const problems: string[] = [];
  const check = async (what: string, highContrast: boolean) => {
    const thresholds = highContrast
      ? { normal: 7, large: 7, unknownIsFailure: true }
      : { normal: 4.5, large: 3, unknownIsFailure: false };
    for (const p of await lowContrastTexts(page, thresholds)) problems.push(`${what}: ${p}`);
    for (const v of await violations(page)) problems.push(`${what} · axe: ${v}`);
    for (const s of await totem.smallTargets()) problems.push(`${what} · small target: ${s}`);
  };
  for (const [mode, toggles] of Object.entries(MODES)) {
    await totem.open("bari");
    for (const toggle of toggles) await page.getByRole("button", { name: toggle, exact: true }).click();
    const picker = await declare(totem, "VRDLCU95T41A662K", "Verdi", "Lucia");
    await expect(picker.days().first()).toBeVisible();
    await check(`${mode} · days`, toggles.includes("Alto contrasto"));
    await picker.nextWeek();
    await picker.days().first().click();
    await expect(picker.times().first()).toBeVisible();
    await check(`${mode} · times`, toggles.includes("Alto contrasto"));
  }
  await totem.open("bari");
  const picker = await declare(totem, "VRDLCU95T41A662K", "Verdi", "Lucia");
  await page.locator(".mode-toggle").nth(1).click();
  await expect(page.locator("html")).toHaveClass(/high-contrast/);
  for (const [language, title] of [
    ["English", "Week from"],
    ["Français", "Semaine du"],
    ["العربية", "الأسبوع من"],
    ["Shqip", "Java nga"],
  ]) {
    await chooseLanguage(page, language);
    await expect(page.getByTestId("did-week")).toContainText(title);
    for (const p of await lowContrastTexts(page, { normal: 7, large: 7, unknownIsFailure: true })) {
      problems.push(`${language}: ${p}`);
    }
  }
  await expect(picker.days().first()).toBeVisible();
  expect(problems).toEqual([]);
});

test("a B1 slot booked at the desk from the agenda is in the dossier, under the operator on its day, and no totem offers it", async ({
  browser,
  relay,
}) => {
  await withTwoTotems(browser, relay.url, async (operator, [totem]) => {
    const page = operator.page;
    const people = new People(page);
    await people.open(operator);
    const dossier = await people.createDossier("BNCGNN85M10A662X", "Bianchi", "Giovanni");
    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
    });
    await dossier.recordStep("did", "DID registrata", today);
    await dossier.expectSavedOnServer();

    const agenda = new AgendaScreen(page);
    await agenda.open();
    const form = page.getByRole("region", { name: "Prenota un colloquio allo sportello" });
    await page.getByTestId("agenda-cf").fill("BNCGNN85M10A662X");
    // The two-month limit of the DID is what the desk may book within.
    await expect(form).toContainText(/Bianchi Giovanni: entro il \d\d\/\d\d\/\d{4}\./);
    const day = workingDayAfter(new Date(), 14);
    await page.getByTestId("agenda-book-day").selectOption(day);
    const first = form.locator("button.slot-tile").first();
    const time = (await first.textContent())!.trim();
    await first.click();
    const [y, m, d] = day.split("-");
    const date = `${d}/${m}/${y}`;
    await expect(page.getByTestId("agenda-message")).toContainText(`Colloquio prenotato per Bianchi Giovanni: ${date} alle ${time}`);
    await expect(page.getByTestId("agenda-message")).toContainText("Salvato sul server.", { timeout: 20_000 });

    // The day lists it under the operator who booked it.
    await agenda.showDay(day);
    const row = agenda.rows().filter({ hasText: "Bianchi Giovanni" });
    await expect(row).toContainText(time);
    await expect(page.getByRole("heading", { level: 3, name: /^Operatore: operatore\.bari/ })).toBeVisible();

    // The dossier records the booking.
    await row.getByRole("link", { name: "Bianchi Giovanni" }).click();
    await expect(dossier.section("Percorso")).toContainText("Colloquio di orientamento prenotato");
    await expect(dossier.section("Percorso")).toContainText(`Ore ${time}`);

    // A totem does not offer that time on that day.
    const picker = await declare(totem, "VRDLCU95T41A662K", "Verdi", "Lucia");
    await picker.pickDay(day);
    await expect.poll(() => picker.times().allTextContents(), { timeout: 20_000 }).not.toContain(time);
  });
});
