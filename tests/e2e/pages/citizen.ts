// Page objects of a citizen at the totem with the Tessera Sanitaria, and of /verifica.
import { expect, type Locator, type Page } from "@playwright/test";
import { injectTool } from "./inject";

export class CitizenArea {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole("link", { name: "La mia situazione e i certificati (con la tessera sanitaria)" }).click();
    await expect(this.heading()).toHaveText("Certificati con la tessera sanitaria");
  }

  heading(): Locator {
    return this.page.getByRole("heading", { level: 1 });
  }

  /** A barcode scanner: a burst of keystrokes ending with Enter, into whatever has focus. */
  async scan(code: string): Promise<void> {
    await this.page.getByLabel("Codice fiscale").focus();
    await this.page.keyboard.type(code, { delay: 4 });
    await this.page.keyboard.press("Enter");
  }

  keyboard(): Locator {
    return this.page.getByRole("group", { name: "Tastiera sullo schermo" });
  }

  /** Types on the on-screen keyboard, one tap per character. */
  async tap(text: string): Promise<void> {
    for (const c of text) await this.keyboard().getByRole("button", { name: c, exact: true }).click();
  }

  async secondFactor(digits: string, expiry: string): Promise<void> {
    await expect(this.heading()).toHaveText("Conferma che la tessera è tua");
    await this.page.getByLabel("Ultime 8 cifre del numero della tessera").click();
    await this.tap(digits);
    await this.page.getByLabel("Data di scadenza (GG/MM/AAAA)").click();
    await this.tap(expiry);
    await this.page.getByRole("button", { name: "Conferma" }).click();
  }

  alert(): Locator {
    return this.page.getByRole("alert");
  }

  sheet(): Locator {
    return this.page.locator("article.certificate-sheet");
  }

  /** Decodes the QR code on the certificate (or slip) from its pixels. */
  decodeQr(): Promise<string> {
    return decodeQr(this.page, ".certificate-sheet .qr svg");
  }

  async finish(): Promise<void> {
    await this.page.getByRole("button", { name: "Fine" }).click();
  }
}

export class VerifyPage {
  constructor(readonly page: Page) {}

  result(): Locator {
    return this.page.locator("section.verify-result");
  }
}

/** Decodes a QR code drawn on the page from its pixels, as a phone camera would (jsQR). */
export async function decodeQr(page: Page, selector: string): Promise<string> {
  await injectTool(page, "jsqr/dist/jsQR.js");
  return page.evaluate(async (selector) => {
    const svg = document.querySelector(selector)!;
    const xml = new XMLSerializer().serializeToString(svg);
    const img = new Image();
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(xml);
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth * 2;
    canvas.height = img.naturalHeight * 2;
    const ctx = canvas.getContext("2d")!;
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const found = (window as any).jsQR(data.data, canvas.width, canvas.height);
    if (!found) throw new Error(`no QR code found in ${selector}`);
    return found.data as string;
  }, selector);
}
