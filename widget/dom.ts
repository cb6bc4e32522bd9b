// Small helpers the two scripts share: building elements, and where they came from.

type Child = Node | string | false | null | undefined;

/** An element with its attributes (`on…` functions become listeners) and children; false, null and undefined are skipped. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number | boolean | null | undefined | ((event: Event) => void)> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === "function") element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, "");
    else if (value !== false && value !== null && value !== undefined) element.setAttribute(name, String(value));
  }
  for (const child of children) if (child !== false && child !== null && child !== undefined) element.append(child);
  return element;
}

/**
 * The origin the script was loaded from (the wirepost site), read while it
 * first runs, when `document.currentScript` is still set.
 */
export function scriptOrigin(name: string): string {
  const script =
    (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>(`script[src*="/${name}."],script[src$="/${name}.js"]`);
  return new URL(script?.src ?? location.href).origin;
}

/** The language of the page around `element`: its `data-wirepost-lang`, else the nearest `lang`. */
export const languageOf = (element: HTMLElement) => element.dataset.wirepostLang || element.closest<HTMLElement>("[lang]")?.lang || "en";

/** Runs `start` once the host page's document is parsed (at once if it already is). */
export function whenReady(start: () => void): void {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
}
