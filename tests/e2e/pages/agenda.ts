// Page objects of the B1 interview booking: the totem's day picker (a week a page, then the
// times of the chosen day) and the operators' agenda at /operatore/agenda.
import { expect, type Locator, type Page } from "@playwright/test";

/** The totem's day picker, after "Invia la dichiarazione". */
export class DayPicker {
  constructor(
    readonly page: Page,
    readonly touch = false,
  ) {}

  private async press(target: Locator): Promise<void> {
    if (this.touch) await target.tap();
    else await target.click();
  }

  days(): Locator {
    return this.page.getByTestId("did-day");
  }

  times(): Locator {
    return this.page.getByTestId("did-time");
  }

  /** The ISO dates offered on the week shown. */
  async shownDates(): Promise<string[]> {
    return this.days().evaluateAll((els) => els.map((el) => el.getAttribute("data-date") ?? ""));
  }

  async nextWeek(): Promise<void> {
    await this.press(this.page.getByTestId("did-week-next"));
  }

  /** Pages forward until `iso` (a bookable day) is shown, and picks it. */
  async pickDay(iso: string): Promise<void> {
    for (let page = 0; page < 12 && !(await this.shownDates()).includes(iso); page++) {
      const before = await this.page.getByTestId("did-week").textContent();
      await this.nextWeek();
      await expect(this.page.getByTestId("did-week")).not.toHaveText(before ?? "");
    }
    await this.press(this.page.locator(`[data-testid="did-day"][data-date="${iso}"]`));
    await expect(this.times().first()).toBeVisible();
  }

  /** The first bookable day, its first time: returns "dd/mm/yyyy hh:mm" as the receipt says. */
  async bookFirst(): Promise<string> {
    const iso = (await this.shownDates())[0];
    await this.press(this.days().first());
    return this.pickTime(iso, 0);
  }

  /** Picks the `index`-th time of the day `iso` already chosen. */
  async pickTime(iso: string, index = 0): Promise<string> {
    const time = this.times().nth(index);
    const text = (await time.textContent())!.trim();
    await this.press(time);
    const [y, m, d] = iso.split("-");
    return `${d}/${m}/${y} ${text}`;
  }
}

/** A working day of Bari's calendar near `from` (skipping weekends and the fixed holidays). */
export function workingDayAfter(from: Date, days: number): string {
  const fixed = ["01-01", "01-06", "04-25", "05-01", "06-02", "08-15", "10-04", "11-01", "12-06", "12-08", "12-25", "12-26"];
  const day = new Date(Date.UTC(from.getFullYear(), from.getMonth(), from.getDate() + days));
  const iso = () => day.toISOString().slice(0, 10);
  // Easter Monday is the only moving holiday: it never falls on a Tuesday to Thursday.
  while ([0, 6, 1, 5].includes(day.getUTCDay()) || fixed.includes(iso().slice(5))) {
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return iso();
}

/** The operators' agenda. */
export class AgendaScreen {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole("link", { name: "Agenda colloqui" }).click();
    await expect(this.page.getByRole("heading", { level: 1 })).toHaveText("Agenda dei colloqui di orientamento (B1)");
  }

  conflicts(): Locator {
    return this.page.getByTestId("agenda-conflict");
  }

  async showDay(iso: string): Promise<void> {
    await this.page.getByTestId("agenda-date").fill(iso);
    await this.page.getByTestId("agenda-date").dispatchEvent("change");
  }

  rows(): Locator {
    return this.page.getByTestId("agenda-row");
  }
}
