// Page object of the operators' workspace.
import { expect, type Locator, type Page } from "@playwright/test";

export class OperatorPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  /** Signs in and lands on the worklist, the first screen of the day. */
  async signIn(username: string, password: string): Promise<void> {
    await this.submitSignIn(username, password);
    await expect(this.page.getByRole("heading", { name: "Scadenze del CPI" })).toBeVisible();
  }

  /** Fills and sends the sign-in form, wherever it leads (a one-time code: the password form). */
  async submitSignIn(username: string, password: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/operatore`);
    await this.page.getByLabel("Nome utente").fill(username);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Accedi" }).click();
  }

  /** The workspace's navigation between sections. */
  sections(): Locator {
    return this.page.getByRole("navigation", { name: "Sezioni dell'area operatori" });
  }

  /** Signs in and opens the CPI's public board. */
  async login(username: string, password: string): Promise<void> {
    await this.signIn(username, password);
    await this.openBoard();
  }

  async openBoard(): Promise<void> {
    await this.page.getByRole("navigation", { name: "Sezioni dell'area operatori" }).getByRole("link", { name: "Bacheca e totem" }).click();
    await expect(this.page.getByRole("heading", { name: "Bacheca pubblica del CPI" })).toBeVisible();
  }

  async openSection(name: "Scadenze" | "Persone" | "Bacheca e totem" | "Registro accessi"): Promise<void> {
    await this.page.getByRole("navigation", { name: "Sezioni dell'area operatori" }).getByRole("link", { name }).click();
  }

  syncBadge(): SyncBadge {
    return new SyncBadge(this.page.locator(".workspace-bar .sync-badge"));
  }

  async addNotice(title: string, body: string): Promise<void> {
    await this.page.getByRole("button", { name: "Nuovo avviso" }).click();
    const first = this.page.locator(".editor-card").first();
    await expect(first.getByLabel("Titolo dell'avviso")).toHaveValue("Nuovo avviso");
    await first.getByLabel("Titolo dell'avviso").fill(title);
    await first.getByLabel("Titolo dell'avviso").blur();
    await first.getByLabel("Testo dell'avviso").fill(body);
    await first.getByLabel("Testo dell'avviso").blur();
  }

  noticeTitles(): Locator {
    return this.page.getByLabel("Titolo dell'avviso");
  }

  async renameNotice(from: string, to: string): Promise<void> {
    for (const field of await this.noticeTitles().all()) {
      if ((await field.inputValue()) === from) {
        await field.fill(to);
        await field.blur();
        return;
      }
    }
    throw new Error(`no notice titled ${from}`);
  }

  async createEnrollmentCode(): Promise<string> {
    const code = this.page.getByTestId("enrollment-code");
    const previous = (await code.count()) > 0 ? await code.textContent() : null;
    await this.page.getByRole("button", { name: "Genera un codice di attivazione" }).click();
    await expect(code).toHaveText(/^\d{4}-\d{4}$/);
    const fresh = (await code.textContent())!;
    // Codes are random: the same text twice would mean the previous code is still shown.
    expect(fresh).not.toBe(previous);
    return fresh;
  }
}

/** The sync indicator, as a person reads it. */
export class SyncBadge {
  constructor(readonly root: Locator) {}

  async expectOnline(): Promise<void> {
    await expect(this.root.locator(".sync-online")).toHaveText("In linea", { timeout: 20_000 });
  }

  async expectOffline(): Promise<void> {
    await expect(this.root.locator(".sync-online")).toHaveText("Non in linea", { timeout: 20_000 });
  }

  async expectAllSaved(): Promise<void> {
    await expect(this.root.locator(".sync-pending")).toHaveText("Tutto salvato sul server", { timeout: 20_000 });
    await expect(this.root.locator(".sync-last")).toHaveText(/^Ultima sincronizzazione: \d\d:\d\d:\d\d$/);
  }

  async expectPending(count: number): Promise<void> {
    const text = count === 1 ? "1 modifica da inviare" : `${count} modifiche da inviare`;
    await expect(this.root.locator(".sync-pending")).toHaveText(text);
  }
}
