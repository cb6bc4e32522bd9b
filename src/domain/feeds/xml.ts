/** A minimal XML tree: enough for feeds, escaped correctly by construction. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string | undefined>;
  children: XmlChild[];
}
export type XmlChild = XmlElement | string | null | undefined | false;

export function el(name: string, attributes: Record<string, string | undefined> = {}, ...children: XmlChild[]): XmlElement {
  return { name, attributes, children };
}

// Characters XML 1.0 does not allow at all, even escaped: C0 controls other
// than tab/newline/return, lone surrogates, U+FFFE and U+FFFF.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXmlText(text: string): string {
  return text.replace(NOT_XML, "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeXmlAttribute(value: string): string {
  return escapeXmlText(value).replace(/"/g, "&quot;").replace(/\r/g, "&#13;").replace(/\n/g, "&#10;").replace(/\t/g, "&#9;");
}

function render(node: XmlChild): string {
  if (node === null || node === undefined || node === false) return "";
  if (typeof node === "string") return escapeXmlText(node);
  const attributes = Object.entries(node.attributes)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXmlAttribute(value)}"`)
    .join("");
  const content = node.children.map(render).join("");
  return content === "" ? `<${node.name}${attributes}/>` : `<${node.name}${attributes}>${content}</${node.name}>`;
}

export function renderXmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${render(root)}\n`;
}
