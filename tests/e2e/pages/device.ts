// What a browser keeps for this origin, searched for a piece of text: the Automerge documents
// in IndexedDB (loaded and read as JSON, since their columns may be compressed), any other
// IndexedDB record as raw text, localStorage and sessionStorage.
import type { Page } from "@playwright/test";
import * as Automerge from "@automerge/automerge";

type Dump = { docs: { key: string; chunks: number[][] }[]; raw: { where: string; text: string }[] };

async function dump(page: Page): Promise<Dump> {
  return page.evaluate(async () => {
    const out: Dump = { docs: [], raw: [] };
    const text = (value: unknown): string => {
      if (value instanceof ArrayBuffer) value = new Uint8Array(value);
      if (ArrayBuffer.isView(value)) {
        const bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
        let s = "";
        for (const b of bytes) s += String.fromCharCode(b);
        return s;
      }
      if (Array.isArray(value)) return value.map(text).join("\n");
      if (value && typeof value === "object") return Object.values(value).map(text).join("\n");
      return String(value);
    };
    for (const { name } of await indexedDB.databases()) {
      if (!name) continue;
      const db: IDBDatabase = await new Promise((ok, fail) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => ok(open.result);
        open.onerror = () => fail(open.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const tx = db.transaction(store).objectStore(store);
        const [keys, values]: [IDBValidKey[], unknown[]] = await Promise.all(
          [tx.getAllKeys(), tx.getAll()].map(
            (req) =>
              new Promise<any>((ok, fail) => {
                req.onsuccess = () => ok(req.result);
                req.onerror = () => fail(req.error);
              }),
          ) as [Promise<IDBValidKey[]>, Promise<unknown[]>],
        );
        values.forEach((value, i) => {
          const chunks = (value as { chunks?: Uint8Array[] })?.chunks;
          if (name === "sportello" && store === "docs" && Array.isArray(chunks)) {
            out.docs.push({ key: String(keys[i]), chunks: chunks.map((c) => Array.from(c)) });
          } else {
            out.raw.push({ where: `indexedDB:${name}/${store}/${String(keys[i])}`, text: text(value) });
          }
        });
      }
      db.close();
    }
    for (const [label, storage] of [
      ["localStorage", localStorage],
      ["sessionStorage", sessionStorage],
    ] as const) {
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i)!;
        out.raw.push({ where: `${label}:${key}`, text: `${key}\n${storage.getItem(key) ?? ""}` });
      }
    }
    return out;
  });
}

/** Where on this device `needle` appears (empty when nowhere). */
export async function deviceHolds(page: Page, needle: string): Promise<string[]> {
  const { docs, raw } = await dump(page);
  const found = raw.filter((r) => r.text.includes(needle)).map((r) => r.where);
  for (const { key, chunks } of docs) {
    const bytes = new Uint8Array(chunks.flat());
    if (bytes.length === 0) continue;
    // A tablet's chunks are encrypted: no Automerge document loads; their bytes are
    // searched as they are, read as Latin-1 and as UTF-8.
    let texts: string[];
    try {
      const doc = Automerge.load(bytes);
      texts = [JSON.stringify(doc, (_, v) => (typeof v === "bigint" ? v.toString() : v))];
    } catch {
      texts = [new TextDecoder("latin1").decode(bytes), new TextDecoder("utf-8").decode(bytes)];
    }
    if (texts.some((text) => text.includes(needle))) {
      found.push(`indexedDB:sportello/docs/${key}`);
    }
  }
  return found;
}

/** Whether this browser's IndexedDB holds a document (an `automerge:` URL) with content. */
export function storedOnDevice(page: Page, url: string): Promise<boolean> {
  return page.evaluate(
    (key) =>
      new Promise<boolean>((ok, fail) => {
        const open = indexedDB.open("sportello");
        open.onerror = () => fail(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains("docs")) return ok(false);
          const get = db.transaction("docs").objectStore("docs").get(key);
          get.onsuccess = () => {
            const chunks = (get.result as { chunks?: unknown[] } | undefined)?.chunks;
            ok(Array.isArray(chunks) && chunks.length > 0);
            db.close();
          };
          get.onerror = () => fail(get.error);
        };
      }),
    url.replace(/^automerge:/, ""),
  );
}

/** How many documents with content this browser's IndexedDB holds. */
export async function documentsOnDevice(page: Page): Promise<number> {
  const { docs } = await dump(page);
  return docs.filter((d) => d.chunks.some((c) => c.length > 0)).length;
}
