// The operators' desk: dossiers, the worklist of deadlines, totem DIDs, offline edits by two
// operators, access between CPIs and the audit log. Real Chromium, real relay.
import { test, expect } from "./fixtures";
import { NetworkLink } from "../support/proxy.mjs";
import { OperatorPage } from "./pages/operator";
import { EnrolledTotem } from "./pages/totem";
import { AuditLog, Dossier, People, Worklist } from "./pages/desk";
import { deviceHolds } from "./pages/device";

test("a DID recorded by an operator opens the interview deadline; the interview closes it", async ({ page, relay }) => {
  const operator = new OperatorPage(page, relay.url);
  await operator.signIn("operatore.bari", "demo-bari");
  const people = new People(page);
  await people.open(operator);
  const dossier = await people.createDossier("RSSMRA80A01H501U", "Rossi", "Mario");
  // DID on 6 Oct 2026: two months end on Sunday 6 Dec, San Nicola in Bari, so the
  // interview is due Monday 7 Dec.
  await dossier.recordStep("did", "DID registrata", "2026-10-06");
  await dossier.expectSavedOnServer();

  // The card's digits become a hash made by the relay; they are kept nowhere.
  const card = dossier.section("Anagrafica e contatti").getByRole("form", { name: "Tessera sanitaria" });
  await card.getByLabel("Ultime 8 cifre del numero della tessera").fill("1234 567");
  await card.getByLabel("Scadenza della tessera").fill("2030-12-31");
  await card.getByRole("button", { name: "Registra la tessera" }).click();
  await expect(card.getByRole("alert")).toHaveText("Servono le ultime 8 cifre del numero della tessera, solo numeri.");
  await card.getByLabel("Ultime 8 cifre del numero della tessera").fill("9876 5432");
  await card.getByRole("button", { name: "Registra la tessera" }).click();
  await expect(card.getByRole("status")).toHaveText("Tessera sanitaria: cifre registrate, scadenza 31/12/2030.");
  await dossier.expectSavedOnServer();
  expect(await deviceHolds(page, "98765432")).toEqual([]);
  // The same search does find what the device does hold.
  expect(await deviceHolds(page, "RSSMRA80A01H501U")).not.toEqual([]);

  const worklist = new Worklist(page);
  await worklist.open(operator);
  const rows = worklist.rowsFor("Rossi Mario");
  await expect(rows.filter({ hasText: "Colloquio di orientamento" })).toContainText("07/12/2026");
  // A man of 46: the PAI proposal is due six months after the DID.
  await expect(rows.filter({ hasText: "Proposta di politica attiva" })).toContainText("06/04/2027");

  // One click opens the dossier at the pathway.
  await rows.filter({ hasText: "Colloquio di orientamento" }).getByRole("link").click();
  await expect(page).toHaveURL(/sezione=percorso/);
  await dossier.recordStep("interview", "Colloquio di orientamento svolto", "2026-10-20");
  await worklist.open(operator);
  await expect(rows.filter({ hasText: "Proposta di politica attiva" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "Colloquio di orientamento" })).toHaveCount(0);
});

test("a new dossier asks the facts that decide its target group instead of defaulting them; the service agreement is B2", async ({ page, relay }) => {
  const operator = new OperatorPage(page, relay.url);
  await operator.signIn("operatore.bari", "demo-bari");
  const people = new People(page);
  await people.open(operator);
  const dossier = await people.createDossier("VRDLCU90A01A662O", "Verdi", "Luca");
  await dossier.recordStep("did", "DID registrata", "2026-11-02");
  // Nothing was asked yet: no group, and the header says which answers are missing.
  await expect(dossier.groups()).toContainText("Gruppo target non ancora determinato");
  await expect(dossier.groups()).toContainText("Diploma di scuola superiore o qualifica");
  await expect(dossier.groups()).not.toContainText("svantaggiato");
  const diploma = dossier.fact("Diploma di scuola superiore o qualifica");
  await expect(diploma).toContainText("Da chiedere");
  await expect(diploma.getByLabel("Sì", { exact: true })).not.toBeChecked();
  await expect(diploma.getByLabel("No", { exact: true })).not.toBeChecked();

  const status = dossier.section("Stato amministrativo e gruppi target");
  for (const label of [
    "Percettore di ammortizzatori sociali",
    "Iscritto o iscrivibile L. 68/99 (disabilità)",
    "Laurea",
    "Adulto che vive solo con persone a carico",
    "Genere sottorappresentato nel settore",
    "Minoranza nazionale",
  ]) {
    await dossier.answerFact(label, false);
  }
  await status.getByRole("button", { name: "Salva stato" }).click();
  // Only the diploma is still open, and it alone decides between T1 and T3.
  await expect(dossier.groups()).toHaveText(
    "Gruppo target non ancora determinato: rispondi a «Diploma di scuola superiore o qualifica»",
  );
  await dossier.answerFact("Diploma di scuola superiore o qualifica", true);
  await status.getByRole("button", { name: "Salva stato" }).click();
  await expect(dossier.groups()).toHaveText("Disoccupato (D.Lgs 181/00)");
  await expect(diploma).not.toContainText("Da chiedere");
  await dossier.answerFact("Diploma di scuola superiore o qualifica", false);
  await status.getByRole("button", { name: "Salva stato" }).click();
  await expect(dossier.groups()).toHaveText("Lavoratore svantaggiato (Reg. Reg.le 2/2009) · Disoccupato (D.Lgs 181/00)");

  // The patto di servizio is service B2 of the charter, not the interview's B1.
  const step = page.getByRole("form", { name: "Registra un passo del percorso" }).getByLabel("Passo");
  await expect(step.locator('option[value="pds_signed"]')).toHaveText("Patto di servizio firmato (B2)");
  await dossier.recordStep("pds_signed", "Patto di servizio firmato", "2026-11-10");
  await expect(
    dossier.section("Percorso").locator(".timeline-step").filter({ hasText: "Patto di servizio firmato" }),
  ).toContainText("B2 ·");
  await dossier.expectSavedOnServer();
});

test("a DID declared at a totem reaches the worklist and becomes a dossier", async ({ browser, relay }) => {
  const operatorContext = await browser.newContext();
  const totemContext = await browser.newContext();
  try {
    const operator = new OperatorPage(await operatorContext.newPage(), relay.url);
    await operator.login("operatore.bari", "demo-bari");
    const code = await operator.createEnrollmentCode();
    const totem = new EnrolledTotem(await totemContext.newPage(), relay.url);
    await totem.enroll("bari", code);
    await totem.page.getByRole("link", { name: "Dichiara la tua disponibilità al lavoro (DID)" }).click();

    const form = totem.page;
    await form.getByLabel("Codice fiscale").fill("VRDLCU95T41A662X");
    await form.getByLabel("Cognome").fill("Verdi");
    await form.getByLabel("Nome", { exact: true }).fill("Lucia");
    await form.getByLabel("Telefono").fill("333 1234567");
    await form.getByRole("button", { name: "Invia la dichiarazione" }).click();
    // A wrong code is explained and goes nowhere.
    await expect(form.getByRole("alert")).toContainText("Codice fiscale non valido");
    await form.getByLabel("Codice fiscale").fill("VRDLCU95T41A662K");
    await form.getByRole("button", { name: "Invia la dichiarazione" }).click();
    await form.getByRole("button", { name: "Non ora: il Centro per l'Impiego mi chiamerà" }).click();
    await expect(form.getByRole("status").filter({ hasText: "Dichiarazione registrata" })).toBeVisible();
    await expect(form.getByText("La dichiarazione è arrivata al Centro per l'Impiego.")).toBeVisible({ timeout: 20_000 });

    // The operator's desk learns of the new totem's outbox and lists the declaration.
    await operator.page.reload();
    const worklist = new Worklist(operator.page);
    await worklist.open(operator);
    const declaration = worklist.rowsFor("Verdi Lucia");
    await expect(declaration).toContainText("Conferma DID presentata al totem");
    await declaration.getByRole("link").click();
    await operator.page.getByRole("button", { name: "Conferma la DID e apri il fascicolo" }).click();
    const dossier = new Dossier(operator.page);
    await expect(dossier.title()).toHaveText("Verdi Lucia");
    await expect(dossier.section("Percorso")).toContainText("DID dal totem confermata");
    await worklist.open(operator);
    await expect(worklist.rowsFor("Verdi Lucia").filter({ hasText: "Colloquio di orientamento" })).toHaveCount(1);
    await expect(worklist.rowsFor("Verdi Lucia").filter({ hasText: "Conferma DID" })).toHaveCount(0);
  } finally {
    await operatorContext.close();
    await totemContext.close();
  }
});

test("two operators edit the same dossier offline and both keep their edits", async ({ browser, relay }) => {
  const port = Number(new URL(relay.url).port);
  const links = [await NetworkLink.open(port), await NetworkLink.open(port)];
  const contexts = [await browser.newContext(), await browser.newContext()];
  try {
    const [anna, bruno] = await Promise.all(
      contexts.map(async (c, i) => new OperatorPage(await c.newPage(), links[i].url)),
    );
    await anna.signIn("operatore.bari", "demo-bari");
    await bruno.signIn("responsabile.bari", "demo-bari");
    const annaName = (await anna.page.locator(".workspace-user").textContent())!.split(" · ")[0];
    const brunoName = (await bruno.page.locator(".workspace-user").textContent())!.split(" · ")[0];

    const people = new People(anna.page);
    await people.open(anna);
    const annaDossier = await people.createDossier("BNCGNN85M10A662X", "Bianchi", "Giovanni");
    await annaDossier.expectSavedOnServer();
    const url = anna.page.url().replace(links[0].url, links[1].url);
    await bruno.page.goto(url);
    const brunoDossier = new Dossier(bruno.page);
    await expect(brunoDossier.title()).toHaveText("Bianchi Giovanni");
    await bruno.page.getByRole("button", { name: "Tieni su questo dispositivo" }).click();

    links[0].cut();
    links[1].cut();
    await anna.syncBadge().expectOffline();
    await bruno.syncBadge().expectOffline();

    // Different sections...
    const personal = annaDossier.section("Anagrafica e contatti");
    await personal.getByLabel("Telefono").fill("080 5551234");
    await personal.getByRole("button", { name: "Salva anagrafica" }).click();
    const status = brunoDossier.section("Stato amministrativo e gruppi target");
    await brunoDossier.answerFact("Percettore di ammortizzatori sociali", true);
    await status.getByRole("button", { name: "Salva stato" }).click();
    // ...and the same field.
    for (const [dossier, text] of [
      [annaDossier, "Disponibile a trasferte."],
      [brunoDossier, "Patente C."],
    ] as const) {
      const cv = dossier.section("Istruzione, esperienze e curriculum");
      await cv.getByLabel("Note").fill(text);
      await cv.getByRole("button", { name: "Salva il curriculum" }).click();
    }
    await expect(annaDossier.saved()).toHaveText(/modifich[ae] del fascicolo da inviare/);

    links[0].restore();
    links[1].restore();
    for (const dossier of [annaDossier, brunoDossier]) {
      await dossier.expectSavedOnServer();
      await expect(dossier.section("Anagrafica e contatti").getByLabel("Telefono")).toHaveValue("080 5551234");
      await expect(dossier.fact("Percettore di ammortizzatori sociali").getByLabel("Sì", { exact: true })).toBeChecked();
      const notes = dossier.section("Istruzione, esperienze e curriculum").getByLabel("Note");
      await expect(notes).toHaveValue(/Disponibile a trasferte\./);
      await expect(notes).toHaveValue(/Patente C\./);
      await expect(dossier.historyAuthors().filter({ hasText: annaName })).not.toHaveCount(0);
      await expect(dossier.historyAuthors().filter({ hasText: brunoName })).not.toHaveCount(0);
    }
  } finally {
    for (const c of contexts) await c.close();
    for (const l of links) await l.close();
  }
});

test("a field being edited keeps the operator's text when another desk saves; the untouched fields follow", async ({ browser, relay }) => {
  const contexts = [await browser.newContext(), await browser.newContext()];
  try {
    const [anna, bruno] = await Promise.all(contexts.map(async (c) => new OperatorPage(await c.newPage(), relay.url)));
    await anna.signIn("operatore.taranto", "demo-taranto");
    await bruno.signIn("responsabile.taranto", "demo-taranto");
    const people = new People(anna.page);
    await people.open(anna);
    const annaDossier = await people.createDossier("BNCGNN85M10A662X", "Bianchi", "Giovanni");
    await annaDossier.expectSavedOnServer();
    await bruno.page.goto(anna.page.url());
    const brunoDossier = new Dossier(bruno.page);
    await expect(brunoDossier.title()).toHaveText("Bianchi Giovanni");

    // Anna is typing a phone number and has not saved it.
    const annaForm = annaDossier.section("Anagrafica e contatti");
    await annaForm.getByLabel("Telefono").fill("099 111");
    // Bruno saves another phone and an email; the status section is untouched on Anna's desk.
    const brunoForm = brunoDossier.section("Anagrafica e contatti");
    await brunoForm.getByLabel("Telefono").fill("099 222");
    await brunoForm.getByLabel("Email").fill("giovanni.bianchi@example.it");
    await brunoForm.getByRole("button", { name: "Salva anagrafica" }).click();
    await expect(brunoForm.getByRole("button", { name: "Salva anagrafica" })).toBeDisabled();
    const brunoStatus = brunoDossier.section("Stato amministrativo e gruppi target");
    await brunoDossier.answerFact("Laurea", true);
    await brunoStatus.getByRole("button", { name: "Salva stato" }).click();

    await expect(annaForm.getByLabel("Email")).toHaveValue("giovanni.bianchi@example.it");
    await expect(annaDossier.fact("Laurea").getByLabel("Sì", { exact: true })).toBeChecked();
    await expect(annaForm.getByLabel("Telefono")).toHaveValue("099 111");
    await expect(annaForm.getByRole("button", { name: "Salva anagrafica" })).toBeEnabled();
    // Saved, Anna's number is the dossier's on both desks, and her form is no longer edited.
    await annaForm.getByRole("button", { name: "Salva anagrafica" }).click();
    await expect(annaForm.getByRole("button", { name: "Salva anagrafica" })).toBeDisabled();
    await expect(brunoForm.getByLabel("Telefono")).toHaveValue("099 111");
    await expect(brunoForm.getByLabel("Email")).toHaveValue("giovanni.bianchi@example.it");
    await annaDossier.expectSavedOnServer();
  } finally {
    for (const c of contexts) await c.close();
  }
});

test("another CPI cannot open a dossier; opening one is in the head's audit log", async ({ browser, relay }) => {
  const contexts = [await browser.newContext(), await browser.newContext(), await browser.newContext()];
  try {
    const [bari, lecce, head] = await Promise.all(contexts.map(async (c) => new OperatorPage(await c.newPage(), relay.url)));
    await bari.signIn("operatore.bari", "demo-bari");
    // Search the demo dossiers of Bari by the first person on the worklist.
    const first = bari.page.locator("tr.worklist-row a").first();
    const name = (await first.textContent())!;
    const people = new People(bari.page);
    await people.open(bari);
    await people.searchBox().fill(name.split(" ")[0].slice(0, 4));
    await expect(people.results().filter({ hasText: name }).first()).toBeVisible();
    await people.searchBox().fill(name);
    await people.results().filter({ hasText: name }).first().getByRole("link").click();
    const dossier = new Dossier(bari.page);
    await expect(dossier.title()).toHaveText(name);
    const dossierPath = new URL(bari.page.url()).pathname;

    await lecce.signIn("operatore.lecce", "demo-lecce");
    await lecce.page.goto(`${relay.url}${dossierPath}`);
    await expect(lecce.page.getByRole("heading", { name: "Fascicolo non disponibile" })).toBeVisible();
    await expect(lecce.page.getByText(name)).toHaveCount(0);
    expect(relay.log.join("")).toContain("access denied");

    await head.signIn("responsabile.bari", "demo-bari");
    await head.openSection("Registro accessi");
    const log = head.page.locator("tr.audit-row");
    // One open on screen, exactly once.
    await expect(
      log.filter({ hasText: "operator:operatore.bari@bari" }).filter({ hasText: "Aperto a schermo" }).filter({ hasText: name }),
    ).toHaveCount(1);
    await expect(
      log.filter({ hasText: "operator:operatore.bari@bari" }).filter({ hasText: "Scaricato sul dispositivo" }).filter({ hasText: name }),
    ).not.toHaveCount(0);
    await expect(log.filter({ hasText: "operator:operatore.lecce@lecce" }).filter({ hasText: "Accesso negato" })).not.toHaveCount(0);

    // An operator who is not the head cannot read the log.
    await bari.page.goto(`${relay.url}/operatore/registro`);
    await expect(bari.page.getByRole("alert")).toHaveText("Il registro degli accessi è riservato al responsabile del CPI.");
  } finally {
    for (const c of contexts) await c.close();
  }
});

test("a new dossier logs its creation and no denial; the head filters the log by operator and action and downloads it as CSV", async ({ browser, relay }) => {
  const contexts = [await browser.newContext(), await browser.newContext()];
  try {
    const [desk, head] = await Promise.all(contexts.map(async (c) => new OperatorPage(await c.newPage(), relay.url)));
    await desk.signIn("operatore.bari", "demo-bari");
    const people = new People(desk.page);
    await people.open(desk);
    const dossier = await people.createDossier("RSSMRA80A01H501U", "Rossi", "Mario");
    await dossier.recordStep("did", "DID registrata", "2026-10-06");
    await dossier.expectSavedOnServer();
    const id = new URL(desk.page.url()).pathname.split("/").pop()!;

    await head.signIn("responsabile.bari", "demo-bari");
    // The head opens the new dossier too: the operator filter must leave that open out.
    await head.page.goto(`${relay.url}/operatore/persona/${id}`);
    await expect(new Dossier(head.page).title()).toHaveText("Rossi Mario");
    await head.openSection("Registro accessi");
    const log = new AuditLog(head.page);
    const ofDossier = (rows: ReturnType<AuditLog["rows"]>) => rows.filter({ has: head.page.locator(`a[href$="${id}"]`) });
    const byDesk = (rows: ReturnType<AuditLog["rows"]>) => ofDossier(rows).filter({ hasText: "operator:operatore.bari@bari" });
    // The head's open was sent as the page changed: apply again until it is in.
    await expect(async () => {
      await log.filter({});
      await expect(ofDossier(log.rowsOf("open")).filter({ hasText: "operator:responsabile.bari@bari" })).toHaveCount(1, { timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    await expect(byDesk(log.rowsOf("create"))).toHaveCount(1);
    await expect(byDesk(log.rowsOf("create"))).toContainText("Creato");
    await expect(byDesk(log.rowsOf("open"))).toHaveCount(1);
    await expect(byDesk(log.rowsOf("open"))).toContainText("Aperto a schermo");
    // Creating a dossier is no refused access.
    await expect(log.rowsOf("denied")).toHaveCount(0);
    await expect(log.rows().filter({ hasText: "Accesso negato" })).toHaveCount(0);

    // Filtered on the relay by operator and action: only the desk's opens are left.
    await log.filter({ who: "operator:operatore.bari@bari", action: "open" });
    await expect(ofDossier(log.rows()).filter({ hasText: "operator:responsabile.bari@bari" })).toHaveCount(0);
    await expect(log.page.locator('tr.audit-row:not([data-action="open"])')).toHaveCount(0);
    await expect(log.rows().filter({ hasNotText: "operator:operatore.bari@bari" })).toHaveCount(0);
    await expect(byDesk(log.rows())).toHaveCount(1);
    const shown = await log.rows().count();

    // The CSV has the same rows, every column, and the export is logged.
    const csv = await log.downloadCsv();
    expect(csv.fileName).toBe("registro-accessi-bari.csv");
    expect(csv.rows[0]).toEqual([
      "Registrato il",
      "Avvenuto sul dispositivo il",
      "CPI",
      "Chi",
      "Dispositivo",
      "Azione",
      "Codice azione",
      "Fascicolo, impresa o soggetto",
    ]);
    const data = csv.rows.slice(1);
    expect(data).toHaveLength(shown);
    for (const row of data) {
      expect(row).toHaveLength(8);
      expect(row[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0[12]:00$/);
      expect(row.slice(2, 4)).toEqual(["bari", "operator:operatore.bari@bari"]);
      expect(row.slice(5, 7)).toEqual(["Aperto a schermo", "open"]);
    }
    expect(data.map((row) => row[7])).toContain(id);
    await expect(log.page.getByRole("status").filter({ hasText: "File CSV scaricato." })).toBeVisible();
    await log.filter({ who: "", action: "audit_export" });
    await expect(log.rowsOf("audit_export").filter({ hasText: "operator:responsabile.bari@bari" })).toHaveCount(1);
    await expect(log.rowsOf("audit_export")).toContainText("Registro esportato in CSV");
  } finally {
    for (const c of contexts) await c.close();
  }
});
