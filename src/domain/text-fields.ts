import * as z from "zod/mini";
import { withThousands } from "./numbers.ts";

/** `{ field: message }` for each failing field of an object schema, first message wins. */
export function fieldErrors(error: z.core.$ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : "body";
    fields[field] ??= issue.message;
  }
  return fields;
}

/** One line naming what a bad record got wrong, for an import report. */
export const describeFieldErrors = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([field, message]) => `${field}: ${message}`)
    .join("; ");

/** Trimmed, Unicode NFC, with `\n` line ends: how every text field is stored. */
export const normalizeText = (value: string) => value.replace(/\r\n?/g, "\n").normalize("NFC").trim();

// Characters with nothing to see, by Unicode's own classes rather than a list of
// our own: default-ignorables (zero-width spaces and joiners, variation selectors,
// tag characters, the soft hyphen, the BOM…), bidi controls (marks, embeddings,
// overrides, isolates, the Arabic letter mark) and the Hangul fillers.
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}\u115F\u1160\u3164\uFFA0]/gu;

/** The text without its invisible characters: what a name is stored as, and what duplicates are compared by. */
export const withoutInvisible = (value: string) => value.replace(INVISIBLE, "");

/** Nothing but spaces and invisible characters. */
export const isBlank = (value: string) => withoutInvisible(value).trim() === "";

/**
 * A string that is valid Unicode. Lone surrogates (which JSON can carry)
 * would each become a replacement character when stored, past the length
 * limits, so they are refused by name instead.
 */
export const wellFormedString = (invalid: string) =>
  z.string(invalid).check(z.refine((value: string) => value.isWellFormed(), "Remove the broken characters from this field (unpaired surrogates)."));

/** A string, well-formed and normalized, then held to `checks` (messages are shown to people). */
export function text(invalid: string, ...checks: z.core.$ZodCheck<string>[]) {
  return z.pipe(wellFormedString(invalid), z.transform(normalizeText)).check(...checks);
}

/** 65525 as "65,525" (without Intl, whose first use costs milliseconds). */

export const maxLength = (max: number) => z.refine<string>((value) => value.length <= max, `Keep this under ${withThousands(max)} characters.`);
