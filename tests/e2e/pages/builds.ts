// The app's three builds as a browser gets them: the wasm a page loaded, and the one a shell
// links to (Trunk's loader names it in the shell).
import type { APIRequestContext, Page, Response } from "@playwright/test";

/** Collects the paths of the wasm files `page` loads from now on. */
export function wasmLoads(page: Page): string[] {
  const loaded: string[] = [];
  page.on("response", (r: Response) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith(".wasm")) loaded.push(path);
  });
  return loaded;
}

/** The wasm path the shell at `shellUrl` loads. */
export async function wasmOfShell(request: APIRequestContext, shellUrl: string): Promise<string> {
  const html = await (await request.get(shellUrl)).text();
  const match = html.match(/["'](\/[^"']+_bg\.wasm)["']/);
  if (!match) throw new Error(`no wasm in the shell at ${shellUrl}`);
  return match[1];
}

/** The wasm's bytes as Latin-1 text, to look for the string literals it carries. */
export async function wasmText(request: APIRequestContext, url: string): Promise<string> {
  return (await (await request.get(url)).body()).toString("latin1");
}
