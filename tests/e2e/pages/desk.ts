// Page objects of the operators' desk work: the worklist, people search, dossiers.
import { expect, type Locator, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { OperatorPage } from "./operator";

export class Worklist {
  constructor(readonly page: Page) {}

  async open(operator: OperatorPage): Promise<void> {
    await operator.openSection("Scadenze");
    await expect(this.page.getByRole("heading", { name: "Scadenze del CPI" })).toBeVisible();
  }

  /** The worklist rows of one person (by the name shown), or of a totem declaration. */
  rowsFor(name: string): Locator {
    return this.page.locator("tr.worklist-row").filter({ hasText: name });
  }

  rows(): Locator {
    return this.page.locator("tr.worklist-row");
  }
}

export class People {
  constructor(readonly page: Page) {}

  async open(operator: OperatorPage): Promise<void> {
    await operator.openSection("Persone");
    await expect(this.page.getByRole("heading", { name: "Persone", exact: true })).toBeVisible();
  }

  searchBox(): Locator {
    return this.page.getByLabel("Cerca per cognome, nome o codice fiscale");
  }

  results(): Locator {
    return this.page.locator("ul.results li");
  }

  async createDossier(cf: string, surname: string, name: string): Promise<Dossier> {
    await this.page.getByRole("link", { name: "Nuovo fascicolo" }).click();
    await this.page.getByLabel("Codice fiscale").fill(cf);
    await this.page.getByLabel("Cognome").fill(surname);
    await this.page.getByLabel("Nome", { exact: true }).fill(name);
    await this.page.getByRole("button", { name: "Crea il fascicolo" }).click();
    const dossier = new Dossier(this.page);
    await expect(dossier.title()).toHaveText(`${surname} ${name}`);
    return dossier;
  }
}

export class Dossier {
  constructor(readonly page: Page) {}

  title(): Locator {
    return this.page.getByRole("heading", { level: 1 });
  }

  section(name: string): Locator {
    return this.page.getByRole("region", { name });
  }

  /** A yes/no question of the status section ("Laurea"), by its label. */
  fact(label: string): Locator {
    return this.section("Stato amministrativo e gruppi target").getByRole("group", { name: label, exact: true });
  }

  /** Answers a fact of the status section (not saved yet). */
  async answerFact(label: string, yes: boolean): Promise<void> {
    await this.fact(label).getByLabel(yes ? "Sì" : "No", { exact: true }).check();
  }

  /** The dossier header's target-group line. */
  groups(): Locator {
    return this.page.locator(".dossier-groups");
  }

  /** Records a step of the pathway by its code ("did", "interview") and label, on an ISO date. */
  async recordStep(code: string, label: string, isoDate: string, note = ""): Promise<void> {
    const form = this.page.getByRole("form", { name: "Registra un passo del percorso" });
    await form.getByLabel("Passo").selectOption(code);
    await form.getByLabel("Data", { exact: true }).fill(isoDate);
    await form.getByLabel("Nota", { exact: true }).fill(note);
    await form.getByRole("button", { name: "Registra il passo" }).click();
    await expect(this.section("Percorso").locator(".timeline-step").filter({ hasText: label }).first()).toBeVisible();
  }

  saved(): Locator {
    return this.page.locator(".dossier-sync");
  }

  async expectSavedOnServer(): Promise<void> {
    await expect(this.saved()).toHaveText("Fascicolo salvato sul server", { timeout: 20_000 });
  }

  historyAuthors(): Locator {
    return this.section("Storico delle modifiche").locator(".history-author");
  }
}

/** The head's audit log (`/operatore/registro`): its filters, its rows and the CSV export. */
export class AuditLog {
  constructor(readonly page: Page) {}

  rows(): Locator {
    return this.page.locator("tr.audit-row");
  }

  /** The rows of one action, by its wire name (`open`, `create`, `denied`, ...). */
  rowsOf(action: string): Locator {
    return this.page.locator(`tr.audit-row[data-action="${action}"]`);
  }

  filters(): Locator {
    return this.page.getByRole("form", { name: "Filtri del registro" });
  }

  /** Applies the filters given (an operator by its `who`, an action by its wire name). */
  async filter(by: { who?: string; action?: string; doc?: string; from?: string; to?: string }): Promise<void> {
    const form = this.filters();
    // A select's name ends with its chosen option's text ("Operatore Tutti").
    if (by.who !== undefined) await form.getByLabel(/^Operatore/).selectOption(by.who);
    if (by.action !== undefined) await form.getByLabel(/^Azione/).selectOption(by.action);
    if (by.doc !== undefined) await form.getByLabel(/^Fascicolo o impresa/).fill(by.doc);
    if (by.from !== undefined) await form.getByLabel("Dal", { exact: true }).fill(by.from);
    if (by.to !== undefined) await form.getByLabel("Al", { exact: true }).fill(by.to);
    await form.getByRole("button", { name: "Applica i filtri" }).click();
  }

  /** Downloads the filtered log and reads it back as RFC 4180 CSV: rows of fields. */
  async downloadCsv(): Promise<{ fileName: string; rows: string[][] }> {
    const [download] = await Promise.all([
      this.page.waitForEvent("download"),
      this.filters().getByRole("button", { name: "Scarica in CSV" }).click(),
    ]);
    const text = readFileSync((await download.path())!, "utf8");
    return { fileName: download.suggestedFilename(), rows: readCsv(text) };
  }
}

/** RFC 4180: quoted fields with doubled quotes, records ending with CRLF. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field !== "" || row.length > 0) throw new Error("the last CSV record does not end with CRLF");
  return rows;
}
