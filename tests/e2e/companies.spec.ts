// The operators' company screens against the real relay with its demo companies: search and
// filters, a new record checked by core, editing and services, the L.68/99 quota, two
// officers offline on the same record, another CPI refused and audited, accessibility on a
// tablet held either way.
import { test, expect } from "./fixtures";
import type { Page } from "@playwright/test";
import { NetworkLink } from "../support/proxy.mjs";
import { OperatorPage } from "./pages/operator";
import { Companies, CompanyRecord } from "./pages/companies";
import { violations } from "./pages/axe";

/** Today (or `days` later) on the browser's clock, as the date inputs take it. */
async function isoDay(page: Page, days = 0): Promise<string> {
  return page.evaluate((days) => {
    const d = new Date();
    d.setDate(d.getDate() + days);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  }, days);
}

test("search by name and partita IVA, and the filters narrow the list", async ({ page, relay }) => {
  const operator = new OperatorPage(page, relay.url);
  await operator.signIn("operatore.bari", "demo-bari");
  const companies = new Companies(page);
  await companies.open(operator);
  const total = await companies.total();
  expect(total).toBeGreaterThan(0);

  // Every company has one size band: the bands' counts add up to the CPI's total.
  const sizes = page.getByLabel("Dimensione").locator("option");
  let sum = 0;
  for (let i = 1; i < (await sizes.count()); i++) {
    await companies.filter("Dimensione", { index: i });
    sum += await companies.count();
  }
  expect(sum).toBe(total);

  // A company with a partita IVA, looked up through the screen.
  await companies.filter("Dimensione", { index: 1 });
  const withPiva = companies.results().filter({ has: page.locator(".company-code", { hasText: /^\d{11}$/ }) }).first();
  const name = (await withPiva.locator("strong").textContent())!;
  const piva = (await withPiva.locator(".company-code").textContent())!;
  const sizeLabel = (await page.getByLabel("Dimensione").locator("option:checked").textContent())!;
  await companies.filter("Dimensione", { index: 0 });

  await companies.searchBox().fill(piva);
  expect(await companies.count()).toBe(1);
  await expect(companies.results()).toHaveCount(1);
  await expect(companies.results().first()).toContainText(name);
  await companies.searchBox().fill(`IT ${piva}`);
  await expect(companies.results()).toHaveCount(1);
  await companies.searchBox().fill(piva.slice(0, 6));
  await expect(companies.results().filter({ hasText: piva })).toHaveCount(1);

  // By its name's first two words: the company and others like it; a filter narrows.
  const word = name.split(" ").slice(0, 2).join(" ");
  await companies.searchBox().fill(word);
  const byWord = await companies.count();
  expect(byWord).toBeGreaterThanOrEqual(1);
  await expect(companies.results().filter({ hasText: piva })).toHaveCount(1);
  await companies.filter("Dimensione", { label: sizeLabel });
  const narrowed = await companies.count();
  expect(narrowed).toBeLessThanOrEqual(byWord);
  expect(narrowed).toBeGreaterThanOrEqual(1);
  await expect(companies.results().filter({ hasNotText: sizeLabel })).toHaveCount(0);
  await expect(companies.results().filter({ hasText: piva })).toHaveCount(1);

  // The municipality by name: the company's own town keeps it in the list.
  const town = (await companies.results().filter({ hasText: piva }).locator("span").nth(1).textContent())!;
  await companies.municipality().fill(town.replace(/ \([A-Z]{2}\)$/, ""));
  expect(await companies.count()).toBeLessThanOrEqual(narrowed);
  await expect(companies.results().filter({ hasText: piva })).toHaveCount(1);
  await expect(companies.results().filter({ hasNotText: town })).toHaveCount(0);
  await companies.municipality().fill("Roma");
  await expect(page.getByText("Comune non trovato fra i comuni pugliesi")).toBeVisible();
  expect(await companies.count()).toBe(narrowed);

  // The full name finds it.
  await companies.municipality().fill("");
  await companies.filter("Dimensione", { index: 0 });
  await companies.searchBox().fill(name);
  await expect(companies.results().filter({ hasText: piva })).toHaveCount(1);
  await companies.results().filter({ hasText: piva }).getByRole("link").click();
  await expect(new CompanyRecord(page).title()).toHaveText(name);
});

test("a new company: a wrong check digit is explained and nothing is created; a valid one is created, edited, served and kept", async ({ page, relay }) => {
  const operator = new OperatorPage(page, relay.url);
  await operator.signIn("operatore.bari", "demo-bari");
  const companies = new Companies(page);
  await companies.open(operator);
  const total = await companies.total();

  await companies.submitNew("06363391002", "Forno Prova S.r.l.");
  await expect(page.getByRole("alert")).toHaveText(
    "La cifra di controllo non corrisponde: attesa 1, trovata 2. Controlla di aver digitato bene la partita IVA.",
  );
  await companies.open(operator);
  expect(await companies.total()).toBe(total);
  await companies.searchBox().fill("Forno Prova");
  expect(await companies.count()).toBe(0);

  const record = await companies.create("IT 06363391001", "Forno Prova S.r.l.");
  await expect(page.getByTestId("company-tax-code")).toHaveText("Partita IVA 06363391001");
  await record.expectSavedOnServer();
  const url = page.url();
  await companies.open(operator);
  expect(await companies.total()).toBe(total + 1);
  await companies.searchBox().fill("06363391001");
  await expect(companies.results()).toHaveCount(1);
  await expect(companies.results().first()).toContainText("Forno Prova S.r.l.");
  // The same code again: the known record is offered instead of a duplicate.
  await companies.submitNew("06363391001", "Forno Doppio");
  await expect(page.getByRole("alert")).toHaveText("Esiste già un'impresa con Partita IVA 06363391001.");
  await page.getByRole("link", { name: "Apri la scheda di Forno Prova S.r.l." }).click();
  await expect(record.title()).toHaveText("Forno Prova S.r.l.");
  expect(page.url()).toBe(url);

  const problems = record.section("Dati da completare");
  await expect(problems.locator("li")).not.toHaveCount(0);
  // ATECO by its code, with ISTAT's sector name shown.
  const registry = record.section("Anagrafica dell'impresa");
  await registry.getByLabel("Attività ATECO 2025").fill("99.99.99");
  await registry.getByRole("button", { name: "Salva i dati dell'impresa" }).click();
  await expect(registry.getByRole("alert")).not.toBeEmpty();
  await record.save("Anagrafica dell'impresa", { "Attività ATECO 2025": "10.71.10", "Forma giuridica": "S.r.l." }, "Salva i dati dell'impresa");
  await expect(page.getByTestId("ateco-title")).toContainText("sezione C");
  await record.save("Sedi", { "Indirizzo della sede legale": "Via Sparano 10", "Comune della sede legale": "Bari", "CAP della sede legale": "70121" }, "Salva la sede legale");
  await record.save("Recapiti e persona di riferimento", { Telefono: "080 5551234", "Persona di riferimento": "Anna Lorusso" }, "Salva i recapiti");
  await record.save(
    "Personale, fatturato e L.68/99",
    { Dipendenti: "60", "Base di computo L.68/99": "51", "Lavoratori disabili già assunti": "1", "CCNL applicato": "Panificazione industria" },
    "Salva personale e fatturato",
  );
  // L.68/99: 7% of 51 is 3.57, a fraction above one half counts; art. 18 one worker.
  await expect(page.getByTestId("l68-quota")).toHaveText("4");
  await expect(page.getByTestId("l68-art18")).toHaveText("1");
  await expect(page.getByTestId("l68-missing")).toHaveText("3");
  await expect(page.getByTestId("size-band")).toContainText("Media impresa");
  await expect(problems).toContainText("La scheda è completa.");

  // F2 with its actual minutes; a future date is refused with the reason.
  const today = await isoDay(page);
  await record.recordService("F2", "135", await isoDay(page, 1));
  await expect(page.getByRole("form", { name: "Registra un servizio all'impresa" }).getByRole("alert")).toHaveText(
    "Indica una data non futura.",
  );
  await record.recordService("F2", "0", today);
  await expect(page.getByRole("form", { name: "Registra un servizio all'impresa" }).getByRole("alert")).toHaveText(
    "I minuti devono essere tra 1 e 600.",
  );
  await expect(record.section("Servizi all'impresa").locator("tr.service-row")).toHaveCount(0);
  await record.recordService("F2", "135", today);
  const row = record.section("Servizi all'impresa").locator("tr.service-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("135");
  await expect(row).toContainText("Accesso spontaneo");
  // A needed profession by CP2021 code, and a contact.
  const needs = page.getByRole("form", { name: "Aggiungi una professione richiesta" });
  await needs.getByLabel("Codice CP2021 della professione").fill("6.5.1.1.1");
  await needs.getByLabel("Persone richieste").fill("2");
  await needs.getByRole("button", { name: "Aggiungi la professione" }).click();
  await expect(record.section("Analisi dei fabbisogni (F2)").locator("tr.need-row")).toContainText("6.5.1.1.1");
  const contact = page.getByRole("form", { name: "Registra un contatto" });
  await contact.getByLabel("Canale").selectOption("telefono");
  await contact.getByLabel("Sintesi del contatto").fill("Concordata la rilevazione dei fabbisogni");
  await contact.getByRole("button", { name: "Registra il contatto" }).click();
  await record.expectSavedOnServer();

  await page.reload();
  await expect(record.title()).toHaveText("Forno Prova S.r.l.");
  await expect(record.section("Anagrafica dell'impresa").getByLabel("Attività ATECO 2025")).toHaveValue("10.71.10");
  await expect(record.section("Sedi").getByLabel("Comune della sede legale")).toHaveValue("Bari");
  await expect(record.section("Recapiti e persona di riferimento").getByLabel("Telefono", { exact: true })).toHaveValue("080 5551234");
  await expect(page.getByTestId("l68-quota")).toHaveText("4");
  await expect(row).toContainText("135");
  await expect(record.section("Storico dei contatti")).toContainText("Concordata la rilevazione dei fabbisogni");
  await expect(record.section("Campagna di promozione").getByTestId("campaign-stage")).toHaveText("Non in campagna");
  // The index line followed: the list finds it by sector and size.
  await companies.open(operator);
  await companies.searchBox().fill("Forno Prova");
  await companies.filter("Dimensione", { label: "Media impresa (50-249 dipendenti)" });
  await expect(companies.results()).toHaveCount(1);
  // 10.71.10 is in section C (manufacturing), not in A (agriculture).
  await companies.filter("Settore ATECO", { value: "C" });
  await expect(companies.results()).toHaveCount(1);
  await companies.filter("Settore ATECO", { value: "A" });
  expect(await companies.count()).toBe(0);
});

test("two officers edit the same company offline, in different fields and the same one: both survive", async ({ browser, relay }) => {
  const port = Number(new URL(relay.url).port);
  const links = [await NetworkLink.open(port), await NetworkLink.open(port)];
  const contexts = [await browser.newContext(), await browser.newContext()];
  try {
    const [anna, bruno] = await Promise.all(contexts.map(async (c, i) => new OperatorPage(await c.newPage(), links[i].url)));
    await anna.signIn("operatore.bari", "demo-bari");
    await bruno.signIn("responsabile.bari", "demo-bari");
    const annaName = (await anna.page.locator(".workspace-user").textContent())!.split(" · ")[0];
    const brunoName = (await bruno.page.locator(".workspace-user").textContent())!.split(" · ")[0];
    const annaCompanies = new Companies(anna.page);
    await annaCompanies.open(anna);
    const annaRecord = await annaCompanies.create("01114601006", "Trasporti Offline S.p.A.");
    await annaRecord.expectSavedOnServer();
    await bruno.page.goto(anna.page.url().replace(links[0].url, links[1].url));
    const brunoRecord = new CompanyRecord(bruno.page);
    await expect(brunoRecord.title()).toHaveText("Trasporti Offline S.p.A.");

    for (const [i, c] of contexts.entries()) {
      await c.setOffline(true);
      links[i].cut();
    }
    await anna.syncBadge().expectOffline();
    await bruno.syncBadge().expectOffline();

    await annaRecord.save("Recapiti e persona di riferimento", { Telefono: "080 7654321" }, "Salva i recapiti");
    await brunoRecord.save("Personale, fatturato e L.68/99", { "CCNL applicato": "Logistica, trasporto merci" }, "Salva personale e fatturato");
    for (const [record, text] of [
      [annaRecord, "HACCP."],
      [brunoRecord, "Patente CE."],
    ] as const) {
      await record.section("Analisi dei fabbisogni (F2)").getByRole("textbox", { name: "Fabbisogni formativi" }).fill(text);
      await record.section("Analisi dei fabbisogni (F2)").getByRole("button", { name: "Salva i fabbisogni" }).click();
      await expect(record.pending()).toHaveText(/modifich[ae] della scheda solo su questo dispositivo/);
    }

    for (const [i, c] of contexts.entries()) {
      await c.setOffline(false);
      links[i].restore();
    }
    for (const record of [annaRecord, brunoRecord]) {
      await record.expectSavedOnServer();
      await expect(record.section("Recapiti e persona di riferimento").getByLabel("Telefono", { exact: true })).toHaveValue("080 7654321");
      await expect(record.section("Personale, fatturato e L.68/99").getByLabel("CCNL applicato")).toHaveValue("Logistica, trasporto merci");
      const training = record.section("Analisi dei fabbisogni (F2)").getByRole("textbox", { name: "Fabbisogni formativi" });
      await expect(training).toHaveValue(/HACCP\./);
      await expect(training).toHaveValue(/Patente CE\./);
      await expect(record.historyAuthors().filter({ hasText: annaName })).not.toHaveCount(0);
      await expect(record.historyAuthors().filter({ hasText: brunoName })).not.toHaveCount(0);
    }
  } finally {
    for (const c of contexts) await c.close();
    for (const l of links) await l.close();
  }
});

test("another CPI's operator gets the unavailable message, and the relay's audit log has the denial", async ({ browser, relay }) => {
  const contexts = [await browser.newContext(), await browser.newContext(), await browser.newContext()];
  try {
    const [bari, lecce, head] = await Promise.all(contexts.map(async (c) => new OperatorPage(await c.newPage(), relay.url)));
    await bari.signIn("operatore.bari", "demo-bari");
    const companies = new Companies(bari.page);
    await companies.open(bari);
    await companies.filter("Dimensione", { index: 2 });
    const first = companies.results().first();
    const name = (await first.locator("strong").textContent())!;
    await first.getByRole("link").click();
    await expect(new CompanyRecord(bari.page).title()).toHaveText(name);
    const path = new URL(bari.page.url()).pathname;

    await lecce.signIn("operatore.lecce", "demo-lecce");
    await lecce.page.goto(`${relay.url}${path}`);
    await expect(lecce.page.getByRole("heading", { name: "Impresa non disponibile" })).toBeVisible();
    await expect(lecce.page.getByRole("alert")).toHaveText("La scheda dell'impresa non esiste o non appartiene al tuo Centro per l'Impiego.");
    await expect(lecce.page.getByText(name)).toHaveCount(0);
    expect(relay.log.join("")).toContain("access denied");

    await head.signIn("responsabile.bari", "demo-bari");
    await head.openSection("Registro accessi");
    const log = head.page.locator("tr.audit-row");
    await expect(log.filter({ hasText: "operator:operatore.lecce@lecce" }).filter({ hasText: "Accesso negato" })).not.toHaveCount(0);
    await expect(log.filter({ hasText: "operator:operatore.bari@bari" }).filter({ hasText: "Aperto a schermo" })).not.toHaveCount(0);
  } finally {
    for (const c of contexts) await c.close();
  }
});

for (const viewport of [
  { width: 1024, height: 768 },
  { width: 768, height: 1024 },
]) {
  test(`the list and the record pass axe and keep 44 px targets at ${viewport.width}×${viewport.height}`, async ({ browser, relay }) => {
    const context = await browser.newContext({ viewport, hasTouch: true });
    try {
      const operator = new OperatorPage(await context.newPage(), relay.url);
      const page = operator.page;
      await operator.signIn("operatore.bari", "demo-bari");
      const companies = new Companies(page);
      await companies.open(operator);
      await companies.filter("Dimensione", { index: 3 });
      await expect(companies.results().first()).toBeVisible();
      expect(await violations(page), "the list").toEqual([]);
      expect(await smallTargets(page), "small targets on the list").toEqual([]);
      await companies.results().first().getByRole("link").click();
      await expect(new CompanyRecord(page).section("Storico delle modifiche")).toBeVisible();
      expect(await violations(page), "the record").toEqual([]);
      expect(await smallTargets(page), "small targets on the record").toEqual([]);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, "the record fits the screen's width").toBeLessThanOrEqual(0);
    } finally {
      await context.close();
    }
  });
}

/** Interactive elements of the screen's main part smaller than 44 px either way. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.$$eval(
    ".workspace-main a[href], .workspace-main button, .workspace-main input, .workspace-main select, .workspace-main textarea",
    (els) =>
      els
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && r.height > 0 && (r.width < 44 || r.height < 44))
        .map(({ el, r }) => `${el.outerHTML.slice(0, 80)} (${Math.round(r.width)}x${Math.round(r.height)})`),
  );
}
