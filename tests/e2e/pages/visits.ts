// Page objects of the visiting officer's screens: the visit plan and the convenzione with
// its two signature pads.
import { expect, type Locator, type Page } from "@playwright/test";

export class VisitPlan {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole("navigation", { name: "Sezioni dell'area operatori" }).getByRole("link", { name: "Visite" }).click();
    await expect(this.page.getByRole("heading", { name: "Piano delle visite", level: 1 })).toBeVisible();
  }

  booked(): Locator {
    return this.page.locator("#visit-booked li.visit-candidate");
  }

  planned(): Locator {
    return this.page.locator("#visit-plan li.visit-planned");
  }

  /** The company ids of the plan, in its order (leaving ones included). */
  async plannedIds(): Promise<string[]> {
    const ids = await this.planned().evaluateAll((rows) => rows.map((r) => r.getAttribute("data-testid") ?? ""));
    return ids.map((id) => id.replace(/^visit-/, ""));
  }

  row(company: string): Locator {
    return this.page.getByTestId(`visit-${company}`);
  }

  outbox(company: string): Locator {
    return this.page.getByTestId(`outbox-${company}`);
  }

  onDevice(company: string): Locator {
    return this.page.getByTestId(`on-device-${company}`);
  }

  async addBooked(n: number): Promise<void> {
    await expect(this.booked().first()).toBeVisible({ timeout: 20_000 });
    for (let i = 0; i < n; i++) await this.booked().nth(i).getByRole("button", { name: /^Aggiungi al piano/ }).tap();
  }

  async addBySearch(query: string): Promise<string> {
    await this.page.getByLabel("Cerca per denominazione, codice fiscale o partita IVA").fill(query);
    const hit = this.page
      .locator("#visit-search li.visit-candidate")
      .filter({ has: this.page.getByRole("button", { name: /^Aggiungi al piano/ }) })
      .first();
    const name = (await hit.locator(".visit-name").textContent())!;
    await hit.getByRole("button", { name: /^Aggiungi al piano/ }).tap();
    return name;
  }

  async remove(company: string): Promise<void> {
    await this.row(company).getByRole("button", { name: /^Togli dal piano/ }).tap();
  }

  async openConvenzione(company: string): Promise<Convenzione> {
    await this.row(company).getByRole("link", { name: "Convenzione" }).tap();
    const c = new Convenzione(this.page);
    await expect(c.status()).toBeVisible();
    return c;
  }
}

export type Party = "cpi" | "azienda";

export class Convenzione {
  constructor(readonly page: Page) {}

  async goto(baseUrl: string, company: string): Promise<void> {
    await this.page.goto(`${baseUrl}/operatore/impresa/${company}/convenzione`);
    await expect(this.status()).toBeVisible({ timeout: 20_000 });
  }

  status(): Locator {
    return this.page.getByTestId("convenzione-status");
  }

  syncNote(): Locator {
    return this.page.getByTestId("convenzione-sync");
  }

  card(party: Party): Locator {
    return this.page.getByTestId(`signature-${party}`);
  }

  signer(party: Party): Locator {
    return this.card(party).getByTestId("signer");
  }

  signedAt(party: Party): Locator {
    return this.card(party).getByTestId("signed-at");
  }

  drawnPath(party: Party): Locator {
    return this.card(party).locator("svg.signature-drawing path");
  }

  pad(party: Party): Locator {
    return this.page.locator(`#signature-pad-${party}`);
  }

  async typeSigner(party: Party, name: string): Promise<void> {
    const label = party === "cpi" ? "Nome e cognome dell'operatore che firma" : "Nome e cognome di chi firma per l'impresa";
    await this.page.getByLabel(label).fill(name);
  }

  /** A zigzag drawn with the mouse (pointer type "mouse"). */
  async drawWithMouse(party: Party): Promise<void> {
    await this.pad(party).scrollIntoViewIfNeeded();
    const box = (await this.pad(party).boundingBox())!;
    const mouse = this.page.mouse;
    await mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.7);
    await mouse.down();
    for (let i = 1; i <= 6; i++) {
      await mouse.move(box.x + box.width * (0.1 + i * 0.1), box.y + box.height * (i % 2 ? 0.3 : 0.7), { steps: 5 });
    }
    await mouse.up();
  }

  /** A zigzag drawn with a finger: real touch events through the DevTools protocol, which
   * Chromium turns into pointer events of type "touch". */
  async drawWithFinger(party: Party): Promise<void> {
    await this.pad(party).scrollIntoViewIfNeeded();
    const box = (await this.pad(party).boundingBox())!;
    const cdp = await this.page.context().newCDPSession(this.page);
    const at = (fx: number, fy: number) => [{ x: box.x + box.width * fx, y: box.y + box.height * fy }];
    await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: at(0.15, 0.5) });
    // One move per frame, as a finger gives them: Chromium aligns touch moves to frames.
    const frame = () => this.page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok(null))));
    for (let i = 1; i <= 30; i++) {
      await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: at(0.15 + i * 0.02, 0.5 + 0.3 * Math.sin(i / 2)) });
      await frame();
    }
    await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
    await cdp.detach();
  }

  /** Clicks (a tap right after the DevTools touch sequence may be taken for a second finger). */
  async sign(party: Party): Promise<void> {
    await this.card(party).getByRole("button", { name: /^Registra la firma/ }).click();
  }

  async download(): Promise<Buffer> {
    const { readFileSync } = await import("node:fs");
    const [download] = await Promise.all([
      this.page.waitForEvent("download"),
      this.page.getByRole("button", { name: "Scarica la convenzione in PDF" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^convenzione-[0-9A-Z]+\.pdf$/);
    return readFileSync((await download.path())!);
  }

  async setRepresentative(name: string): Promise<void> {
    await this.page.getByLabel("Nome e cognome", { exact: true }).fill(name);
    await this.page.getByRole("button", { name: "Aggiorna il referente" }).click();
    await expect(this.page.getByText("Referente aggiornato su questo dispositivo.")).toBeVisible();
  }
}

/** The text a PDF shows: its content streams (inflated when compressed), literal strings
 * and hex strings decoded as WinAnsi/Latin-1. */
export async function pdfText(pdf: Buffer): Promise<string> {
  const { inflateSync } = await import("node:zlib");
  const raw = pdf.toString("latin1");
  const out: string[] = [];
  const streams = /<<([^<>]*)>>\s*stream\r?\n([^]*?)\r?\nendstream/g;
  for (let m; (m = streams.exec(raw)); ) {
    let body = Buffer.from(m[2], "latin1");
    if (/FlateDecode/.test(m[1])) body = inflateSync(body);
    const content = body.toString("latin1");
    for (const s of content.matchAll(/\((?:\\.|[^\\)])*\)\s*Tj|<([0-9A-Fa-f]*)>\s*Tj/g)) {
      if (s[1] !== undefined) out.push(Buffer.from(s[1], "hex").toString("latin1"));
      else out.push(s[0].replace(/\)\s*Tj$/, "").slice(1).replace(/\\(.)/g, "$1"));
    }
  }
  return out.join("\n");
}
