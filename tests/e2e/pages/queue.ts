// Page objects of queue tickets: the totem's ticket screen, the operator's queue console,
// the waiting room's display board and the ticket's phone page.
import { expect, type Locator, type Page } from "@playwright/test";
import { EnrolledTotem } from "./totem";
import { decodeQr } from "./citizen";

export type Priority = "ordinario" | "disabilità" | "gravidanza";

const PRIORITY_BUTTON: Record<Priority, string> = {
  ordinario: "No, numero ordinario",
  disabilità: "Sì, persona con disabilità",
  gravidanza: "Sì, donna in gravidanza",
};

/** A totem that issues tickets. */
export class TicketTotem extends EnrolledTotem {
  /** Opens the ticket screen and waits until today's queue is on the device. */
  async openTickets(cpi: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/totem/${cpi}/numero`);
    await expect(this.areaButton("A").locator(".tile-sub")).not.toBeEmpty();
  }

  areaButton(letter: string): Locator {
    return this.page.locator(`button.area-tile[data-area="${letter}"]`);
  }

  /** Takes a ticket for an area and returns its number as printed. */
  async take(area: string, priority: Priority = "ordinario"): Promise<string> {
    await this.areaButton(area).click();
    await this.page.getByRole("button", { name: PRIORITY_BUTTON[priority] }).click();
    const number = this.page.getByTestId("ticket-number");
    await expect(number).toHaveText(/^[A-G]-[A-Z]-\d{3}$/);
    return (await number.textContent())!;
  }

  ticket(): Locator {
    return this.page.getByTestId("ticket");
  }

  async another(): Promise<void> {
    await this.page.getByRole("button", { name: "Prendi un altro numero" }).click();
  }

  /** The phone link in the ticket's QR code, read from its pixels. */
  ticketLink(): Promise<string> {
    return decodeQr(this.page, ".ticket-sheet .qr svg");
  }
}

/** The queue console in the operators' workspace. */
export class QueueConsole {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole("navigation", { name: "Sezioni dell'area operatori" }).getByRole("link", { name: "Coda" }).click();
    await expect(this.page.getByRole("heading", { name: "Coda", level: 1 })).toBeVisible();
  }

  async openDesk(desk: number, areas: string[]): Promise<void> {
    const section = this.page.getByRole("region", { name: "Il mio sportello" });
    await section.getByLabel("Sportello n.").fill(String(desk));
    for (const box of await section.getByRole("checkbox").all()) await box.uncheck();
    for (const area of areas) await section.getByRole("checkbox", { name: new RegExp(`^${area} · `) }).check();
    await section.getByRole("button", { name: /Apri lo sportello|Aggiorna lo sportello/ }).click();
    await expect(this.page.getByTestId("desk-state")).toHaveText(`Sportello ${desk} aperto per le aree ${areas.join(", ")}.`);
  }

  /** The numbers waiting for this desk's areas, in call order. */
  waitingNumbers(): Locator {
    return this.page.getByTestId("waiting").locator("tbody td.number");
  }

  async callNext(): Promise<void> {
    await this.page.getByRole("button", { name: "Chiama il prossimo" }).click();
  }

  current(): Locator {
    return this.page.getByTestId("current-ticket");
  }

  async done(): Promise<void> {
    await this.current().getByRole("button", { name: "Servito" }).click();
    await expect(this.current()).toHaveCount(0);
  }

  async startService(): Promise<void> {
    await this.current().getByRole("button", { name: "Inizia il servizio" }).click();
  }

  async callNumber(number: string): Promise<void> {
    await this.page.getByLabel("Chiama il numero").fill(number);
    await this.page.getByRole("button", { name: "Chiama", exact: true }).click();
  }

  async transferTo(area: string): Promise<void> {
    await this.current().getByLabel("Trasferisci all'area").selectOption(area);
    await this.current().getByRole("button", { name: "Trasferisci" }).click();
  }

  timesRow(area: string): Locator {
    return this.page.locator(`#today-times tr[data-area="${area}"]`);
  }

  satisfactionRow(area: string): Locator {
    return this.page.getByTestId("satisfaction").locator(`tr[data-area="${area}"]`);
  }
}

/** The display board on the waiting room's TV. */
export class DisplayBoard {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  /** Records what the board says aloud and how often it chimes, instead of playing it. */
  async listen(): Promise<void> {
    await this.page.addInitScript(() => {
      const w = window as any;
      w.__spoken = [];
      w.__chimes = 0;
      speechSynthesis.speak = (u: SpeechSynthesisUtterance) => w.__spoken.push(`${u.lang} ${u.text}`);
      const Real = w.AudioContext;
      w.AudioContext = class extends Real {
        constructor() {
          super();
          w.__chimes += 1;
        }
      };
    });
  }

  spoken(): Promise<string[]> {
    return this.page.evaluate(() => (window as any).__spoken);
  }

  chimes(): Promise<number> {
    return this.page.evaluate(() => (window as any).__chimes);
  }

  /** Enrolls the screen as the CPI's board with an operator's code, then opens it. */
  async enroll(cpi: string, code: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/tabellone/${cpi}`);
    await this.page.getByLabel("Codice di attivazione").fill(code);
    await this.page.getByRole("button", { name: "Attiva il tabellone" }).click();
    // The screen reloads into the board by itself.
    await this.page.getByRole("button", { name: "Attiva l'audio degli annunci" }).click();
  }

  async open(cpi: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/tabellone/${cpi}`);
    await this.page.getByRole("button", { name: "Attiva l'audio degli annunci" }).click();
  }

  waitingNumbers(area: string): Locator {
    return this.page.locator(`.waiting-area[data-area="${area}"] .waiting-order li`);
  }

  latestCall(): Locator {
    return this.page.locator(".call.latest");
  }

  announcement(): Locator {
    return this.page.getByTestId("announcement");
  }
}

/** The page a ticket's QR code opens on the citizen's phone. */
export class PhoneTicket {
  constructor(readonly page: Page) {}

  state(): Locator {
    return this.page.locator(".queue-state");
  }

  async rate(stars: number, comment: string): Promise<void> {
    await this.page.getByRole("radio", { name: `Voto ${stars} su 5` }).check();
    await this.page.getByLabel(/^Commento/).fill(comment);
    await this.page.getByRole("button", { name: "Invia" }).click();
  }
}
