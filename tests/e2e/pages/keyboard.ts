// Page object of the kiosk's on-screen keyboard: a citizen without a physical keyboard taps
// a field, then its keys. Nothing here types on the page's keyboard or fills a field.
import { expect, type Locator, type Page } from "@playwright/test";

/** The keyboard's names in one language. */
export type KeyboardLabels = { group: string; space: string; shift: string; delete: string };

export const ITALIAN: KeyboardLabels = {
  group: "Tastiera sullo schermo",
  space: "Spazio",
  shift: "Maiuscole",
  delete: "Cancella il carattere prima del cursore",
};

export const ARABIC: KeyboardLabels = {
  group: "لوحة المفاتيح على الشاشة",
  space: "مسافة",
  shift: "أحرف كبيرة",
  delete: "حذف الحرف قبل المؤشر",
};

export class OnScreenKeyboard {
  constructor(
    readonly page: Page,
    readonly labels: KeyboardLabels = ITALIAN,
  ) {}

  root(): Locator {
    return this.page.getByRole("group", { name: this.labels.group });
  }

  key(label: string): Locator {
    return this.root().getByRole("button", { name: label, exact: true });
  }

  /** One tap per character (a space is the space bar). */
  async tapKeys(text: string): Promise<void> {
    for (const c of text) await this.key(c === " " ? this.labels.space : c).tap();
  }

  async backspace(): Promise<void> {
    await this.key(this.labels.delete).tap();
  }

  async shift(): Promise<void> {
    await this.key(this.labels.shift).tap();
  }

  async ok(): Promise<void> {
    await this.key("OK").tap();
  }

  /** Taps the field, so the keyboard shows for it, and types `text` on the keys. */
  async typeInto(field: Locator, text: string): Promise<void> {
    await field.tap();
    await expect(this.root()).toBeVisible();
    await this.tapKeys(text);
    await expect(field).toBeFocused();
  }
}
