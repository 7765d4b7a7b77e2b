// What a citizen can actually read: the contrast of every visible text against the colour
// really behind it, computed in the page from the styles in force (the modes' overrides
// included), and whether larger text still fits.
import { expect, type Page } from "@playwright/test";

/** The totem's accessibility modes, by the buttons that turn them on. */
export const MODES: Record<string, string[]> = {
  default: [],
  "high contrast": ["Alto contrasto"],
  "large text": ["Testo grande"],
  reachable: ["Comandi in basso"],
  "all three": ["Alto contrasto", "Testo grande", "Comandi in basso"],
};

/**
 * Every visible text whose contrast with its real background is below `minimum` (or, with
 * `large` set, below `large` for large text: 24 px, or 18.66 px bold). A background the page
 * cannot know (an image or a gradient) is reported when `unknownIsFailure`.
 */
export async function lowContrastTexts(
  page: Page,
  thresholds: { normal: number; large: number; unknownIsFailure: boolean },
): Promise<string[]> {
  return page.evaluate(({ normal, large, unknownIsFailure }) => {
    type Rgba = { r: number; g: number; b: number; a: number };
    const parse = (css: string): Rgba | null => {
      const m = css.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
      return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
    };
    const over = (top: Rgba, bottom: Rgba): Rgba => ({
      r: top.r * top.a + bottom.r * (1 - top.a),
      g: top.g * top.a + bottom.g * (1 - top.a),
      b: top.b * top.a + bottom.b * (1 - top.a),
      a: 1,
    });
    const luminance = ({ r, g, b }: Rgba) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (x: Rgba, y: Rgba) => {
      const [a, b] = [luminance(x), luminance(y)].sort((p, q) => q - p);
      return (a + 0.05) / (b + 0.05);
    };
    // The colour behind an element: its own and its ancestors' backgrounds, composed.
    const behind = (el: Element): Rgba | null => {
      const layers: Rgba[] = [];
      for (let e: Element | null = el; e; e = e.parentElement) {
        const style = getComputedStyle(e);
        if (style.backgroundImage !== "none") return null;
        const colour = parse(style.backgroundColor);
        if (colour && colour.a > 0) {
          layers.push(colour);
          if (colour.a >= 1) break;
        }
      }
      return layers.reverse().reduce((bg, layer) => over(layer, bg), { r: 255, g: 255, b: 255, a: 1 });
    };
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? "";
      const el = node.parentElement;
      if (!text || !el || !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      if (el.closest(":disabled, [aria-disabled='true'], [aria-hidden='true'], .qr")) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const box = range.getBoundingClientRect();
      // Empty or visually hidden (a 1 px clip for screen readers).
      if (box.width <= 1 || box.height <= 1) continue;
      const style = getComputedStyle(el);
      const size = parseFloat(style.fontSize);
      const isLarge = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      const bg = behind(el);
      const fg = parse(style.color);
      if (!bg || !fg) {
        if (unknownIsFailure) out.push(`background not a colour: «${text.slice(0, 40)}»`);
        continue;
      }
      const measured = ratio(over(fg, bg), bg);
      const needed = isLarge ? large : normal;
      if (measured < needed) {
        out.push(`${measured.toFixed(2)}:1 < ${needed}:1 «${text.slice(0, 40)}» ${style.color} on rgb(${Math.round(bg.r)}, ${Math.round(bg.g)}, ${Math.round(bg.b)})`);
      }
    }
    return out;
  }, thresholds);
}

/** The font size of every element holding visible text, in document order. */
export async function textSizes(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const sizes: number[] = [];
    for (const el of document.body.querySelectorAll("*")) {
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
      if (own && el.checkVisibility()) sizes.push(parseFloat(getComputedStyle(el).fontSize));
    }
    return sizes;
  });
}

/** The text sizes once the screen has settled: the same texts in two reads a moment apart
 * (after a navigation the board's content arrives from IndexedDB and the relay). */
export async function settledTextSizes(page: Page): Promise<number[]> {
  let previous = "";
  let sizes: number[] = [];
  await expect
    .poll(
      async () => {
        sizes = await textSizes(page);
        const now = sizes.join(",");
        const same = now === previous;
        previous = now;
        return same;
      },
      { intervals: [500], timeout: 15_000 },
    )
    .toBe(true);
  return sizes;
}

/** Texts cut off by their box, and a page wider than the screen. */
export async function cutTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    if (document.documentElement.scrollWidth > window.innerWidth + 1) {
      // Name the outermost boxes that stick out.
      const wide = [...document.body.querySelectorAll("*")].filter(
        (el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > window.innerWidth + 1),
      );
      const names = wide.slice(0, 3).map((el) => `<${el.tagName.toLowerCase()} class="${el.className}">`);
      out.push(`page ${document.documentElement.scrollWidth} px wide on a ${window.innerWidth} px screen: ${names.join(", ")}`);
    }
    for (const el of document.body.querySelectorAll("*")) {
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
      if (!own || !el.checkVisibility()) continue;
      // Visually hidden text (a 1 px box for screen readers) is meant to be clipped.
      if (el.clientWidth <= 1 || el.clientHeight <= 1) continue;
      const style = getComputedStyle(el);
      const clips = style.overflowX !== "visible" || style.overflowY !== "visible" || style.textOverflow === "ellipsis";
      if (clips && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) {
        out.push(`cut: «${el.textContent!.trim().slice(0, 40)}» (${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight})`);
      }
    }
    return out;
  });
}
