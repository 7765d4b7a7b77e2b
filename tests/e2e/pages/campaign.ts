// Page object of the promotion campaign (/operatore/campagna): segmentation, letters, the
// worklist of calls and visits; and reading the letters' PDF back.
import { expect, type Download, type Locator, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { inflateSync } from "node:zlib";
import { OperatorPage } from "./operator";

export class CampaignPage {
  constructor(readonly page: Page) {}

  /** Signs in as Bari's demo operator and opens the campaign once the index is here. */
  static async asBariOperator(page: Page, baseUrl: string): Promise<CampaignPage> {
    const operator = new OperatorPage(page, baseUrl);
    await operator.signIn("operatore.bari", "demo-bari");
    const campaign = new CampaignPage(page);
    await campaign.open(operator);
    await expect(campaign.segmentRows().first()).toBeVisible({ timeout: 30_000 });
    return campaign;
  }

  async open(operator: OperatorPage): Promise<void> {
    await operator.sections().getByRole("link", { name: "Campagna" }).click();
    await expect(this.page.getByRole("heading", { name: "Campagna di promozione" })).toBeVisible();
  }

  segment(): Locator {
    return this.page.locator("section[aria-labelledby=segment-title]");
  }

  letters(): Locator {
    return this.page.locator("section[aria-labelledby=letters-title]");
  }

  tasks(): Locator {
    return this.page.locator("section[aria-labelledby=tasks-title]");
  }

  /** Picks one option of a segmentation filter by its value. */
  async filter(label: "Provincia" | "Comune" | "Settore ATECO" | "Dimensione" | "Fatturato", value: string): Promise<void> {
    await this.segment().getByLabel(label).selectOption(value);
  }

  /** How many companies the screen says the segment has. */
  async segmentCount(): Promise<number> {
    return Number(await this.segment().getByTestId("segment-count").textContent());
  }

  segmentRows(): Locator {
    return this.segment().locator("tr.segment-row");
  }

  /** The names of the companies listed in the segment. */
  async segmentNames(): Promise<string[]> {
    return this.segmentRows().locator("td:nth-child(2) a").allTextContents();
  }

  async chooseWholeSegment(): Promise<void> {
    await this.segment().getByRole("button", { name: "Scegli tutto il segmento" }).click();
  }

  /** Puts the chosen companies in the campaign, chosen on `isoDate`. */
  async putInCampaign(count: number, isoDate: string): Promise<void> {
    await this.segment().getByLabel("Data della scelta").fill(isoDate);
    await this.segment().getByRole("button", { name: `Inserisci nella campagna (${count})` }).click();
    await expect(this.segment().locator(".step-done")).toContainText(`registrato per ${count} `, { timeout: 30_000 });
  }

  /** Downloads the letters of the companies chosen in the letters part. */
  async downloadLetters(count: number): Promise<Download> {
    const [download] = await Promise.all([
      this.page.waitForEvent("download"),
      this.letters().getByRole("button", { name: `Scarica le lettere in PDF (${count})` }).click(),
    ]);
    return download;
  }

  async recordLettersSent(isoDate: string, count: number): Promise<void> {
    await this.letters().getByLabel("Data di invio delle lettere").fill(isoDate);
    await this.letters().getByRole("button", { name: `Registra l'invio (${count})` }).click();
  }

  /** The worklist's rows, in the order shown. */
  taskRows(): Locator {
    return this.tasks().locator("li.campaign-task");
  }

  /** Interactive elements of the campaign smaller than `min` px; a checkbox counts by the
   * label around it, which is what a finger hits. */
  async smallTargets(min = 44): Promise<string[]> {
    return this.page.$$eval(
      ".campaign a[href], .campaign button, .campaign input, .campaign select",
      (els, min) =>
        els
          .map((el) => {
            const target = (el as HTMLInputElement).type === "checkbox" ? el.closest("label") ?? el : el;
            return { el, r: target.getBoundingClientRect() };
          })
          .filter(({ r }) => r.width > 0 && r.height > 0 && (r.width < min || r.height < min))
          .map(({ el, r }) => `${el.outerHTML.slice(0, 80)} (${Math.round(r.width)}x${Math.round(r.height)})`),
      min,
    );
  }

  /** Whether the page is wider than the window (the tables scroll inside their box). */
  async overflowsSideways(): Promise<boolean> {
    return this.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  }

  taskOf(name: string): Locator {
    return this.taskRows().filter({ has: this.page.getByRole("link", { name, exact: true }) });
  }
}

/** The text of each page of a PDF, as its content streams show it (Tj strings, WinAnsi). */
export function pdfPages(path: string): string[] {
  const raw = readFileSync(path);
  const latin1 = raw.toString("latin1");
  const pages: string[] = [];
  const streams = /<<((?:(?!<<|>>)[^])*)>>\s*stream\r?\n/g;
  for (let m = streams.exec(latin1); m; m = streams.exec(latin1)) {
    const start = m.index + m[0].length;
    const end = latin1.indexOf("endstream", start);
    let body = raw.subarray(start, end);
    if (/\/FlateDecode/.test(m[1])) body = inflateSync(body);
    const content = body.toString("latin1");
    if (!/\bBT\b/.test(content)) continue;
    const shown: string[] = [];
    for (const t of content.matchAll(/(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>)\s*Tj/g)) {
      const s = t[1];
      shown.push(
        s.startsWith("<")
          ? Buffer.from(s.slice(1, -1), "hex").toString("latin1")
          : s.slice(1, -1).replace(/\\([()\\])/g, "$1"),
      );
    }
    pages.push(shown.join("\n"));
  }
  return pages;
}

/** How many page objects the PDF declares. */
export function pdfPageCount(path: string): number {
  return (readFileSync(path).toString("latin1").match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
}

/** ISO day (YYYY-MM-DD) of a local date. */
export function iso(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Whether the CPI of Bari is open that day: Monday to Friday but Italy's national holidays
 * (Easter Monday computed, 4 October from 2026) and San Nicola, 6 December. */
export function bariWorkingDay(d: Date): boolean {
  if (d.getDay() === 0 || d.getDay() === 6) return false;
  const md = `${d.getMonth() + 1}-${d.getDate()}`;
  const fixed = ["1-1", "1-6", "4-25", "5-1", "6-2", "8-15", "11-1", "12-6", "12-8", "12-25", "12-26"];
  if (fixed.includes(md) || (md === "10-4" && d.getFullYear() >= 2026)) return false;
  const easterMonday = easter(d.getFullYear());
  easterMonday.setDate(easterMonday.getDate() + 1);
  return iso(easterMonday) !== iso(d);
}

/** `n` working days of Bari from `from` (negative: before). */
export function addWorkingDays(from: Date, n: number): Date {
  const d = new Date(from.getFullYear(), from.getMonth(), from.getDate());
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0; ) {
    d.setDate(d.getDate() + step);
    if (bariWorkingDay(d)) left--;
  }
  return d;
}

/** Easter Sunday (anonymous Gregorian algorithm). */
function easter(year: number): Date {
  const a = year % 19, b = Math.floor(year / 100), c = year % 100;
  const d = Math.floor(b / 4), e = b % 4, f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(year, month - 1, day);
}

/** "dd/mm/yyyy", as the screens write dates. */
export function italian(d: Date): string {
  return iso(d).split("-").reverse().join("/");
}
