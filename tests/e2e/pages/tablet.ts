// Page object of a visiting officer's tablet: enrollment, the PIN pad, the lock screen.
import { expect, type Locator, type Page } from "@playwright/test";

export class Tablet {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  /** Shortens the idle lock for this page (the test-only knob; it can only shorten it). */
  async shortenIdle(seconds: number): Promise<void> {
    await this.page.addInitScript((s) => localStorage.setItem("sportello.idle-seconds", String(s)), seconds);
  }

  async enroll(cpi: string, code: string, name: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/tablet/${cpi}`);
    await expect(this.page.getByRole("heading", { name: "Attiva questo tablet" })).toBeVisible();
    await this.page.getByLabel("Codice di attivazione").fill(code);
    await this.page.getByLabel("Nome del tablet").fill(name);
    await this.page.getByRole("button", { name: "Attiva il tablet" }).click();
    await expect(this.page.getByRole("heading", { name: "Accesso operatori" })).toBeVisible();
  }

  /** Signs in on the tablet; returns the session token the relay gave. */
  async signIn(username: string, password: string): Promise<string> {
    await this.page.getByLabel("Nome utente").fill(username);
    await this.page.getByLabel("Password").fill(password);
    const answer = this.page.waitForResponse((r) => r.url().endsWith("/api/login"));
    await this.page.getByRole("button", { name: "Accedi" }).click();
    return (await (await answer).json()).token;
  }

  pad(): Locator {
    return this.page.getByRole("group", { name: "PIN" });
  }

  /** Types digits on the on-screen pad and confirms. */
  async typePin(pin: string): Promise<void> {
    for (const digit of pin) await this.pad().getByRole("button", { name: digit, exact: true }).tap();
    await this.pad().getByRole("button", { name: "Conferma" }).tap();
  }

  async choosePin(pin: string): Promise<void> {
    await expect(this.page.getByRole("heading", { name: "Scegli il PIN del tablet" })).toBeVisible();
    await this.typePin(pin);
    await expect(this.page.getByText("Inserisci di nuovo lo stesso PIN per confermarlo.")).toBeVisible();
    await this.typePin(pin);
    await expect(this.page.getByRole("navigation", { name: "Sezioni dell'area operatori" })).toBeVisible({ timeout: 20_000 });
  }

  lockScreen(): Locator {
    return this.page.getByRole("heading", { name: "Tablet bloccato" });
  }

  alert(): Locator {
    return this.page.getByRole("alert");
  }

  wipedScreen(): Locator {
    return this.page.getByRole("heading", { name: "Dati del tablet cancellati" });
  }
}
