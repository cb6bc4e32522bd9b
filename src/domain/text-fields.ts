import * as z from "zod/mini";

/** `{ field: message }` for each failing field of an object schema, first message wins. */
export function fieldErrors(error: z.core.$ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : "body";
    fields[field] ??= issue.message;
  }
  return fields;
}

/** Trimmed, Unicode NFC, with `\n` line ends: how every text field is stored. */
export const normalizeText = (value: string) => value.replace(/\r\n?/g, "\n").normalize("NFC").trim();

/** A string, normalized, then held to `checks` (messages are shown to people). */
export function text(invalid: string, ...checks: z.core.$ZodCheck<string>[]) {
  return z.pipe(z.string(invalid), z.transform(normalizeText)).check(...checks);
}

/** 65525 as "65,525" (without Intl, whose first use costs milliseconds). */
export const withThousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

export const maxLength = (max: number) => z.refine<string>((value) => value.length <= max, `Keep this under ${withThousands(max)} characters.`);
