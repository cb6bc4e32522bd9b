import { remembered } from "../../domain/remembered.ts";

const formats = new Map<string, Intl.DateTimeFormat>();

/** A date and time to the second, in UTC (as the desk's time fields are): when something was saved or goes live. */
export function DateTime({ date, language }: { date: Date; language: string }) {
  const format = remembered(formats, language, () => new Intl.DateTimeFormat(language, { dateStyle: "long", timeStyle: "medium", timeZone: "UTC" }));
  return <time datetime={date.toISOString()}>{format.format(date)} UTC</time>;
}
