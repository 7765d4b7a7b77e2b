// Page object of the citizens' totem: what a citizen sees and taps.
import { expect, type Locator, type Page } from "@playwright/test";
import { SyncBadge } from "./operator";

export class TotemPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  async open(cpi: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/totem/${cpi}`);
  }

  title(): Locator {
    return this.page.getByRole("heading", { level: 1 });
  }

  charter(): Locator {
    return this.page.getByRole("region", { name: "Carta dei servizi" });
  }

  async openArea(letter: string): Promise<void> {
    await this.charter().getByRole("link", { name: new RegExp(`^${letter}\\b`) }).click();
    await expect(this.title()).toContainText(`Area ${letter}`);
  }

  async openService(code: string): Promise<void> {
    await this.page.getByRole("link", { name: new RegExp(`^${code}\\b`) }).click();
    await expect(this.title()).toContainText(code);
  }

  /** The text of the duration cell for a target group (T1..T5 or Imprese). */
  durationFor(group: string): Locator {
    return this.page.locator(`table.durations tr[data-group="${group}"] td`);
  }

  /** Bounding boxes of every interactive element that is smaller than `min` px. */
  async smallTargets(min = 44): Promise<string[]> {
    return this.page.$$eval(
      "a[href], button, input, select, textarea, [role=button]",
      (els, min) =>
        els
          .map((el) => ({ el, r: el.getBoundingClientRect() }))
          .filter(({ r }) => r.width > 0 && r.height > 0 && (r.width < min || r.height < min))
          .map(({ el, r }) => `${el.outerHTML.slice(0, 80)} (${Math.round(r.width)}x${Math.round(r.height)})`),
      min,
    );
  }
}

/** The enrollment screen and the live parts of an enrolled totem. */
export class EnrolledTotem extends TotemPage {
  async enroll(cpi: string, code: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/totem/${cpi}/attiva`);
    await this.page.getByLabel("Codice di attivazione").fill(code);
    await this.page.getByRole("button", { name: "Attiva" }).click();
    await expect(this.page).toHaveURL(`${this.baseUrl}/totem/${cpi}`);
  }

  notices(): Locator {
    return this.page.locator(".notice h3");
  }

  /**
   * Whether the CPI's agenda (its id learnt at enrollment) is in this totem's IndexedDB;
   * with `drop`, takes it out first (a totem that never received it).
   */
  async hasAgenda(drop = false): Promise<boolean> {
    return this.page.evaluate(
      (drop) =>
        new Promise<boolean>((ok, fail) => {
          const device = JSON.parse(localStorage.getItem("sportello.totem") ?? "{}");
          const id = String(device.agenda ?? "").replace(/^automerge:/, "");
          if (!id) return ok(false);
          const open = indexedDB.open("sportello");
          open.onerror = () => fail(open.error);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains("docs")) return ok(false);
            const docs = db.transaction("docs", "readwrite").objectStore("docs");
            const request = drop ? docs.delete(id) : docs.getKey(id);
            request.onsuccess = () => ok(!drop && request.result !== undefined);
            request.onerror = () => fail(request.error);
          };
        }),
      drop,
    );
  }

  directory(): Locator {
    return this.page.locator(".referral h3");
  }

  syncBadge(): SyncBadge {
    return new SyncBadge(this.page.locator(".totem-footer .sync-badge"));
  }
}

/** Chooses a language with the switch every citizen screen has. */
export async function chooseLanguage(page: Page, nativeName: string): Promise<void> {
  await page.getByRole("button", { name: nativeName, exact: true }).click();
}
