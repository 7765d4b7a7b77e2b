// Page objects of the operators' company screens: the list with its filters, a new record,
// the company record.
import { expect, type Locator, type Page } from "@playwright/test";
import { OperatorPage } from "./operator";

export class Companies {
  constructor(readonly page: Page) {}

  async open(operator: OperatorPage): Promise<void> {
    await operator.sections().getByRole("link", { name: "Imprese" }).click();
    await expect(this.page.getByRole("heading", { name: "Imprese", exact: true })).toBeVisible();
  }

  searchBox(): Locator {
    return this.page.getByLabel("Cerca per denominazione, codice fiscale o partita IVA");
  }

  /** The list's status line: the CPI's total before a search, the matches after. */
  status(): Locator {
    return this.page.locator("main p.hint[role=status]");
  }

  /** How many companies the CPI has, as the screen says before any search. */
  async total(): Promise<number> {
    await expect(this.status()).toHaveText(/^[1-9]\d* imprese nel CPI/, { timeout: 20_000 });
    return Number((await this.status().textContent())!.match(/^(\d+)/)![1]);
  }

  /** How many companies match the search and filters, as the screen says. */
  async count(): Promise<number> {
    const count = this.page.getByTestId("company-count");
    await expect(count).toHaveText(/^\d+$/);
    return Number(await count.textContent());
  }

  results(): Locator {
    return this.page.locator("ul.company-results li");
  }

  /** Picks a filter's option by its label ("Dimensione", "Settore ATECO", "Fatturato"). */
  async filter(name: "Dimensione" | "Settore ATECO" | "Fatturato", option: { label?: string; index?: number; value?: string }): Promise<void> {
    await this.page.getByLabel(name).selectOption(option);
  }

  municipality(): Locator {
    return this.page.getByLabel("Comune della sede legale");
  }

  /** Fills the new-company form and submits it (wherever that leads). */
  async submitNew(taxCode: string, name: string): Promise<void> {
    await this.page.getByRole("link", { name: "Nuova impresa" }).click();
    await this.page.getByLabel("Partita IVA o codice fiscale").fill(taxCode);
    await this.page.getByLabel("Denominazione").fill(name);
    await this.page.getByRole("button", { name: "Crea la scheda dell'impresa" }).click();
  }

  async create(taxCode: string, name: string): Promise<CompanyRecord> {
    await this.submitNew(taxCode, name);
    const record = new CompanyRecord(this.page);
    await expect(record.title()).toHaveText(name);
    return record;
  }
}

export class CompanyRecord {
  constructor(readonly page: Page) {}

  title(): Locator {
    return this.page.getByRole("heading", { level: 1 });
  }

  section(name: string): Locator {
    return this.page.getByRole("region", { name });
  }

  /** The record's outbox line: its changes still only on this device. */
  pending(): Locator {
    return this.page.getByTestId("company-pending");
  }

  async expectSavedOnServer(): Promise<void> {
    await expect(this.pending()).toHaveText("Scheda salvata sul server", { timeout: 20_000 });
  }

  historyAuthors(): Locator {
    return this.section("Storico delle modifiche").locator(".history-author");
  }

  /** Fills `fields` (label → value) in a section and presses its save button. */
  async save(section: string, fields: Record<string, string>, button: string): Promise<void> {
    const region = this.section(section);
    for (const [label, value] of Object.entries(fields)) await region.getByLabel(label, { exact: true }).fill(value);
    await region.getByRole("button", { name: button }).click();
    await expect(region.getByRole("button", { name: button })).toBeDisabled();
  }

  async recordService(code: string, minutes: string, isoDate: string): Promise<void> {
    const form = this.page.getByRole("form", { name: "Registra un servizio all'impresa" });
    await form.getByLabel(/^Servizio/).selectOption(code);
    await form.getByLabel("Data del servizio").fill(isoDate);
    await form.getByLabel("Minuti effettivi").fill(minutes);
    await form.getByRole("button", { name: "Registra il servizio" }).click();
  }
}
