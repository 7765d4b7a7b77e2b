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

  /** Reads the code through the page's own camera reader. */
  async scanWithCamera(): Promise<void> {
    await this.page.getByRole("button", { name: "Inquadra con la fotocamera" }).click();
  }
}

/** Writes a camera video (Y4M, as Chromium's fake capture device plays it) showing the QR
 * code drawn at `selector` on `page`, printed on white in a 640×480 grey scene. */
export async function qrVideo(page: Page, selector: string, path: string): Promise<void> {
  const [width, height] = [640, 480];
  const source = await svgImage(page, selector);
  const luma: number[] = await page.evaluate(
    async ({ source, width, height }) => {
      const img = new Image();
      img.src = source;
      await img.decode();
      const canvas = document.createElement("canvas");
      [canvas.width, canvas.height] = [width, height];
      const ctx = canvas.getContext("2d")!;
      ctx.fillStyle = "#b4b4b4";
      ctx.fillRect(0, 0, width, height);
      const side = Math.round(height * 0.85);
      const [x, y] = [Math.round((width - side) / 2), Math.round((height - side) / 2)];
      ctx.fillStyle = "#fff";
      ctx.fillRect(x - 12, y - 12, side + 24, side + 24);
      ctx.drawImage(img, x, y, side, side);
      const { data } = ctx.getImageData(0, 0, width, height);
      const out: number[] = [];
      for (let i = 0; i < data.length; i += 4) out.push(Math.round(0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2]));
      return out;
    },
    { source, width, height },
  );
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), Buffer.from(luma), chroma]);
  const { writeFileSync } = await import("node:fs");
  writeFileSync(path, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F5:1 Ip A1:1 C420jpeg\n`), frame, frame]));
}

/** Decodes a QR code drawn on the page from its pixels, as a phone camera would (jsQR). */
export async function decodeQr(page: Page, selector: string): Promise<string> {
  await injectTool(page, "jsqr/dist/jsQR.js");
  const source = await svgImage(page, selector);
  return page.evaluate(async ({ source, selector }) => {
    const img = new Image();
    img.src = source;
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
  }, { source, selector });
}

/** The SVG drawn at `selector` as an image address, to paint it on a canvas. */
function svgImage(page: Page, selector: string): Promise<string> {
  return page.evaluate(
    (selector) => "data:image/svg+xml;charset=utf-8," + encodeURIComponent(new XMLSerializer().serializeToString(document.querySelector(selector)!)),
    selector,
  );
}
