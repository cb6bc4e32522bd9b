import { remembered } from "./remembered.ts";

/** `12,345`: English digit grouping, without the cost of ICU's number formatting on every count. */
export const withThousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

// Building a NumberFormat costs far more than using one: one per language, when first needed.
const formats = new Map<string, Intl.NumberFormat>();

/** `n` as `language` writes numbers. */
export const localNumber = (language: string, n: number) => remembered(formats, language, () => new Intl.NumberFormat(language)).format(n);
