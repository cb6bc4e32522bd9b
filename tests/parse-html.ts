import { parseHTML } from "linkedom";

export type HtmlDocument = ReturnType<typeof parseHTML>["document"];
export type HtmlElement = NonNullable<ReturnType<HtmlDocument["querySelector"]>>;

export function parseDocument(html: string): HtmlDocument {
  return parseHTML(html).document;
}

/**
 * What a browser shows in a textarea. Browsers decode character references in
 * textarea content (it is RCDATA); linkedom keeps them as written, so decode
 * them the way it does for ordinary element text.
 */
export function textareaValue(textarea: HtmlElement): string {
  return parseDocument(`<p>${textarea.innerHTML}</p>`).querySelector("p")!.textContent ?? "";
}
