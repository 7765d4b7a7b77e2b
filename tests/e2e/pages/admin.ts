// Page objects of administration: one's account (first password), the users a manager
// administers, the CPI's devices.
import { expect, type Locator, type Page } from "@playwright/test";

/** The form that sets one's password (also the first-sign-in gate). */
export class PasswordForm {
  constructor(readonly page: Page) {}

  form(): Locator {
    return this.page.getByRole("form", { name: "Cambia la password" });
  }

  async change(current: string, next: string): Promise<void> {
    const form = this.form();
    await form.getByLabel("Password attuale (o codice monouso)").fill(current);
    await form.getByLabel("Nuova password", { exact: true }).fill(next);
    await form.getByLabel("Ripeti la nuova password").fill(next);
    await form.getByRole("button", { name: "Cambia la password" }).click();
  }

  error(): Locator {
    return this.form().getByRole("alert");
  }
}

/** `/operatore/utenti`. */
export class UsersPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async open(): Promise<void> {
    await this.page.getByRole("navigation", { name: "Sezioni dell'area operatori" }).getByRole("link", { name: "Utenti" }).click();
    await expect(this.page.getByRole("heading", { name: "Utenti", level: 1 })).toBeVisible();
  }

  /** Creates an account and returns the one-time code shown for it. */
  async create(username: string, name: string): Promise<string> {
    const form = this.page.getByRole("form", { name: "Nuovo account" });
    await form.getByLabel("Nome utente").fill(username);
    await form.getByLabel("Nome e cognome").fill(name);
    await form.getByRole("button", { name: "Crea l'account" }).click();
    const code = this.page.locator(".one-time-code");
    await expect(code).toHaveText(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    await expect(this.page.getByRole("status").filter({ hasText: `Codice monouso per ${username}` })).toBeVisible();
    return (await code.textContent())!;
  }

  row(username: string): Locator {
    return this.page.locator(`tr.account-row[data-username="${username}"]`);
  }
}

/** `/operatore/dispositivi`. */
export class DevicesPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole("navigation", { name: "Sezioni dell'area operatori" }).getByRole("link", { name: "Dispositivi" }).click();
    await expect(this.page.getByRole("heading", { name: "Dispositivi", level: 1 })).toBeVisible();
  }

  rows(): Locator {
    return this.page.locator("tr.device-row");
  }

  /** The name field of each listed device, in enrollment order. */
  names(): Locator {
    return this.rows().getByLabel("Nome del dispositivo");
  }

  /** Revokes the listed device at `index`, accepting the confirmation. */
  async revoke(index: number): Promise<void> {
    const row = this.rows().nth(index);
    this.page.once("dialog", (dialog) => dialog.accept());
    await row.getByRole("button", { name: "Revoca" }).click();
    await expect(row.locator(".device-state")).toContainText("Revocato il");
    await expect(row.getByRole("button", { name: "Revoca" })).toHaveCount(0);
  }

  /** Marks the listed tablet at `index` "wipe on next contact", accepting the confirmation. */
  async wipeOnNextContact(index: number): Promise<void> {
    const row = this.rows().nth(index);
    const button = row.getByRole("button", { name: "Cancella i dati alla prossima connessione" });
    this.page.once("dialog", (dialog) => dialog.accept());
    await button.click();
    await expect(row.locator(".device-state")).toHaveText("Cancellazione dei dati alla prossima connessione");
    await expect(button).toHaveCount(0);
  }
}
