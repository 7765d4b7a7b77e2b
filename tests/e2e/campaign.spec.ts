// The promotion campaign against the real relay with its demo companies: a segment, the
// letters' PDF read back from the file, the letters recorded as sent 8 working days ago,
// those companies' calls overdue in the worklist, a call's outcome and a booked visit; and
// steps recorded offline.
import { test, expect } from "./fixtures";
import { NetworkLink } from "../support/proxy.mjs";
import { OperatorPage } from "./pages/operator";
import { CampaignPage, addWorkingDays, iso, italian, pdfPageCount, pdfPages } from "./pages/campaign";

test("a campaign from segmentation to the letters' PDF to the overdue calls and a booked visit", async ({ page, relay }) => {
  test.setTimeout(240_000);
  const campaign = await CampaignPage.asBariOperator(page, relay.url);

  // Segmentation: the companies outside the campaign, narrowed to the town, ATECO section
  // and size band of the first one never in a campaign.
  const everyone = await campaign.segmentCount();
  const first = campaign.segmentRows().filter({ hasText: "Non in campagna" }).first();
  const [town, section, size] = await Promise.all(
    ["data-municipality", "data-section", "data-size"].map((a) => first.getAttribute(a)),
  );
  await campaign.filter("Comune", town!);
  await campaign.filter("Settore ATECO", section!);
  await campaign.filter("Dimensione", size!);
  const count = await campaign.segmentCount();
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThan(everyone);
  await expect(campaign.segmentRows()).toHaveCount(count);
  for (const row of await campaign.segmentRows().all()) {
    await expect(row).toHaveAttribute("data-municipality", town!);
    await expect(row).toHaveAttribute("data-section", section!);
    await expect(row).toHaveAttribute("data-size", size!);
  }
  await campaign.chooseWholeSegment();
  await expect(campaign.segment().getByRole("status").first()).toContainText(`${count} scelte`);
  await campaign.segment().getByRole("button", { name: "Togli la scelta" }).click();
  // Those never in a campaign (one out of an earlier campaign may have left it after the
  // day chosen below, which core refuses), picked one by one.
  const fresh = campaign.segmentRows().filter({ hasText: "Non in campagna" });
  const names = await fresh.locator("td:nth-child(2) a").allTextContents();
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) await campaign.segment().getByLabel(`Scegli ${name}`, { exact: true }).check();
  // Chosen 10 working days ago: the letters went out 8 working days ago.
  const sent = addWorkingDays(new Date(), -8);
  await campaign.putInCampaign(names.length, iso(addWorkingDays(sent, -2)));
  await expect(campaign.segment().locator(".step-relay")).toHaveText("Salvato sul server.");
  // In the campaign now: no longer among the companies outside it.
  await expect(campaign.segment().getByTestId("segment-count")).toHaveText(String(count - names.length));
  const picked = names.length;

  // The letters: one PDF, one page per company, each company's name on its page.
  const download = await campaign.downloadLetters(picked);
  const file = (await download.path())!;
  expect(pdfPageCount(file)).toBe(picked);
  const pages = pdfPages(file);
  expect(pages).toHaveLength(picked);
  for (const name of names) {
    expect(pages.filter((p) => p.includes(name)), name).toHaveLength(1);
  }
  for (const p of pages) expect(p).toContain("Centro per l'Impiego di Bari");

  // A letter sent tomorrow is refused with core's reason; 8 working days ago is recorded.
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);
  await campaign.recordLettersSent(iso(tomorrow), picked);
  await expect(campaign.letters().getByRole("alert")).toContainText("Un passo già svolto non può avere una data futura.");
  await campaign.recordLettersSent(iso(sent), picked);
  await expect(campaign.letters().locator(".step-done")).toContainText(`registrato per ${picked} `, { timeout: 30_000 });
  await expect(campaign.letters().locator(".step-relay")).toHaveText("Salvato sul server.");
  await expect(campaign.letters().getByRole("alert")).toHaveCount(0);

  // The worklist: their calls are overdue since the 7th working day after the letter.
  const due = italian(addWorkingDays(sent, 7));
  for (const name of names) {
    const row = campaign.taskOf(name);
    await campaign.tasks().getByLabel("Cerca un'impresa").fill(name);
    await expect(row).toHaveAttribute("data-overdue", "true");
    await expect(row).toContainText(`Entro il ${due}`);
    await expect(row).toContainText("Scaduta");
  }
  // Overdue calls first: no overdue row after one that is not.
  await campaign.tasks().getByLabel("Cerca un'impresa").fill("");
  const flags = await campaign.taskRows().evaluateAll((rows) => rows.map((r) => r.getAttribute("data-overdue")));
  expect(flags[0]).toBe("true");
  const overdueFirst = [...flags].sort((a, b) => Number(a !== "true") - Number(b !== "true"));
  expect(flags, "no overdue call after one that is not").toEqual(overdueFirst);
  // Only the overdue ones, and ours among them.
  await campaign.tasks().getByLabel("Solo telefonate scadute").check();
  const overdueNames = await campaign.taskRows().locator("a.task-company").allTextContents();
  const more = campaign.tasks().getByRole("button", { name: /Mostra altre/ });
  while (await more.isVisible()) await more.click();
  const allOverdue = await campaign.taskRows().locator("a.task-company").allTextContents();
  expect(allOverdue.slice(0, overdueNames.length)).toEqual(overdueNames);
  for (const name of names) expect(allOverdue).toContain(name);
  await campaign.tasks().getByLabel("Solo telefonate scadute").uncheck();

  // The call reached an interested company: it moves on to booking the visit.
  const target = names[0];
  await campaign.tasks().getByLabel("Cerca un'impresa").fill(target);
  const row = campaign.taskOf(target);
  await row.getByLabel("Esito della telefonata").selectOption("interessata");
  await row.getByRole("button", { name: "Registra la telefonata" }).click();
  await expect(row).toContainText("Prenotare la visita", { timeout: 30_000 });
  await expect(row).toHaveAttribute("data-overdue", "false");
  const visitDay = addWorkingDays(new Date(), 3);
  await row.getByLabel("Giorno della visita").fill(iso(visitDay));
  await row.getByRole("button", { name: "Prenota la visita" }).click();
  await expect(row).toContainText("Visita in azienda");
  await expect(row).toContainText(`Visita il ${italian(visitDay)}`);
  await expect(campaign.tasks().locator(".step-relay")).toHaveText("Salvato sul server.");
  // A visit held tomorrow is refused with the reason, and nothing moves.
  await row.getByLabel("Data della visita svolta").fill(iso(tomorrow));
  await row.getByRole("button", { name: "Registra la visita" }).click();
  await expect(campaign.tasks().getByRole("alert")).toContainText("Un passo già svolto non può avere una data futura.");
  await expect(row).toContainText("Visita in azienda");
  await expect(row.getByRole("link", { name: target })).toHaveAttribute("href", /^\/operatore\/impresa\/\w+$/);

  // A visited company waits for its convenzione, signed on the company's own screen.
  await campaign.tasks().getByLabel("Cerca un'impresa").fill("");
  const signing = campaign.taskRows().filter({ hasText: "Firmare la convenzione di servizio" }).first();
  while (!(await signing.isVisible())) await campaign.tasks().getByRole("button", { name: /Mostra altre/ }).click();
  const record = await signing.locator("a.task-company").getAttribute("href");
  await expect(signing.getByRole("link", { name: "Firma la convenzione" })).toHaveAttribute("href", `${record}/convenzione`);

  // What the relay holds: after a reload the steps are still there.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Campagna di promozione" })).toBeVisible();
  await campaign.tasks().getByLabel("Cerca un'impresa").fill(target);
  await expect(campaign.taskOf(target)).toContainText(`Visita il ${italian(visitDay)}`, { timeout: 30_000 });
});

test("offline, a step is kept on the device and said saved only once the relay has it; a record not here waits for the network", async ({ browser, relay }) => {
  test.setTimeout(180_000);
  const link = await NetworkLink.open(Number(new URL(relay.url).port));
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const campaign = await CampaignPage.asBariOperator(page, link.url);
    const operator = new OperatorPage(page, link.url);
    const [first, second] = await campaign.taskRows().locator("a.task-company").allTextContents();
    const search = campaign.tasks().getByLabel("Cerca un'impresa");
    await search.fill(first);
    await expect(campaign.taskOf(first)).toHaveAttribute("data-overdue", "true");
    // Online: a call that did not reach the company brings its record to the device.
    await campaign.taskOf(first).getByLabel("Esito della telefonata").selectOption("non_raggiunta");
    await campaign.taskOf(first).getByRole("button", { name: "Registra la telefonata" }).click();
    await expect(campaign.tasks().locator(".step-relay")).toHaveText("Salvato sul server.", { timeout: 30_000 });

    link.cut();
    await operator.syncBadge().expectOffline();
    // The record is here: the step is recorded on the device, not yet on the server.
    await campaign.taskOf(first).getByLabel("Esito della telefonata").selectOption("interessata");
    await campaign.taskOf(first).getByRole("button", { name: "Registra la telefonata" }).click();
    await expect(campaign.taskOf(first)).toContainText("Prenotare la visita");
    await expect(campaign.tasks().locator(".step-relay")).toHaveText(/^Registrato su questo dispositivo/);
    await expect(operator.syncBadge().root.locator(".sync-pending")).not.toHaveText("Tutto salvato sul server");
    // Another company's record never came to this device: the step waits for it.
    await search.fill(second);
    await campaign.taskOf(second).getByLabel("Esito della telefonata").selectOption("richiamare");
    await campaign.taskOf(second).getByRole("button", { name: "Registra la telefonata" }).click();
    await expect(campaign.tasks().locator(".step-waiting")).toContainText("0 schede su 1 sono su questo dispositivo e ora non c'è connessione");
    await expect(campaign.taskOf(second)).toContainText("Telefonare");

    // Back online: the record arrives, the waiting step is recorded, and both reach the relay.
    link.restore();
    await expect(campaign.tasks().locator(".step-relay")).toHaveText("Salvato sul server.", { timeout: 60_000 });
    await expect(campaign.taskOf(second)).toContainText("Richiamare");
    await operator.syncBadge().expectAllSaved();
    await page.reload();
    await campaign.tasks().getByLabel("Cerca un'impresa").fill(first);
    await expect(campaign.taskOf(first)).toContainText("Prenotare la visita", { timeout: 30_000 });
  } finally {
    await context.close();
    await link.close();
  }
});
