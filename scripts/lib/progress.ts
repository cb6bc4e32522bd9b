// Progress of a long script over one input file: records done, bytes read of
// the file's size, rate and time left. No Node APIs (the caller passes the
// clock and the writer), so the tests run it in workerd with a fake clock.

export interface ProgressOptions {
  /** Starts each line, e.g. the command's name. */
  label: string;
  /** The input's size: the share read so far gives the percentage and the time left. */
  totalBytes: number;
  /** A terminal gets one line redrawn in place; a pipe or log file gets a plain line now and then. */
  tty: boolean;
  /** The terminal's width: a redrawn line that wrapped would no longer be redrawn in place. */
  columns?: number | undefined;
  write: (text: string) => void;
  /** Milliseconds. */
  now: () => number;
}

export interface Progress {
  /** One more record done. */
  record(): void;
  /** More of the input read. */
  read(bytes: number): void;
  /** The closing line: records and bytes done, and the time taken. */
  finish(): void;
}

// A terminal redraws at most this often: smooth, and formatting stays off the per-record path.
const REDRAW_MS = 200;
// Otherwise a line at each tenth of the input, or after this long without one (a slow stretch).
const PLAIN_EVERY_MS = 30_000;
// Erases the terminal's current line, from its start.
const CLEAR_LINE = "\r\x1b[2K";

const UNITS = [
  { size: 1e9, name: "GB" },
  { size: 1e6, name: "MB" },
  { size: 1e3, name: "kB" },
  { size: 1, name: "B" },
];
type Unit = (typeof UNITS)[number];

const inUnit = (bytes: number, unit: Unit) => (bytes / unit.size).toFixed(unit.size === 1 ? 0 : 1);
const count = (value: number) => Math.round(value).toLocaleString("en-US");

/** "42s", "2m 41s", "1h 05m". */
function duration(seconds: number): string {
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  if (whole < 3600) return `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, "0")}s`;
  return `${Math.floor(whole / 3600)}h ${String(Math.floor((whole % 3600) / 60)).padStart(2, "0")}m`;
}

export function createProgress(options: ProgressOptions): Progress {
  const { label, totalBytes, tty, columns, write, now } = options;
  // Bytes read and total in the total's unit ("12.3 of 63.2 MB"): short, and easy to compare.
  const unit = UNITS.find((candidate) => totalBytes >= candidate.size) ?? UNITS.at(-1)!;
  const started = now();
  let records = 0;
  let bytes = 0;
  let shownAt = started;
  let shownTenth = 0;

  const share = () => (totalBytes > 0 ? Math.min(bytes / totalBytes, 1) : 1);

  const line = (): string => {
    const seconds = (now() - started) / 1000;
    const parts = [`${count(records)} records`, `${inUnit(bytes, unit)} of ${inUnit(totalBytes, unit)} ${unit.name} (${Math.floor(share() * 100)}%)`];
    // Under a second in, a rate or an estimate is noise.
    if (seconds >= 1) {
      parts.push(`${count(records / seconds)} records/s`);
      if (bytes > 0) parts.push(`${duration((seconds * (totalBytes - bytes)) / bytes)} left`);
    }
    return `${label}: ${parts.join(", ")}`;
  };

  const show = () => {
    const at = now();
    if (tty) {
      if (at - shownAt < REDRAW_MS) return;
      const text = line();
      write(CLEAR_LINE + (columns ? text.slice(0, columns - 1) : text));
    } else {
      // Not at 100%: finish() reports the end.
      const tenth = Math.floor(share() * 10);
      if (!((tenth > shownTenth && tenth < 10) || at - shownAt >= PLAIN_EVERY_MS)) return;
      shownTenth = tenth;
      write(`${line()}\n`);
    }
    shownAt = at;
  };

  return {
    record() {
      records += 1;
      show();
    },
    read(more) {
      bytes += more;
      show();
    },
    finish() {
      const seconds = (now() - started) / 1000;
      const rate = seconds >= 1 ? ` (${count(records / seconds)} records/s)` : "";
      write(`${tty ? CLEAR_LINE : ""}${label}: ${count(records)} records, ${inUnit(bytes, unit)} ${unit.name} in ${duration(seconds)}${rate}\n`);
    },
  };
}
